/* lowp_avx2_ukr_s16.c: the AVX2 u8s8 microkernel: vpmaddwd on bytes widened to int16 pairs in
 * packing, a 16 x 6 tile. */
#define RG_VW 8
#define LP_ACC_INT 1
#include <immintrin.h>
typedef __m256i lp_vec;
typedef __m256i lp_acc;
#define LP_ZERO() _mm256_setzero_si256()
#define LP_LOADA(p) _mm256_load_si256((const __m256i *)(p))
#define LP_BCAST(lane) _mm256_set1_epi32((int)(lane))
#define LP_DOT(acc, a, b, swap) _mm256_add_epi32(acc, _mm256_madd_epi16(a, b))
#include "lowp_tile_simd.h"

LP_UKR(rg__lowp_avx2_ukr_s16, 2, 6, 0)
