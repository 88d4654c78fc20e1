/* impl_ridge_gemm.c: adapter running ridge's rg_sgemm on the harness pool and caches. */
#include "case_gemm.h"
#include "impl_ridge.h"

#include <string.h>

static int ridge_run(void *state, const void *problem, void *set) {
    const rg_gemm_problem *p = problem;
    rg_gemm_set *s = set;
    return rg_sgemm(state, p->layout, p->ta, p->tb, p->m, p->n, p->k, p->alpha, s->a, p->lda, s->b,
                    p->ldb, p->beta, s->c, p->ldc);
}

const rg_impl rg__impl_ridge_gemm_f32 = {
    .op = &rg__op_gemm,
    .impl = "ridge",
    .device = "cpu",
    .dtype = "f32",
    .quiesce_ms = 0, /* the pool's workers block after at most 50 us */
    .available = rg__ridge_available,
    .supports = rg__ridge_supports_all, /* the full BLAS interface, 64-bit sizes */
    .setup = rg__ridge_setup,
    .run = ridge_run,
    .teardown = rg__ridge_teardown,
    .isa = rg__ridge_isa,
};
