/* impl_ridge_attention.c: adapter running ridge's fused rg_attention_f32/bf16 on the harness
 * pool. */
#include "case_attention.h"

static int ridge_available(char *why, size_t whylen) {
    (void)why;
    (void)whylen;
    return 1;
}

static int ridge_supports(const void *problem, char *why, size_t whylen) {
    (void)problem;
    (void)why;
    (void)whylen;
    return 1;
}

static int ridge_setup(rg_harness *h, const void *problem, void **state) {
    (void)problem;
    *state = &h->exec;
    return 0;
}

static int ridge_run(void *state, const void *problem, void *set) {
    const rg_attention_problem *p = problem;
    rg_attention_set *s = set;
    if (p->bf16) return rg_attention_bf16(state, &p->d, s->qb, s->kb, s->vb, s->o);
    return rg_attention_f32(state, &p->d, s->q, s->k, s->v, s->o);
}

static void ridge_teardown(void *state) {
    (void)state;
}

static void ridge_isa(const rg_harness *h, char *out, size_t outlen) {
    rg_isa isa = h->exec.isa == RG_ISA_AUTO ? rg_cpu_best_isa() : h->exec.isa;
    snprintf(out, outlen, "%s", rg_isa_name(isa));
}

#define RIDGE_ATTENTION_IMPL(sym, dt)                                                              \
    const rg_impl sym = {                                                                          \
        .op = &rg__op_attention,                                                                   \
        .impl = "ridge",                                                                           \
        .device = "cpu",                                                                           \
        .dtype = dt,                                                                               \
        .quiesce_ms = 0,                                                                           \
        .available = ridge_available,                                                              \
        .supports = ridge_supports,                                                                \
        .setup = ridge_setup,                                                                      \
        .run = ridge_run,                                                                          \
        .teardown = ridge_teardown,                                                                \
        .isa = ridge_isa,                                                                          \
    };
RIDGE_ATTENTION_IMPL(rg__impl_ridge_attention_f32, "f32")
RIDGE_ATTENTION_IMPL(rg__impl_ridge_attention_bf16, "bf16")
