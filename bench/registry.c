/* registry.c: the one table of implementations; list, suites, runs and tests iterate it. */
#include "case_act.h"
#include "case_attention.h"
#include "case_gemm.h"

#include <string.h>

/* Adding an implementation: its adapter file, one line here, one CMake source entry. */
#define RG_IMPL_LIST(X)                                                                            \
    X(rg__impl_ridge_gemm_f32)                                                                     \
    X(rg__impl_openblas_gemm_f32)                                                                  \
    X(rg__impl_ridge_attention_f32)                                                                \
    X(rg__impl_ridge_attention_bf16)                                                               \
    X(rg__impl_openblas_attention_f32)                                                             \
    X(rg__impl_ridge_attention_cuda_f32)                                                           \
    X(rg__impl_ridge_attention_cuda_bf16)                                                          \
    X(rg__impl_cublas_attention_bf16)                                                              \
    X(rg__impl_onednn_gemm_f32)                                                                    \
    X(rg__impl_ridge_gemm_bf16)                                                                    \
    X(rg__impl_ridge_gemm_i8)                                                                      \
    X(rg__impl_onednn_gemm_bf16)                                                                   \
    X(rg__impl_onednn_gemm_i8)                                                                     \
    X(rg__impl_ridge_relu_f32)                                                                     \
    X(rg__impl_ridge_gelu_f32)                                                                     \
    X(rg__impl_ridge_gelu_tanh_f32)                                                                \
    X(rg__impl_ridge_silu_f32)                                                                     \
    X(rg__impl_ridge_softmax_f32)                                                                  \
    X(rg__impl_ridge_rmsnorm_f32)                                                                  \
    X(rg__impl_ridge_layernorm_f32)                                                                \
    X(rg__impl_ridge_relu_bf16)                                                                    \
    X(rg__impl_ridge_gelu_bf16)                                                                    \
    X(rg__impl_ridge_gelu_tanh_bf16)                                                               \
    X(rg__impl_ridge_silu_bf16)                                                                    \
    X(rg__impl_ridge_softmax_bf16)                                                                 \
    X(rg__impl_ridge_rmsnorm_bf16)                                                                 \
    X(rg__impl_ridge_layernorm_bf16)                                                               \
    X(rg__impl_ridge_relu_cuda_f32)                                                                \
    X(rg__impl_ridge_gelu_cuda_f32)                                                                \
    X(rg__impl_ridge_gelu_tanh_cuda_f32)                                                           \
    X(rg__impl_ridge_silu_cuda_f32)                                                                \
    X(rg__impl_ridge_softmax_cuda_f32)                                                             \
    X(rg__impl_ridge_rmsnorm_cuda_f32)                                                             \
    X(rg__impl_ridge_layernorm_cuda_f32)                                                           \
    X(rg__impl_ridge_relu_cuda_bf16)                                                               \
    X(rg__impl_ridge_gelu_cuda_bf16)                                                               \
    X(rg__impl_ridge_gelu_tanh_cuda_bf16)                                                          \
    X(rg__impl_ridge_silu_cuda_bf16)                                                               \
    X(rg__impl_ridge_softmax_cuda_bf16)                                                            \
    X(rg__impl_ridge_rmsnorm_cuda_bf16)                                                            \
    X(rg__impl_ridge_layernorm_cuda_bf16)                                                          \
    X(rg__impl_libm_relu_f32)                                                                      \
    X(rg__impl_libm_gelu_f32)                                                                      \
    X(rg__impl_libm_gelu_tanh_f32)                                                                 \
    X(rg__impl_libm_silu_f32)                                                                      \
    X(rg__impl_libm_softmax_f32)                                                                   \
    X(rg__impl_libm_rmsnorm_f32)                                                                   \
    X(rg__impl_libm_layernorm_f32)                                                                 \
    X(rg__impl_onednn_relu_f32)                                                                    \
    X(rg__impl_onednn_gelu_f32)                                                                    \
    X(rg__impl_onednn_gelu_tanh_f32)                                                               \
    X(rg__impl_onednn_silu_f32)                                                                    \
    X(rg__impl_onednn_softmax_f32)                                                                 \
    X(rg__impl_onednn_rmsnorm_f32)                                                                 \
    X(rg__impl_onednn_layernorm_f32)                                                               \
    X(rg__impl_onednn_relu_bf16)                                                                   \
    X(rg__impl_onednn_gelu_bf16)                                                                   \
    X(rg__impl_onednn_gelu_tanh_bf16)                                                              \
    X(rg__impl_onednn_silu_bf16)                                                                   \
    X(rg__impl_onednn_softmax_bf16)                                                                \
    X(rg__impl_onednn_rmsnorm_bf16)                                                                \
    X(rg__impl_onednn_layernorm_bf16)                                                              \
    X(rg__impl_ridge_gemm_cuda_f32)                                                                \
    X(rg__impl_ridge_gemm_cuda_bf16)                                                               \
    X(rg__impl_ridge_gemm_cuda_f16)                                                                \
    X(rg__impl_ridge_sync_gemm_cuda_bf16)                                                          \
    X(rg__impl_ridge_sync_gemm_cuda_f16)                                                           \
    X(rg__impl_cublas_gemm_f32)                                                                    \
    X(rg__impl_cublas_gemm_bf16)                                                                   \
    X(rg__impl_cublas_gemm_f16)

#define RG_IMPL_DECLARE(sym) extern const rg_impl sym;
RG_IMPL_LIST(RG_IMPL_DECLARE)
#undef RG_IMPL_DECLARE

#define RG_IMPL_ENTRY(sym) &sym,
static const rg_impl *const registry[] = {RG_IMPL_LIST(RG_IMPL_ENTRY)};
#undef RG_IMPL_ENTRY

#define RG_IMPL_COUNT_ONE(sym) +1
_Static_assert(sizeof registry / sizeof registry[0] == 0 RG_IMPL_LIST(RG_IMPL_COUNT_ONE),
               "registry table and list disagree");
#undef RG_IMPL_COUNT_ONE

/* The ops the implementations belong to. */
static const rg_op *const ops[] = {
    &rg__op_gemm,
    &rg__op_attention,
    &rg__op_act[RG_ACT_OP_RELU],
    &rg__op_act[RG_ACT_OP_GELU],
    &rg__op_act[RG_ACT_OP_GELU_TANH],
    &rg__op_act[RG_ACT_OP_SILU],
    &rg__op_act[RG_ACT_OP_SOFTMAX],
    &rg__op_act[RG_ACT_OP_RMSNORM],
    &rg__op_act[RG_ACT_OP_LAYERNORM],
};

size_t rg__registry_count(void) {
    return sizeof registry / sizeof registry[0];
}

const rg_impl *rg__registry_get(size_t i) {
    return i < rg__registry_count() ? registry[i] : NULL;
}

const rg_op *rg__op_find(const char *name) {
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp(ops[i]->name, name) == 0) return ops[i];
    return NULL;
}
