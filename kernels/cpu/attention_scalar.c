/* attention_scalar.c: the attention tile kernels for plain C: the same algorithm one float at a
 * time. */
#define RG_VW 1
#define RG_ATT_NVMAX 8
#define RG_ATT_ACC 16
#define RG_ATT_DV 4
#define RG_ATT_ISA RG_ISA_SCALAR
#define RG_ATT_KERNEL rg__attn_kernel_scalar
#include "attention_tile_simd.h"
