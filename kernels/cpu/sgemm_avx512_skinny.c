/* sgemm_avx512_skinny.c: AVX-512 GEMM for few columns (LLM decode shapes): one stream over A. */
#define RG_VW 16
#define RG_SKINNY_FN rg__sgemm_avx512_skinny
#include "sgemm_skinny_simd.h"
