/* roofline.h: the roofline bound of a measured case under the ceilings its results file
 * holds (the rules are in docs/method.md, "Roofline"). Pure arithmetic over rg_results. */
#ifndef RG_ROOFLINE_H
#define RG_ROOFLINE_H

#include <stddef.h>

#include "results.h"

#define RG_ROOFLINE_MAX 8 /* precisions, and memory levels, per device */

/* The ceiling precision a dtype runs at: f32 -> "fp32", bf16 -> "bf16", f16 -> "fp16",
 * i8 -> "int8", f64 -> "fp64"; NULL for an unknown dtype. */
const char *rg_roofline_precision(const char *dtype);

/* The unit of a precision's compute rate: "GOP/s" for int8, else "GFLOP/s". */
const char *rg_roofline_rate_unit(const char *precision);

/* True for the names of transfer links (H2D, D2H): bandwidth ceilings that are not memory
 * levels of the roofline. */
int rg_roofline_is_transfer(const char *level);

/* The place of a known memory level, nearest first: L1 1, L2 2, L3 3, L4 4, DRAM 5, HBM 6;
 * 0 for any other name. */
int rg_roofline_level_rank(const char *level);

/* True where thread counts mean something: on the CPU. A GPU's ceilings and cases are not
 * per thread (their threads field is 0 or 1): reports neither match nor print it. */
int rg_roofline_threads_apply(const char *device);

/* One roof: a compute peak or a memory level's bandwidth, at a thread count. */
typedef struct {
    char name[16];            /* precision (fp32...) or level (L1, L2, L3, DRAM, HBM) */
    char method[32];          /* the probe that gave the highest value */
    int threads;              /* the thread count the value is for */
    int scaled;               /* 1: scaled from another thread count (rule in method.md) */
    double value;             /* GFLOP/s (GOP/s for int8) or GB/s */
    int64_t size_lo, size_hi; /* levels: the plateau's working-set span in bytes; 0 for peaks */
} rg_roof;

/* Every roof of one device at one thread count, as the roofline chart draws them. */
typedef struct {
    int threads;                    /* the thread count asked for, or the largest measured */
    rg_roof peaks[RG_ROOFLINE_MAX]; /* one per precision, in the order first met in the file */
    size_t npeaks;
    rg_roof levels[RG_ROOFLINE_MAX]; /* memory levels, nearest first (L1, L2, L3, DRAM or HBM;
                                      * unknown names by plateau end); no H2D/D2H */
    size_t nlevels;
} rg_roofs;

/* The roofs of device at threads (threads <= 0: the largest thread count any of the device's
 * ceilings was measured at). Each value is the highest over probe methods, matched to threads
 * by the thread rule. Returns the number of roofs found (npeaks + nlevels; 0 when the file
 * holds no ceilings for the device). */
size_t rg_roofs_get(const rg_results *r, const char *device, int threads, rg_roofs *out);

/* The bandwidth of one named link or level (e.g. "H2D") at threads, max over methods;
 * NaN when not measured. */
double rg_roofline_bandwidth(const rg_results *r, const char *device, const char *name,
                             int threads);

typedef enum {
    RG_BOUND_NONE = 0, /* no bound: note says why */
    RG_BOUND_COMPUTE,  /* peak <= intensity * bw */
    RG_BOUND_MEMORY    /* intensity * bw < peak */
} rg_bound_kind;

const char *rg_bound_kind_name(rg_bound_kind k); /* "-", "compute", "memory" */

/* The attainable bound of one case and how close the case came to it. */
typedef struct {
    rg_bound_kind kind;
    rg_roof peak;   /* compute roof used (name = precision) */
    rg_roof level;  /* memory level used (name = level, value = GB/s) */
    double bound;   /* GFLOP/s: min(peak, intensity * bw); NaN when kind is NONE */
    double pct;     /* 100 * gflops / bound; NaN when no bound or the case did not run ok */
    int over;       /* 1 when pct > 100: the model or the ceilings understate the machine */
    char note[192]; /* kind NONE: why ("no ceilings: not measured: --no-ceilings") */
} rg_bound;

/* Fills *out for res under the ceilings of r (the file res came from). Always succeeds: a
 * case without a usable roof gets kind NONE and a note. */
void rg_roofline_bound(const rg_results *r, const rg_result *res, rg_bound *out);

#endif /* RG_ROOFLINE_H */
