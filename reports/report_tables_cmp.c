/* report_tables_cmp.c: the comparison tables: GPU versus CPU with crossovers, machines side by
 * side, and LLM step costs. */
#include "report_table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ridge.h"

static void seconds_cell(rg_report_table *t, double s) {
    char text[32], raw[32] = "";
    rg__fmt_seconds(text, sizeof text, s);
    if (isfinite(s)) snprintf(raw, sizeof raw, "%.9g", s);
    rg__table_cell(t, text, raw);
}

static const char *const pair_cols[] = {"case|Case",
                                        "cpu_impl|CPU impl",
                                        "cpu_threads|CPU threads",
                                        "t_cpu_s|CPU time",
                                        "cpu_pct|CPU % of bound",
                                        "gpu_impl|GPU impl",
                                        "t_gpu_s|GPU time",
                                        "gpu_pct|GPU % of bound",
                                        "speedup|GPU speedup",
                                        "t_gpu_xfer_s|GPU time + H2D",
                                        "speedup_xfer|Speedup with H2D"};

static void pairs_table(const rg_report *rep, size_t mi, rg_report_table *t) {
    const rg_results *r = &rep->machines[mi].res;
    double h2d = rg_roofline_bandwidth(r, "gpu", "H2D", 0);
    rg__table_init(t, "gpu_vs_cpu", pair_cols, isfinite(h2d) ? 11 : 9);
    rg__table_title(t, "GPU versus CPU: %s", rep->machines[mi].label);
    for (size_t i = 0; i < rep->npairs; i++) {
        const rg_report_pair *p = &rep->pairs[i];
        if (p->machine != mi) continue;
        const rg_report_row *c = &rep->rows[p->cpu], *g = &rep->rows[p->gpu];
        rg__table_row(t);
        rg__table_cell(t, c->label, NULL);
        rg__table_cell(t, c->result->impl, NULL);
        rg__table_num(t, "%.0f", c->result->threads);
        seconds_cell(t, p->t_cpu);
        rg__table_num(t, "%.0f%%", c->roof.pct);
        rg__table_cell(t, g->result->impl, NULL);
        seconds_cell(t, p->t_gpu);
        rg__table_num(t, "%.0f%%", g->roof.pct);
        rg__table_num(t, "%.2fx", p->speedup);
        if (isfinite(h2d)) {
            seconds_cell(t, p->t_gpu_xfer);
            rg__table_num(t, "%.2fx", p->speedup_xfer);
        }
    }
    rg__table_note(t, "Speedup = CPU time / GPU time (median of each side's fastest verified "
                      "implementation); below 1 the CPU is faster.");
    if (isfinite(h2d))
        rg__table_note(t,
                       "With H2D: the GPU time plus the counted bytes over the measured "
                       "host-to-device bandwidth (%.1f GB/s).",
                       h2d);
    else
        rg__table_note(t, "Transfer time not counted: no H2D bandwidth ceiling measured.");
}

static const char *const cross_cols[] = {"family|Case family", "cases|Sizes",
                                         "cpu_faster_up_to|CPU faster up to",
                                         "cpu_faster_up_to_xfer|With H2D: CPU faster up to"};

static void crossover_cell(const rg_report *rep, const rg_report_crossover *c, long at, int xfer,
                           rg_report_table *t) {
    int any = 0;
    for (size_t i = c->first; i < c->first + c->count; i++)
        any |= isfinite(xfer ? rep->pairs[i].speedup_xfer : rep->pairs[i].speedup);
    if (!any)
        rg__table_cell(t, "-", "");
    else if (at < 0)
        rg__table_cell(t, "the GPU is faster at every size", "");
    else {
        const rg_report_row *row = &rep->rows[rep->pairs[at].cpu];
        char buf[192];
        snprintf(buf, sizeof buf, "%s (%.3g GFLOP)%s", row->label, row->result->flops * 1e-9,
                 (size_t)at + 1 == c->first + c->count ? ": the largest size measured" : "");
        rg__table_cell(t, buf, row->label);
    }
}

static void crossover_table(const rg_report *rep, size_t mi, rg_report_table *t) {
    rg__table_init(t, "crossover", cross_cols, 4);
    rg__table_title(t, "Crossover: %s", rep->machines[mi].label);
    for (size_t i = 0; i < rep->ncrossovers; i++) {
        const rg_report_crossover *c = &rep->crossovers[i];
        if (c->machine != mi) continue;
        char fam[160];
        snprintf(fam, sizeof fam, "%s %s%s%s", c->op, c->dtype, c->family[0] ? " " : "", c->family);
        rg__table_row(t);
        rg__table_cell(t, fam, NULL);
        rg__table_num(t, "%.0f", (double)c->count);
        crossover_cell(rep, c, c->cpu_wins_below, 0, t);
        crossover_cell(rep, c, c->cpu_wins_below_xfer, 1, t);
    }
    rg__table_note(t, "In order of flops, the largest size at which the CPU is still faster: "
                      "below it the CPU wins (sizes in between may go either way: see the "
                      "table above).");
}

void rg__tables_gpu_cpu(const rg_report *rep, size_t machine, rg__table_list *l) {
    rg_report_table *t = rg__tables_add(l);
    if (!t) return;
    pairs_table(rep, machine, t);
    rg__tables_drop_empty(l);
    if (!(t = rg__tables_add(l))) return;
    crossover_table(rep, machine, t);
    rg__tables_drop_empty(l);
}

/* Column names for machine columns: "key label|label Header". */
#define MAX_COMPARED 8
#define MAX_COMPARE_COLS (3 + 4 * MAX_COMPARED)
typedef struct {
    char names[MAX_COMPARE_COLS][256];
    const char *cols[MAX_COMPARE_COLS];
    size_t n;
} compare_cols;

static void add_col(compare_cols *c, const char *key, const char *label, const char *header) {
    snprintf(c->names[c->n], sizeof c->names[0], "%s %s|%s %s", key, label, label, header);
    c->cols[c->n] = c->names[c->n];
    c->n++;
}

/* Machines side by side: per machine its GFLOP/s, % of bound and (priced) USD per PFLOP;
 * after the first, its speed relative to the first. */
static void compare_table(const rg_report *rep, rg_report_table *t) {
    compare_cols c = {.cols = {"case|Case", "impl|Impl", "device|Device"}, .n = 3};
    size_t nm = rep->nmachines < MAX_COMPARED ? rep->nmachines : MAX_COMPARED;
    char vs[96];
    snprintf(vs, sizeof vs, "vs %s", rep->machines[0].label);
    for (size_t m = 0; m < nm; m++) {
        const char *lb = rep->machines[m].label;
        add_col(&c, "gflops", lb, "GFLOP/s");
        add_col(&c, "pct_of_bound", lb, "% of bound");
        if (m > 0) add_col(&c, "vs_first", lb, vs);
        if (isfinite(rep->machines[m].price_usd_per_hour))
            add_col(&c, "usd_per_pflop", lb, "USD per PFLOP");
    }
    rg__table_init(t, "compare", c.cols, c.n);
    rg__table_title(t, "Machines compared");
    for (size_t i = 0; i < rep->nmatches; i++) {
        const size_t *cells = rep->matches[i].rows;
        const rg_report_row *any = NULL;
        for (size_t m = 0; m < nm && !any; m++)
            if (cells[m] != RG_REPORT_NONE) any = &rep->rows[cells[m]];
        if (!any) continue;
        rg__table_row(t);
        rg__table_cell(t, any->label, NULL);
        rg__table_cell(t, any->result->impl, NULL);
        rg__table_cell(t, any->result->device, NULL);
        double base = NAN;
        for (size_t m = 0; m < nm; m++) {
            const rg_report_row *row = cells[m] == RG_REPORT_NONE ? NULL : &rep->rows[cells[m]];
            int ok = row && row->result->status == RG_CASE_OK;
            double g = ok ? row->result->gflops : NAN;
            if (m == 0) base = g;
            if (row && !ok)
                rg__table_cell(t, rg_case_status_name(row->result->status), "");
            else
                rg__table_rate(t, g);
            rg__table_num(t, "%.0f%%", ok ? row->roof.pct : NAN);
            if (m > 0) rg__table_num(t, "%.2fx", g / base);
            if (isfinite(rep->machines[m].price_usd_per_hour))
                rg__table_num(t, "%.3g", ok ? row->usd_per_pflop : NAN);
        }
    }
    rg__table_note(t, "The same case (op, impl, device, dtype, parameters, cache mode) on each "
                      "machine, at its fastest verified thread count; '-' where it did not "
                      "run.");
    rg__table_note(t, "USD per PFLOP (10^15 flops) of work = price per hour / 3600 x 10^6 / "
                      "GFLOP/s.");
    if (rep->nmachines > nm)
        rg__table_note(t, "Only the first %zu of %zu machines are shown.", nm, rep->nmachines);
}

static const char *const step_cols[] = {"machine|Machine",  "device|Device",
                                        "dtype|Dtype",      "phase|Phase",
                                        "tokens|Tokens",    "impl|Impl",
                                        "cases|Cases",      "step_s|Step time",
                                        "usd|USD per step", "usd_per_mtok|USD per 1M tokens"};

static void steps_table(const rg_report *rep, rg_report_table *t) {
    rg__table_init(t, "llm_steps", step_cols, 10);
    rg__table_title(t, "LLM step cost (linear layers only)");
    int layers = 0;
    for (size_t i = 0; i < rep->nsteps; i++) {
        const rg_report_step *s = &rep->steps[i];
        char buf[64];
        layers = s->layers;
        rg__table_row(t);
        rg__table_cell(t, rep->machines[s->machine].label, NULL);
        rg__table_cell(t, s->device, NULL);
        rg__table_cell(t, s->dtype, NULL);
        rg__table_cell(t, s->phase, NULL);
        rg__table_num(t, "%.0f", (double)s->tokens);
        rg__table_cell(t, s->impl, NULL);
        if (s->nmissing)
            snprintf(buf, sizeof buf, "%d of %d", s->ncases - s->nmissing, s->ncases);
        else
            snprintf(buf, sizeof buf, "%d", s->ncases);
        rg__table_cell(t, buf, NULL);
        seconds_cell(t, s->step_s);
        rg__table_num(t, "%.3g", s->usd);
        rg__table_num(t, "%.3g", s->tokens > 0 ? s->usd / (double)s->tokens * 1e6 : NAN);
    }
    rg__table_note(t,
                   "Step time = layers (%d) x sum over the step's cases of per_layer x median "
                   "time; 'best' takes the fastest verified implementation of each case.",
                   layers);
    rg__table_note(t, "Linear layers only: attention, norms and the output head are not "
                      "measured yet. Cost = price per hour / 3600 x step time.");
}

void rg__tables_across(const rg_report *rep, rg__table_list *l) {
    rg_report_table *t;
    if (rep->nmachines > 1 && (t = rg__tables_add(l))) {
        compare_table(rep, t);
        rg__tables_drop_empty(l);
    }
    if (rep->nsteps > 0 && (t = rg__tables_add(l))) {
        steps_table(rep, t);
        rg__tables_drop_empty(l);
    }
}
