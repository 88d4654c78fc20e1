/* baseline_cublas_attention.h: the CUDA step of the unfused cuBLAS attention baseline. */
#ifndef RG_BASELINE_CUBLAS_ATTENTION_H
#define RG_BASELINE_CUBLAS_ATTENTION_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* P = softmax over the first limit entries of each row of S (rows x cols, fp32, already
 * scaled), zeros after; limit = cols, or (causal) r % q_len + shift + 1 clamped to [0, cols].
 * P in bf16 (f16 0) or fp16 bits. Enqueued on stream; 0, or -1 when the launch failed. */
int rg__cuda_masked_softmax16(const float *s, uint16_t *p, int64_t rows, int64_t cols,
                              int64_t q_len, int64_t shift, int causal, int f16, void *stream);

#ifdef __cplusplus
}
#endif
#endif /* RG_BASELINE_CUBLAS_ATTENTION_H */
