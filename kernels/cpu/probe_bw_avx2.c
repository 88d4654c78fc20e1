/* probe_bw_avx2.c: the bandwidth loops with 256-bit loads and stores. */
#define RG_VW 8
#define RG_BW_FN rg__bw_avx2
#include "probe_bw_simd.h"
