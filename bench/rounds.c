/* rounds.c: `ridge run --rounds N`: the plan is measured N times, each round by a child
 * process of its own (`ridge run` on the same arguments, 1/N of the time budget, seed + r),
 * and the rounds are merged: samples pooled, and each round's median kept, the unit that
 * `ridge compare` judges. A process is what one CI job runs, so the rounds' spread holds the
 * variation between processes (memory placement, library state, a neighbour's load) that
 * one process's samples cannot show (docs/compare.md, "Rounds"). */
#define _GNU_SOURCE
#include "child.h"
#include "harness.h"
#include "stats.h"
#include "case_params.h"
#include "table.h"

#include <math.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Folds a later round's measurement r of a case into acc: samples pooled (their statistics
 * then span the whole run), the first failure kept. Takes r's samples. */
static void merge_round(rg_harness *h, rg_result *acc, rg_result *r) {
    if (acc->status != RG_CASE_OK || r->status != RG_CASE_OK) {
        if (acc->status == RG_CASE_OK) { /* a later round failed: the case failed */
            free(acc->samples);
            acc->samples = NULL;
            acc->nsamples = 0;
            memset(&acc->time, 0, sizeof acc->time);
            acc->gflops = acc->gbps = 0;
            acc->status = r->status;
            memcpy(acc->reason, r->reason, sizeof acc->reason);
            acc->max_rel_error = r->max_rel_error;
        }
        return;
    }
    double *all = realloc(acc->samples, (size_t)(acc->nsamples + r->nsamples) * sizeof *all);
    if (!all) {
        rg__harness_warn(h, "out of memory pooling rounds: some cases keep fewer rounds");
        return;
    }
    memcpy(all + acc->nsamples, r->samples, (size_t)r->nsamples * sizeof *all);
    double w = (double)r->nsamples / (double)(acc->nsamples + r->nsamples);
    acc->energy_j = acc->energy_j * (1 - w) + r->energy_j * w; /* NaN stays NaN */
    acc->samples = all;
    acc->nsamples += r->nsamples;
    if (r->max_rel_error > acc->max_rel_error) acc->max_rel_error = r->max_rel_error;
    if (r->batch > acc->batch) acc->batch = r->batch;
}

/* Appends round r's median of a case that ran ok in every round so far. */
static void add_round_median(rg_harness *h, rg_result *acc, const rg_result *r) {
    if (acc->status != RG_CASE_OK) return;
    double *m = realloc(acc->round_medians, (size_t)(acc->nround_medians + 1) * sizeof *m);
    if (!m) {
        rg__harness_warn(h, "out of memory keeping round medians");
        return;
    }
    m[acc->nround_medians++] = r->time.median;
    acc->round_medians = m;
}

/* The pooled statistics of a case after the last round. */
static void finish_case(rg_result *acc) {
    if (acc->status != RG_CASE_OK || acc->nsamples < 1) return;
    rg__stats_compute(acc->samples, acc->nsamples, &acc->time);
    acc->gflops = acc->flops / acc->time.median / 1e9;
    acc->gbps = acc->bytes / acc->time.median / 1e9;
    snprintf(acc->stop_reason, sizeof acc->stop_reason, "rounds");
}

/* Folds a child's results into out (round 0: taken as they are). */
static int merge(rg_harness *h, int round, rg_results *child, rg_results *out, char *err,
                 size_t errlen) {
    if (round > 0 && child->count != out->count)
        return snprintf(err, errlen, "round %d ran %zu cases, round 1 ran %zu", round + 1,
                        child->count, out->count),
               2;
    for (size_t i = 0; i < child->count; i++) {
        rg_result *r = &child->results[i];
        if (round == 0) {
            rg_result copy = *r;
            copy.round_medians = NULL;
            copy.nround_medians = 0;
            if (rg_results_push(out, &copy)) return snprintf(err, errlen, "out of memory"), 2;
            r->samples = NULL; /* moved */
            r->nsamples = 0;
            add_round_median(h, &out->results[i], &out->results[i]);
            continue;
        }
        rg_result *acc = &out->results[i];
        if (!rg_results_same_case(acc, r, RG_SAME_IMPL | RG_SAME_DEVICE | RG_SAME_THREADS))
            return snprintf(err, errlen, "round %d ran other cases than round 1", round + 1), 2;
        merge_round(h, acc, r);
        add_round_median(h, acc, r);
    }
    return 0;
}

/* posix_spawn hands a child the CPUs of the calling thread, which pinning bound to one PU:
 * the children get every PU of the run's threads instead (they pin their own threads to the
 * same PUs). Saves the thread's own set in *saved; returns whether it changed it. */
static int widen_affinity(const rg_harness *h, cpu_set_t *saved) {
    if (h->opts.pin == RG_PIN_NONE || h->nthreads < 1) return 0;
    cpu_set_t run;
    CPU_ZERO(&run);
    for (int i = 0; i < h->nthreads; i++)
        if (h->pus[i] >= 0 && h->pus[i] < CPU_SETSIZE) CPU_SET(h->pus[i], &run);
    return CPU_COUNT(&run) > 0 && !sched_getaffinity(0, sizeof *saved, saved) &&
           !sched_setaffinity(0, sizeof run, &run);
}

int rg__rounds_run(rg_harness *h, const rg_suite *suite, rg_results *out, char *err,
                   size_t errlen) {
    const rg_run_opts *o = &h->opts;
    /* RIDGE_EXE: the ridge to run when this process is not one (the tests call the CLI
     * in-process). */
    char exe[512];
    const char *env = getenv("RIDGE_EXE");
    ssize_t len = env && env[0] ? (ssize_t)snprintf(exe, sizeof exe, "%s", env)
                                : readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0 || len >= (ssize_t)sizeof exe)
        return snprintf(err, errlen, "cannot find the ridge executable"), 2;
    exe[len] = '\0';
    rg__child_scratch s;
    if (rg__child_scratch_open(&s, err, errlen)) return 2;
    /* The suite as this process loaded it: a suite file edited during the run must not give
     * later rounds other cases. */
    if (!o->have_shape && rg__child_write_suite(s.suite, suite->name, suite->cases, suite->count)) {
        rg__child_scratch_close(&s);
        return snprintf(err, errlen, "cannot write %s", s.suite), 2;
    }
    char min_t[32], max_t[32], seed[32] = "";
    snprintf(min_t, sizeof min_t, "%.17g", o->min_time / o->rounds);
    snprintf(max_t, sizeof max_t, "%.17g", o->max_time / o->rounds);
    /* What the parent sets for every child, after the user's arguments, so that it wins. */
    const char *fixed[] = {"--rounds", "1",          "--no-ceilings", "--quiet", "--min-time",
                           min_t,      "--max-time", max_t,           "--seed",  seed,
                           "--out",    s.res,        "--suite",       s.suite};
    size_t nfixed = sizeof fixed / sizeof fixed[0] - (o->have_shape ? 2 : 0);
    char **argv = calloc((size_t)o->argc + nfixed + 3, sizeof *argv);
    if (!argv) {
        rg__child_scratch_close(&s);
        return snprintf(err, errlen, "out of memory"), 2;
    }
    cpu_set_t pinned;
    int rebind = widen_affinity(h, &pinned);
    int n = 0, code = 0;
    argv[n++] = exe;
    argv[n++] = "run";
    for (int i = 0; i < o->argc; i++)
        argv[n++] = o->argv[i];
    for (size_t i = 0; i < nfixed; i++)
        argv[n++] = (char *)fixed[i];
    argv[n] = NULL;
    for (int round = 0; round < o->rounds && !code; round++) {
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)(o->seed + (uint64_t)round));
        if (h->progress) {
            fprintf(stderr, "\r\033[K[round %d/%d] the suite in a process of its own", round + 1,
                    o->rounds);
            fflush(stderr);
        }
        rg_results child;
        rg_results_init(&child);
        char line[512];
        int rc = rg__child_run(argv, &s, h->stop, &child, line, sizeof line);
        if (rc == 2) {
            snprintf(err, errlen, "round %d: %s", round + 1, line);
            code = 2;
        } else if (rc == 130) {
            out->interrupted = 1;
            code = 130;
        } else {
            code = merge(h, round, &child, out, err, errlen);
        }
        rg_results_free(&child);
    }
    if (h->progress) fprintf(stderr, "\r\033[K");
    for (size_t i = 0; i < out->count; i++)
        finish_case(&out->results[i]);
    if (rebind) sched_setaffinity(0, sizeof pinned, &pinned);
    free(argv);
    rg__child_scratch_close(&s);
    return code == 130 ? 0 : code;
}
