/* lowp_scalar_ukr.c: portable low-precision microkernels (8 x 4 tiles, no vector flags): fp32
 * on widened bf16, and int16 pair products on widened bytes. */
#include <string.h>

#include "lowp_internal.h"

enum { MR = 8, NR = 4 };

void rg__lowp_scalar_ukr_f32(int64_t kg, const rg__lane *ap, const rg__lane *bp,
                             const rg__lowp_out *out, int64_t i0, int64_t j0, int m, int n,
                             int first, int last) {
    float t[NR][MR] = {{0}};
    for (int64_t p = 0; p < kg; p++, ap += MR, bp += NR) {
        float a[MR], b[NR];
        memcpy(a, ap, sizeof a);
        memcpy(b, bp, sizeof b);
        for (int j = 0; j < NR; j++)
            for (int i = 0; i < MR; i++)
                t[j][i] += a[i] * b[j];
    }
    rg__lowp_store_tile(out, 0, t, MR, i0, j0, m, n, first, last);
}

/* The low and high int16 of a lane. */
static int32_t lo16(rg__lane x) {
    return (int16_t)(uint16_t)(x & 0xffffu);
}
static int32_t hi16(rg__lane x) {
    return (int16_t)(uint16_t)(x >> 16);
}

void rg__lowp_scalar_ukr_s16(int64_t kg, const rg__lane *ap, const rg__lane *bp,
                             const rg__lowp_out *out, int64_t i0, int64_t j0, int m, int n,
                             int first, int last) {
    uint32_t t[NR][MR] = {{0}}; /* two's complement sums: wrap like the vector kernels */
    for (int64_t p = 0; p < kg; p++, ap += MR, bp += NR)
        for (int j = 0; j < NR; j++)
            for (int i = 0; i < MR; i++)
                t[j][i] += (uint32_t)(lo16(ap[i]) * lo16(bp[j]) + hi16(ap[i]) * hi16(bp[j]));
    rg__lowp_store_tile(out, 1, t, MR, i0, j0, m, n, first, last);
}
