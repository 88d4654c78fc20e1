/* table.c: the terminal table: aligned rows, ratios to the baseline, geometric means. */
#include "table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "case_params.h"
#include "ridge.h"
#include "str_append.h"

enum {
    COL_CASE,
    COL_IMPL,
    COL_PATH,
    COL_THREADS,
    COL_GFLOPS,
    COL_GBPS,
    COL_SPREAD,
    COL_CI,
    COL_RATIO,
    NCOL
};

/* "path" is the code path that ran (ridge's ISA, a baseline's core type), so a fallback or
 * a handicapped baseline is visible in the table itself. */
/* "spread" is how much the samples vary (p10..p90 around the median); "ci95" how well the
 * median itself is known (its 95% confidence interval). */
static const char *const headers[NCOL] = {"case", "impl",   "path", "threads", "GFLOP/s",
                                          "GB/s", "spread", "ci95", "vs base"};
static const int right_aligned[NCOL] = {0, 0, 0, 1, 1, 1, 1, 1, 1};
_Static_assert(sizeof headers / sizeof headers[0] == NCOL, "one header per column");

#define CELL 160
typedef struct {
    char cell[NCOL][CELL];
} row;

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD "\033[1m"
#define ANSI_RED "\033[31m"
#define ANSI_GREEN "\033[32m"
#define ANSI_YELLOW "\033[33m"

static void case_label(const rg_result *res, int with_device, char *buf, size_t len) {
    if (!buf || !len) return;
    size_t pos = 0;
    buf[0] = '\0';
    rg__str_append(buf, len, &pos, "%s %s", res->op, res->dtype);
    int nint = 0, prev_letter = 0;
    for (int i = 0; i < res->nparams && i < RG_MAX_PARAMS; i++) {
        const rg_param *p = &res->params[i];
        if (p->is_str || rg_param_is_descriptive(p->key)) continue; /* counts are not sizes */
        rg__str_append(buf, len, &pos, "%s%lld", nint++ ? "x" : " ", (long long)p->ival);
    }
    for (int i = 0; i < res->nparams && i < RG_MAX_PARAMS; i++) {
        const rg_param *p = &res->params[i];
        if (!p->is_str) continue;
        int letter = strlen(p->sval) == 1;
        rg__str_append(buf, len, &pos, "%s%s", letter && prev_letter ? "" : " ", p->sval);
        prev_letter = letter;
    }
    if (with_device && res->device[0] && strcmp(res->device, "cpu") != 0)
        rg__str_append(buf, len, &pos, " %s", res->device);
    if (strcmp(res->cache, "cold") == 0) rg__str_append(buf, len, &pos, " cold");
}

void rg_table_case_label(const rg_result *res, char *buf, size_t len) {
    case_label(res, 1, buf, len);
}

void rg_table_case_label_no_device(const rg_result *res, char *buf, size_t len) {
    case_label(res, 0, buf, len);
}

static int same_param(const rg_param *p, const rg_param *q) {
    if (p->is_str != q->is_str) return 0;
    return p->is_str ? strcmp(p->sval, q->sval) == 0 : p->ival == q->ival;
}

int rg_table_same_case(const rg_result *a, const rg_result *b) {
    if (strcmp(a->op, b->op) || strcmp(a->device, b->device) || strcmp(a->dtype, b->dtype) ||
        a->threads != b->threads || strcmp(a->cache, b->cache) || a->nparams != b->nparams)
        return 0;
    for (int i = 0; i < a->nparams && i < RG_MAX_PARAMS; i++) {
        const rg_param *q = rg_result_param(b, a->params[i].key);
        if (!q || !same_param(&a->params[i], q)) return 0;
    }
    return 1;
}

/* The speed compared across impls: GFLOP/s when the case counts flops, else GB/s. */
static double speed(const rg_result *res) {
    return res->flops > 0 ? res->gflops : res->gbps;
}

/* The baseline row that ran ok for the same case, or NULL. */
static const rg_result *find_base(const rg_results *r, const rg_result *res, const char *base) {
    for (size_t i = 0; i < r->count; i++) {
        const rg_result *b = &r->results[i];
        if (b->status == RG_CASE_OK && strcmp(b->impl, base) == 0 && speed(b) > 0 &&
            rg_table_same_case(res, b))
            return b;
    }
    return NULL;
}

static void fill_row(const rg_results *r, const rg_result *res, const char *base, row *w) {
    memset(w, 0, sizeof(*w));
    rg_table_case_label(res, w->cell[COL_CASE], CELL);
    snprintf(w->cell[COL_IMPL], CELL, "%s", res->impl);
    snprintf(w->cell[COL_PATH], CELL, "%s", res->isa[0] ? res->isa : "-");
    snprintf(w->cell[COL_THREADS], CELL, "%d", res->threads);
    int ok = res->status == RG_CASE_OK;
    /* A case that failed verification has no speed worth printing. */
    snprintf(w->cell[COL_GFLOPS], CELL, ok && res->flops > 0 ? "%.1f" : "-", res->gflops);
    snprintf(w->cell[COL_GBPS], CELL, ok && res->bytes > 0 ? "%.1f" : "-", res->gbps);
    const rg_time_stats *t = &res->time;
    if (ok && t->n > 0 && t->median > 0)
        snprintf(w->cell[COL_SPREAD], CELL, "+-%.1f%%",
                 100.0 * (t->p90 - t->p10) / (2.0 * t->median));
    else
        strcpy(w->cell[COL_SPREAD], "-");
    /* Below 6 samples no distribution-free 95% interval of the median exists: say so. */
    if (ok && t->n > 0 && t->n < 6)
        snprintf(w->cell[COL_CI], CELL, "n=%lld", (long long)t->n);
    else if (ok && t->n > 0 && t->median > 0)
        snprintf(w->cell[COL_CI], CELL, "+-%.2f%%",
                 100.0 * (t->ci_hi - t->ci_lo) / (2.0 * t->median));
    else
        strcpy(w->cell[COL_CI], "-");
    const rg_result *b = ok ? find_base(r, res, base) : NULL;
    if (ok && strcmp(res->impl, base) == 0)
        strcpy(w->cell[COL_RATIO], "base");
    else if (b)
        snprintf(w->cell[COL_RATIO], CELL, "%.2fx", speed(res) / speed(b));
    else
        strcpy(w->cell[COL_RATIO], "-");
}

static void print_verified(FILE *out, const rg_result *res, int color) {
    const char *on = "";
    switch (res->status) {
    case RG_CASE_OK:
        on = ANSI_GREEN;
        break;
    case RG_CASE_SKIPPED:
        on = ANSI_YELLOW;
        break;
    default:
        on = ANSI_RED;
        break;
    }
    if (color) fputs(on, out);
    switch (res->status) {
    case RG_CASE_OK:
        fputs("ok", out);
        break;
    case RG_CASE_FAILED:
        fprintf(out, "FAILED (err %.2e > tol %.2e)%s%s", res->max_rel_error, res->tolerance,
                res->reason[0] ? ": " : "", res->reason);
        break;
    case RG_CASE_SKIPPED:
        fprintf(out, "skipped: %s", res->reason[0] ? res->reason : "(no reason given)");
        break;
    default:
        fprintf(out, "error: %s", res->reason[0] ? res->reason : "(no reason given)");
        break;
    }
    if (color) fputs(ANSI_RESET, out);
}

static void print_cells(FILE *out, const char (*cells)[CELL], const size_t *width) {
    for (int c = 0; c < NCOL; c++) {
        int w = (int)width[c];
        fprintf(out, right_aligned[c] ? "%*s  " : "%-*s  ", w, cells[c]);
    }
}

/* One line per impl: the geometric mean of its ratio to the baseline over shared ok cases. */
static void print_geomeans(FILE *out, const rg_results *r, const char *base) {
    for (size_t i = 0; i < r->count; i++) {
        const char *impl = r->results[i].impl;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(r->results[j].impl, impl) == 0;
        if (seen || strcmp(impl, base) == 0) continue;
        double logsum = 0, lo = INFINITY, hi = 0;
        int n = 0;
        for (size_t j = i; j < r->count; j++) {
            const rg_result *res = &r->results[j];
            if (strcmp(res->impl, impl) || res->status != RG_CASE_OK || !(speed(res) > 0)) continue;
            const rg_result *b = find_base(r, res, base);
            if (!b) continue;
            double ratio = speed(res) / speed(b);
            logsum += log(ratio);
            lo = fmin(lo, ratio);
            hi = fmax(hi, ratio);
            n++;
        }
        if (n == 0)
            fprintf(out, "%s/%s: no case where both ran ok\n", impl, base);
        else
            fprintf(out, "%s/%s geomean %.2fx over %d case%s (min %.2fx, max %.2fx)\n", impl, base,
                    exp(logsum / n), n, n == 1 ? "" : "s", lo, hi);
    }
}

int rg_table_print(FILE *out, const rg_results *r, const rg_table_opts *opts) {
    if (!out || !r || (r->count && !r->results)) return RG_EINVAL;
    int color = opts && opts->color;
    const char *base = opts && opts->baseline ? opts->baseline : RG_TABLE_BASELINE;
    row *rows = r->count ? calloc(r->count, sizeof(*rows)) : NULL;
    if (r->count && !rows) return RG_ENOMEM;

    size_t width[NCOL];
    for (int c = 0; c < NCOL; c++)
        width[c] = strlen(headers[c]);
    for (size_t i = 0; i < r->count; i++) {
        fill_row(r, &r->results[i], base, &rows[i]);
        for (int c = 0; c < NCOL; c++)
            if (strlen(rows[i].cell[c]) > width[c]) width[c] = strlen(rows[i].cell[c]);
    }
    char head[NCOL][CELL];
    for (int c = 0; c < NCOL; c++)
        snprintf(head[c], CELL, "%s", headers[c]);
    snprintf(head[COL_RATIO], CELL, "vs %s", base);
    if (strlen(head[COL_RATIO]) > width[COL_RATIO]) width[COL_RATIO] = strlen(head[COL_RATIO]);

    if (color) fputs(ANSI_BOLD, out);
    print_cells(out, (const char(*)[CELL])head, width);
    fputs("verified", out);
    if (color) fputs(ANSI_RESET, out);
    fputc('\n', out);
    int counts[RG_CASE_ERROR + 1] = {0};
    for (size_t i = 0; i < r->count; i++) {
        print_cells(out, (const char(*)[CELL])rows[i].cell, width);
        print_verified(out, &r->results[i], color);
        fputc('\n', out);
        if (r->results[i].status >= RG_CASE_OK && r->results[i].status <= RG_CASE_ERROR)
            counts[r->results[i].status]++;
    }
    free(rows);

    print_geomeans(out, r, base);
    fprintf(out, "%zu case%s: %d ok, %d failed, %d skipped, %d error\n", r->count,
            r->count == 1 ? "" : "s", counts[RG_CASE_OK], counts[RG_CASE_FAILED],
            counts[RG_CASE_SKIPPED], counts[RG_CASE_ERROR]);
    if (r->interrupted) fputs("run interrupted: results are incomplete\n", out);
    if (fflush(out) != 0 || ferror(out)) return RG_EIO;
    return RG_OK;
}
