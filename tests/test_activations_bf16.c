/* test_activations_bf16.c: the bf16 forms of the activations, softmax and norms. Their contract
 * is the fp32 kernels' math on the widened input, rounded once: so every output must equal the
 * fp32 form's output on the same values rounded with rg_bf16_from_f32, bit for bit (NaN for
 * NaN), on every ISA, odd size, thread count and the streaming path. Softmax rows between the
 * two cached-row limits take the online pass in bf16 only; they get a tolerance instead. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act_internal.h" /* RG__SOFTMAX_BF16_CACHED_COLS */
#include "ridge.h"

#define GUARD 40
static const uint16_t guard_bits = 0xdead;

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;
static double urand(void) { /* [0, 1) */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static uint16_t *guarded(int64_t n) {
    uint16_t *p = malloc((size_t)(n + 2 * GUARD) * sizeof *p);
    cr_assert_not_null(p);
    for (int64_t i = 0; i < n + 2 * GUARD; i++)
        p[i] = guard_bits;
    return p + GUARD;
}

static void check_guards(const uint16_t *p, int64_t n, const char *what) {
    for (int64_t i = 1; i <= GUARD; i++) {
        cr_assert_eq(p[-i], guard_bits, "%s: wrote before the output", what);
        cr_assert_eq(p[n - 1 + i], guard_bits, "%s: wrote past the output", what);
    }
}

static void unguard(uint16_t *p) {
    free(p - GUARD);
}

/* Random bf16 values over +-30 and +-6, with the special ones (zeros, infinities, NaN,
 * denormals, huge) spread in. */
static void fill(uint16_t *x, float *xf, int64_t n) {
    static const float special[] = {0.0f,      -0.0f,      INFINITY, -INFINITY, NAN,
                                    0x1p-130f, -0x1p-133f, 1e30f,    -1e30f,    -14.0f};
    for (int64_t i = 0; i < n; i++)
        x[i] = rg_bf16_from_f32((float)((urand() * 2.0 - 1.0) * (i % 3 == 0 ? 30.0 : 6.0)));
    for (int64_t i = 0; i < n && i < 10; i++)
        x[(i * 7919) % n] = rg_bf16_from_f32(special[i]);
    for (int64_t i = 0; i < n; i++)
        xf[i] = rg_f32_from_bf16(x[i]);
}

/* y (bf16) against the fp32 output yf rounded: exact, or within tol relative when tol > 0. */
static void check_same(int64_t n, const uint16_t *y, const float *yf, double tol,
                       const char *what) {
    for (int64_t i = 0; i < n; i++) {
        const uint16_t want = rg_bf16_from_f32(yf[i]);
        const float got = rg_f32_from_bf16(y[i]);
        if (isnan(yf[i])) {
            cr_assert(isnan(got), "%s: y[%lld] = %g, fp32 gives NaN", what, (long long)i, got);
            continue;
        }
        if (tol > 0.0) {
            cr_assert_leq(fabs((double)got - yf[i]), tol * fabs((double)yf[i]) + 1e-30,
                          "%s: y[%lld] = %g, fp32 %g", what, (long long)i, got, yf[i]);
            continue;
        }
        cr_assert_eq(y[i], want, "%s: y[%lld] = 0x%04x, fp32 %a rounds to 0x%04x", what,
                     (long long)i, y[i], yf[i], want);
    }
}

static const rg_isa isas[] = {RG_ISA_SCALAR, RG_ISA_AVX2, RG_ISA_AVX512};
static const char *act_names[RG_ACT_COUNT_] = {"relu", "gelu", "gelu_tanh", "silu"};

static void act_case(const rg_exec *ex, rg_act a, int64_t n, const char *what) {
    uint16_t *x = guarded(n), *y = guarded(n);
    float *xf = malloc((size_t)n * sizeof *xf), *yf = malloc((size_t)n * sizeof *yf);
    cr_assert(xf && yf);
    fill(x, xf, n);
    cr_assert_eq(rg_act_bf16(ex, a, n, x, y), RG_OK, "%s", what);
    cr_assert_eq(rg_act_f32(ex, a, n, xf, yf), RG_OK, "%s", what);
    check_guards(y, n, what);
    check_same(n, y, yf, 0.0, what);
    /* In place: the same bits. */
    cr_assert_eq(rg_act_bf16(ex, a, n, x, x), RG_OK, "%s", what);
    for (int64_t i = 0; i < n; i++)
        cr_assert(x[i] == y[i] || (isnan(rg_f32_from_bf16(x[i])) && isnan(rg_f32_from_bf16(y[i]))),
                  "%s: in place differs at %lld", what, (long long)i);
    unguard(x);
    unguard(y);
    free(xf);
    free(yf);
}

Test(act_bf16, every_isa_odd_sizes_special_values) {
    const int64_t sizes[] = {1, 2, 7, 15, 16, 17, 31, 32, 33, 63, 100, 257, 1000, 4099};
    for (size_t s = 0; s < sizeof isas / sizeof isas[0]; s++) {
        if (!rg_isa_supported(isas[s])) continue;
        rg_exec ex = {.isa = isas[s]};
        for (int a = 0; a < RG_ACT_COUNT_; a++)
            for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
                char what[96];
                snprintf(what, sizeof what, "%s %s n=%lld", rg_isa_name(isas[s]), act_names[a],
                         (long long)sizes[z]);
                act_case(&ex, (rg_act)a, sizes[z], what);
            }
    }
}

/* Two threads, an odd size, and 64 MiB of output (the streaming stores) once. */
Test(act_bf16, threads_and_streaming) {
    rg_pool *pool;
    cr_assert_eq(rg_pool_create(2, NULL, &pool), RG_OK);
    rg_exec ex = {.pool = pool, .isa = RG_ISA_AUTO};
    act_case(&ex, RG_ACT_SILU, 300001, "silu 2 threads");
    act_case(&ex, RG_ACT_RELU, ((int64_t)32 << 20) + 17, "relu 64 MiB streamed");
    rg_pool_destroy(pool);
}

typedef enum { ROW_SOFTMAX, ROW_RMSNORM, ROW_LAYERNORM } row_op;
static const char *row_names[] = {"softmax", "rmsnorm", "layernorm"};

static void row_case(const rg_exec *ex, row_op op, int64_t rows, int64_t cols, int64_t ld,
                     const char *what) {
    const int64_t n = rows * ld;
    uint16_t *x = guarded(n), *y = guarded(n);
    float *xf = malloc((size_t)n * sizeof *xf), *yf = malloc((size_t)n * sizeof *yf);
    float *w = malloc((size_t)cols * sizeof *w), *b = malloc((size_t)cols * sizeof *b);
    cr_assert(xf && yf && w && b);
    fill(x, xf, n);
    /* Finite inputs for the row ops: one NaN or infinity makes the whole row NaN, in both. */
    for (int64_t i = 0; i < n; i++)
        if (!isfinite(xf[i]) || fabsf(xf[i]) > 100.0f) {
            x[i] = rg_bf16_from_f32(1.5f);
            xf[i] = 1.5f;
        }
    for (int64_t j = 0; j < cols; j++) {
        w[j] = (float)(1.0 + 0.25 * urand());
        b[j] = (float)(0.25 * urand());
    }
    memset(yf, 0, (size_t)n * sizeof *yf);
    int rc = 0, rcf = 0;
    switch (op) {
    case ROW_SOFTMAX:
        rc = rg_softmax_bf16(ex, rows, cols, x, ld, y, ld);
        rcf = rg_softmax_f32(ex, rows, cols, xf, ld, yf, ld);
        break;
    case ROW_RMSNORM:
        rc = rg_rmsnorm_bf16(ex, rows, cols, x, ld, w, 1e-6f, y, ld);
        rcf = rg_rmsnorm_f32(ex, rows, cols, xf, ld, w, 1e-6f, yf, ld);
        break;
    case ROW_LAYERNORM:
        rc = rg_layernorm_bf16(ex, rows, cols, x, ld, w, b, 1e-5f, y, ld);
        rcf = rg_layernorm_f32(ex, rows, cols, xf, ld, w, b, 1e-5f, yf, ld);
        break;
    }
    cr_assert_eq(rc, RG_OK, "%s", what);
    cr_assert_eq(rcf, RG_OK, "%s", what);
    /* Softmax rows past the bf16 cached limit take the online pass (other sums): 2^-7 covers
     * the rounding to bf16 and a few fp32 ulps of difference. */
    const double tol = op == ROW_SOFTMAX && cols > RG__SOFTMAX_BF16_CACHED_COLS ? 0x1p-7 : 0.0;
    for (int64_t r = 0; r < rows; r++) {
        check_same(cols, y + r * ld, yf + r * ld, tol, what);
        /* The gaps between rows stay untouched. */
        for (int64_t j = cols; j < ld; j++)
            cr_assert_eq(y[r * ld + j], guard_bits, "%s: wrote between rows", what);
    }
    check_guards(y, n, what);
    unguard(x);
    unguard(y);
    free(xf);
    free(yf);
    free(w);
    free(b);
}

Test(rows_bf16, every_isa_shapes_strides) {
    const int64_t shapes[][3] = {{1, 1, 1},     {3, 7, 9},       {5, 16, 16},     {4, 33, 40},
                                 {2, 100, 100}, {7, 1000, 1003}, {2, 4096, 4096}, {1, 5000, 5001}};
    for (size_t s = 0; s < sizeof isas / sizeof isas[0]; s++) {
        if (!rg_isa_supported(isas[s])) continue;
        rg_exec ex = {.isa = isas[s]};
        for (int op = 0; op < 3; op++)
            for (size_t z = 0; z < sizeof shapes / sizeof shapes[0]; z++) {
                char what[96];
                snprintf(what, sizeof what, "%s %s %lldx%lld ld %lld", rg_isa_name(isas[s]),
                         row_names[op], (long long)shapes[z][0], (long long)shapes[z][1],
                         (long long)shapes[z][2]);
                row_case(&ex, (row_op)op, shapes[z][0], shapes[z][1], shapes[z][2], what);
            }
    }
}

Test(rows_bf16, threads) {
    rg_pool *pool;
    cr_assert_eq(rg_pool_create(2, NULL, &pool), RG_OK);
    rg_exec ex = {.pool = pool, .isa = RG_ISA_AUTO};
    for (int op = 0; op < 3; op++)
        row_case(&ex, (row_op)op, 301, 1000, 1000, row_names[op]);
    rg_pool_destroy(pool);
}

Test(api_bf16, bad_arguments) {
    rg_exec ex = {.isa = RG_ISA_AUTO};
    uint16_t v[4] = {0};
    float w[4] = {1, 1, 1, 1};
    cr_assert_eq(rg_act_bf16(&ex, RG_ACT_COUNT_, 4, v, v), RG_EINVAL);
    cr_assert_eq(rg_act_bf16(&ex, RG_ACT_RELU, -1, v, v), RG_EINVAL);
    cr_assert_eq(rg_act_bf16(&ex, RG_ACT_RELU, 4, NULL, v), RG_EINVAL);
    cr_assert_eq(rg_act_bf16(&ex, RG_ACT_RELU, 0, NULL, NULL), RG_OK);
    cr_assert_eq(rg_softmax_bf16(&ex, 2, 2, v, 1, v, 2), RG_EINVAL);
    cr_assert_eq(rg_rmsnorm_bf16(&ex, 1, 4, v, 4, w, -1.0f, v, 4), RG_EINVAL);
    cr_assert_eq(rg_layernorm_bf16(&ex, 1, 4, v, 4, w, NULL, NAN, v, 4), RG_EINVAL);
    cr_assert_eq(rg_layernorm_bf16(&ex, 1, 4, v, 4, NULL, NULL, 1e-5f, v, 4), RG_OK);
}

/* On a CPU with AVX512_BF16 the AVX-512 level rounds with vcvtne2ps2bf16 (flushing denormals,
 * so it falls back for vectors holding one); the integer rounding of the plain AVX-512 table
 * must give the same bits. Both tables run here directly, denormal results included (ReLU of
 * denormal inputs, GELU far in the negative tail). */
Test(act_bf16, avx512_roundings_agree) {
    if (!rg_isa_supported(RG_ISA_AVX512) || !rg_cpu_features_get()->avx512_bf16)
        cr_skip_test("no AVX512_BF16 here");
    const rg__act_kernels *k[2] = {&rg__act_kernels_avx512, &rg__act_kernels_avx512bf16};
    const int64_t n = 4099;
    uint16_t *x = guarded(n), *y[2] = {guarded(n), guarded(n)};
    float *xf = malloc((size_t)n * sizeof *xf);
    cr_assert_not_null(xf);
    fill(x, xf, n);
    for (int64_t i = 0; i < n; i += 5) /* denormal bf16 inputs, both signs */
        x[i] = (uint16_t)((i & 1 ? 0x8000u : 0u) | (1u + (uint32_t)(i % 127)));
    for (int64_t i = 3; i < n; i += 97) /* GELU results below 2^-126 */
        x[i] = rg_bf16_from_f32(-13.25f - 0.01f * (float)(i % 50));
    for (int a = 0; a < RG_ACT_COUNT_; a++)
        for (int stream = 0; stream < 2; stream++) {
            for (int t = 0; t < 2; t++)
                k[t]->act_bf16((rg_act)a, n, x, y[t], stream);
            for (int t = 0; t < 2; t++)
                check_guards(y[t], n, act_names[a]);
            for (int64_t i = 0; i < n; i++)
                cr_assert_eq(y[1][i], y[0][i],
                             "%s: x = 0x%04x gives 0x%04x, integer rounding 0x%04x", act_names[a],
                             x[i], y[1][i], y[0][i]);
        }
    uint16_t *r[2] = {guarded(n), guarded(n)};
    float w[41];
    for (int j = 0; j < 41; j++)
        w[j] = 1.0f + 0.01f * (float)j;
    for (int t = 0; t < 2; t++) {
        k[t]->softmax_bf16(99, 41, x, 41, r[t], 41, 0);
        k[t]->rmsnorm_bf16(99, 41, x, 41, w, 1e-6f, y[t], 41, t);
    }
    for (int64_t i = 0; i < 99 * 41; i++) {
        cr_assert_eq(r[1][i], r[0][i], "softmax differs at %lld", (long long)i);
        cr_assert_eq(y[1][i], y[0][i], "rmsnorm differs at %lld", (long long)i);
    }
    unguard(x);
    for (int t = 0; t < 2; t++) {
        unguard(y[t]);
        unguard(r[t]);
    }
    free(xf);
}
