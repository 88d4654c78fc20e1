/* case_attention.c: the attention case: parameters, work formulas, buffers and verification. */
#include "case_attention.h"
#include "case_param.h"
#include "case_params.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Above this many multiply-adds in the reference, verification samples rows. */
#define FULL_CHECK_MAX_WORK 33554432.0 /* 2^25 */
#define SAMPLED_ROWS 128

static const char *const attention_axes[] = {"batch",  "heads",    "kv_heads", "q_len",
                                             "kv_len", "head_dim", "causal",   NULL};

static int attention_prepare(const rg_case *c, void **problem, char *err, size_t errlen) {
    rg_attention_problem p = {.d = {.kv_heads = 0}};
    int have = 0, rc = 0;
    int64_t causal = 0;
    if (strcmp(c->dtype, "f32") == 0)
        p.bf16 = 0;
    else if (strcmp(c->dtype, "bf16") == 0)
        p.bf16 = 1;
    else {
        snprintf(err, errlen, "attention: dtype '%s' (valid: f32 bf16)", c->dtype);
        return RG_EINVAL;
    }
    for (int i = 0; i < c->nparams && rc == 0; i++) {
        const rg_param *q = &c->params[i];
        if (strcmp(q->key, "batch") == 0)
            rc = rg__param_int("attention", q, 1, &p.d.batch, err, errlen), have |= 1;
        else if (strcmp(q->key, "heads") == 0)
            rc = rg__param_int("attention", q, 1, &p.d.heads, err, errlen), have |= 2;
        else if (strcmp(q->key, "kv_heads") == 0)
            rc = rg__param_int("attention", q, 1, &p.d.kv_heads, err, errlen);
        else if (strcmp(q->key, "q_len") == 0)
            rc = rg__param_int("attention", q, 1, &p.d.q_len, err, errlen), have |= 4;
        else if (strcmp(q->key, "kv_len") == 0)
            rc = rg__param_int("attention", q, 1, &p.d.kv_len, err, errlen), have |= 8;
        else if (strcmp(q->key, "head_dim") == 0)
            rc = rg__param_int("attention", q, 1, &p.d.head_dim, err, errlen), have |= 16;
        else if (strcmp(q->key, "causal") == 0) {
            rc = rg__param_int("attention", q, 0, &causal, err, errlen);
            if (rc == 0 && causal > 1) {
                snprintf(err, errlen, "attention: causal: expected 0 or 1, got %lld",
                         (long long)causal);
                rc = RG_EINVAL;
            }
        } else if (strcmp(q->key, "scale") == 0) {
            double s = (double)q->ival;
            if ((q->is_str && rg__parse_f64(q->sval, &s) != 0) || !(fabs(s) <= 3.4e38) || s == 0) {
                snprintf(err, errlen, "attention: scale: expected a finite non-zero number");
                rc = RG_EINVAL;
            }
            p.d.scale = (float)s;
        } else if (rg_param_is_descriptive(q->key)) {
            rc = rg__param_descriptive("attention", q, p.desc, &p.ndesc, err, errlen);
        } else {
            snprintf(err, errlen,
                     "attention: unknown parameter '%s' (valid: batch heads kv_heads q_len kv_len "
                     "head_dim causal scale; descriptive: phase proj per_layer layers)",
                     q->key);
            rc = RG_EINVAL;
        }
    }
    if (rc) return rc;
    static const char *const names[] = {"batch", "heads", "q_len", "kv_len", "head_dim"};
    for (int b = 0; b < 5; b++)
        if (!(have & (1 << b))) {
            snprintf(err, errlen, "attention: missing parameter %s", names[b]);
            return RG_EINVAL;
        }
    p.d.causal = (int)causal;
    if (p.d.kv_heads == 0) p.d.kv_heads = p.d.heads;
    if (p.d.heads % p.d.kv_heads != 0) {
        snprintf(err, errlen, "attention: kv_heads %lld does not divide heads %lld",
                 (long long)p.d.kv_heads, (long long)p.d.heads);
        return RG_EINVAL;
    }
    int64_t t;
    const int64_t lim = INT64_MAX / 64;
    if (!rg__mul_ok(p.d.batch, p.d.heads, &t) || !rg__mul_ok(t, p.d.q_len, &t) ||
        !rg__mul_ok(t, p.d.head_dim, &p.q_elems) || p.q_elems > lim ||
        !rg__mul_ok(p.d.batch, p.d.kv_heads, &t) || !rg__mul_ok(t, p.d.kv_len, &t) ||
        !rg__mul_ok(t, p.d.head_dim, &p.kv_elems) || p.kv_elems > lim) {
        snprintf(err, errlen, "attention: buffer sizes overflow 64-bit integers");
        return RG_EOVERFLOW;
    }
    *problem = rg__problem_copy(&p, sizeof p);
    return *problem ? 0 : RG_ENOMEM;
}

static int64_t attention_set_bytes(const void *problem) {
    const rg_attention_problem *p = problem;
    return (p->bf16 ? 2 : 4) * (p->q_elems + 2 * p->kv_elems) + 4 * p->q_elems + 4 * 64;
}

/* Query-key pairs the mask allows in one (batch, head): q_len * kv_len, or under the
 * bottom-right causal mask sum_i clamp(i + kv_len - q_len + 1, 0, kv_len). */
static double allowed_pairs(const rg_attention_desc *d) {
    if (!d->causal) return (double)d->q_len * (double)d->kv_len;
    double n = 0;
    for (int64_t i = 0; i < d->q_len; i++) {
        int64_t a = i + d->kv_len - d->q_len + 1;
        n += (double)(a < 0 ? 0 : a > d->kv_len ? d->kv_len : a);
    }
    return n;
}

/* docs/method.md: 4 * head_dim flops per allowed pair (QK^T and PV, 2 each), Q, K, V read and O
 * written once. */
static void attention_work(const void *problem, double *flops, double *bytes) {
    const rg_attention_problem *p = problem;
    const double bh = (double)p->d.batch * (double)p->d.heads;
    *flops = 4.0 * (double)p->d.head_dim * allowed_pairs(&p->d) * bh;
    *bytes = (p->bf16 ? 2.0 : 4.0) * ((double)p->q_elems + 2.0 * (double)p->kv_elems) +
             4.0 * (double)p->q_elems;
}

static void attention_describe(const void *problem, rg_result *res) {
    const rg_attention_problem *p = problem;
    rg_result_set_int(res, "batch", p->d.batch);
    rg_result_set_int(res, "heads", p->d.heads);
    rg_result_set_int(res, "kv_heads", p->d.kv_heads);
    rg_result_set_int(res, "q_len", p->d.q_len);
    rg_result_set_int(res, "kv_len", p->d.kv_len);
    rg_result_set_int(res, "head_dim", p->d.head_dim);
    rg_result_set_int(res, "causal", p->d.causal);
    if (p->d.scale != 0.0f) {
        char v[24];
        snprintf(v, sizeof v, "%.9g", (double)p->d.scale);
        rg_result_set_str(res, "scale", v);
    }
    rg__params_record(res, p->desc, p->ndesc);
}

static void attention_set_free(void *set) {
    rg_attention_set *s = set;
    if (!s) return;
    free(s->q);
    free(s->k);
    free(s->v);
    free(s->o);
    free(s->qb);
    free(s->kb);
    free(s->vb);
    free(s);
}

/* Uniform [-1, 1) data; for bf16 rounded to bf16, the floats keeping the rounded values. */
static void fill(float *x, uint16_t *xb, int64_t n, uint64_t *rng) {
    for (int64_t i = 0; i < n; i++) {
        float f = rg__rng_uniform_f32(rng);
        if (xb) {
            xb[i] = rg__bf16_from_f32(f);
            f = rg__f32_from_bf16(xb[i]);
        }
        if (x) x[i] = f;
    }
}

static int attention_set_alloc(const void *problem, uint64_t seed, rg_pages pages,
                               const void *copy_from, void **out) {
    const rg_attention_problem *p = problem;
    const rg_attention_set *src = copy_from;
    rg_attention_set *s = calloc(1, sizeof *s);
    if (!s) return RG_ENOMEM;
    /* Floats: the f32 operands, or for bf16 only the first set's copy for the reference. */
    const int floats = !p->bf16 || !src;
    if (floats) {
        s->q = rg__buf_alloc(p->q_elems * 4, pages);
        s->k = rg__buf_alloc(p->kv_elems * 4, pages);
        s->v = rg__buf_alloc(p->kv_elems * 4, pages);
    }
    if (p->bf16) {
        s->qb = rg__buf_alloc(p->q_elems * 2, pages);
        s->kb = rg__buf_alloc(p->kv_elems * 2, pages);
        s->vb = rg__buf_alloc(p->kv_elems * 2, pages);
    }
    s->o = rg__buf_alloc(p->q_elems * 4, pages);
    if (!s->o || (floats && (!s->q || !s->k || !s->v)) ||
        (p->bf16 && (!s->qb || !s->kb || !s->vb))) {
        attention_set_free(s);
        return RG_ENOMEM;
    }
    if (src && p->bf16) {
        memcpy(s->qb, src->qb, (size_t)p->q_elems * 2);
        memcpy(s->kb, src->kb, (size_t)p->kv_elems * 2);
        memcpy(s->vb, src->vb, (size_t)p->kv_elems * 2);
    } else if (src) {
        memcpy(s->q, src->q, (size_t)p->q_elems * 4);
        memcpy(s->k, src->k, (size_t)p->kv_elems * 4);
        memcpy(s->v, src->v, (size_t)p->kv_elems * 4);
    } else {
        uint64_t rng = seed;
        fill(s->q, s->qb, p->q_elems, &rng);
        fill(s->k, s->kb, p->kv_elems, &rng);
        fill(s->v, s->vb, p->kv_elems, &rng);
    }
    /* O starts as NaN: an output an implementation never writes fails verification. */
    for (int64_t i = 0; i < p->q_elems; i++)
        s->o[i] = NAN;
    *out = s;
    return 0;
}

static void attention_set_reset(const void *problem, void *set) {
    (void)problem;
    (void)set;
}

static int attention_verify(const void *problem, const void *set, uint64_t seed,
                            double *max_rel_error, double *tolerance, char *reason,
                            size_t reasonlen) {
    const rg_attention_problem *p = problem;
    const rg_attention_set *s = set;
    const double work =
        allowed_pairs(&p->d) * (double)p->d.head_dim * (double)p->d.batch * (double)p->d.heads;
    /* A bf16 case lets an implementation round P to bf16 for P V, as tensor-core kernels
     * (FlashAttention, cuDNN, ridge's GPU kernel) do. */
    return rg__verify_attention(
        &p->d, s->q, s->k, s->v, s->o, work <= FULL_CHECK_MAX_WORK ? 0 : SAMPLED_ROWS, seed,
        p->bf16 ? 0x1p-8 : 0.0, max_rel_error, tolerance, reason, reasonlen);
}

const rg_op rg__op_attention = {
    .name = "attention",
    .default_axes = attention_axes,
    .prepare = attention_prepare,
    .destroy = free, /* problems are plain copies (rg__problem_copy) */
    .set_bytes = attention_set_bytes,
    .work = attention_work,
    .describe = attention_describe,
    .set_alloc = attention_set_alloc,
    .set_free = attention_set_free,
    .set_reset = attention_set_reset,
    .verify = attention_verify,
};
