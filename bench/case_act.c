/* case_act.c: the activation and normalization cases: parameters, work formulas and buffers of
 * relu, gelu, gelu_tanh, silu, softmax, rmsnorm and layernorm, one rg_op each from one table. */
#include "case_act.h"
#include "case_attention.h" /* rg__bf16_from_f32 */
#include "case_param.h"
#include "case_params.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* name, row op (softmax/norms), weight, bias, flops per element, flops per row, default eps.
 * Flops count the arithmetic of the definition (docs/method.md): +, -, *, /, max and each
 * exp, erf, tanh or sqrt as one; per row the reductions' finishing steps. */
#define RG_ACT_OP_TABLE(X)                                                                         \
    X(RELU, "relu", 0, 0, 0, 1, 0, 0.0f)                                                           \
    X(GELU, "gelu", 0, 0, 0, 5, 0, 0.0f)                                                           \
    X(GELU_TANH, "gelu_tanh", 0, 0, 0, 9, 0, 0.0f)                                                 \
    X(SILU, "silu", 0, 0, 0, 4, 0, 0.0f)                                                           \
    X(SOFTMAX, "softmax", 1, 0, 0, 5, 1, 0.0f)                                                     \
    X(RMSNORM, "rmsnorm", 1, 1, 0, 4, 4, 1e-6f)                                                    \
    X(LAYERNORM, "layernorm", 1, 1, 1, 8, 5, 1e-5f)

typedef struct {
    const char *name;
    int row_op, weight, bias;
    double flops_elem, flops_row;
    float eps;
} op_info;

#define RG_ACT_INFO(K, NAME, ROW, W, B, FE, FR, EPS)                                               \
    [RG_ACT_OP_##K] = {NAME, ROW, W, B, FE, FR, EPS},
static const op_info infos[RG_ACT_OP_COUNT_] = {RG_ACT_OP_TABLE(RG_ACT_INFO)};
#undef RG_ACT_INFO

static const char *const act_axes[] = {"rows", "cols", NULL};

const char *rg__act_op_name(rg_act_op_kind kind) {
    return kind >= 0 && kind < RG_ACT_OP_COUNT_ ? infos[kind].name : NULL;
}

static int act_kind(const char *name, rg_act_op_kind *out) {
    for (int k = 0; k < RG_ACT_OP_COUNT_; k++)
        if (strcmp(infos[k].name, name) == 0) {
            *out = (rg_act_op_kind)k;
            return 0;
        }
    return RG_EINVAL;
}

rg_act rg__act_elementwise(rg_act_op_kind kind) {
    switch (kind) {
    case RG_ACT_OP_GELU:
        return RG_ACT_GELU;
    case RG_ACT_OP_GELU_TANH:
        return RG_ACT_GELU_TANH;
    case RG_ACT_OP_SILU:
        return RG_ACT_SILU;
    default:
        return RG_ACT_RELU;
    }
}

size_t rg__act_elem_size(const rg_act_problem *p) {
    return p->dtype == RG_ACT_BF16 ? 2 : 4;
}

static int act_prepare(const rg_case *c, void **problem, char *err, size_t errlen) {
    rg_act_problem p = {0};
    if (act_kind(c->op, &p.kind) != 0) {
        snprintf(err, errlen, "act: unknown op '%s'", c->op);
        return RG_EINVAL;
    }
    const op_info *in = &infos[p.kind];
    if (strcmp(c->dtype, "f32") == 0)
        p.dtype = RG_ACT_F32;
    else if (strcmp(c->dtype, "bf16") == 0)
        p.dtype = RG_ACT_BF16;
    else {
        snprintf(err, errlen, "%s: dtype '%s' (valid: f32 bf16)", in->name, c->dtype);
        return RG_EINVAL;
    }
    p.eps = in->eps;
    p.has_weight = in->weight;
    p.has_bias = in->bias;
    int have = 0, rc = 0;
    for (int i = 0; i < c->nparams && rc == 0; i++) {
        const rg_param *q = &c->params[i];
        if (strcmp(q->key, "rows") == 0)
            rc = rg__param_int(in->name, q, 1, &p.rows, err, errlen), have |= 1;
        else if (strcmp(q->key, "cols") == 0)
            rc = rg__param_int(in->name, q, 1, &p.cols, err, errlen), have |= 2;
        else if (strcmp(q->key, "eps") == 0 && in->weight)
            rc = rg__param_real(in->name, q, 0.0, 0x1.fffffep-1, &p.eps, err, errlen); /* [0, 1) */
        else if (rg_param_is_descriptive(q->key)) {
            rc = rg__param_descriptive(in->name, q, p.desc, &p.ndesc, err, errlen);
        } else {
            snprintf(err, errlen,
                     "%s: unknown parameter '%s' (valid: rows cols%s; descriptive: phase proj "
                     "per_layer layers)",
                     in->name, q->key, in->weight ? " eps" : "");
            rc = RG_EINVAL;
        }
    }
    if (rc) return rc;
    if (have != 3) {
        snprintf(err, errlen, "%s: missing parameter %s", in->name, !(have & 1) ? "rows" : "cols");
        return RG_EINVAL;
    }
    /* Buffers in bytes (x and y, bf16 or f32) must fit comfortably in 64 bits. */
    if (__builtin_mul_overflow(p.rows, p.cols, &p.elems) || p.elems > INT64_MAX / 16) {
        snprintf(err, errlen, "%s rows=%lld cols=%lld: buffer sizes overflow 64-bit integers",
                 in->name, (long long)p.rows, (long long)p.cols);
        return RG_EOVERFLOW;
    }
    *problem = rg__problem_copy(&p, sizeof p);
    return *problem ? 0 : RG_ENOMEM;
}

static int64_t act_set_bytes(const void *problem) {
    const rg_act_problem *p = problem;
    int64_t wb = 4 * p->cols * (p->has_weight + p->has_bias);
    return 2 * p->elems * (int64_t)rg__act_elem_size(p) + wb + 4 * 64;
}

/* docs/method.md: x read once, y written once, weights read once per call. */
static void act_work(const void *problem, double *flops, double *bytes) {
    const rg_act_problem *p = problem;
    const op_info *in = &infos[p->kind];
    double e = (double)p->elems;
    *flops = in->flops_elem * e + (in->row_op ? in->flops_row * (double)p->rows : 0.0);
    *bytes = 2.0 * e * (double)rg__act_elem_size(p) +
             4.0 * (double)p->cols * (p->has_weight + p->has_bias);
}

static void act_describe(const void *problem, rg_result *res) {
    const rg_act_problem *p = problem;
    rg_result_set_int(res, "rows", p->rows);
    rg_result_set_int(res, "cols", p->cols);
    if (infos[p->kind].weight) {
        char v[24];
        snprintf(v, sizeof v, "%g", (double)p->eps); /* 1e-06, not 9.99999997e-07 */
        rg_result_set_str(res, "eps", v);
    }
    rg__params_record(res, p->desc, p->ndesc);
}

static void act_set_free(void *set) {
    rg_act_set *s = set;
    if (!s) return;
    free(s->x);
    free(s->y);
    free(s->w);
    free(s->b);
    free(s);
}

/* y before each verification run: NaN, so that an output never written fails. */
static void act_set_reset(const void *problem, void *set) {
    const rg_act_problem *p = problem;
    rg_act_set *s = set;
    if (p->dtype == RG_ACT_BF16) {
        uint16_t *y = s->y;
        for (int64_t i = 0; i < p->elems; i++)
            y[i] = 0x7fc0;
    } else {
        float *y = s->y;
        for (int64_t i = 0; i < p->elems; i++)
            y[i] = NAN;
    }
}

static int act_set_alloc(const void *problem, uint64_t seed, rg_pages pages, const void *copy_from,
                         void **out) {
    const rg_act_problem *p = problem;
    const rg_act_set *src = copy_from;
    const size_t esz = rg__act_elem_size(p);
    rg_act_set *s = calloc(1, sizeof *s);
    if (!s) return RG_ENOMEM;
    s->x = rg__buf_alloc(p->elems * (int64_t)esz, pages);
    s->y = rg__buf_alloc(p->elems * (int64_t)esz, pages);
    if (p->has_weight) s->w = rg__buf_alloc(4 * p->cols, pages);
    if (p->has_bias) s->b = rg__buf_alloc(4 * p->cols, pages);
    if (!s->x || !s->y || (p->has_weight && !s->w) || (p->has_bias && !s->b)) {
        act_set_free(s);
        return RG_ENOMEM;
    }
    if (src) {
        memcpy(s->x, src->x, (size_t)p->elems * esz);
        if (s->w) memcpy(s->w, src->w, (size_t)p->cols * 4);
        if (s->b) memcpy(s->b, src->b, (size_t)p->cols * 4);
    } else {
        /* Inputs uniform in [-8, 8): the activations' interesting range (GELU and SiLU tails,
         * the exp of softmax over 16 units); weights around 1, bias around 0. */
        uint64_t rng = seed;
        for (int64_t i = 0; i < p->elems; i++) {
            float v = 8.0f * rg__rng_uniform_f32(&rng);
            if (p->dtype == RG_ACT_BF16)
                ((uint16_t *)s->x)[i] = rg__bf16_from_f32(v);
            else
                ((float *)s->x)[i] = v;
        }
        for (int64_t j = 0; s->w && j < p->cols; j++)
            s->w[j] = 1.0f + 0.25f * rg__rng_uniform_f32(&rng);
        for (int64_t j = 0; s->b && j < p->cols; j++)
            s->b[j] = 0.25f * rg__rng_uniform_f32(&rng);
    }
    act_set_reset(p, s);
    *out = s;
    return 0;
}

static int act_verify(const void *problem, const void *set, uint64_t seed, double *max_rel_error,
                      double *tolerance, char *reason, size_t reasonlen) {
    return rg__verify_act(problem, set, seed, max_rel_error, tolerance, reason, reasonlen);
}

#define RG_ACT_OP_DEF(K, NAME, ROW, W, B, FE, FR, EPS)                                             \
    [RG_ACT_OP_##K] = {                                                                            \
        .name = NAME,                                                                              \
        .default_axes = act_axes,                                                                  \
        .prepare = act_prepare,                                                                    \
        .destroy = free, /* problems are plain copies (rg__problem_copy) */                        \
        .set_bytes = act_set_bytes,                                                                \
        .work = act_work,                                                                          \
        .describe = act_describe,                                                                  \
        .set_alloc = act_set_alloc,                                                                \
        .set_free = act_set_free,                                                                  \
        .set_reset = act_set_reset,                                                                \
        .verify = act_verify,                                                                      \
    },
const rg_op rg__op_act[RG_ACT_OP_COUNT_] = {RG_ACT_OP_TABLE(RG_ACT_OP_DEF)};
#undef RG_ACT_OP_DEF
