/* lowp_kernels.c: the registry of low-precision GEMM kernels, per dtype, ISA level and method. */
#include <string.h>

#include "lowp_internal.h"

static const rg__lowp_kernel kernels[] = {
    {"avx512bf16_32x12", RG_ISA_AVX512, RG_LOWP_DOT, 0, 32, 12, RG_LP_BF16_PAIR, RG_LP_BF16_PAIR,
     rg__lowp_avx512_pack, rg__lowp_avx512bf16_ukr, rg__lowp_avx512bf16_ukr,
     rg__lowp_avx512bf16_skinny},
    {"avx512_widen_32x12", RG_ISA_AVX512, RG_LOWP_WIDEN, 0, 32, 12, RG_LP_BF16_F32, RG_LP_BF16_F32,
     rg__lowp_avx512_pack, rg__lowp_avx512_ukr_f32, rg__lowp_avx512_ukr_f32, NULL},
    {"avx2_widen_16x6", RG_ISA_AVX2, RG_LOWP_WIDEN, 0, 16, 6, RG_LP_BF16_F32, RG_LP_BF16_F32,
     rg__lowp_pack_generic, rg__lowp_avx2_ukr_f32, rg__lowp_avx2_ukr_f32, NULL},
    {"scalar_widen_8x4", RG_ISA_SCALAR, RG_LOWP_WIDEN, 0, 8, 4, RG_LP_BF16_F32, RG_LP_BF16_F32,
     rg__lowp_pack_generic, rg__lowp_scalar_ukr_f32, rg__lowp_scalar_ukr_f32, NULL},
    {"avx512vnni_32x12", RG_ISA_AVX512, RG_LOWP_DOT, 1, 32, 12, RG_LP_8_QUAD, RG_LP_8_QUAD,
     rg__lowp_avx512_pack, rg__lowp_avx512vnni_ukr_us, rg__lowp_avx512vnni_ukr_su,
     rg__lowp_avx512vnni_skinny},
    {"avx512_widen_32x12", RG_ISA_AVX512, RG_LOWP_WIDEN, 1, 32, 12, RG_LP_U8_S16_PAIR,
     RG_LP_S8_S16_PAIR, rg__lowp_avx512_pack, rg__lowp_avx512_ukr_s16, rg__lowp_avx512_ukr_s16,
     NULL},
    {"avx2_widen_16x6", RG_ISA_AVX2, RG_LOWP_WIDEN, 1, 16, 6, RG_LP_U8_S16_PAIR, RG_LP_S8_S16_PAIR,
     rg__lowp_pack_generic, rg__lowp_avx2_ukr_s16, rg__lowp_avx2_ukr_s16, NULL},
    {"scalar_widen_8x4", RG_ISA_SCALAR, RG_LOWP_WIDEN, 1, 8, 4, RG_LP_U8_S16_PAIR,
     RG_LP_S8_S16_PAIR, rg__lowp_pack_generic, rg__lowp_scalar_ukr_s16, rg__lowp_scalar_ukr_s16,
     NULL},
};

/* Whether the CPU has the dot-product extension of a dtype. */
static int has_dot(int int8) {
    const rg_cpu_features *f = rg_cpu_features_get();
    return int8 ? f->avx512_vnni : f->avx512_bf16;
}

/* Whether the dot-product instructions beat widening to fp32 FMAs for products that pack. Not
 * for bf16 on Intel CPUs with AVX512_FP16 (Sapphire Rapids and later, whose bf16 matrix unit is
 * AMX): there vdpbf16ps issues at half the FMA's rate (an Emerald Rapids VM: 85 against 169
 * GFLOP/s a core, `ridge ceilings`), and the widening kernel ran 2048^3 14% (NN) and 30% (NT)
 * faster (bench/NOTES.md). */
static int dot_pays(int int8) {
    const rg_cpu_features *f = rg_cpu_features_get();
    return int8 || !(strcmp(f->vendor, "GenuineIntel") == 0 && f->avx512_fp16);
}

const rg__lowp_kernel *rg__lowp_kernel_get(int int8, rg_isa isa, rg_lowp_method method) {
    if (method == RG_LOWP_AUTO)
        method =
            isa == RG_ISA_AVX512 && has_dot(int8) && dot_pays(int8) ? RG_LOWP_DOT : RG_LOWP_WIDEN;
    if (method == RG_LOWP_DOT && !has_dot(int8)) return NULL;
    for (size_t i = 0; i < sizeof kernels / sizeof kernels[0]; i++)
        if (kernels[i].int8 == !!int8 && kernels[i].isa == isa && kernels[i].method == method)
            return &kernels[i];
    return NULL;
}

const rg__lowp_kernel *rg__lowp_kernel_for(int int8, rg_isa isa, rg_lowp_method method,
                                           const rg__lowp_problem *p) {
    if (method == RG_LOWP_AUTO && p && isa == RG_ISA_AVX512 && has_dot(int8)) {
        /* Skinny products stream the operand they read once where it lies: memory-bound, the
         * dot kernel's form beats packing a widened copy whatever the instruction rates. */
        const rg__lowp_kernel *dot = rg__lowp_kernel_get(int8, isa, RG_LOWP_DOT);
        if (dot && rg__lowp_skinny_fits(dot, p)) return dot;
    }
    return rg__lowp_kernel_get(int8, isa, method);
}

int rg_gemm_lowp_kernel(int int8, rg_isa isa, rg_lowp_method method, const char **name) {
    rg_exec want = {NULL, isa, {0, 0, 0}}, rex;
    const rg__lowp_kernel *kern;
    int rc;
    if (!name || method < RG_LOWP_AUTO || method > RG_LOWP_WIDEN) return RG_EINVAL;
    if ((rc = rg__exec_resolve(&want, &rex)) != RG_OK) return rc;
    if (!(kern = rg__lowp_kernel_get(int8, rex.isa, method))) return RG_EUNSUPPORTED;
    *name = kern->name;
    return RG_OK;
}
