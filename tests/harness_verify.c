/* harness_verify.c: the GEMM check catches wrong entries, NaN and Inf, and a wrong implementation
 * is reported as failed without a speed. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "case_gemm.h"

typedef struct {
    int64_t m, n, k;
    float *a, *b, *c0, *c;
} gemm_data;

static gemm_data make(int64_t m, int64_t n, int64_t k, float beta) {
    gemm_data d = {.m = m, .n = n, .k = k};
    d.a = malloc((size_t)(m * k) * sizeof(float));
    d.b = malloc((size_t)(k * n) * sizeof(float));
    d.c0 = malloc((size_t)(m * n) * sizeof(float));
    d.c = malloc((size_t)(m * n) * sizeof(float));
    cr_assert(d.a && d.b && d.c0 && d.c);
    uint64_t rng = 42;
    for (int64_t i = 0; i < m * k; i++)
        d.a[i] = rg__rng_uniform_f32(&rng);
    for (int64_t i = 0; i < k * n; i++)
        d.b[i] = rg__rng_uniform_f32(&rng);
    for (int64_t i = 0; i < m * n; i++)
        d.c[i] = d.c0[i] = rg__rng_uniform_f32(&rng);
    rg_exec ex = {0};
    cr_assert_eq(rg_sgemm(&ex, RG_ROW_MAJOR, RG_NO_TRANS, RG_NO_TRANS, m, n, k, 1.0f, d.a, k, d.b,
                          n, beta, d.c, n),
                 0);
    return d;
}

static void drop(gemm_data *d) {
    free(d->a);
    free(d->b);
    free(d->c0);
    free(d->c);
}

static int check(const gemm_data *d, float beta, double *err, char *reason, size_t len) {
    double tol;
    return rg__verify_sgemm(RG_ROW_MAJOR, RG_NO_TRANS, RG_NO_TRANS, d->m, d->n, d->k, 1.0f, d->a,
                            d->k, d->b, d->n, beta, beta != 0 ? d->c0 : NULL, d->c, d->n, 7, err,
                            &tol, reason, len);
}

Test(verify, correct_results_pass_small_and_large) {
    /* 37x41x53 is checked entry by entry; 600x520x500 by edges, samples and projection. */
    const int64_t shapes[2][3] = {{37, 41, 53}, {600, 520, 500}};
    for (int s = 0; s < 2; s++)
        for (int bi = 0; bi < 2; bi++) {
            float beta = bi ? 0.5f : 0.0f;
            gemm_data d = make(shapes[s][0], shapes[s][1], shapes[s][2], beta);
            double err = -1;
            char reason[256] = "";
            cr_expect_eq(check(&d, beta, &err, reason, sizeof reason), 0, "%s", reason);
            cr_expect(err >= 0 && err < 1e-5, "max_rel_error %g", err);
            drop(&d);
        }
}

Test(verify, one_wrong_entry_fails_small) {
    gemm_data d = make(37, 41, 53, 0.0f);
    d.c[20 * 41 + 17] += 1e-3f;
    double err;
    char reason[256] = "";
    cr_expect_eq(check(&d, 0.0f, &err, reason, sizeof reason), RG_EVERIFY);
    cr_expect(strstr(reason, "C[20,17]"), "%s", reason);
    drop(&d);
}

Test(verify, missing_interior_tile_caught_by_projection_in_large_case) {
    gemm_data d = make(600, 520, 500, 0.0f);
    /* A 4 x 4 block in the interior that a kernel never wrote (left zero): not on an edge,
     * and missed by the sampled entries (with this seed); the projection's rows through it
     * are off by far more than their rounding bound. */
    for (int64_t i = 300; i < 304; i++)
        for (int64_t j = 256; j < 260; j++)
            d.c[i * 520 + j] = 0.0f;
    double err;
    char reason[256] = "";
    cr_expect_eq(check(&d, 0.0f, &err, reason, sizeof reason), RG_EVERIFY);
    cr_expect(strstr(reason, "projection"), "%s", reason);
    drop(&d);
}

Test(verify, nan_and_inf_fail) {
    gemm_data d = make(16, 16, 16, 0.0f);
    double err;
    char reason[256] = "";
    d.c[5] = NAN;
    cr_expect_eq(check(&d, 0.0f, &err, reason, sizeof reason), RG_EVERIFY);
    d.c[5] = INFINITY;
    cr_expect_eq(check(&d, 0.0f, &err, reason, sizeof reason), RG_EVERIFY);
    cr_expect(strstr(reason, "not finite"), "%s", reason);
    drop(&d);
}

/* A deliberately wrong implementation: ridge's result with one entry perturbed. */
static int wrong_run(void *state, const void *problem, void *set) {
    const rg_gemm_problem *p = problem;
    rg_gemm_set *s = set;
    int rc = rg_sgemm(NULL, p->layout, p->ta, p->tb, p->m, p->n, p->k, p->alpha, s->a, p->lda, s->b,
                      p->ldb, p->beta, s->c, p->ldc);
    s->c[p->c_elems / 2] += 1.0f;
    return rc;
}
static int wrong_setup(rg_harness *h, const void *problem, void **state) {
    return *state = NULL, 0;
}
static void wrong_teardown(void *state) {}
static void wrong_isa(const rg_harness *h, char *out, size_t len) {
    snprintf(out, len, "test");
}

Test(verify, wrong_implementation_is_failed_without_speed) {
    const rg_impl wrong = {.op = &rg__op_gemm,
                           .impl = "wrong",
                           .device = "cpu",
                           .dtype = "f32",
                           .setup = wrong_setup,
                           .run = wrong_run,
                           .teardown = wrong_teardown,
                           .isa = wrong_isa};
    rg_case c = {.op = "gemm", .dtype = "f32", .nparams = 3};
    const char *keys[3] = {"M", "N", "K"};
    for (int i = 0; i < 3; i++) {
        strcpy(c.params[i].key, keys[i]);
        c.params[i].ival = 33;
    }
    void *problem = NULL;
    char err[256];
    cr_assert_eq(rg__op_gemm.prepare(&c, &problem, err, sizeof err), 0, "%s", err);
    static rg_harness h;
    h.opts.min_time = 0.01;
    h.opts.max_time = 0.05;
    h.opts.target_ci_pct = 1;
    h.opts.seed = 1;
    h.nthreads = 1;
    rg_result res;
    memset(&res, 0, sizeof res);
    res.flops = 1;
    cr_assert_eq(rg__measure_case(&h, &wrong, problem, &res), 0);
    cr_expect_eq(res.status, RG_CASE_FAILED);
    cr_expect(res.reason[0] != '\0');
    cr_expect_eq(res.gflops, 0);
    cr_expect_eq(res.nsamples, 0);
    cr_expect_null(res.samples);
    cr_expect(res.max_rel_error > res.tolerance);
    rg__op_gemm.destroy(problem);
}
