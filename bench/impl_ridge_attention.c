/* impl_ridge_attention.c: adapter running ridge's fused rg_attention_f32/bf16 on the harness
 * pool. */
#include "case_attention.h"
#include "impl_ridge.h"

static int ridge_run(void *state, const void *problem, void *set) {
    const rg_attention_problem *p = problem;
    rg_attention_set *s = set;
    if (p->bf16) return rg_attention_bf16(state, &p->d, s->qb, s->kb, s->vb, s->o);
    return rg_attention_f32(state, &p->d, s->q, s->k, s->v, s->o);
}

#define RIDGE_ATTENTION_IMPL(sym, dt)                                                              \
    const rg_impl sym = {                                                                          \
        .op = &rg__op_attention,                                                                   \
        .impl = "ridge",                                                                           \
        .device = "cpu",                                                                           \
        .dtype = dt,                                                                               \
        .quiesce_ms = 0,                                                                           \
        .available = rg__ridge_available,                                                          \
        .supports = rg__ridge_supports_all,                                                        \
        .setup = rg__ridge_setup,                                                                  \
        .run = ridge_run,                                                                          \
        .teardown = rg__ridge_teardown,                                                            \
        .isa = rg__ridge_isa,                                                                      \
    };
RIDGE_ATTENTION_IMPL(rg__impl_ridge_attention_f32, "f32")
RIDGE_ATTENTION_IMPL(rg__impl_ridge_attention_bf16, "bf16")
