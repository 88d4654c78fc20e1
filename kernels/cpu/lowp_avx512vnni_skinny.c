/* lowp_avx512vnni_skinny.c: the u8s8 GEMM for few columns on AVX512_VNNI (vpdpbusd over rows of
 * A and columns of B as they lie; lowp_skinny_simd.h). Integer sums are exact. */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#define LP_ESIZE 1
#define LP_ACC_INT 1
typedef __m512i lp_acc;
#define LP_ZERO() _mm512_setzero_si512()
/* vpdpbusd's first source is the unsigned one. */
#define LP_DOT(acc, x, y) _mm512_dpbusd_epi32(acc, x, y)
#define LP_HSUM(acc, out)                                                                          \
    do {                                                                                           \
        const int32_t s_ = _mm512_reduce_add_epi32(acc);                                           \
        memcpy(&(out), &s_, 4);                                                                    \
    } while (0)
#define LP_SKINNY rg__lowp_avx512vnni_skinny
#include "lowp_skinny_simd.h"
