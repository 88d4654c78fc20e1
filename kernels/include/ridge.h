/* ridge.h: the public API of libridge (kernels, thread pool, CPU dispatch). */
#ifndef RIDGE_H
#define RIDGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RG_VERSION_MAJOR 0
#define RG_VERSION_MINOR 1
#define RG_VERSION_PATCH 0
#define RG_VERSION_STRING "0.1.0"

/* Status codes: one list, so codes, names and messages never drift apart.
 * Functions return 0 (RG_OK) or a negative code. */
#define RG_STATUS_MAP(X)                                                                           \
    X(OK, 0, "success")                                                                            \
    X(EINVAL, -1, "invalid argument")                                                              \
    X(ENOMEM, -2, "out of memory")                                                                 \
    X(EUNSUPPORTED, -3, "not supported on this machine or build")                                  \
    X(EOVERFLOW, -4, "size overflows")                                                             \
    X(EIO, -5, "input/output error")                                                               \
    X(EPARSE, -6, "malformed input")                                                               \
    X(ENOTFOUND, -7, "not found")                                                                  \
    X(ETHREAD, -8, "thread creation or binding failed")                                            \
    X(EVERIFY, -9, "result failed verification")                                                   \
    X(EINTERNAL, -10, "internal error")                                                            \
    X(EDEVICE, -11, "GPU runtime or driver error")

typedef enum {
#define RG_STATUS_ENUM(name, code, msg) RG_##name = code,
    RG_STATUS_MAP(RG_STATUS_ENUM)
#undef RG_STATUS_ENUM
} rg_status;

/* "RG_EINVAL" style name and a human message for a status code. */
const char *rg_status_name(int status);
const char *rg_status_message(int status);

/* ---- CPU features and dispatch ------------------------------------------------------ */

/* Vector ISA levels a kernel may be dispatched to, from weakest to strongest. */
typedef enum {
    RG_ISA_AUTO = 0, /* the strongest level this CPU and build support (zero: the default) */
    RG_ISA_SCALAR = 1,
    RG_ISA_AVX2 = 2,   /* AVX2 + FMA3 */
    RG_ISA_AVX512 = 3, /* AVX-512 F, BW, DQ, VL */
    RG_ISA_COUNT_ = 4
} rg_isa;

typedef struct {
    char vendor[16];
    char brand[64];
    int family, model, stepping;
    /* OS-enabled feature bits (CPUID and XGETBV both agree). */
    unsigned sse42 : 1, avx : 1, avx2 : 1, fma : 1, f16c : 1;
    unsigned avx512f : 1, avx512bw : 1, avx512dq : 1, avx512vl : 1, avx512cd : 1;
    unsigned avx512_bf16 : 1, avx512_vnni : 1, avx512_fp16 : 1, avx_vnni : 1, amx : 1;
} rg_cpu_features;

/* Probes the CPU (CPUID + XGETBV); cheap, result is computed once and immutable. */
const rg_cpu_features *rg_cpu_features_get(void);
/* Strongest ISA level that both the CPU and this build support. */
rg_isa rg_cpu_best_isa(void);
/* True when `isa` can run here (RG_ISA_AUTO is always runnable). */
int rg_isa_supported(rg_isa isa);
const char *rg_isa_name(rg_isa isa); /* "scalar", "avx2", "avx512" */
/* Parses a name written by rg_isa_name (or "auto"); returns RG_ENOTFOUND if unknown. */
int rg_isa_parse(const char *name, rg_isa *out);

/* ---- Thread pool ----------------------------------------------------------------------- */

/* A persistent pool: the calling thread is thread 0, workers are 1..n-1. Idle workers block
 * on a condition variable (they never spin between tasks), so a pool never fights another
 * library's threads for the cores. */
typedef struct rg_pool rg_pool;

typedef struct {
    /* Called once in each thread (worker threads at start; thread 0 from rg_pool_create),
     * e.g. to bind the thread to a core. A non-zero return fails rg_pool_create. */
    int (*on_thread_start)(void *user, int tid, int nthreads);
    void *user;
} rg_pool_hooks;

/* A task body: runs once on every thread of the pool. */
typedef void (*rg_task_fn)(void *arg, int tid, int nthreads);

int rg_pool_create(int nthreads, const rg_pool_hooks *hooks, rg_pool **out);
void rg_pool_destroy(rg_pool *pool);
int rg_pool_size(const rg_pool *pool);
/* Runs fn(arg, tid, n) on all n threads and returns when all have finished. A NULL pool runs
 * fn(arg, 0, 1) on the caller. Not reentrant: one task at a time per pool. */
void rg_pool_run(rg_pool *pool, rg_task_fn fn, void *arg);
/* Barrier among all threads of the running task (short spin, then yields). */
void rg_pool_barrier(rg_pool *pool);

/* ---- Execution context ----------------------------------------------------------------- */

/* Cache sizes in bytes (per core for L1d/L2, total for L3); 0 means unknown. */
typedef struct {
    size_t l1d, l2, l3;
} rg_cache_sizes;

/* How a kernel runs: which threads, which ISA, which cache sizes to block for. Zeroed or NULL
 * means: single-threaded, best ISA, cache sizes from the OS (clamped to sane ranges). */
typedef struct {
    rg_pool *pool;
    rg_isa isa;
    rg_cache_sizes caches;
} rg_exec;

/* Cache sizes the OS reports (sysconf), each clamped to a sane range. */
rg_cache_sizes rg_cache_sizes_default(void);

/* ---- GEMM -------------------------------------------------------------------------------- */

/* Values match CBLAS so that the BLAS shim can pass them through. */
typedef enum { RG_ROW_MAJOR = 101, RG_COL_MAJOR = 102 } rg_layout;
typedef enum { RG_NO_TRANS = 111, RG_TRANS = 112 } rg_trans;

/* C = alpha * op(A) * op(B) + beta * C with full BLAS semantics: op(A) is M x K, op(B) is
 * K x N, C is M x N, leading dimensions in elements. When beta == 0, C is not read (it may
 * hold NaN). M, N or K == 0 is valid. Returns RG_EINVAL for bad sizes or leading dimensions
 * and RG_EUNSUPPORTED if ex->isa cannot run on this CPU. */
int rg_sgemm(const rg_exec *ex, rg_layout layout, rg_trans transa, rg_trans transb, int64_t m,
             int64_t n, int64_t k, float alpha, const float *a, int64_t lda, const float *b,
             int64_t ldb, float beta, float *c, int64_t ldc);

/* The block sizes rg_sgemm would use for this ISA and these caches (for sysinfo/notes). */
typedef struct {
    int mr, nr;     /* microkernel tile */
    int mc, kc, nc; /* cache blocks */
} rg_gemm_blocking;
int rg_sgemm_blocking(rg_isa isa, const rg_cache_sizes *caches, rg_gemm_blocking *out);

/* ---- Low-precision GEMM -----------------------------------------------------------------
 * The layouts, transposes, leading dimensions and size rules of rg_sgemm, with bfloat16 or
 * 8-bit operands. bf16 values are raw bits (the high half of an IEEE float). */

/* Which instructions a low-precision GEMM uses at ex->isa's level. */
typedef enum {
    RG_LOWP_AUTO = 0, /* the dot-product instructions when the CPU has them, else WIDEN; bf16
                       * products that pack take WIDEN where vdpbf16ps runs at half the FMA
                       * rate (Intel with AVX512_FP16: Sapphire Rapids and later) */
    RG_LOWP_DOT,      /* AVX512_BF16 vdpbf16ps or AVX512_VNNI vpdpbusd (RG_EUNSUPPORTED without) */
    RG_LOWP_WIDEN     /* operands widened while packing: fp32 FMAs (bf16), 16-bit products
                       * summed in pairs (int8); the only method of the AVX2 and scalar levels */
} rg_lowp_method;

/* The type of C in rg_gemm_bf16. */
typedef enum { RG_GEMM_OUT_F32 = 0, RG_GEMM_OUT_BF16 = 1 } rg_gemm_out;

/* C = alpha * op(A) * op(B) + beta * C, A and B bf16, products and sums in fp32, C fp32 or bf16
 * (c_type; a bf16 C is read widened and written rounded to nearest even, once). When beta == 0,
 * C is not read. */
int rg_gemm_bf16(const rg_exec *ex, rg_lowp_method method, rg_layout layout, rg_trans transa,
                 rg_trans transb, int64_t m, int64_t n, int64_t k, float alpha, const uint16_t *a,
                 int64_t lda, const uint16_t *b, int64_t ldb, float beta, void *c,
                 rg_gemm_out c_type, int64_t ldc);

/* Quantized GEMM in the VNNI convention: A unsigned 8-bit with zero point a_zero (0..255), B
 * signed 8-bit, symmetric. With the exact integer sum S[i,j] = sum_p A[i,p] * B[p,j] and the
 * compensation Z[j] = a_zero * sum_p B[p,j] (the whole K, computed once per call):
 *   C[i,j] = fl(fl((float)(S[i,j] - Z[j])) * scale[j]) + beta * C[i,j] (one fused rounding),
 * scale[j] = scale[0] unless per_column (then n entries). S - Z = sum_p (A - a_zero) B is exact
 * in int32 for k <= 65793 (|A - a_zero| <= 255, |B| <= 128): larger k returns RG_EOVERFLOW.
 * When beta == 0, C is not read. */
int rg_gemm_u8s8(const rg_exec *ex, rg_lowp_method method, rg_layout layout, rg_trans transa,
                 rg_trans transb, int64_t m, int64_t n, int64_t k, const uint8_t *a, int64_t lda,
                 int32_t a_zero, const int8_t *b, int64_t ldb, const float *scale, int per_column,
                 float beta, float *c, int64_t ldc);

/* The kernel a low-precision GEMM runs at this ISA level and method (int8: 0 bf16, 1 u8s8),
 * e.g. "avx512bf16_32x12" or "avx512_widen_32x12"; RG_EUNSUPPORTED when it cannot run here.
 * AUTO answers for products that pack (rg_gemm_lowp_kernel_for answers for one product).
 * With the dot method, products with at most 16 rows or columns (the dimension of C that is
 * not contiguous) whose operands are contiguous along k (decode against nn.Linear weights:
 * row-major, transB = T) run the same instructions without packing: the weights are read once,
 * where they lie. */
int rg_gemm_lowp_kernel(int int8, rg_isa isa, rg_lowp_method method, const char **name);
/* The kernel rg_gemm_bf16 (int8 0) or rg_gemm_u8s8 (int8 1) runs for this product with ex
 * (its ISA level and caches) and method: AUTO's choice can depend on the shape (the dot
 * kernel's no-packing form for skinny products above). Arguments as the GEMM's; RG_EINVAL for
 * those it refuses, RG_EUNSUPPORTED when nothing runs here. */
int rg_gemm_lowp_kernel_for(int int8, const rg_exec *ex, rg_lowp_method method, rg_layout layout,
                            rg_trans transa, rg_trans transb, int64_t m, int64_t n, int64_t k,
                            int64_t lda, int64_t ldb, int64_t ldc, const char **name);

/* bf16 <-> fp32: round to nearest even (NaN stays NaN, quieted), and the exact widening. */
uint16_t rg_bf16_from_f32(float x);
float rg_f32_from_bf16(uint16_t x);

/* ---- Machine probes ------------------------------------------------------------------------
 * Loops with a known instruction mix, run by the harness to measure this machine's ceilings
 * (compute peak per precision, bandwidth per memory level). They know nothing of timing. */

/* Compute-peak probes: independent accumulator chains (enough to cover the instruction's
 * latency on every core ridge knows), register operands only (inline assembly, so the
 * compiler cannot spill or fold them). */
typedef enum {
    RG_PEAK_FP32_AVX512 = 0, /* vfmadd231ps zmm: 32 flops per instruction */
    RG_PEAK_FP32_AVX2,       /* vfmadd231ps ymm: 16 flops */
    RG_PEAK_BF16_AVX512,     /* vdpbf16ps zmm (AVX512_BF16): 32 products + 32 adds = 64 flops */
    RG_PEAK_INT8_AVX512,     /* vpdpbusd zmm (AVX512_VNNI): 64 products + 64 adds = 128 ops */
    RG_PEAK_INT8_AVXVNNI,    /* {vex} vpdpbusd ymm (AVX-VNNI): 64 ops */
    RG_PEAK_COUNT_
} rg_peak_probe;

typedef struct {
    const char *precision; /* "fp32", "bf16", "int8" */
    const char *method;    /* "fma-avx512", "fma-avx2", "dpbf16-avx512", "vpdpbusd-avx512",
                            * "vpdpbusd-avxvnni" */
    const char *unit;      /* "GFLOP/s" or "GOP/s" (integer) */
    double ops_per_iter;   /* flops (or integer ops) one iteration of the loop performs */
} rg_peak_info;

/* Describes a probe; RG_EINVAL for an unknown one. */
int rg_peak_info_get(rg_peak_probe p, rg_peak_info *out);
/* Whether this CPU (and OS) can run the probe. */
int rg_peak_supported(rg_peak_probe p);
/* Runs iters iterations on the calling thread: iters * ops_per_iter operations.
 * RG_EINVAL for an unknown probe or iters < 1 (checked first); RG_EUNSUPPORTED when the CPU
 * lacks the instructions. */
int rg_peak_run(rg_peak_probe p, int64_t iters);

/* Bandwidth probes over float arrays, counted the way STREAM counts (bytes the program asks
 * to move; write-allocate and prefetch traffic not counted): read 4 bytes per element (a sum
 * of a), write 4 (a[i] = s), copy 8 (a[i] = b[i]), triad 12 (a[i] = b[i] + s * c[i]). Plain
 * (temporal) stores. */
typedef enum { RG_BW_READ = 0, RG_BW_WRITE, RG_BW_COPY, RG_BW_TRIAD, RG_BW_COUNT_ } rg_bw_kernel;

const char *rg_bw_kernel_name(rg_bw_kernel k); /* "read", "write", "copy", "triad", "unknown" */
int rg_bw_bytes_per_elem(rg_bw_kernel k);      /* 4, 4, 8, 12; 0 for an unknown kernel */
/* One pass of kernel k over n floats with the ISA's widest loads and stores (RG_ISA_AUTO: the
 * best here). a is written (write, copy, triad) or read (read); b (copy, triad) and c (triad)
 * are read; arrays a kernel does not use may be NULL. The arrays it uses are 64-byte aligned and
 * n >= 0 a multiple of 64. The read kernel adds its sum to *sink so the loads cannot be removed
 * (sink is not used by the others). RG_EINVAL for bad arguments (checked first), RG_EUNSUPPORTED
 * for an ISA the CPU lacks. */
int rg_bw_run(rg_bw_kernel k, rg_isa isa, float *a, const float *b, const float *c, int64_t n,
              float s, float *sink);

/* ---- Attention --------------------------------------------------------------------------
 * Scaled dot-product attention forward, O = softmax(scale * Q K^T + mask) V, in the layout of
 * PyTorch's scaled_dot_product_attention: Q and O are [batch][heads][q_len][head_dim], K and V
 * [batch][kv_heads][kv_len][head_dim], all contiguous (head_dim is the unit stride). Grouped-query
 * attention: query head h reads key/value head h / (heads / kv_heads). Fused and tiled: an
 * online softmax over key blocks, so the q_len x kv_len score matrix is never stored. */

typedef struct {
    int64_t batch, heads, kv_heads; /* kv_heads >= 1 divides heads */
    int64_t q_len, kv_len, head_dim;
    /* Multiplies Q K^T. 0 or NaN: the default 1/sqrt(head_dim). Must otherwise be finite. */
    float scale;
    /* Non-zero: causal mask aligned bottom-right (as FlashAttention 2.1+): query i attends to
     * keys j <= i + kv_len - q_len. With q_len > kv_len the first q_len - kv_len query rows have
     * no allowed key: their output is zeros (not NaN). */
    int causal;
} rg_attention_desc;

/* fp32 Q, K, V and O. Runs on ex's pool (work split over batch, KV head and query block; for
 * few query rows, also over the key sequence) with ex's ISA. Any size >= 1 (kv_len may be 0:
 * O is zeros). Returns RG_EINVAL for NULL pointers, sizes < 1 (kv_len < 0), kv_heads not
 * dividing heads or a non-finite scale; RG_EOVERFLOW when a buffer size overflows;
 * RG_EUNSUPPORTED if ex->isa cannot run here; RG_ENOMEM when scratch cannot be allocated. */
int rg_attention_f32(const rg_exec *ex, const rg_attention_desc *desc, const float *q,
                     const float *k, const float *v, float *o);

/* The same with bfloat16 Q, K and V (raw bits: the high half of an IEEE float), fp32
 * accumulation and fp32 O. Every ISA runs it (bf16 widens exactly to fp32); AVX-512 reads
 * half the bytes of the fp32 call, which is what decode attention is bound by. */
int rg_attention_bf16(const rg_exec *ex, const rg_attention_desc *desc, const uint16_t *q,
                      const uint16_t *k, const uint16_t *v, float *o);

/* The scale rg_attention_* applies: desc->scale, or 1/sqrt(head_dim) when it is 0 or NaN. */
float rg_attention_scale(const rg_attention_desc *desc);

/* ---- Activations and normalizations -------------------------------------------------------
 * fp32 (bf16 forms below), row-major rows x cols with leading dimensions in elements; y may be x
 * (in place) but must not otherwise overlap it. Work is split over ex's pool (elements, or rows for
 * the row ops) when the input is large enough to pay for waking it. Exact definitions, accuracy and
 * the special-value conventions: docs/method.md ("Activations and normalizations",
 * "Vectorized math accuracy"). All return RG_EINVAL for NULL pointers with a non-empty input,
 * negative sizes or leading dimensions below cols; RG_EUNSUPPORTED if ex->isa cannot run here. */

typedef enum {
    RG_ACT_RELU = 0,  /* max(x, 0); NaN stays NaN */
    RG_ACT_GELU,      /* 0.5 x (1 + erf(x / sqrt 2)): PyTorch's gelu(approximate="none") */
    RG_ACT_GELU_TANH, /* 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): approximate="tanh" */
    RG_ACT_SILU,      /* x * sigmoid(x) */
    RG_ACT_COUNT_
} rg_act;

/* y[i] = act(x[i]) for i < n. */
int rg_act_f32(const rg_exec *ex, rg_act act, int64_t n, const float *x, float *y);

/* Per row: y = exp(x - max(x)) / sum(exp(x - max(x))). A row holding +inf or only -inf gives
 * NaN, as PyTorch does. */
int rg_softmax_f32(const rg_exec *ex, int64_t rows, int64_t cols, const float *x, int64_t ldx,
                   float *y, int64_t ldy);

/* Per row: y = x / sqrt(mean(x^2) + eps) * w (w NULL: 1). eps >= 0; the usual values are 1e-6
 * (LLaMA) or 1e-5. */
int rg_rmsnorm_f32(const rg_exec *ex, int64_t rows, int64_t cols, const float *x, int64_t ldx,
                   const float *w, float eps, float *y, int64_t ldy);

/* Per row: y = (x - mean) / sqrt(var + eps) * w + b, var the biased (1/cols) variance, as
 * PyTorch's layer_norm (its default eps is 1e-5); w NULL: 1, b NULL: 0. eps >= 0. */
int rg_layernorm_f32(const rg_exec *ex, int64_t rows, int64_t cols, const float *x, int64_t ldx,
                     const float *w, const float *b, float eps, float *y, int64_t ldy);

/* The same four on bf16 x and y (raw bits, as rg_bf16_from_f32 makes them): x widened exactly,
 * the math in fp32 as above, y rounded to nearest even once. Weights and bias stay fp32. Half
 * the bytes of the fp32 forms, for the memory-bound sizes. */
int rg_act_bf16(const rg_exec *ex, rg_act act, int64_t n, const uint16_t *x, uint16_t *y);
int rg_softmax_bf16(const rg_exec *ex, int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx,
                    uint16_t *y, int64_t ldy);
int rg_rmsnorm_bf16(const rg_exec *ex, int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx,
                    const float *w, float eps, uint16_t *y, int64_t ldy);
int rg_layernorm_bf16(const rg_exec *ex, int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx,
                      const float *w, const float *b, float eps, uint16_t *y, int64_t ldy);

/* ---- GPU (CUDA) ---------------------------------------------------------------------------
 * Built when CMake finds a CUDA compiler (RIDGE_HAVE_CUDA); without it every function here
 * returns RG_EUNSUPPORTED. Pointers are device pointers. stream is a cudaStream_t passed as
 * void * (NULL: the default stream) so that this header needs no CUDA header. The calls check
 * their arguments, enqueue and return: RG_EDEVICE when the launch fails (no driver or device,
 * a sticky error); the GEMM's own completion is the stream's. */

/* C = alpha * op(A) * op(B) + beta * C on CUDA cores, with rg_sgemm's BLAS semantics (layouts,
 * transposes, leading dimensions, beta == 0 never reads C, sizes 0 valid). */
int rg_cuda_sgemm(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m, int64_t n,
                  int64_t k, float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
                  float beta, float *c, int64_t ldc, void *stream);

/* The same with bfloat16 (or IEEE fp16) A and B (raw 16-bit patterns), on tensor cores with fp32
 * accumulation, and fp32 C. */
int rg_cuda_gemm_bf16(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m, int64_t n,
                      int64_t k, float alpha, const uint16_t *a, int64_t lda, const uint16_t *b,
                      int64_t ldb, float beta, float *c, int64_t ldc, void *stream);
int rg_cuda_gemm_f16(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m, int64_t n,
                     int64_t k, float alpha, const uint16_t *a, int64_t lda, const uint16_t *b,
                     int64_t ldb, float beta, float *c, int64_t ldc, void *stream);

/* Which tensor-core instructions a 16-bit GPU GEMM runs. */
typedef enum {
    RG_CUDA_MMA_AUTO = 0, /* WGMMA where it can run, else SYNC (what bf16/f16 above use) */
    RG_CUDA_MMA_SYNC,     /* mma.sync m16n8k16 fed by ldmatrix, any sm_80 or later GPU */
    RG_CUDA_MMA_WGMMA     /* Hopper's wgmma fed by the tensor copy engine (TMA) from a producer
                           * warp (the sm_90a image: compute capability 9.0 only); A and B
                           * 16-byte aligned with leading dimensions a multiple of 8 elements;
                           * RG_EUNSUPPORTED otherwise */
} rg_cuda_mma;
typedef enum { RG_CUDA_BF16 = 0, RG_CUDA_F16 = 1 } rg_cuda_half;

/* rg_cuda_gemm_bf16 / _f16 with the method chosen: for tests and side-by-side measurements. */
int rg_cuda_gemm_mma(rg_cuda_mma method, rg_cuda_half type, rg_layout layout, rg_trans transa,
                     rg_trans transb, int64_t m, int64_t n, int64_t k, float alpha,
                     const uint16_t *a, int64_t lda, const uint16_t *b, int64_t ldb, float beta,
                     float *c, int64_t ldc, void *stream);
/* The method RG_CUDA_MMA_AUTO runs for these operands on the current device (never AUTO), and
 * its name: "mma.sync" or "wgmma" ("auto" for AUTO). */
rg_cuda_mma rg_cuda_mma_choice(const uint16_t *a, int64_t lda, const uint16_t *b, int64_t ldb);
const char *rg_cuda_mma_name(rg_cuda_mma method);
/* 1 when rg_cuda_gemm_bf16 / _f16 (RG_CUDA_MMA_AUTO) run the decode kernel for these operands:
 * m <= 16 rows against B stored n x k (nn.Linear weights; row major: transb RG_TRANS, transa
 * RG_NO_TRANS), k and the leading dimensions multiples of 8, A and B 16-byte aligned. It reads
 * B once at the memory's rate instead of tiling 128 rows; a pinned method never takes it. */
int rg_cuda_gemm_decode_runs(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m,
                             int64_t n, int64_t k, const uint16_t *a, int64_t lda,
                             const uint16_t *b, int64_t ldb);

/* Activations and normalizations on the GPU: the CPU forms' definitions, special values and
 * argument rules (rg_act_f32 ... rg_layernorm_bf16 above), with device pointers (x, y, and w, b
 * for the norms) and a stream; fp32 math, bf16 rounded once to nearest even. */
int rg_cuda_act_f32(rg_act act, int64_t n, const float *x, float *y, void *stream);
int rg_cuda_act_bf16(rg_act act, int64_t n, const uint16_t *x, uint16_t *y, void *stream);
int rg_cuda_softmax_f32(int64_t rows, int64_t cols, const float *x, int64_t ldx, float *y,
                        int64_t ldy, void *stream);
int rg_cuda_softmax_bf16(int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx, uint16_t *y,
                         int64_t ldy, void *stream);
int rg_cuda_rmsnorm_f32(int64_t rows, int64_t cols, const float *x, int64_t ldx, const float *w,
                        float eps, float *y, int64_t ldy, void *stream);
int rg_cuda_rmsnorm_bf16(int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx, const float *w,
                         float eps, uint16_t *y, int64_t ldy, void *stream);
int rg_cuda_layernorm_f32(int64_t rows, int64_t cols, const float *x, int64_t ldx, const float *w,
                          const float *b, float eps, float *y, int64_t ldy, void *stream);
int rg_cuda_layernorm_bf16(int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx,
                           const float *w, const float *b, float eps, uint16_t *y, int64_t ldy,
                           void *stream);

/* Attention forward on the GPU: rg_attention_f32 / _bf16's semantics and argument rules (the
 * descriptor as above), device pointers and a stream, O fp32. bf16 and fp16 Q, K, V with
 * head_dim 64 or 128 and 16-byte aligned operands run on tensor cores (FlashAttention-2 style);
 * fp32, and any other case, one warp per query row (correct, not fast). head_dim up to 512,
 * batch and heads up to 65535 (else RG_EUNSUPPORTED). */
int rg_cuda_attention_f32(const rg_attention_desc *desc, const float *q, const float *k,
                          const float *v, float *o, void *stream);
int rg_cuda_attention_bf16(const rg_attention_desc *desc, const uint16_t *q, const uint16_t *k,
                           const uint16_t *v, float *o, void *stream);
int rg_cuda_attention_f16(const rg_attention_desc *desc, const uint16_t *q, const uint16_t *k,
                          const uint16_t *v, float *o, void *stream);
/* 1 when rg_cuda_attention_bf16 / _f16 would run the tensor-core kernel for these operands (the
 * results name it), 0 when the row kernel (or, without CUDA, nothing). */
int rg_cuda_attention_tensor_cores(const rg_attention_desc *desc, const void *q, const void *k,
                                   const void *v);
/* Decode on tensor cores (few query rows, long KV, too few blocks for the SMs) splits the keys
 * into ranges and combines them, through a workspace of partial results in device memory.
 * rg_cuda_attention_bf16 / _f16 allocate it per call (stream-ordered, cudaMallocAsync); the _ws
 * forms take the caller's: at most ws_bytes at ws (ws NULL or too small: fewer ranges or none,
 * still correct). rg_cuda_attention_workspace gives the bytes the most ranges need on the
 * current device (0 when no split would happen), rg_cuda_attention_kv_splits how many ranges
 * a call with these operands and ws_bytes would use (1: none). */
int rg_cuda_attention_bf16_ws(const rg_attention_desc *desc, const uint16_t *q, const uint16_t *k,
                              const uint16_t *v, float *o, void *ws, size_t ws_bytes, void *stream);
int rg_cuda_attention_f16_ws(const rg_attention_desc *desc, const uint16_t *q, const uint16_t *k,
                             const uint16_t *v, float *o, void *ws, size_t ws_bytes, void *stream);
size_t rg_cuda_attention_workspace(const rg_attention_desc *desc);
int rg_cuda_attention_kv_splits(const rg_attention_desc *desc, const void *q, const void *k,
                                const void *v, size_t ws_bytes);

/* GPU compute-peak probes: independent chains of one instruction on register operands. */
typedef enum {
    RG_CUDA_PEAK_FP32 = 0, /* FFMA: 2 flops per thread and instruction */
    RG_CUDA_PEAK_BF16,     /* mma.sync m16n8k16 bf16 -> fp32: 4096 flops per warp and instruction */
    RG_CUDA_PEAK_F16,      /* the same with fp16 operands */
    RG_CUDA_PEAK_BF16_WGMMA, /* wgmma m64n256k16 bf16 -> fp32 from shared memory (compute
                              * capability 9.0 only, else RG_EUNSUPPORTED) */
    RG_CUDA_PEAK_F16_WGMMA,  /* the same with fp16 operands */
    RG_CUDA_PEAK_COUNT_
} rg_cuda_peak_probe;

/* Launches probe p on `blocks` blocks of 256 threads, iters iterations each, and sets *ops to the
 * operations it performs. sink: a device float the kernel may write (keeps the loop alive). */
int rg_cuda_peak_run(rg_cuda_peak_probe p, int blocks, int64_t iters, float *sink, double *ops,
                     void *stream);
/* Launches `passes` sweeps of 16-byte loads over x (n floats, n a multiple of 4, 16-byte
 * aligned) on `blocks` blocks of 256 threads: 4 n passes bytes read (through L2 only). */
int rg_cuda_read_run(const float *x, int64_t n, int passes, int blocks, float *sink, void *stream);

/* ---- References (double precision, plain C, no vector flags) ----------------------------- */

/* Reference values of selected entries of C = alpha * op(A) * op(B) + beta * C0, computed in
 * double from the float operands exactly as rg_sgemm takes them (same layout, transposes and
 * leading dimensions). Entry t is row ii[t], column jj[t] of the M x N result. Writes
 * out[t] = the exact-as-double value, and mag[t] = |alpha| * sum_k |op(A)[i,k] * op(B)[k,j]|
 * + |beta * C0[i,j]|, the scale that a floating-point error bound is relative to. When
 * beta == 0, C0 is not read (may be NULL). mag may be NULL. */
int rg_ref_sgemm_entries(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m, int64_t n,
                         int64_t k, double alpha, const float *a, int64_t lda, const float *b,
                         int64_t ldb, double beta, const float *c0, int64_t ldc0, int64_t count,
                         const int64_t *ii, const int64_t *jj, double *out, double *mag);

/* Reference attention for selected query rows, in double from float operands (bf16 callers
 * widen first). Row t is rows[t] = (b * heads + h) * q_len + i. Writes out[t * head_dim + c]
 * (zeros for a row with no allowed key) and, if not NULL, mag[t * head_dim + c] = sum_j
 * w_j |V[j][c]| with w the exact softmax weights (the scale an output's error is relative to)
 * and smax[t] = |scale| * max_j sum_p |Q[i][p] K[j][p]| over the allowed keys (0 if none: how
 * large the scores' rounding errors can be). RG_EINVAL for bad arguments. */
int rg_ref_attention_rows(const rg_attention_desc *desc, const float *q, const float *k,
                          const float *v, int64_t count, const int64_t *rows, double *out,
                          double *mag, double *smax);

/* Reference activation in double of a float input, with the special-value conventions of
 * rg_act_f32 (GELU and SiLU at -inf give -0, at +inf +inf). RG_EINVAL for an unknown act. */
int rg_ref_act(rg_act act, double x, double *y);

/* Reference row softmax, RMSNorm and LayerNorm of one row of cols float inputs, in double
 * (w, b NULL: 1, 0). y receives cols doubles. RG_EINVAL for bad arguments. */
int rg_ref_softmax_row(int64_t cols, const float *x, double *y);
int rg_ref_rmsnorm_row(int64_t cols, const float *x, const float *w, double eps, double *y);
int rg_ref_layernorm_row(int64_t cols, const float *x, const float *w, const float *b, double eps,
                         double *y);

#ifdef __cplusplus
}
#endif
#endif /* RIDGE_H */
