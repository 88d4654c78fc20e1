/* compare_print.c: the regression gate in the terminal (an aligned table) and in Markdown
 * (for pull-request comments: the summary line first, then the table). */
#include "compare.h"

#include <math.h>
#include <string.h>

#include "ridge.h"

void rg__compare_ratio_text(const rg_compare_case *c, char *buf, size_t len) {
    if (isnan(c->ratio))
        snprintf(buf, len, "-");
    else if (isnan(c->lo))
        snprintf(buf, len, "%.3fx", c->ratio);
    else
        snprintf(buf, len, "%.3fx [%.3f, %.3f]", c->ratio, c->lo, c->hi);
}

void rg__compare_seconds_text(double s, char *buf, size_t len) {
    static const struct {
        double scale;
        const char *unit;
    } units[] = {{1e9, "ns"}, {1e6, "us"}, {1e3, "ms"}, {1, "s"}};
    if (!(s > 0)) {
        snprintf(buf, len, "-");
        return;
    }
    size_t u = 0;
    while (u + 1 < sizeof units / sizeof units[0] && s * units[u].scale >= 999.5)
        u++;
    double v = s * units[u].scale;
    snprintf(buf, len,
             v >= 99.95   ? "%.0f %s"
             : v >= 9.995 ? "%.1f %s"
                          : "%.2f %s",
             v, units[u].unit);
}

void rg__compare_summary(const rg_compare *cmp, char *buf, size_t len) {
    const size_t *n = cmp->counts;
    size_t matched = cmp->ncases - n[RG_VERDICT_ONLY_BASE] - n[RG_VERDICT_ONLY_NEW];
    int w = snprintf(buf, len, "%s: %zu of %zu matched cases fail the gate (",
                     cmp->nfails ? "FAIL" : "PASS", cmp->nfails, matched);
    size_t used = w > 0 ? (size_t)w : 0;
    int first = 1;
    for (int v = 0; v < RG_VERDICT_COUNT && used < len; v++) {
        if (!n[v]) continue;
        w = snprintf(buf + used, len - used, "%s%zu %s", first ? "" : ", ", n[v],
                     rg_compare_verdict_name((rg_compare_verdict)v));
        used += w > 0 ? (size_t)w : 0;
        first = 0;
    }
    if (used < len) snprintf(buf + used, len - used, ")%s", cmp->paired ? "; paired samples" : "");
}

void rg__compare_method_text(const rg_compare *cmp, char *buf, size_t len) {
    size_t rounds = 0;
    for (size_t i = 0; i < cmp->ncases; i++)
        rounds += (size_t)cmp->cases[i].by_rounds;
    snprintf(buf, len,
             "NEW/BASE median time (above 1: slower); each interval at %.2f%% so that the gate "
             "has a %g%% false-alarm rate over its %zu compared case%s (Bonferroni); %s",
             100.0 * cmp->confidence, 100.0 * cmp->alpha, cmp->family, cmp->family == 1 ? "" : "s",
             cmp->paired   ? "paired samples, sign-test interval of the median ratio"
             : rounds == 0 ? "bootstrap of the ratio of medians of the raw samples"
             : rounds == cmp->family
                 ? "bootstrap of the ratio of medians of the rounds' medians (one process each)"
                 : "bootstrap of the ratio of medians (rounds' medians where both files have "
                   "rounds)");
}

enum {
    COL_CASE,
    COL_IMPL,
    COL_THREADS,
    COL_BASE,
    COL_NEW,
    COL_RATIO,
    COL_VERDICT,
    COL_NOTE,
    NCOLS
};
static const char *const headers[NCOLS] = {"case", "impl",          "thr",     "BASE",
                                           "NEW",  "NEW/BASE [CI]", "verdict", "note"};
#define CELL 384

static void fill_row(const rg_compare_case *c, char cell[NCOLS][CELL]) {
    const rg_result *r = c->base ? c->base : c->nw;
    rg_compare_case_label(c, cell[COL_CASE], CELL);
    snprintf(cell[COL_IMPL], CELL, "%s", r->impl);
    snprintf(cell[COL_THREADS], CELL, "%d", r->threads);
    rg__compare_seconds_text(c->base && c->base->status == RG_CASE_OK ? c->base->time.median : 0,
                             cell[COL_BASE], CELL);
    rg__compare_seconds_text(c->nw && c->nw->status == RG_CASE_OK ? c->nw->time.median : 0,
                             cell[COL_NEW], CELL);
    rg__compare_ratio_text(c, cell[COL_RATIO], CELL);
    snprintf(cell[COL_VERDICT], CELL, "%s%s", rg_compare_verdict_name(c->verdict),
             c->fails ? " (FAIL)" : "");
    if (c->verdict == RG_VERDICT_SLOWER || c->verdict == RG_VERDICT_FASTER ||
        c->verdict == RG_VERDICT_UNCHANGED)
        snprintf(cell[COL_NOTE], CELL, "threshold %g%%", c->threshold_pct);
    else
        snprintf(cell[COL_NOTE], CELL, "%s", c->note);
}

static const char *color_of(rg_compare_verdict v) {
    switch (v) {
    case RG_VERDICT_FAILED:
    case RG_VERDICT_SLOWER:
        return "\033[31m";
    case RG_VERDICT_FASTER:
        return "\033[32m";
    case RG_VERDICT_NOISY:
        return "\033[33m";
    default:
        return "";
    }
}

int rg_compare_write_text(FILE *f, const rg_compare *cmp, int color) {
    size_t width[NCOLS];
    char cell[NCOLS][CELL];
    for (int k = 0; k < NCOLS; k++)
        width[k] = strlen(headers[k]);
    for (size_t i = 0; i < cmp->ncases; i++) {
        fill_row(&cmp->cases[i], cell);
        for (int k = 0; k < NCOLS; k++)
            if (strlen(cell[k]) > width[k]) width[k] = strlen(cell[k]);
    }
    char method[400];
    rg__compare_method_text(cmp, method, sizeof method);
    fprintf(f, "BASE %s\nNEW  %s\n%s\n", cmp->base_path, cmp->new_path, method);
    for (int i = 0; i < cmp->nwarnings; i++)
        fprintf(f, "warning: %s\n", cmp->warnings[i]);
    for (int k = 0; k < NCOLS - 1; k++)
        fprintf(f, "%-*s  ", (int)width[k], headers[k]);
    fprintf(f, "%s\n", headers[NCOLS - 1]);
    for (size_t i = 0; i < cmp->ncases; i++) {
        const rg_compare_case *c = &cmp->cases[i];
        fill_row(c, cell);
        const char *on = color ? color_of(c->verdict) : "";
        for (int k = 0; k < NCOLS - 1; k++) {
            int right = k == COL_THREADS || k == COL_BASE || k == COL_NEW;
            if (k == COL_VERDICT && on[0])
                fprintf(f, "%s%-*s\033[0m  ", on, (int)width[k], cell[k]);
            else
                fprintf(f, right ? "%*s  " : "%-*s  ", (int)width[k], cell[k]);
        }
        fprintf(f, "%s\n", cell[COL_NOTE]);
    }
    char summary[512];
    rg__compare_summary(cmp, summary, sizeof summary);
    fprintf(f, "%s\n", summary);
    return ferror(f) ? RG_EIO : RG_OK;
}

/* A Markdown cell: '|' escaped, newlines flattened. */
static void md_cell(FILE *f, const char *s) {
    fputc(' ', f);
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else
            fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
    }
    fputs(" |", f);
}

int rg_compare_write_md(FILE *f, const rg_compare *cmp) {
    char summary[512], cell[NCOLS][CELL];
    rg__compare_summary(cmp, summary, sizeof summary);
    fprintf(f, "**ridge compare %s**\n\n", summary);
    for (int i = 0; i < cmp->nwarnings; i++)
        fprintf(f, "> warning: %s\n\n", cmp->warnings[i]);
    fputs("|", f);
    for (int k = 0; k < NCOLS; k++)
        md_cell(f, headers[k]);
    fputs("\n|", f);
    for (int k = 0; k < NCOLS; k++)
        fputs(k == COL_THREADS || k == COL_BASE || k == COL_NEW ? " ---: |" : " --- |", f);
    fputc('\n', f);
    for (size_t i = 0; i < cmp->ncases; i++) {
        fill_row(&cmp->cases[i], cell);
        if (cmp->cases[i].fails) { /* bold, so a reviewer sees it first */
            char bold[CELL];
            snprintf(bold, sizeof bold, "**%.*s**", CELL - 8, cell[COL_VERDICT]);
            snprintf(cell[COL_VERDICT], CELL, "%s", bold);
        }
        fputs("|", f);
        for (int k = 0; k < NCOLS; k++)
            md_cell(f, cell[k]);
        fputc('\n', f);
    }
    char method[400];
    rg__compare_method_text(cmp, method, sizeof method);
    fprintf(f, "\nBASE `%s`, NEW `%s`. Ratio: %s; see docs/compare.md.\n", cmp->base_path,
            cmp->new_path, method);
    return ferror(f) ? RG_EIO : RG_OK;
}
