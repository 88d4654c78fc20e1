/* report_fixtures.h: results files for the report tests: a CPU machine with ceilings, the GPU
 * of the same machine, a second (priced on the command line) machine without ceilings, and an
 * llm-suite run; written to a temporary folder. */
#ifndef RG_REPORT_FIXTURES_H
#define RG_REPORT_FIXTURES_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results_fixture.h"

typedef struct {
    char dir[64];
    char cpu[96], gpu[96], big[96], llm[96];
} report_files;

/* Appends one verified (or not) gemm case of size n. */
static inline void push_gemm(rg_results *r, const char *device, const char *impl, int64_t n,
                             int threads, double gflops, rg_case_status st, const char *why) {
    rg_result res = fixture_gemm(impl, n, threads, gflops, st, 3);
    strcpy(res.device, device);
    snprintf(res.reason, sizeof res.reason, "%s", why ? why : "");
    cr_assert_eq(rg_results_push(r, &res), 0);
}

static inline void add_ceiling(rg_results *r, const char *device, const char *kind,
                               const char *name, int threads, double value, int64_t lo,
                               int64_t hi) {
    rg_ceiling c;
    memset(&c, 0, sizeof c);
    strcpy(c.device, device);
    strcpy(c.kind, kind);
    strcpy(c.name, name);
    strcpy(c.method, strcmp(kind, "flops") ? "read" : "fma");
    strcpy(c.unit, strcmp(kind, "flops") ? "GB/s" : "GFLOP/s");
    c.threads = threads;
    c.value = c.p10 = c.p90 = value;
    c.size_lo = lo;
    c.size_hi = hi;
    cr_assert_eq(rg_results_add_ceiling(r, &c), 0);
}

static inline void save(rg_results *r, const char *path) {
    char err[256] = "";
    cr_assert_eq(rg_results_write_json(r, path, err, sizeof err), 0, "%s", err);
    rg_results_free(r);
}

/* CPU GFLOP/s of the pair sizes: ridge, then openblas. */
static const int64_t pair_sizes[4] = {64, 256, 1024, 2048};
static const double cpu_ridge[4] = {50, 150, 200, 210}, cpu_blas[4] = {40, 140, 210, 212};
/* GPU: the CPU wins at 64 and 256; with transfers (1 GB/s H2D) up to 1024 too. */
static const double gpu_cublas[4] = {5, 100, 5000, 20000}, gpu_ridge[4] = {4, 90, 4000, 15000};

static inline void write_cpu(const char *path) {
    rg_results r;
    rg_results_init(&r);
    fixture_system(&r.system);
    strcpy(r.suite, "fixture");
    fixture_ceilings(&r);
    for (int i = 0; i < 4; i++) {
        push_gemm(&r, "cpu", "ridge", pair_sizes[i], 2, cpu_ridge[i], RG_CASE_OK, NULL);
        push_gemm(&r, "cpu", "openblas", pair_sizes[i], 2, cpu_blas[i], RG_CASE_OK, NULL);
    }
    push_gemm(&r, "cpu", "ridge", 512, 2, 100, RG_CASE_FAILED, "max error 3e-2 over 1e-5");
    push_gemm(&r, "cpu", "openblas", 512, 2, 0, RG_CASE_SKIPPED, "no such core type, here");
    save(&r, path);
}

static inline void write_gpu(const char *path) {
    rg_results r;
    rg_results_init(&r);
    fixture_system(&r.system); /* the same machine: merged with the CPU file */
    strcpy(r.suite, "fixture-gpu");
    /* A GPU's ceilings have no thread count (0), listed out of level order. */
    add_ceiling(&r, "gpu", "flops", "fp32", 0, 50000, 0, 0);
    add_ceiling(&r, "gpu", "bandwidth", "HBM", 0, 3000, 1 << 28, (int64_t)1 << 32);
    add_ceiling(&r, "gpu", "bandwidth", "H2D", 0, 1.0, 1 << 20, 1 << 30);
    add_ceiling(&r, "gpu", "bandwidth", "L2", 0, 7000, 1 << 20, 40 << 20);
    for (int i = 0; i < 4; i++) {
        push_gemm(&r, "gpu", "ridge", pair_sizes[i], 1, gpu_ridge[i], RG_CASE_OK, NULL);
        push_gemm(&r, "gpu", "cublas", pair_sizes[i], 1, gpu_cublas[i], RG_CASE_OK, NULL);
    }
    save(&r, path);
}

/* A 16-thread machine without ceilings or price; label big-02. */
static inline void write_big(const char *path) {
    rg_results r;
    rg_results_init(&r);
    fixture_system(&r.system);
    strcpy(r.system.label, "big-02");
    strcpy(r.system.cpu_model, "Big CPU 9000");
    r.system.price_usd_per_hour = NAN;
    strcpy(r.ceilings_note, "not measured: --no-ceilings");
    push_gemm(&r, "cpu", "ridge", 64, 16, 100, RG_CASE_OK, NULL);
    push_gemm(&r, "cpu", "ridge", 1024, 16, 800, RG_CASE_OK, NULL);
    push_gemm(&r, "cpu", "openblas", 1024, 16, 700, RG_CASE_OK, NULL);
    save(&r, path);
}

/* The CPU machine of write_cpu run again with --no-ceilings: the same label and CPU. */
static inline void write_no_ceilings(const char *path) {
    rg_results r;
    rg_results_init(&r);
    fixture_system(&r.system);
    strcpy(r.suite, "fixture");
    strcpy(r.ceilings_note, "not measured: --no-ceilings");
    push_gemm(&r, "cpu", "ridge", 128, 2, 120, RG_CASE_OK, NULL);
    save(&r, path);
}

/* One llm-suite case with chosen median seconds. */
static inline void push_llm(rg_results *r, const char *impl, const char *phase, int64_t m,
                            int64_t n, int64_t k, const char *proj, int per_layer, double t,
                            rg_case_status st) {
    rg_result res = fixture_gemm(impl, 64, 2, 100, st, 3);
    rg_result_set_int(&res, "M", m);
    rg_result_set_int(&res, "N", n);
    rg_result_set_int(&res, "K", k);
    rg_result_set_str(&res, "transB", "T");
    rg_result_set_str(&res, "phase", phase);
    rg_result_set_str(&res, "proj", proj);
    rg_result_set_int(&res, "per_layer", per_layer);
    rg_result_set_int(&res, "layers", 32);
    res.flops = 2.0 * (double)m * (double)n * (double)k;
    res.bytes = 4.0 * (double)(m * k + k * n + m * n);
    res.intensity = res.flops / res.bytes;
    if (st == RG_CASE_OK) {
        res.time.median = t;
        res.gflops = res.flops / t * 1e-9;
    }
    cr_assert_eq(rg_results_push(r, &res), 0);
}

/* Prefill at 2048 tokens and decode at 1: ridge and openblas; openblas's decode "down"
 * failed. Price 1 USD per hour. */
static inline void write_llm(const char *path) {
    rg_results r;
    rg_results_init(&r);
    fixture_system(&r.system);
    strcpy(r.system.label, "llm-box");
    strcpy(r.system.cpu_model, "LLM CPU");
    r.system.price_usd_per_hour = 1.0;
    static const struct {
        const char *proj;
        int64_t n, k;
        int per_layer;
    } layer[4] = {{"qkv", 6144, 4096, 1},
                  {"o", 4096, 4096, 1},
                  {"gate_up", 14336, 4096, 2},
                  {"down", 4096, 14336, 1}};
    for (int i = 0; i < 4; i++) {
        double t = 0.1 * (i + 1);
        push_llm(&r, "ridge", "prefill", 2048, layer[i].n, layer[i].k, layer[i].proj,
                 layer[i].per_layer, t, RG_CASE_OK);
        push_llm(&r, "openblas", "prefill", 2048, layer[i].n, layer[i].k, layer[i].proj,
                 layer[i].per_layer, i == 0 ? t / 2 : t * 2, RG_CASE_OK);
    }
    for (int i = 0; i < 4; i++) {
        double t = 0.001 * (i + 1);
        push_llm(&r, "ridge", "decode", 1, layer[i].n, layer[i].k, layer[i].proj,
                 layer[i].per_layer, t, RG_CASE_OK);
        push_llm(&r, "openblas", "decode", 1, layer[i].n, layer[i].k, layer[i].proj,
                 layer[i].per_layer, t, i == 3 ? RG_CASE_FAILED : RG_CASE_OK);
    }
    save(&r, path);
}

static inline void report_files_make(report_files *f) {
    strcpy(f->dir, "/tmp/ridge-report-XXXXXX");
    cr_assert(mkdtemp(f->dir));
    snprintf(f->cpu, sizeof f->cpu, "%s/cpu.json", f->dir);
    snprintf(f->gpu, sizeof f->gpu, "%s/gpu.json", f->dir);
    snprintf(f->big, sizeof f->big, "%s/big.json", f->dir);
    snprintf(f->llm, sizeof f->llm, "%s/llm.json", f->dir);
    write_cpu(f->cpu);
    write_gpu(f->gpu);
    write_big(f->big);
    write_llm(f->llm);
}

/* Removes the fixture files and the folder (tests remove what else they wrote). */
static inline void report_files_remove(report_files *f) {
    unlink(f->cpu);
    unlink(f->gpu);
    unlink(f->big);
    unlink(f->llm);
    cr_expect_eq(rmdir(f->dir), 0, "%s not empty", f->dir);
}

#endif /* RG_REPORT_FIXTURES_H */
