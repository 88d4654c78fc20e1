/* probe_bw.h: the bandwidth loops behind rg_bw_run, one entry per ISA. */
#ifndef RG_PROBE_BW_H
#define RG_PROBE_BW_H

#include "common/internal.h"

/* Floats per loop step of every bandwidth kernel: rg_bw_run requires n to be a multiple. */
#define RG__BW_BLOCK 64

/* One pass of kernel k (a valid rg_bw_kernel) over n floats, n a multiple of RG__BW_BLOCK,
 * arrays 64-byte aligned; sink is used by the read kernel only. Arguments are checked by
 * rg_bw_run; the CPU supports the ISA. */
typedef void (*rg__bw_fn)(rg_bw_kernel k, float *a, const float *b, const float *c, int64_t n,
                          float s, float *sink);
void rg__bw_scalar(rg_bw_kernel k, float *a, const float *b, const float *c, int64_t n, float s,
                   float *sink);
void rg__bw_avx2(rg_bw_kernel k, float *a, const float *b, const float *c, int64_t n, float s,
                 float *sink);
void rg__bw_avx512(rg_bw_kernel k, float *a, const float *b, const float *c, int64_t n, float s,
                   float *sink);

/* The body of each ISA's entry point: every kernel file defines static bw_read, bw_write,
 * bw_copy and bw_triad, and this one switch routes rg_bw_kernel to them. */
#define RG__BW_DISPATCH(k, a, b, c, n, s, sink)                                                    \
    do {                                                                                           \
        switch (k) {                                                                               \
        case RG_BW_READ:                                                                           \
            *(sink) += bw_read(a, n);                                                              \
            break;                                                                                 \
        case RG_BW_WRITE:                                                                          \
            bw_write(a, n, s);                                                                     \
            break;                                                                                 \
        case RG_BW_COPY:                                                                           \
            bw_copy(a, b, n);                                                                      \
            break;                                                                                 \
        case RG_BW_TRIAD:                                                                          \
            bw_triad(a, b, c, n, s);                                                               \
            break;                                                                                 \
        default:                                                                                   \
            break;                                                                                 \
        }                                                                                          \
    } while (0)

#endif /* RG_PROBE_BW_H */
