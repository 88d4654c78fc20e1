/* attention_avx512bf16.c: the AVX-512 attention kernels with bf16 scores on vdpbf16ps
 * (AVX512_BF16), chosen for bf16 calls on CPUs that have it. */
#define RG_VW 16
#define RG_ATT_NVMAX 4
#define RG_ATT_ACC 16
#define RG_ATT_DV 4
#define RG_ATT_DPBF16 1
#define RG_ATT_ISA RG_ISA_AVX512
#define RG_ATT_KERNEL rg__attn_kernel_avx512bf16
#include "attention_tile_simd.h"
