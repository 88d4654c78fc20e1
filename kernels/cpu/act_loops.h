/* act_loops.h: the activation, softmax and normalization loops over one storage type of x and
 * y, included by act_simd.h once per type (fp32, bf16); the math is fp32 in both. No include
 * guard: each inclusion defines the functions for the current type.
 *
 * The includer defines AE_T (the element type), AE_FN(name) (name with the type's suffix),
 * ae_ld(p) and ae_ld_tail(n, p, fill) (W elements, or n < W with fill in the other lanes, as an
 * av), ae_st(p, v), ae_stream(p, v) and ae_st_tail(n, p, v) (an av rounded to the type, once),
 * ae_st2(p, a, b) (two avs, a first),
 * AE_PAIR(F, STORE, y, x) (y = F(x) on 2 W elements, STORE ae_st or ae_stream), AE_STREAM_ALIGN
 * (the alignment of y the streaming stores need),
 * ae_scalar(e) (one element as a float), AE_SOFTMAX_CACHED_COLS (the longest row softmax
 * keeps in cache) and AE_SOFTMAX_T(t, yrow, scratch) (where a cached row keeps its
 * exponentials: the stack buffer t, or for fp32 y's row where scratch is 0). */

/* y = F(x) over n elements, two vectors per step for instruction-level parallelism. Each step
 * asks for x ACT_PREFETCH bytes ahead: with the hardware prefetchers alone the exp/erf ops'
 * DRAM traffic and math ran one after the other (GELU and SiLU at 1 GiB 26-28% faster with it
 * on an Emerald Rapids VM, ReLU unchanged; 4 KiB ahead was no better; bench/NOTES.md). */
#define ACT_PREFETCH 2048
#define ACT_LOOP(F, STORE)                                                                         \
    do {                                                                                           \
        int64_t i = 0;                                                                             \
        for (; i + 2 * W <= n; i += 2 * W) {                                                       \
            __builtin_prefetch((const char *)(x + i) + ACT_PREFETCH, 0, 3);                        \
            __builtin_prefetch((const char *)(x + i + W) + ACT_PREFETCH, 0, 3);                    \
            AE_PAIR(F, STORE, y + i, x + i);                                                       \
        }                                                                                          \
        for (; i + W <= n; i += W)                                                                 \
            STORE(y + i, F(ae_ld(x + i)));                                                         \
        if (i < n) ae_st_tail(n - i, y + i, F(ae_ld_tail(n - i, x + i, 0.0f)));                    \
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

static void AE_FN(act_run)(rg_act act, int64_t n, const AE_T *x, AE_T *y, int stream) {
    if (stream && ((uintptr_t)y % AE_STREAM_ALIGN) == 0) {
        ACT_SWITCH(ae_stream);
        av_fence();
    } else {
        ACT_SWITCH(ae_st);
    }
}

#undef ACT_SWITCH
#undef ACT_LOOP
#undef ACT_PREFETCH

/* Whether row y streams: asked for, and vector-aligned. */
#define AE_ROW_STREAMS(stream, y) ((stream) && (uintptr_t)(y) % AE_STREAM_ALIGN == 0)

/* Row softmax with the row in cache: max, then exp(x - max) kept in t (floats; y itself for
 * fp32) and summed, then scaled into y: one exp per element, one rounding to y's type. The exp
 * pass asks for the next row, xnext, so that DRAM works while the math runs (the max pass alone
 * would leave it idle through the exps). */
static void AE_FN(softmax_row_cached)(int64_t n, const AE_T *x, AE_T *y, float *t, int stream,
                                      const AE_T *xnext) {
    av m0 = av_set1(-FLT_MAX), m1 = m0;
    int64_t i = 0;
    for (; i + 2 * W <= n; i += 2 * W) {
        m0 = av_max(m0, ae_ld(x + i));
        m1 = av_max(m1, ae_ld(x + i + W));
    }
    for (; i + W <= n; i += W)
        m0 = av_max(m0, ae_ld(x + i));
    if (i < n) m1 = av_max(m1, ae_ld_tail(n - i, x + i, -INFINITY));
    av mx = av_set1(av_hmax(av_max(m0, m1)));
    av s0 = av_set1(0.0f), s1 = s0;
    for (i = 0; i + 2 * W <= n; i += 2 * W) {
        __builtin_prefetch(xnext + i, 0, 3);
        __builtin_prefetch(xnext + i + W, 0, 3);
        av e0 = av_exp(av_sub(ae_ld(x + i), mx)), e1 = av_exp(av_sub(ae_ld(x + i + W), mx));
        av_storeu(t + i, e0);
        av_storeu(t + i + W, e1);
        s0 = av_add(s0, e0);
        s1 = av_add(s1, e1);
    }
    for (; i + W <= n; i += W) {
        av e = av_exp(av_sub(ae_ld(x + i), mx));
        av_storeu(t + i, e);
        s0 = av_add(s0, e);
    }
    if (i < n) {
        av e = av_exp(av_sub(ae_ld_tail(n - i, x + i, -INFINITY), mx));
        av_store_tail(n - i, t + i, e);
        s1 = av_add(s1, e);
    }
    /* An all -inf row sums to 0 and gives 0 * inf = NaN, as PyTorch. */
    av inv = av_set1(1.0f / av_hsum(av_add(s0, s1)));
    if (stream) {
        for (i = 0; i + W <= n; i += W)
            ae_stream(y + i, av_mul(av_loadu(t + i), inv));
    } else {
        for (i = 0; i + 2 * W <= n; i += 2 * W)
            ae_st2(y + i, av_mul(av_loadu(t + i), inv), av_mul(av_loadu(t + i + W), inv));
        for (; i + W <= n; i += W)
            ae_st(y + i, av_mul(av_loadu(t + i), inv));
    }
    if (i < n) ae_st_tail(n - i, y + i, av_mul(av_load_tail(n - i, t + i, 0.0f), inv));
}

/* Row softmax for rows too long for the cache: one pass keeps a running max per lane and a sum
 * rescaled when the max grows (once per 2 vectors), then one pass writes exp(x - max) / sum. */
static void AE_FN(softmax_row_online)(int64_t n, const AE_T *x, AE_T *y, int stream) {
    av m = av_set1(-FLT_MAX), s = av_set1(0.0f);
    int64_t i = 0;
    for (; i + 2 * W <= n; i += 2 * W) {
        av v0 = ae_ld(x + i), v1 = ae_ld(x + i + W);
        av mn = av_max(m, av_max(v0, v1));
        s = av_mul(s, av_exp(av_sub(m, mn)));
        s = av_add(s, av_add(av_exp(av_sub(v0, mn)), av_exp(av_sub(v1, mn))));
        m = mn;
    }
    for (; i < n; i += W) {
        av v = i + W <= n ? ae_ld(x + i) : ae_ld_tail(n - i, x + i, -INFINITY);
        av mn = av_max(m, v);
        s = av_add(av_mul(s, av_exp(av_sub(m, mn))), av_exp(av_sub(v, mn)));
        m = mn;
    }
    float mxs = av_hmax(m);
    av mx = av_set1(mxs);
    av inv = av_set1(1.0f / av_hsum(av_mul(s, av_exp(av_sub(m, mx)))));
    i = 0;
    if (stream) {
        for (; i + W <= n; i += W)
            ae_stream(y + i, av_mul(av_exp(av_sub(ae_ld(x + i), mx)), inv));
    } else {
        for (; i + 2 * W <= n; i += 2 * W)
            ae_st2(y + i, av_mul(av_exp(av_sub(ae_ld(x + i), mx)), inv),
                   av_mul(av_exp(av_sub(ae_ld(x + i + W), mx)), inv));
        for (; i + W <= n; i += W)
            ae_st(y + i, av_mul(av_exp(av_sub(ae_ld(x + i), mx)), inv));
    }
    if (i < n)
        ae_st_tail(n - i, y + i,
                   av_mul(av_exp(av_sub(ae_ld_tail(n - i, x + i, -INFINITY), mx)), inv));
}

/* Streamed rows (up to RG__SOFTMAX_SCRATCH_COLS) keep their exponentials in a float buffer on
 * the stack, so that y is written once: read back from y, they cost a 1 GiB softmax a third
 * more DRAM traffic. Rows in cache keep them in y itself where y is fp32 (the buffer made a
 * 16 MiB softmax 1.25x slower: y's misses then come in a pass without math to hide them). */
static void AE_FN(softmax_rows)(int64_t rows, int64_t cols, const AE_T *x, int64_t ldx, AE_T *y,
                                int64_t ldy, int stream) {
    float t[RG__SOFTMAX_SCRATCH_COLS] __attribute__((aligned(64)));
    for (int64_t r = 0; r < rows; r++) {
        const AE_T *xr = x + r * ldx;
        AE_T *yr = y + r * ldy;
        if (cols > AE_SOFTMAX_CACHED_COLS) {
            AE_FN(softmax_row_online)(cols, xr, yr, AE_ROW_STREAMS(stream, yr));
        } else {
            const int st = AE_ROW_STREAMS(stream, yr) && cols <= RG__SOFTMAX_SCRATCH_COLS;
            AE_FN(softmax_row_cached)
            (cols, xr, yr, AE_SOFTMAX_T(t, yr, st), st, r + 1 < rows ? xr + ldx : xr);
        }
    }
    if (stream) av_fence();
}

/* Sums of (x - k) and (x - k)^2 over a row (k = x[0]: shifting by a sample keeps the variance
 * formula from cancelling when the mean is large against the spread). */
static void AE_FN(row_moments)(int64_t n, const AE_T *x, float k, int want_s1, float *s1,
                               float *s2) {
    av kv = av_set1(k), a0 = av_set1(0.0f), a1 = a0, q0 = a0, q1 = a0;
    int64_t i = 0;
    for (; i + 2 * W <= n; i += 2 * W) {
        av d0 = av_sub(ae_ld(x + i), kv), d1 = av_sub(ae_ld(x + i + W), kv);
        if (want_s1) {
            a0 = av_add(a0, d0);
            a1 = av_add(a1, d1);
        }
        q0 = av_fmadd(d0, d0, q0);
        q1 = av_fmadd(d1, d1, q1);
    }
    for (; i < n; i += W) {
        /* The tail's lanes past n load k, contributing 0 to both sums. */
        av d = av_sub(i + W <= n ? ae_ld(x + i) : ae_ld_tail(n - i, x + i, k), kv);
        if (want_s1) a0 = av_add(a0, d);
        q0 = av_fmadd(d, d, q0);
    }
    *s1 = want_s1 ? av_hsum(av_add(a0, a1)) : 0.0f;
    *s2 = av_hsum(av_add(q0, q1));
}

/* y = ((x - k) - d) * inv * w + b, w and b optional, asking for the next row (xnext) as softmax
 * does: the mean is k + d with k = x[0], and x - k is exact for x near k, so a mean large
 * against the spread costs nothing (x - (k + d) would round the mean to the ulps of k). */
static void AE_FN(row_affine)(int64_t n, const AE_T *x, float k, float d, float inv, const float *w,
                              const float *b, AE_T *y, int stream, const AE_T *xnext) {
    av kv = av_set1(k), dv = av_set1(d), iv = av_set1(inv), one = av_set1(1.0f),
       zero = av_set1(0.0f);
    int64_t i = 0;
    for (; i + 2 * W <= n; i += 2 * W) {
        __builtin_prefetch(xnext + i, 0, 3);
        __builtin_prefetch(xnext + i + W, 0, 3);
        av t0 = av_mul(av_sub(av_sub(ae_ld(x + i), kv), dv), iv);
        av t1 = av_mul(av_sub(av_sub(ae_ld(x + i + W), kv), dv), iv);
        t0 = av_fmadd(t0, w ? av_loadu(w + i) : one, b ? av_loadu(b + i) : zero);
        t1 = av_fmadd(t1, w ? av_loadu(w + i + W) : one, b ? av_loadu(b + i + W) : zero);
        if (stream)
            ae_stream(y + i, t0), ae_stream(y + i + W, t1);
        else
            ae_st2(y + i, t0, t1);
    }
    for (; i + W <= n; i += W) {
        av t = av_mul(av_sub(av_sub(ae_ld(x + i), kv), dv), iv);
        t = av_fmadd(t, w ? av_loadu(w + i) : one, b ? av_loadu(b + i) : zero);
        if (stream)
            ae_stream(y + i, t);
        else
            ae_st(y + i, t);
    }
    if (i < n) {
        av t = av_mul(av_sub(av_sub(ae_ld_tail(n - i, x + i, 0.0f), kv), dv), iv);
        ae_st_tail(n - i, y + i,
                   av_fmadd(t, w ? av_load_tail(n - i, w + i, 1.0f) : one,
                            b ? av_load_tail(n - i, b + i, 0.0f) : zero));
    }
}

static void AE_FN(rmsnorm_rows)(int64_t rows, int64_t cols, const AE_T *x, int64_t ldx,
                                const float *w, float eps, AE_T *y, int64_t ldy, int stream) {
    for (int64_t r = 0; r < rows; r++) {
        const AE_T *xr = x + r * ldx;
        float s1, s2;
        AE_FN(row_moments)(cols, xr, 0.0f, 0, &s1, &s2);
        float inv = 1.0f / sqrtf(s2 / (float)cols + eps);
        AE_FN(row_affine)
        (cols, xr, 0.0f, 0.0f, inv, w, NULL, y + r * ldy, AE_ROW_STREAMS(stream, y + r * ldy),
         r + 1 < rows ? xr + ldx : xr);
    }
    if (stream) av_fence();
}

static void AE_FN(layernorm_rows)(int64_t rows, int64_t cols, const AE_T *x, int64_t ldx,
                                  const float *w, const float *b, float eps, AE_T *y, int64_t ldy,
                                  int stream) {
    for (int64_t r = 0; r < rows; r++) {
        const AE_T *xr = x + r * ldx;
        float s1, s2, k = ae_scalar(xr[0]);
        AE_FN(row_moments)(cols, xr, k, 1, &s1, &s2);
        float d = s1 / (float)cols, var = s2 / (float)cols - d * d;
        float inv = 1.0f / sqrtf((var > 0.0f ? var : 0.0f) + eps);
        AE_FN(row_affine)
        (cols, xr, k, d, inv, w, b, y + r * ldy, AE_ROW_STREAMS(stream, y + r * ldy),
         r + 1 < rows ? xr + ldx : xr);
    }
    if (stream) av_fence();
}

#undef AE_ROW_STREAMS
