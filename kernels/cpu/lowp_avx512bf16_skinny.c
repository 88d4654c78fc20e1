/* lowp_avx512bf16_skinny.c: the bf16 GEMM for few columns on AVX512_BF16 (vdpbf16ps over rows of
 * A and columns of B as they lie; lowp_skinny_simd.h). */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#define LP_ESIZE 2
#define LP_ACC_INT 0
typedef __m512 lp_acc;
#define LP_ZERO() _mm512_setzero_ps()
#define LP_DOT(acc, x, y) _mm512_dpbf16_ps(acc, (__m512bh)(x), (__m512bh)(y))
#define LP_HSUM(acc, out)                                                                          \
    do {                                                                                           \
        const float s_ = _mm512_reduce_add_ps(acc);                                                \
        memcpy(&(out), &s_, 4);                                                                    \
    } while (0)
#define LP_SKINNY rg__lowp_avx512bf16_skinny
#include "lowp_skinny_simd.h"
