/* ceilings_table.h: the machine's ceilings in the terminal, a printer over rg_results. */
#ifndef RG_CEILINGS_TABLE_H
#define RG_CEILINGS_TABLE_H

#include <stdio.h>

#include "results.h"

typedef struct {
    int summary; /* 1: two lines (the run's table follows); 0: the full tables */
} rg_ceilings_print_opts;

/* Full form, per device (the CPU first): compute peaks (a row per precision and probe, a
 * column per thread count: median, p10..p90 as +-% of it), then bandwidth (a row per kernel
 * and thread count, a column per memory level: median over the plateau with its spread, then
 * the working-set span of each plateau), then transfer links (H2D, D2H) laid out the same.
 * Off the CPU there are no thread counts: one peaks column, and "-" for threads.
 * Summary form: the fp32 peak and the bandwidth per level of the first swept kernel, at the
 * largest thread count. Without ceilings, one line with r->ceilings_note. opts may be NULL.
 * Returns 0, RG_EINVAL, or RG_EIO when out reports an error. */
int rg_ceilings_print(FILE *out, const rg_results *r, const rg_ceilings_print_opts *opts);

#endif /* RG_CEILINGS_TABLE_H */
