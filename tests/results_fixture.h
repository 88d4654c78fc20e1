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
    if (status == RG_CASE_SKIPPED || status == RG_CASE_ERROR) return res;
    double t = res.flops / (gflops * 1e9);
    res.samples = malloc((size_t)nsamples * sizeof(double));
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
}

#endif /* RG_RESULTS_FIXTURE_H */
