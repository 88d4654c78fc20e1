/* harness_onednn.c: the onednn implementations verify on small cases of every layout, run on the
 * harness's threads and PUs, and are skipped with a reason in a build without oneDNN. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <math.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "baseline_onednn.h"
#include "case_act.h"
#include "case_gemm.h"
#include "cli_capture.h"

#ifdef _OPENMP
#include <omp.h>
#endif

static const rg_impl *find_impl(const char *op, const char *impl, const char *dtype) {
    for (size_t i = 0; i < rg__registry_count(); i++) {
        const rg_impl *r = rg__registry_get(i);
        if (!strcmp(r->op->name, op) && !strcmp(r->impl, impl) && !strcmp(r->dtype, dtype))
            return r;
    }
    return NULL;
}

static void skip_without_onednn(void) {
    char why[128] = "";
    if (!rg__dnnl_available(why, sizeof why)) cr_skip_test("%s", why);
}

/* A harness as `ridge run` starts it: the topology, up to two threads, compact pinning. */
static void harness_start(rg_harness *h) {
    memset(h, 0, sizeof *h);
    h->opts.threads = 2;
    h->opts.pin = RG_PIN_COMPACT;
    cr_assert_eq(rg__topo_load(&h->topo), 0);
    rg_topo_info ti;
    rg__topo_info(h->topo, &ti);
    if (ti.allowed_pus < 2) h->opts.threads = 1;
    char err[256] = "";
    cr_assert_eq(rg__start_threads(h, err, sizeof err), 0, "%s", err);
}

static void harness_stop(rg_harness *h) {
    rg_pool_destroy(h->pool);
    rg__topo_free(h->topo);
}

static void set_int(rg_case *c, const char *key, int64_t v) {
    rg_param *p = &c->params[c->nparams++];
    snprintf(p->key, sizeof p->key, "%s", key);
    p->ival = v;
}

static void set_str(rg_case *c, const char *key, const char *v) {
    rg_param *p = &c->params[c->nparams++];
    snprintf(p->key, sizeof p->key, "%s", key);
    p->is_str = 1;
    snprintf(p->sval, sizeof p->sval, "%s", v);
}

/* Prepares the case, runs the implementation once on fresh data and verifies the output; with
 * nan_c (GEMM), C starts as NaN: beta = 0 must not read it. */
static void run_and_verify(rg_harness *h, const rg_impl *impl, const rg_case *c, int nan_c,
                           const char *label) {
    void *problem = NULL, *state = NULL, *set = NULL;
    char err[256] = "", isa[32] = "";
    cr_assert_eq(impl->op->prepare(c, &problem, err, sizeof err), 0, "%s: %s", label, err);
    cr_assert_eq(impl->setup(h, problem, &state), 0, "%s: setup", label);
    impl->case_isa(state, isa, sizeof isa);
    cr_expect(isa[0], "%s: no implementation name", label);
    cr_assert_eq(impl->op->set_alloc(problem, 11, RG_PAGES_SMALL, NULL, &set), 0);
    if (nan_c) {
        const rg_gemm_problem *p = problem;
        rg_gemm_set *s = set;
        for (int64_t i = 0; i < p->c_elems; i++)
            s->c[i] = NAN;
    }
    cr_assert_eq(impl->run(state, problem, set), 0, "%s: run", label);
    double rel = -1, tol = 0;
    char reason[256] = "";
    cr_expect_eq(impl->op->verify(problem, set, 11, &rel, &tol, reason, sizeof reason), 0,
                 "%s (%s): %s", label, isa, reason);
    impl->op->set_free(set);
    impl->teardown(state);
    impl->op->destroy(problem);
}

Test(onednn, gemm_every_layout_transpose_alpha_beta) {
    skip_without_onednn();
    const rg_impl *impl = find_impl("gemm", "onednn", "f32");
    cr_assert(impl);
    rg_harness h;
    harness_start(&h);
    static const char *const layouts[] = {"row", "col"};
    static const float alphas[] = {1.0f, -0.75f}, betas[] = {0.0f, 0.5f};
    for (int l = 0; l < 2; l++)
        for (int t = 0; t < 4; t++)
            for (int ab = 0; ab < 4; ab++) {
                rg_case c = {.op = "gemm", .dtype = "f32"};
                set_int(&c, "M", 37);
                set_int(&c, "N", 41);
                set_int(&c, "K", 53);
                set_str(&c, "layout", layouts[l]);
                set_str(&c, "transA", t & 1 ? "T" : "N");
                set_str(&c, "transB", t & 2 ? "T" : "N");
                char v[16];
                snprintf(v, sizeof v, "%g", (double)alphas[ab & 1]);
                set_str(&c, "alpha", v);
                snprintf(v, sizeof v, "%g", (double)betas[ab >> 1]);
                set_str(&c, "beta", v);
                char label[96];
                snprintf(label, sizeof label, "%s transA %d transB %d alpha %g beta %g", layouts[l],
                         t & 1, t >> 1, (double)alphas[ab & 1], (double)betas[ab >> 1]);
                run_and_verify(&h, impl, &c, betas[ab >> 1] == 0.0f, label);
            }
    harness_stop(&h);
}

Test(onednn, gemm_edge_shapes) {
    skip_without_onednn();
    const rg_impl *impl = find_impl("gemm", "onednn", "f32");
    rg_harness h;
    harness_start(&h);
    static const int64_t shapes[][3] = {{1, 1, 1}, {1, 257, 129}, {129, 1, 31}, {64, 48, 1}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        rg_case c = {.op = "gemm", .dtype = "f32"};
        set_int(&c, "M", shapes[i][0]);
        set_int(&c, "N", shapes[i][1]);
        set_int(&c, "K", shapes[i][2]);
        char label[64];
        snprintf(label, sizeof label, "%lldx%lldx%lld", (long long)shapes[i][0],
                 (long long)shapes[i][1], (long long)shapes[i][2]);
        run_and_verify(&h, impl, &c, 1, label);
    }
    harness_stop(&h);
}

/* Every activation and normalization op oneDNN has verifies in f32 and bf16 on odd shapes (a
 * row shorter than a vector, a ragged tail); RMSNorm, which oneDNN 2.6 lacks, is unsupported
 * with a reason. */
Test(onednn, activations_and_norms_verify) {
    skip_without_onednn();
    rg_harness h;
    harness_start(&h);
    static const char *const dtypes[] = {"f32", "bf16"};
    static const int64_t shapes[][2] = {{1, 1}, {7, 13}, {33, 1000}, {4, 4099}};
    for (int kind = 0; kind < RG_ACT_OP_COUNT_; kind++)
        for (int d = 0; d < 2; d++) {
            const char *op = rg__act_op_name(kind);
            const rg_impl *impl = find_impl(op, "onednn", dtypes[d]);
            cr_assert(impl, "no onednn %s %s", op, dtypes[d]);
            for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
                rg_case c = {0};
                snprintf(c.op, sizeof c.op, "%s", op);
                snprintf(c.dtype, sizeof c.dtype, "%s", dtypes[d]);
                set_int(&c, "rows", shapes[i][0]);
                set_int(&c, "cols", shapes[i][1]);
                char label[64];
                snprintf(label, sizeof label, "%s %s %lldx%lld", op, dtypes[d],
                         (long long)shapes[i][0], (long long)shapes[i][1]);
                if (kind != RG_ACT_OP_RMSNORM) {
                    run_and_verify(&h, impl, &c, 0, label);
                    continue;
                }
                void *problem = NULL;
                char err[256] = "", why[128] = "";
                cr_assert_eq(impl->op->prepare(&c, &problem, err, sizeof err), 0, "%s", err);
                cr_expect_eq(impl->supports(problem, why, sizeof why), 0);
                cr_expect(strstr(why, "RMSNorm"), "%s", why);
                impl->op->destroy(problem);
            }
        }
    harness_stop(&h);
}

/* oneDNN's OpenMP workers take the harness's thread count and worker i sits on PU i. */
Test(onednn, openmp_workers_on_the_harness_pus) {
    skip_without_onednn();
#ifdef _OPENMP
    const rg_impl *impl = find_impl("gemm", "onednn", "f32");
    rg_harness h;
    harness_start(&h);
    rg_case c = {.op = "gemm", .dtype = "f32"};
    set_int(&c, "M", 64);
    set_int(&c, "N", 64);
    set_int(&c, "K", 64);
    void *problem = NULL, *state = NULL;
    char err[128];
    cr_assert_eq(impl->op->prepare(&c, &problem, err, sizeof err), 0);
    cr_assert_eq(impl->setup(&h, problem, &state), 0);
    cr_expect_eq(omp_get_max_threads(), h.nthreads);
    int bad = 0, seen = 0;
#pragma omp parallel num_threads(h.nthreads) reduction(+ : bad, seen)
    {
        cpu_set_t set;
        CPU_ZERO(&set);
        sched_getaffinity(0, sizeof set, &set);
        int i = omp_get_thread_num();
        bad += CPU_COUNT(&set) != 1 || !CPU_ISSET(h.pus[i], &set);
        seen++;
    }
    cr_expect_eq(seen, h.nthreads);
    cr_expect_eq(bad, 0, "%d OpenMP threads are not alone on their harness PU", bad);
    impl->teardown(state);
    impl->op->destroy(problem);
    harness_stop(&h);
#endif
}

/* The CLI end to end: a case verifies, names oneDNN's implementation, and the results file
 * records oneDNN's version and ISA. */
Test(onednn, run_records_implementation_version_and_isa) {
    skip_without_onednn();
    char path[] = "/tmp/ridge_onednn_XXXXXX.json";
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    close(fd);
    cli_out o = RUN("run", "--shape", "96,80,72,T,N", "--impl", "onednn", "--no-ceilings",
                    "--min-time", "0.01", "--max-time", "0.05", "--quiet", "--out", path);
    cr_assert_eq(o.code, 0, "exit %d: %s", o.code, o.err);
    rg_results r;
    char err[256] = "";
    cr_assert_eq(rg_results_read_json(path, &r, err, sizeof err), 0, "%s", err);
    unlink(path);
    cr_assert_eq(r.count, 1);
    cr_expect_eq(r.results[0].status, RG_CASE_OK, "%s", r.results[0].reason);
    cr_expect_str_eq(r.results[0].impl, "onednn");
    cr_expect(r.results[0].isa[0], "no isa recorded");
    cr_expect_eq(strncmp(r.system.onednn_version, "2.", 2), 0, "version '%s'",
                 r.system.onednn_version);
    cr_expect(r.system.onednn_isa[0], "no oneDNN ISA recorded");
    rg_results_free(&r);
}

/* Without oneDNN the implementations stay listed and say why they cannot run. */
Test(onednn, unavailable_says_why) {
    const rg_impl *impl = find_impl("gemm", "onednn", "f32");
    cr_assert(impl);
    char why[128] = "";
    int ok = impl->available(why, sizeof why);
#ifdef RIDGE_HAVE_DNNL
    cr_expect_eq(ok, 1);
#else
    cr_expect_eq(ok, 0);
    cr_expect_str_eq(why, "built without oneDNN");
#endif
}
