/* impl_ridge_gemm.c: adapter running ridge's rg_sgemm on the harness pool and caches. */
#include "case_gemm.h"

#include <string.h>

static int ridge_available(char *why, size_t whylen) {
    return 1;
}

/* rg_sgemm takes the full BLAS interface with 64-bit sizes: every GEMM case. */
static int ridge_supports(const void *problem, char *why, size_t whylen) {
    return 1;
}

static int ridge_setup(rg_harness *h, const void *problem, void **state) {
    *state = &h->exec;
    return 0;
}

static int ridge_run(void *state, const void *problem, void *set) {
    const rg_gemm_problem *p = problem;
    rg_gemm_set *s = set;
    return rg_sgemm(state, p->layout, p->ta, p->tb, p->m, p->n, p->k, p->alpha, s->a, p->lda, s->b,
                    p->ldb, p->beta, s->c, p->ldc);
}

static void ridge_teardown(void *state) {}

static void ridge_isa(const rg_harness *h, char *out, size_t outlen) {
    rg_isa isa = h->exec.isa == RG_ISA_AUTO ? rg_cpu_best_isa() : h->exec.isa;
    snprintf(out, outlen, "%s", rg_isa_name(isa));
}

const rg_impl rg__impl_ridge_gemm_f32 = {
    .op = &rg__op_gemm,
    .impl = "ridge",
    .device = "cpu",
    .dtype = "f32",
    .quiesce_ms = 0, /* the pool's workers block after at most 50 us */
    .available = ridge_available,
    .supports = ridge_supports,
    .setup = ridge_setup,
    .run = ridge_run,
    .teardown = ridge_teardown,
    .isa = ridge_isa,
};
