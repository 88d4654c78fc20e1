/* probe_bw_avx512.c: the bandwidth loops with 512-bit loads and stores. */
#define RG_VW 16
#define RG_BW_FN rg__bw_avx512
#include "probe_bw_simd.h"
