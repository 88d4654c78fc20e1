/* export_csv.c: a results file as one CSV table for spreadsheets: a row per case, every
 * parameter key a column, unrounded numbers (the report's CSV holds its tables instead). */
#include "export.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv_field.h"
#include "ridge.h"

/* Columns before the parameters, and after them; docs/export.md explains each. */
static const char *const head[] = {"machine", "name", "op", "impl", "device", "dtype"};
static const char *const tail[] = {
    "threads",  "pin",      "cache",       "isa",           "status",
    "reason",   "flops",    "bytes",       "intensity",     "n",
    "median_s", "p10_s",    "p90_s",       "ci_lo_s",       "ci_hi_s",
    "mean_s",   "stddev_s", "min_s",       "gflops",        "gbps",
    "energy_j", "batch",    "stop_reason", "max_rel_error", "tolerance"};
#define NHEAD (sizeof head / sizeof head[0])
#define NTAIL (sizeof tail / sizeof tail[0])

static void sep(FILE *f, int *first) {
    if (!*first) fputc(',', f);
    *first = 0;
}

static void text(FILE *f, int *first, const char *s) {
    sep(f, first);
    rg__csv_field(f, s);
}

/* A number in full precision; NaN and infinities are empty cells. */
static void num(FILE *f, int *first, double v) {
    sep(f, first);
    if (isfinite(v)) fprintf(f, "%.17g", v);
}

static void integer(FILE *f, int *first, int64_t v) {
    sep(f, first);
    fprintf(f, "%lld", (long long)v);
}

static int fixed_column(const char *key) {
    for (size_t i = 0; i < NHEAD; i++)
        if (!strcmp(key, head[i])) return 1;
    for (size_t i = 0; i < NTAIL; i++)
        if (!strcmp(key, tail[i])) return 1;
    return 0;
}

/* The parameter keys of all cases, in order of first appearance. */
static int collect_keys(const rg_results *r, const char ***keys, size_t *n) {
    *keys = calloc(r->count * RG_MAX_PARAMS + 1, sizeof **keys);
    *n = 0;
    if (!*keys) return RG_ENOMEM;
    for (size_t i = 0; i < r->count; i++)
        for (int p = 0; p < r->results[i].nparams; p++) {
            const char *k = r->results[i].params[p].key;
            size_t j = 0;
            while (j < *n && strcmp((*keys)[j], k))
                j++;
            if (j == *n) (*keys)[(*n)++] = k;
        }
    return RG_OK;
}

static void row(FILE *f, const rg_results *r, const rg_result *res, const char **keys,
                size_t nkeys) {
    int first = 1, ok = res->status == RG_CASE_OK;
    char name[384];
    rg_export_case_name(res, name, sizeof name);
    const char *ids[NHEAD] = {r->system.label, name, res->op, res->impl, res->device, res->dtype};
    for (size_t i = 0; i < NHEAD; i++)
        text(f, &first, ids[i]);
    for (size_t k = 0; k < nkeys; k++) {
        const rg_param *p = rg_result_param(res, keys[k]);
        if (!p)
            text(f, &first, "");
        else if (p->is_str)
            text(f, &first, p->sval);
        else
            integer(f, &first, p->ival);
    }
    integer(f, &first, res->threads);
    const char *more[] = {res->pin, res->cache, res->isa, rg_case_status_name(res->status),
                          res->reason};
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        text(f, &first, more[i]);
    num(f, &first, res->flops);
    num(f, &first, res->bytes);
    num(f, &first, res->intensity);
    integer(f, &first, ok ? res->time.n : 0);
    /* a case that did not run ok has no time and no speed */
    const rg_time_stats *t = &res->time;
    const double times[] = {t->median, t->p10, t->p90,      t->ci_lo,  t->ci_hi,     t->mean,
                            t->stddev, t->min, res->gflops, res->gbps, res->energy_j};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
        num(f, &first, ok ? times[i] : NAN);
    integer(f, &first, res->batch);
    text(f, &first, ok ? res->stop_reason : "");
    num(f, &first, res->max_rel_error);
    num(f, &first, res->tolerance);
    fputs("\r\n", f);
}

int rg_export_csv(FILE *f, const rg_results *r) {
    if (!f || !r) return RG_EINVAL;
    const char **keys;
    size_t nkeys;
    if (collect_keys(r, &keys, &nkeys) != RG_OK) return RG_ENOMEM;
    int first = 1;
    for (size_t i = 0; i < NHEAD; i++)
        text(f, &first, head[i]);
    for (size_t k = 0; k < nkeys; k++) {
        /* a parameter named like a fixed column ("threads") is told apart by a prefix */
        char col[40];
        snprintf(col, sizeof col, "%s%s", fixed_column(keys[k]) ? "param_" : "", keys[k]);
        text(f, &first, col);
    }
    for (size_t i = 0; i < NTAIL; i++)
        text(f, &first, tail[i]);
    fputs("\r\n", f);
    for (size_t i = 0; i < r->count; i++)
        row(f, r, &r->results[i], keys, nkeys);
    free(keys);
    return fflush(f) != 0 || ferror(f) ? RG_EIO : RG_OK;
}
