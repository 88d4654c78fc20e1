/* baseline_openblas.c: adapter running OpenBLAS cblas_sgemm with the harness's threads and PUs. */
#define _GNU_SOURCE
#include "case_gemm.h"

#include <cblas.h>
#include <limits.h>
#include <sched.h>
#include <string.h>

/* OpenBLAS workers busy-wait after each call (measured here: about 110 ms, 2^28 TSC cycles)
 * before they sleep; the harness waits for that, up to this bound. */
#define OPENBLAS_QUIESCE_MS 2000

static int openblas_available(char *why, size_t whylen) {
    return 1;
}

static int fits(int64_t v) {
    return sizeof(blasint) >= 8 || v <= (int64_t)INT_MAX;
}

static int openblas_supports(const void *problem, char *why, size_t whylen) {
    const rg_gemm_problem *p = problem;
    if (fits(p->m) && fits(p->n) && fits(p->k) && fits(p->lda) && fits(p->ldb) && fits(p->ldc))
        return 1;
    snprintf(why, whylen, "this OpenBLAS takes %zu-bit sizes", 8 * sizeof(blasint));
    return 0;
}

/* Same thread count as ridge; worker i+1 of OpenBLAS goes to the harness's PU i+1 (the calling
 * thread, OpenBLAS's last index, is already on PU 0). */
static int openblas_setup(rg_harness *h, const void *problem, void **state) {
    openblas_set_num_threads(h->nthreads);
    if (h->opts.pin != RG_PIN_NONE) {
        int n = openblas_get_num_threads();
        for (int idx = 0; idx + 1 < n && idx + 1 < h->nthreads; idx++) {
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(h->pus[idx + 1], &set);
            if (openblas_setaffinity(idx, sizeof set, &set) != 0)
                rg__harness_warn(h, "could not bind OpenBLAS thread %d to PU %d", idx,
                                 h->pus[idx + 1]);
        }
    }
    *state = NULL;
    return 0;
}

static int openblas_run(void *state, const void *problem, void *set) {
    const rg_gemm_problem *p = problem;
    rg_gemm_set *s = set;
    cblas_sgemm(p->layout == RG_ROW_MAJOR ? CblasRowMajor : CblasColMajor,
                p->ta == RG_TRANS ? CblasTrans : CblasNoTrans,
                p->tb == RG_TRANS ? CblasTrans : CblasNoTrans, (blasint)p->m, (blasint)p->n,
                (blasint)p->k, p->alpha, s->a, (blasint)p->lda, s->b, (blasint)p->ldb, p->beta,
                s->c, (blasint)p->ldc);
    return 0;
}

static void openblas_teardown(void *state) {}

static void openblas_isa(const rg_harness *h, char *out, size_t outlen) {
    snprintf(out, outlen, "%s", openblas_get_corename());
}

const rg_impl rg__impl_openblas_gemm_f32 = {
    .op = &rg__op_gemm,
    .impl = "openblas",
    .device = "cpu",
    .dtype = "f32",
    .quiesce_ms = OPENBLAS_QUIESCE_MS,
    .available = openblas_available,
    .supports = openblas_supports,
    .setup = openblas_setup,
    .run = openblas_run,
    .teardown = openblas_teardown,
    .isa = openblas_isa,
};
