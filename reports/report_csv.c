/* report_csv.c: the report as CSV (RFC 4180) for spreadsheets: the Markdown report's tables,
 * one section each, with unrounded numbers. */
#include "report_model.h"

#include <string.h>

#include "csv_field.h"
#include "report_table.h"
#include "ridge.h"

/* A line of one field starting with "# " (a section title or a note). */
static void comment(FILE *f, const char *a, const char *sep, const char *b) {
    char line[768];
    snprintf(line, sizeof line, "# %s%s%s", a, sep, b);
    rg__csv_field(f, line);
    fputs("\r\n", f);
}

/* A section: "# name: title", "# note" lines, the header row of keys, the rows of raw
 * values, an empty line. Records end in CRLF as RFC 4180 says. */
static void write_section(FILE *f, const rg_report_table *t) {
    comment(f, t->name, ": ", t->title);
    for (size_t i = 0; i < t->nnotes; i++)
        comment(f, t->notes[i], "", "");
    for (size_t c = 0; c < t->ncols; c++) {
        if (c) fputc(',', f);
        rg__csv_field(f, t->keys[c]);
    }
    fputs("\r\n", f);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            size_t at = r * t->ncols + c;
            if (c) fputc(',', f);
            rg__csv_field(f, t->raw[at] ? t->raw[at] : t->text[at]);
        }
        fputs("\r\n", f);
    }
    fputs("\r\n", f);
}

int rg_report_write_csv(FILE *f, const rg_report *rep) {
    if (!f || !rep) return RG_EINVAL;
    rg_report_table *tables;
    size_t n;
    int rc = rg_report_tables(rep, &tables, &n);
    if (rc != RG_OK) return rc;
    for (size_t i = 0; i < n; i++)
        if (tables[i].audience & RG_TABLE_MACHINES) write_section(f, &tables[i]);
    rg_report_tables_free(tables, n);
    return fflush(f) != 0 || ferror(f) ? RG_EIO : RG_OK;
}
