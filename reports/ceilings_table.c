/* ceilings_table.c: the ceilings as terminal tables (compute peaks per thread count, bandwidth
 * and span per memory level), or as the two-line summary `ridge run` prints. */
#include "ceilings_table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ridge.h"
#include "svg_axes.h"

#define CELL 48
#define MAXCOL 12
#define MAXROW 64

/* A grid of text cells; the first `left` columns are left-aligned, the others right-aligned. */
typedef struct {
    char cell[MAXROW][MAXCOL][CELL];
    int rows, cols, left;
} grid;

static void put(grid *g, int r, int c, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void put(grid *g, int r, int c, const char *fmt, ...) {
    if (r >= MAXROW || c >= MAXCOL) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->cell[r][c], CELL, fmt, ap);
    va_end(ap);
    if (r >= g->rows) g->rows = r + 1;
    if (c >= g->cols) g->cols = c + 1;
}

static void print_grid(FILE *out, const grid *g) {
    size_t width[MAXCOL] = {0};
    for (int r = 0; r < g->rows; r++)
        for (int c = 0; c < g->cols; c++) {
            size_t w = strlen(g->cell[r][c]);
            if (w > width[c]) width[c] = w;
        }
    for (int r = 0; r < g->rows; r++) {
        fputs("  ", out);
        for (int c = 0; c < g->cols; c++) {
            fprintf(out, c < g->left ? "%-*s" : "%*s", (int)width[c], g->cell[r][c]);
            fputs(c + 1 < g->cols ? "  " : "\n", out);
        }
    }
}

/* "226.0 +-1.2%": the median and the p10..p90 spread as +-% of it. */
static void put_value(grid *g, int r, int c, const rg_ceiling *x) {
    double spread = x->value > 0 ? 100.0 * (x->p90 - x->p10) / (2.0 * x->value) : 0;
    put(g, r, c, "%.1f +-%.1f%%", x->value, spread);
}

static int is_flops(const rg_ceiling *c) {
    return strcmp(c->kind, "flops") == 0;
}

/* The distinct thread counts of one kind, ascending. */
static int thread_counts(const rg_results *r, int flops, int *counts, int max) {
    int n = 0;
    for (int64_t i = 0; i < r->nceilings; i++) {
        if (is_flops(&r->ceilings[i]) != flops) continue;
        int t = r->ceilings[i].threads, k = 0;
        while (k < n && counts[k] < t)
            k++;
        if ((k < n && counts[k] == t) || n == max) continue;
        memmove(counts + k + 1, counts + k, (size_t)(n - k) * sizeof *counts);
        counts[k] = t, n++;
    }
    return n;
}

static void print_peaks(FILE *out, const rg_results *r) {
    int counts[MAXCOL], nt = thread_counts(r, 1, counts, MAXCOL - 3);
    if (nt == 0) return;
    grid g;
    memset(&g, 0, sizeof g);
    g.left = 3;
    put(&g, 0, 0, "precision"), put(&g, 0, 1, "method"), put(&g, 0, 2, "unit");
    for (int t = 0; t < nt; t++)
        put(&g, 0, 3 + t, "%d thread%s", counts[t], counts[t] > 1 ? "s" : "");
    for (int64_t i = 0; i < r->nceilings; i++) {
        const rg_ceiling *c = &r->ceilings[i];
        if (!is_flops(c)) continue;
        int row = 1;
        while (row < g.rows && strcmp(g.cell[row][1], c->method) != 0)
            row++;
        put(&g, row, 0, "%s%s%s", strcmp(c->device, "cpu") ? c->device : "",
            strcmp(c->device, "cpu") ? " " : "", c->name);
        put(&g, row, 1, "%s", c->method), put(&g, row, 2, "%s", c->unit);
        for (int t = 0; t < nt; t++)
            if (counts[t] == c->threads) put_value(&g, row, 3 + t, c);
    }
    fputs("compute peaks (median of repetitions, +-: p10..p90)\n", out);
    print_grid(out, &g);
}

/* Column order of levels: L1, L2, ... by number, then the rest (DRAM, GPU levels) as met. */
static int level_rank(const char *name) {
    if (name[0] == 'L' && name[1] >= '1' && name[1] <= '9') return atoi(name + 1);
    return 100;
}

static int level_columns(const rg_results *r, char (*names)[16], int max) {
    int n = 0;
    for (int64_t i = 0; i < r->nceilings; i++) {
        const rg_ceiling *c = &r->ceilings[i];
        if (is_flops(c)) continue;
        int k = 0, rank = level_rank(c->name);
        while (k < n && strcmp(names[k], c->name) != 0)
            k++;
        if (k < n || n == max) continue;
        k = n;
        while (k > 0 && level_rank(names[k - 1]) > rank)
            k--;
        memmove(names + k + 1, names + k, (size_t)(n - k) * sizeof *names);
        snprintf(names[k], sizeof names[k], "%s", c->name);
        n++;
    }
    return n;
}

static void print_bandwidth(FILE *out, const rg_results *r) {
    char names[MAXCOL][16];
    int nl = level_columns(r, names, MAXCOL - 2);
    if (nl == 0) return;
    grid value, span;
    memset(&value, 0, sizeof value);
    memset(&span, 0, sizeof span);
    value.left = span.left = 1;
    put(&value, 0, 0, "kernel"), put(&value, 0, 1, "threads");
    put(&span, 0, 0, "kernel"), put(&span, 0, 1, "threads");
    for (int l = 0; l < nl; l++)
        put(&value, 0, 2 + l, "%s", names[l]), put(&span, 0, 2 + l, "%s", names[l]);
    for (int64_t i = 0; i < r->nceilings; i++) {
        const rg_ceiling *c = &r->ceilings[i];
        if (is_flops(c)) continue;
        char label[CELL];
        snprintf(label, sizeof label, "%s%s%s", strcmp(c->device, "cpu") ? c->device : "",
                 strcmp(c->device, "cpu") ? " " : "", c->method);
        int row = 1;
        while (row < value.rows &&
               (strcmp(value.cell[row][0], label) != 0 || atoi(value.cell[row][1]) != c->threads))
            row++;
        put(&value, row, 0, "%s", label), put(&value, row, 1, "%d", c->threads);
        put(&span, row, 0, "%s", label), put(&span, row, 1, "%d", c->threads);
        int l = 0;
        while (l < nl && strcmp(names[l], c->name) != 0)
            l++;
        if (l == nl) continue;
        put_value(&value, row, 2 + l, c);
        char lo[24], hi[24];
        rg__svg_fmt_bytes(lo, sizeof lo, (double)c->size_lo);
        rg__svg_fmt_bytes(hi, sizeof hi, (double)c->size_hi);
        put(&span, row, 2 + l, "%s-%s", lo, hi);
    }
    for (int row = 1; row < value.rows; row++)
        for (int l = 0; l < nl; l++) {
            if (!value.cell[row][2 + l][0]) put(&value, row, 2 + l, "-");
            if (!span.cell[row][2 + l][0]) put(&span, row, 2 + l, "-");
        }
    fputs("memory bandwidth, GB/s (bytes counted as STREAM does; the plateau's median, +-: "
          "p10..p90 over its points)\n",
          out);
    print_grid(out, &value);
    fputs("working set of each plateau (all threads' arrays together)\n", out);
    print_grid(out, &span);
}

/* The best fp32 peak and the first swept kernel's levels, both at the most threads. */
static void print_summary(FILE *out, const rg_results *r) {
    const rg_ceiling *peak = NULL, *bw = NULL;
    for (int64_t i = 0; i < r->nceilings; i++) {
        const rg_ceiling *c = &r->ceilings[i];
        if (is_flops(c) && strcmp(c->name, "fp32") == 0 &&
            (!peak || c->threads > peak->threads ||
             (c->threads == peak->threads && c->value > peak->value)))
            peak = c;
        if (!is_flops(c) &&
            (!bw || (strcmp(c->method, bw->method) == 0 && c->threads > bw->threads)))
            bw = c;
    }
    fputs("ceilings:", out);
    if (peak)
        fprintf(out, " fp32 %.1f %s (%s, %d threads)", peak->value, peak->unit, peak->method,
                peak->threads);
    if (bw) {
        fprintf(out, "%s %s at %d threads:", peak ? ";" : "", bw->method, bw->threads);
        for (int64_t i = 0; i < r->nceilings; i++) {
            const rg_ceiling *c = &r->ceilings[i];
            if (!is_flops(c) && !strcmp(c->method, bw->method) && c->threads == bw->threads)
                fprintf(out, " %s %.1f", c->name, c->value);
        }
        fprintf(out, " %s", bw->unit);
    }
    if (r->ceilings_note[0]) fprintf(out, "%s%s", peak || bw ? "; " : " ", r->ceilings_note);
    fputs("\n", out);
}

int rg_ceilings_print(FILE *out, const rg_results *r, const rg_ceilings_print_opts *opts) {
    if (!out || !r) return RG_EINVAL;
    if (opts && opts->summary) {
        if (r->nceilings > 0 || r->ceilings_note[0]) print_summary(out, r);
    } else if (r->nceilings == 0) {
        fprintf(out, "ceilings: %s\n", r->ceilings_note[0] ? r->ceilings_note : "none measured");
    } else {
        print_peaks(out, r);
        print_bandwidth(out, r);
        if (r->ceilings_note[0]) fprintf(out, "note: %s\n", r->ceilings_note);
    }
    return ferror(out) ? RG_EIO : RG_OK;
}
