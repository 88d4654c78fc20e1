/* harness_ceilings.c: the real ceilings measurement in its quick form, checked for structure
 * only (never for speed): fp32 peaks at 1 and all threads, positive values inside their spread,
 * one sweep per kernel and thread count, labelled levels made of sweep points, and a JSON round
 * trip; then `ridge ceilings --quick` end to end. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ceilings.h"
#include "cli_capture.h"
#include "harness.h"
#include "results.h"

static rg_harness *start(void) {
    rg_harness *h = calloc(1, sizeof *h);
    cr_assert(h);
    h->opts.pin = RG_PIN_COMPACT;
    cr_assert_eq(rg__topo_load(&h->topo), RG_OK);
    char err[256] = "";
    cr_assert_eq(rg__start_threads(h, err, sizeof err), RG_OK, "%s", err);
    rg__sysinfo_fill(h->topo, &h->sys, NULL);
    return h;
}

static void stop(rg_harness *h) {
    rg_pool_destroy(h->pool);
    rg__topo_free(h->topo);
    free(h);
}

static void expect_inside(const rg_ceiling *c) {
    cr_expect(c->value > 0, "%s %s %d threads: value %g", c->method, c->name, c->threads, c->value);
    cr_expect(c->p10 <= c->value && c->value <= c->p90, "%s %s %d threads: %g <= %g <= %g",
              c->method, c->name, c->threads, c->p10, c->value, c->p90);
}

static int is_level(const char *name) {
    if (!strcmp(name, "DRAM")) return 1;
    return name[0] == 'L' && name[1] >= '1' && name[1] <= '9' && name[2] == '\0';
}

static const rg_sweep *find_sweep(const rg_results *r, const char *method, int threads) {
    for (int64_t i = 0; i < r->nsweeps; i++)
        if (!strcmp(r->sweeps[i].method, method) && r->sweeps[i].threads == threads)
            return &r->sweeps[i];
    return NULL;
}

/* Every point of the plateau is a point of its sweep, and lies within its span. */
static void expect_from_sweep(const rg_results *r, const rg_ceiling *c) {
    const rg_sweep *s = find_sweep(r, c->method, c->threads);
    cr_assert(s, "no sweep %s at %d threads for level %s", c->method, c->threads, c->name);
    cr_expect(c->npoints >= 2 && c->size_lo <= c->size_hi);
    for (int64_t k = 0; k < c->npoints; k++) {
        const rg_sweep_point *p = &c->points[k];
        cr_expect(p->bytes >= c->size_lo && p->bytes <= c->size_hi);
        int64_t j = 0;
        while (j < s->npoints && s->points[j].bytes != p->bytes)
            j++;
        cr_expect(j < s->npoints && s->points[j].value == p->value,
                  "%s %s: point at %lld bytes is not in the sweep", c->method, c->name,
                  (long long)p->bytes);
    }
}

static void expect_structure(const rg_results *r, int nthreads) {
    int fp32[2] = {0, 0}, levels = 0;
    for (int64_t i = 0; i < r->nceilings; i++) {
        const rg_ceiling *c = &r->ceilings[i];
        cr_expect_str_eq(c->device, "cpu");
        expect_inside(c);
        if (!strcmp(c->kind, "flops")) {
            cr_expect(c->threads == 1 || c->threads == nthreads);
            if (!strcmp(c->name, "fp32")) fp32[c->threads == 1 ? 0 : 1]++;
            cr_expect(!strcmp(c->unit, "GFLOP/s") || !strcmp(c->unit, "GOP/s"));
        } else {
            cr_expect_str_eq(c->kind, "bandwidth");
            cr_expect_str_eq(c->unit, "GB/s");
            cr_expect(is_level(c->name), "level named '%s'", c->name);
            expect_from_sweep(r, c);
            levels++;
        }
    }
    cr_expect(fp32[0] >= 1, "no fp32 peak at 1 thread");
    if (nthreads > 1) cr_expect(fp32[1] >= 1, "no fp32 peak at %d threads", nthreads);
    cr_expect(levels >= 1, "no memory level found in any sweep");
    /* read and triad, at 1 and at all threads */
    cr_expect_eq(r->nsweeps, nthreads > 1 ? 4 : 2);
    for (int64_t i = 0; i < r->nsweeps; i++) {
        const rg_sweep *s = &r->sweeps[i];
        cr_expect(s->npoints >= 8, "%s: %lld points", s->method, (long long)s->npoints);
        for (int64_t k = 0; k < s->npoints; k++) {
            cr_expect(s->points[k].value > 0);
            if (k) cr_expect_gt(s->points[k].bytes, s->points[k - 1].bytes);
        }
    }
}

/* One timeout for all the tests here: with two different .timeout values running in parallel,
 * Criterion leaks 48 bytes and LeakSanitizer fails the run. */
Test(ceilings, quick_measurement_and_json, .timeout = 300) {
    rg_harness *h = start();
    rg_results r;
    rg_results_init(&r);
    rg__ceilings_detail d;
    char err[256] = "";
    int rc = rg__ceilings_measure(h, RG_CEILINGS_QUICK, &r, &d, err, sizeof err);
    cr_assert_eq(rc, RG_OK, "%s", err);
    cr_expect_eq(d.interrupted, 0);
    cr_expect_eq(d.nsweeps, r.nsweeps);
    cr_expect(d.llc_bytes > 0);
    expect_structure(&r, h->nthreads);

    char path[] = "/tmp/ridge_ceilings_XXXXXX.json";
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    close(fd);
    r.system = h->sys;
    cr_assert_eq(rg_results_write_json(&r, path, err, sizeof err), RG_OK, "%s", err);
    rg_results back;
    rg_results_init(&back);
    cr_assert_eq(rg_results_read_json(path, &back, err, sizeof err), RG_OK, "%s", err);
    unlink(path);
    cr_assert_eq(back.nceilings, r.nceilings);
    cr_assert_eq(back.nsweeps, r.nsweeps);
    for (int64_t i = 0; i < r.nceilings; i++) {
        const rg_ceiling *a = &r.ceilings[i], *b = &back.ceilings[i];
        cr_expect_str_eq(a->name, b->name);
        cr_expect_str_eq(a->method, b->method);
        cr_expect(a->threads == b->threads && a->value == b->value && a->p10 == b->p10 &&
                  a->p90 == b->p90 && a->npoints == b->npoints && a->size_lo == b->size_lo);
    }
    for (int64_t i = 0; i < r.nsweeps; i++)
        cr_expect(back.sweeps[i].npoints == r.sweeps[i].npoints &&
                  back.sweeps[i].points[0].value == r.sweeps[i].points[0].value);
    expect_structure(&back, h->nthreads);
    rg_results_free(&back);
    rg_results_free(&r);
    stop(h);
}

Test(ceilings, forms) {
    rg__ceilings_form f;
    cr_expect_eq(rg__ceilings_form_parse("quick", &f), RG_OK);
    cr_expect_eq(f, RG_CEILINGS_QUICK);
    cr_expect_str_eq(rg__ceilings_form_name(RG_CEILINGS_RUN), "run");
    cr_expect_neq(rg__ceilings_form_parse("fast", &f), RG_OK);
    /* Each form asks less than the one before. */
    const rg__ceilings_plan *full = rg__ceilings_plan_get(RG_CEILINGS_FULL),
                            *run = rg__ceilings_plan_get(RG_CEILINGS_RUN),
                            *quick = rg__ceilings_plan_get(RG_CEILINGS_QUICK);
    cr_assert(full && run && quick && !rg__ceilings_plan_get((rg__ceilings_form)9));
    cr_expect(full->reps >= run->reps && run->reps >= quick->reps && quick->reps >= 3);
    cr_expect(full->point_rep_s >= run->point_rep_s && run->point_rep_s >= quick->point_rep_s);
    /* A run measures copy, against which its activations and norms are judged; every form
     * measures read and triad, and the full one every kernel. */
    const unsigned want_run = 1u << RG_BW_READ | 1u << RG_BW_COPY | 1u << RG_BW_TRIAD;
    cr_expect_eq(run->kernels, want_run);
    cr_expect_eq(quick->kernels, 1u << RG_BW_READ | 1u << RG_BW_TRIAD);
    cr_expect_eq(full->kernels, (1u << RG_BW_COUNT_) - 1);
}

/* The command itself: exit 0, tables on stdout, and a results file with ceilings, sweeps and
 * the system. */
Test(ceilings, cli_quick_writes_results, .timeout = 300) {
    char path[] = "/tmp/ridge_ceilings_cli_XXXXXX.json";
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    close(fd);
    cli_out o = RUN("ceilings", "--quick", "--threads", "1", "--out", path);
    cr_assert_eq(o.code, 0, "exit %d, stderr: %s", o.code, o.err);
    cr_expect(strstr(o.out, "compute peaks") && strstr(o.out, "memory bandwidth"), "%s", o.out);
    rg_results r;
    rg_results_init(&r);
    char err[256] = "";
    cr_assert_eq(rg_results_read_json(path, &r, err, sizeof err), RG_OK, "%s", err);
    unlink(path);
    cr_expect(r.nceilings > 0 && r.nsweeps == 2 && r.count == 0);
    cr_expect_str_eq(r.ceilings_note, "");
    cr_expect(r.system.cpu_model[0] != '\0');
    expect_structure(&r, 1);
    rg_results_free(&r);
}

Test(ceilings, cli_usage_errors) {
    expect_usage_error(RUN("ceilings", "--bogus"), "--bogus");
    expect_usage_error(RUN("ceilings", "--threads", "0"), "--threads");
    expect_usage_error(RUN("ceilings", "--threads", "1024"), "exceeds");
    expect_usage_error(RUN("ceilings", "--pin", "diagonal"), "diagonal");
    expect_usage_error(RUN("ceilings", "--out", ""), "--out");
    expect_usage_error(RUN("ceilings", "extra"), "extra");
    cr_expect_eq(RUN("ceilings", "--help").code, 0);
    cr_expect_eq(RUN("help", "ceilings").code, 0);
}

/* `ridge run`: RIDGE_CEILINGS picks the form; a bad one is refused before anything runs, and
 * --no-ceilings says so in the results. */
Test(ceilings, run_form_and_opt_out, .timeout = 300) {
    cr_assert_eq(setenv("RIDGE_CEILINGS", "fastest", 1), 0);
    expect_usage_error(RUN("run", "--shape", "8,8,8", "--out", "-"), "RIDGE_CEILINGS");
    cr_assert_eq(setenv("RIDGE_CEILINGS", "quick", 1), 0);
    char path[] = "/tmp/ridge_ceilings_run_XXXXXX.json";
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    close(fd);
    cli_out o = RUN("run", "--shape", "16,16,16", "--impl", "ridge", "--min-time", "0.01",
                    "--max-time", "0.02", "--no-ceilings", "--out", path);
    cr_assert_eq(o.code, 0, "exit %d, stderr: %s", o.code, o.err);
    rg_results r;
    rg_results_init(&r);
    char err[256] = "";
    cr_assert_eq(rg_results_read_json(path, &r, err, sizeof err), RG_OK, "%s", err);
    unlink(path);
    cr_expect_eq(r.nceilings, 0);
    cr_expect_eq(r.nsweeps, 0);
    cr_expect_str_eq(r.ceilings_note, "not measured: --no-ceilings");
    cr_expect(strstr(o.out, "ceilings: not measured: --no-ceilings"), "%s", o.out);
    rg_results_free(&r);
}
