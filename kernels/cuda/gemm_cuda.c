/* gemm_cuda.c: the GPU GEMMs' BLAS front end: validation, the layout folded into one row-major
 * problem, the empty and product-free cases, then the launcher of the operand type. */
#include "common/internal.h"
#include "cuda_internal.h"

typedef enum { OPERAND_F32, OPERAND_BF16, OPERAND_F16 } operand;

/* A column-major C is the row-major C^T = op(B)^T op(A)^T: the operands swap. */
static rg__cuda_gemm_rm fold(rg_layout layout, rg_trans ta, rg_trans tb, int64_t m, int64_t n,
                             int64_t k, float alpha, const void *a, int64_t lda, const void *b,
                             int64_t ldb, float beta, float *c, int64_t ldc) {
    const int col = layout == RG_COL_MAJOR;
    const rg__cuda_gemm_rm p = {.m = col ? n : m,
                                .n = col ? m : n,
                                .k = k,
                                .ta = (col ? tb : ta) == RG_TRANS,
                                .tb = (col ? ta : tb) == RG_TRANS,
                                .alpha = alpha,
                                .beta = beta,
                                .a = col ? b : a,
                                .b = col ? a : b,
                                .lda = col ? ldb : lda,
                                .ldb = col ? lda : ldb,
                                .c = c,
                                .ldc = ldc};
    return p;
}

static int gemm(operand type, rg_cuda_mma method, rg_layout layout, rg_trans ta, rg_trans tb,
                int64_t m, int64_t n, int64_t k, float alpha, const void *a, int64_t lda,
                const void *b, int64_t ldb, float beta, float *c, int64_t ldc, void *stream) {
    int rc;
    if ((rc = rg__gemm_check(layout, ta, tb, m, n, k, lda, ldb, ldc, type == OPERAND_F32 ? 4 : 2,
                             4)) != RG_OK)
        return rc;
    if (m == 0 || n == 0) return RG_OK;
    if (!c) return RG_EINVAL;
    cudaStream_t s = (cudaStream_t)stream;
    const rg__cuda_gemm_rm p = fold(layout, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    if (alpha == 0.0f || k == 0) return rg__cuda_scale_launch(p.m, p.n, beta, c, ldc, s);
    if (!a || !b) return RG_EINVAL;
    if (type == OPERAND_F32) return rg__cuda_sgemm_launch(&p, s);
    const int f16 = type == OPERAND_F16;
    if (method == RG_CUDA_MMA_AUTO && rg__cuda_gemm_decode_fits(&p))
        return rg__cuda_gemm_decode_launch(&p, f16, s);
    if (method != RG_CUDA_MMA_SYNC) { /* one look at the device per call */
        const int wgmma = rg__cuda_wgmma_usable(a, lda, b, ldb);
        if (method == RG_CUDA_MMA_AUTO) method = wgmma ? RG_CUDA_MMA_WGMMA : RG_CUDA_MMA_SYNC;
        if (method == RG_CUDA_MMA_WGMMA && !wgmma) return RG_EUNSUPPORTED;
    }
    return method == RG_CUDA_MMA_WGMMA ? rg__cuda_gemm_wgmma_launch(&p, f16, s)
                                       : rg__cuda_gemm_mma_launch(&p, f16, s);
}

int rg_cuda_sgemm(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m, int64_t n,
                  int64_t k, float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
                  float beta, float *c, int64_t ldc, void *stream) {
    return gemm(OPERAND_F32, RG_CUDA_MMA_SYNC, layout, transa, transb, m, n, k, alpha, a, lda, b,
                ldb, beta, c, ldc, stream);
}

int rg_cuda_gemm_bf16(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m, int64_t n,
                      int64_t k, float alpha, const uint16_t *a, int64_t lda, const uint16_t *b,
                      int64_t ldb, float beta, float *c, int64_t ldc, void *stream) {
    return gemm(OPERAND_BF16, RG_CUDA_MMA_AUTO, layout, transa, transb, m, n, k, alpha, a, lda, b,
                ldb, beta, c, ldc, stream);
}

int rg_cuda_gemm_f16(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m, int64_t n,
                     int64_t k, float alpha, const uint16_t *a, int64_t lda, const uint16_t *b,
                     int64_t ldb, float beta, float *c, int64_t ldc, void *stream) {
    return gemm(OPERAND_F16, RG_CUDA_MMA_AUTO, layout, transa, transb, m, n, k, alpha, a, lda, b,
                ldb, beta, c, ldc, stream);
}

int rg_cuda_gemm_mma(rg_cuda_mma method, rg_cuda_half type, rg_layout layout, rg_trans transa,
                     rg_trans transb, int64_t m, int64_t n, int64_t k, float alpha,
                     const uint16_t *a, int64_t lda, const uint16_t *b, int64_t ldb, float beta,
                     float *c, int64_t ldc, void *stream) {
    if ((unsigned)method > RG_CUDA_MMA_WGMMA || (type != RG_CUDA_BF16 && type != RG_CUDA_F16))
        return RG_EINVAL;
    return gemm(type == RG_CUDA_F16 ? OPERAND_F16 : OPERAND_BF16, method, layout, transa, transb, m,
                n, k, alpha, a, lda, b, ldb, beta, c, ldc, stream);
}

rg_cuda_mma rg_cuda_mma_choice(const uint16_t *a, int64_t lda, const uint16_t *b, int64_t ldb) {
    return rg__cuda_wgmma_usable(a, lda, b, ldb) ? RG_CUDA_MMA_WGMMA : RG_CUDA_MMA_SYNC;
}

int rg_cuda_gemm_decode_runs(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m,
                             int64_t n, int64_t k, const uint16_t *a, int64_t lda,
                             const uint16_t *b, int64_t ldb) {
    const int col = layout == RG_COL_MAJOR;
    if (rg__gemm_check(layout, transa, transb, m, n, k, lda, ldb, col ? m : n, 2, 4) != RG_OK ||
        m == 0 || n == 0 || k == 0)
        return 0;
    const rg__cuda_gemm_rm p =
        fold(layout, transa, transb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, NULL, col ? m : n);
    return rg__cuda_gemm_decode_fits(&p);
}
