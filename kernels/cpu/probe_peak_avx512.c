/* probe_peak_avx512.c: the AVX-512 compute-peak loops (fp32 FMA, bf16 dot product, int8 VNNI)
 * in inline assembly, so that every operand stays in a register and nothing is folded away. */
#include "probe_peak.h"

#if defined(__x86_64__)
/* One instruction per accumulator zmm0-zmm23, sources in zmm30 (a) and zmm31 (b):
 * acc += f(a, b). 24 independent chains cover a latency of up to 6 cycles on 2 pipes with
 * room to spare. */
// clang-format off
/* The asm text reads best one instruction (or register group) a line. */
#define ZMM_STEP(insn, i) insn " %%zmm31, %%zmm30, %%zmm" #i "\n\t"
#define ZMM_INIT(unused, i) "vmovdqa64 %%zmm29, %%zmm" #i "\n\t"
#define ZMM_REP24(M, x)                                                                            \
    M(x, 0) M(x, 1) M(x, 2) M(x, 3) M(x, 4) M(x, 5) M(x, 6) M(x, 7)                                \
    M(x, 8) M(x, 9) M(x, 10) M(x, 11) M(x, 12) M(x, 13) M(x, 14) M(x, 15)                          \
    M(x, 16) M(x, 17) M(x, 18) M(x, 19) M(x, 20) M(x, 21) M(x, 22) M(x, 23)
_Static_assert(RG__PEAK_AVX512_INSNS == 24, "the loop body below has 24 instructions");

/* Broadcasts the 32-bit patterns init (into every accumulator), a and b, then runs iters times
 * the 24 instructions. vzeroupper: the caller may run legacy SSE code next. */
#define ZMM_LOOP(insn, iters, init, a, b)                                                          \
    __asm__ volatile("vpbroadcastd %k[vi], %%zmm29\n\t"                                            \
                     "vpbroadcastd %k[va], %%zmm30\n\t"                                            \
                     "vpbroadcastd %k[vb], %%zmm31\n\t"                                            \
                     ZMM_REP24(ZMM_INIT, ~)                                                        \
                     "1:\n\t"                                                                      \
                     ZMM_REP24(ZMM_STEP, insn)                                                     \
                     "dec %[n]\n\t"                                                                \
                     "jnz 1b\n\t"                                                                  \
                     "vzeroupper"                                                                  \
                     : [n] "+r"(iters)                                                             \
                     : [vi] "r"(init), [va] "r"(a), [vb] "r"(b)                                    \
                     : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",             \
                       "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",                \
                       "xmm15", "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21",              \
                       "xmm22", "xmm23", "xmm29", "xmm30", "xmm31", "cc")
// clang-format on

/* Accumulators start at 1.0f and gain 1.0f * 2^-30 per step, which rounds back to 1.0f: the
 * values stay normal forever (no denormal or overflow microcode assists). */
enum { F32_ONE = 0x3f800000u, F32_TINY = 0x30800000u /* 2^-30 */ };

int rg__peak_fp32_avx512(int64_t iters) {
    ZMM_LOOP("vfmadd231ps", iters, F32_ONE, F32_ONE, F32_TINY);
    return RG_OK;
}

/* The same values as fp32, as pairs of bf16 (the upper halves of the fp32 patterns). */
int rg__peak_bf16_avx512(int64_t iters) {
    ZMM_LOOP("vdpbf16ps", iters, F32_ONE, 0x3f803f80u, 0x30803080u);
    return RG_OK;
}

/* Integer sums have no slow paths; they add 4 per step and wrap (vpdpbusd does not saturate). */
int rg__peak_int8_avx512(int64_t iters) {
    ZMM_LOOP("vpdpbusd", iters, 0u, 0x01010101u, 0x01010101u);
    return RG_OK;
}
#else
int rg__peak_fp32_avx512(int64_t iters) {
    return RG_EUNSUPPORTED;
}
int rg__peak_bf16_avx512(int64_t iters) {
    return RG_EUNSUPPORTED;
}
int rg__peak_int8_avx512(int64_t iters) {
    return RG_EUNSUPPORTED;
}
#endif
