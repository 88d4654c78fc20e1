/* probe_peak_avx2.c: the 256-bit VEX compute-peak loops (fp32 FMA3, int8 AVX-VNNI) in inline
 * assembly, so that every operand stays in a register and nothing is folded away. */
#include "probe_peak.h"

#if defined(__x86_64__)
/* VEX encodes only ymm0-15: accumulators ymm0-ymm11, sources in ymm14 (a) and ymm15 (b), each
 * accumulator stepped twice per iteration: acc += f(a, b). 12 independent chains cover a latency
 * of up to 6 cycles on 2 pipes. */
// clang-format off
/* The asm text reads best one instruction (or register group) a line. */
#define YMM_STEP(insn, i) insn " %%ymm15, %%ymm14, %%ymm" #i "\n\t"
#define YMM_INIT(unused, i) "vmovdqa %%ymm13, %%ymm" #i "\n\t"
#define YMM_REP12(M, x)                                                                            \
    M(x, 0) M(x, 1) M(x, 2) M(x, 3) M(x, 4) M(x, 5)                                                \
    M(x, 6) M(x, 7) M(x, 8) M(x, 9) M(x, 10) M(x, 11)
_Static_assert(RG__PEAK_AVX2_INSNS == 2 * 12, "the loop body below has 2 x 12 instructions");

/* Broadcasts the 32-bit patterns init (into every accumulator), a and b, then runs iters times
 * the 24 instructions. vzeroupper: the caller may run legacy SSE code next. */
#define YMM_LOOP(insn, iters, init, a, b)                                                          \
    __asm__ volatile("vmovd %k[vi], %%xmm13\n\t"                                                   \
                     "vpbroadcastd %%xmm13, %%ymm13\n\t"                                           \
                     "vmovd %k[va], %%xmm14\n\t"                                                   \
                     "vpbroadcastd %%xmm14, %%ymm14\n\t"                                           \
                     "vmovd %k[vb], %%xmm15\n\t"                                                   \
                     "vpbroadcastd %%xmm15, %%ymm15\n\t"                                           \
                     YMM_REP12(YMM_INIT, ~)                                                        \
                     "1:\n\t"                                                                      \
                     YMM_REP12(YMM_STEP, insn)                                                     \
                     YMM_REP12(YMM_STEP, insn)                                                     \
                     "dec %[n]\n\t"                                                                \
                     "jnz 1b\n\t"                                                                  \
                     "vzeroupper"                                                                  \
                     : [n] "+r"(iters)                                                             \
                     : [vi] "r"(init), [va] "r"(a), [vb] "r"(b)                                    \
                     : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",             \
                       "xmm8", "xmm9", "xmm10", "xmm11", "xmm13", "xmm14", "xmm15", "cc")
// clang-format on

/* Accumulators start at 1.0f and gain 1.0f * 2^-30 per step, which rounds back to 1.0f: the
 * values stay normal forever (no denormal or overflow microcode assists). */
enum { F32_ONE = 0x3f800000u, F32_TINY = 0x30800000u /* 2^-30 */ };

int rg__peak_fp32_avx2(int64_t iters) {
    YMM_LOOP("vfmadd231ps", iters, F32_ONE, F32_ONE, F32_TINY);
    return RG_OK;
}

/* {vex} asks for the AVX-VNNI encoding (the assembler would otherwise pick AVX512_VNNI's EVEX
 * one); in an asm template %{ and %} are literal braces. Integer sums add 4 per step and wrap. */
int rg__peak_int8_avxvnni(int64_t iters) {
    YMM_LOOP("%{vex%} vpdpbusd", iters, 0u, 0x01010101u, 0x01010101u);
    return RG_OK;
}
#else
int rg__peak_fp32_avx2(int64_t iters) {
    return RG_EUNSUPPORTED;
}
int rg__peak_int8_avxvnni(int64_t iters) {
    return RG_EUNSUPPORTED;
}
#endif
