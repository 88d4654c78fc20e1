/* lowp_avx512vnni_ukr.c: the u8s8 microkernels on AVX512_VNNI: vpdpbusd, a 32 x 12 tile. */
#define RG_VW 16
#define LP_ACC_INT 1
#include <immintrin.h>
typedef __m512i lp_vec;
typedef __m512i lp_acc;
#define LP_ZERO() _mm512_setzero_si512()
#define LP_LOADA(p) _mm512_load_si512(p)
#define LP_BCAST(lane) _mm512_set1_epi32((int)(lane))
/* vpdpbusd's first operand is the unsigned one. */
#define LP_DOT(acc, a, b, swap)                                                                    \
    (swap ? _mm512_dpbusd_epi32(acc, b, a) : _mm512_dpbusd_epi32(acc, a, b))
#include "lowp_tile_simd.h"

/* A holds the u8 operand (us) or the s8 one (su); 24 int32 accumulators, 24 vpdpbusd per k
 * quad. */
LP_UKR(rg__lowp_avx512vnni_ukr_us, 2, 12, 0)
LP_UKR(rg__lowp_avx512vnni_ukr_su, 2, 12, 1)
