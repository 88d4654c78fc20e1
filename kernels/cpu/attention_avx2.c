/* attention_avx2.c: the attention tile kernels for AVX2 + FMA: 32-row chunks, tiles sized for 16
 * ymm registers. */
#define RG_VW 8
#define RG_ATT_NVMAX 4
#define RG_ATT_ACC 8
#define RG_ATT_DV 2
#define RG_ATT_ISA RG_ISA_AVX2
#define RG_ATT_KERNEL rg__attn_kernel_avx2
#include "attention_tile_simd.h"
