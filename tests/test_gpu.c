/* test_gpu.c: ridge's CUDA GEMMs against the double reference (every layout and transpose, edge
 * and unaligned shapes, alpha/beta, NaN-filled C with beta 0, guard regions after C), their
 * argument checks, and the GPU implementations' and ceilings' behaviour without a GPU. Tests that
 * need a device skip (cr_skip_test) with the reason when there is none. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case_attention.h" /* rg__bf16_from_f32 */
#include "ceilings.h"
#include "cli.h"
#include "gpu.h"
#include "gpu_gemm.h"
#include "harness.h"

static void need_gpu(void) {
    char why[200];
    if (!rg__gpu_available(why, sizeof why)) cr_skip_test("no GPU here: %s", why);
}

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}
static float rand_unit(uint64_t *s) {
    return (float)((int64_t)(splitmix(s) >> 40) - (1 << 23)) / (float)(1 << 23);
}

typedef struct {
    rg_layout layout;
    rg_trans ta, tb;
    int64_t m, n, k, pad; /* pad: leading dimensions beyond the minimum */
    float alpha, beta;
    rg__gpu_dtype dtype;
    rg_cuda_mma method; /* 16-bit operands: the tensor-core instructions (AUTO: the public call) */
} gcase;

#define GUARD 64 /* floats after C that must stay untouched */

/* Runs one case on the device and checks every entry against the double reference. */
static void run_case(const gcase *g, uint64_t seed) {
    int row = g->layout == RG_ROW_MAJOR;
    int64_t ar = g->ta == RG_NO_TRANS ? g->m : g->k, ac = g->ta == RG_NO_TRANS ? g->k : g->m;
    int64_t br = g->tb == RG_NO_TRANS ? g->k : g->n, bc = g->tb == RG_NO_TRANS ? g->n : g->k;
    int64_t lda = (row ? ac : ar) + g->pad, ldb = (row ? bc : br) + g->pad;
    int64_t ldc = (row ? g->n : g->m) + g->pad;
    int64_t na = (row ? ar : ac) * lda, nb = (row ? br : bc) * ldb, nc = (row ? g->m : g->n) * ldc;
    float *a = calloc((size_t)na, 4), *b = calloc((size_t)nb, 4), *c0 = calloc((size_t)nc, 4);
    float *c = calloc((size_t)nc + GUARD, 4);
    uint16_t *a16 = calloc((size_t)na, 2), *b16 = calloc((size_t)nb, 2);
    cr_assert(a && b && c0 && c && a16 && b16);
    uint64_t s = seed;
    for (int64_t i = 0; i < na; i++) {
        a[i] = rand_unit(&s);
        if (g->dtype == RG_GPU_BF16) {
            a16[i] = rg__bf16_from_f32(a[i]);
            uint32_t u = (uint32_t)a16[i] << 16;
            memcpy(&a[i], &u, 4);
        } else if (g->dtype == RG_GPU_F16) {
            a16[i] = rg__f16_from_f32(a[i]);
            a[i] = rg__f32_from_f16(a16[i]);
        }
    }
    for (int64_t i = 0; i < nb; i++) {
        b[i] = rand_unit(&s);
        if (g->dtype == RG_GPU_BF16) {
            b16[i] = rg__bf16_from_f32(b[i]);
            uint32_t u = (uint32_t)b16[i] << 16;
            memcpy(&b[i], &u, 4);
        } else if (g->dtype == RG_GPU_F16) {
            b16[i] = rg__f16_from_f32(b[i]);
            b[i] = rg__f32_from_f16(b16[i]);
        }
    }
    for (int64_t i = 0; i < nc; i++)
        c0[i] = g->beta != 0.0f ? rand_unit(&s) : NAN; /* beta 0 must not read C */
    size_t es = g->dtype == RG_GPU_F32 ? 4 : 2;
    void *da, *db, *dc;
    cr_assert_eq(rg__gpu_alloc(&da, (size_t)na * es), 0);
    cr_assert_eq(rg__gpu_alloc(&db, (size_t)nb * es), 0);
    cr_assert_eq(rg__gpu_alloc(&dc, ((size_t)nc + GUARD) * 4), 0);
    cr_assert_eq(rg__gpu_upload(da, g->dtype == RG_GPU_F32 ? (void *)a : a16, (size_t)na * es), 0);
    cr_assert_eq(rg__gpu_upload(db, g->dtype == RG_GPU_F32 ? (void *)b : b16, (size_t)nb * es), 0);
    cr_assert_eq(rg__gpu_upload(dc, c0, (size_t)nc * 4), 0);
    cr_assert_eq(rg__gpu_fill_bytes((float *)dc + nc, 0x7f, GUARD * 4), 0);
    int rc = g->dtype == RG_GPU_F32
                 ? rg_cuda_sgemm(g->layout, g->ta, g->tb, g->m, g->n, g->k, g->alpha, da, lda, db,
                                 ldb, g->beta, dc, ldc, NULL)
             : g->method != RG_CUDA_MMA_AUTO
                 ? rg_cuda_gemm_mma(g->method, g->dtype == RG_GPU_F16 ? RG_CUDA_F16 : RG_CUDA_BF16,
                                    g->layout, g->ta, g->tb, g->m, g->n, g->k, g->alpha, da, lda,
                                    db, ldb, g->beta, dc, ldc, NULL)
             : g->dtype == RG_GPU_BF16
                 ? rg_cuda_gemm_bf16(g->layout, g->ta, g->tb, g->m, g->n, g->k, g->alpha, da, lda,
                                     db, ldb, g->beta, dc, ldc, NULL)
                 : rg_cuda_gemm_f16(g->layout, g->ta, g->tb, g->m, g->n, g->k, g->alpha, da, lda,
                                    db, ldb, g->beta, dc, ldc, NULL);
    cr_assert_eq(rc, 0, "launch: %s", rg_status_message(rc));
    cr_assert_eq(rg__gpu_download(c, dc, ((size_t)nc + GUARD) * 4), 0);
    for (int i = 0; i < GUARD; i++) {
        uint32_t u;
        memcpy(&u, &c[nc + i], 4);
        cr_assert_eq(u, 0x7f7f7f7fu, "guard word %d after C overwritten", i);
    }
    /* fp32 on CUDA cores: the float bound of a length-k dot product; tensor cores accumulate in
     * fp32 but may truncate instead of rounding: twice the unit roundoff. */
    double u = g->dtype == RG_GPU_F32 ? 0x1p-24 : 0x1p-23, tol = (g->k + 2) * u * 1.01 + 1e-12;
    int64_t cnt = g->m * g->n, t = 0;
    int64_t *ii = malloc((size_t)cnt * 8), *jj = malloc((size_t)cnt * 8);
    double *ref = malloc((size_t)cnt * 8), *mag = malloc((size_t)cnt * 8);
    cr_assert(ii && jj && ref && mag);
    for (int64_t i = 0; i < g->m; i++)
        for (int64_t j = 0; j < g->n; j++, t++)
            ii[t] = i, jj[t] = j;
    cr_assert_eq(rg_ref_sgemm_entries(g->layout, g->ta, g->tb, g->m, g->n, g->k, g->alpha, a, lda,
                                      b, ldb, g->beta, c0, ldc, cnt, ii, jj, ref, mag),
                 0);
    for (t = 0; t < cnt; t++) {
        float v = row ? c[ii[t] * ldc + jj[t]] : c[jj[t] * ldc + ii[t]];
        double err = fabs(v - ref[t]), rel = mag[t] > 0 ? err / mag[t] : err;
        cr_assert(rel <= tol,
                  "dtype %d %s layout %s ta %c tb %c m %lld n %lld k %lld pad %lld alpha %g "
                  "beta %g: C[%lld,%lld] = %.9g, reference %.9g (normalized error %.3g > %.3g)",
                  (int)g->dtype, rg_cuda_mma_name(g->method), row ? "row" : "col",
                  g->ta == RG_TRANS ? 'T' : 'N', g->tb == RG_TRANS ? 'T' : 'N', (long long)g->m,
                  (long long)g->n, (long long)g->k, (long long)g->pad, g->alpha, g->beta,
                  (long long)ii[t], (long long)jj[t], v, ref[t], rel, tol);
    }
    rg__gpu_free(da);
    rg__gpu_free(db);
    rg__gpu_free(dc);
    free(a), free(b), free(c), free(c0), free(a16), free(b16), free(ii), free(jj), free(ref),
        free(mag);
}

/* Every layout and transpose pair over the shapes, tight and padded by pad elements (3: the
 * unaligned slow load paths; 8: aligned, leading dimensions beyond the minimum). */
static void sweep_shapes(rg__gpu_dtype dt, rg_cuda_mma method, const int64_t (*shapes)[3],
                         size_t count, int64_t pad, uint64_t seed) {
    for (size_t s = 0; s < count; s++)
        for (int v = 0; v < 16; v++) {
            gcase g = {.layout = v & 1 ? RG_COL_MAJOR : RG_ROW_MAJOR,
                       .ta = v & 2 ? RG_TRANS : RG_NO_TRANS,
                       .tb = v & 4 ? RG_TRANS : RG_NO_TRANS,
                       .m = shapes[s][0],
                       .n = shapes[s][1],
                       .k = shapes[s][2],
                       .pad = v & 8 ? pad : 0,
                       .alpha = s % 2 ? 1.0f : -0.75f,
                       .beta = s % 3 == 0 ? 0.0f : 0.5f,
                       .dtype = dt,
                       .method = method};
            run_case(&g, seed++);
        }
}

/* Sizes around the tiles (1, primes, 128 +- 1, K not a multiple of 8 or 32). */
static const int64_t odd_shapes[][3] = {{1, 1, 1},      {7, 5, 3},      {127, 129, 31},
                                        {128, 128, 32}, {131, 67, 100}, {64, 300, 257},
                                        {257, 130, 9},  {33, 1, 77},    {1, 200, 64}};
/* Multiples of 8 (what wgmma's 16-byte copies need) around its 128 x 256 x 64 tiles and the
 * pipeline's depth: partial tiles each way, one k tile, many. */
static const int64_t aligned_shapes[][3] = {{8, 8, 8},       {64, 256, 64},  {136, 264, 72},
                                            {128, 256, 512}, {16, 520, 200}, {264, 40, 328},
                                            {200, 8, 1000}};
#define COUNT(x) (sizeof x / sizeof x[0])

static void sweep(rg__gpu_dtype dt) {
    sweep_shapes(dt, RG_CUDA_MMA_AUTO, odd_shapes, COUNT(odd_shapes), 3, 42);
}

Test(gpu, sgemm_against_reference, .timeout = 300) {
    need_gpu();
    sweep(RG_GPU_F32);
}

Test(gpu, bf16_against_reference, .timeout = 300) {
    need_gpu();
    sweep(RG_GPU_BF16);
    sweep_shapes(RG_GPU_BF16, RG_CUDA_MMA_AUTO, aligned_shapes, COUNT(aligned_shapes), 8, 7);
}

Test(gpu, f16_against_reference, .timeout = 300) {
    need_gpu();
    sweep(RG_GPU_F16);
    sweep_shapes(RG_GPU_F16, RG_CUDA_MMA_AUTO, aligned_shapes, COUNT(aligned_shapes), 8, 9);
}

/* Each tensor-core method on its own where it runs (mma.sync on any GPU, wgmma on Hopper), so
 * that both are verified on an H100 whichever AUTO picks. */
static void sweep_method(rg_cuda_mma method) {
    need_gpu();
    if (method != RG_CUDA_MMA_SYNC &&
        rg_cuda_mma_choice((const uint16_t *)256, 8, (const uint16_t *)256, 8) == RG_CUDA_MMA_SYNC)
        cr_skip_test("wgmma needs compute capability 9.0 (the sm_90a image)");
    for (int f16 = 0; f16 < 2; f16++) {
        rg__gpu_dtype dt = f16 ? RG_GPU_F16 : RG_GPU_BF16;
        sweep_shapes(dt, method, aligned_shapes, COUNT(aligned_shapes), 8, 11 + f16);
        if (method == RG_CUDA_MMA_SYNC)
            sweep_shapes(dt, method, odd_shapes, COUNT(odd_shapes), 3, 13 + f16);
    }
}

/* The decode kernel (m <= 16 against B stored n x k): long k in several warps' chunks, k ending
 * inside a 32-chunk, m filling one or both fragment halves, n not a multiple of 8. Every layout
 * and transpose runs (the sweep), the row-major NT and column-major TN ones on the decode
 * kernel, which the host-side choice confirms. */
static const int64_t decode_shapes[][3] = {
    {1, 4104, 2048}, {16, 1000, 4096}, {5, 37, 8}, {12, 9, 1000}, {9, 130, 520}};

Test(gpu, decode_against_reference, .timeout = 300) {
    need_gpu();
    for (int f16 = 0; f16 < 2; f16++)
        sweep_shapes(f16 ? RG_GPU_F16 : RG_GPU_BF16, RG_CUDA_MMA_AUTO, decode_shapes,
                     COUNT(decode_shapes), 8, 17 + f16);
}

/* Which calls take the decode kernel is decided on the host: checkable without a GPU. */
Test(gpu, decode_choice) {
    const uint16_t *al = (const uint16_t *)(uintptr_t)256, *off = (const uint16_t *)(uintptr_t)258;
#ifdef RIDGE_HAVE_CUDA
    const int yes = 1;
#else
    const int yes = 0;
#endif
    cr_assert_eq(rg_cuda_gemm_decode_runs(RG_ROW_MAJOR, RG_NO_TRANS, RG_TRANS, 16, 4096, 4096, al,
                                          4096, al, 4096),
                 yes);
    cr_assert_eq(rg_cuda_gemm_decode_runs(RG_COL_MAJOR, RG_TRANS, RG_NO_TRANS, 4096, 1, 4096, al,
                                          4096, al, 4096),
                 yes); /* C^T = B^T A: the same product */
    cr_assert_eq(rg_cuda_gemm_decode_runs(RG_ROW_MAJOR, RG_NO_TRANS, RG_TRANS, 17, 4096, 4096, al,
                                          4096, al, 4096),
                 0);
    cr_assert_eq(rg_cuda_gemm_decode_runs(RG_ROW_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 1, 4096, 4096, al,
                                          4096, al, 4096),
                 0); /* B stored k x n */
    cr_assert_eq(rg_cuda_gemm_decode_runs(RG_ROW_MAJOR, RG_NO_TRANS, RG_TRANS, 1, 4096, 100, al,
                                          100, al, 100),
                 0); /* k not a multiple of 8 */
    cr_assert_eq(rg_cuda_gemm_decode_runs(RG_ROW_MAJOR, RG_NO_TRANS, RG_TRANS, 1, 4096, 4096, off,
                                          4096, al, 4096),
                 0); /* A not 16-byte aligned */
    cr_assert_eq(
        rg_cuda_gemm_decode_runs(RG_ROW_MAJOR, RG_NO_TRANS, RG_TRANS, 1, 64, 64, al, 60, al, 64),
        0); /* lda < k: invalid */
}

Test(gpu, mma_sync_against_reference, .timeout = 300) {
    sweep_method(RG_CUDA_MMA_SYNC);
}

Test(gpu, wgmma_against_reference, .timeout = 300) {
    sweep_method(RG_CUDA_MMA_WGMMA);
}

/* wgmma refuses what it cannot run (unaligned leading dimensions, or not a 9.0 device). */
Test(gpu, wgmma_refuses_unaligned) {
    need_gpu();
    void *a, *b, *c;
    cr_assert_eq(rg__gpu_alloc(&a, 4096), 0);
    cr_assert_eq(rg__gpu_alloc(&b, 4096), 0);
    cr_assert_eq(rg__gpu_alloc(&c, 4096), 0);
    cr_assert_eq(rg_cuda_gemm_mma(RG_CUDA_MMA_WGMMA, RG_CUDA_BF16, RG_ROW_MAJOR, RG_NO_TRANS,
                                  RG_NO_TRANS, 4, 4, 5, 1.0f, a, 5, b, 4, 0.0f, c, 4, NULL),
                 RG_EUNSUPPORTED);
    cr_assert_eq(rg_cuda_gemm_mma((rg_cuda_mma)7, RG_CUDA_BF16, RG_ROW_MAJOR, RG_NO_TRANS,
                                  RG_NO_TRANS, 4, 4, 8, 1.0f, a, 8, b, 4, 0.0f, c, 4, NULL),
                 RG_EINVAL);
    rg__gpu_free(a);
    rg__gpu_free(b);
    rg__gpu_free(c);
}

Test(gpu, large_tiles_and_pipeline, .timeout = 300) {
    need_gpu();
    /* Several k tiles beyond the pipelines' depth and several blocks each way, through each
     * kernel (AUTO is wgmma on Hopper): small enough for compute-sanitizer's racecheck, which
     * scripts/gpu-check.sh runs on this test alone. */
    gcase g = {RG_ROW_MAJOR, RG_NO_TRANS, RG_TRANS,        304, 264, 520, 0, 1.0f,
               0.0f,         RG_GPU_BF16, RG_CUDA_MMA_AUTO};
    run_case(&g, 7);
    g.method = RG_CUDA_MMA_SYNC;
    run_case(&g, 8);
    g.dtype = RG_GPU_F32;
    run_case(&g, 9);
}

/* The argument checks come before any device work: they hold with or without a GPU. */
Test(gpu, bad_arguments) {
    float x = 0;
#ifdef RIDGE_HAVE_CUDA
    int bad = RG_EINVAL;
#else
    int bad = RG_EUNSUPPORTED;
#endif
    cr_assert_eq(rg_cuda_sgemm((rg_layout)0, RG_NO_TRANS, RG_NO_TRANS, 1, 1, 1, 1, &x, 1, &x, 1, 0,
                               &x, 1, NULL),
                 bad);
    cr_assert_eq(rg_cuda_sgemm(RG_ROW_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 4, 4, 4, 1, &x, 3, &x, 4, 0,
                               &x, 4, NULL),
                 bad, "lda < K must be rejected");
    cr_assert_eq(rg_cuda_gemm_bf16(RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, -1, 4, 4, 1, NULL, 4,
                                   NULL, 4, 0, &x, 4, NULL),
                 bad);
#ifdef RIDGE_HAVE_CUDA
    /* Empty products return before touching the device (no driver needed). */
    cr_assert_eq(rg_cuda_gemm_f16(RG_ROW_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 0, 4, 4, 1, NULL, 4, NULL,
                                  4, 0, NULL, 4, NULL),
                 RG_OK);
#endif
}

/* Without a GPU every GPU implementation says why (so its cases are skipped with a reason),
 * and the GPU ceilings add nothing. */
Test(gpu, unavailable_is_explained) {
    char why[200] = "";
    if (rg__gpu_available(why, sizeof why)) cr_skip_test("a GPU is present");
    cr_assert(why[0], "no reason given");
    size_t gpu_impls = 0;
    for (size_t i = 0; i < rg__registry_count(); i++) {
        const rg_impl *r = rg__registry_get(i);
        if (strcmp(r->device, "gpu")) continue;
        gpu_impls++;
        char w[160] = "";
        cr_assert_not(r->available(w, sizeof w), "%s %s available without a GPU", r->impl,
                      r->dtype);
        cr_assert(w[0], "%s %s: no reason", r->impl, r->dtype);
    }
    cr_assert_geq(gpu_impls, 6);
    rg_results res;
    rg_results_init(&res);
    rg_harness h;
    memset(&h, 0, sizeof h);
    cr_assert_eq(rg__ceilings_gpu(&h, rg__ceilings_plan_get(RG_CEILINGS_QUICK), &res), 0);
    cr_assert_eq(res.nceilings, 0);
    rg_results_free(&res);
    rg_sysinfo s;
    memset(&s, 0, sizeof s);
    rg__gpu_sysinfo(&s);
    cr_assert(s.gpu_note[0] && !s.gpu_name[0], "gpu_note '%s' gpu_name '%s'", s.gpu_note,
              s.gpu_name);
}

/* `ridge run --device gpu` on the quick suite: every case is a GPU case; without a GPU each is
 * skipped with the reason and the run exits 0, with the system block saying why. */
Test(gpu, quick_suite_gpu_cases, .timeout = 300) {
    char out[] = "/tmp/ridge-test-gpu-XXXXXX";
    int fd = mkstemp(out);
    cr_assert_geq(fd, 0);
    close(fd);
    const char *argv[] = {
        "ridge",      "run", "--suite",    "quick", "--device",      "gpu", "--quiet", "--out", out,
        "--max-time", "0.2", "--min-time", "0.01",  "--no-ceilings", NULL};
    int code = rg__cli_main((int)(sizeof argv / sizeof argv[0]) - 1, (char **)argv);
    cr_assert_eq(code, 0, "ridge run exited %d", code);
    rg_results r;
    char err[256] = "";
    cr_assert_eq(rg_results_read_json(out, &r, err, sizeof err), 0, "%s", err);
    unlink(out);
    char why[200];
    int have = rg__gpu_available(why, sizeof why);
    cr_assert_geq(r.count, 8);
    for (size_t i = 0; i < r.count; i++) {
        const rg_result *x = &r.results[i];
        cr_assert_str_eq(x->device, "gpu");
        if (have) {
            cr_expect_eq(x->status, RG_CASE_OK, "%s %s: %s", x->impl, x->dtype, x->reason);
        } else {
            cr_assert_eq(x->status, RG_CASE_SKIPPED, "%s %s", x->impl, x->dtype);
            cr_assert(strstr(x->reason, "not available here: "), "%s", x->reason);
        }
    }
    if (!have) cr_assert(r.system.gpu_note[0]);
    rg_results_free(&r);
}

/* fp16 conversion: round to nearest even, subnormals and overflow. */
Test(gpu, f16_conversion) {
    cr_assert_eq(rg__f16_from_f32(1.0f), 0x3c00);
    cr_assert_eq(rg__f16_from_f32(-2.0f), 0xc000);
    cr_assert_eq(rg__f16_from_f32(65504.0f), 0x7bff);
    cr_assert_eq(rg__f16_from_f32(1e6f), 0x7c00);
    cr_assert_eq(rg__f16_from_f32(0x1p-24f), 0x0001);
    cr_assert_eq(rg__f16_from_f32(1.0f + 0x1p-11f), 0x3c00, "tie rounds to even");
    cr_assert_eq(rg__f16_from_f32(1.0f + 0x1p-11f + 0x1p-20f), 0x3c01);
    cr_assert_eq(rg__f32_from_f16(0x3555), 0x1.554p-2f);
}

/* Every binary16 value survives the round trip, and every midpoint between two neighbours
 * (exact in fp32) rounds to the even one: the conversion is done by bits, so this is its
 * whole specification short of the 2^32 fp32 inputs (checked once against GCC's _Float16). */
Test(gpu, f16_conversion_exhaustive) {
    for (uint32_t h = 0; h < 0x10000; h++) {
        float f = rg__f32_from_f16((uint16_t)h);
        if ((h & 0x7c00) == 0x7c00 && (h & 0x3ff)) {
            cr_assert(isnan(f), "%04x", h);
            uint16_t back = rg__f16_from_f32(f);
            cr_assert((back & 0x7c00) == 0x7c00 && (back & 0x3ff), "NaN %04x stays NaN", h);
            continue;
        }
        cr_assert_eq(rg__f16_from_f32(f), h, "%04x", h);
        if ((h & 0x7fff) >= 0x7bff) continue; /* no finite upper neighbour */
        float up = rg__f32_from_f16((uint16_t)(h + 1)), mid = f + (up - f) / 2;
        uint16_t even = (h & 1) ? (uint16_t)(h + 1) : (uint16_t)h;
        cr_assert_eq(rg__f16_from_f32(mid), even, "midpoint above %04x", h);
    }
    cr_assert_eq(rg__f16_from_f32(65520.0f), 0x7c00, "the top midpoint rounds to infinity");
    cr_assert_eq(rg__f16_from_f32(65519.99f), 0x7bff);
}

/* A GPU case larger than the device's free memory is skipped before anything is allocated,
 * with both figures; an unknown free size (-1: no device to ask) lets the case be tried. */
Test(gpu, device_memory_fit) {
    char why[160] = "";
    cr_assert(rg__gpu_fits(1000, 1000, why, sizeof why));
    cr_assert(rg__gpu_fits((int64_t)1 << 40, -1, why, sizeof why));
    cr_assert_eq(why[0], '\0');
    cr_assert_not(rg__gpu_fits(3000000000LL, 1000000000LL, why, sizeof why));
    cr_assert_str_eq(why, "needs 3000000000 bytes of GPU memory, only 1000000000 free");
    if (rg__gpu_free_bytes() < 0) {
        char w[160];
        cr_assert_eq(rg__gpu_available(w, sizeof w), 0, "no free size, yet a device");
    }
}

#ifdef RIDGE_HAVE_CUDA
#include "cublas_dyn.h"

/* cuBLAS is dlopen'ed, not linked: ridge starts without it and loads it where a cuBLAS case
 * runs. Loading needs no GPU (only the cases do): every entry point resolves and the library
 * is the major version the headers name. */
Test(gpu, cublas_loads_at_run_time) {
    rg__cublas_api api;
    char why[256] = "";
    cr_assert_eq(rg__cublas_load(&api, why, sizeof why), 0, "%s", why);
    cr_assert(api.create && api.destroy && api.set_stream && api.set_math_mode && api.sgemm &&
              api.gemm_ex && api.gemm_strided_batched_ex && api.get_property);
    int major = 0;
    cr_assert_eq(api.get_property(MAJOR_VERSION, &major), CUBLAS_STATUS_SUCCESS);
    cr_assert_eq(major, CUBLAS_VER_MAJOR);
    char gpu_why[256];
    if (!rg__gpu_available(gpu_why, sizeof gpu_why)) {
        /* Without a GPU the cases say why: the GPU's reason, not cuBLAS's. */
        cr_assert_eq(rg__cublas_available(why, sizeof why), 0);
        cr_assert_str_eq(why, gpu_why);
    }
}
#endif
