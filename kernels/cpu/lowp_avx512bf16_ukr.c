/* lowp_avx512bf16_ukr.c: the bf16 microkernel on AVX512_BF16: vdpbf16ps, a 32 x 12 tile. */
#define RG_VW 16
#define LP_ACC_INT 0
#include <immintrin.h>
typedef __m512bh lp_vec;
typedef __m512 lp_acc;
#define LP_ZERO() _mm512_setzero_ps()
#define LP_LOADA(p) ((__m512bh)_mm512_load_si512(p))
#define LP_BCAST(lane) ((__m512bh)_mm512_set1_epi32((int)(lane)))
#define LP_DOT(acc, a, b, swap) _mm512_dpbf16_ps(acc, a, b)
#include "lowp_tile_simd.h"

/* 24 fp32 accumulators (2 zmm x 12 columns); per k pair 2 loads and 12 broadcasts feed 24
 * vdpbf16ps, which Zen 4 issues one per cycle (two 256-bit halves on its two pipes). */
LP_UKR(rg__lowp_avx512bf16_ukr, 2, 12, 0)
