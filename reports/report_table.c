/* report_table.c: a table of text/raw cell pairs, filled row by row. */
#include "report_table.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ridge.h"

/* A copy of at most n bytes of s ((size_t)-1: all of it). */
static char *dup_or_fail(rg_report_table *t, const char *s, size_t n) {
    size_t len = strlen(s);
    char *d = t->status ? NULL : strndup(s, n < len ? n : len);
    if (!d) t->status = RG_ENOMEM;
    return d;
}

void rg__table_init(rg_report_table *t, const char *name, const char *const *cols, size_t ncols) {
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    t->audience = RG_TABLE_BOTH;
    t->headers = calloc(ncols, sizeof *t->headers);
    t->keys = calloc(ncols, sizeof *t->keys);
    if (!t->headers || !t->keys) {
        t->status = RG_ENOMEM;
        return;
    }
    t->ncols = ncols;
    for (size_t i = 0; i < ncols; i++) {
        const char *bar = strchr(cols[i], '|');
        size_t klen = bar ? (size_t)(bar - cols[i]) : strlen(cols[i]);
        t->keys[i] = dup_or_fail(t, cols[i], klen);
        t->headers[i] = dup_or_fail(t, bar ? bar + 1 : cols[i], (size_t)-1);
    }
}

void rg__table_title(rg_report_table *t, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->title, sizeof t->title, fmt, ap);
    va_end(ap);
}

void rg__table_note(rg_report_table *t, const char *fmt, ...) {
    if (t->status) return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **grown = realloc(t->notes, (t->nnotes + 1) * sizeof *grown);
    if (!grown) {
        t->status = RG_ENOMEM;
        return;
    }
    t->notes = grown;
    if ((grown[t->nnotes] = dup_or_fail(t, buf, (size_t)-1))) t->nnotes++;
}

void rg__table_row(rg_report_table *t) {
    if (t->status) return;
    if (t->nrows == t->cap) {
        size_t ncap = t->cap ? 2 * t->cap : 16;
        char **text = realloc(t->text, ncap * t->ncols * sizeof *text);
        if (text) t->text = text;
        char **raw = text ? realloc(t->raw, ncap * t->ncols * sizeof *raw) : NULL;
        if (raw) t->raw = raw;
        char **line2 = raw ? realloc(t->line2, ncap * t->ncols * sizeof *line2) : NULL;
        if (line2) t->line2 = line2;
        if (!text || !raw || !line2) {
            t->status = RG_ENOMEM;
            return;
        }
        t->cap = ncap;
    }
    /* Cells left unset stay empty: a row is always whole. */
    for (size_t i = 0; i < t->ncols; i++) {
        t->text[t->nrows * t->ncols + i] = NULL;
        t->raw[t->nrows * t->ncols + i] = NULL;
        t->line2[t->nrows * t->ncols + i] = NULL;
    }
    t->nrows++;
    t->col = 0;
}

void rg__table_cell(rg_report_table *t, const char *text, const char *raw) {
    if (t->status || t->nrows == 0 || t->col >= t->ncols) return;
    size_t at = (t->nrows - 1) * t->ncols + t->col++;
    t->text[at] = dup_or_fail(t, text ? text : "", (size_t)-1);
    if (raw) t->raw[at] = dup_or_fail(t, raw, (size_t)-1);
}

void rg__table_line2(rg_report_table *t, const char *text) {
    if (t->status || t->nrows == 0 || t->col == 0 || !text || !text[0]) return;
    size_t at = (t->nrows - 1) * t->ncols + t->col - 1;
    free(t->line2[at]);
    t->line2[at] = dup_or_fail(t, text, (size_t)-1);
}

void rg__table_num(rg_report_table *t, const char *fmt, double v) {
    char text[64] = "-", raw[32] = "";
    if (isfinite(v)) {
        snprintf(text, sizeof text, fmt, v);
        snprintf(raw, sizeof raw, "%.9g", v);
    }
    rg__table_cell(t, text, raw);
}

void rg__table_free(rg_report_table *t) {
    for (size_t i = 0; i < t->nnotes; i++)
        free(t->notes[i]);
    free(t->notes);
    for (size_t i = 0; i < t->ncols; i++) {
        if (t->headers) free(t->headers[i]);
        if (t->keys) free(t->keys[i]);
    }
    free(t->headers);
    free(t->keys);
    for (size_t i = 0; i < t->nrows * t->ncols; i++) {
        free(t->text[i]);
        free(t->raw[i]);
        free(t->line2[i]);
    }
    free(t->text);
    free(t->raw);
    free(t->line2);
    memset(t, 0, sizeof *t);
}

void rg_report_tables_free(rg_report_table *t, size_t n) {
    for (size_t i = 0; t && i < n; i++)
        rg__table_free(&t[i]);
    free(t);
}

rg_report_table *rg__tables_add(rg__table_list *l) {
    if (l->status) return NULL;
    if (l->n == l->cap) {
        size_t ncap = l->cap ? 2 * l->cap : 16;
        rg_report_table *grown = realloc(l->t, ncap * sizeof *grown);
        if (!grown) {
            l->status = RG_ENOMEM;
            return NULL;
        }
        l->t = grown;
        l->cap = ncap;
    }
    rg_report_table *t = &l->t[l->n++];
    memset(t, 0, sizeof *t);
    return t;
}

void rg__tables_drop_empty(rg__table_list *l) {
    if (l->n == 0) return;
    rg_report_table *t = &l->t[l->n - 1];
    if (t->status) l->status = t->status;
    if (t->nrows > 0) return;
    rg__table_free(t);
    l->n--;
}

void rg__fmt_rate(char *buf, size_t len, double v) {
    if (!isfinite(v))
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, fabs(v) >= 1000 ? "%.0f" : "%.1f", v);
}

void rg__table_rate(rg_report_table *t, double v) {
    char text[64], raw[32] = "";
    rg__fmt_rate(text, sizeof text, v);
    if (isfinite(v)) snprintf(raw, sizeof raw, "%.9g", v);
    rg__table_cell(t, text, raw);
}

void rg__fmt_seconds(char *buf, size_t len, double s) {
    if (!isfinite(s))
        snprintf(buf, len, "-");
    else if (s < 1e-3)
        snprintf(buf, len, "%.3g us", s * 1e6);
    else if (s < 1.0)
        snprintf(buf, len, "%.3g ms", s * 1e3);
    else
        snprintf(buf, len, "%.3g s", s);
}
