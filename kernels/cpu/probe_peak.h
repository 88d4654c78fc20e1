/* probe_peak.h: the compute-peak loops behind rg_peak_run, each in the file of its ISA. */
#ifndef RG_PROBE_PEAK_H
#define RG_PROBE_PEAK_H

#include "common/internal.h"

/* Instructions in one iteration of each loop; rg_peak_info.ops_per_iter is this times the
 * operations of one instruction. AVX-512 loops: 24 accumulators, one instruction each. AVX2 and
 * AVX-VNNI loops (16 ymm registers only): 12 accumulators, two instructions each. */
#define RG__PEAK_AVX512_INSNS 24
#define RG__PEAK_AVX2_INSNS 24

/* Each runs iters >= 1 iterations on the calling thread and returns RG_OK, or RG_EUNSUPPORTED
 * when built for a CPU other than x86-64. The caller has checked that the CPU has the
 * instructions. */
int rg__peak_fp32_avx512(int64_t iters);
int rg__peak_bf16_avx512(int64_t iters);
int rg__peak_int8_avx512(int64_t iters);
int rg__peak_fp32_avx2(int64_t iters);
int rg__peak_int8_avxvnni(int64_t iters);

#endif /* RG_PROBE_PEAK_H */
