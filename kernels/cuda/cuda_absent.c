/* cuda_absent.c: the GPU API of a build without CUDA: every call is RG_EUNSUPPORTED. */
#include "ridge.h"

int rg_cuda_sgemm(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m, int64_t n,
                  int64_t k, float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
                  float beta, float *c, int64_t ldc, void *stream) {
    return RG_EUNSUPPORTED;
}

int rg_cuda_gemm_bf16(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m, int64_t n,
                      int64_t k, float alpha, const uint16_t *a, int64_t lda, const uint16_t *b,
                      int64_t ldb, float beta, float *c, int64_t ldc, void *stream) {
    return RG_EUNSUPPORTED;
}

int rg_cuda_gemm_f16(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m, int64_t n,
                     int64_t k, float alpha, const uint16_t *a, int64_t lda, const uint16_t *b,
                     int64_t ldb, float beta, float *c, int64_t ldc, void *stream) {
    return RG_EUNSUPPORTED;
}

int rg_cuda_peak_run(rg_cuda_peak_probe p, int blocks, int64_t iters, float *sink, double *ops,
                     void *stream) {
    return RG_EUNSUPPORTED;
}

int rg_cuda_read_run(const float *x, int64_t n, int passes, int blocks, float *sink, void *stream) {
    return RG_EUNSUPPORTED;
}

int rg_cuda_gemm_mma(rg_cuda_mma method, rg_cuda_half type, rg_layout layout, rg_trans transa,
                     rg_trans transb, int64_t m, int64_t n, int64_t k, float alpha,
                     const uint16_t *a, int64_t lda, const uint16_t *b, int64_t ldb, float beta,
                     float *c, int64_t ldc, void *stream) {
    return RG_EUNSUPPORTED;
}

rg_cuda_mma rg_cuda_mma_choice(const uint16_t *a, int64_t lda, const uint16_t *b, int64_t ldb) {
    return RG_CUDA_MMA_SYNC;
}

int rg_cuda_act_f32(rg_act act, int64_t n, const float *x, float *y, void *stream) {
    return RG_EUNSUPPORTED;
}
int rg_cuda_act_bf16(rg_act act, int64_t n, const uint16_t *x, uint16_t *y, void *stream) {
    return RG_EUNSUPPORTED;
}
int rg_cuda_softmax_f32(int64_t rows, int64_t cols, const float *x, int64_t ldx, float *y,
                        int64_t ldy, void *stream) {
    return RG_EUNSUPPORTED;
}
int rg_cuda_softmax_bf16(int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx, uint16_t *y,
                         int64_t ldy, void *stream) {
    return RG_EUNSUPPORTED;
}
int rg_cuda_rmsnorm_f32(int64_t rows, int64_t cols, const float *x, int64_t ldx, const float *w,
                        float eps, float *y, int64_t ldy, void *stream) {
    return RG_EUNSUPPORTED;
}
int rg_cuda_rmsnorm_bf16(int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx, const float *w,
                         float eps, uint16_t *y, int64_t ldy, void *stream) {
    return RG_EUNSUPPORTED;
}
int rg_cuda_layernorm_f32(int64_t rows, int64_t cols, const float *x, int64_t ldx, const float *w,
                          const float *b, float eps, float *y, int64_t ldy, void *stream) {
    return RG_EUNSUPPORTED;
}
int rg_cuda_layernorm_bf16(int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx,
                           const float *w, const float *b, float eps, uint16_t *y, int64_t ldy,
                           void *stream) {
    return RG_EUNSUPPORTED;
}

int rg_cuda_attention_f32(const rg_attention_desc *desc, const float *q, const float *k,
                          const float *v, float *o, void *stream) {
    return RG_EUNSUPPORTED;
}
int rg_cuda_attention_bf16(const rg_attention_desc *desc, const uint16_t *q, const uint16_t *k,
                           const uint16_t *v, float *o, void *stream) {
    return RG_EUNSUPPORTED;
}
int rg_cuda_attention_f16(const rg_attention_desc *desc, const uint16_t *q, const uint16_t *k,
                          const uint16_t *v, float *o, void *stream) {
    return RG_EUNSUPPORTED;
}
int rg_cuda_attention_tensor_cores(const rg_attention_desc *desc, const void *q, const void *k,
                                   const void *v) {
    return 0;
}
int rg_cuda_attention_bf16_ws(const rg_attention_desc *desc, const uint16_t *q, const uint16_t *k,
                              const uint16_t *v, float *o, void *ws, size_t ws_bytes,
                              void *stream) {
    return RG_EUNSUPPORTED;
}
int rg_cuda_attention_f16_ws(const rg_attention_desc *desc, const uint16_t *q, const uint16_t *k,
                             const uint16_t *v, float *o, void *ws, size_t ws_bytes, void *stream) {
    return RG_EUNSUPPORTED;
}
size_t rg_cuda_attention_workspace(const rg_attention_desc *desc) {
    return 0;
}
int rg_cuda_attention_kv_splits(const rg_attention_desc *desc, const void *q, const void *k,
                                const void *v, size_t ws_bytes) {
    return 1;
}
int rg_cuda_gemm_decode_runs(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m,
                             int64_t n, int64_t k, const uint16_t *a, int64_t lda,
                             const uint16_t *b, int64_t ldb) {
    return 0;
}
