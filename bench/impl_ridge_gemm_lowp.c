/* impl_ridge_gemm_lowp.c: adapters running ridge's rg_gemm_bf16 (fp32 C) and rg_gemm_u8s8 on
 * the harness pool and caches. */
#include "case_gemm.h"
#include "impl_ridge.h"

#include <stdlib.h>
#include <string.h>

/* Both take the full BLAS interface; u8s8 keeps its int32 sums exact up to K = 65793. */
static int ridge_supports(const void *problem, char *why, size_t whylen) {
    const rg_gemm_problem *p = problem;
    if (p->dtype == RG_GEMM_I8 && p->k > 65793) {
        snprintf(why, whylen, "K > 65793 could overflow int32 sums");
        return 0;
    }
    return 1;
}

/* The harness's exec and the case: the kernel AUTO takes depends on the shape (case_isa). */
typedef struct {
    const rg_exec *ex;
    const rg_gemm_problem *p;
} lowp_state;

static int lowp_setup(rg_harness *h, const void *problem, void **state) {
    lowp_state *st = malloc(sizeof *st);
    if (!st) return RG_ENOMEM;
    st->ex = &h->exec;
    st->p = problem;
    *state = st;
    return 0;
}

static void lowp_teardown(void *state) {
    free(state);
}

static int ridge_run_bf16(void *state, const void *problem, void *set) {
    const rg_gemm_problem *p = problem;
    rg_gemm_set *s = set;
    return rg_gemm_bf16(((lowp_state *)state)->ex, RG_LOWP_AUTO, p->layout, p->ta, p->tb, p->m,
                        p->n, p->k, p->alpha, s->la, p->lda, s->lb, p->ldb, p->beta, s->c,
                        RG_GEMM_OUT_F32, p->ldc);
}

static int ridge_run_i8(void *state, const void *problem, void *set) {
    const rg_gemm_problem *p = problem;
    rg_gemm_set *s = set;
    return rg_gemm_u8s8(((lowp_state *)state)->ex, RG_LOWP_AUTO, p->layout, p->ta, p->tb, p->m,
                        p->n, p->k, s->la, p->lda, p->zero, s->lb, p->ldb, s->scale, p->per_column,
                        p->beta, s->c, p->ldc);
}

/* The code path, as rg_sgemm's rows name theirs (the ISA level), with the dot-product
 * extension when it runs ("avx512bf16", "avx512vnni") and "avx512-widen" for AVX-512 without it
 * or where AUTO widens (operands widened in packing: fp32 FMAs for bf16, vpmaddwd for i8). */
static void path_name(rg_isa isa, const char *name, char *out, size_t outlen) {
    if (!name)
        snprintf(out, outlen, "none");
    else if (!strncmp(name, "avx512bf16", 10) || !strncmp(name, "avx512vnni", 10))
        snprintf(out, outlen, "%.10s", name);
    else if (isa == RG_ISA_AVX512)
        snprintf(out, outlen, "avx512-widen");
    else
        snprintf(out, outlen, "%s", rg_isa_name(isa));
}
/* For products that pack (cli list); case_isa names the one a case runs. */
static void kernel_name(const rg_harness *h, int int8, char *out, size_t outlen) {
    rg_isa isa = rg__ridge_level(&h->exec);
    const char *name = NULL;
    if (rg_gemm_lowp_kernel(int8, isa, RG_LOWP_AUTO, &name) != RG_OK) name = NULL;
    path_name(isa, name, out, outlen);
}
static void case_kernel_name(const void *state, int int8, char *out, size_t outlen) {
    const lowp_state *st = state;
    const rg_gemm_problem *p = st->p;
    const char *name = NULL;
    int rc = rg_gemm_lowp_kernel_for(int8, st->ex, RG_LOWP_AUTO, p->layout, p->ta, p->tb, p->m,
                                     p->n, p->k, p->lda, p->ldb, p->ldc, &name);
    path_name(rg__ridge_level(st->ex), rc == RG_OK ? name : NULL, out, outlen);
}
static void ridge_isa_bf16(const rg_harness *h, char *out, size_t outlen) {
    kernel_name(h, 0, out, outlen);
}
static void ridge_isa_i8(const rg_harness *h, char *out, size_t outlen) {
    kernel_name(h, 1, out, outlen);
}
static void ridge_case_isa_bf16(const void *state, char *out, size_t outlen) {
    case_kernel_name(state, 0, out, outlen);
}
static void ridge_case_isa_i8(const void *state, char *out, size_t outlen) {
    case_kernel_name(state, 1, out, outlen);
}

const rg_impl rg__impl_ridge_gemm_bf16 = {
    .op = &rg__op_gemm,
    .impl = "ridge",
    .device = "cpu",
    .dtype = "bf16",
    .quiesce_ms = 0,
    .available = rg__ridge_available,
    .supports = ridge_supports,
    .setup = lowp_setup,
    .run = ridge_run_bf16,
    .teardown = lowp_teardown,
    .isa = ridge_isa_bf16,
    .case_isa = ridge_case_isa_bf16,
};

const rg_impl rg__impl_ridge_gemm_i8 = {
    .op = &rg__op_gemm,
    .impl = "ridge",
    .device = "cpu",
    .dtype = "i8",
    .quiesce_ms = 0,
    .available = rg__ridge_available,
    .supports = ridge_supports,
    .setup = lowp_setup,
    .run = ridge_run_i8,
    .teardown = lowp_teardown,
    .isa = ridge_isa_i8,
    .case_isa = ridge_case_isa_i8,
};
