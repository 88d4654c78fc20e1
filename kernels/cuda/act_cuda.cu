/* act_cuda.cu: activations and normalizations on the GPU, fp32 or bf16 in and out, fp32 math:
 * ReLU, GELU (erf and tanh forms), SiLU elementwise with 16-byte (fp32) or 8-byte (bf16) vector
 * accesses over a grid-stride loop; row softmax, RMSNorm and LayerNorm with one warp per row
 * (the row's later passes re-read it from L1/L2, not from memory). The same definitions and
 * special-value conventions as the CPU forms (ridge.h): GELU as 0.5 x erfc(-x / sqrt 2) and the
 * tanh form and SiLU as x * sigmoid(v), so that neither tail cancels. */
#include "cuda_internal.h"

#define ACT_THREADS 256
#define ROWS_PER_BLOCK (ACT_THREADS / 32)

/* Storage: fp32, or bf16 bits widened exactly and rounded to nearest even (NaN kept). */
static __device__ __forceinline__ float widen(float x) {
    return x;
}
static __device__ __forceinline__ float widen(uint16_t x) {
    return __uint_as_float((uint32_t)x << 16);
}
template <typename T> static __device__ __forceinline__ T narrow(float x);
template <> __device__ __forceinline__ float narrow<float>(float x) {
    return x;
}
template <> __device__ __forceinline__ uint16_t narrow<uint16_t>(float x) {
    const uint32_t u = __float_as_uint(x);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40); /* quiet NaN */
    return (uint16_t)((u + 0x7fffu + ((u >> 16) & 1)) >> 16);
}

/* Four consecutive elements: one 16-byte (fp32) or 8-byte (bf16) access. */
struct f4 {
    float v[4];
};
static __device__ __forceinline__ f4 load4(const float *p) {
    const float4 q = *reinterpret_cast<const float4 *>(p);
    return {{q.x, q.y, q.z, q.w}};
}
static __device__ __forceinline__ f4 load4(const uint16_t *p) {
    const uint2 q = *reinterpret_cast<const uint2 *>(p);
    return {{widen((uint16_t)(q.x & 0xffff)), widen((uint16_t)(q.x >> 16)),
             widen((uint16_t)(q.y & 0xffff)), widen((uint16_t)(q.y >> 16))}};
}
static __device__ __forceinline__ void store4(float *p, const f4 &x) {
    *reinterpret_cast<float4 *>(p) = make_float4(x.v[0], x.v[1], x.v[2], x.v[3]);
}
static __device__ __forceinline__ void store4(uint16_t *p, const f4 &x) {
    uint2 q;
    q.x = narrow<uint16_t>(x.v[0]) | (uint32_t)narrow<uint16_t>(x.v[1]) << 16;
    q.y = narrow<uint16_t>(x.v[2]) | (uint32_t)narrow<uint16_t>(x.v[3]) << 16;
    *reinterpret_cast<uint2 *>(p) = q;
}

/* x * sigmoid(v) = x / (1 + exp(-v)): exp overflows to inf for v << 0 and the result is -0 or
 * +0, as it should be. */
static __device__ __forceinline__ float xsigmoid(float x, float v) {
    return x / (1.0f + expf(-v));
}

template <int ACT> static __device__ __forceinline__ float act1(float x) {
    if (ACT == RG_ACT_RELU) return x > 0.0f || x != x ? x : 0.0f;
    if (ACT == RG_ACT_GELU) return 0.5f * x * erfcf(-x * 0.70710678118654752f);
    if (ACT == RG_ACT_GELU_TANH)
        return xsigmoid(x, 2.0f * 0.79788456080286536f * (x + 0.044715f * x * x * x));
    return xsigmoid(x, x); /* SiLU */
}

/* VEC: x and y aligned for load4/store4 (n itself may leave a tail). */
template <int ACT, typename T, bool VEC>
__global__ void __launch_bounds__(ACT_THREADS) act_kernel(int64_t n, const T *x, T *y) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (VEC) {
        for (; 4 * i + 3 < n; i += stride) {
            f4 v = load4(x + 4 * i);
#pragma unroll
            for (int e = 0; e < 4; e++)
                v.v[e] = act1<ACT>(v.v[e]);
            store4(y + 4 * i, v);
        }
        /* The tail (n % 4 elements): the first threads of the grid. */
        const int64_t t = n / 4 * 4 + (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
        if (t < n) y[t] = narrow<T>(act1<ACT>(widen(x[t])));
    } else {
        for (; i < n; i += stride)
            y[i] = narrow<T>(act1<ACT>(widen(x[i])));
    }
}

/* ---- Row operations: one warp per row ---------------------------------------------------- */

static __device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1)
        v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}
static __device__ __forceinline__ float warp_max(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1)
        v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

/* Visits the row's elements lane by lane, four at a time where VEC (then cols % 4 == 0). */
template <typename T, bool VEC, typename F>
static __device__ __forceinline__ void each(const T *x, int64_t cols, int lane, F f) {
    if (VEC) {
        for (int64_t j = 4 * lane; j < cols; j += 128) {
            const f4 v = load4(x + j);
#pragma unroll
            for (int e = 0; e < 4; e++)
                f(j + e, v.v[e]);
        }
    } else {
        for (int64_t j = lane; j < cols; j += 32)
            f(j, widen(x[j]));
    }
}
/* Writes g(j, x[j]) over the row, with the same access pattern. */
template <typename T, bool VEC, typename G>
static __device__ __forceinline__ void map(const T *x, T *y, int64_t cols, int lane, G g) {
    if (VEC) {
        for (int64_t j = 4 * lane; j < cols; j += 128) {
            f4 v = load4(x + j);
#pragma unroll
            for (int e = 0; e < 4; e++)
                v.v[e] = g(j + e, v.v[e]);
            store4(y + j, v);
        }
    } else {
        for (int64_t j = lane; j < cols; j += 32)
            y[j] = narrow<T>(g(j, widen(x[j])));
    }
}

enum { ROW_SOFTMAX, ROW_RMSNORM, ROW_LAYERNORM };

/* Softmax: one pass keeps each lane's running max m and sum s of exp(x - m) (-inf entries and
 * empty lanes add nothing); a row of only -inf gets NaN through exp(-inf - -inf), one holding
 * +inf NaN everywhere, as the CPU form (and PyTorch) give.
 * RMSNorm: sum of squares, then x / sqrt(mean + eps) * w. LayerNorm: mean, then the biased
 * variance of x - mean (two passes, no cancellation), then (x - mean) r w + b. */
template <int OP, typename T, bool VEC>
__global__ void __launch_bounds__(ACT_THREADS)
    row_kernel(int64_t rows, int64_t cols, const T *x, int64_t ldx, T *y, int64_t ldy,
               const float *w, const float *b, float eps) {
    const int lane = threadIdx.x % 32;
    const int64_t r = (int64_t)blockIdx.x * ROWS_PER_BLOCK + threadIdx.x / 32;
    if (r >= rows) return;
    const T *xr = x + r * ldx;
    T *yr = y + r * ldy;
    if (OP == ROW_SOFTMAX) {
        float m = -INFINITY, s = 0.0f;
        each<T, VEC>(xr, cols, lane, [&](int64_t, float v) {
            if (v == -INFINITY) return; /* exp(-inf - m) = 0; only -inf everywhere gives NaN */
            if (v > m) {
                s = s * expf(m - v) + 1.0f;
                m = v;
            } else {
                s += expf(v - m);
            }
        });
        const float mr = warp_max(m);
        const float sr = warp_sum(s == 0.0f ? 0.0f : s * expf(m - mr));
        const float inv = mr == INFINITY ? NAN : 1.0f / sr; /* +inf in the row: all NaN */
        map<T, VEC>(xr, yr, cols, lane, [&](int64_t, float v) { return expf(v - mr) * inv; });
    } else if (OP == ROW_RMSNORM) {
        float ss = 0.0f;
        each<T, VEC>(xr, cols, lane, [&](int64_t, float v) { ss = fmaf(v, v, ss); });
        const float rs = 1.0f / sqrtf(warp_sum(ss) / (float)cols + eps);
        map<T, VEC>(xr, yr, cols, lane,
                    [&](int64_t j, float v) { return v * rs * (w ? w[j] : 1.0f); });
    } else {
        float sum = 0.0f;
        each<T, VEC>(xr, cols, lane, [&](int64_t, float v) { sum += v; });
        const float mean = warp_sum(sum) / (float)cols;
        float sq = 0.0f;
        each<T, VEC>(xr, cols, lane, [&](int64_t, float v) {
            const float d = v - mean;
            sq = fmaf(d, d, sq);
        });
        const float rs = 1.0f / sqrtf(warp_sum(sq) / (float)cols + eps);
        map<T, VEC>(xr, yr, cols, lane, [&](int64_t j, float v) {
            return (v - mean) * rs * (w ? w[j] : 1.0f) + (b ? b[j] : 0.0f);
        });
    }
}

/* ---- Host side ------------------------------------------------------------------------------ */

static unsigned grid_for(int64_t work) {
    int64_t blocks = (work + ACT_THREADS - 1) / ACT_THREADS;
    if (blocks > 65536) blocks = 65536; /* the grid-stride loop covers the rest */
    return (unsigned)(blocks > 0 ? blocks : 1);
}

template <int ACT, typename T> static int launch_act(int64_t n, const T *x, T *y, cudaStream_t s) {
    const bool vec = (uintptr_t)x % (4 * sizeof(T)) == 0 && (uintptr_t)y % (4 * sizeof(T)) == 0;
    if (vec)
        act_kernel<ACT, T, true><<<grid_for((n + 3) / 4), ACT_THREADS, 0, s>>>(n, x, y);
    else
        act_kernel<ACT, T, false><<<grid_for(n), ACT_THREADS, 0, s>>>(n, x, y);
    RG__CUDA_CHECK(cudaGetLastError());
    return RG_OK;
}

template <typename T> static int act_any(rg_act act, int64_t n, const T *x, T *y, void *stream) {
    if ((unsigned)act >= RG_ACT_COUNT_ || n < 0) return RG_EINVAL;
    if (n == 0) return RG_OK;
    if (!x || !y) return RG_EINVAL;
    cudaStream_t s = (cudaStream_t)stream;
    switch (act) {
    case RG_ACT_RELU:
        return launch_act<RG_ACT_RELU>(n, x, y, s);
    case RG_ACT_GELU:
        return launch_act<RG_ACT_GELU>(n, x, y, s);
    case RG_ACT_GELU_TANH:
        return launch_act<RG_ACT_GELU_TANH>(n, x, y, s);
    default:
        return launch_act<RG_ACT_SILU>(n, x, y, s);
    }
}

template <int OP, typename T>
static int row_any(int64_t rows, int64_t cols, const T *x, int64_t ldx, T *y, int64_t ldy,
                   const float *w, const float *b, float eps, void *stream) {
    if (rows < 0 || cols < 0 || ldx < cols || ldy < cols || !(eps >= 0.0f)) return RG_EINVAL;
    if (rows == 0 || cols == 0) return RG_OK;
    if (!x || !y) return RG_EINVAL;
    const size_t a = 4 * sizeof(T);
    const bool vec = cols % 4 == 0 && ldx % 4 == 0 && ldy % 4 == 0 && (uintptr_t)x % a == 0 &&
                     (uintptr_t)y % a == 0;
    const unsigned blocks = (unsigned)((rows + ROWS_PER_BLOCK - 1) / ROWS_PER_BLOCK);
    if ((rows + ROWS_PER_BLOCK - 1) / ROWS_PER_BLOCK > 0x7fffffff) return RG_EUNSUPPORTED;
    cudaStream_t s = (cudaStream_t)stream;
    if (vec)
        row_kernel<OP, T, true>
            <<<blocks, ACT_THREADS, 0, s>>>(rows, cols, x, ldx, y, ldy, w, b, eps);
    else
        row_kernel<OP, T, false>
            <<<blocks, ACT_THREADS, 0, s>>>(rows, cols, x, ldx, y, ldy, w, b, eps);
    RG__CUDA_CHECK(cudaGetLastError());
    return RG_OK;
}

extern "C" {

int rg_cuda_act_f32(rg_act act, int64_t n, const float *x, float *y, void *stream) {
    return act_any(act, n, x, y, stream);
}
int rg_cuda_act_bf16(rg_act act, int64_t n, const uint16_t *x, uint16_t *y, void *stream) {
    return act_any(act, n, x, y, stream);
}
int rg_cuda_softmax_f32(int64_t rows, int64_t cols, const float *x, int64_t ldx, float *y,
                        int64_t ldy, void *stream) {
    return row_any<ROW_SOFTMAX>(rows, cols, x, ldx, y, ldy, NULL, NULL, 0.0f, stream);
}
int rg_cuda_softmax_bf16(int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx, uint16_t *y,
                         int64_t ldy, void *stream) {
    return row_any<ROW_SOFTMAX>(rows, cols, x, ldx, y, ldy, NULL, NULL, 0.0f, stream);
}
int rg_cuda_rmsnorm_f32(int64_t rows, int64_t cols, const float *x, int64_t ldx, const float *w,
                        float eps, float *y, int64_t ldy, void *stream) {
    return row_any<ROW_RMSNORM>(rows, cols, x, ldx, y, ldy, w, NULL, eps, stream);
}
int rg_cuda_rmsnorm_bf16(int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx, const float *w,
                         float eps, uint16_t *y, int64_t ldy, void *stream) {
    return row_any<ROW_RMSNORM>(rows, cols, x, ldx, y, ldy, w, NULL, eps, stream);
}
int rg_cuda_layernorm_f32(int64_t rows, int64_t cols, const float *x, int64_t ldx, const float *w,
                          const float *b, float eps, float *y, int64_t ldy, void *stream) {
    return row_any<ROW_LAYERNORM>(rows, cols, x, ldx, y, ldy, w, b, eps, stream);
}
int rg_cuda_layernorm_bf16(int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx,
                           const float *w, const float *b, float eps, uint16_t *y, int64_t ldy,
                           void *stream) {
    return row_any<ROW_LAYERNORM>(rows, cols, x, ldx, y, ldy, w, b, eps, stream);
}

} /* extern "C" */
