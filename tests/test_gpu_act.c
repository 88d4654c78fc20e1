/* test_gpu_act.c: ridge's CUDA activations, softmax and norms against the double reference,
 * with the benchmark's own verification (rg__verify_act: its tolerances, every element checked
 * at these sizes), over fp32 and bf16, vector and scalar paths (cols a multiple of 4 or not,
 * unaligned bases), special values, in place; and their argument checks, which hold with or
 * without a GPU. Device tests skip (cr_skip_test) with the reason when there is none. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "case_act.h"
#include "case_attention.h" /* rg__bf16_from_f32 */
#include "gpu.h"

static void need_gpu(void) {
    char why[200];
    if (!rg__gpu_available(why, sizeof why)) cr_skip_test("no GPU here: %s", why);
}

/* Special inputs for the elementwise ops: zeros, infinities, NaN, denormals, the tails. */
static const float specials[] = {0.0f,   -0.0f, INFINITY, -INFINITY, NAN,    1e-40f, -1e-40f,
                                 -88.0f, 88.0f, -20.0f,   20.0f,     -1e30f, 1e30f,  1e-20f};

/* One case: x random in [-8, 8) (specials first for elementwise ops), on the device at an offset
 * of `skew` elements (skew 1 breaks the vector alignment), y = x when in_place. */
static void run_case(rg_act_op_kind kind, rg_act_dtype dt, int64_t rows, int64_t cols, int skew,
                     int in_place, uint64_t seed) {
    const int row_op = kind >= RG_ACT_OP_SOFTMAX;
    rg_act_problem p = {.kind = kind,
                        .dtype = dt,
                        .rows = rows,
                        .cols = cols,
                        .elems = rows * cols,
                        .eps = kind == RG_ACT_OP_LAYERNORM ? 1e-5f : 1e-6f,
                        .has_weight = kind == RG_ACT_OP_RMSNORM || kind == RG_ACT_OP_LAYERNORM,
                        .has_bias = kind == RG_ACT_OP_LAYERNORM};
    const size_t es = rg__act_elem_size(&p), bytes = (size_t)p.elems * es;
    rg_act_set s = {malloc(bytes), malloc(bytes), malloc((size_t)cols * 4),
                    malloc((size_t)cols * 4)};
    cr_assert(s.x && s.y && s.w && s.b);
    uint64_t rng = seed;
    for (int64_t i = 0; i < p.elems; i++) {
        float v = !row_op && i < (int64_t)(sizeof specials / sizeof specials[0])
                      ? specials[i]
                      : 8.0f * rg__rng_uniform_f32(&rng);
        if (dt == RG_ACT_BF16)
            ((uint16_t *)s.x)[i] = rg__bf16_from_f32(v);
        else
            ((float *)s.x)[i] = v;
    }
    for (int64_t j = 0; j < cols; j++) {
        s.w[j] = 1.0f + 0.25f * rg__rng_uniform_f32(&rng);
        s.b[j] = 0.25f * rg__rng_uniform_f32(&rng);
    }
    char *dx, *dy;
    float *dw, *db;
    cr_assert_eq(rg__gpu_alloc((void **)&dx, bytes + 16), 0);
    cr_assert_eq(rg__gpu_alloc((void **)&dy, bytes + 16), 0);
    cr_assert_eq(rg__gpu_alloc((void **)&dw, (size_t)cols * 4), 0);
    cr_assert_eq(rg__gpu_alloc((void **)&db, (size_t)cols * 4), 0);
    char *x = dx + skew * es, *y = in_place ? x : dy + skew * es;
    cr_assert_eq(rg__gpu_upload(x, s.x, bytes), 0);
    cr_assert_eq(rg__gpu_upload(dw, s.w, (size_t)cols * 4), 0);
    cr_assert_eq(rg__gpu_upload(db, s.b, (size_t)cols * 4), 0);
    if (!in_place) cr_assert_eq(rg__gpu_fill_bytes(y, 0xff, bytes), 0); /* NaN: unwritten shows */
    int rc = rg__act_cuda_call(&p, x, y, p.has_weight ? dw : NULL, p.has_bias ? db : NULL, NULL);
    cr_assert_eq(rc, 0, "%s: launch: %s", rg__act_op_name(kind), rg_status_message(rc));
    cr_assert_eq(rg__gpu_download(s.y, y, bytes), 0);
    if (!p.has_weight) free(s.w), s.w = NULL;
    if (!p.has_bias) free(s.b), s.b = NULL;
    double worst, tol;
    char reason[256] = "";
    rc = rg__verify_act(&p, &s, seed, &worst, &tol, reason, sizeof reason);
    cr_assert_eq(rc, 0, "%s %s %lldx%lld skew %d%s: %s", rg__act_op_name(kind),
                 dt == RG_ACT_BF16 ? "bf16" : "f32", (long long)rows, (long long)cols, skew,
                 in_place ? " in place" : "", reason);
    rg__gpu_free(dx);
    rg__gpu_free(dy);
    rg__gpu_free(dw);
    rg__gpu_free(db);
    free(s.x), free(s.y), free(s.w), free(s.b);
}

static void sweep(rg_act_dtype dt) {
    static const int64_t shapes[][2] = {{1, 1},    {3, 5},    {64, 1000},
                                        {33, 999}, {7, 4100}, {2, 33000}};
    uint64_t seed = 11 + dt;
    for (int k = 0; k < RG_ACT_OP_COUNT_; k++)
        for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
            for (int v = 0; v < 3; v++)
                run_case((rg_act_op_kind)k, dt, shapes[i][0], shapes[i][1], v == 1, v == 2, seed++);
}

Test(gpu_act, f32_against_reference, .timeout = 300) {
    need_gpu();
    sweep(RG_ACT_F32);
}

Test(gpu_act, bf16_against_reference, .timeout = 300) {
    need_gpu();
    sweep(RG_ACT_BF16);
}

/* The argument checks come before any device work: they hold with or without a GPU (a build
 * without CUDA answers RG_EUNSUPPORTED to everything). */
Test(gpu_act, bad_arguments) {
#ifdef RIDGE_HAVE_CUDA
    const int einval = RG_EINVAL;
#else
    const int einval = RG_EUNSUPPORTED;
#endif
    float f = 0;
    uint16_t h = 0;
    cr_assert_eq(rg_cuda_act_f32(RG_ACT_GELU, -1, &f, &f, NULL), einval);
    cr_assert_eq(rg_cuda_act_f32(RG_ACT_GELU, 4, NULL, &f, NULL), einval);
    cr_assert_eq(rg_cuda_act_f32((rg_act)99, 4, &f, &f, NULL), einval);
    cr_assert_eq(rg_cuda_act_bf16(RG_ACT_SILU, 4, &h, NULL, NULL), einval);
    cr_assert_eq(rg_cuda_softmax_f32(2, 4, &f, 3, &f, 4, NULL), einval); /* ldx < cols */
    cr_assert_eq(rg_cuda_softmax_bf16(-1, 4, &h, 4, &h, 4, NULL), einval);
    cr_assert_eq(rg_cuda_rmsnorm_f32(2, 4, &f, 4, NULL, -1.0f, &f, 4, NULL), einval); /* eps */
    cr_assert_eq(rg_cuda_layernorm_bf16(2, 4, &h, 4, NULL, NULL, NAN, &h, 4, NULL), einval);
    cr_assert_eq(rg_cuda_layernorm_f32(2, 4, &f, 4, NULL, NULL, 1e-5f, &f, 2, NULL), einval);
#ifdef RIDGE_HAVE_CUDA
    /* Empty inputs are valid and do nothing, even with NULL pointers. */
    cr_assert_eq(rg_cuda_act_f32(RG_ACT_RELU, 0, NULL, NULL, NULL), 0);
    cr_assert_eq(rg_cuda_softmax_f32(0, 4, NULL, 4, NULL, 4, NULL), 0);
#endif
}
