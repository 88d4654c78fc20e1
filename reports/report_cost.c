/* report_cost.c: the time and cost of one model step (the llm suite's prefill and decode),
 * from cases that say which phase and how often per layer they run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "ridge.h"

static int64_t int_param(const rg_result *res, const char *key) {
    const rg_param *p = rg_result_param(res, key);
    return p && !p->is_str ? p->ival : 0;
}

static const char *str_param(const rg_result *res, const char *key) {
    const rg_param *p = rg_result_param(res, key);
    return p && p->is_str ? p->sval : NULL;
}

/* True for a row that is part of a step: it says its phase, repeat count and layers. */
static int in_step(const rg_report_row *row) {
    const rg_result *res = row->result;
    return str_param(res, "phase") && int_param(res, "per_layer") > 0 &&
           int_param(res, "layers") > 0;
}

/* Whether two step rows belong to the same step: machine, device, dtype, phase, tokens. */
static int same_step(const rg_report_row *a, const rg_report_row *b) {
    const rg_result *x = a->result, *y = b->result;
    return a->machine == b->machine && !strcmp(x->device, y->device) &&
           !strcmp(x->dtype, y->dtype) && !strcmp(str_param(x, "phase"), str_param(y, "phase")) &&
           int_param(x, "M") == int_param(y, "M");
}

/* True when an earlier row of the same step already stands for this row's case (or, with
 * impl, for this row's implementation). */
static int seen_before(const rg_report *rep, size_t i, int by_impl) {
    for (size_t j = 0; j < i; j++)
        if (in_step(&rep->rows[j]) && same_step(&rep->rows[j], &rep->rows[i]) &&
            (by_impl ? !strcmp(rep->rows[j].result->impl, rep->rows[i].result->impl)
                     : rg_results_same_case(rep->rows[j].result, rep->rows[i].result, 0)))
            return 1;
    return 0;
}

/* The fastest verified time of a case in a step, by impl (NULL: any implementation). */
static double case_time(const rg_report *rep, const rg_report_row *like, const char *impl) {
    double best = NAN;
    for (size_t i = 0; i < rep->nrows; i++) {
        const rg_report_row *row = &rep->rows[i];
        double t = rg__report_time(row);
        if (!in_step(row) || !same_step(row, like) || isnan(t) ||
            (impl && strcmp(row->result->impl, impl)) ||
            !rg_results_same_case(row->result, like->result, 0))
            continue;
        if (isnan(best) || t < best) best = t;
    }
    return best;
}

/* Sums the step that row `first` opens, for impl (NULL: the best per case). */
static void sum_step(const rg_report *rep, size_t first, const char *impl, rg_report_step *s) {
    const rg_report_row *head = &rep->rows[first];
    const rg_result *res = head->result;
    memset(s, 0, sizeof *s);
    s->machine = head->machine;
    snprintf(s->device, sizeof s->device, "%s", res->device);
    snprintf(s->dtype, sizeof s->dtype, "%s", res->dtype);
    snprintf(s->phase, sizeof s->phase, "%.15s", str_param(res, "phase"));
    snprintf(s->impl, sizeof s->impl, "%s", impl ? impl : "best");
    s->tokens = int_param(res, "M");
    s->layers = (int)int_param(res, "layers");
    double sum = 0;
    for (size_t i = first; i < rep->nrows; i++) {
        const rg_report_row *row = &rep->rows[i];
        if (!in_step(row) || !same_step(row, head) || seen_before(rep, i, 0)) continue;
        double t = case_time(rep, row, impl);
        s->ncases++;
        if (isnan(t))
            s->nmissing++;
        else
            sum += (double)int_param(row->result, "per_layer") * t;
    }
    s->step_s = s->nmissing ? NAN : (double)s->layers * sum;
    double price = rep->machines[s->machine].price_usd_per_hour;
    s->usd = isfinite(price) && isfinite(s->step_s) ? price / 3600.0 * s->step_s : NAN;
}

static int push_step(rg_report *rep, size_t *cap, size_t first, const char *impl) {
    if (rep->nsteps == *cap) {
        size_t ncap = *cap ? 2 * *cap : 8;
        rg_report_step *grown = realloc(rep->steps, ncap * sizeof *grown);
        if (!grown) return RG_ENOMEM;
        rep->steps = grown;
        *cap = ncap;
    }
    sum_step(rep, first, impl, &rep->steps[rep->nsteps++]);
    return RG_OK;
}

int rg__report_steps(rg_report *rep) {
    size_t cap = 0;
    for (size_t i = 0; i < rep->nrows; i++) {
        if (!in_step(&rep->rows[i])) continue;
        int opens = 1; /* the first row of its step */
        for (size_t j = 0; j < i && opens; j++)
            opens = !(in_step(&rep->rows[j]) && same_step(&rep->rows[j], &rep->rows[i]));
        if (!opens) continue;
        int rc = push_step(rep, &cap, i, NULL);
        /* Then one line per implementation that ran in the step, in order of appearance. */
        for (size_t j = i; j < rep->nrows && rc == RG_OK; j++)
            if (in_step(&rep->rows[j]) && same_step(&rep->rows[j], &rep->rows[i]) &&
                !seen_before(rep, j, 1))
                rc = push_step(rep, &cap, i, rep->rows[j].result->impl);
        if (rc != RG_OK) return rc;
    }
    return RG_OK;
}
