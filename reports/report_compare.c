/* report_compare.c: GPU-versus-CPU pairs and their crossovers, and cases matched across
 * machines. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_params.h"
#include "report_internal.h"
#include "ridge.h"

/* The fastest verified row of machine mi on device that solves the same problem as like. */
static size_t fastest(const rg_report *rep, size_t mi, const char *device, const rg_result *like) {
    size_t best = RG_REPORT_NONE;
    for (size_t i = 0; i < rep->nrows; i++) {
        const rg_report_row *row = &rep->rows[i];
        double t = rg__report_time(row);
        if (row->machine != mi || strcmp(row->result->device, device) || isnan(t) ||
            !rg_results_same_case(row->result, like, 0))
            continue;
        if (best == RG_REPORT_NONE || t < rg__report_time(&rep->rows[best])) best = i;
    }
    return best;
}

/* The family of a case: its string parameters that are not descriptive ("transA=N ..."). */
static void family_of(const rg_result *res, char *buf, size_t len) {
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < res->nparams && i < RG_MAX_PARAMS && used < len; i++) {
        const rg_param *p = &res->params[i];
        if (!p->is_str || rg_param_is_descriptive(p->key)) continue;
        used +=
            (size_t)snprintf(buf + used, len - used, "%s%s=%s", used ? " " : "", p->key, p->sval);
    }
}

static int same_family(const rg_report *rep, const rg_report_pair *a, const rg_report_pair *b) {
    const rg_result *x = rep->rows[a->cpu].result, *y = rep->rows[b->cpu].result;
    char fx[96], fy[96];
    family_of(x, fx, sizeof fx);
    family_of(y, fy, sizeof fy);
    return a->machine == b->machine && !strcmp(x->op, y->op) && !strcmp(x->dtype, y->dtype) &&
           !strcmp(fx, fy);
}

static double pair_flops(const rg_report *rep, const rg_report_pair *p) {
    return rep->rows[p->gpu].result->flops;
}

/* Pairs of one family sit together, by increasing flops (a stable insertion sort keeps the
 * order of first appearance between families). */
static void sort_pairs(rg_report *rep) {
    rg_report_pair *p = rep->pairs;
    for (size_t i = 1; i < rep->npairs; i++) {
        size_t home = i; /* after the last earlier member of its family, by flops */
        for (size_t j = 0; j < i; j++)
            if (same_family(rep, &p[j], &p[i])) home = j + 1;
        while (home > 0 && home <= i && same_family(rep, &p[home - 1], &p[i]) &&
               pair_flops(rep, &p[home - 1]) > pair_flops(rep, &p[i]))
            home--;
        rg_report_pair t = p[i];
        memmove(&p[home + 1], &p[home], (i - home) * sizeof *p);
        p[home] = t;
    }
}

static void make_pair(const rg_report *rep, size_t mi, size_t cpu, size_t gpu, rg_report_pair *p) {
    const rg_results *r = &rep->machines[mi].res;
    const rg_result *g = rep->rows[gpu].result;
    *p = (rg_report_pair){.machine = mi, .cpu = cpu, .gpu = gpu};
    p->t_cpu = rg__report_time(&rep->rows[cpu]);
    p->t_gpu = rg__report_time(&rep->rows[gpu]);
    p->speedup = p->t_cpu / p->t_gpu;
    double h2d = rg_roofline_bandwidth(r, "gpu", "H2D", 0);
    p->t_gpu_xfer = p->speedup_xfer = NAN;
    if (h2d > 0) {
        p->t_gpu_xfer = p->t_gpu + g->bytes / (h2d * 1e9);
        p->speedup_xfer = p->t_cpu / p->t_gpu_xfer;
    }
}

static int add_crossovers(rg_report *rep) {
    rep->crossovers = calloc(rep->npairs ? rep->npairs : 1, sizeof *rep->crossovers);
    if (!rep->crossovers) return RG_ENOMEM;
    for (size_t i = 0; i < rep->npairs;) {
        rg_report_crossover *c = &rep->crossovers[rep->ncrossovers++];
        const rg_result *res = rep->rows[rep->pairs[i].cpu].result;
        c->machine = rep->pairs[i].machine;
        snprintf(c->op, sizeof c->op, "%s", res->op);
        snprintf(c->dtype, sizeof c->dtype, "%s", res->dtype);
        family_of(res, c->family, sizeof c->family);
        c->first = i;
        c->cpu_wins_below = c->cpu_wins_below_xfer = -1;
        for (; i < rep->npairs && same_family(rep, &rep->pairs[c->first], &rep->pairs[i]); i++) {
            if (rep->pairs[i].speedup < 1.0) c->cpu_wins_below = (long)i;
            if (rep->pairs[i].speedup_xfer < 1.0) c->cpu_wins_below_xfer = (long)i;
            c->count++;
        }
    }
    return RG_OK;
}

int rg__report_pairs(rg_report *rep) {
    rep->pairs = calloc(rep->nrows ? rep->nrows : 1, sizeof *rep->pairs);
    if (!rep->pairs) return RG_ENOMEM;
    for (size_t i = 0; i < rep->nrows; i++) {
        const rg_report_row *row = &rep->rows[i];
        if (strcmp(row->result->device, "gpu") != 0) continue;
        size_t gpu = fastest(rep, row->machine, "gpu", row->result);
        if (gpu != i) continue; /* one pair per problem: at its fastest GPU row */
        size_t cpu = fastest(rep, row->machine, "cpu", row->result);
        if (cpu == RG_REPORT_NONE) continue;
        make_pair(rep, row->machine, cpu, gpu, &rep->pairs[rep->npairs++]);
    }
    sort_pairs(rep);
    return add_crossovers(rep);
}

/* The cell of machine mi for the case of like: its fastest verified row at any thread
 * count, else its first row. */
static size_t cell(const rg_report *rep, size_t mi, const rg_result *like) {
    size_t first = RG_REPORT_NONE, best = RG_REPORT_NONE;
    for (size_t i = 0; i < rep->nrows; i++) {
        const rg_report_row *row = &rep->rows[i];
        if (row->machine != mi ||
            !rg_results_same_case(row->result, like, RG_SAME_IMPL | RG_SAME_DEVICE))
            continue;
        if (first == RG_REPORT_NONE) first = i;
        double t = rg__report_time(row);
        if (!isnan(t) && (best == RG_REPORT_NONE || t < rg__report_time(&rep->rows[best])))
            best = i;
    }
    return best != RG_REPORT_NONE ? best : first;
}

int rg__report_matches(rg_report *rep) {
    if (rep->nmachines < 2) return RG_OK;
    rep->matches = calloc(rep->nrows ? rep->nrows : 1, sizeof *rep->matches);
    if (!rep->matches) return RG_ENOMEM;
    for (size_t i = 0; i < rep->nrows; i++) {
        const rg_result *like = rep->rows[i].result;
        int known = 0; /* matched already, from an earlier row of the same case */
        for (size_t j = 0; j < i && !known; j++)
            known = rg_results_same_case(rep->rows[j].result, like, RG_SAME_IMPL | RG_SAME_DEVICE);
        if (known) continue;
        size_t *cells = malloc(rep->nmachines * sizeof *cells);
        if (!cells) return RG_ENOMEM;
        for (size_t m = 0; m < rep->nmachines; m++)
            cells[m] = cell(rep, m, like);
        rep->matches[rep->nmatches++].rows = cells;
    }
    return RG_OK;
}
