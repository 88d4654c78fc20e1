/* probe_bw_simd.h: the bandwidth loops written once over sgemm_simd.h's vector vocabulary and
 * instantiated per ISA (probe_bw_avx512.c, probe_bw_avx2.c). */
#ifndef RG_PROBE_BW_SIMD_H
#define RG_PROBE_BW_SIMD_H

#include "probe_bw.h"
#include "sgemm_simd.h"

/* The including file defines RG_BW_FN, the name of its entry point, and RG_VW. Every step
 * covers RG__BW_BLOCK floats (4 zmm or 8 ymm), enough work per step that the loop's own
 * instructions never limit the L1 rate. */
#define VECS (RG__BW_BLOCK / RG_VW)

/* Independent sums, so that the add latency hides behind two loads per cycle. Steps of
 * ACC vectors; the tail (at most one RG__BW_BLOCK) goes into the first sum. The final sum is
 * written out, not looped, so that GCC keeps the array in registers. */
#define ACC 8

static float bw_read(const float *a, int64_t n) {
    vf acc[ACC];
    for (int j = 0; j < ACC; j++)
        acc[j] = vzero();
    int64_t i = 0;
    for (; i + ACC * RG_VW <= n; i += ACC * RG_VW)
        for (int j = 0; j < ACC; j++)
            acc[j] = vadd(acc[j], vload(a + i + j * RG_VW));
    for (; i < n; i += RG_VW)
        acc[0] = vadd(acc[0], vload(a + i));
    const vf sum = vadd(vadd(vadd(acc[0], acc[1]), vadd(acc[2], acc[3])),
                        vadd(vadd(acc[4], acc[5]), vadd(acc[6], acc[7])));
    return vreduce_add(sum);
}

static void bw_write(float *a, int64_t n, float s) {
    const vf v = vset1(s);
    for (int64_t i = 0; i < n; i += RG__BW_BLOCK)
        for (int j = 0; j < VECS; j++)
            vstore(a + i + j * RG_VW, v);
}

static void bw_copy(float *a, const float *b, int64_t n) {
    for (int64_t i = 0; i < n; i += RG__BW_BLOCK)
        for (int j = 0; j < VECS; j++)
            vstore(a + i + j * RG_VW, vload(b + i + j * RG_VW));
}

static void bw_triad(float *a, const float *b, const float *c, int64_t n, float s) {
    const vf vs = vset1(s);
    for (int64_t i = 0; i < n; i += RG__BW_BLOCK)
        for (int j = 0; j < VECS; j++)
            vstore(a + i + j * RG_VW,
                   vfmadd(vs, vload(c + i + j * RG_VW), vload(b + i + j * RG_VW)));
}

void RG_BW_FN(rg_bw_kernel k, float *a, const float *b, const float *c, int64_t n, float s,
              float *sink) {
    RG__BW_DISPATCH(k, a, b, c, n, s, sink);
}

#endif /* RG_PROBE_BW_SIMD_H */
