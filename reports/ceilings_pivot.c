/* ceilings_pivot.c: one device's ceilings laid out as pivots, or sorted for a long table. */
#include "ceilings_pivot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "roofline.h"
#include "svg_axes.h"

static rg__pivot_kind kind_of(const rg_ceiling *c) {
    if (strcmp(c->kind, "flops") == 0) return RG_PIVOT_PEAKS;
    return rg_roofline_is_transfer(c->name) ? RG_PIVOT_LINKS : RG_PIVOT_LEVELS;
}

static int cmp_int(int64_t a, int64_t b) {
    return (a > b) - (a < b);
}

/* Where a precision first appears: peaks keep the file's order of precisions. */
static int64_t first_seen(const rg_results *r, const rg_ceiling *c) {
    for (int64_t i = 0; i < r->nceilings; i++) {
        const rg_ceiling *o = &r->ceilings[i];
        if (!strcmp(o->device, c->device) && !strcmp(o->kind, c->kind) && !strcmp(o->name, c->name))
            return i;
    }
    return r->nceilings;
}

/* Levels nearest first, then the links (H2D before D2H), then other names. */
static int name_rank(const char *name) {
    int rank = rg_roofline_level_rank(name);
    if (rank) return rank;
    if (strcmp(name, "H2D") == 0) return 100;
    if (strcmp(name, "D2H") == 0) return 101;
    return 200;
}

/* The order of what heads a row: precision then method (peaks), method then threads. */
static int row_cmp(const rg_results *r, const rg_ceiling *a, const rg_ceiling *b, int threads) {
    int d;
    if (kind_of(a) == RG_PIVOT_PEAKS) {
        d = cmp_int(first_seen(r, a), first_seen(r, b));
        return d ? d : strcmp(a->method, b->method);
    }
    d = strcmp(a->method, b->method);
    return d || !threads ? d : cmp_int(a->threads, b->threads);
}

/* The order of what heads a column: the thread count (peaks) or the level. */
static int col_cmp(const rg_ceiling *a, const rg_ceiling *b, int threads) {
    if (kind_of(a) == RG_PIVOT_PEAKS) return threads ? cmp_int(a->threads, b->threads) : 0;
    int d = cmp_int(name_rank(a->name), name_rank(b->name));
    return d ? d : strcmp(a->name, b->name);
}

/* The row of c, inserted in order (its cells empty) when new; -1 when the pivot is full. */
static long row_slot(const rg_results *r, rg__ceilings_pivot *p, const rg_ceiling *c) {
    size_t i = 0;
    int d = 1;
    while (i < p->nrows && (d = row_cmp(r, p->row[i], c, p->threads_apply)) < 0)
        i++;
    if (i < p->nrows && d == 0) return (long)i;
    if (p->nrows == RG_PIVOT_MAXROWS) return -1;
    memmove(&p->row[i + 1], &p->row[i], (p->nrows - i) * sizeof p->row[0]);
    memmove(&p->cell[i + 1], &p->cell[i], (p->nrows - i) * sizeof p->cell[0]);
    memset(&p->cell[i], 0, sizeof p->cell[0]);
    p->row[i] = c;
    p->nrows++;
    return (long)i;
}

/* The column of c, likewise. */
static long col_slot(rg__ceilings_pivot *p, const rg_ceiling *c) {
    size_t i = 0;
    int d = 1;
    while (i < p->ncols && (d = col_cmp(p->col[i], c, p->threads_apply)) < 0)
        i++;
    if (i < p->ncols && d == 0) return (long)i;
    if (p->ncols == RG_PIVOT_MAXCOLS) return -1;
    memmove(&p->col[i + 1], &p->col[i], (p->ncols - i) * sizeof p->col[0]);
    for (size_t k = 0; k < p->nrows; k++) {
        memmove(&p->cell[k][i + 1], &p->cell[k][i], (p->ncols - i) * sizeof p->cell[k][0]);
        p->cell[k][i] = NULL;
    }
    p->col[i] = c;
    p->ncols++;
    return (long)i;
}

void rg__ceilings_pivot_make(const rg_results *r, const char *device, rg__pivot_kind kind,
                             rg__ceilings_pivot *out) {
    memset(out, 0, sizeof *out);
    out->kind = kind;
    out->threads_apply = rg_roofline_threads_apply(device);
    for (int64_t i = 0; i < r->nceilings; i++) {
        const rg_ceiling *c = &r->ceilings[i];
        if (strcmp(c->device, device) != 0 || kind_of(c) != kind) continue;
        long row = row_slot(r, out, c), col = row < 0 ? -1 : col_slot(out, c);
        if (col < 0) {
            out->dropped++;
            continue;
        }
        /* Off the CPU the largest thread count stays; a repeat (merged files) takes the
         * later file's value, as results do. */
        const rg_ceiling **cell = &out->cell[row][col];
        if (!*cell || c->threads >= (*cell)->threads) *cell = c;
    }
}

/* The long table's order: kind, then precision or level, then method, then threads. */
static int sorted_cmp(const rg_results *r, const rg_ceiling *a, const rg_ceiling *b) {
    int d = cmp_int(kind_of(a), kind_of(b));
    if (d) return d;
    if (kind_of(a) == RG_PIVOT_PEAKS)
        d = row_cmp(r, a, b, 0);
    else if (!(d = col_cmp(a, b, 0)))
        d = strcmp(a->method, b->method);
    return d ? d : cmp_int(a->threads, b->threads);
}

size_t rg__ceilings_sorted(const rg_results *r, const char *device, const rg_ceiling **out) {
    size_t n = 0;
    for (int64_t i = 0; i < r->nceilings; i++) {
        const rg_ceiling *c = &r->ceilings[i];
        if (strcmp(c->device, device) != 0) continue;
        size_t k = n++; /* insertion sort: stable, and n is small */
        for (; k > 0 && sorted_cmp(r, out[k - 1], c) > 0; k--)
            out[k] = out[k - 1];
        out[k] = c;
    }
    return n;
}

void rg__ceiling_fmt_value(char *buf, size_t len, const rg_ceiling *c, const char *pm) {
    double spread = c->value > 0 ? 100.0 * (c->p90 - c->p10) / (2.0 * c->value) : NAN;
    snprintf(buf, len, c->value >= 1000 ? "%.0f" : "%.1f", c->value);
    size_t used = strlen(buf);
    if (isfinite(spread) && spread >= 0 && used < len)
        snprintf(buf + used, len - used, " %s%.1f%%", pm, spread);
}

void rg__ceiling_fmt_span(char *buf, size_t len, const rg_ceiling *c) {
    if (c->size_hi <= 0) {
        snprintf(buf, len, "-");
        return;
    }
    char lo[24], hi[24];
    rg__svg_fmt_bytes(lo, sizeof lo, (double)c->size_lo);
    rg__svg_fmt_bytes(hi, sizeof hi, (double)c->size_hi);
    snprintf(buf, len, "%s-%s", lo, hi);
}
