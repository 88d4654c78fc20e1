/* run.c: `ridge run`: plans cases x implementations, measures them, prints and saves results. */
#include "ceilings.h"
#include "ceilings_table.h"
#include "file_write.h"
#include "gpu.h"
#include "harness.h"
#include "stats.h"
#include "table.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* One planned measurement: a case (decoded by its op) and an implementation. */
typedef struct {
    const rg_case *c;
    const rg_impl *impl;
    void *problem;
    char skip[200]; /* non-empty: skipped, with this reason */
} planned;

void rg__harness_warn(rg_harness *h, const char *fmt, ...) {
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    for (int i = 0; i < h->nwarn; i++)
        if (strcmp(h->warn[i], line) == 0) return;
    if (h->nwarn < (int)(sizeof h->warn / sizeof h->warn[0]))
        memcpy(h->warn[h->nwarn++], line, sizeof line);
}

static int case_lists_impl(const rg_case *c, const char *impl) {
    if (c->nimpls == 0) return 1;
    for (int i = 0; i < c->nimpls; i++)
        if (strcmp(c->impls[i], impl) == 0) return 1;
    return 0;
}

static int selected(const rg_run_opts *o, const rg_impl *r) {
    return rg__list_has(o->op_filter, r->op->name) && rg__list_has(o->impl_filter, r->impl) &&
           rg__list_has(o->device_filter, r->device) && rg__list_has(o->dtype_filter, r->dtype);
}

static void free_plan(planned *p, size_t n) {
    for (size_t i = 0; p && i < n; i++)
        if (p[i].problem) p[i].impl->op->destroy(p[i].problem);
    free(p);
}

/* Every (case, implementation) pair to run, each case checked before anything runs:
 * bad parameters or a case that cannot fit in memory is an input error (exit 2). */
static int plan_run(rg_harness *h, const rg_suite *s, planned **out, size_t *count, char *err,
                    size_t errlen) {
    size_t cap = s->count * rg__registry_count(), n = 0;
    planned *p = calloc(cap ? cap : 1, sizeof *p);
    if (!p) return snprintf(err, errlen, "out of memory"), RG_ENOMEM;
    int64_t avail = rg__mem_available(), gpu_free = -2; /* -2: not asked yet */
    for (size_t i = 0; i < s->count; i++) {
        const rg_case *c = &s->cases[i];
        for (size_t k = 0; k < rg__registry_count(); k++) {
            const rg_impl *r = rg__registry_get(k);
            if (strcmp(r->op->name, c->op) || strcmp(r->dtype, c->dtype) ||
                strcmp(r->device, c->device[0] ? c->device : "cpu") || !selected(&h->opts, r) ||
                !case_lists_impl(c, r->impl))
                continue;
            planned *e = &p[n++];
            e->c = c;
            e->impl = r;
            char why[200] = "";
            int rc = r->op->prepare(c, &e->problem, why, sizeof why);
            if (rc) {
                snprintf(err, errlen, "%s case %zu: %s", s->name, i, why);
                free_plan(p, n);
                return rc;
            }
            int64_t need = r->op->set_bytes(e->problem);
            if (need > avail) {
                snprintf(err, errlen,
                         "%s case %zu: needs %lld bytes of buffers, only %lld bytes available",
                         s->name, i, (long long)need, (long long)avail);
                free_plan(p, n);
                return RG_ENOMEM;
            }
            char whyn[160] = "";
            if (!r->available(whyn, sizeof whyn))
                snprintf(e->skip, sizeof e->skip, "not available here: %s", whyn);
            else if (!r->supports(e->problem, whyn, sizeof whyn))
                snprintf(e->skip, sizeof e->skip, "case not supported: %s", whyn);
            else if (!strcmp(r->device, "gpu") &&
                     !rg__gpu_fits(need,
                                   gpu_free == -2 ? (gpu_free = rg__gpu_free_bytes()) : gpu_free,
                                   whyn, sizeof whyn))
                snprintf(e->skip, sizeof e->skip, "case too large for this GPU: %s", whyn);
        }
    }
    if (n == 0) {
        free_plan(p, n);
        return snprintf(err, errlen, "no case of suite '%s' matches the filters", s->name),
               RG_ENOTFOUND;
    }
    *out = p;
    *count = n;
    return 0;
}

static void identify(const rg_harness *h, const planned *e, rg_result *res) {
    const rg_impl *r = e->impl;
    snprintf(res->op, sizeof res->op, "%s", r->op->name);
    snprintf(res->impl, sizeof res->impl, "%s", r->impl);
    snprintf(res->device, sizeof res->device, "%s", r->device);
    snprintf(res->dtype, sizeof res->dtype, "%s", r->dtype);
    r->op->describe(e->problem, res);
    res->threads = h->nthreads;
    snprintf(res->pin, sizeof res->pin, "%s", rg__pin_name(h->opts.pin));
    snprintf(res->cache, sizeof res->cache, "%s", h->opts.cache == RG_CACHE_COLD ? "cold" : "warm");
    r->op->work(e->problem, &res->flops, &res->bytes);
    res->intensity = res->bytes > 0 ? res->flops / res->bytes : 0;
}

/* Measures plan entry i into res (identity, then timing unless skipped). */
static void measure_one(rg_harness *h, const planned *e, size_t i, size_t n, rg_result *res) {
    memset(res, 0, sizeof *res);
    res->energy_j = NAN; /* measured only where an energy counter exists */
    identify(h, e, res);
    if (e->skip[0]) {
        res->status = RG_CASE_SKIPPED;
        snprintf(res->reason, sizeof res->reason, "%s", e->skip);
        return;
    }
    /* Another library's spinning workers must be asleep before the next impl runs. */
    if (h->prev_impl && h->prev_impl != e->impl && h->prev_impl->quiesce_ms) {
        double waited;
        if (rg__quiesce(h->prev_impl->quiesce_ms / 1000.0, &waited) != 0)
            rg__harness_warn(h,
                             "%s's threads were still running %.1f s after its last "
                             "call; later cases may be slowed",
                             h->prev_impl->impl, waited);
    }
    if (h->progress) {
        char label[160];
        rg_table_case_label(res, label, sizeof label);
        fprintf(stderr, "\r\033[K[%zu/%zu] %s %s", i + 1, n, label, res->impl);
        fflush(stderr);
    }
    rg__measure_case(h, e->impl, e->problem, res);
    h->prev_impl = e->impl;
}

/* Every case of the plan, in order. */
static void measure_all(rg_harness *h, planned *plan, size_t n, rg_results *out) {
    for (size_t i = 0; i < n; i++) {
        if (*h->stop) {
            out->interrupted = 1;
            break;
        }
        rg_result res;
        measure_one(h, &plan[i], i, n, &res);
        if (rg_results_push(out, &res) != 0) {
            free(res.samples);
            rg__harness_warn(h, "out of memory recording results; stopping");
            out->interrupted = 1;
            break;
        }
    }
    if (h->progress) fprintf(stderr, "\r\033[K");
}

/* Prints the table and summary; returns the exit code the results call for. */
static int report(rg_harness *h, const rg_results *r) {
    size_t count[4] = {0};
    for (size_t i = 0; i < r->count; i++) {
        const rg_result *x = &r->results[i];
        count[x->status]++;
        if (x->status == RG_CASE_FAILED || x->status == RG_CASE_ERROR) {
            char label[160];
            rg_table_case_label(x, label, sizeof label);
            fprintf(stderr, "ridge run: %s %s %s: %s\n", rg_case_status_name(x->status), label,
                    x->impl, x->reason);
        }
    }
    if (!h->opts.quiet) {
        rg_ceilings_print(stdout, r, &(rg_ceilings_print_opts){.summary = 1});
        rg_table_opts to = {.color = isatty(STDOUT_FILENO), .baseline = NULL};
        rg_table_print(stdout, r, &to);
        fflush(stdout);
    }
    for (int i = 0; i < h->nwarn; i++)
        fprintf(stderr, "ridge run: warning: %s\n", h->warn[i]);
    if (count[RG_CASE_FAILED] || count[RG_CASE_ERROR]) return 1;
    return r->interrupted ? 130 : 0;
}

/* RIDGE_CEILINGS picks the form of the ceilings a run measures (docs/cli.md); unset: "run". */
static int ceilings_form(rg__ceilings_form *form, char *err, size_t errlen) {
    const char *v = getenv("RIDGE_CEILINGS");
    *form = RG_CEILINGS_RUN;
    if (v && v[0] && rg__ceilings_form_parse(v, form))
        return snprintf(err, errlen, "RIDGE_CEILINGS: unknown form '%s' (valid: full,run,quick)",
                        v),
               RG_EINVAL;
    return 0;
}

/* The machine's ceilings, measured before the cases on the same threads. A failure costs the
 * run its ceilings (the note says why), not its cases. */
static void measure_ceilings(rg_harness *h, rg__ceilings_form form, rg_results *res) {
    char err[160] = "";
    rg__ceilings_detail d;
    if (h->opts.no_ceilings) {
        snprintf(res->ceilings_note, sizeof res->ceilings_note, "not measured: --no-ceilings");
    } else if (rg__ceilings_measure(h, form, res, &d, err, sizeof err)) {
        snprintf(res->ceilings_note, sizeof res->ceilings_note, "incomplete: %s", err);
        rg__harness_warn(h, "ceilings: %s", err);
    } else if (d.interrupted) {
        snprintf(res->ceilings_note, sizeof res->ceilings_note, "incomplete: interrupted");
    } else if (d.suspect[0]) {
        snprintf(res->ceilings_note, sizeof res->ceilings_note, "%s", d.suspect);
        rg__harness_warn(h, "ceilings: %s", d.suspect);
    }
}

/* The results file must be writable before anything is measured: a missing or read-only
 * folder, or a folder given as the file, is an input error now rather than a lost run. */
static int check_out(const char *out, char *err, size_t errlen) {
    if (strcmp(out, "-") == 0) return 0;
    int e = rg__file_write_check(out);
    if (e)
        return snprintf(err, errlen, "--out: cannot write results to '%s': %s", out, strerror(e)),
               RG_EIO;
    return 0;
}

static int uses_impl(const planned *p, size_t n, const char *impl) {
    for (size_t i = 0; i < n; i++)
        if (!p[i].skip[0] && strcmp(p[i].impl->impl, impl) == 0) return 1;
    return 0;
}

int rg__run(rg_harness *h, const char *exe_dir, const char *command, char *err, size_t errlen) {
    rg_suite suite;
    memset(&suite, 0, sizeof suite);
    planned *plan = NULL;
    size_t nplan = 0;
    rg_results res;
    rg_results_init(&res);
    int code = 2, rc;
    if (h->opts.have_shape) {
        suite.cases = malloc(sizeof *suite.cases);
        if (!suite.cases) goto done;
        suite.cases[0] = h->opts.shape_case;
        suite.count = 1;
        /* --shape is a CPU case unless --device asks for the GPU alone. */
        if (!rg__list_has(h->opts.device_filter, "cpu") &&
            rg__list_has(h->opts.device_filter, "gpu"))
            snprintf(suite.cases[0].device, sizeof suite.cases[0].device, "gpu");
        snprintf(suite.name, sizeof suite.name, "--shape");
    } else if ((rc = rg__suite_load(h->opts.suite, exe_dir, &suite, err, errlen))) {
        goto done;
    }
    if (plan_run(h, &suite, &plan, &nplan, err, errlen)) goto done;
    rg__ceilings_form form;
    if (ceilings_form(&form, err, errlen)) goto done;
    if (check_out(h->opts.out, err, errlen)) goto done;
    if ((rc = rg__topo_load(&h->topo))) {
        snprintf(err, errlen, "cannot load the hwloc topology: %s", rg_status_message(rc));
        goto done;
    }
    if (rg__start_threads(h, err, errlen)) goto done;
    rg__sysinfo_fill(h->topo, &h->sys, &h->energy); /* the meter the cases are measured with */
    if (h->opts.label) snprintf(h->sys.label, sizeof h->sys.label, "%s", h->opts.label);
    h->sys.price_usd_per_hour = h->opts.price_usd_per_hour;
    snprintf(h->sys.pages, sizeof h->sys.pages, "%s", rg__pages_name(h->opts.pages));
    char ob[200];
    if (rg__openblas_isa_warning(&h->sys, ob, sizeof ob) && uses_impl(plan, nplan, "openblas"))
        rg__harness_warn(h, "%s", ob);

    snprintf(res.suite, sizeof res.suite, "%s", suite.name);
    snprintf(res.command, sizeof res.command, "%s", command);
    res.min_time_s = h->opts.min_time;
    res.target_ci = h->opts.target_ci_pct / 100.0;
    res.system = h->sys;
    measure_ceilings(h, form, &res);
    if (h->opts.rounds > 1) {
        if (rg__rounds_run(h, &suite, &res, err, errlen)) goto done;
    } else {
        measure_all(h, plan, nplan, &res);
    }
    if (*h->stop) res.interrupted = 1;
    code = report(h, &res);
    if (strcmp(h->opts.out, "-") != 0) {
        char werr[256] = "";
        if ((rc = rg_results_write_json(&res, h->opts.out, werr, sizeof werr))) {
            /* werr names the file and the reason: "cannot write results to 'F': ..." */
            if (!werr[0])
                snprintf(werr, sizeof werr, "cannot write results to '%s': %s", h->opts.out,
                         rg_status_message(rc));
            fprintf(stderr, "ridge run: %s\n", werr);
            if (code == 0) code = 1;
        } else if (!h->opts.quiet) {
            printf("results written to %s\n", h->opts.out);
        }
    }
    err[0] = '\0';
done:
    rg_results_free(&res);
    free_plan(plan, nplan);
    rg__suite_free(&suite);
    rg_pool_destroy(h->pool);
    h->pool = NULL;
    rg__energy_close(h->energy);
    h->energy = NULL;
    rg__topo_free(h->topo);
    h->topo = NULL;
    return code;
}
