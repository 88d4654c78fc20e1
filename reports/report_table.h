/* report_table.h: the report's tables as cells, built once from the model: the Markdown and
 * CSV writers print the same tables (the HTML page may too). */
#ifndef RG_REPORT_TABLE_H
#define RG_REPORT_TABLE_H

#include <stddef.h>

#include "report_model.h"

/* Who a table is for: the Markdown and HTML writers print the tables for people, the CSV
 * writer those for machines (most are for both; the ceilings come as pivots for people and
 * as one long table for machines). */
enum { RG_TABLE_PEOPLE = 1, RG_TABLE_MACHINES = 2, RG_TABLE_BOTH = 3 };

/* One table. Each cell has a text for people (rounded, units in the header) and a raw value
 * for machines (numbers at full precision, unitless, "" when unknown); a cell may have a
 * second line for people (HTML writes it under the text, Markdown as a second table under
 * line2_title that repeats the first nkeys columns). */
typedef struct {
    char name[24];   /* kind of table, the CSV section name: machine, ceilings, results,
                      * not_run, gpu_vs_cpu, crossover, compare, llm_steps; for people only:
                      * ceiling_peaks, ceiling_bandwidth, ceiling_links */
    char title[160]; /* "Results: bench-01, cpu" */
    char device[16]; /* the device of a machine's per-device table; "" for the others */
    int audience;    /* RG_TABLE_PEOPLE, RG_TABLE_MACHINES or both (the default) */
    char **notes;    /* owned: sentences printed under the title */
    size_t nnotes;
    size_t ncols;
    size_t nkeys;          /* leading columns that name the row (repeated by a second-line table) */
    char **headers;        /* owned [ncols]: for people ("GFLOP/s") */
    char **keys;           /* owned [ncols]: for machines ("gflops") */
    char **text;           /* owned [nrows * ncols], row by row */
    char **raw;            /* owned [nrows * ncols]; NULL entries: same as text */
    char **line2;          /* owned [nrows * ncols]; NULL entries: no second line */
    char line2_title[160]; /* "Working set of each plateau: bench-01, cpu" */
    size_t nrows, cap;
    size_t col; /* the next cell of the row being filled */
    int status; /* 0, or RG_ENOMEM once an allocation failed (building then does nothing) */
} rg_report_table;

/* All tables of a report, in reading order: per machine its machine table, then per device
 * its ceilings, results and not-run tables, then its GPU-versus-CPU and crossover tables;
 * then, with several machines, the comparison; then the LLM step costs. Each table has at
 * least one row. Returns 0 or RG_ENOMEM (*out is then NULL). */
int rg_report_tables(const rg_report *rep, rg_report_table **out, size_t *n);
void rg_report_tables_free(rg_report_table *t, size_t n);

/* Building one table (for report_tables*.c): init with the columns as "key|Header" pairs,
 * then rows, each followed by its cells in column order. A failed allocation sets t->status;
 * later calls then do nothing. */
void rg__table_init(rg_report_table *t, const char *name, const char *const *cols, size_t ncols);
void rg__table_title(rg_report_table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rg__table_note(rg_report_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rg__table_row(rg_report_table *t);
/* The next cell: text for people, raw for machines (NULL: the same as text). */
void rg__table_cell(rg_report_table *t, const char *text, const char *raw);
/* The second line of the cell filled last (NULL or "": none). */
void rg__table_line2(rg_report_table *t, const char *text);
/* A number: text with fmt (NaN: "-"), raw with %.9g (NaN: ""). */
void rg__table_num(rg_report_table *t, const char *fmt, double v);
void rg__table_free(rg_report_table *t);

/* A growing list of tables; add returns the new (zeroed) slot, or NULL with status set. */
typedef struct {
    rg_report_table *t;
    size_t n, cap;
    int status;
} rg__table_list;
rg_report_table *rg__tables_add(rg__table_list *l);
/* Drops the last table added when it has no rows (and takes over its status). */
void rg__tables_drop_empty(rg__table_list *l);
/* The ceilings tables of one machine's device: pivots for people (compute peaks; bandwidth
 * per memory level with each plateau's working set; transfer links) and one long table for
 * machines. reports/report_tables_ceil.c */
void rg__tables_ceilings(const rg_report *rep, size_t machine, const char *device,
                         rg__table_list *l);
/* The tables of one machine's GPU-versus-CPU pairs, and those spanning machines. */
void rg__tables_gpu_cpu(const rg_report *rep, size_t machine, rg__table_list *l);
void rg__tables_across(const rg_report *rep, rg__table_list *l);
/* A rate (GFLOP/s, GB/s) for people: one decimal below 1000, none from there ("228.5",
 * "51000"); "-" for NaN. */
void rg__fmt_rate(char *buf, size_t len, double v);
/* A rate cell: rg__fmt_rate's text, raw with %.9g (NaN: ""). */
void rg__table_rate(rg_report_table *t, double v);
/* Durations for people: "12.3 us", "4.56 ms", "1.23 s"; "-" for NaN. */
void rg__fmt_seconds(char *buf, size_t len, double s);

#endif /* RG_REPORT_TABLE_H */
