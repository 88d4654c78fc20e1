/* attention_tile_simd.h: one attention task (a chunk of rows over a range of keys, online softmax
 * over key blocks) written once for every vector width. The including file defines RG_VW,
 * RG_ATT_NVMAX (row vectors per chunk), RG_ATT_ACC (accumulators the register file holds),
 * RG_ATT_DV (output vectors per P V tile), RG_ATT_ISA and RG_ATT_KERNEL (the kernel set's name).
 *
 * Two shapes of the same algorithm:
 * - column form, for chunks of at least RG_VW rows (prefill): Q is packed transposed (Qt, head_dim
 *   x rows) once per task, so that S^T = K Qt is a small GEMM that broadcasts K and vectorizes over
 *   rows, and the softmax's max, exp and sums run down the key axis with no horizontal reduction.
 * - row form, for fewer rows (decode): each score is a dot product over head_dim with K read in
 *   place (bf16 widened in registers, so the bytes read stay halved), reduced across lanes.
 * bf16 in the column form widens each block of K and V into the workspace, or, in the avx512bf16
 * set (RG_ATT_DPBF16), forms the scores with vdpbf16ps straight from bf16 Q and K pairs.
 * Both then accumulate O += P V with P broadcast and V vectorized over head_dim. The exponential
 * is vmath's (vmath_avx512.h, vmath_avx2.h; libm's expf in the scalar set). */
#ifndef RG_ATTENTION_TILE_SIMD_H
#define RG_ATTENTION_TILE_SIMD_H

#include "attention_simd.h"

#ifndef RG_ATT_DPBF16
#define RG_ATT_DPBF16 0 /* 1: bf16 scores with vdpbf16ps (AVX512_BF16) */
#endif

#define BK RG_ATT_BK
#define BQ (RG_ATT_NVMAX * RG_VW)
#define MRO 4 /* output rows per P V tile */

static int64_t min64(int64_t a, int64_t b) {
    return a < b ? a : b;
}

static size_t align16(size_t n) {
    return (n + 15) & ~(size_t)15;
}

/* The workspace of one thread, carved from ws_floats(dpad) floats (64-byte aligned). */
typedef struct {
    float *qt;      /* column form: head_dim x BQ; row form: BQ x dpad */
    float *s;       /* scores then probabilities: column form BK x BQ, row form BQ x BK */
    float *acc;     /* unnormalized output, BQ x dpad */
    float *m, *l;   /* running max (scaled scores) and sum per row */
    float *alpha;   /* per row: the rescale of acc for the current block */
    int32_t *rel;   /* per row: keys of the current block it may see */
    int64_t *lim;   /* per row: keys it may see in all */
    float *kf, *vf; /* bf16 column form: the block's K and V widened, BK x dpad */
} workspace;

static size_t ws_floats(int64_t dpad) {
    const size_t d = (size_t)dpad;
    return align16(d * BQ) + align16(BK * BQ) + align16(BQ * d) + 3 * align16(BQ) + align16(BQ) +
           align16(2 * BQ) + 2 * align16(BK * d);
}

static workspace ws_carve(float *base, int64_t dpad) {
    workspace w;
    const size_t d = (size_t)dpad;
    float *p = base;
    w.qt = p, p += align16(d * BQ);
    w.s = p, p += align16(BK * BQ);
    w.acc = p, p += align16(BQ * d);
    w.m = p, p += align16(BQ);
    w.l = p, p += align16(BQ);
    w.alpha = p, p += align16(BQ);
    w.rel = (int32_t *)p, p += align16(BQ);
    w.lim = (int64_t *)p, p += align16(2 * BQ);
    w.kf = p, p += align16(BK * d);
    w.vf = p;
    return w;
}

/* One element of Q, K or V as a float. */
RG_ALWAYS_INLINE float elem(const void *x, int bf, int64_t i) {
    if (!bf) return ((const float *)x)[i];
    uint32_t u = (uint32_t)((const uint16_t *)x)[i] << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* Vector c of a row of hd elements (f32 or bf16), zeros past hd. */
RG_ALWAYS_INLINE vf load_row_vec(const void *x, int bf, int64_t off, int64_t hd, int64_t c) {
    const int64_t left = hd - c * RG_VW;
    if (bf) {
        const uint16_t *p = (const uint16_t *)x + off + c * RG_VW;
        return left >= RG_VW ? vload_bf16(p) : vload_bf16_part(left, p);
    }
    const float *p = (const float *)x + off + c * RG_VW;
    return vload_part(left >= RG_VW, vmask_low(left), p);
}

/* ---- Column form --------------------------------------------------------------------------- */

/* Key rows per S tile for nv row vectors: as many as the accumulators allow, a power of two
 * (so that it divides BK), at most 8. */
RG_ALWAYS_INLINE int mr_for(int nv) {
    const int m = RG_ATT_ACC / nv;
    return m >= 8 ? 8 : m >= 4 ? 4 : m >= 2 ? 2 : 1;
}

/* S^T[j][0:nv*VW] = sum_p K[j][p] Qt[p][0:nv*VW] for the block's nk keys (rows of S^T past nk,
 * up to the next multiple of the tile, get copies of the last key). */
RG_ALWAYS_INLINE void scores_cols(const int nv, const float *qt, const float *kb, int64_t ldk,
                                  int64_t hd, int nk, float *s) {
    const int mr = mr_for(nv);
    for (int j = 0; j < nk; j += mr) {
        const float *kr[8];
        vf acc[8][RG_ATT_NVMAX];
        for (int m = 0; m < mr; m++) {
            kr[m] = kb + (j + m < nk ? j + m : nk - 1) * ldk;
            for (int v = 0; v < nv; v++)
                acc[m][v] = vzero();
        }
        for (int64_t p = 0; p < hd; p++) {
            vf b[RG_ATT_NVMAX];
            for (int v = 0; v < nv; v++)
                b[v] = vload(qt + p * BQ + v * RG_VW);
            for (int m = 0; m < mr; m++) {
                const vf a = vset1(kr[m][p]);
                for (int v = 0; v < nv; v++)
                    acc[m][v] = vfmadd(a, b[v], acc[m][v]);
            }
        }
        for (int m = 0; m < mr; m++)
            for (int v = 0; v < nv; v++)
                vstore(s + (j + m) * BQ + v * RG_VW, acc[m][v]);
    }
}

#if RG_ATT_DPBF16
/* scores_cols for bf16 with AVX512_BF16: Qt holds pairs of bf16 (rows x head_dim/2 words, the
 * lower half the even element), K is read in place as pairs; vdpbf16ps multiplies exactly and
 * accumulates in fp32, two products per lane and instruction. head_dim is even. */
RG_ALWAYS_INLINE void scores_cols_dpbf16(const int nv, const uint32_t *qt2, const uint16_t *kb,
                                         int64_t hd, int nk, float *s) {
    const int mr = mr_for(nv);
    for (int j = 0; j < nk; j += mr) {
        const uint16_t *kr[8];
        vf acc[8][RG_ATT_NVMAX];
        for (int m = 0; m < mr; m++) {
            kr[m] = kb + (j + m < nk ? j + m : nk - 1) * hd;
            for (int v = 0; v < nv; v++)
                acc[m][v] = vzero();
        }
        for (int64_t p = 0; p < hd / 2; p++) {
            __m512bh b[RG_ATT_NVMAX];
            for (int v = 0; v < nv; v++)
                b[v] = (__m512bh)_mm512_load_si512((const void *)(qt2 + p * BQ + v * RG_VW));
            for (int m = 0; m < mr; m++) {
                uint32_t pair;
                memcpy(&pair, kr[m] + 2 * p, sizeof pair);
                const __m512bh a = (__m512bh)_mm512_set1_epi32((int)pair);
                for (int v = 0; v < nv; v++)
                    acc[m][v] = _mm512_dpbf16_ps(acc[m][v], a, b[v]);
            }
        }
        for (int m = 0; m < mr; m++)
            for (int v = 0; v < nv; v++)
                vstore(s + (j + m) * BQ + v * RG_VW, acc[m][v]);
    }
}
#define SCORES_DPBF16 scores_cols_dpbf16
#else
#define SCORES_DPBF16(...) ((void)0)
#endif

/* The online softmax step down the key axis: scale and mask the block's scores, update each
 * row's max m and sum l, leave P = e^(s - m) in s and the factor for the old output in alpha. */
RG_ALWAYS_INLINE void softmax_cols(const int nv, float *s, int nk, int masked, const int32_t *rel,
                                   float c, float *m, float *l, float *alpha) {
    for (int v = 0; v < nv; v++) {
        const vi lim = vloadi(rel + v * RG_VW);
        vf mx = vset1(-INFINITY);
        for (int j = 0; j < nk; j++) {
            vf x = vmul(vload(s + j * BQ + v * RG_VW), vset1(c));
            if (masked) x = vkeep_below(lim, j, x);
            vstore(s + j * BQ + v * RG_VW, x);
            mx = vmax(mx, x);
        }
        const vf mold = vload(m + v * RG_VW);
        const vf mnew = vmax(mold, mx);
        /* A row that has seen no key yet keeps m = -inf: shift by 0 so e^(-inf) gives 0. */
        vf shift = mnew;
#if RG_VW == 1
        if (shift == -INFINITY) shift = 0.0f;
#elif RG_VW == 16
        shift = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(mnew, vset1(-INFINITY), _CMP_EQ_OQ), mnew,
                                     vzero());
#else
        shift = _mm256_blendv_ps(mnew, vzero(), _mm256_cmp_ps(mnew, vset1(-INFINITY), _CMP_EQ_OQ));
#endif
        vf sum0 = vzero(), sum1 = vzero();
        int j = 0;
        for (; j + 1 < nk; j += 2) {
            const vf p0 = vexp(vsub(vload(s + j * BQ + v * RG_VW), shift));
            const vf p1 = vexp(vsub(vload(s + (j + 1) * BQ + v * RG_VW), shift));
            vstore(s + j * BQ + v * RG_VW, p0);
            vstore(s + (j + 1) * BQ + v * RG_VW, p1);
            sum0 = vadd(sum0, p0);
            sum1 = vadd(sum1, p1);
        }
        if (j < nk) {
            const vf p0 = vexp(vsub(vload(s + j * BQ + v * RG_VW), shift));
            vstore(s + j * BQ + v * RG_VW, p0);
            sum0 = vadd(sum0, p0);
        }
        const vf a = vexp(vsub(mold, shift));
        vstore(alpha + v * RG_VW, a);
        vstore(l + v * RG_VW, vfmadd(vload(l + v * RG_VW), a, vadd(sum0, sum1)));
        vstore(m + v * RG_VW, mnew);
    }
}

/* acc[r][:] = alpha[r] acc[r][:] + sum_j P[j][r] V[j][:] for MRO rows from r0 and ndv vectors
 * from vector c0 (the last one partial when `tail` elements remain in V's rows). */
RG_ALWAYS_INLINE void pv_cols_tile(const int ndv, const float *pt, int64_t ldp, const float *vb,
                                   int64_t ldv, int64_t hd, int nk, int64_t c0, const float *alpha,
                                   float *acc, int64_t dpad) {
    vf o[MRO][RG_ATT_DV];
    const int64_t left = hd - (c0 + ndv - 1) * RG_VW;
    const int full = left >= RG_VW;
    const vmask mk = vmask_low(left);
    for (int i = 0; i < MRO; i++) {
        const vf a = vset1(alpha[i]);
        for (int v = 0; v < ndv; v++)
            o[i][v] = vmul(a, vload(acc + i * dpad + (c0 + v) * RG_VW));
    }
    for (int j = 0; j < nk; j++) {
        vf x[RG_ATT_DV];
        for (int v = 0; v < ndv; v++)
            x[v] = v + 1 < ndv ? vloadu(vb + j * ldv + (c0 + v) * RG_VW)
                               : vload_part(full, mk, vb + j * ldv + (c0 + v) * RG_VW);
        for (int i = 0; i < MRO; i++) {
            const vf p = vset1(pt[j * ldp + i]);
            for (int v = 0; v < ndv; v++)
                o[i][v] = vfmadd(p, x[v], o[i][v]);
        }
    }
    for (int i = 0; i < MRO; i++)
        for (int v = 0; v < ndv; v++)
            vstore(acc + i * dpad + (c0 + v) * RG_VW, o[i][v]);
}

static void pv_cols(int nrows, const float *pt, const float *vb, int64_t ldv, int64_t hd, int nk,
                    const float *alpha, float *acc, int64_t dpad) {
    const int64_t nvec = (hd + RG_VW - 1) / RG_VW;
    for (int r = 0; r < nrows; r += MRO)
        for (int64_t c0 = 0; c0 < nvec; c0 += RG_ATT_DV) {
            const int ndv = (int)min64(RG_ATT_DV, nvec - c0);
            const float *p = pt + r;
            float *a = acc + r * dpad;
            switch (ndv) {
#if RG_ATT_DV >= 4
            case 4:
                pv_cols_tile(4, p, BQ, vb, ldv, hd, nk, c0, alpha + r, a, dpad);
                break;
            case 3:
                pv_cols_tile(3, p, BQ, vb, ldv, hd, nk, c0, alpha + r, a, dpad);
                break;
#endif
            case 2:
                pv_cols_tile(2, p, BQ, vb, ldv, hd, nk, c0, alpha + r, a, dpad);
                break;
            default:
                pv_cols_tile(1, p, BQ, vb, ldv, hd, nk, c0, alpha + r, a, dpad);
                break;
            }
        }
}

/* Widens nk rows of bf16 (hd each) into floats with row stride dpad, zeros past hd. */
static void widen_rows(const uint16_t *x, int64_t hd, int nk, float *dst, int64_t dpad) {
    for (int j = 0; j < nk; j++)
        for (int64_t c = 0; c * RG_VW < dpad; c++)
            vstore(dst + j * dpad + c * RG_VW, load_row_vec(x, 1, j * hd, hd, c));
}

/* ---- Row form ------------------------------------------------------------------------------ */

#define KU 4 /* keys per step of the row-form scores: independent accumulators */

/* Vector c of a row whose vectors are all whole (hd a multiple of RG_VW). */
RG_ALWAYS_INLINE vf load_row_vec_full(const void *x, int bf, int64_t off, int64_t c) {
    if (bf) return vload_bf16((const uint16_t *)x + off + c * RG_VW);
    return vloadu((const float *)x + off + c * RG_VW);
}

/* Asks for vector c of the row at element offset off into L2 (not L1: the block being worked
 * on fills that). The row form, given pf (job->prefetch_kv), asks for the next block's rows of
 * K and V as it reads this block's: with the math of a GQA group (4 query heads on a KV head)
 * between the reads, DRAM otherwise idled through it (decode at 32k keys ran at half the
 * one-head rate). */
RG_ALWAYS_INLINE void prefetch_row_vec(const void *x, int bf, int64_t off, int64_t c) {
    const char *p = bf ? (const char *)((const uint16_t *)x + off + c * RG_VW)
                       : (const char *)((const float *)x + off + c * RG_VW);
    __builtin_prefetch(p, 0, 2);
}

/* s[i][j] = sum_p Q[i][p] K[j][p] for ng rows (Q padded to dpad with zeros) and nk keys; nvc,
 * when not 0, is the row's vector count known at compile time (whole vectors, no tail), so
 * that the accumulators stay in registers and the loads need no tail test. */
RG_ALWAYS_INLINE void scores_rows_group(const int ng, const int nvc, const float *qr, int64_t dpad,
                                        const void *kb, int bf, int64_t hd, int nk, float *s,
                                        int pf) {
    const int64_t nvec = nvc ? nvc : dpad / RG_VW;
    for (int j = 0; j < nk; j += KU) {
        vf acc[4][KU];
        /* Each key's row is read front to back before the next key's: from memory, that order
         * streams at the read probe's rate, where reading the KU rows a vector of each at a
         * time ran at a third of it (measured; bench/NOTES.md, 2026-11-28). */
        for (int u = 0; u < KU; u++) {
            const int64_t off = (j + u < nk ? j + u : nk - 1) * hd, ahead = (j + u + BK) * hd;
            for (int i = 0; i < ng; i++)
                acc[i][u] = vzero();
            for (int64_t c = 0; c < nvec; c++) {
                if (pf) prefetch_row_vec(kb, bf, ahead, c);
                const vf kv =
                    nvc ? load_row_vec_full(kb, bf, off, c) : load_row_vec(kb, bf, off, hd, c);
                for (int i = 0; i < ng; i++)
                    acc[i][u] = vfmadd(vload(qr + i * dpad + c * RG_VW), kv, acc[i][u]);
            }
        }
        for (int i = 0; i < ng; i++)
            for (int u = 0; u < KU && j + u < nk; u++)
                s[i * BK + j + u] = vreduce_add(acc[i][u]);
    }
}

/* Head dims of 8 whole vectors (128 on AVX-512) get the compile-time form. */
RG_ALWAYS_INLINE void scores_rows_ng(const int ng, const float *qr, int64_t dpad, const void *kb,
                                     int bf, int64_t hd, int nk, float *s, int pf) {
    if (hd == dpad && dpad == 8 * RG_VW)
        scores_rows_group(ng, 8, qr, dpad, kb, bf, hd, nk, s, pf);
    else
        scores_rows_group(ng, 0, qr, dpad, kb, bf, hd, nk, s, pf);
}

RG_ALWAYS_INLINE void scores_rows(int nrows, const float *qr, int64_t dpad, const void *kb, int bf,
                                  int64_t hd, int nk, float *s, const int pf) {
    for (int r = 0; r < nrows; r += 4) {
        const float *q = qr + r * dpad;
        float *sr = s + r * BK;
        switch (nrows - r) {
        case 1:
            scores_rows_ng(1, q, dpad, kb, bf, hd, nk, sr, pf);
            break;
        case 2:
            scores_rows_ng(2, q, dpad, kb, bf, hd, nk, sr, pf);
            break;
        case 3:
            scores_rows_ng(3, q, dpad, kb, bf, hd, nk, sr, pf);
            break;
        default:
            scores_rows_ng(4, q, dpad, kb, bf, hd, nk, sr, pf);
            break;
        }
    }
}

/* The online softmax step along each row: rel[i] keys of the block are visible to row i. */
static void softmax_rows(int nrows, float *s, int nk, const int32_t *rel, float c, float *m,
                         float *l, float *alpha) {
    for (int i = 0; i < nrows; i++) {
        float *sr = s + i * BK;
        const int n = rel[i] < nk ? rel[i] : nk;
        vf mx = vset1(-INFINITY);
        for (int j = 0; j < nk; j += RG_VW) {
            const vmask mk = vmask_low(nk - j);
            vf x = vmul(vload_part(nk - j >= RG_VW, mk, sr + j), vset1(c));
            x = vkeep_first(n - j, x);
            vstore_part(nk - j >= RG_VW, mk, sr + j, x);
            mx = vmax(mx, x);
        }
        const float mnew = fmaxf(m[i], vreduce_max(mx));
        const float shift = mnew == -INFINITY ? 0.0f : mnew;
        vf sum = vzero();
        for (int j = 0; j < nk; j += RG_VW) {
            const int full = nk - j >= RG_VW;
            const vmask mk = vmask_low(nk - j);
            /* Lanes past nk load as 0: make them -inf so that they add e^(-inf) = 0. */
            const vf x = vkeep_first(nk - j, vload_part(full, mk, sr + j));
            const vf p = vexp(vsub(x, vset1(shift)));
            vstore_part(full, mk, sr + j, p);
            sum = vadd(sum, p);
        }
        const float tot = vreduce_add(sum);
        float a = m[i] == -INFINITY ? 0.0f : expf(m[i] - shift);
        alpha[i] = a;
        l[i] = l[i] * a + tot;
        m[i] = mnew;
    }
}

/* acc[i][:] = alpha[i] acc[i][:] + sum_j P[i][j] V[j][:] for ng rows and ndv vectors from c0. */
RG_ALWAYS_INLINE void pv_rows_tile(const int ng, const int ndv, const float *p, const void *vb,
                                   int bf, int64_t hd, int nk, int64_t c0, const float *alpha,
                                   float *acc, int64_t dpad, int pf) {
    vf o[4][2 * RG_ATT_DV];
    for (int i = 0; i < ng; i++) {
        const vf a = vset1(alpha[i]);
        for (int v = 0; v < ndv; v++)
            o[i][v] = vmul(a, vload(acc + i * dpad + (c0 + v) * RG_VW));
    }
    const int whole = hd == dpad; /* no tail: every vector of V's rows is full */
    for (int j = 0; j < nk; j++) {
        vf x[2 * RG_ATT_DV];
        for (int v = 0; v < ndv; v++) {
            if (pf) prefetch_row_vec(vb, bf, (j + BK) * hd, c0 + v);
            x[v] = whole ? load_row_vec_full(vb, bf, j * hd, c0 + v)
                         : load_row_vec(vb, bf, j * hd, hd, c0 + v);
        }
        for (int i = 0; i < ng; i++) {
            const vf w = vset1(p[i * BK + j]);
            for (int v = 0; v < ndv; v++)
                o[i][v] = vfmadd(w, x[v], o[i][v]);
        }
    }
    for (int i = 0; i < ng; i++)
        for (int v = 0; v < ndv; v++)
            vstore(acc + i * dpad + (c0 + v) * RG_VW, o[i][v]);
}

RG_ALWAYS_INLINE void pv_rows_group(const int ng, const float *p, const void *vb, int bf,
                                    int64_t hd, int nk, const float *alpha, float *acc,
                                    int64_t dpad, int pf) {
    const int64_t nvec = dpad / RG_VW;
    /* One or two rows (decode without grouping) take V's rows whole: each is then read once,
     * sequentially, which is what the prefetchers stream from memory best. */
    if (ng <= 2 && nvec == 2 * RG_ATT_DV) {
        pv_rows_tile(ng, 2 * RG_ATT_DV, p, vb, bf, hd, nk, 0, alpha, acc, dpad, pf);
        return;
    }
    for (int64_t c0 = 0; c0 < nvec; c0 += RG_ATT_DV) {
        const int ndv = (int)min64(RG_ATT_DV, nvec - c0);
        if (ndv == RG_ATT_DV)
            pv_rows_tile(ng, RG_ATT_DV, p, vb, bf, hd, nk, c0, alpha, acc, dpad, pf);
        else
            for (int v = 0; v < ndv; v++)
                pv_rows_tile(ng, 1, p, vb, bf, hd, nk, c0 + v, alpha, acc, dpad, pf);
    }
}

RG_ALWAYS_INLINE void pv_rows(int nrows, const float *p, const void *vb, int bf, int64_t hd, int nk,
                              const float *alpha, float *acc, int64_t dpad, const int pf) {
    for (int r = 0; r < nrows; r += 4) {
        const float *pr = p + r * BK;
        float *a = acc + r * dpad;
        switch (nrows - r) {
        case 1:
            pv_rows_group(1, pr, vb, bf, hd, nk, alpha + r, a, dpad, pf);
            break;
        case 2:
            pv_rows_group(2, pr, vb, bf, hd, nk, alpha + r, a, dpad, pf);
            break;
        case 3:
            pv_rows_group(3, pr, vb, bf, hd, nk, alpha + r, a, dpad, pf);
            break;
        default:
            pv_rows_group(4, pr, vb, bf, hd, nk, alpha + r, a, dpad, pf);
            break;
        }
    }
}

/* One key block of the row form: scores, the online softmax step, P V. pf is a constant in each
 * of the two instantiations below, so that the loops carry no test for it. */
RG_ALWAYS_INLINE void row_block(int nrows, workspace *w, int64_t dpad, const void *kb,
                                const void *vb, int bf, int64_t hd, int nk, float c, const int pf) {
    scores_rows(nrows, w->qt, dpad, kb, bf, hd, nk, w->s, pf);
    softmax_rows(nrows, w->s, nk, w->rel, c, w->m, w->l, w->alpha);
    pv_rows(nrows, w->s, vb, bf, hd, nk, w->alpha, w->acc, dpad, pf);
}

static void row_block_prefetch(int nrows, workspace *w, int64_t dpad, const void *kb,
                               const void *vb, int bf, int64_t hd, int nk, float c) {
    row_block(nrows, w, dpad, kb, vb, bf, hd, nk, c, 1);
}

static void row_block_plain(int nrows, workspace *w, int64_t dpad, const void *kb, const void *vb,
                            int bf, int64_t hd, int nk, float c) {
    row_block(nrows, w, dpad, kb, vb, bf, hd, nk, c, 0);
}

/* ---- The task ------------------------------------------------------------------------------ */

static void task(const rg__attn_job *job, int64_t unit, int64_t split, float *base) {
    const rg_attention_desc *d = &job->d;
    const int64_t hd = d->head_dim, dpad = job->dpad, nbk = d->batch * d->kv_heads;
    const int bf = job->bf16;
    const int64_t bkv = unit % nbk, chunk = unit / nbk;
    const int64_t b = bkv / d->kv_heads, kvh = bkv % d->kv_heads;
    const int64_t r0 = chunk * job->chunk_rows;
    const int nrows = (int)min64(job->chunk_rows, job->rows - r0);
    const int cols = nrows >= RG_VW;
    /* Column form: rows padded to whole vectors and P V tiles (padding rows see no key). */
    const int step = RG_VW % MRO == 0 ? RG_VW : MRO;
    const int npad = cols ? (nrows + step - 1) / step * step : nrows;
    const int nv = cols ? npad / RG_VW : 0;
    workspace w = ws_carve(base, dpad);

    int64_t qrow[BQ], maxlim = 0, minlim = INT64_MAX;
    for (int r = 0; r < npad; r++) {
        int64_t n = 0;
        if (r < nrows) qrow[r] = rg__attn_row(job, b, kvh, r0 + r, &n);
        w.lim[r] = n;
        maxlim = n > maxlim ? n : maxlim;
        minlim = n < minlim ? n : minlim;
        w.m[r] = -INFINITY;
        w.l[r] = 0.0f;
        for (int64_t c = 0; c < dpad; c++)
            w.acc[r * dpad + c] = 0.0f;
    }
#if RG_ATT_DPBF16
    const int dp = bf && cols && hd % 2 == 0;
#else
    const int dp = 0;
#endif
    if (dp) {
        uint32_t *qt2 = (uint32_t *)w.qt;
        const uint16_t *q16 = job->q;
        for (int64_t p = 0; p < hd / 2; p++)
            for (int r = 0; r < npad; r++)
                qt2[p * BQ + r] = r < nrows ? (uint32_t)q16[qrow[r] * hd + 2 * p] |
                                                  (uint32_t)q16[qrow[r] * hd + 2 * p + 1] << 16
                                            : 0u;
    } else if (cols) {
        for (int64_t p = 0; p < hd; p++)
            for (int r = 0; r < npad; r++)
                w.qt[p * BQ + r] = r < nrows ? elem(job->q, bf, qrow[r] * hd + p) : 0.0f;
    } else {
        for (int r = 0; r < nrows; r++)
            for (int64_t c = 0; c < dpad; c++)
                w.qt[r * dpad + c] = c < hd ? elem(job->q, bf, qrow[r] * hd + c) : 0.0f;
    }

    const int64_t kvoff = (b * d->kv_heads + kvh) * d->kv_len * hd;
    const float *kf32 = (const float *)job->k + kvoff, *vf32 = (const float *)job->v + kvoff;
    const uint16_t *kb16 = (const uint16_t *)job->k + kvoff;
    const uint16_t *vb16 = (const uint16_t *)job->v + kvoff;
    const int64_t ks = split * job->split_keys;
    const int64_t ke = min64(min64(d->kv_len, ks + job->split_keys), maxlim);
    const float c = job->d.scale;
    for (int64_t j0 = ks; j0 < ke; j0 += BK) {
        const int nk = (int)min64(BK, ke - j0);
        for (int r = 0; r < npad; r++) {
            const int64_t rel = w.lim[r] - j0;
            w.rel[r] = (int32_t)(rel < 0 ? 0 : rel > BK ? BK : rel);
        }
        if (cols) {
            const int masked = j0 + nk > minlim;
            const float *kb = kf32 + j0 * hd, *vb = vf32 + j0 * hd;
            int64_t ld = hd;
            if (bf) {
                if (!dp) widen_rows(kb16 + j0 * hd, hd, nk, w.kf, dpad);
                widen_rows(vb16 + j0 * hd, hd, nk, w.vf, dpad);
                kb = w.kf;
                vb = w.vf;
                ld = dpad;
            }
            switch (nv) {
#define RG_ATT_NV_CASE(n)                                                                          \
    case n:                                                                                        \
        if (dp)                                                                                    \
            SCORES_DPBF16(n, (const uint32_t *)w.qt, kb16 + j0 * hd, hd, nk, w.s);                 \
        else                                                                                       \
            scores_cols(n, w.qt, kb, ld, hd, nk, w.s);                                             \
        softmax_cols(n, w.s, nk, masked, w.rel, c, w.m, w.l, w.alpha);                             \
        break;
#if RG_ATT_NVMAX >= 8
                RG_ATT_NV_CASE(8)
                RG_ATT_NV_CASE(7)
                RG_ATT_NV_CASE(6)
                RG_ATT_NV_CASE(5)
#endif
                RG_ATT_NV_CASE(4)
                RG_ATT_NV_CASE(3)
                RG_ATT_NV_CASE(2)
                RG_ATT_NV_CASE(1)
#undef RG_ATT_NV_CASE
            }
            pv_cols(npad, w.s, vb, ld, hd, nk, w.alpha, w.acc, dpad);
        } else {
            const void *kb = bf ? (const void *)(kb16 + j0 * hd) : (const void *)(kf32 + j0 * hd);
            const void *vb = bf ? (const void *)(vb16 + j0 * hd) : (const void *)(vf32 + j0 * hd);
            (job->prefetch_kv ? row_block_prefetch : row_block_plain)(nrows, &w, dpad, kb, vb, bf,
                                                                      hd, nk, c);
        }
    }

    const int64_t nvec = (hd + RG_VW - 1) / RG_VW;
    if (job->nsplit == 1) {
        for (int r = 0; r < nrows; r++) {
            const vf inv = vset1(w.l[r] > 0.0f ? 1.0f / w.l[r] : 0.0f);
            float *out = job->o + qrow[r] * hd;
            for (int64_t v = 0; v < nvec; v++) {
                const int64_t left = hd - v * RG_VW;
                vstore_part(left >= RG_VW, vmask_low(left), out + v * RG_VW,
                            vmul(inv, vload(w.acc + r * dpad + v * RG_VW)));
            }
        }
    } else {
        /* The partial of (unit, split): m and l of each row, then its unnormalized output. */
        float *part = job->partial + (unit * job->nsplit + split) * job->chunk_rows * (dpad + 2);
        for (int r = 0; r < nrows; r++) {
            part[r] = w.m[r];
            part[job->chunk_rows + r] = w.l[r];
            memcpy(part + 2 * job->chunk_rows + r * dpad, w.acc + r * dpad,
                   (size_t)dpad * sizeof(float));
        }
    }
}

const rg__attn_kernel RG_ATT_KERNEL = {RG_ATT_ISA, RG_VW, BQ, task, ws_floats};

#endif /* RG_ATTENTION_TILE_SIMD_H */
