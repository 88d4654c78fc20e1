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

/* "19 measured (from ceilings.json); <note>": which of several files the ceilings came from. */
static void ceilings_field(const rg_report_machine *m, char *buf, size_t len) {
    if (m->res.nceilings == 0) {
        snprintf(buf, len, "%s", m->res.ceilings_note[0] ? m->res.ceilings_note : "none");
        return;
    }
    size_t used = (size_t)snprintf(buf, len, "%lld measured", (long long)m->res.nceilings);
    for (size_t i = 0, n = 0; m->npaths > 1 && i < m->npaths && used < len; i++)
        if (m->path_has_ceilings[i])
            used += (size_t)snprintf(buf + used, len - used, "%s%s", n++ ? ", " : " (from ",
                                     m->paths[i]);
    if (m->npaths > 1 && used < len) used += (size_t)snprintf(buf + used, len - used, ")");
    if (m->res.ceilings_note[0] && used < len)
        snprintf(buf + used, len - used, "; %s", m->res.ceilings_note);
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
    snprintf(buf, sizeof buf, "%s%s%s%s%s", rg_sysinfo_pages(s),
             s->pages[0] ? "" : " (not recorded: files before ridge asked for huge)",
             s->thp[0] ? " (transparent huge pages: " : "", s->thp, s->thp[0] ? ")" : "");
    field(t, "pages", buf);
    ceilings_field(m, buf, sizeof buf);
    field(t, "ceilings", buf);
    if (m->replaced) {
        snprintf(buf, sizeof buf, "%d results of earlier files replaced by a later file's",
                 m->replaced);
        field(t, "merged", buf);
    }
    if (m->res.interrupted) field(t, "interrupted", "yes: the run was stopped early");
}

/* Columns of the results table: threads only on the CPU; energy and cost only where the
 * machine has them. */
enum { COL_THREADS = 1, COL_ENERGY = 2, COL_COST = 4 };

static void results_header(rg_report_table *t, const char *baseline, int extra) {
    char vs[48];
    snprintf(vs, sizeof vs, "ratio|vs %s", baseline ? baseline : "baseline");
    const char *cols[16] = {"case|Case", "impl|Impl", "isa|Path"};
    size_t n = 3;
    if (extra & COL_THREADS) cols[n++] = "threads|Threads";
    static const char *const rest[] = {
        "cache|Cache",    "intensity|Flop/byte",        "time_s|Median",
        "gflops|GFLOP/s", "bound_gflops|Bound GFLOP/s", "bound_kind|Bound by",
        "roof|Roof",      "pct_of_bound|% of bound"};
    for (size_t i = 0; i < sizeof rest / sizeof rest[0]; i++)
        cols[n++] = rest[i];
    cols[n++] = vs;
    if (extra & COL_ENERGY) {
        cols[n++] = "energy_j|J per call";
        cols[n++] = "gflops_per_watt|GFLOP/s per W";
    }
    if (extra & COL_COST) cols[n++] = "usd_per_pflop|USD per PFLOP";
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
    if (extra & COL_THREADS) rg__table_num(t, "%.0f", res->threads);
    rg__table_cell(t, res->cache, NULL);
    rg__table_num(t, "%.3g", res->bytes > 0 ? res->flops / res->bytes : NAN);
    rg__fmt_seconds(buf, sizeof buf, res->time.median);
    char raw[32];
    snprintf(raw, sizeof raw, "%.9g", res->time.median);
    rg__table_cell(t, buf, raw);
    rg__table_rate(t, res->gflops);
    rg__table_rate(t, b->bound);
    rg__table_cell(t, b->kind == RG_BOUND_NONE ? "-" : rg_bound_kind_name(b->kind),
                   b->kind == RG_BOUND_NONE ? "" : NULL);
    const rg_roof *roof = b->kind == RG_BOUND_MEMORY ? &b->level : &b->peak;
    if (b->kind == RG_BOUND_NONE)
        rg__table_cell(t, "-", "");
    else {
        char v[32];
        rg__fmt_rate(v, sizeof v, roof->value);
        snprintf(buf, sizeof buf, "%s %s %s%s", roof->name, v,
                 b->kind == RG_BOUND_MEMORY ? "GB/s" : rg_roofline_rate_unit(roof->name),
                 roof->scaled ? " (scaled)" : "");
        rg__table_cell(t, buf, roof->name);
    }
    rg__table_num(t, b->over ? "%.0f%% (!)" : "%.0f%%", b->pct);
    rg__table_num(t, "%.2fx", row->ratio);
    if (extra & COL_ENERGY) {
        rg__table_num(t, "%.3g", res->energy_j);
        rg__table_num(t, "%.3g", row->gflops_per_watt);
    }
    if (extra & COL_COST) rg__table_num(t, "%.3g", row->usd_per_pflop);
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
    if (rg_roofline_threads_apply(device)) extra |= COL_THREADS;
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
    if (extra & COL_COST)
        rg__table_note(t, "USD per PFLOP: the cost of 10^15 flops of the case's work at its "
                          "measured rate = price per hour / 3600 x 10^6 / GFLOP/s.");
    else
        rg__table_note(t, "Cost: no price for %s (give --price '%s=USD_PER_HOUR').", m->label,
                       m->label);
}

static void not_run_table(const rg_report *rep, size_t mi, const char *device, rg_report_table *t) {
    int threads = rg_roofline_threads_apply(device);
    const char *cols[] = {"case|Case", "impl|Impl", "threads|Threads", "status|Status",
                          "reason|Reason"};
    if (!threads) memmove(&cols[2], &cols[3], 2 * sizeof cols[0]);
    rg__table_init(t, "not_run", cols, threads ? 5 : 4);
    rg__table_title(t, "Not run or not verified: %s, %s", rep->machines[mi].label, device);
    for (size_t i = 0; i < rep->nrows; i++) {
        const rg_report_row *row = &rep->rows[i];
        const rg_result *res = row->result;
        if (row->machine != mi || strcmp(res->device, device) || res->status == RG_CASE_OK)
            continue;
        rg__table_row(t);
        rg__table_cell(t, row->label, NULL);
        rg__table_cell(t, res->impl, NULL);
        if (threads) rg__table_num(t, "%.0f", res->threads);
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
            size_t first = l.n;
            rg__tables_ceilings(rep, mi, m->devices[d], &l);
            add_device_table(&l, results_table, rep, mi, m->devices[d]);
            add_device_table(&l, not_run_table, rep, mi, m->devices[d]);
            for (size_t i = first; i < l.n; i++)
                snprintf(l.t[i].device, sizeof l.t[i].device, "%s", m->devices[d]);
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
