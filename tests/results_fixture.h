/* results_fixture.h: a hand-built rg_results shared by the reports tests. */
#ifndef RG_RESULTS_FIXTURE_H
#define RG_RESULTS_FIXTURE_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

/* One gemm case; samples (if n > 0) are 1/gflops-ish seconds with a little spread. */
static inline rg_result fixture_gemm(const char *impl, int64_t mnk, int threads, double gflops,
                                     rg_case_status status, int64_t nsamples) {
    rg_result res;
    memset(&res, 0, sizeof(res));
    strcpy(res.op, "gemm");
    strcpy(res.impl, impl);
    strcpy(res.device, "cpu");
    strcpy(res.dtype, "f32");
    rg_result_set_int(&res, "M", mnk);
    rg_result_set_int(&res, "N", mnk);
    rg_result_set_int(&res, "K", mnk);
    rg_result_set_str(&res, "transA", "N");
    rg_result_set_str(&res, "transB", "N");
    res.threads = threads;
    strcpy(res.pin, "compact");
    strcpy(res.cache, "warm");
    strcpy(res.isa, strcmp(impl, "openblas") == 0 ? "SkylakeX" : "avx512");
    res.status = status;
    res.flops = 2.0 * (double)mnk * (double)mnk * (double)mnk;
    res.bytes = 4.0 * 4.0 * (double)mnk * (double)mnk;
    res.intensity = res.flops / res.bytes;
    res.max_rel_error = NAN;
    res.tolerance = 1e-5;
    res.energy_j = NAN;
    if (status == RG_CASE_SKIPPED || status == RG_CASE_ERROR) return res;
    double t = res.flops / (gflops * 1e9);
    res.samples = nsamples > 0 ? malloc((size_t)nsamples * sizeof(double)) : NULL;
    res.nsamples = nsamples;
    for (int64_t i = 0; i < nsamples; i++)
        res.samples[i] = t * (1.0 + 0.001 * (double)(i % 7));
    res.time = (rg_time_stats){.min = t * 0.997,
                               .median = t,
                               .mean = t * 1.0001,
                               .p10 = t * 0.998,
                               .p90 = t * 1.002,
                               .stddev = t * 0.002,
                               .ci_lo = t * 0.999,
                               .ci_hi = t * 1.001,
                               .n = nsamples};
    strcpy(res.stop_reason, "converged");
    res.batch = mnk < 256 ? 16 : 1;
    res.cache_sets = 1;
    res.gflops = res.flops / res.time.median * 1e-9;
    res.gbps = res.bytes / res.time.median * 1e-9;
    res.max_rel_error = 3.0e-7;
    return res;
}

static inline void fixture_system(rg_sysinfo *s) {
    strcpy(s->cpu_model, "AMD EPYC 9R45 \"Zen 5\" (KVM)");
    strcpy(s->cpu_vendor, "AuthenticAMD");
    strcpy(s->isa_flags, "avx2 fma avx512f avx512bw avx512dq avx512vl avx512_bf16");
    strcpy(s->best_isa, "avx512");
    s->sockets = 1;
    s->cores = 2;
    s->pus = 2;
    s->numa_nodes = 1;
    s->l1d = 32768;
    s->l2 = 1 << 20;
    s->l3 = 32 << 20;
    s->mem_total = (int64_t)1 << 40;
    strcpy(s->os, "Linux 6.1.0 x86_64");
    strcpy(s->hostname, "bench-01");
    strcpy(s->compiler, "gcc 12.2.0");
    strcpy(s->cflags, "-O3 -DNDEBUG\t-march=x86-64 \\ \xc3\xa9");
    strcpy(s->ridge_version, "0.1.0");
    strcpy(s->git_commit, "0123456789ab");
    strcpy(s->date, "2025-01-02T03:04:05Z");
    strcpy(s->hwloc_version, "2.9.0");
    strcpy(s->jansson_version, "2.14");
    strcpy(s->openblas_version, "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64");
    strcpy(s->openblas_corename, "SkylakeX");
    s->openblas_coretype_env[0] = '\0';
    s->openblas_below_isa = 1;
    strcpy(s->label, "bench-01");
    s->price_usd_per_hour = 0.0832;
    s->energy_source[0] = '\0';
    strcpy(s->energy_note, "not measured: no RAPL domain under /sys/class/powercap");
}

/* Ceilings of a 2-core machine with 113 GFLOP/s fp32 per core and four memory levels, each
 * bandwidth ceiling carrying the sweep points its plateau was taken from. */
static inline void fixture_ceilings(rg_results *r) {
    static const struct {
        const char *kind, *name, *method, *unit;
        int threads;
        double value;
        int64_t lo, hi;
    } rows[] = {
        {"flops", "fp32", "fma-avx512", "GFLOP/s", 1, 113.0, 0, 0},
        {"flops", "fp32", "fma-avx512", "GFLOP/s", 2, 226.0, 0, 0},
        {"flops", "fp32", "fma-avx2", "GFLOP/s", 2, 225.0, 0, 0},
        {"flops", "bf16", "dpbf16-avx512", "GFLOP/s", 2, 452.0, 0, 0},
        {"flops", "int8", "vpdpbusd-avx512", "GOP/s", 2, 904.0, 0, 0},
        {"bandwidth", "L1", "read-avx512", "GB/s", 2, 700.0, 8192, 49152},
        {"bandwidth", "L2", "read-avx512", "GB/s", 2, 250.0, 131072, 1572864},
        {"bandwidth", "L3", "read-avx512", "GB/s", 2, 120.0, 4194304, 25165824},
        {"bandwidth", "DRAM", "read-avx512", "GB/s", 2, 30.0, 134217728, 536870912},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rg_ceiling c;
        memset(&c, 0, sizeof c);
        strcpy(c.device, "cpu");
        strcpy(c.kind, rows[i].kind);
        strcpy(c.name, rows[i].name);
        strcpy(c.method, rows[i].method);
        strcpy(c.unit, rows[i].unit);
        c.threads = rows[i].threads;
        c.value = rows[i].value;
        c.p10 = rows[i].value * 0.98;
        c.p90 = rows[i].value * 1.01;
        c.size_lo = rows[i].lo;
        c.size_hi = rows[i].hi;
        rg_sweep_point pts[2] = {
            {rows[i].lo, rows[i].value * 0.99, rows[i].value * 0.97, rows[i].value},
            {rows[i].hi, rows[i].value * 1.01, rows[i].value, rows[i].value * 1.02}};
        if (rows[i].hi > 0) {
            c.points = pts;
            c.npoints = 2;
        }
        rg_results_add_ceiling(r, &c);
    }
    rg_sweep_point sp[6] = {{8192, 690, 680, 700},     {49152, 705, 690, 712},
                            {1572864, 250, 245, 255},  {25165824, 121, 118, 123},
                            {134217728, 30.5, 30, 31}, {536870912, 29.8, 29.5, 30.1}};
    rg_sweep sw;
    memset(&sw, 0, sizeof sw);
    strcpy(sw.device, "cpu");
    strcpy(sw.method, "read-avx512");
    strcpy(sw.unit, "GB/s");
    sw.threads = 2;
    sw.points = sp;
    sw.npoints = 6;
    rg_results_add_sweep(r, &sw);
}

#endif /* RG_RESULTS_FIXTURE_H */
