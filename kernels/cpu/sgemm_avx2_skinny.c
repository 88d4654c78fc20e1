/* sgemm_avx2_skinny.c: AVX2 GEMM for few columns (LLM decode shapes): one stream over A. */
#define RG_VW 8
#define RG_SKINNY_FN rg__sgemm_avx2_skinny
#include "sgemm_skinny_simd.h"
