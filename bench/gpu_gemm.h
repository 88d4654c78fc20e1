/* gpu_gemm.h: what the GPU GEMM adapters (ridge's CUDA kernels, cuBLAS) share: device copies of
 * a GEMM set, the operand type, the verification call and the event-timed repetitions. */
#ifndef RG_GPU_GEMM_H
#define RG_GPU_GEMM_H

#include "case_gemm.h"
#include "gpu_case.h"

typedef enum { RG_GPU_F32 = 0, RG_GPU_BF16, RG_GPU_F16 } rg__gpu_dtype;

/* Enqueues one GEMM of problem p on stream: a and b device operands of type t, c device fp32.
 * lib: the adapter's own state (a cuBLAS handle). Returns 0 or a negative rg_status. */
typedef int (*rg__gpu_gemm_fn)(void *lib, const rg_gemm_problem *p, rg__gpu_dtype t, const void *a,
                               const void *b, float *c, void *stream);

typedef struct {
    rg__gpu_dtype dtype;
    rg__gpu_gemm_fn gemm;
    /* Optional: makes the adapter's state once per case, and frees it. */
    int (*lib_open)(void **lib, void *stream);
    void (*lib_close)(void *lib);
    /* Optional: appends to res->isa what ran for these device operands ("wgmma"). */
    void (*name_method)(const rg_gemm_problem *p, const void *a, const void *b, rg_result *res);
} rg__gpu_gemm_kind;

/* The rg_impl hooks every GPU GEMM adapter uses (their state is the adapter's). */
int rg__gpu_gemm_setup(rg_harness *h, const rg_gemm_problem *p, const rg__gpu_gemm_kind *kind,
                       void **state);
int rg__gpu_gemm_run(void *state, const void *problem, void *set);
void rg__gpu_gemm_annotate(void *state, rg_result *res);
void rg__gpu_gemm_teardown(void *state);

/* fp32 -> fp16 bits, round to nearest even (subnormals kept, overflow to infinity). */
uint16_t rg__f16_from_f32(float x);
float rg__f32_from_f16(uint16_t x);

#endif /* RG_GPU_GEMM_H */
