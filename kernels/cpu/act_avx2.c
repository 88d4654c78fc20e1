/* act_avx2.c: the activation, softmax and norm kernels on 8 lanes (AVX2 + FMA). */
#define RG_ACT_W 8
#define RG_ACT_KERNELS rg__act_kernels_avx2
#include "act_simd.h"
