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

#endif /* RG_PROBE_BW_H */
