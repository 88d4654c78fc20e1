/* lowp_avx512_ukr_s16.c: the AVX-512 u8s8 microkernel without AVX512_VNNI: vpmaddwd on bytes
 * widened to int16 pairs in packing (exact: a pair sum is at most 2 * 255 * 128), a 32 x 12 tile.
 */
#define RG_VW 16
#define LP_ACC_INT 1
#include <immintrin.h>
typedef __m512i lp_vec;
typedef __m512i lp_acc;
#define LP_ZERO() _mm512_setzero_si512()
#define LP_LOADA(p) _mm512_load_si512(p)
#define LP_BCAST(lane) _mm512_set1_epi32((int)(lane))
#define LP_DOT(acc, a, b, swap) _mm512_add_epi32(acc, _mm512_madd_epi16(a, b))
#include "lowp_tile_simd.h"

LP_UKR(rg__lowp_avx512_ukr_s16, 2, 12, 0)
