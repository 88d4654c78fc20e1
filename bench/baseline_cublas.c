/* baseline_cublas.c: cuBLAS as the GPU GEMM baseline: cublasSgemm for fp32 (default math mode:
 * true fp32, no TF32) and cublasGemmEx for bf16/fp16 operands with fp32 C and compute, on the
 * same stream, buffers and event timing as ridge's kernels. */
#include "gpu_gemm.h"

#ifndef RIDGE_HAVE_CUDA

static int cublas_gemm(void *lib, const rg_gemm_problem *p, rg__gpu_dtype t, const void *a,
                       const void *b, float *c, void *stream) {
    return RG_EUNSUPPORTED;
}
static int cublas_open(void **lib, void *stream) {
    return RG_EUNSUPPORTED;
}
static void cublas_close(void *lib) {}
#define cublas_available rg__gpu_case_available

#else

#include <stdlib.h>

#include "cublas_dyn.h"
#define cublas_available rg__cublas_available

static int cublas_open(void **lib, void *stream) {
    rg__cublas *l = calloc(1, sizeof *l);
    if (!l) return RG_ENOMEM;
    const int rc = rg__cublas_open(l, stream);
    if (rc) {
        free(l);
        return rc;
    }
    *lib = l;
    return RG_OK;
}

static void cublas_close(void *lib) {
    rg__cublas_close(lib);
    free(lib);
}

static cublasOperation_t op(rg_trans t) {
    return t == RG_TRANS ? CUBLAS_OP_T : CUBLAS_OP_N;
}

/* cuBLAS is column-major: a row-major C is the column-major C^T = op(B)^T op(A)^T. */
static int cublas_gemm(void *lib, const rg_gemm_problem *p, rg__gpu_dtype t, const void *a,
                       const void *b, float *c, void *stream) {
    const rg__cublas *l = lib;
    int col = p->layout == RG_COL_MAJOR;
    cublasOperation_t oa = op(col ? p->ta : p->tb), ob = op(col ? p->tb : p->ta);
    int64_t m = col ? p->m : p->n, n = col ? p->n : p->m;
    const void *x = col ? a : b, *y = col ? b : a;
    int64_t ldx = col ? p->lda : p->ldb, ldy = col ? p->ldb : p->lda;
    if (m > INT32_MAX || n > INT32_MAX || p->k > INT32_MAX || ldx > INT32_MAX || ldy > INT32_MAX ||
        p->ldc > INT32_MAX)
        return RG_EUNSUPPORTED;
    cublasStatus_t st;
    if (t == RG_GPU_F32) {
        st = l->api.sgemm(l->h, oa, ob, (int)m, (int)n, (int)p->k, &p->alpha, x, (int)ldx, y,
                          (int)ldy, &p->beta, c, (int)p->ldc);
    } else {
        cudaDataType_t ty = t == RG_GPU_BF16 ? CUDA_R_16BF : CUDA_R_16F;
        st = l->api.gemm_ex(l->h, oa, ob, (int)m, (int)n, (int)p->k, &p->alpha, x, ty, (int)ldx, y,
                            ty, (int)ldy, &p->beta, c, CUDA_R_32F, (int)p->ldc, CUBLAS_COMPUTE_32F,
                            CUBLAS_GEMM_DEFAULT);
    }
    return st == CUBLAS_STATUS_SUCCESS ? RG_OK : RG_EDEVICE;
}

#endif

/* 32-bit sizes and leading dimensions (the _64 API is not used). */
static int cublas_supports(const void *problem, char *why, size_t whylen) {
    const rg_gemm_problem *p = problem;
    if (p->m > INT32_MAX || p->n > INT32_MAX || p->k > INT32_MAX || p->lda > INT32_MAX ||
        p->ldb > INT32_MAX || p->ldc > INT32_MAX) {
        snprintf(why, whylen, "cuBLAS's 32-bit interface: a size or leading dimension over 2^31");
        return 0;
    }
    return 1;
}

static void cublas_isa(const rg_harness *h, char *out, size_t outlen) {
    snprintf(out, outlen, "cublas%s%s", h->sys.cublas_version[0] ? "-" : "", h->sys.cublas_version);
}

#define CUBLAS_GEMM(sym, dt, name)                                                                 \
    static const rg__gpu_gemm_kind kind_##sym = {                                                  \
        .dtype = dt, .gemm = cublas_gemm, .lib_open = cublas_open, .lib_close = cublas_close};     \
    static int setup_##sym(rg_harness *h, const void *problem, void **state) {                     \
        return rg__gpu_gemm_setup(h, problem, &kind_##sym, state);                                 \
    }                                                                                              \
    const rg_impl sym = {.op = &rg__op_gemm,                                                       \
                         .impl = "cublas",                                                         \
                         .device = "gpu",                                                          \
                         .dtype = name,                                                            \
                         .available = cublas_available,                                            \
                         .supports = cublas_supports,                                              \
                         .setup = setup_##sym,                                                     \
                         .run = rg__gpu_gemm_run,                                                  \
                         .teardown = rg__gpu_gemm_teardown,                                        \
                         .isa = cublas_isa,                                                        \
                         .time_reps = rg__gpu_case_time_hook,                                      \
                         .annotate = rg__gpu_gemm_annotate};

CUBLAS_GEMM(rg__impl_cublas_gemm_f32, RG_GPU_F32, "f32")
CUBLAS_GEMM(rg__impl_cublas_gemm_bf16, RG_GPU_BF16, "bf16")
CUBLAS_GEMM(rg__impl_cublas_gemm_f16, RG_GPU_F16, "f16")
