/* attention_avx512.c: the attention tile kernels for AVX-512: 64-row chunks, 4x4-vector score
 * tiles. */
#define RG_VW 16
#define RG_ATT_NVMAX 4
#define RG_ATT_ACC 16
#define RG_ATT_DV 4
#define RG_ATT_ISA RG_ISA_AVX512
#define RG_ATT_KERNEL rg__attn_kernel_avx512
#include "attention_tile_simd.h"
