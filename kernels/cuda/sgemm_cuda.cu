/* sgemm_cuda.cu: fp32 GEMM on CUDA cores: 128 x 128 block tiles, an 8 x 8 register tile per
 * thread, K steps of 8 through two shared-memory stages fed from registers (the next tile's
 * global loads are in flight while the current one is multiplied), 16-byte loads and stores
 * where the alignment allows and bounds-checked scalar ones at the edges. */
#include "cuda_internal.h"

#define BM 128
#define BN 128
#define BK 8
#define THREADS 256
/* Rows of 132 floats: the transposing stores (K-contiguous operands) of the two half-warps
 * land 16 banks apart, and 528-byte rows keep every float4 16-byte aligned. */
#define PITCH (BM + 4)

struct stage {
    float a[BK][PITCH]; /* a[k][i]: op(A) column k of the block's rows */
    float b[BK][PITCH]; /* b[k][j]: op(B) row k of the block's columns */
};

/* Four consecutive elements of a stored matrix along its contiguous dimension, from row r,
 * column c of a rows x cols array; out-of-range elements read as 0. */
static __device__ __forceinline__ float4 load4(const float *x, int64_t ld, int64_t rows,
                                               int64_t cols, int64_t r, int64_t c, bool vec) {
    float4 v = make_float4(0.f, 0.f, 0.f, 0.f);
    if (r >= rows) return v;
    const float *p = x + r * ld + c;
    if (vec && c + 3 < cols) return __ldg(reinterpret_cast<const float4 *>(p));
    if (c < cols) v.x = __ldg(p);
    if (c + 1 < cols) v.y = __ldg(p + 1);
    if (c + 2 < cols) v.z = __ldg(p + 2);
    if (c + 3 < cols) v.w = __ldg(p + 3);
    return v;
}

/* An operand stored with the tile's 128-long side contiguous (A transposed, B not): thread t
 * reads k row t / 32, four columns from (t % 32) * 4, and stores them as one float4. */
static __device__ __forceinline__ void stash_wide(float (*s)[PITCH], int t, float4 v) {
    *reinterpret_cast<float4 *>(&s[t / 32][(t % 32) * 4]) = v;
}
/* An operand stored with K contiguous (A not transposed, B transposed): thread t reads row
 * t / 2 of the 128, four k from (t % 2) * 4, and stores them down the k rows. */
static __device__ __forceinline__ void stash_deep(float (*s)[PITCH], int t, float4 v) {
    int i = t / 2, k = (t % 2) * 4;
    s[k][i] = v.x;
    s[k + 1][i] = v.y;
    s[k + 2][i] = v.z;
    s[k + 3][i] = v.w;
}

template <int TA, int TB>
__global__ void __launch_bounds__(THREADS, 2)
    sgemm_128x128(rg__cuda_gemm_rm p, bool vec_a, bool vec_b, bool vec_c) {
    __shared__ __align__(16) stage st[2];
    const int t = threadIdx.x;
    const int64_t bm = (int64_t)blockIdx.y * BM, bn = (int64_t)blockIdx.x * BN;
    const float *a = static_cast<const float *>(p.a), *b = static_cast<const float *>(p.b);

    /* Global position of this thread's fetch at k tile 0; each tile moves it by BK along K. */
    auto fetch_a = [&](int64_t k0) {
        return TA ? load4(a, p.lda, p.k, p.m, k0 + t / 32, bm + (t % 32) * 4, vec_a)
                  : load4(a, p.lda, p.m, p.k, bm + t / 2, k0 + (t % 2) * 4, vec_a);
    };
    auto fetch_b = [&](int64_t k0) {
        return TB ? load4(b, p.ldb, p.n, p.k, bn + t / 2, k0 + (t % 2) * 4, vec_b)
                  : load4(b, p.ldb, p.k, p.n, k0 + t / 32, bn + (t % 32) * 4, vec_b);
    };
    auto stash = [&](int s, float4 va, float4 vb) {
        if (TA)
            stash_wide(st[s].a, t, va);
        else
            stash_deep(st[s].a, t, va);
        if (TB)
            stash_deep(st[s].b, t, vb);
        else
            stash_wide(st[s].b, t, vb);
    };

    /* Thread (ty, tx) of a 16 x 16 grid owns rows ty*4 + {0..3} and 64 + ty*4 + {0..3}, and the
     * same for columns: two 4-wide halves, so the float4 reads of a warp stay conflict-free. */
    const int ty = t / 16, tx = t % 16;
    float acc[8][8] = {};
    const int ktiles = (int)((p.k + BK - 1) / BK);

    stash(0, fetch_a(0), fetch_b(0));
    __syncthreads();
    for (int kt = 0; kt < ktiles; kt++) {
        const int cur = kt & 1;
        float4 na, nb;
        const bool more = kt + 1 < ktiles;
        if (more) {
            na = fetch_a((int64_t)(kt + 1) * BK);
            nb = fetch_b((int64_t)(kt + 1) * BK);
        }
#pragma unroll
        for (int k = 0; k < BK; k++) {
            float ra[8], rb[8];
            *reinterpret_cast<float4 *>(&ra[0]) =
                *reinterpret_cast<const float4 *>(&st[cur].a[k][ty * 4]);
            *reinterpret_cast<float4 *>(&ra[4]) =
                *reinterpret_cast<const float4 *>(&st[cur].a[k][64 + ty * 4]);
            *reinterpret_cast<float4 *>(&rb[0]) =
                *reinterpret_cast<const float4 *>(&st[cur].b[k][tx * 4]);
            *reinterpret_cast<float4 *>(&rb[4]) =
                *reinterpret_cast<const float4 *>(&st[cur].b[k][64 + tx * 4]);
#pragma unroll
            for (int i = 0; i < 8; i++)
#pragma unroll
                for (int j = 0; j < 8; j++)
                    acc[i][j] = fmaf(ra[i], rb[j], acc[i][j]);
        }
        /* The other stage was last read before the previous barrier: safe to overwrite. */
        if (more) stash(cur ^ 1, na, nb);
        __syncthreads();
    }

    /* Epilogue: C = alpha * acc + beta * C; beta == 0 never reads C (it may hold NaN). */
#pragma unroll
    for (int i = 0; i < 8; i++) {
        const int64_t r = bm + (i < 4 ? ty * 4 + i : 64 + ty * 4 + i - 4);
        if (r >= p.m) continue;
#pragma unroll
        for (int h = 0; h < 2; h++) {
            const int64_t c0 = bn + h * 64 + tx * 4;
            float *cp = p.c + r * p.ldc + c0;
            float v[4];
#pragma unroll
            for (int j = 0; j < 4; j++)
                v[j] = p.alpha * acc[i][h * 4 + j];
            if (vec_c && c0 + 3 < p.n) {
                if (p.beta != 0.0f) {
                    float4 old = *reinterpret_cast<const float4 *>(cp);
                    v[0] = fmaf(p.beta, old.x, v[0]);
                    v[1] = fmaf(p.beta, old.y, v[1]);
                    v[2] = fmaf(p.beta, old.z, v[2]);
                    v[3] = fmaf(p.beta, old.w, v[3]);
                }
                *reinterpret_cast<float4 *>(cp) = make_float4(v[0], v[1], v[2], v[3]);
            } else {
#pragma unroll
                for (int j = 0; j < 4; j++)
                    if (c0 + j < p.n) cp[j] = p.beta != 0.0f ? fmaf(p.beta, cp[j], v[j]) : v[j];
            }
        }
    }
}

static bool aligned16(const void *x, int64_t ld) {
    return ((uintptr_t)x % 16) == 0 && ld % 4 == 0;
}

extern "C" int rg__cuda_sgemm_launch(const rg__cuda_gemm_rm *p, cudaStream_t stream) {
    const dim3 grid((unsigned)((p->n + BN - 1) / BN), (unsigned)((p->m + BM - 1) / BM));
    if (grid.y > 65535) return RG_EUNSUPPORTED;
    const bool va = aligned16(p->a, p->lda), vb = aligned16(p->b, p->ldb),
               vc = aligned16(p->c, p->ldc);
    if (p->ta && p->tb)
        sgemm_128x128<1, 1><<<grid, THREADS, 0, stream>>>(*p, va, vb, vc);
    else if (p->ta)
        sgemm_128x128<1, 0><<<grid, THREADS, 0, stream>>>(*p, va, vb, vc);
    else if (p->tb)
        sgemm_128x128<0, 1><<<grid, THREADS, 0, stream>>>(*p, va, vb, vc);
    else
        sgemm_128x128<0, 0><<<grid, THREADS, 0, stream>>>(*p, va, vb, vc);
    RG__CUDA_CHECK(cudaGetLastError());
    return RG_OK;
}
