/* lowp_pack.c: the low-precision GEMM's portable pieces: formats, packing, tile epilogue. */
#include <string.h>

#include "lowp_internal.h"

static const struct {
    int group, esize;
} fmts[RG_LP_FMT_COUNT_] = {
    [RG_LP_BF16_PAIR] = {2, 2},   [RG_LP_BF16_F32] = {1, 2},    [RG_LP_8_QUAD] = {4, 1},
    [RG_LP_U8_S16_PAIR] = {2, 1}, [RG_LP_S8_S16_PAIR] = {2, 1},
};

int rg__lowp_fmt_group(rg__lowp_fmt f) {
    return fmts[f].group;
}
int rg__lowp_fmt_esize(rg__lowp_fmt f) {
    return fmts[f].esize;
}

/* Element (i, p) of the source as the bits it contributes to a lane (0 past k). */
static uint32_t element(rg__lowp_fmt f, const void *x, int64_t off) {
    switch (f) {
    case RG_LP_BF16_PAIR:
        return ((const uint16_t *)x)[off];
    case RG_LP_BF16_F32:
        return (uint32_t)((const uint16_t *)x)[off] << 16;
    case RG_LP_8_QUAD:
        return ((const uint8_t *)x)[off];
    case RG_LP_U8_S16_PAIR:
        return ((const uint8_t *)x)[off];
    case RG_LP_S8_S16_PAIR:
        return (uint16_t)(int16_t)((const int8_t *)x)[off];
    default:
        return 0;
    }
}

void rg__lowp_pack_generic(rg__lowp_fmt f, int r, int64_t mn, int64_t k, const void *x,
                           int64_t inc_mn, int64_t inc_k, rg__lane *dst) {
    const int g = fmts[f].group, bits = 32 / g;
    const int64_t kg = (k + g - 1) / g;
    for (int64_t i0 = 0; i0 < mn; i0 += r, dst += (int64_t)r * kg)
        for (int i = 0; i < r; i++)
            for (int64_t q = 0; q < kg; q++) {
                uint32_t lane = 0;
                for (int t = 0; t < g && i0 + i < mn; t++)
                    if (q * g + t < k)
                        lane |= element(f, x, (i0 + i) * inc_mn + (q * g + t) * inc_k)
                                << (t * bits);
                dst[q * r + i] = lane;
            }
}

void rg__lowp_store_tile(const rg__lowp_out *o, int is_int, const void *t, int ldt, int64_t i0,
                         int64_t j0, int m, int n, int first, int last) {
    for (int j = 0; j < n; j++) {
        const int64_t jj = j0 + j;
        for (int i = 0; i < m; i++) {
            const int64_t ii = i0 + i, wi = ii + jj * o->ldw;
            union {
                float f;
                int32_t s;
            } acc;
            memcpy(&acc, (const char *)t + ((int64_t)j * ldt + i) * 4, 4);
            if (!first) {
                if (is_int)
                    acc.s = (int32_t)((uint32_t)acc.s + (uint32_t)((const int32_t *)o->w)[wi]);
                else
                    acc.f += ((const float *)o->w)[wi];
            }
            if (!last) {
                memcpy((char *)o->w + wi * 4, &acc, 4);
                continue;
            }
            float x = acc.f;
            if (is_int) {
                int32_t z = o->comp ? o->comp[ii * o->rs_z + jj * o->cs_z] : 0;
                x = (float)(int32_t)((uint32_t)acc.s - (uint32_t)z);
            }
            const float s = o->scale ? o->scale[ii * o->rs_s + jj * o->cs_s] : o->alpha;
            float r = s * x;
            if (o->c_bf16) {
                uint16_t *c = (uint16_t *)o->c + ii + jj * o->cs_c;
                if (o->beta != 0.0f) r = __builtin_fmaf(o->beta, rg_f32_from_bf16(*c), r);
                *c = rg_bf16_from_f32(r);
            } else {
                float *c = (float *)o->c + ii + jj * o->cs_c;
                if (o->beta != 0.0f) r = __builtin_fmaf(o->beta, *c, r);
                *c = r;
            }
        }
    }
}

void rg__lowp_colsum_s8(int64_t k, int64_t n, const int8_t *b, int64_t rs, int64_t cs, int32_t zero,
                        int32_t *z) {
    if (cs == 1) {
        /* Rows contiguous: add row after row (vectorizes). */
        memset(z, 0, (size_t)n * sizeof *z);
        for (int64_t p = 0; p < k; p++)
            for (int64_t j = 0; j < n; j++)
                z[j] += b[p * rs + j];
    } else {
        for (int64_t j = 0; j < n; j++) {
            int32_t s = 0;
            for (int64_t p = 0; p < k; p++)
                s += b[p * rs + j * cs];
            z[j] = s;
        }
    }
    for (int64_t j = 0; j < n; j++)
        z[j] *= zero;
}
