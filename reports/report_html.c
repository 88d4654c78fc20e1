/* report_html.c: the report as one self-contained HTML page (inline CSS and SVG, no scripts,
 * nothing fetched): per machine its hardware and software, per device the roofline and the
 * bandwidth sweep above its tables, then the comparisons. Readable on screen and on paper. */
#include "report_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_html_charts.h"
#include "report_table.h"
#include "ridge.h"
#include "svg_chart.h"

/* No '<' or '&' in here: the page must stay well-formed XML for the tests' checker. */
static const char css[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,"
    "'DejaVu Sans',sans-serif;color:#1d1d1f;background:#fff;margin:0 auto;max-width:1440px;"
    "padding:12px 24px 48px}\n"
    "h1{font-size:24px;margin:8px 0 2px}\n"
    "h2{font-size:20px;margin:36px 0 8px;padding-bottom:4px;border-bottom:2px solid #0072B2}\n"
    "h3{font-size:17px;margin:28px 0 8px;color:#0b3954}\n"
    "h4{font-size:14px;margin:20px 0 6px;color:#333}\n"
    "p{margin:4px 0;max-width:1000px}\n"
    "p.lede{color:#444}\n"
    "nav{font-size:13px;margin:8px 0 0;padding:6px 10px;background:#f5f7f9;border-radius:4px}\n"
    "nav a{color:#0b5c8c;text-decoration:none;margin-right:4px}\n"
    "nav span{color:#888;margin-right:12px}\n"
    ".charts{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start;margin:8px 0}\n"
    "figure{margin:0}\n"
    "figure svg{display:block;max-width:100%;height:auto;border:1px solid #e2e2e2}\n"
    "figcaption{font-size:12px;color:#555;max-width:740px;margin-top:4px}\n"
    ".scroll{overflow-x:auto}\n"
    "table{border-collapse:collapse;font-size:13px;margin:4px 0;max-width:100%}\n"
    "th,td{padding:3px 8px;border-bottom:1px solid #e6e6e6;text-align:left;vertical-align:top;"
    "white-space:nowrap}\n"
    "td.why,table.kv td{white-space:normal;min-width:240px;max-width:640px}\n"
    "thead th{border-bottom:2px solid #9a9a9a;background:#f4f4f4;white-space:normal;"
    "vertical-align:bottom}\n"
    "tbody tr:nth-child(even){background:#fafafa}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "table.kv th{background:none;color:#444;font-weight:600;white-space:nowrap;"
    "border-bottom:1px solid #e6e6e6}\n"
    ".good{color:#00704f;font-weight:600}\n"
    ".bad{color:#b0360a;font-weight:600}\n"
    ".st-failed,.st-error{color:#b0360a;font-weight:600}\n"
    ".st-skipped{color:#666}\n"
    "p.note{font-size:12.5px;color:#555}\n"
    "td .sub{display:block;font-size:11.5px;color:#666}\n"
    "footer{margin-top:40px;font-size:12px;color:#777;border-top:1px solid #ddd;"
    "padding-top:6px}\n"
    "@media print{body{max-width:none;padding:0;font-size:11px}nav{display:none}"
    "figure,tr{break-inside:avoid}h2,h3,h4{break-after:avoid}.scroll{overflow:visible}"
    "figure svg{border:none}}\n";

static void esc(FILE *f, const char *s) {
    rg_xml_escape(f, s ? s : "");
}

static const char *cell_text(const rg_report_table *t, size_t r, size_t c) {
    const char *s = t->text[r * t->ncols + c];
    return s ? s : "";
}

static const char *cell_raw(const rg_report_table *t, size_t r, size_t c) {
    const char *s = t->raw[r * t->ncols + c];
    return s ? s : cell_text(t, r, c);
}

/* The raw value as a number; 0 when it is not one (or empty). */
static int raw_number(const char *raw, double *v) {
    if (!raw[0]) return 0;
    char *end;
    *v = strtod(raw, &end);
    return *end == '\0';
}

/* A column is numeric (right-aligned) when every value it holds is a number. */
static int numeric_col(const rg_report_table *t, size_t c) {
    int any = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        double v;
        const char *raw = cell_raw(t, r, c);
        if (!raw[0]) continue;
        if (!raw_number(raw, &v)) return 0;
        any = 1;
    }
    return any;
}

/* Column keys: "ratio", "pct_of_bound", and per machine "pct_of_bound LABEL"... */
static int starts(const char *s, const char *head) {
    return strncmp(s, head, strlen(head)) == 0;
}

static int ends_with(const char *s, const char *tail) {
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

/* One cell, with the emphasis its column calls for: ratios and speedups coloured (over 5%
 * either way), percentages of the bound with a bar behind them (orange over 100%), statuses
 * coloured. */
static void write_cell(FILE *f, const rg_report_table *t, size_t r, size_t c, int num) {
    const char *key = t->keys[c], *raw = cell_raw(t, r, c);
    double v;
    int isnum = raw_number(raw, &v);
    fprintf(f, "<td");
    const char *cls = num ? "num" : NULL;
    if (isnum && (starts(key, "ratio") || starts(key, "speedup") || starts(key, "vs_first")))
        cls = v >= 1.05 ? "num good" : v <= 0.95 ? "num bad" : "num";
    if (strcmp(key, "status") == 0) {
        cls = NULL;
        fprintf(f, " class=\"st-");
        esc(f, raw);
        fprintf(f, "\"");
    }
    if (strcmp(key, "reason") == 0) cls = "why";
    if (cls) fprintf(f, " class=\"%s\"", cls);
    if (isnum && (starts(key, "pct_of_bound") || ends_with(key, "_pct")) && v > 0) {
        double p = v > 100 ? 100 : v;
        fprintf(f, " style=\"background:linear-gradient(90deg,%s %.0f%%,transparent %.0f%%)\"",
                v > 100 ? "#f6d7c3" : "#d9e8f5", p, p);
    }
    fprintf(f, ">");
    esc(f, cell_text(t, r, c));
    const char *line2 = t->line2[r * t->ncols + c];
    if (line2) {
        fprintf(f, "<span class=\"sub\">");
        esc(f, line2);
        fprintf(f, "</span>");
    }
    fprintf(f, "</td>");
}

static void write_notes(FILE *f, const rg_report_table *t) {
    for (size_t i = 0; i < t->nnotes; i++) {
        fprintf(f, "<p class=\"note\">");
        esc(f, t->notes[i]);
        fprintf(f, "</p>\n");
    }
}

static void write_table(FILE *f, const rg_report_table *t, int level) {
    fprintf(f, "<h%d>", level);
    esc(f, t->title);
    fprintf(f, "</h%d>\n<div class=\"scroll\"><table class=\"", level);
    esc(f, t->name);
    fprintf(f, "\">\n<thead><tr>");
    int num[64] = {0};
    for (size_t c = 0; c < t->ncols; c++) {
        int n = numeric_col(t, c);
        if (c < 64) num[c] = n;
        fprintf(f, "<th%s>", n ? " class=\"num\"" : "");
        esc(f, t->headers[c]);
        fprintf(f, "</th>");
    }
    fprintf(f, "</tr></thead>\n<tbody>\n");
    for (size_t r = 0; r < t->nrows; r++) {
        fprintf(f, "<tr>");
        for (size_t c = 0; c < t->ncols; c++)
            write_cell(f, t, r, c, c < 64 ? num[c] : 0);
        fprintf(f, "</tr>\n");
    }
    fprintf(f, "</tbody></table></div>\n");
    write_notes(f, t);
}

static void kv_row(FILE *f, const char *name, const char *value) {
    fprintf(f, "<tr><th>");
    esc(f, name);
    fprintf(f, "</th><td>");
    esc(f, value && value[0] ? value : "-");
    fprintf(f, "</td></tr>\n");
}

/* The machine table as field/value rows, then the software facts the roofline depends on:
 * the ISA ridge ran and the core type OpenBLAS picked. */
static void write_machine(FILE *f, const rg_report *rep, size_t mi, const rg_report_table *t) {
    const rg_sysinfo *s = &rep->machines[mi].res.system;
    fprintf(f, "<table class=\"kv\">\n");
    for (size_t r = 0; r < t->nrows; r++)
        kv_row(f, cell_text(t, r, 0), t->ncols > 1 ? cell_text(t, r, 1) : "");
    char buf[512];
    snprintf(buf, sizeof buf, "%s (flags: %s)", s->best_isa[0] ? s->best_isa : "-",
             s->isa_flags[0] ? s->isa_flags : "-");
    kv_row(f, "isa", buf);
    char picked[64] = "";
    if (s->openblas_detected[0])
        snprintf(picked, sizeof picked, ", set by ridge: OpenBLAS picked %.31s",
                 s->openblas_detected);
    snprintf(buf, sizeof buf, "core type %s%s%s%s%s%s; %s",
             s->openblas_corename[0] ? s->openblas_corename : "-",
             s->openblas_coretype_env[0] ? " (OPENBLAS_CORETYPE=" : "", s->openblas_coretype_env,
             picked, s->openblas_coretype_env[0] ? ")" : "",
             s->openblas_below_isa ? ", weaker than this CPU's best ISA" : "",
             s->openblas_version[0] ? s->openblas_version : "version unknown");
    kv_row(f, "openblas", buf);
    fprintf(f, "</table>\n");
    write_notes(f, t);
}

static void write_head(FILE *f, const rg_report *rep) {
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>ridge report: ");
    for (size_t i = 0; i < rep->nmachines; i++) {
        if (i) fprintf(f, ", ");
        esc(f, rep->machines[i].label);
    }
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>ridge report</h1>\n",
            css);
    fprintf(f,
            "<p class=\"lede\">%zu machine%s. Each device: its roofline from the measured "
            "ceilings with every verified case on it, its bandwidth sweep, then its results "
            "(percent of the attainable roofline bound, ratio to the baseline) and the cases "
            "that did not run. How to read it: docs/report.md.</p>\n",
            rep->nmachines, rep->nmachines == 1 ? "" : "s");
    fprintf(f, "<nav>");
    for (size_t i = 0; i < rep->nmachines; i++) {
        const rg_report_machine *m = &rep->machines[i];
        fprintf(f, "<a href=\"#m%zu\">", i);
        esc(f, m->label);
        fprintf(f, "</a><span>");
        for (size_t d = 0; d < m->ndevices; d++) {
            fprintf(f, "%s<a href=\"#m%zu-", d ? " " : "", i);
            esc(f, m->devices[d]);
            fprintf(f, "\">");
            esc(f, m->devices[d]);
            fprintf(f, "</a>");
        }
        fprintf(f, "</span>");
    }
    fprintf(f, "</nav>\n</header>\n<main>\n");
}

/* Where the page is while the tables go by. */
typedef struct {
    long machine; /* -1 before the first */
    long device;  /* index into the machine's devices; -1 before the first */
    int in_device, in_machine, in_across;
} cursor;

static void close_device(FILE *f, cursor *at) {
    if (at->in_device) fprintf(f, "</section>\n");
    at->in_device = 0;
}

static void close_machine(FILE *f, cursor *at) {
    close_device(f, at);
    if (at->in_machine) fprintf(f, "</section>\n");
    at->in_machine = 0;
}

/* Opens the section of the machine's device dev (its charts first), closing the one open. */
static int open_device(FILE *f, const rg_report *rep, cursor *at, const char *dev) {
    const rg_report_machine *m = &rep->machines[at->machine];
    long d = 0;
    while (d < (long)m->ndevices && strcmp(m->devices[d], dev) != 0)
        d++;
    if (d == (long)m->ndevices || (at->in_device && d == at->device)) return RG_OK;
    close_device(f, at);
    at->device = d;
    fprintf(f, "<section id=\"m%ld-", at->machine);
    esc(f, dev);
    fprintf(f, "\">\n<h3>");
    esc(f, m->label);
    fprintf(f, ": ");
    esc(f, dev);
    fprintf(f, "</h3>\n<div class=\"charts\">\n");
    at->in_device = 1;
    int rc = rg__html_roofline(f, rep, (size_t)at->machine, dev);
    if (rc == RG_OK) rc = rg__html_sweep(f, rep, (size_t)at->machine, dev);
    fprintf(f, "</div>\n");
    return rc;
}

int rg_report_write_html(FILE *f, const rg_report *rep) {
    if (!f || !rep) return RG_EINVAL;
    rg_report_table *tables;
    size_t n;
    int rc = rg_report_tables(rep, &tables, &n);
    if (rc != RG_OK) return rc;
    write_head(f, rep);
    cursor at = {.machine = -1, .device = -1};
    for (size_t i = 0; i < n && rc == RG_OK; i++) {
        const rg_report_table *t = &tables[i];
        if (!(t->audience & RG_TABLE_PEOPLE)) continue; /* the CSV's long tables */
        if (strcmp(t->name, "machine") == 0 && at.machine + 1 < (long)rep->nmachines) {
            close_machine(f, &at);
            at.machine++;
            at.device = -1;
            fprintf(f, "<section id=\"m%ld\">\n<h2>", at.machine);
            esc(f, t->title);
            fprintf(f, "</h2>\n");
            at.in_machine = 1;
            write_machine(f, rep, (size_t)at.machine, t);
        } else if (t->device[0] && at.machine >= 0 && !at.in_across) {
            rc = open_device(f, rep, &at, t->device);
            write_table(f, t, 4);
        } else if (strcmp(t->name, "gpu_vs_cpu") == 0 || strcmp(t->name, "crossover") == 0) {
            close_device(f, &at);
            write_table(f, t, 3);
        } else {
            if (!at.in_across) {
                close_machine(f, &at);
                fprintf(f, "<section id=\"across\">\n");
                at.in_across = 1;
            }
            write_table(f, t, 2);
        }
    }
    close_machine(f, &at);
    if (at.in_across) fprintf(f, "</section>\n");
    fprintf(f,
            "</main>\n<footer>Written by ridge %s from the results of %zu machine%s. "
            "Self-contained: no scripts, nothing loaded from the network; hover a mark "
            "for its case.</footer>\n</body>\n</html>\n",
            RG_VERSION_STRING, rep->nmachines, rep->nmachines == 1 ? "" : "s");
    rg_report_tables_free(tables, n);
    if (rc != RG_OK) return rc;
    return fflush(f) != 0 || ferror(f) ? RG_EIO : RG_OK;
}
