/* table.h: the terminal table, one printer over rg_results. */
#ifndef RG_TABLE_H
#define RG_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "results.h"

#define RG_TABLE_BASELINE "openblas"

typedef struct {
    int color;            /* 1: ANSI colours (pass isatty(fileno(out))); 0: plain text */
    const char *baseline; /* impl that ratios are taken against; NULL: RG_TABLE_BASELINE */
} rg_table_opts;

/* Prints one aligned row per result (case, impl, threads, GFLOP/s and GB/s of the median,
 * the 95% CI of the median as +-% , the ratio to the matching baseline row, verification),
 * then one geometric-mean line per impl over the cases it and the baseline both ran ok.
 * opts may be NULL. Returns 0, RG_EINVAL, RG_ENOMEM, or RG_EIO when out reports an error. */
int rg_table_print(FILE *out, const rg_results *r, const rg_table_opts *opts);

/* The compact case label, e.g. "gemm f32 2048x2048x2048 NN": op, dtype, the integer
 * parameters joined by 'x' (not the descriptive counts per_layer and layers), then the string
 * parameters (one-letter ones run together), then the device when not "cpu" and the cache
 * mode when "cold". Always NUL-terminates buf. */
void rg_table_case_label(const rg_result *res, char *buf, size_t len);
/* The same without the device: for tables whose heading or Device column says it. */
void rg_table_case_label_no_device(const rg_result *res, char *buf, size_t len);

/* True when a and b measure the same case: op, device, dtype, parameters (in any order),
 * threads and cache mode; the implementation is not compared. */
int rg_table_same_case(const rg_result *a, const rg_result *b);

#endif /* RG_TABLE_H */
