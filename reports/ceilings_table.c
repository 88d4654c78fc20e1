/* ceilings_table.c: the ceilings as terminal tables (compute peaks per thread count, bandwidth
 * and span per memory level), or as the two-line summary `ridge run` prints. */
#include "ceilings_table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ceilings_pivot.h"
#include "ridge.h"
#include "roofline.h"

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

/* The devices with ceilings, "cpu" first, each once. */
static int devices(const rg_results *r, const char **out, int max) {
    int n = 0;
    for (int64_t i = 0; i < r->nceilings; i++) {
        const char *d = r->ceilings[i].device;
        int k = 0;
        while (k < n && strcmp(out[k], d) != 0)
            k++;
        if (k < n || n == max) continue;
        if (strcmp(d, "cpu") == 0) {
            memmove(out + 1, out, (size_t)n * sizeof *out);
            k = 0;
        }
        out[k] = d, n++;
    }
    return n;
}

/* " of gpu": headings name the device when it is not the CPU. */
static void device_suffix(char *buf, size_t len, const char *device) {
    snprintf(buf, len, "%s%s", strcmp(device, "cpu") ? " of " : "",
             strcmp(device, "cpu") ? device : "");
}

static void print_dropped(FILE *out, const rg__ceilings_pivot *p) {
    if (p->dropped)
        fprintf(out, "  (%zu more ceiling%s not shown)\n", p->dropped, p->dropped == 1 ? "" : "s");
}

static void print_peaks(FILE *out, const rg_results *r, const char *device) {
    rg__ceilings_pivot p;
    rg__ceilings_pivot_make(r, device, RG_PIVOT_PEAKS, &p);
    if (p.nrows == 0) return;
    grid g;
    memset(&g, 0, sizeof g);
    g.left = 3;
    put(&g, 0, 0, "precision"), put(&g, 0, 1, "method"), put(&g, 0, 2, "unit");
    for (size_t c = 0; c < p.ncols; c++) {
        int t = p.col[c]->threads;
        if (p.threads_apply)
            put(&g, 0, 3 + (int)c, "%d thread%s", t, t == 1 ? "" : "s");
        else
            put(&g, 0, 3 + (int)c, "value");
    }
    for (size_t row = 0; row < p.nrows; row++) {
        int y = 1 + (int)row;
        put(&g, y, 0, "%s", p.row[row]->name), put(&g, y, 1, "%s", p.row[row]->method);
        put(&g, y, 2, "%s", p.row[row]->unit);
        for (size_t c = 0; c < p.ncols; c++) {
            char v[CELL] = "-";
            if (p.cell[row][c]) rg__ceiling_fmt_value(v, sizeof v, p.cell[row][c], "+-");
            put(&g, y, 3 + (int)c, "%s", v);
        }
    }
    char dev[32];
    device_suffix(dev, sizeof dev, device);
    fprintf(out, "compute peaks%s (median of repetitions, +-: p10..p90)\n", dev);
    print_grid(out, &g);
    print_dropped(out, &p);
}

/* Bandwidth per level (or link) and the working set of each plateau, as two grids. */
static void print_bandwidth(FILE *out, const rg_results *r, const char *device,
                            rg__pivot_kind kind) {
    rg__ceilings_pivot p;
    rg__ceilings_pivot_make(r, device, kind, &p);
    if (p.nrows == 0) return;
    grid value, span;
    memset(&value, 0, sizeof value);
    memset(&span, 0, sizeof span);
    value.left = span.left = 1;
    put(&value, 0, 0, "kernel"), put(&value, 0, 1, "threads");
    put(&span, 0, 0, "kernel"), put(&span, 0, 1, "threads");
    for (size_t c = 0; c < p.ncols; c++) {
        put(&value, 0, 2 + (int)c, "%s", p.col[c]->name);
        put(&span, 0, 2 + (int)c, "%s", p.col[c]->name);
    }
    for (size_t row = 0; row < p.nrows; row++) {
        int y = 1 + (int)row;
        const rg_ceiling *head = p.row[row];
        put(&value, y, 0, "%s", head->method), put(&span, y, 0, "%s", head->method);
        if (p.threads_apply)
            put(&value, y, 1, "%d", head->threads), put(&span, y, 1, "%d", head->threads);
        else
            put(&value, y, 1, "-"), put(&span, y, 1, "-");
        for (size_t c = 0; c < p.ncols; c++) {
            char v[CELL] = "-", s[CELL] = "-";
            if (p.cell[row][c]) {
                rg__ceiling_fmt_value(v, sizeof v, p.cell[row][c], "+-");
                rg__ceiling_fmt_span(s, sizeof s, p.cell[row][c]);
            }
            put(&value, y, 2 + (int)c, "%s", v), put(&span, y, 2 + (int)c, "%s", s);
        }
    }
    char dev[32];
    device_suffix(dev, sizeof dev, device);
    fprintf(out,
            "%s%s, GB/s (bytes counted as STREAM does; the plateau's median, +-: p10..p90 "
            "over its points)\n",
            kind == RG_PIVOT_LINKS ? "transfer links" : "memory bandwidth", dev);
    print_grid(out, &value);
    fputs("working set of each plateau (all threads' arrays together)\n", out);
    print_grid(out, &span);
    print_dropped(out, &p);
}

static int is_flops(const rg_ceiling *c) {
    return strcmp(c->kind, "flops") == 0;
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
    if (peak && rg_roofline_threads_apply(peak->device))
        fprintf(out, " fp32 %.1f %s (%s, %d threads)", peak->value, peak->unit, peak->method,
                peak->threads);
    else if (peak)
        fprintf(out, " fp32 %.1f %s (%s, %s)", peak->value, peak->unit, peak->method, peak->device);
    if (bw && rg_roofline_threads_apply(bw->device))
        fprintf(out, "%s %s at %d threads:", peak ? ";" : "", bw->method, bw->threads);
    else if (bw)
        fprintf(out, "%s %s on %s:", peak ? ";" : "", bw->method, bw->device);
    if (bw) {
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
        const char *dev[8];
        int ndev = devices(r, dev, 8);
        for (int d = 0; d < ndev; d++) {
            print_peaks(out, r, dev[d]);
            print_bandwidth(out, r, dev[d], RG_PIVOT_LEVELS);
            print_bandwidth(out, r, dev[d], RG_PIVOT_LINKS);
        }
        if (r->ceilings_note[0]) fprintf(out, "note: %s\n", r->ceilings_note);
    }
    return ferror(out) ? RG_EIO : RG_OK;
}
