/* act_avx512bf16.c: the AVX-512 activation, softmax and norm kernels whose bf16 forms round with
 * AVX512_BF16's vcvtne2ps2bf16 (the fp32 forms are the AVX-512 ones). */
#define RG_ACT_W 16
#define RG_ACT_BF16_CVT 1
#define RG_ACT_KERNELS rg__act_kernels_avx512bf16
#include "act_simd.h"
