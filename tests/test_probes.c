/* test_probes.c: the machine probes: peak loops run where supported and are refused elsewhere;
 * every bandwidth kernel on every ISA computes exactly the right arrays and sums. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ridge.h"

/* ---- Compute peaks ------------------------------------------------------------------------ */

/* What ridge.h documents for each probe: precision, unit and operations per instruction. */
typedef struct {
    const char *precision, *unit;
    double ops_per_insn;
} peak_doc;

static const peak_doc peak_docs[RG_PEAK_COUNT_] = {
    [RG_PEAK_FP32_AVX512] = {"fp32", "GFLOP/s", 32}, [RG_PEAK_FP32_AVX2] = {"fp32", "GFLOP/s", 16},
    [RG_PEAK_BF16_AVX512] = {"bf16", "GFLOP/s", 64}, [RG_PEAK_INT8_AVX512] = {"int8", "GOP/s", 128},
    [RG_PEAK_INT8_AVXVNNI] = {"int8", "GOP/s", 64},
};

/* Whether the CPU has what each probe needs, from the feature bits. */
static int expect_supported(rg_peak_probe p) {
    const rg_cpu_features *f = rg_cpu_features_get();
    switch (p) {
    case RG_PEAK_FP32_AVX512:
        return f->avx512f;
    case RG_PEAK_FP32_AVX2:
        return f->avx2 && f->fma;
    case RG_PEAK_BF16_AVX512:
        return f->avx512f && f->avx512_bf16;
    case RG_PEAK_INT8_AVX512:
        return f->avx512f && f->avx512_vnni;
    case RG_PEAK_INT8_AVXVNNI:
        return f->avx2 && f->avx_vnni;
    default:
        return 0;
    }
}

Test(probes, peak_info_sane) {
    for (int p = 0; p < RG_PEAK_COUNT_; p++) {
        rg_peak_info info;
        memset(&info, 0, sizeof info);
        cr_assert_eq(rg_peak_info_get((rg_peak_probe)p, &info), RG_OK, "probe %d", p);
        cr_assert_str_eq(info.precision, peak_docs[p].precision, "probe %d", p);
        cr_assert_str_eq(info.unit, peak_docs[p].unit, "probe %d", p);
        cr_assert(info.method && info.method[0], "probe %d has no method", p);
        /* A whole number of whole instructions per iteration. */
        double insns = info.ops_per_iter / peak_docs[p].ops_per_insn;
        cr_assert(insns >= 1 && insns == (double)(int64_t)insns,
                  "probe %d (%s): %g ops per iteration is not a multiple of %g", p, info.method,
                  info.ops_per_iter, peak_docs[p].ops_per_insn);
        for (int q = 0; q < p; q++) {
            rg_peak_info other;
            cr_assert_eq(rg_peak_info_get((rg_peak_probe)q, &other), RG_OK);
            cr_assert_str_neq(info.method, other.method, "probes %d and %d share a method", p, q);
        }
    }
    rg_peak_info info;
    cr_assert_eq(rg_peak_info_get(RG_PEAK_COUNT_, &info), RG_EINVAL);
    cr_assert_eq(rg_peak_info_get((rg_peak_probe)-1, &info), RG_EINVAL);
    cr_assert_eq(rg_peak_info_get(RG_PEAK_FP32_AVX2, NULL), RG_EINVAL);
}

Test(probes, peak_supported_matches_features) {
    for (int p = 0; p < RG_PEAK_COUNT_; p++)
        cr_assert_eq(!!rg_peak_supported((rg_peak_probe)p), expect_supported((rg_peak_probe)p),
                     "probe %d", p);
    cr_assert(!rg_peak_supported(RG_PEAK_COUNT_));
    cr_assert(!rg_peak_supported((rg_peak_probe)-1));
}

Test(probes, peak_run_or_refuse) {
    for (int p = 0; p < RG_PEAK_COUNT_; p++) {
        int want = expect_supported((rg_peak_probe)p) ? RG_OK : RG_EUNSUPPORTED;
        cr_assert_eq(rg_peak_run((rg_peak_probe)p, 1), want, "probe %d, 1 iteration", p);
        cr_assert_eq(rg_peak_run((rg_peak_probe)p, 1000), want, "probe %d, 1000 iterations", p);
        /* The arguments are checked before the CPU. */
        cr_assert_eq(rg_peak_run((rg_peak_probe)p, 0), RG_EINVAL, "probe %d, 0 iterations", p);
        cr_assert_eq(rg_peak_run((rg_peak_probe)p, -5), RG_EINVAL, "probe %d, -5 iterations", p);
    }
    cr_assert_eq(rg_peak_run(RG_PEAK_COUNT_, 10), RG_EINVAL);
    cr_assert_eq(rg_peak_run((rg_peak_probe)-1, 10), RG_EINVAL);
}

/* ---- Bandwidth kernels -------------------------------------------------------------------- */

Test(probes, bw_names_and_bytes) {
    static const char *const names[RG_BW_COUNT_] = {"read", "write", "copy", "triad"};
    static const int bytes[RG_BW_COUNT_] = {4, 4, 8, 12};
    for (int k = 0; k < RG_BW_COUNT_; k++) {
        cr_assert_str_eq(rg_bw_kernel_name((rg_bw_kernel)k), names[k]);
        cr_assert_eq(rg_bw_bytes_per_elem((rg_bw_kernel)k), bytes[k], "%s", names[k]);
    }
    cr_assert_not_null(rg_bw_kernel_name(RG_BW_COUNT_));
    cr_assert_eq(rg_bw_bytes_per_elem(RG_BW_COUNT_), 0);
    cr_assert_eq(rg_bw_bytes_per_elem((rg_bw_kernel)-1), 0);
}

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* A multiple of 1/64 in [-16, 16]: products with the test's s and sums of a few thousand of
 * them are exact in float, so every kernel, summation order and FMA contraction must give the
 * same bits as the reference. */
static float rand_exact(uint64_t *s) {
    return (float)((int64_t)(splitmix(s) % 2049) - 1024) / 64.0f;
}

/* A NaN with a payload no arithmetic produces, in the guard after each array. */
static const uint32_t SENTINEL_BITS = 0x7fa5a5a5u;
#define GUARD 64

typedef struct {
    float *a, *b, *c; /* n + GUARD floats each, 64-byte aligned */
    float *b0, *c0;   /* copies of b and c before the run */
} bw_arrays;

static bw_arrays arrays_make(int64_t n, uint64_t seed) {
    bw_arrays x;
    size_t bytes = (size_t)(n + GUARD) * sizeof(float);
    x.a = aligned_alloc(64, bytes);
    x.b = aligned_alloc(64, bytes);
    x.c = aligned_alloc(64, bytes);
    x.b0 = malloc(bytes);
    x.c0 = malloc(bytes);
    cr_assert(x.a && x.b && x.c && x.b0 && x.c0);
    for (int64_t i = 0; i < n + GUARD; i++) {
        int guard = i >= n;
        x.a[i] = guard ? 0 : rand_exact(&seed);
        x.b[i] = guard ? 0 : rand_exact(&seed);
        x.c[i] = guard ? 0 : rand_exact(&seed);
    }
    for (int64_t i = n; i < n + GUARD; i++) {
        memcpy(&x.a[i], &SENTINEL_BITS, sizeof(float));
        memcpy(&x.b[i], &SENTINEL_BITS, sizeof(float));
        memcpy(&x.c[i], &SENTINEL_BITS, sizeof(float));
    }
    memcpy(x.b0, x.b, bytes);
    memcpy(x.c0, x.c, bytes);
    return x;
}

static void arrays_free(bw_arrays *x) {
    free(x->a);
    free(x->b);
    free(x->c);
    free(x->b0);
    free(x->c0);
}

static int same_bits(float x, float y) {
    return memcmp(&x, &y, sizeof x) == 0;
}

/* Runs kernel k on isa over n floats and checks every element, the guards and the sink. */
static void check_kernel(rg_bw_kernel k, rg_isa isa, int64_t n, uint64_t seed) {
    const char *kn = rg_bw_kernel_name(k), *in = rg_isa_name(isa);
    bw_arrays x = arrays_make(n, seed);
    size_t bytes = (size_t)(n + GUARD) * sizeof(float);
    float *a0 = malloc(bytes);
    cr_assert_not_null(a0);
    memcpy(a0, x.a, bytes);
    const float s = 3.0f, sink0 = 0.25f;
    float sink = sink0;

    cr_assert_eq(rg_bw_run(k, isa, x.a, x.b, x.c, n, s, &sink), RG_OK, "%s on %s, n=%" PRId64, kn,
                 in, n);

    double sum = 0;
    for (int64_t i = 0; i < n; i++) {
        float want = a0[i];
        if (k == RG_BW_READ) sum += a0[i];
        if (k == RG_BW_WRITE) want = s;
        if (k == RG_BW_COPY) want = x.b0[i];
        if (k == RG_BW_TRIAD) want = x.b0[i] + s * x.c0[i];
        cr_assert(same_bits(x.a[i], want),
                  "%s on %s, n=%" PRId64 ", seed=%" PRIu64 ": a[%" PRId64 "] = %g, want %g", kn, in,
                  n, seed, i, x.a[i], want);
    }
    float want_sink = k == RG_BW_READ ? (float)(sink0 + sum) : sink0;
    cr_assert(same_bits(sink, want_sink),
              "%s on %s, n=%" PRId64 ", seed=%" PRIu64 ": sink %g, want %g", kn, in, n, seed, sink,
              want_sink);
    /* Inputs untouched, nothing written past the end. */
    cr_assert(memcmp(x.b, x.b0, bytes) == 0, "%s on %s, n=%" PRId64 ": b changed", kn, in, n);
    cr_assert(memcmp(x.c, x.c0, bytes) == 0, "%s on %s, n=%" PRId64 ": c changed", kn, in, n);
    for (int64_t i = n; i < n + GUARD; i++)
        cr_assert(memcmp(&x.a[i], &SENTINEL_BITS, sizeof(float)) == 0,
                  "%s on %s, n=%" PRId64 ": guard a[%" PRId64 "] overwritten", kn, in, n, i);
    free(a0);
    arrays_free(&x);
}

Test(probes, bw_kernels_exact) {
    /* 64 floats (one step), odd multiples (an AVX-512 read tail), 4096, and 0. */
    static const int64_t sizes[] = {0, 64, 128, 192, 64 * 13, 4096, 64 * 67};
    uint64_t seed = 20240611u;
    for (int isa = RG_ISA_AUTO; isa < RG_ISA_COUNT_; isa++) {
        if (!rg_isa_supported((rg_isa)isa)) continue;
        for (int k = 0; k < RG_BW_COUNT_; k++)
            for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; t++)
                check_kernel((rg_bw_kernel)k, (rg_isa)isa, sizes[t], seed++);
    }
}

/* Sink is only needed by the read kernel. */
Test(probes, bw_sink_optional) {
    bw_arrays x = arrays_make(64, 1);
    for (int k = RG_BW_WRITE; k < RG_BW_COUNT_; k++)
        cr_assert_eq(rg_bw_run((rg_bw_kernel)k, RG_ISA_AUTO, x.a, x.b, x.c, 64, 1.0f, NULL), RG_OK,
                     "%s", rg_bw_kernel_name((rg_bw_kernel)k));
    arrays_free(&x);
}

Test(probes, bw_bad_arguments) {
    bw_arrays x = arrays_make(128, 2);
    float *a0 = malloc(128 * sizeof(float));
    cr_assert_not_null(a0);
    memcpy(a0, x.a, 128 * sizeof(float));
    float sink = 0;
    for (int k = 0; k < RG_BW_COUNT_; k++) {
        const char *kn = rg_bw_kernel_name((rg_bw_kernel)k);
        rg_bw_kernel kk = (rg_bw_kernel)k;
        cr_assert_eq(rg_bw_run(kk, RG_ISA_AUTO, NULL, x.b, x.c, 64, 1, &sink), RG_EINVAL, "%s", kn);
        cr_assert_eq(rg_bw_run(kk, RG_ISA_AUTO, x.a, x.b, x.c, -64, 1, &sink), RG_EINVAL, "%s", kn);
        cr_assert_eq(rg_bw_run(kk, RG_ISA_AUTO, x.a, x.b, x.c, 63, 1, &sink), RG_EINVAL, "%s", kn);
        cr_assert_eq(rg_bw_run(kk, RG_ISA_AUTO, x.a, x.b, x.c, 65, 1, &sink), RG_EINVAL, "%s", kn);
        cr_assert_eq(rg_bw_run(kk, RG_ISA_AUTO, x.a + 1, x.b, x.c, 64, 1, &sink), RG_EINVAL, "%s",
                     kn);
        cr_assert_eq(rg_bw_run(kk, RG_ISA_AUTO, x.a + 8, x.b, x.c, 64, 1, &sink), RG_EINVAL,
                     "%s: 32-byte aligned a", kn);
        cr_assert_eq(rg_bw_run(kk, (rg_isa)RG_ISA_COUNT_, x.a, x.b, x.c, 64, 1, &sink), RG_EINVAL,
                     "%s", kn);
        cr_assert_eq(rg_bw_run(kk, (rg_isa)-1, x.a, x.b, x.c, 64, 1, &sink), RG_EINVAL, "%s", kn);
        for (int isa = RG_ISA_SCALAR; isa < RG_ISA_COUNT_; isa++)
            if (!rg_isa_supported((rg_isa)isa))
                cr_assert_eq(rg_bw_run(kk, (rg_isa)isa, x.a, x.b, x.c, 64, 1, &sink),
                             RG_EUNSUPPORTED, "%s on %s", kn, rg_isa_name((rg_isa)isa));
    }
    /* The arrays each kernel reads must be present and aligned too. */
    cr_assert_eq(rg_bw_run(RG_BW_READ, RG_ISA_AUTO, x.a, NULL, NULL, 64, 1, NULL), RG_EINVAL);
    cr_assert_eq(rg_bw_run(RG_BW_COPY, RG_ISA_AUTO, x.a, NULL, x.c, 64, 1, &sink), RG_EINVAL);
    cr_assert_eq(rg_bw_run(RG_BW_COPY, RG_ISA_AUTO, x.a, x.b + 4, x.c, 64, 1, &sink), RG_EINVAL);
    cr_assert_eq(rg_bw_run(RG_BW_TRIAD, RG_ISA_AUTO, x.a, NULL, x.c, 64, 1, &sink), RG_EINVAL);
    cr_assert_eq(rg_bw_run(RG_BW_TRIAD, RG_ISA_AUTO, x.a, x.b, NULL, 64, 1, &sink), RG_EINVAL);
    cr_assert_eq(rg_bw_run(RG_BW_TRIAD, RG_ISA_AUTO, x.a, x.b, x.c + 2, 64, 1, &sink), RG_EINVAL);
    cr_assert_eq(rg_bw_run(RG_BW_COUNT_, RG_ISA_AUTO, x.a, x.b, x.c, 64, 1, &sink), RG_EINVAL);
    cr_assert_eq(rg_bw_run((rg_bw_kernel)-1, RG_ISA_AUTO, x.a, x.b, x.c, 64, 1, &sink), RG_EINVAL);
    /* A refused call touches nothing. */
    cr_assert(memcmp(x.a, a0, 128 * sizeof(float)) == 0, "a refused call wrote to a");
    cr_assert(same_bits(sink, 0.0f), "a refused call wrote to sink");
    free(a0);
    arrays_free(&x);
}
