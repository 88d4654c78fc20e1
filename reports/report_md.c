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

/* The cell shown at (r, c): the text, or for the second-line table the row's name in its
 * first nkeys columns and the second line ("-" where none) in the others. */
static const char *shown(const rg_report_table *t, size_t r, size_t c, int second) {
    size_t at = r * t->ncols + c;
    if (!second || c < t->nkeys) return t->text[at];
    return t->line2[at] ? t->line2[at] : "-";
}

static int has_line2(const rg_report_table *t) {
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        if (t->line2[i]) return 1;
    return 0;
}

/* A column is numeric (right-aligned) when every raw value it holds is a number. */
static int numeric(const rg_report_table *t, size_t c, int second) {
    int any = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        size_t at = r * t->ncols + c;
        const char *raw = second && c >= t->nkeys ? shown(t, r, c, 1)
                          : t->raw[at]            ? t->raw[at]
                                                  : t->text[at];
        if (!raw[0] || (second && !strcmp(raw, "-"))) continue;
        char *end;
        strtod(raw, &end);
        if (*end) return 0;
        any = 1;
    }
    return any;
}

/* One table: its title, the header, the rows; second: the table of second lines instead. */
static int write_grid(FILE *f, const rg_report_table *t, int second) {
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
        right[c] = numeric(t, c, second);
        for (size_t r = 0; r < t->nrows; r++) {
            size_t w = cell_width(shown(t, r, c, second));
            if (w > width[c]) width[c] = w;
        }
    }
    int top =
        !strcmp(t->name, "machine") || !strcmp(t->name, "compare") || !strcmp(t->name, "llm_steps");
    fprintf(f, "%s %s\n\n", top ? "##" : "###", second ? t->line2_title : t->title);
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
            put_cell(f, shown(t, r, c, second), width[c], right[c]);
        }
        fputs(" |\n", f);
    }
    fputc('\n', f);
    free(width);
    free(right);
    return RG_OK;
}

/* A table, then (when its cells have second lines) the table of those, then its notes. */
static int write_table(FILE *f, const rg_report_table *t) {
    int rc = write_grid(f, t, 0);
    if (rc == RG_OK && has_line2(t)) rc = write_grid(f, t, 1);
    for (size_t i = 0; rc == RG_OK && i < t->nnotes; i++)
        fprintf(f, "%s\n\n", t->notes[i]);
    return rc;
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
        if (tables[i].audience & RG_TABLE_PEOPLE) rc = write_table(f, &tables[i]);
    rg_report_tables_free(tables, n);
    if (rc != RG_OK) return rc;
    return fflush(f) != 0 || ferror(f) ? RG_EIO : RG_OK;
}
