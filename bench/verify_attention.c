/* verify_attention.c: checks an attention output against the double reference with an error
 * bound derived from fp32 rounding, the exp2 approximation and the lengths (docs/method.md). */
#include "case_attention.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define U32 0x1p-24
/* ridge's exp2 and any baseline's exp: at most this relative error (a few ulp; generous). */
#define EXP_REL_ERR 0x1p-20
/* Keys per online-softmax block in the bound's count of rescalings (the smallest any kernel
 * uses; fewer blocks only make the bound looser). */
#define MIN_BLOCK 16

static double gamma_n(double n, double u) {
    return n * u < 1 ? n * u / (1 - n * u) : INFINITY;
}

/* Scores carry an absolute error of at most E = gamma_{d+6} * smax (the dot product, the scale,
 * the base-2 conversion and the subtraction of the max); each weight is then off by a factor
 * within e^{+-2E} after normalization. The weighted sums of V and of the weights add
 * gamma_{kv + blocks + 4} each (sums, rescalings, the division), exp2 its relative error twice.
 * All relative to mag = sum_j w_j |V_jc|. Weights rounded to p_unit before P V (16-bit P on
 * tensor cores) move the weighted sum by at most p_unit mag: 2 p_unit with a margin. */
static double row_tolerance(const rg_attention_desc *d, double smax, double p_unit) {
    const double n = (double)d->kv_len, blocks = n / MIN_BLOCK + 1;
    const double e = gamma_n((double)d->head_dim + 6, U32) * smax;
    return expm1(2 * e) + 2 * EXP_REL_ERR + 2 * gamma_n(n + blocks + 4, U32) +
           gamma_n(n + (double)d->head_dim + 4, 0x1p-53) + 2 * p_unit;
}

int rg__verify_attention(const rg_attention_desc *d, const float *q, const float *k, const float *v,
                         const float *o, int64_t max_rows, uint64_t seed, double p_unit,
                         double *max_rel_error, double *tolerance, char *reason, size_t reasonlen) {
    const int64_t hd = d->head_dim, total = d->batch * d->heads * d->q_len;
    *max_rel_error = 0;
    *tolerance = 0;
    /* Finite everywhere, whatever is sampled. */
    for (int64_t x = 0; x < total * hd; x++)
        if (!isfinite(o[x])) {
            *max_rel_error = INFINITY;
            snprintf(reason, reasonlen, "O[row %lld][%lld] = %g is not finite", (long long)(x / hd),
                     (long long)(x % hd), (double)o[x]);
            return RG_EVERIFY;
        }
    int64_t count = total;
    if (max_rows > 0 && max_rows + 2 < total) count = max_rows + 2;
    int64_t *rows = malloc((size_t)count * sizeof *rows);
    double *ref = malloc((size_t)(count * hd) * sizeof *ref);
    double *mag = malloc((size_t)(count * hd) * sizeof *mag);
    double *smax = malloc((size_t)count * sizeof *smax);
    int rc = RG_ENOMEM;
    if (!rows || !ref || !mag || !smax) goto done;
    if (count == total) {
        for (int64_t t = 0; t < count; t++)
            rows[t] = t;
    } else {
        uint64_t rng = seed ^ 0xa77e47105ull;
        rows[0] = 0;
        rows[1] = total - 1;
        for (int64_t t = 2; t < count; t++)
            rows[t] = (int64_t)(rg__rng_next(&rng) % (uint64_t)total);
    }
    if ((rc = rg_ref_attention_rows(d, q, k, v, count, rows, ref, mag, smax)) != RG_OK) goto done;
    double worst = -1;
    for (int64_t t = 0; t < count && rc == RG_OK; t++) {
        const double tol = row_tolerance(d, smax[t], p_unit);
        for (int64_t c = 0; c < hd; c++) {
            const double got = o[rows[t] * hd + c], want = ref[t * hd + c], m = mag[t * hd + c];
            const double diff = fabs(got - want);
            const double rel = m > 0 ? diff / m : (diff == 0 ? 0 : INFINITY);
            if (rel / tol > worst) {
                worst = rel / tol;
                *max_rel_error = rel;
                *tolerance = tol;
            }
            if (!(rel <= tol)) {
                const int64_t i = rows[t] % d->q_len, bh = rows[t] / d->q_len;
                snprintf(reason, reasonlen,
                         "O[b %lld][h %lld][q %lld][%lld] = %.9g, reference %.9g: normalized "
                         "error %.3g > tolerance %.3g",
                         (long long)(bh / d->heads), (long long)(bh % d->heads), (long long)i,
                         (long long)c, got, want, rel, tol);
                rc = RG_EVERIFY;
                break;
            }
        }
    }
done:
    free(rows);
    free(ref);
    free(mag);
    free(smax);
    return rc;
}

uint16_t rg__bf16_from_f32(float x) {
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (uint16_t)(u >> 16);
}

float rg__f32_from_bf16(uint16_t b) {
    const uint32_t u = (uint32_t)b << 16;
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}
