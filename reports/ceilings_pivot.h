/* ceilings_pivot.h: one device's ceilings as pivots (compute peaks by thread count, bandwidth
 * by memory level) and in one sorted list: the layout the terminal tables and the report
 * share. */
#ifndef RG_CEILINGS_PIVOT_H
#define RG_CEILINGS_PIVOT_H

#include <stddef.h>

#include "results.h"

#define RG_PIVOT_MAXROWS 32
#define RG_PIVOT_MAXCOLS 10

typedef enum {
    RG_PIVOT_PEAKS,  /* flops: a row per precision and probe, a column per thread count */
    RG_PIVOT_LEVELS, /* bandwidth of memory levels: a row per probe and thread count, a column
                      * per level (L1, L2, L3, L4, DRAM, HBM, then other names) */
    RG_PIVOT_LINKS   /* bandwidth of transfer links (H2D, D2H), laid out as levels */
} rg__pivot_kind;

typedef struct {
    rg__pivot_kind kind;
    /* 0 off the CPU: threads key neither rows nor columns (peaks get one column), and where
     * several thread counts meet in a cell the largest count's ceiling stays, as in the
     * roofline. */
    int threads_apply;
    size_t nrows, ncols;
    const rg_ceiling *row[RG_PIVOT_MAXROWS]; /* a ceiling of each row: its name (peaks), method
                                              * and threads label the row */
    const rg_ceiling *col[RG_PIVOT_MAXCOLS]; /* a ceiling of each column: its threads (peaks)
                                              * or its name (levels, links) head the column */
    const rg_ceiling *cell[RG_PIVOT_MAXROWS][RG_PIVOT_MAXCOLS]; /* NULL: not measured */
    size_t dropped; /* ceilings left out: more rows or columns than fit */
} rg__ceilings_pivot;

/* Fills *out with the ceilings of device (any order in r) of one kind: rows by precision (in
 * order of first appearance) or by probe method, then threads; columns by thread count or by
 * level. Ceilings of other devices and kinds are ignored. */
void rg__ceilings_pivot_make(const rg_results *r, const char *device, rg__pivot_kind kind,
                             rg__ceilings_pivot *out);

/* The device's ceilings for a long table: peaks, memory levels, transfer links; within each
 * by precision or level, then probe method, then threads. out must have room for
 * r->nceilings pointers; returns how many it holds. */
size_t rg__ceilings_sorted(const rg_results *r, const char *device, const rg_ceiling **out);

/* "233.2 ±1.2%": the median and half the p10..p90 spread as a percentage of it; pm is the
 * plus-minus sign to write ("±", or "+-" where only ASCII aligns). */
void rg__ceiling_fmt_value(char *buf, size_t len, const rg_ceiling *c, const char *pm);

/* "45.2 KiB-431 KiB": the working set the plateau spans (binary prefixes); "-" when the
 * ceiling has none. */
void rg__ceiling_fmt_span(char *buf, size_t len, const rg_ceiling *c);

#endif /* RG_CEILINGS_PIVOT_H */
