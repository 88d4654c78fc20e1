/* report_tables_ceil.c: a device's ceilings in the report: pivots for people (compute peaks
 * per thread count; bandwidth per memory level with each plateau's working set; transfer
 * links) and, for spreadsheets, one sorted long table with the raw numbers. */
#include "report_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ceilings_pivot.h"
#include "ridge.h"

#define MAX_COLS (3 + RG_PIVOT_MAXCOLS)

static void dropped_note(rg_report_table *t, const rg__ceilings_pivot *p) {
    if (p->dropped)
        rg__table_note(t, "%zu more ceiling%s not shown here (see the CSV report).", p->dropped,
                       p->dropped == 1 ? "" : "s");
}

/* A value cell: "233.2 ±1.2%" for people, the median for machines; "-" where none. */
static void value_cell(rg_report_table *t, const rg_ceiling *c) {
    if (!c) {
        rg__table_cell(t, "-", "");
        return;
    }
    char text[64], raw[32];
    rg__ceiling_fmt_value(text, sizeof text, c, "\xc2\xb1");
    snprintf(raw, sizeof raw, "%.9g", c->value);
    rg__table_cell(t, text, raw);
}

/* Where the slowest memory level meets each compute roof, at the roofline's thread count. */
static void ridge_notes(const rg_results *r, const char *device, rg_report_table *t) {
    rg_roofs roofs;
    rg_roofs_get(r, device, 0, &roofs);
    if (roofs.nlevels == 0) return;
    const rg_roof *slow = &roofs.levels[roofs.nlevels - 1];
    char at[32] = "";
    if (rg_roofline_threads_apply(device))
        snprintf(at, sizeof at, " at %d thread%s", roofs.threads, roofs.threads == 1 ? "" : "s");
    char bw[32];
    rg__fmt_rate(bw, sizeof bw, slow->value);
    for (size_t i = 0; i < roofs.npeaks; i++) {
        char peak[32];
        rg__fmt_rate(peak, sizeof peak, roofs.peaks[i].value);
        rg__table_note(t,
                       "Ridge point of %s%s: %.2f flop/byte (%s %s over %s %s GB/s); below it "
                       "a cold case is memory bound.",
                       roofs.peaks[i].name, at, roofs.peaks[i].value / slow->value, peak,
                       rg_roofline_rate_unit(roofs.peaks[i].name), slow->name, bw);
    }
}

static void peaks_table(const rg_report *rep, size_t mi, const char *device, rg_report_table *t) {
    rg__ceilings_pivot p;
    rg__ceilings_pivot_make(&rep->machines[mi].res, device, RG_PIVOT_PEAKS, &p);
    char names[RG_PIVOT_MAXCOLS][48];
    const char *cols[MAX_COLS] = {"precision|Precision", "method|Probe", "unit|Unit"};
    for (size_t c = 0; c < p.ncols; c++) {
        int n = p.col[c]->threads;
        if (p.threads_apply)
            snprintf(names[c], sizeof names[c], "threads_%d|%d thread%s", n, n, n == 1 ? "" : "s");
        else
            snprintf(names[c], sizeof names[c], "value|Value");
        cols[3 + c] = names[c];
    }
    rg__table_init(t, "ceiling_peaks", cols, 3 + p.ncols);
    t->audience = RG_TABLE_PEOPLE;
    t->nkeys = 3;
    rg__table_title(t, "Compute peaks: %s, %s", rep->machines[mi].label, device);
    for (size_t row = 0; row < p.nrows; row++) {
        rg__table_row(t);
        rg__table_cell(t, p.row[row]->name, NULL);
        rg__table_cell(t, p.row[row]->method, NULL);
        rg__table_cell(t, p.row[row]->unit, NULL);
        for (size_t c = 0; c < p.ncols; c++)
            value_cell(t, p.cell[row][c]);
    }
    rg__table_note(t, "Median of the repetitions; \xc2\xb1: half the p10..p90 spread, as a "
                      "percentage of the median.");
    dropped_note(t, &p);
}

/* Bandwidth per memory level (or transfer link), each plateau's working set as the cell's
 * second line. */
static void bandwidth_table(const rg_report *rep, size_t mi, const char *device,
                            rg__pivot_kind kind, rg_report_table *t) {
    const char *label = rep->machines[mi].label;
    int links = kind == RG_PIVOT_LINKS;
    rg__ceilings_pivot p;
    rg__ceilings_pivot_make(&rep->machines[mi].res, device, kind, &p);
    char names[RG_PIVOT_MAXCOLS][48];
    const char *cols[MAX_COLS] = {"method|Probe", "threads|Threads"};
    size_t nkeys = p.threads_apply ? 2 : 1;
    for (size_t c = 0; c < p.ncols; c++) {
        snprintf(names[c], sizeof names[c], "%s|%s", p.col[c]->name, p.col[c]->name);
        cols[nkeys + c] = names[c];
    }
    rg__table_init(t, links ? "ceiling_links" : "ceiling_bandwidth", cols, nkeys + p.ncols);
    t->audience = RG_TABLE_PEOPLE;
    t->nkeys = nkeys;
    const char *unit = p.nrows ? p.row[0]->unit : "GB/s";
    rg__table_title(t, "%s (%s): %s, %s", links ? "Transfer links" : "Memory bandwidth", unit,
                    label, device);
    snprintf(t->line2_title, sizeof t->line2_title, "%s of each plateau: %s, %s",
             links ? "Transfer sizes" : "Working set", label, device);
    for (size_t row = 0; row < p.nrows; row++) {
        rg__table_row(t);
        rg__table_cell(t, p.row[row]->method, NULL);
        if (p.threads_apply) rg__table_num(t, "%.0f", p.row[row]->threads);
        for (size_t c = 0; c < p.ncols; c++) {
            char span[64] = "";
            value_cell(t, p.cell[row][c]);
            if (p.cell[row][c]) rg__ceiling_fmt_span(span, sizeof span, p.cell[row][c]);
            rg__table_line2(t, span);
        }
    }
    rg__table_note(t, "The median over the plateau's points (bytes counted as STREAM does); "
                      "\xc2\xb1: half their p10..p90 spread, as a percentage of the median.");
    rg__table_note(t, "With each value, the %s its plateau spans%s.",
                   links ? "transfer sizes" : "working set",
                   links || !p.threads_apply ? "" : " (all threads' arrays together)");
    dropped_note(t, &p);
    if (!links) ridge_notes(&rep->machines[mi].res, device, t);
}

static const char *const long_cols[] = {"kind|Kind",
                                        "name|Roof",
                                        "method|Method",
                                        "threads|Threads",
                                        "value|Value",
                                        "unit|Unit",
                                        "p10|p10",
                                        "p90|p90",
                                        "size_lo|Plateau from (bytes)",
                                        "size_hi|Plateau to (bytes)"};

static void bytes_cell(rg_report_table *t, int64_t bytes, int known) {
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)bytes);
    rg__table_cell(t, known ? buf : "-", known ? buf : "");
}

/* Every ceiling once, raw: spreadsheets pivot it themselves. */
static void long_table(const rg_report *rep, size_t mi, const char *device, rg_report_table *t) {
    const rg_results *r = &rep->machines[mi].res;
    rg__table_init(t, "ceilings", long_cols, sizeof long_cols / sizeof long_cols[0]);
    t->audience = RG_TABLE_MACHINES;
    rg__table_title(t, "Ceilings: %s, %s", rep->machines[mi].label, device);
    const rg_ceiling **sorted = calloc(r->nceilings ? (size_t)r->nceilings : 1, sizeof *sorted);
    if (!sorted) {
        t->status = RG_ENOMEM;
        return;
    }
    size_t n = rg__ceilings_sorted(r, device, sorted);
    int threads = rg_roofline_threads_apply(device);
    for (size_t i = 0; i < n; i++) {
        const rg_ceiling *c = sorted[i];
        rg__table_row(t);
        rg__table_cell(t, c->kind, NULL);
        rg__table_cell(t, c->name, NULL);
        rg__table_cell(t, c->method, NULL);
        if (threads)
            rg__table_num(t, "%.0f", c->threads);
        else
            rg__table_cell(t, "-", "");
        rg__table_num(t, "%.1f", c->value);
        rg__table_cell(t, c->unit, NULL);
        rg__table_num(t, "%.1f", c->p10);
        rg__table_num(t, "%.1f", c->p90);
        bytes_cell(t, c->size_lo, c->size_hi > 0);
        bytes_cell(t, c->size_hi, c->size_hi > 0);
    }
    free(sorted);
    rg__table_note(t, "One row per ceiling: value is the median, p10 and p90 its spread; size_lo "
                      "and size_hi the working set its plateau spans, in bytes.");
    ridge_notes(r, device, t);
}

void rg__tables_ceilings(const rg_report *rep, size_t mi, const char *device, rg__table_list *l) {
    rg_report_table *t;
    if ((t = rg__tables_add(l))) {
        peaks_table(rep, mi, device, t);
        rg__tables_drop_empty(l);
    }
    for (int links = 0; links < 2; links++)
        if ((t = rg__tables_add(l))) {
            bandwidth_table(rep, mi, device, links ? RG_PIVOT_LINKS : RG_PIVOT_LEVELS, t);
            rg__tables_drop_empty(l);
        }
    if ((t = rg__tables_add(l))) {
        long_table(rep, mi, device, t);
        rg__tables_drop_empty(l);
    }
}
