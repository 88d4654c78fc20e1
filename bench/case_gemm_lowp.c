/* case_gemm_lowp.c: the GEMM case's bf16 and i8 dtypes: parameters, buffers, verification. */
#include "case_gemm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int rg__gemm_dtype_parse(const char *dtype, rg_gemm_problem *p, char *err, size_t errlen) {
    if (strcmp(dtype, "f32") == 0)
        p->dtype = RG_GEMM_F32;
    else if (strcmp(dtype, "bf16") == 0)
        p->dtype = RG_GEMM_BF16;
    else if (strcmp(dtype, "i8") == 0)
        p->dtype = RG_GEMM_I8;
    else if (strcmp(dtype, "f16") == 0)
        p->dtype = RG_GEMM_F16;
    else {
        snprintf(err, errlen, "gemm: dtype '%s' (valid: f32 bf16 f16 i8)", dtype);
        return RG_EINVAL;
    }
    p->per_column = 1;
    return 0;
}

int rg__gemm_elem_bytes(rg_gemm_dtype d) {
    return d == RG_GEMM_F32 ? 4 : d == RG_GEMM_I8 ? 1 : 2;
}

int rg__gemm_lowp_param(rg_gemm_problem *p, const rg_param *q, int *rc, char *err, size_t errlen) {
    if (strcmp(q->key, "zero") == 0) {
        if (p->dtype != RG_GEMM_I8 || q->is_str || q->ival < 0 || q->ival > 255) {
            snprintf(err, errlen, "gemm: zero: A's zero point, an integer 0..255 of an i8 case");
            *rc = RG_EINVAL;
        } else
            p->zero = (int32_t)q->ival;
        return 1;
    }
    if (strcmp(q->key, "scales") == 0) {
        int col = q->is_str && strcmp(q->sval, "column") == 0;
        if (p->dtype != RG_GEMM_I8 || !q->is_str || (!col && strcmp(q->sval, "tensor") != 0)) {
            snprintf(err, errlen, "gemm: scales: \"tensor\" or \"column\" (an i8 case)");
            *rc = RG_EINVAL;
        } else
            p->per_column = col;
        return 1;
    }
    return 0;
}

int rg__gemm_lowp_check(const rg_gemm_problem *p, char *err, size_t errlen) {
    if (p->dtype == RG_GEMM_I8 && p->alpha != 1.0f) {
        snprintf(err, errlen, "gemm: an i8 case scales by its scales, not alpha (alpha = 1)");
        return RG_EINVAL;
    }
    return 0;
}

void rg__gemm_lowp_describe(const rg_gemm_problem *p, rg_result *res) {
    if (p->dtype != RG_GEMM_I8) return;
    rg_result_set_int(res, "zero", p->zero);
    rg_result_set_str(res, "scales", p->per_column ? "column" : "tensor");
}

void rg__gemm_lowp_set_free(rg_gemm_set *s) {
    free(s->la);
    free(s->lb);
    free(s->scale);
}

/* bf16: uniform [-1, 1) rounded to bf16, also kept as floats (the reference, GPU adapters). i8: A
 * uniform over 0..255, B over -128..127, per-column scales of about 1/(K * 32 * 128) so that C is
 * of order one. */
int rg__gemm_lowp_set_alloc(const rg_gemm_problem *p, uint64_t seed, rg_pages pages,
                            const rg_gemm_set *src, rg_gemm_set *s) {
    const size_t es = (size_t)rg__gemm_elem_bytes(p->dtype);
    const int floats = p->dtype == RG_GEMM_BF16;
    s->la = rg__buf_alloc(p->a_elems * (int64_t)es, pages);
    s->lb = rg__buf_alloc(p->b_elems * (int64_t)es, pages);
    if (floats) {
        s->a = rg__buf_alloc(p->a_elems * 4, pages);
        s->b = rg__buf_alloc(p->b_elems * 4, pages);
    }
    if (p->dtype == RG_GEMM_I8) s->scale = rg__buf_alloc(p->n * 4, pages);
    if (!s->la || !s->lb || (floats && (!s->a || !s->b)) || (p->dtype == RG_GEMM_I8 && !s->scale))
        return RG_ENOMEM;
    if (src) {
        memcpy(s->la, src->la, (size_t)p->a_elems * es);
        memcpy(s->lb, src->lb, (size_t)p->b_elems * es);
        if (floats) memcpy(s->a, src->a, (size_t)p->a_elems * 4);
        if (floats) memcpy(s->b, src->b, (size_t)p->b_elems * 4);
        if (s->scale) memcpy(s->scale, src->scale, (size_t)p->n * 4);
        return 0;
    }
    uint64_t rng = seed ^ 0x10f9;
    if (p->dtype == RG_GEMM_BF16) {
        uint16_t *la = s->la, *lb = s->lb;
        for (int64_t i = 0; i < p->a_elems; i++)
            s->a[i] = rg_f32_from_bf16(la[i] = rg_bf16_from_f32(rg__rng_uniform_f32(&rng)));
        for (int64_t i = 0; i < p->b_elems; i++)
            s->b[i] = rg_f32_from_bf16(lb[i] = rg_bf16_from_f32(rg__rng_uniform_f32(&rng)));
        return 0;
    }
    uint8_t *la = s->la;
    int8_t *lb = s->lb;
    for (int64_t i = 0; i < p->a_elems; i++)
        la[i] = (uint8_t)(rg__rng_next(&rng) >> 56);
    for (int64_t i = 0; i < p->b_elems; i++)
        lb[i] = (int8_t)(rg__rng_next(&rng) >> 56);
    rg__gemm_i8_scales(p, seed, s->scale);
    return 0;
}

void rg__gemm_i8_scales(const rg_gemm_problem *p, uint64_t seed, float *out) {
    uint64_t rng = seed ^ 0x5ca1e5;
    const float base = 1.0f / (32.0f * 128.0f * (float)(p->k > 0 ? p->k : 1));
    for (int64_t j = 0; j < p->n; j++)
        out[j] = base * (1.0f + 0.25f * rg__rng_uniform_f32(&rng));
}

/* Element (i, j) of op(X) stored with the case's layout. */
static int64_t at(const rg_gemm_problem *p, rg_trans t, int64_t ld, int64_t i, int64_t j) {
    int rowwise = (p->layout == RG_ROW_MAJOR) != (t == RG_TRANS);
    return rowwise ? i * ld + j : j * ld + i;
}

#define I8_SAMPLED 4096
#define I8_FULL_MAX_WORK 67108864.0 /* 2^26 multiply-adds */

/* One entry of the i8 result, exactly as rg_gemm_u8s8 documents it. */
static float i8_entry(const rg_gemm_problem *p, const rg_gemm_set *s, int64_t i, int64_t j) {
    const uint8_t *a = s->la;
    const int8_t *b = s->lb;
    int64_t sum = 0;
    for (int64_t q = 0; q < p->k; q++)
        sum += ((int64_t)a[at(p, p->ta, p->lda, i, q)] - p->zero) * b[at(p, p->tb, p->ldb, q, j)];
    float r = (float)sum * s->scale[p->per_column ? j : 0];
    if (p->beta != 0.0f) r = fmaf(p->beta, s->c0[at(p, RG_NO_TRANS, p->ldc, i, j)], r);
    return r;
}

/* i8: integer sums are exact, so every checked entry must equal the formula bit for bit: all
 * of them for small cases, else the first and last rows and columns and 4096 seeded ones. */
static int verify_i8(const rg_gemm_problem *p, const rg_gemm_set *s, uint64_t seed,
                     double *max_rel_error, double *tolerance, char *reason, size_t reasonlen) {
    *tolerance = 0;
    *max_rel_error = 0;
    const int full = (double)p->m * (double)p->n * (double)p->k <= I8_FULL_MAX_WORK;
    const int64_t count = full ? p->m * p->n : 2 * (p->m + p->n) + I8_SAMPLED;
    uint64_t rng = seed ^ 0x18;
    for (int64_t t = 0; t < count; t++) {
        int64_t i, j;
        if (full) {
            i = t / p->n;
            j = t % p->n;
        } else if (t < 2 * p->n) {
            i = t % 2 ? p->m - 1 : 0;
            j = t / 2;
        } else if (t < 2 * (p->n + p->m)) {
            i = (t - 2 * p->n) / 2;
            j = t % 2 ? p->n - 1 : 0;
        } else {
            i = (int64_t)(rg__rng_next(&rng) % (uint64_t)p->m);
            j = (int64_t)(rg__rng_next(&rng) % (uint64_t)p->n);
        }
        const float want = i8_entry(p, s, i, j), got = s->c[at(p, RG_NO_TRANS, p->ldc, i, j)];
        if (memcmp(&want, &got, sizeof want) != 0 && !(want == 0 && got == 0)) {
            *max_rel_error =
                isfinite(got) ? fabs((double)got - want) / fmax(fabs(want), 1e-30) : INFINITY;
            snprintf(reason, reasonlen, "C[%lld,%lld] = %.9g, exact %.9g", (long long)i,
                     (long long)j, (double)got, (double)want);
            return RG_EVERIFY;
        }
    }
    return 0;
}

int rg__gemm_lowp_verify(const rg_gemm_problem *p, const rg_gemm_set *s, uint64_t seed,
                         double *max_rel_error, double *tolerance, char *reason, size_t reasonlen) {
    if (p->dtype == RG_GEMM_I8)
        return verify_i8(p, s, seed, max_rel_error, tolerance, reason, reasonlen);
    /* bf16: products of bf16 values are exact in fp32, so the fp32 GEMM's bound (the sums'
     * rounding, gamma_{K+2} with u = 2^-24) holds against the rounded inputs. */
    return rg__verify_sgemm(p->layout, p->ta, p->tb, p->m, p->n, p->k, p->alpha, s->a, p->lda, s->b,
                            p->ldb, p->beta, s->c0, s->c, p->ldc, seed, max_rel_error, tolerance,
                            reason, reasonlen);
}
