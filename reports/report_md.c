/* report_md.c: the report as Markdown (GitHub flavour): for CI comments and READMEs. */
#include "report_model.h"

#include <stdlib.h>
#include <string.h>

#include "report_table.h"
#include "ridge.h"

/* The text of a cell as it will be printed: '|' escaped, line breaks as spaces. */
static size_t cell_width(const char *s) {
    size_t n = 0;
    for (; s && *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80) n += *s == '|' ? 2 : 1; /* UTF-8: count chars */
    return n;
}

static void put_cell(FILE *f, const char *s, size_t width, int right) {
    size_t w = cell_width(s);
    if (right)
        for (; w < width; w++)
            fputc(' ', f);
    for (; s && *s; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else
            fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
    }
    if (!right)
        for (; w < width; w++)
            fputc(' ', f);
}

/* A column is numeric (right-aligned) when every raw value it holds is a number. */
static int numeric(const rg_report_table *t, size_t c) {
    int any = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        size_t at = r * t->ncols + c;
        const char *raw = t->raw[at] ? t->raw[at] : t->text[at];
        if (!raw[0]) continue;
        char *end;
        strtod(raw, &end);
        if (*end) return 0;
        any = 1;
    }
    return any;
}

static int write_table(FILE *f, const rg_report_table *t) {
    size_t *width = calloc(t->ncols, sizeof *width);
    int *right = calloc(t->ncols, sizeof *right);
    if (!width || !right) {
        free(width);
        free(right);
        return RG_ENOMEM;
    }
    for (size_t c = 0; c < t->ncols; c++) {
        width[c] = cell_width(t->headers[c]);
        if (width[c] < 3) width[c] = 3;
        right[c] = numeric(t, c);
        for (size_t r = 0; r < t->nrows; r++) {
            size_t w = cell_width(t->text[r * t->ncols + c]);
            if (w > width[c]) width[c] = w;
        }
    }
    int top =
        !strcmp(t->name, "machine") || !strcmp(t->name, "compare") || !strcmp(t->name, "llm_steps");
    fprintf(f, "%s %s\n\n", top ? "##" : "###", t->title);
    for (size_t c = 0; c < t->ncols; c++) {
        fputs(c ? " | " : "| ", f);
        put_cell(f, t->headers[c], width[c], right[c]);
    }
    fputs(" |\n", f);
    for (size_t c = 0; c < t->ncols; c++) {
        fputs(c ? " | " : "| ", f);
        for (size_t i = 0; i + 1 < width[c]; i++)
            fputc('-', f);
        fputc(right[c] ? ':' : '-', f);
    }
    fputs(" |\n", f);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            fputs(c ? " | " : "| ", f);
            put_cell(f, t->text[r * t->ncols + c], width[c], right[c]);
        }
        fputs(" |\n", f);
    }
    fputc('\n', f);
    for (size_t i = 0; i < t->nnotes; i++)
        fprintf(f, "%s\n\n", t->notes[i]);
    free(width);
    free(right);
    return RG_OK;
}

int rg_report_write_md(FILE *f, const rg_report *rep) {
    if (!f || !rep) return RG_EINVAL;
    rg_report_table *tables;
    size_t n;
    int rc = rg_report_tables(rep, &tables, &n);
    if (rc != RG_OK) return rc;
    fputs("# ridge report\n\n", f);
    fputs("How to read it (the roofline, the formulas): docs/report.md.\n\n", f);
    for (size_t i = 0; i < n && rc == RG_OK; i++)
        rc = write_table(f, &tables[i]);
    rg_report_tables_free(tables, n);
    if (rc != RG_OK) return rc;
    return fflush(f) != 0 || ferror(f) ? RG_EIO : RG_OK;
}
