/* lowp_avx2_ukr_f32.c: the AVX2 bf16 microkernel: fp32 FMAs on operands widened in packing, a 16 x
 * 6 tile. */
#define RG_VW 8
#define LP_ACC_INT 0
#include <immintrin.h>
typedef __m256 lp_vec;
typedef __m256 lp_acc;
#define LP_ZERO() _mm256_setzero_ps()
#define LP_LOADA(p) _mm256_load_ps((const float *)(p))
#define LP_BCAST(lane) _mm256_castsi256_ps(_mm256_set1_epi32((int)(lane)))
#define LP_DOT(acc, a, b, swap) _mm256_fmadd_ps(a, b, acc)
#include "lowp_tile_simd.h"

LP_UKR(rg__lowp_avx2_ukr_f32, 2, 6, 0)
