/* act_avx512.c: the activation, softmax and norm kernels on 16 lanes (AVX-512). */
#define RG_ACT_W 16
#define RG_ACT_KERNELS rg__act_kernels_avx512
#include "act_simd.h"
