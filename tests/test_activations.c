/* test_activations.c: ridge's vector math (ULP bounds over a sweep of all floats and special
 * values) and the activation, softmax and norm kernels against their double references on
 * every ISA this CPU runs, with odd sizes, strides, special values, guards and threads. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act_internal.h"
#include "ridge.h"
#include "vmath_eval.h"

/* ---- ULP of the vector math ------------------------------------------------------------- */

/* The ulp of the float nearest r (denormal spacing below FLT_MIN). */
static double ulp_of(double r) {
    int e;
    if (r == 0.0) return ldexp(1.0, -149);
    frexp(r, &e);
    e -= 1;
    if (e < -126) e = -126;
    return ldexp(1.0, e - 23);
}

static double ref_vm(rg__vm_fn f, double x) {
    double y = 0.0;
    switch (f) {
    case RG__VM_EXP:
        return exp(x);
    case RG__VM_ERF:
        return erf(x);
    case RG__VM_TANH:
        return tanh(x);
    case RG__VM_GELU:
        rg_ref_act(RG_ACT_GELU, x, &y);
        return y;
    case RG__VM_GELU_TANH:
        rg_ref_act(RG_ACT_GELU_TANH, x, &y);
        return y;
    case RG__VM_SILU:
        rg_ref_act(RG_ACT_SILU, x, &y);
        return y;
    default:
        return NAN;
    }
}

static const char *vm_name[RG__VM_COUNT_] = {"exp", "erf", "tanh", "gelu", "gelu_tanh", "silu"};

/* The bounds enforced (docs/method.md, "Vectorized math accuracy", gives the measured figures):
 * ulps for normal results; in ulps of 2^-149 for denormal ones. GELU's tanh form is bounded in
 * ulps divided by (1 + its condition number |x f'/f|), which reaches ~220 at x = -10 (the float
 * argument 2u(x) cannot be more accurate than that). */
static const double max_ulp[RG__VM_COUNT_] = {1.5, 3.0, 2.0, 8.0, 4.0, 4.0};
static const double max_ulp_denormal = 2.0;

typedef struct {
    double ulp, ulp_denormal;
    float at;
    int64_t bad; /* NaN or infinity mismatches */
} ulp_stats;

static double cond_gelu_tanh(double x, double fx) {
    if (fabs(fx) < 1e-300 || x == 0.0 || !isfinite(x)) return 0.0;
    double h = 1.0 / 1048576.0, lo, hi;
    rg_ref_act(RG_ACT_GELU_TANH, x * (1 - h), &lo);
    rg_ref_act(RG_ACT_GELU_TANH, x * (1 + h), &hi);
    return fabs((hi - lo) / (2 * h * fx));
}

static void ulp_check(rg__vm_fn f, int64_t n, const float *x, const float *y, ulp_stats *st) {
    for (int64_t i = 0; i < n; i++) {
        double r = ref_vm(f, x[i]);
        if (isnan(r) || isnan(y[i])) {
            if (isnan(r) != isnan((double)y[i])) {
                if (st->bad++ < 3)
                    cr_log_error("%s(%a) = %a, reference %a", vm_name[f], x[i], y[i], r);
            }
            continue;
        }
        if (fabs(r) >= 0x1.ffffffp127) { /* rounds to infinity */
            if (!isinf(y[i]) || (y[i] > 0) != (r > 0)) {
                if (st->bad++ < 3)
                    cr_log_error("%s(%a) = %a, reference %a", vm_name[f], x[i], y[i], r);
            }
            continue;
        }
        double u = fabs((double)y[i] - r) / ulp_of(r);
        if (f == RG__VM_GELU_TANH) u /= 1.0 + cond_gelu_tanh(x[i], r);
        if (fabs(r) < FLT_MIN) {
            if (u > st->ulp_denormal) st->ulp_denormal = u;
        } else if (u > st->ulp) {
            st->ulp = u;
            st->at = x[i];
        }
    }
}

static const float special_inputs[] = {0.0f,
                                       -0.0f,
                                       0x1p-149f,
                                       -0x1p-149f,
                                       0x1.fffffcp-127f,
                                       -0x1.fffffcp-127f,
                                       FLT_MIN,
                                       -FLT_MIN,
                                       FLT_MAX,
                                       -FLT_MAX,
                                       INFINITY,
                                       -INFINITY,
                                       NAN,
                                       -NAN,
                                       88.7228f,
                                       88.7229f,
                                       -87.3365f,
                                       -103.972f,
                                       -103.973f,
                                       -104.0f,
                                       -150.0f,
                                       128.0f,
                                       0.55f,
                                       0.75f,
                                       -0.55f,
                                       -0.75f,
                                       14.5f,
                                       -14.5f,
                                       14.6f,
                                       -14.6f,
                                       20.0f,
                                       -20.0f,
                                       -9.5f,
                                       -13.0f,
                                       -13.5f,
                                       1e-30f,
                                       -1e-30f,
                                       9.0f,
                                       -9.0f,
                                       10.0f,
                                       -10.0f,
                                       12.0f};

/* Inputs: every stride-th float bit pattern (both signs, all exponents), in chunks, then the
 * special values and the thresholds where the algorithms switch. */
static void vm_sweep(const char *isa_name,
                     void (*eval)(rg__vm_fn, int64_t, const float *, float *)) {
    /* An odd stride visits every exponent and many mantissa patterns: about 2.1M inputs.
     * RIDGE_ULP_STRIDE=1 sweeps all 2^32 floats (docs/method.md gives that run's figures). */
    const char *env = getenv("RIDGE_ULP_STRIDE");
    const uint64_t stride = env && atoi(env) > 0 ? (uint64_t)atoi(env) : 2039;
    enum { CHUNK = 1 << 16 };
    float *x = malloc(CHUNK * sizeof *x), *y = malloc(CHUNK * sizeof *y);
    cr_assert(x && y);
    ulp_stats st[RG__VM_COUNT_] = {{0}};
    for (uint64_t b = 0; b < (UINT64_C(1) << 32);) {
        int64_t n = 0;
        for (; n < CHUNK && b < (UINT64_C(1) << 32); b += stride) {
            uint32_t u = (uint32_t)b;
            memcpy(&x[n++], &u, sizeof u);
        }
        for (int f = 0; f < RG__VM_COUNT_; f++) {
            eval((rg__vm_fn)f, n, x, y);
            ulp_check((rg__vm_fn)f, n, x, y, &st[f]);
        }
    }
    const int64_t ns = (int64_t)(sizeof special_inputs / sizeof special_inputs[0]);
    for (int f = 0; f < RG__VM_COUNT_; f++) {
        eval((rg__vm_fn)f, ns, special_inputs, y);
        ulp_check((rg__vm_fn)f, ns, special_inputs, y, &st[f]);
        cr_log_info("%s %s: max %.3f ulp at %a, denormal results %.3f", isa_name, vm_name[f],
                    st[f].ulp, st[f].at, st[f].ulp_denormal);
        cr_expect_eq(st[f].bad, 0, "%s %s: %lld NaN/inf mismatches", isa_name, vm_name[f],
                     (long long)st[f].bad);
        cr_expect_leq(st[f].ulp, max_ulp[f], "%s %s: %.3f ulp at %a > %.1f", isa_name, vm_name[f],
                      st[f].ulp, st[f].at, max_ulp[f]);
        cr_expect_leq(st[f].ulp_denormal, max_ulp_denormal, "%s %s: %.3f ulp on denormal results",
                      isa_name, vm_name[f], st[f].ulp_denormal);
    }
    free(x);
    free(y);
}

Test(vmath, avx512_ulp) {
    if (!rg_isa_supported(RG_ISA_AVX512)) cr_skip_test("no AVX-512 here");
    vm_sweep("avx512", rg__vmath_eval_avx512);
}

Test(vmath, avx2_ulp) {
    if (!rg_isa_supported(RG_ISA_AVX2)) cr_skip_test("no AVX2 here");
    vm_sweep("avx2", rg__vmath_eval_avx2);
}

/* GELU's zeros keep their sign: gelu(+0) = +0, gelu(-0) = -0, and negative inputs whose result
 * underflows (and -inf) give -0, as 0.5 x (1 + erf(x / sqrt 2)) does in exact arithmetic. */
static void gelu_zero_signs(const char *isa_name,
                            void (*eval)(rg__vm_fn, int64_t, const float *, float *)) {
    const float x[] = {0.0f, -0.0f, -30.0f, -1e30f, -INFINITY, 30.0f, INFINITY};
    const int neg[] = {0, 1, 1, 1, 1, 0, 0};
    float y[7];
    eval(RG__VM_GELU, 7, x, y);
    for (int i = 0; i < 5; i++)
        cr_expect(y[i] == 0.0f && !!signbit(y[i]) == neg[i], "%s gelu(%g) = %a", isa_name,
                  (double)x[i], (double)y[i]);
    cr_expect(y[5] == 30.0f && isinf(y[6]) && y[6] > 0, "%s gelu(30) = %g, gelu(inf) = %g",
              isa_name, (double)y[5], (double)y[6]);
}

Test(vmath, gelu_zero_signs) {
    if (rg_isa_supported(RG_ISA_AVX512)) gelu_zero_signs("avx512", rg__vmath_eval_avx512);
    if (rg_isa_supported(RG_ISA_AVX2)) gelu_zero_signs("avx2", rg__vmath_eval_avx2);
}

/* ---- Kernels against the references ----------------------------------------------------- */

#define GUARD 16
static const float guard_value = -12345.678f;

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static double urand(void) { /* [0, 1) */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static float *guarded(int64_t n) {
    float *p = malloc((size_t)(n + 2 * GUARD) * sizeof(float));
    cr_assert_not_null(p);
    for (int64_t i = 0; i < n + 2 * GUARD; i++)
        p[i] = guard_value;
    return p + GUARD;
}

static void check_guards(const float *p, int64_t n, const char *what) {
    for (int64_t i = 1; i <= GUARD; i++) {
        cr_assert_eq(p[-i], guard_value, "%s: wrote before the output", what);
        cr_assert_eq(p[n - 1 + i], guard_value, "%s: wrote past the output", what);
    }
}

static void unguard(float *p) {
    free(p - GUARD);
}

static const rg_isa isas[] = {RG_ISA_SCALAR, RG_ISA_AVX2, RG_ISA_AVX512};
static const char *act_names[RG_ACT_COUNT_] = {"relu", "gelu", "gelu_tanh", "silu"};

/* The harness's criterion (bench/verify_act.c): relative error scaled by 1 + the condition
 * number, with a floor of |x| / 4 for the gate; 8 ulp. */
static void check_act(rg_act a, int64_t n, const float *x, const float *y, const char *what) {
    for (int64_t i = 0; i < n; i++) {
        double r;
        rg_ref_act(a, x[i], &r);
        if (isnan(r)) {
            cr_assert(isnan(y[i]), "%s: y[%lld] = %g for x = %a, reference NaN", what, (long long)i,
                      y[i], x[i]);
            continue;
        }
        if (isinf(r)) {
            cr_assert_eq((double)y[i], r, "%s: x = %a", what, x[i]);
            continue;
        }
        double k = 0.0;
        if (a != RG_ACT_RELU && fabs(r) >= 1e-300 && x[i] != 0.0) {
            double h = 1.0 / 1048576.0, lo, hi;
            rg_ref_act(a, x[i] * (1 - h), &lo);
            rg_ref_act(a, x[i] * (1 + h), &hi);
            k = fabs((hi - lo) / (2 * h * r));
        }
        double err =
            fabs((double)y[i] - r) / (fmax(fabs(r), FLT_MIN) * (1.0 + k) + fabs(x[i]) * 0.25);
        cr_assert_leq(err, 16 * 0x1p-24, "%s: y[%lld] = %.9g for x = %a, reference %.9g", what,
                      (long long)i, y[i], x[i], r);
    }
}

static void fill_act_input(float *x, int64_t n) {
    static const float special[] = {0.0f,      -0.0f,      INFINITY, -INFINITY, NAN,
                                    0x1p-149f, -0x1p-149f, 1e30f,    -1e30f,    -14.0f};
    for (int64_t i = 0; i < n; i++)
        x[i] = (float)((urand() * 2.0 - 1.0) * (i % 3 == 0 ? 30.0 : 6.0));
    for (int64_t i = 0; i < n && i < 10; i++)
        x[(i * 7919) % n] = special[i];
}

Test(act, every_isa_odd_sizes_special_values) {
    const int64_t sizes[] = {1, 2, 7, 15, 16, 17, 31, 33, 100, 257, 1000, 4099};
    for (size_t s = 0; s < sizeof isas / sizeof isas[0]; s++) {
        if (!rg_isa_supported(isas[s])) continue;
        rg_exec ex = {.isa = isas[s]};
        for (int a = 0; a < RG_ACT_COUNT_; a++)
            for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
                int64_t n = sizes[z];
                float *x = guarded(n), *y = guarded(n);
                fill_act_input(x, n);
                char what[96];
                snprintf(what, sizeof what, "%s %s n=%lld", rg_isa_name(isas[s]), act_names[a],
                         (long long)n);
                cr_assert_eq(rg_act_f32(&ex, (rg_act)a, n, x, y), RG_OK, "%s", what);
                check_guards(y, n, what);
                check_act((rg_act)a, n, x, y, what);
                /* In place gives the same values. */
                float *z2 = guarded(n);
                memcpy(z2, x, (size_t)n * sizeof(float));
                cr_assert_eq(rg_act_f32(&ex, (rg_act)a, n, z2, z2), RG_OK);
                for (int64_t i = 0; i < n; i++)
                    cr_assert(memcmp(&z2[i], &y[i], sizeof(float)) == 0 ||
                                  (isnan(z2[i]) && isnan(y[i])),
                              "%s: in place differs at %lld", what, (long long)i);
                unguard(x);
                unguard(y);
                unguard(z2);
            }
    }
}

/* Big enough to split over 2 threads and to take the streaming stores (64 MiB) once. */
Test(act, threads_and_streaming) {
    rg_pool *pool;
    cr_assert_eq(rg_pool_create(2, NULL, &pool), RG_OK);
    rg_exec ex = {.pool = pool};
    const int64_t sizes[] = {300001, (int64_t)(64 << 20) / 4 + 5};
    for (size_t z = 0; z < 2; z++) {
        int64_t n = sizes[z];
        float *x = guarded(n), *y = guarded(n);
        fill_act_input(x, n);
        rg_act a = z == 0 ? RG_ACT_GELU : RG_ACT_SILU;
        cr_assert_eq(rg_act_f32(&ex, a, n, x, y), RG_OK);
        check_guards(y, n, "threads");
        /* Every element of the first, every 97th of the big one. */
        for (int64_t i = 0; i < n; i += z == 0 ? 1 : 97)
            check_act(a, 1, x + i, y + i, "threads");
        unguard(x);
        unguard(y);
    }
    rg_pool_destroy(pool);
}

typedef enum { ROW_SOFTMAX, ROW_RMSNORM, ROW_LAYERNORM } row_op;
static const char *row_names[] = {"softmax", "rmsnorm", "layernorm"};

static int run_row(const rg_exec *ex, row_op op, int64_t rows, int64_t cols, const float *x,
                   int64_t ldx, const float *w, const float *b, float *y, int64_t ldy) {
    switch (op) {
    case ROW_SOFTMAX:
        return rg_softmax_f32(ex, rows, cols, x, ldx, y, ldy);
    case ROW_RMSNORM:
        return rg_rmsnorm_f32(ex, rows, cols, x, ldx, w, 1e-6f, y, ldy);
    default:
        return rg_layernorm_f32(ex, rows, cols, x, ldx, w, b, 1e-5f, y, ldy);
    }
}

/* Same tolerance as the harness: output rounding plus the fp32 reductions over cols. */
static void check_rows(row_op op, int64_t rows, int64_t cols, const float *x, int64_t ldx,
                       const float *w, const float *b, const float *y, int64_t ldy,
                       const char *what) {
    double *ref = malloc((size_t)cols * sizeof *ref);
    cr_assert_not_null(ref);
    double tol = 2 * 0x1p-24 + 0x1p-24 * (32.0 + 4.0 * sqrt((double)cols));
    for (int64_t r = 0; r < rows; r++) {
        const float *xr = x + r * ldx;
        if (op == ROW_SOFTMAX)
            rg_ref_softmax_row(cols, xr, ref);
        else if (op == ROW_RMSNORM)
            rg_ref_rmsnorm_row(cols, xr, w, 1e-6, ref);
        else
            rg_ref_layernorm_row(cols, xr, w, b, 1e-5, ref);
        double scale = 0.0;
        for (int64_t j = 0; j < cols; j++)
            scale = fmax(scale, fabs(ref[j]));
        for (int64_t j = 0; j < cols; j++) {
            float v = y[r * ldy + j];
            if (isnan(ref[j])) {
                cr_assert(isnan(v), "%s: [%lld,%lld] = %g, reference NaN", what, (long long)r,
                          (long long)j, v);
                continue;
            }
            double den = op == ROW_LAYERNORM ? scale : fabs(ref[j]);
            double err = fabs((double)v - ref[j]) / fmax(den, FLT_MIN);
            cr_assert_leq(err, tol, "%s: [%lld,%lld] = %.9g, reference %.9g", what, (long long)r,
                          (long long)j, v, ref[j]);
        }
    }
    free(ref);
}

Test(rows, every_isa_shapes_strides) {
    /* cols past RG__SOFTMAX_ONLINE_COLS (32768) take softmax's online pass. */
    const int64_t shapes[][2] = {{1, 1},  {3, 2},   {2, 15},   {5, 16},   {4, 17},
                                 {7, 33}, {3, 100}, {2, 1000}, {1, 4097}, {2, 40001}};
    for (size_t s = 0; s < sizeof isas / sizeof isas[0]; s++) {
        if (!rg_isa_supported(isas[s])) continue;
        rg_exec ex = {.isa = isas[s]};
        for (int op = 0; op < 3; op++)
            for (size_t z = 0; z < sizeof shapes / sizeof shapes[0]; z++) {
                int64_t rows = shapes[z][0], cols = shapes[z][1];
                int64_t ldx = cols + (z % 2 ? 3 : 0), ldy = cols + (z % 3 ? 0 : 5);
                float *x = guarded(rows * ldx), *y = guarded(rows * ldy);
                float *w = guarded(cols), *b = guarded(cols);
                for (int64_t i = 0; i < rows * ldx; i++)
                    x[i] = (i % ldx) < cols ? (float)((urand() * 2 - 1) * 8 + (op == 2 ? 100 : 0))
                                            : NAN; /* the gap is never read */
                for (int64_t j = 0; j < cols; j++) {
                    w[j] = (float)(1 + 0.25 * (urand() * 2 - 1));
                    b[j] = (float)(0.25 * (urand() * 2 - 1));
                }
                for (int64_t i = 0; i < rows * ldy; i++)
                    y[i] = guard_value;
                char what[96];
                snprintf(what, sizeof what, "%s %s %lldx%lld", rg_isa_name(isas[s]), row_names[op],
                         (long long)rows, (long long)cols);
                cr_assert_eq(run_row(&ex, (row_op)op, rows, cols, x, ldx, w, b, y, ldy), RG_OK,
                             "%s", what);
                check_guards(y, rows * ldy, what);
                for (int64_t r = 0; r < rows; r++)
                    for (int64_t j = cols; j < ldy; j++)
                        cr_assert_eq(y[r * ldy + j], guard_value, "%s: wrote in the row gap", what);
                check_rows((row_op)op, rows, cols, x, ldx, w, b, y, ldy, what);
                unguard(x);
                unguard(y);
                unguard(w);
                unguard(b);
            }
    }
}

Test(rows, softmax_special_rows) {
    const int64_t cols = 37;
    float x[4 * 37], y[4 * 37];
    for (int64_t j = 0; j < cols; j++) {
        x[j] = -INFINITY;                    /* all -inf: NaN, as PyTorch */
        x[cols + j] = j == 5 ? 1e30f : 0.0f; /* one huge value takes everything */
        x[2 * cols + j] = j == 3 ? -INFINITY : (float)j;
        x[3 * cols + j] = j == 9 ? NAN : 1.0f;
    }
    for (size_t s = 0; s < sizeof isas / sizeof isas[0]; s++) {
        if (!rg_isa_supported(isas[s])) continue;
        rg_exec ex = {.isa = isas[s]};
        cr_assert_eq(rg_softmax_f32(&ex, 4, cols, x, cols, y, cols), RG_OK);
        for (int64_t j = 0; j < cols; j++) {
            cr_assert(isnan(y[j]), "%s: all -inf row", rg_isa_name(isas[s]));
            cr_assert_eq(y[cols + j], j == 5 ? 1.0f : 0.0f, "%s", rg_isa_name(isas[s]));
            cr_assert(isnan(y[3 * cols + j]), "%s: NaN row", rg_isa_name(isas[s]));
        }
        cr_assert_eq(y[2 * cols + 3], 0.0f);
        check_rows(ROW_SOFTMAX, 1, cols, x + 2 * cols, cols, NULL, NULL, y + 2 * cols, cols,
                   "softmax with a -inf");
    }
}

Test(rows, threads) {
    rg_pool *pool;
    cr_assert_eq(rg_pool_create(2, NULL, &pool), RG_OK);
    rg_exec ex = {.pool = pool};
    const int64_t rows = 301, cols = 1001;
    float *x = guarded(rows * cols), *y = guarded(rows * cols), *w = guarded(cols);
    for (int64_t i = 0; i < rows * cols; i++)
        x[i] = (float)((urand() * 2 - 1) * 8);
    for (int64_t j = 0; j < cols; j++)
        w[j] = (float)(1 + 0.25 * (urand() * 2 - 1));
    for (int op = 0; op < 3; op++) {
        cr_assert_eq(run_row(&ex, (row_op)op, rows, cols, x, cols, w, w, y, cols), RG_OK);
        check_guards(y, rows * cols, "threads");
        check_rows((row_op)op, rows, cols, x, cols, w, w, y, cols, row_names[op]);
    }
    unguard(x);
    unguard(y);
    unguard(w);
    rg_pool_destroy(pool);
}

Test(api, bad_arguments) {
    float x[4] = {0}, y[4];
    cr_expect_eq(rg_act_f32(NULL, RG_ACT_COUNT_, 4, x, y), RG_EINVAL);
    cr_expect_eq(rg_act_f32(NULL, RG_ACT_GELU, -1, x, y), RG_EINVAL);
    cr_expect_eq(rg_act_f32(NULL, RG_ACT_GELU, 4, NULL, y), RG_EINVAL);
    cr_expect_eq(rg_act_f32(NULL, RG_ACT_GELU, 0, NULL, NULL), RG_OK);
    cr_expect_eq(rg_softmax_f32(NULL, 2, 2, x, 1, y, 2), RG_EINVAL);
    cr_expect_eq(rg_softmax_f32(NULL, 2, 2, x, 2, y, 1), RG_EINVAL);
    cr_expect_eq(rg_softmax_f32(NULL, -1, 2, x, 2, y, 2), RG_EINVAL);
    cr_expect_eq(rg_softmax_f32(NULL, 0, 2, NULL, 2, NULL, 2), RG_OK);
    cr_expect_eq(rg_rmsnorm_f32(NULL, 2, 2, x, 2, NULL, -1.0f, y, 2), RG_EINVAL);
    cr_expect_eq(rg_rmsnorm_f32(NULL, 2, 2, x, 2, NULL, NAN, y, 2), RG_EINVAL);
    cr_expect_eq(rg_layernorm_f32(NULL, 2, 2, NULL, 2, NULL, NULL, 1e-5f, y, 2), RG_EINVAL);
    cr_expect_eq(rg_layernorm_f32(NULL, 2, 2, x, 2, NULL, NULL, 1e-5f, y, 2), RG_OK);
    rg_exec ex = {.isa = (rg_isa)99};
    cr_expect_eq(rg_act_f32(&ex, RG_ACT_RELU, 4, x, y), RG_EINVAL);
    double r;
    cr_expect_eq(rg_ref_act(RG_ACT_COUNT_, 1.0, &r), RG_EINVAL);
}

/* The row ops' streaming stores (large outputs) write the same bits as plain stores, on every
 * table this CPU runs, fp32 and bf16, for vector-aligned rows (ldy a multiple of 16) and rows of
 * which most are not (ldy 1030: those take the plain stores); softmax also on rows past its
 * stack buffer and past its online-pass length. */
/* 64-byte aligned (aligned_alloc wants a size that is a multiple of it). */
static void *alloc64(size_t bytes) {
    return aligned_alloc(64, (bytes + 63) / 64 * 64);
}

static void rows_stream_case(const rg__act_kernels *k, int64_t cols, int64_t ldy) {
    const int64_t rows = 9, n = rows * ldy;
    float *x = alloc64((size_t)n * 4), *w = alloc64((size_t)cols * 4);
    float *b = alloc64((size_t)cols * 4), *y[2];
    uint16_t *xb = alloc64((size_t)n * 2), *yb[2];
    for (int s = 0; s < 2; s++) {
        y[s] = alloc64((size_t)n * 4);
        yb[s] = alloc64((size_t)n * 2);
        cr_assert(y[s] && yb[s]);
        memset(y[s], 0, (size_t)n * 4);
        memset(yb[s], 0, (size_t)n * 2);
    }
    cr_assert(x && w && b && xb);
    uint64_t rng = 77;
    for (int64_t i = 0; i < n; i++) {
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        x[i] = 3.0f * (float)((int64_t)(rng >> 40) - (1 << 23)) / (float)(1 << 23) + 0.5f;
        xb[i] = rg_bf16_from_f32(x[i]);
    }
    for (int64_t j = 0; j < cols; j++)
        w[j] = 1.0f + 0.001f * (float)j, b[j] = 0.01f * (float)(j % 7);
    static const char *names[] = {"rmsnorm", "layernorm", "softmax"};
    for (int op = 0; op < 3; op++) {
        for (int s = 0; s < 2; s++) {
            if (op == 0) {
                k->rmsnorm(rows, cols, x, ldy, w, 1e-6f, y[s], ldy, s);
                k->rmsnorm_bf16(rows, cols, xb, ldy, w, 1e-6f, yb[s], ldy, s);
            } else if (op == 1) {
                k->layernorm(rows, cols, x, ldy, w, b, 1e-5f, y[s], ldy, s);
                k->layernorm_bf16(rows, cols, xb, ldy, w, b, 1e-5f, yb[s], ldy, s);
            } else {
                k->softmax(rows, cols, x, ldy, y[s], ldy, s);
                k->softmax_bf16(rows, cols, xb, ldy, yb[s], ldy, s);
            }
        }
        cr_expect(memcmp(y[0], y[1], (size_t)n * 4) == 0,
                  "%s fp32, cols %lld, ldy %lld: streamed bits differ", names[op], (long long)cols,
                  (long long)ldy);
        cr_expect(memcmp(yb[0], yb[1], (size_t)n * 2) == 0,
                  "%s bf16, cols %lld, ldy %lld: streamed bits differ", names[op], (long long)cols,
                  (long long)ldy);
    }
    for (int s = 0; s < 2; s++)
        free(y[s]), free(yb[s]);
    free(x), free(w), free(b), free(xb);
}

Test(rows, stream_same_bits) {
    const rg__act_kernels *tables[] = {&rg__act_kernels_scalar, &rg__act_kernels_avx2,
                                       &rg__act_kernels_avx512, &rg__act_kernels_avx512bf16};
    const int runs[] = {1, rg_isa_supported(RG_ISA_AVX2), rg_isa_supported(RG_ISA_AVX512),
                        rg_isa_supported(RG_ISA_AVX512) && rg_cpu_features_get()->avx512_bf16};
    for (int t = 0; t < 4; t++)
        if (runs[t]) {
            rows_stream_case(tables[t], 1024, 1024);
            rows_stream_case(tables[t], 1024, 1030);
            rows_stream_case(tables[t], RG__SOFTMAX_SCRATCH_COLS + 16,
                             RG__SOFTMAX_SCRATCH_COLS + 16);
            rows_stream_case(tables[t], RG__SOFTMAX_ONLINE_COLS + 16, RG__SOFTMAX_ONLINE_COLS + 16);
        }
}
