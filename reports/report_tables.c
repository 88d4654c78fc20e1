/* report_tables.c: the tables of each machine (what it is, its ceilings, its results and the
 * cases that did not run), in reading order with the comparisons after them. */
#include "report_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ridge.h"

static const char *const machine_cols[] = {"field|Field", "value|Value"};

static void field(rg_report_table *t, const char *name, const char *value) {
    rg__table_row(t);
    rg__table_cell(t, name, NULL);
    rg__table_cell(t, value, NULL);
}

static void machine_table(const rg_report *rep, size_t mi, rg_report_table *t) {
    const rg_report_machine *m = &rep->machines[mi];
    const rg_sysinfo *s = &m->res.system;
    char buf[512];
    rg__table_init(t, "machine", machine_cols, 2);
    rg__table_title(t, "Machine: %s", m->label);
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < m->npaths && used < sizeof buf; i++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? ", " : "", m->paths[i]);
    field(t, "files", buf);
    snprintf(buf, sizeof buf, "%s (%d cores, %d threads, %d socket%s)", s->cpu_model, s->cores,
             s->pus, s->sockets, s->sockets == 1 ? "" : "s");
    field(t, "cpu", buf);
    snprintf(buf, sizeof buf, "%.1f GiB", (double)s->mem_total / (1 << 30));
    field(t, "memory", buf);
    field(t, "os", s->os);
    snprintf(buf, sizeof buf, "ridge %s (git %s), %s", s->ridge_version, s->git_commit,
             s->compiler);
    field(t, "build", buf);
    field(t, "date", s->date);
    field(t, "suite", m->res.suite);
    if (isfinite(m->price_usd_per_hour))
        snprintf(buf, sizeof buf, "%.4g USD per hour", m->price_usd_per_hour);
    else
        snprintf(buf, sizeof buf, "unknown (give --price '%s=USD_PER_HOUR')", m->label);
    field(t, "price", buf);
    rg_report_energy_note(rep, mi, buf, sizeof buf);
    field(t, "energy", buf);
    if (m->res.nceilings > 0)
        snprintf(buf, sizeof buf, "%lld measured%s%s", (long long)m->res.nceilings,
                 m->res.ceilings_note[0] ? "; " : "", m->res.ceilings_note);
    else
        snprintf(buf, sizeof buf, "%s", m->res.ceilings_note[0] ? m->res.ceilings_note : "none");
    field(t, "ceilings", buf);
    if (m->replaced) {
        snprintf(buf, sizeof buf, "%d results of earlier files replaced by a later file's",
                 m->replaced);
        field(t, "merged", buf);
    }
    if (m->res.interrupted) field(t, "interrupted", "yes: the run was stopped early");
}

static const char *const ceiling_cols[] = {"kind|Kind",
                                           "name|Roof",
                                           "method|Method",
                                           "threads|Threads",
                                           "value|Value",
                                           "unit|Unit",
                                           "p10|p10",
                                           "p90|p90",
                                           "size_lo|Plateau from (bytes)",
                                           "size_hi|Plateau to (bytes)"};
#define NCEILING_COLS (sizeof ceiling_cols / sizeof ceiling_cols[0])

static void ceilings_table(const rg_report *rep, size_t mi, const char *device,
                           rg_report_table *t) {
    const rg_report_machine *m = &rep->machines[mi];
    rg__table_init(t, "ceilings", ceiling_cols, NCEILING_COLS);
    rg__table_title(t, "Ceilings: %s, %s", m->label, device);
    for (int64_t i = 0; i < m->res.nceilings; i++) {
        const rg_ceiling *c = &m->res.ceilings[i];
        if (strcmp(c->device, device) != 0) continue;
        rg__table_row(t);
        rg__table_cell(t, c->kind, NULL);
        rg__table_cell(t, c->name, NULL);
        rg__table_cell(t, c->method, NULL);
        rg__table_num(t, "%.0f", c->threads);
        rg__table_num(t, "%.1f", c->value);
        rg__table_cell(t, c->unit, NULL);
        rg__table_num(t, "%.1f", c->p10);
        rg__table_num(t, "%.1f", c->p90);
        rg__table_num(t, "%.0f", c->size_hi > 0 ? (double)c->size_lo : NAN);
        rg__table_num(t, "%.0f", c->size_hi > 0 ? (double)c->size_hi : NAN);
    }
    rg_roofs roofs;
    rg_roofs_get(&m->res, device, 0, &roofs);
    if (roofs.nlevels == 0) return;
    const rg_roof *slow = &roofs.levels[roofs.nlevels - 1];
    for (size_t i = 0; i < roofs.npeaks; i++)
        rg__table_note(t,
                       "Ridge point of %s at %d threads: %.2f flop/byte (%.1f GFLOP/s over %s "
                       "%.1f GB/s); below it a cold case is memory bound.",
                       roofs.peaks[i].name, roofs.threads, roofs.peaks[i].value / slow->value,
                       roofs.peaks[i].value, slow->name, slow->value);
}

/* Columns of the results table; energy and cost only where the machine has them. */
enum { COL_ENERGY = 1, COL_COST = 2 };

static void results_header(rg_report_table *t, const char *baseline, int extra) {
    char vs[48];
    snprintf(vs, sizeof vs, "ratio|vs %s", baseline ? baseline : "baseline");
    const char *cols[16] = {"case|Case",
                            "impl|Impl",
                            "isa|Path",
                            "threads|Threads",
                            "cache|Cache",
                            "intensity|Flop/byte",
                            "time_s|Median",
                            "gflops|GFLOP/s",
                            "bound_gflops|Bound GFLOP/s",
                            "bound_kind|Bound by",
                            "roof|Roof",
                            "pct_of_bound|% of bound",
                            vs};
    size_t n = 13;
    if (extra & COL_ENERGY) {
        cols[n++] = "energy_j|J per call";
        cols[n++] = "gflops_per_watt|GFLOP/s per W";
    }
    if (extra & COL_COST) cols[n++] = "usd_per_tflop|USD per TFLOP";
    rg__table_init(t, "results", cols, n);
}

static void result_row(rg_report_table *t, const rg_report_row *row, int extra) {
    const rg_result *res = row->result;
    const rg_bound *b = &row->roof;
    char buf[96];
    rg__table_row(t);
    rg__table_cell(t, row->label, NULL);
    rg__table_cell(t, res->impl, NULL);
    rg__table_cell(t, res->isa, NULL);
    rg__table_num(t, "%.0f", res->threads);
    rg__table_cell(t, res->cache, NULL);
    rg__table_num(t, "%.3g", res->bytes > 0 ? res->flops / res->bytes : NAN);
    rg__fmt_seconds(buf, sizeof buf, res->time.median);
    char raw[32];
    snprintf(raw, sizeof raw, "%.9g", res->time.median);
    rg__table_cell(t, buf, raw);
    rg__table_num(t, "%.1f", res->gflops);
    rg__table_num(t, "%.1f", b->bound);
    rg__table_cell(t, b->kind == RG_BOUND_NONE ? "-" : rg_bound_kind_name(b->kind),
                   b->kind == RG_BOUND_NONE ? "" : NULL);
    const rg_roof *roof = b->kind == RG_BOUND_MEMORY ? &b->level : &b->peak;
    if (b->kind == RG_BOUND_NONE)
        rg__table_cell(t, "-", "");
    else {
        snprintf(buf, sizeof buf, "%s %.1f %s%s", roof->name, roof->value,
                 b->kind == RG_BOUND_MEMORY ? "GB/s" : "GFLOP/s", roof->scaled ? " (scaled)" : "");
        rg__table_cell(t, buf, roof->name);
    }
    rg__table_num(t, b->over ? "%.0f%% (!)" : "%.0f%%", b->pct);
    rg__table_num(t, "%.2fx", row->ratio);
    if (extra & COL_ENERGY) {
        rg__table_num(t, "%.3g", res->energy_j);
        rg__table_num(t, "%.3g", row->gflops_per_watt);
    }
    if (extra & COL_COST) rg__table_num(t, "%.3g", row->usd_per_tflop);
}

/* Notes under a results table: each distinct reason for missing bounds, once. */
static void bound_notes(const rg_report *rep, size_t mi, const char *device, rg_report_table *t) {
    int over = 0;
    for (size_t i = 0; i < rep->nrows; i++) {
        const rg_report_row *row = &rep->rows[i];
        if (row->machine != mi || strcmp(row->result->device, device) ||
            row->result->status != RG_CASE_OK)
            continue;
        over |= row->roof.over;
        if (row->roof.kind != RG_BOUND_NONE) continue;
        int repeated = 0, n = 0;
        for (size_t j = 0; j < rep->nrows; j++) {
            const rg_report_row *o = &rep->rows[j];
            if (o->machine != mi || strcmp(o->result->device, device) ||
                o->result->status != RG_CASE_OK || o->roof.kind != RG_BOUND_NONE ||
                strcmp(o->roof.note, row->roof.note))
                continue;
            repeated |= j < i;
            n++;
        }
        if (!repeated)
            rg__table_note(t, "No roofline bound for %d case%s: %s.", n, n == 1 ? "" : "s",
                           row->roof.note);
    }
    if (over)
        rg__table_note(t, "(!) above 100%% of the bound: the ceilings or the byte count "
                          "understate what the machine did (see docs/report.md).");
}

static void results_table(const rg_report *rep, size_t mi, const char *device, rg_report_table *t) {
    const rg_report_machine *m = &rep->machines[mi];
    int extra = isfinite(m->price_usd_per_hour) ? COL_COST : 0;
    for (size_t i = 0; i < rep->nrows; i++)
        if (rep->rows[i].machine == mi && !strcmp(rep->rows[i].result->device, device) &&
            isfinite(rep->rows[i].gflops_per_watt))
            extra |= COL_ENERGY;
    results_header(t,
                   !strcmp(device, "cpu")   ? RG_REPORT_BASELINE_CPU
                   : !strcmp(device, "gpu") ? RG_REPORT_BASELINE_GPU
                                            : NULL,
                   extra);
    rg__table_title(t, "Results: %s, %s", m->label, device);
    for (size_t i = 0; i < rep->nrows; i++) {
        const rg_report_row *row = &rep->rows[i];
        if (row->machine == mi && !strcmp(row->result->device, device) &&
            row->result->status == RG_CASE_OK)
            result_row(t, row, extra);
    }
    bound_notes(rep, mi, device, t);
    if (!(extra & COL_ENERGY)) {
        char note[256];
        rg_report_energy_note(rep, mi, note, sizeof note);
        rg__table_note(t, "Energy per case: %s.", note);
    }
    if (!(extra & COL_COST))
        rg__table_note(t, "Cost: no price for %s (give --price '%s=USD_PER_HOUR').", m->label,
                       m->label);
}

static const char *const not_run_cols[] = {"case|Case", "impl|Impl", "threads|Threads",
                                           "status|Status", "reason|Reason"};

static void not_run_table(const rg_report *rep, size_t mi, const char *device, rg_report_table *t) {
    rg__table_init(t, "not_run", not_run_cols, 5);
    rg__table_title(t, "Not run or not verified: %s, %s", rep->machines[mi].label, device);
    for (size_t i = 0; i < rep->nrows; i++) {
        const rg_report_row *row = &rep->rows[i];
        const rg_result *res = row->result;
        if (row->machine != mi || strcmp(res->device, device) || res->status == RG_CASE_OK)
            continue;
        rg__table_row(t);
        rg__table_cell(t, row->label, NULL);
        rg__table_cell(t, res->impl, NULL);
        rg__table_num(t, "%.0f", res->threads);
        rg__table_cell(t, rg_case_status_name(res->status), NULL);
        rg__table_cell(t, res->reason[0] ? res->reason : "-", res->reason);
    }
}

typedef void (*device_table)(const rg_report *rep, size_t mi, const char *device,
                             rg_report_table *t);

/* Adds one table of a machine's device, unless it comes out empty. */
static void add_device_table(rg__table_list *l, device_table build, const rg_report *rep, size_t mi,
                             const char *device) {
    rg_report_table *t = rg__tables_add(l);
    if (!t) return;
    build(rep, mi, device, t);
    rg__tables_drop_empty(l);
}

int rg_report_tables(const rg_report *rep, rg_report_table **out, size_t *n) {
    rg__table_list l = {0};
    for (size_t mi = 0; mi < rep->nmachines; mi++) {
        const rg_report_machine *m = &rep->machines[mi];
        rg_report_table *t = rg__tables_add(&l);
        if (t) {
            machine_table(rep, mi, t);
            rg__tables_drop_empty(&l);
        }
        for (size_t d = 0; d < m->ndevices; d++) {
            add_device_table(&l, ceilings_table, rep, mi, m->devices[d]);
            add_device_table(&l, results_table, rep, mi, m->devices[d]);
            add_device_table(&l, not_run_table, rep, mi, m->devices[d]);
        }
        rg__tables_gpu_cpu(rep, mi, &l);
    }
    rg__tables_across(rep, &l);
    if (l.status) {
        rg_report_tables_free(l.t, l.n);
        *out = NULL;
        *n = 0;
        return l.status;
    }
    *out = l.t;
    *n = l.n;
    return RG_OK;
}
