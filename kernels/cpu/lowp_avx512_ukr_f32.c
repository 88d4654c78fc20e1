/* lowp_avx512_ukr_f32.c: the AVX-512 bf16 microkernel without AVX512_BF16: fp32 FMAs on operands
 * widened in packing (exact), a 32 x 12 tile. */
#define RG_VW 16
#define LP_ACC_INT 0
#include <immintrin.h>
typedef __m512 lp_vec;
typedef __m512 lp_acc;
#define LP_ZERO() _mm512_setzero_ps()
#define LP_LOADA(p) _mm512_castsi512_ps(_mm512_load_si512(p))
#define LP_BCAST(lane) _mm512_castsi512_ps(_mm512_set1_epi32((int)(lane)))
#define LP_DOT(acc, a, b, swap) _mm512_fmadd_ps(a, b, acc)
#include "lowp_tile_simd.h"

LP_UKR(rg__lowp_avx512_ukr_f32, 2, 12, 0)
