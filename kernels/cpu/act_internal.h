/* act_internal.h: the per-ISA kernel table behind rg_act_f32, rg_softmax_f32, rg_rmsnorm_f32
 * and rg_layernorm_f32 (act.c checks arguments, picks the table and splits the work). */
#ifndef RG_ACT_INTERNAL_H
#define RG_ACT_INTERNAL_H

#include <stdint.h>

#include "ridge.h"

/* Kernel contract: sizes >= 1, pointers valid, ld >= cols, y == x or no overlap. act works on
 * n contiguous elements; stream asks for non-temporal stores where y (the row ops: a row of y)
 * is vector-aligned (the kernel fences). The row kernels do rows [0, rows). Nothing is
 * allocated. */
typedef struct {
    void (*act)(rg_act act, int64_t n, const float *x, float *y, int stream);
    void (*softmax)(int64_t rows, int64_t cols, const float *x, int64_t ldx, float *y, int64_t ldy,
                    int stream);
    void (*rmsnorm)(int64_t rows, int64_t cols, const float *x, int64_t ldx, const float *w,
                    float eps, float *y, int64_t ldy, int stream);
    void (*layernorm)(int64_t rows, int64_t cols, const float *x, int64_t ldx, const float *w,
                      const float *b, float eps, float *y, int64_t ldy, int stream);
    /* The same on bf16 x and y (fp32 math, y rounded once). */
    void (*act_bf16)(rg_act act, int64_t n, const uint16_t *x, uint16_t *y, int stream);
    void (*softmax_bf16)(int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx, uint16_t *y,
                         int64_t ldy, int stream);
    void (*rmsnorm_bf16)(int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx, const float *w,
                         float eps, uint16_t *y, int64_t ldy, int stream);
    void (*layernorm_bf16)(int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx,
                           const float *w, const float *b, float eps, uint16_t *y, int64_t ldy,
                           int stream);
} rg__act_kernels;

extern const rg__act_kernels rg__act_kernels_scalar;
extern const rg__act_kernels rg__act_kernels_avx2;
extern const rg__act_kernels rg__act_kernels_avx512;
extern const rg__act_kernels rg__act_kernels_avx512bf16; /* AVX-512 with AVX512_BF16 */

/* Rows longer than this (floats) take softmax's online pass (running max and rescaled sum),
 * shorter ones three passes over the row while it sits in L1/L2 (one exp per element). */
#define RG__SOFTMAX_ONLINE_COLS 32768
/* bf16 rows, and streamed fp32 rows, up to this long keep their exponentials in a float buffer on
 * the stack (16 KiB); longer bf16 rows take the online pass (two exps per element). */
#define RG__SOFTMAX_SCRATCH_COLS 4096
#define RG__SOFTMAX_BF16_CACHED_COLS RG__SOFTMAX_SCRATCH_COLS

#endif /* RG_ACT_INTERNAL_H */
