/* act_simd.h: the activation, softmax and normalization loops, written once over a small
 * vector vocabulary and instantiated per ISA (act_avx512.c, act_avx2.c, act_scalar.c). */
#ifndef RG_ACT_SIMD_H
#define RG_ACT_SIMD_H

#include <float.h>
#include <math.h>
#include <stdint.h>

#include "act_internal.h"

/* The including file defines RG_ACT_W (floats per vector: 16, 8 or 1) and RG_ACT_KERNELS (the
 * name of its table); W 16 and 8 include their vmath header here, W 1 defines the scalar math
 * (av_exp, av_gelu, av_gelu_tanh, av_silu on float) before including this file. */
#if RG_ACT_W == 16
#include "vmath_avx512.h"
typedef __m512 av;
#define av_set1(v) _mm512_set1_ps(v)
#define av_loadu(p) _mm512_loadu_ps(p)
#define av_storeu(p, v) _mm512_storeu_ps(p, v)
#define av_stream(p, v) _mm512_stream_ps(p, v)
#define av_add(a, b) _mm512_add_ps(a, b)
#define av_sub(a, b) _mm512_sub_ps(a, b)
#define av_mul(a, b) _mm512_mul_ps(a, b)
#define av_fmadd(a, b, c) _mm512_fmadd_ps(a, b, c)
#define av_max(a, b) _mm512_max_ps(a, b) /* b when either is NaN */
#define av_exp(x) rg__exp512_ps(x)
#define av_gelu(x) rg__gelu512_ps(x)
#define av_gelu_tanh(x) rg__gelu_tanh512_ps(x)
#define av_silu(x) rg__silu512_ps(x)
#define av_hsum(v) _mm512_reduce_add_ps(v)
#define av_hmax(v) _mm512_reduce_max_ps(v)
#define av_fence() _mm_sfence()
static inline __mmask16 av_tail_mask(int64_t n) {
    return (__mmask16)((1u << n) - 1);
}
static inline av av_load_tail(int64_t n, const float *p, float fill) {
    return _mm512_mask_loadu_ps(_mm512_set1_ps(fill), av_tail_mask(n), p);
}
static inline void av_store_tail(int64_t n, float *p, av v) {
    _mm512_mask_storeu_ps(p, av_tail_mask(n), v);
}
#elif RG_ACT_W == 8
#include "vmath_avx2.h"
typedef __m256 av;
#define av_set1(v) _mm256_set1_ps(v)
#define av_loadu(p) _mm256_loadu_ps(p)
#define av_storeu(p, v) _mm256_storeu_ps(p, v)
#define av_stream(p, v) _mm256_stream_ps(p, v)
#define av_add(a, b) _mm256_add_ps(a, b)
#define av_sub(a, b) _mm256_sub_ps(a, b)
#define av_mul(a, b) _mm256_mul_ps(a, b)
#define av_fmadd(a, b, c) _mm256_fmadd_ps(a, b, c)
#define av_max(a, b) _mm256_max_ps(a, b) /* b when either is NaN */
#define av_exp(x) rg__exp256_ps(x)
#define av_gelu(x) rg__gelu256_ps(x)
#define av_gelu_tanh(x) rg__gelu_tanh256_ps(x)
#define av_silu(x) rg__silu256_ps(x)
#define av_fence() _mm_sfence()
static inline float av_hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}
static inline float av_hmax(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_max_ss(s, _mm_movehdup_ps(s)));
}
static inline __m256i av_tail_mask(int64_t n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
static inline av av_load_tail(int64_t n, const float *p, float fill) {
    __m256i mk = av_tail_mask(n);
    return _mm256_blendv_ps(_mm256_set1_ps(fill), _mm256_maskload_ps(p, mk),
                            _mm256_castsi256_ps(mk));
}
static inline void av_store_tail(int64_t n, float *p, av v) {
    _mm256_maskstore_ps(p, av_tail_mask(n), v);
}
#elif RG_ACT_W == 1
typedef float av;
#define av_set1(v) ((float)(v))
#define av_loadu(p) (*(p))
#define av_storeu(p, v) (*(p) = (v))
#define av_stream(p, v) (*(p) = (v))
#define av_add(a, b) ((a) + (b))
#define av_sub(a, b) ((a) - (b))
#define av_mul(a, b) ((a) * (b))
#define av_fmadd(a, b, c) ((a) * (b) + (c))  /* fmaf is a libm call without FMA hardware */
#define av_max(a, b) ((a) > (b) ? (a) : (b)) /* b when either is NaN, as the vector forms */
#define av_hsum(v) (v)
#define av_hmax(v) (v)
#define av_fence() ((void)0)
#define av_load_tail(n, p, fill) (*(p))
#define av_store_tail(n, p, v) (*(p) = (v))
#else
#error "define RG_ACT_W as 16, 8 or 1 before including act_simd.h"
#endif

#define W RG_ACT_W

/* ReLU: max(0, x) keeps a NaN (the second operand wins); + 0 turns -0 into +0. */
static inline av av_relu(av x) {
    return av_add(av_max(av_set1(0.0f), x), av_set1(0.0f));
}

/* y = F(x) over n elements, two vectors per step for instruction-level parallelism. */
#define ACT_LOOP(F, STORE)                                                                         \
    do {                                                                                           \
        int64_t i = 0;                                                                             \
        for (; i + 2 * W <= n; i += 2 * W) {                                                       \
            av a = F(av_loadu(x + i)), b = F(av_loadu(x + i + W));                                 \
            STORE(y + i, a);                                                                       \
            STORE(y + i + W, b);                                                                   \
        }                                                                                          \
        for (; i + W <= n; i += W)                                                                 \
            STORE(y + i, F(av_loadu(x + i)));                                                      \
        if (i < n) av_store_tail(n - i, y + i, F(av_load_tail(n - i, x + i, 0.0f)));               \
    } while (0)

#define ACT_SWITCH(STORE)                                                                          \
    switch (act) {                                                                                 \
    case RG_ACT_RELU:                                                                              \
        ACT_LOOP(av_relu, STORE);                                                                  \
        break;                                                                                     \
    case RG_ACT_GELU:                                                                              \
        ACT_LOOP(av_gelu, STORE);                                                                  \
        break;                                                                                     \
    case RG_ACT_GELU_TANH:                                                                         \
        ACT_LOOP(av_gelu_tanh, STORE);                                                             \
        break;                                                                                     \
    case RG_ACT_SILU:                                                                              \
        ACT_LOOP(av_silu, STORE);                                                                  \
        break;                                                                                     \
    default:                                                                                       \
        break;                                                                                     \
    }

static void act_run(rg_act act, int64_t n, const float *x, float *y, int stream) {
    if (stream && ((uintptr_t)y % (W * sizeof(float))) == 0) {
        ACT_SWITCH(av_stream);
        av_fence();
    } else {
        ACT_SWITCH(av_storeu);
    }
}

/* Row softmax with the row in cache: max, then exp(x - max) stored and summed, then scaled. */
static void softmax_row_cached(int64_t n, const float *x, float *y) {
    av m0 = av_set1(-FLT_MAX), m1 = m0;
    int64_t i = 0;
    for (; i + 2 * W <= n; i += 2 * W) {
        m0 = av_max(m0, av_loadu(x + i));
        m1 = av_max(m1, av_loadu(x + i + W));
    }
    for (; i + W <= n; i += W)
        m0 = av_max(m0, av_loadu(x + i));
    if (i < n) m1 = av_max(m1, av_load_tail(n - i, x + i, -INFINITY));
    av mx = av_set1(av_hmax(av_max(m0, m1)));
    av s0 = av_set1(0.0f), s1 = s0;
    for (i = 0; i + 2 * W <= n; i += 2 * W) {
        av e0 = av_exp(av_sub(av_loadu(x + i), mx)), e1 = av_exp(av_sub(av_loadu(x + i + W), mx));
        av_storeu(y + i, e0);
        av_storeu(y + i + W, e1);
        s0 = av_add(s0, e0);
        s1 = av_add(s1, e1);
    }
    for (; i + W <= n; i += W) {
        av e = av_exp(av_sub(av_loadu(x + i), mx));
        av_storeu(y + i, e);
        s0 = av_add(s0, e);
    }
    if (i < n) {
        av e = av_exp(av_sub(av_load_tail(n - i, x + i, -INFINITY), mx));
        av_store_tail(n - i, y + i, e);
        s1 = av_add(s1, e);
    }
    /* An all -inf row sums to 0 and gives 0 * inf = NaN, as PyTorch. */
    av inv = av_set1(1.0f / av_hsum(av_add(s0, s1)));
    for (i = 0; i + W <= n; i += W)
        av_storeu(y + i, av_mul(av_loadu(y + i), inv));
    if (i < n) av_store_tail(n - i, y + i, av_mul(av_load_tail(n - i, y + i, 0.0f), inv));
}

/* Row softmax for rows too long for the cache: one pass keeps a running max per lane and a sum
 * rescaled when the max grows (once per 2 vectors), then one pass writes exp(x - max) / sum. */
static void softmax_row_online(int64_t n, const float *x, float *y) {
    av m = av_set1(-FLT_MAX), s = av_set1(0.0f);
    int64_t i = 0;
    for (; i + 2 * W <= n; i += 2 * W) {
        av v0 = av_loadu(x + i), v1 = av_loadu(x + i + W);
        av mn = av_max(m, av_max(v0, v1));
        s = av_mul(s, av_exp(av_sub(m, mn)));
        s = av_add(s, av_add(av_exp(av_sub(v0, mn)), av_exp(av_sub(v1, mn))));
        m = mn;
    }
    for (; i < n; i += W) {
        av v = i + W <= n ? av_loadu(x + i) : av_load_tail(n - i, x + i, -INFINITY);
        av mn = av_max(m, v);
        s = av_add(av_mul(s, av_exp(av_sub(m, mn))), av_exp(av_sub(v, mn)));
        m = mn;
    }
    float mxs = av_hmax(m);
    av mx = av_set1(mxs);
    av inv = av_set1(1.0f / av_hsum(av_mul(s, av_exp(av_sub(m, mx)))));
    for (i = 0; i + W <= n; i += W)
        av_storeu(y + i, av_mul(av_exp(av_sub(av_loadu(x + i), mx)), inv));
    if (i < n)
        av_store_tail(n - i, y + i,
                      av_mul(av_exp(av_sub(av_load_tail(n - i, x + i, -INFINITY), mx)), inv));
}

static void softmax_rows(int64_t rows, int64_t cols, const float *x, int64_t ldx, float *y,
                         int64_t ldy) {
    for (int64_t r = 0; r < rows; r++) {
        if (cols > RG__SOFTMAX_ONLINE_COLS)
            softmax_row_online(cols, x + r * ldx, y + r * ldy);
        else
            softmax_row_cached(cols, x + r * ldx, y + r * ldy);
    }
}

/* Sums of (x - k) and (x - k)^2 over a row (k = x[0]: shifting by a sample keeps the variance
 * formula from cancelling when the mean is large against the spread). */
static void row_moments(int64_t n, const float *x, float k, int want_s1, float *s1, float *s2) {
    av kv = av_set1(k), a0 = av_set1(0.0f), a1 = a0, q0 = a0, q1 = a0;
    int64_t i = 0;
    for (; i + 2 * W <= n; i += 2 * W) {
        av d0 = av_sub(av_loadu(x + i), kv), d1 = av_sub(av_loadu(x + i + W), kv);
        if (want_s1) {
            a0 = av_add(a0, d0);
            a1 = av_add(a1, d1);
        }
        q0 = av_fmadd(d0, d0, q0);
        q1 = av_fmadd(d1, d1, q1);
    }
    for (; i < n; i += W) {
        /* The tail's lanes past n load k, contributing 0 to both sums. */
        av d = av_sub(i + W <= n ? av_loadu(x + i) : av_load_tail(n - i, x + i, k), kv);
        if (want_s1) a0 = av_add(a0, d);
        q0 = av_fmadd(d, d, q0);
    }
    *s1 = want_s1 ? av_hsum(av_add(a0, a1)) : 0.0f;
    *s2 = av_hsum(av_add(q0, q1));
}

/* y = ((x - k) - d) * inv * w + b, w and b optional: the mean is k + d with k = x[0], and x - k
 * is exact for x near k, so a mean large against the spread costs nothing (x - (k + d) would
 * round the mean to the ulps of k). */
static void row_affine(int64_t n, const float *x, float k, float d, float inv, const float *w,
                       const float *b, float *y) {
    av kv = av_set1(k), dv = av_set1(d), iv = av_set1(inv), one = av_set1(1.0f),
       zero = av_set1(0.0f);
    int64_t i = 0;
    for (; i + W <= n; i += W) {
        av t = av_mul(av_sub(av_sub(av_loadu(x + i), kv), dv), iv);
        av_storeu(y + i, av_fmadd(t, w ? av_loadu(w + i) : one, b ? av_loadu(b + i) : zero));
    }
    if (i < n) {
        av t = av_mul(av_sub(av_sub(av_load_tail(n - i, x + i, 0.0f), kv), dv), iv);
        av_store_tail(n - i, y + i,
                      av_fmadd(t, w ? av_load_tail(n - i, w + i, 1.0f) : one,
                               b ? av_load_tail(n - i, b + i, 0.0f) : zero));
    }
}

static void rmsnorm_rows(int64_t rows, int64_t cols, const float *x, int64_t ldx, const float *w,
                         float eps, float *y, int64_t ldy) {
    for (int64_t r = 0; r < rows; r++) {
        const float *xr = x + r * ldx;
        float s1, s2;
        row_moments(cols, xr, 0.0f, 0, &s1, &s2);
        float inv = 1.0f / sqrtf(s2 / (float)cols + eps);
        row_affine(cols, xr, 0.0f, 0.0f, inv, w, NULL, y + r * ldy);
    }
}

static void layernorm_rows(int64_t rows, int64_t cols, const float *x, int64_t ldx, const float *w,
                           const float *b, float eps, float *y, int64_t ldy) {
    for (int64_t r = 0; r < rows; r++) {
        const float *xr = x + r * ldx;
        float s1, s2, k = xr[0];
        row_moments(cols, xr, k, 1, &s1, &s2);
        float d = s1 / (float)cols, var = s2 / (float)cols - d * d;
        float inv = 1.0f / sqrtf((var > 0.0f ? var : 0.0f) + eps);
        row_affine(cols, xr, k, d, inv, w, b, y + r * ldy);
    }
}

const rg__act_kernels RG_ACT_KERNELS = {
    .act = act_run,
    .softmax = softmax_rows,
    .rmsnorm = rmsnorm_rows,
    .layernorm = layernorm_rows,
};

#undef W
#endif /* RG_ACT_SIMD_H */
