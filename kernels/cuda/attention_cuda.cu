/* attention_cuda.cu: scaled dot-product attention forward on the GPU, the CPU form's semantics
 * (ridge.h: BHSD layout, grouped-query heads, scale, bottom-right causal mask, rows with no
 * allowed key giving zeros) with fp32 O.
 * - bf16 / fp16 Q, K, V with head_dim 64 or 128 (16-byte aligned): FlashAttention-2 style on
 *   tensor cores. A block of 4 warps takes 64 query rows (16 per warp, Q fragments kept in
 *   registers); K and V tiles of 64 keys stream through XOR-swizzled shared memory, two stages
 *   deep (cp.async, zeros past the sequence); S = Q K^T and O += P V with mma.sync m16n8k16 (fp32
 *   accumulation), the online softmax on the S fragments in registers (exp2 of log2-scaled
 *   scores), P reused as the A operand without leaving registers.
 *   Decode (few query rows against many keys) fills the blocks two ways: the query heads that
 *   share a KV head are packed into one block's rows, so each K and V tile is read once for the
 *   whole group; and when the blocks are still too few for the SMs, the keys are split into
 *   ranges, each block writes its range's unnormalized O with its row maxima and sums to a
 *   workspace, and a second kernel combines the ranges (the online softmax's rescaling, once).
 * - every other case (fp32, other head dims, unaligned): one warp per query row, fp32 FMAs, the
 *   same online softmax; correct for any size, not fast. */
#include "cuda_internal.h"
#include "mma_sm80.cuh"

#include <cuda_fp16.h>
#include <math.h>
#include <stdint.h>

#define FA_WARPS 4
#define FA_BR 64 /* query rows per block */
#define FA_BC 64 /* keys per tile */

/* Two floats as one register of 16-bit pairs (the first in the low half), rounded to nearest. */
template <bool F16> static __device__ __forceinline__ uint32_t pack2(float lo, float hi) {
    uint32_t r;
    if (F16)
        asm("cvt.rn.f16x2.f32 %0, %1, %2;\n" : "=r"(r) : "f"(hi), "f"(lo));
    else
        asm("cvt.rn.bf16x2.f32 %0, %1, %2;\n" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
}

/* A tile row of D 16-bit elements is D / 8 chunks of 16 bytes; the chunk index is XOR-ed with
 * the row's low 3 bits, so that the 8 rows one ldmatrix reads (either way) hit 8 bank groups. */
template <int D> static __device__ __forceinline__ uint32_t swz(int row, int chunk) {
    return row * (D * 2) + ((chunk ^ (row & 7)) << 4);
}

/* rows x D tile from x (row stride D elements), rows r0.. of a sequence of len rows; rows past
 * len become zeros. All threads of the block take part. */
template <int D>
static __device__ __forceinline__ void load_tile(uint32_t base, const uint16_t *x, int64_t len,
                                                 int64_t r0) {
    constexpr int chunks = 64 * D / 8;
#pragma unroll
    for (int q = threadIdx.x; q < chunks; q += FA_WARPS * 32) {
        const int row = q / (D / 8), chunk = q % (D / 8);
        const bool ok = r0 + row < len;
        const uint16_t *src = ok ? x + (r0 + row) * D + chunk * 8 : x;
        cp_async16(base + swz<D>(row, chunk), src, ok ? 16 : 0);
    }
}

/* How a launch maps blocks to work. A block row space holds `pack` consecutive query heads (of
 * one KV head) as pack * q_len rows, row r being query r % q_len of head r / q_len: Q and O rows
 * of consecutive heads lie back to back, so the space is contiguous. With splits > 1, block x
 * takes key tiles [(x % splits) * tps, + tps) of row block x / splits and writes partials. */
struct fa_grid {
    int pack, splits, tps;
    float *ws_o;  /* [batch][heads / pack][splits][pack * q_len][D]: unnormalized O */
    float *ws_ml; /* the same without D, then {row maximum (log2 units), row sum} */
};

/* grid: (row blocks x splits, heads / pack, batch). log2e_scale: the scale times log2(e). */
template <int D, bool F16>
__global__ void __launch_bounds__(FA_WARPS * 32)
    flash_fwd(rg_attention_desc d, fa_grid fg, float log2e_scale, const uint16_t *q,
              const uint16_t *k, const uint16_t *v, float *o) {
    extern __shared__ __align__(128) unsigned char smem[];
    const uint32_t sq = (uint32_t)__cvta_generic_to_shared(smem);
    const uint32_t sk0 = sq + FA_BR * D * 2, sv0 = sk0 + 2 * FA_BC * D * 2;
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
    const int sp = (int)(blockIdx.x % fg.splits);
    const int64_t b = blockIdx.z, y = blockIdx.y, q0 = (int64_t)(blockIdx.x / fg.splits) * FA_BR;
    const int64_t h0 = y * fg.pack, rows = fg.pack * d.q_len;
    const int64_t kvh = h0 / (d.heads / d.kv_heads);
    const uint16_t *qh = q + (b * d.heads + h0) * d.q_len * D;
    const uint16_t *kh = k + (b * d.kv_heads + kvh) * d.kv_len * D;
    const uint16_t *vh = v + (b * d.kv_heads + kvh) * d.kv_len * D;
    float *oh = o + (b * d.heads + h0) * d.q_len * D;

    /* Keys this block may see: all, or (causal) up to the limit of its latest query. */
    const int64_t shift = d.kv_len - d.q_len; /* query i sees keys j <= i + shift */
    int64_t kv_hi = d.kv_len;
    if (d.causal) {
        const int64_t r_last = (q0 + FA_BR < rows ? q0 + FA_BR : rows) - 1;
        const int64_t i_max = r_last / d.q_len != q0 / d.q_len ? d.q_len - 1 : r_last % d.q_len;
        const int64_t last = i_max + shift + 1;
        kv_hi = last < kv_hi ? (last > 0 ? last : 0) : kv_hi;
    }
    /* This block's share of the key tiles (all of them without a split). */
    const int all_tiles = (int)((kv_hi + FA_BC - 1) / FA_BC);
    const int t_lo = sp * fg.tps, t_hi = t_lo + fg.tps < all_tiles ? t_lo + fg.tps : all_tiles;
    const int ntiles = t_hi > t_lo ? t_hi - t_lo : 0;

    load_tile<D>(sq, qh, rows, q0);
    if (ntiles > 0) {
        load_tile<D>(sk0, kh, d.kv_len, (int64_t)t_lo * FA_BC);
        load_tile<D>(sv0, vh, d.kv_len, (int64_t)t_lo * FA_BC);
    }
    cp_async_commit();
    cp_async_wait<0>();
    __syncthreads();

    /* This warp's 16 query rows as A fragments, for each k16 step of D. */
    uint32_t qf[D / 16][4];
#pragma unroll
    for (int ks = 0; ks < D / 16; ks++)
        ldsm_x4(qf[ks], sq + swz<D>(warp * 16 + lane % 16, ks * 2 + lane / 16));

    const int g = lane / 4, t = lane % 4; /* fragment row (and row + 8), column pair */
    const int64_t row0 = q0 + warp * 16 + g, row1 = row0 + 8;
    const int64_t qi0 = row0 % d.q_len, qi1 = row1 % d.q_len; /* their query positions */
    /* A warp whose rows all lie past the space (decode: 4 rows in a 64-row block) only helps
     * to load the tiles. */
    const bool busy = q0 + warp * 16 < rows;
    float oacc[D / 8][4];
#pragma unroll
    for (int n = 0; n < D / 8; n++)
        oacc[n][0] = oacc[n][1] = oacc[n][2] = oacc[n][3] = 0.0f;
    float m0 = -INFINITY, m1 = -INFINITY, l0 = 0.0f, l1 = 0.0f;

    for (int j = 0; j < ntiles; j++) {
        if (j > 0) {
            cp_async_wait<0>();
            __syncthreads(); /* tile j landed; tile j - 1's stage is free */
        }
        if (j + 1 < ntiles) {
            const int st = (j + 1) % 2;
            const int64_t next = (int64_t)(t_lo + j + 1) * FA_BC;
            load_tile<D>(sk0 + st * FA_BC * D * 2, kh, d.kv_len, next);
            load_tile<D>(sv0 + st * FA_BC * D * 2, vh, d.kv_len, next);
        }
        cp_async_commit();
        if (!busy) continue;
        const uint32_t sk = sk0 + (j % 2) * FA_BC * D * 2, sv = sv0 + (j % 2) * FA_BC * D * 2;

        /* S = Q K^T: 16 rows x 64 keys, 8 tiles of 8 keys. */
        float s[FA_BC / 8][4];
#pragma unroll
        for (int n = 0; n < FA_BC / 8; n++)
            s[n][0] = s[n][1] = s[n][2] = s[n][3] = 0.0f;
#pragma unroll
        for (int ks = 0; ks < D / 16; ks++)
#pragma unroll
            for (int np = 0; np < FA_BC / 16; np++) {
                uint32_t bf[4];
                ldsm_x4(bf,
                        sk + swz<D>(np * 16 + lane % 8 + (lane / 16) * 8, ks * 2 + (lane / 8) % 2));
                mma16816<F16>(s[2 * np], qf[ks], bf[0], bf[1]);
                mma16816<F16>(s[2 * np + 1], qf[ks], bf[2], bf[3]);
            }

        /* Scale to log2 units, mask, and the online softmax of rows row0 and row1. */
        const int64_t kv0 = (int64_t)(t_lo + j) * FA_BC;
        float mx0 = -INFINITY, mx1 = -INFINITY;
#pragma unroll
        for (int n = 0; n < FA_BC / 8; n++)
#pragma unroll
            for (int e = 0; e < 4; e++) {
                const int64_t key = kv0 + n * 8 + 2 * t + (e & 1), qi = e < 2 ? qi0 : qi1;
                const bool ok = key < d.kv_len && (!d.causal || key <= qi + shift);
                s[n][e] = ok ? s[n][e] * log2e_scale : -INFINITY;
            }
#pragma unroll
        for (int n = 0; n < FA_BC / 8; n++) {
            mx0 = fmaxf(mx0, fmaxf(s[n][0], s[n][1]));
            mx1 = fmaxf(mx1, fmaxf(s[n][2], s[n][3]));
        }
#pragma unroll
        for (int off = 1; off < 4; off <<= 1) {
            mx0 = fmaxf(mx0, __shfl_xor_sync(0xffffffffu, mx0, off));
            mx1 = fmaxf(mx1, __shfl_xor_sync(0xffffffffu, mx1, off));
        }
        const float mn0 = fmaxf(m0, mx0), mn1 = fmaxf(m1, mx1);
        /* A row with no allowed key yet keeps -inf: exponents taken against 0 give zeros. */
        const float b0 = mn0 == -INFINITY ? 0.0f : mn0, b1 = mn1 == -INFINITY ? 0.0f : mn1;
        const float c0 = exp2f(m0 - b0), c1 = exp2f(m1 - b1);
        m0 = mn0, m1 = mn1;
        float ps0 = 0.0f, ps1 = 0.0f;
#pragma unroll
        for (int n = 0; n < FA_BC / 8; n++) {
            s[n][0] = exp2f(s[n][0] - b0);
            s[n][1] = exp2f(s[n][1] - b0);
            s[n][2] = exp2f(s[n][2] - b1);
            s[n][3] = exp2f(s[n][3] - b1);
            ps0 += s[n][0] + s[n][1];
            ps1 += s[n][2] + s[n][3];
        }
        l0 = l0 * c0 + ps0;
        l1 = l1 * c1 + ps1;
#pragma unroll
        for (int n = 0; n < D / 8; n++) {
            oacc[n][0] *= c0;
            oacc[n][1] *= c0;
            oacc[n][2] *= c1;
            oacc[n][3] *= c1;
        }

        /* O += P V: P's accumulator layout is the A fragment of m16n8k16, 16 keys per step. */
#pragma unroll
        for (int kk = 0; kk < FA_BC / 16; kk++) {
            uint32_t pa[4];
            pa[0] = pack2<F16>(s[2 * kk][0], s[2 * kk][1]);
            pa[1] = pack2<F16>(s[2 * kk][2], s[2 * kk][3]);
            pa[2] = pack2<F16>(s[2 * kk + 1][0], s[2 * kk + 1][1]);
            pa[3] = pack2<F16>(s[2 * kk + 1][2], s[2 * kk + 1][3]);
#pragma unroll
            for (int np = 0; np < D / 16; np++) {
                uint32_t bf[4];
                ldsm_x4_t(
                    bf, sv + swz<D>(kk * 16 + lane % 8 + ((lane / 8) % 2) * 8, np * 2 + lane / 16));
                mma16816<F16>(oacc[2 * np], pa, bf[0], bf[1]);
                mma16816<F16>(oacc[2 * np + 1], pa, bf[2], bf[3]);
            }
        }
    }
    cp_async_wait<0>();
    if (!busy) return;

        /* The row sums are spread over the 4 lanes of a row. */
#pragma unroll
    for (int off = 1; off < 4; off <<= 1) {
        l0 += __shfl_xor_sync(0xffffffffu, l0, off);
        l1 += __shfl_xor_sync(0xffffffffu, l1, off);
    }
    if (fg.splits > 1) {
        /* A key range's partial: O unnormalized, with the row's maximum and sum (a range with
         * no allowed key leaves -inf, 0 and zeros, which the combination weighs by 0). */
        const int64_t part = ((b * gridDim.y + y) * fg.splits + sp) * rows;
        float *po = fg.ws_o + part * D, *pml = fg.ws_ml + part * 2;
#pragma unroll
        for (int n = 0; n < D / 8; n++) {
            const int col = n * 8 + 2 * t;
            if (row0 < rows)
                *reinterpret_cast<float2 *>(po + row0 * D + col) =
                    make_float2(oacc[n][0], oacc[n][1]);
            if (row1 < rows)
                *reinterpret_cast<float2 *>(po + row1 * D + col) =
                    make_float2(oacc[n][2], oacc[n][3]);
        }
        if (t == 0 && row0 < rows)
            *reinterpret_cast<float2 *>(pml + row0 * 2) = make_float2(m0, l0);
        if (t == 0 && row1 < rows)
            *reinterpret_cast<float2 *>(pml + row1 * 2) = make_float2(m1, l1);
        return;
    }
    /* Rows with no allowed key write 0. */
    const float inv0 = l0 > 0.0f ? 1.0f / l0 : 0.0f, inv1 = l1 > 0.0f ? 1.0f / l1 : 0.0f;
#pragma unroll
    for (int n = 0; n < D / 8; n++) {
        const int col = n * 8 + 2 * t;
        if (row0 < rows)
            *reinterpret_cast<float2 *>(oh + row0 * D + col) =
                make_float2(oacc[n][0] * inv0, oacc[n][1] * inv0);
        if (row1 < rows)
            *reinterpret_cast<float2 *>(oh + row1 * D + col) =
                make_float2(oacc[n][2] * inv1, oacc[n][3] * inv1);
    }
}

/* The split key ranges of each row combined: with M the largest range maximum and w_s =
 * 2^(m_s - M), O = sum(w_s O_s) / sum(w_s l_s); a row no range gave a key writes zeros.
 * grid: ceil(rows / 8) blocks of 8 warps, a warp per row (lanes over D, coalesced). */
template <int D>
__global__ void __launch_bounds__(256)
    flash_combine(int64_t all_rows, int64_t rows, int splits, const float *ws_o, const float *ws_ml,
                  float *o) {
    const int lane = threadIdx.x % 32;
    const int64_t gr = (int64_t)blockIdx.x * 8 + threadIdx.x / 32;
    if (gr >= all_rows) return;
    /* Global row gr is row r of block row space by; O's rows are those spaces back to back. */
    const int64_t by = gr / rows, r = gr % rows, first = by * splits * rows + r;
    float mx = -INFINITY;
    for (int sp = 0; sp < splits; sp++)
        mx = fmaxf(mx, ws_ml[(first + sp * rows) * 2]);
    float acc[D / 32], l = 0.0f;
#pragma unroll
    for (int c = 0; c < D / 32; c++)
        acc[c] = 0.0f;
    if (mx != -INFINITY)
        for (int sp = 0; sp < splits; sp++) {
            const int64_t at = first + sp * rows;
            const float w = exp2f(ws_ml[at * 2] - mx); /* 0 for a range without keys */
            l += w * ws_ml[at * 2 + 1];
#pragma unroll
            for (int c = 0; c < D / 32; c++)
                acc[c] += w * ws_o[at * D + lane + 32 * c];
        }
    const float inv = l > 0.0f ? 1.0f / l : 0.0f;
#pragma unroll
    for (int c = 0; c < D / 32; c++)
        o[gr * D + lane + 32 * c] = acc[c] * inv;
}

/* ---- Any case: a warp per query row ------------------------------------------------------- */

/* One element as a float: fp32 as is, 16-bit bf16 (f16 false) or fp16 bits widened exactly. */
static __device__ __forceinline__ float elem(const float *x, int64_t i, bool) {
    return x[i];
}
static __device__ __forceinline__ float elem(const uint16_t *x, int64_t i, bool f16) {
    return f16 ? __half2float(__ushort_as_half(x[i])) : __uint_as_float((uint32_t)x[i] << 16);
}

#define ROW_DMAX 512 /* head_dim up to 32 lanes x 16 values each */

/* grid: (ceil(q_len / 8), heads, batch), 8 warps per block, one query row each. Each lane owns
 * head dims lane, lane + 32, ...: scores reduce across the warp, O stays with its owners. */
template <typename T>
__global__ void __launch_bounds__(256) attention_rows(rg_attention_desc d, float scale, const T *q,
                                                      const T *k, const T *v, float *o, bool f16) {
    const int lane = threadIdx.x % 32;
    const int64_t b = blockIdx.z, h = blockIdx.y, i = (int64_t)blockIdx.x * 8 + threadIdx.x / 32;
    if (i >= d.q_len) return;
    const int64_t D = d.head_dim, kvh = h / (d.heads / d.kv_heads);
    const T *qr = q + ((b * d.heads + h) * d.q_len + i) * D;
    const T *kh = k + (b * d.kv_heads + kvh) * d.kv_len * D;
    const T *vh = v + (b * d.kv_heads + kvh) * d.kv_len * D;
    float *orow = o + ((b * d.heads + h) * d.q_len + i) * D;
    float qv[ROW_DMAX / 32], acc[ROW_DMAX / 32];
#pragma unroll
    for (int c = 0; c < ROW_DMAX / 32; c++) {
        const int64_t dd = lane + 32 * c;
        qv[c] = dd < D ? elem(qr, dd, f16) * scale : 0.0f;
        acc[c] = 0.0f;
    }
    int64_t hi = d.kv_len;
    if (d.causal) {
        const int64_t lim = i + d.kv_len - d.q_len + 1;
        hi = lim < hi ? (lim > 0 ? lim : 0) : hi;
    }
    float m = -INFINITY, l = 0.0f;
    for (int64_t j = 0; j < hi; j++) {
        const T *kr = kh + j * D, *vr = vh + j * D;
        float sdot = 0.0f;
#pragma unroll
        for (int c = 0; c < ROW_DMAX / 32; c++) {
            const int64_t dd = lane + 32 * c;
            if (dd < D) sdot = fmaf(qv[c], elem(kr, dd, f16), sdot);
        }
#pragma unroll
        for (int off = 16; off > 0; off >>= 1)
            sdot += __shfl_xor_sync(0xffffffffu, sdot, off);
        const float mn = fmaxf(m, sdot), corr = expf(m - mn), p = expf(sdot - mn);
        l = l * corr + p;
        m = mn;
#pragma unroll
        for (int c = 0; c < ROW_DMAX / 32; c++) {
            const int64_t dd = lane + 32 * c;
            if (dd < D) acc[c] = fmaf(p, elem(vr, dd, f16), acc[c] * corr);
        }
    }
    const float inv = l > 0.0f ? 1.0f / l : 0.0f;
#pragma unroll
    for (int c = 0; c < ROW_DMAX / 32; c++) {
        const int64_t dd = lane + 32 * c;
        if (dd < D) orow[dd] = acc[c] * inv;
    }
}

/* ---- Host side ------------------------------------------------------------------------------ */

static int check(const rg_attention_desc *d, const void *q, const void *k, const void *v,
                 const float *o) {
    if (!d || d->batch < 1 || d->heads < 1 || d->kv_heads < 1 || d->heads % d->kv_heads ||
        d->q_len < 1 || d->kv_len < 0 || d->head_dim < 1 || isinf(d->scale))
        return RG_EINVAL;
    if (!q || !o || (d->kv_len > 0 && (!k || !v))) return RG_EINVAL;
    if (d->head_dim > ROW_DMAX || d->batch > 65535 || d->heads > 65535) return RG_EUNSUPPORTED;
    return RG_OK;
}

/* Query heads per block row space: the most heads of one KV head (a divisor of the group) whose
 * rows fit one block; 1 for prefill (q_len >= FA_BR / 2). */
static int gqa_pack(const rg_attention_desc *d) {
    const int64_t group = d->heads / d->kv_heads;
    for (int64_t p = group; p > 1; p--)
        if (group % p == 0 && p * d->q_len <= FA_BR) return (int)p;
    return 1;
}

static int64_t ceil_div(int64_t a, int64_t b) {
    return (a + b - 1) / b;
}

/* Bytes of the split-KV partials for `splits` key ranges. */
static size_t split_bytes(const rg_attention_desc *d, int splits) {
    return (size_t)splits * (size_t)(d->batch * d->heads * d->q_len) * (size_t)(d->head_dim + 2) *
           sizeof(float);
}

#define MIN_SPLIT_TILES 4 /* a key range of at least 256 keys: the combination stays cheap */

/* Key ranges for the tensor-core kernel: 1 while the blocks alone fill every SM twice, else as
 * many as make about two blocks per SM, each range at least MIN_SPLIT_TILES tiles, and no more
 * than ws_bytes holds. *tps: tiles per range. */
static int kv_splits(const rg_attention_desc *d, size_t ws_bytes, int *tps) {
    const int pack = gqa_pack(d);
    const int64_t tiles = ceil_div(d->kv_len, FA_BC);
    const int64_t blocks = ceil_div(pack * d->q_len, FA_BR) * (d->heads / pack) * d->batch;
    int dev = 0, sms = 0;
    *tps = (int)(tiles < 0x7fffffff ? tiles : 0x7fffffff);
    if (cudaGetDevice(&dev) != cudaSuccess ||
        cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev) != cudaSuccess) {
        (void)cudaGetLastError();
        return 1;
    }
    if (blocks >= sms) return 1;
    int64_t s = ceil_div(2 * (int64_t)sms, blocks);
    if (s > tiles / MIN_SPLIT_TILES) s = tiles / MIN_SPLIT_TILES;
    while (s > 1 && split_bytes(d, (int)s) > ws_bytes)
        s--;
    if (s < 2) return 1;
    *tps = (int)ceil_div(tiles, s);
    return (int)ceil_div(tiles, *tps); /* no range left empty for every block */
}

template <int D, bool F16>
static int launch_flash(const rg_attention_desc *d, float scale, const uint16_t *q,
                        const uint16_t *k, const uint16_t *v, float *o, void *ws, size_t ws_bytes,
                        cudaStream_t s) {
    constexpr int smem = FA_BR * D * 2 + 4 * FA_BC * D * 2; /* Q, two stages of K and V */
    auto kern = flash_fwd<D, F16>;
    RG__CUDA_CHECK(cudaFuncSetAttribute(kern, cudaFuncAttributeMaxDynamicSharedMemorySize, smem));
    fa_grid fg = {gqa_pack(d), 1, 1, NULL, NULL};
    fg.splits = kv_splits(d, ws_bytes, &fg.tps);
    void *own = NULL;
    if (fg.splits > 1 && !ws) {
        /* No workspace given: a stream-ordered one; without it, no split (still correct). */
        if (cudaMallocAsync(&own, split_bytes(d, fg.splits), s) != cudaSuccess) {
            (void)cudaGetLastError();
            own = NULL;
            fg.splits = kv_splits(d, 0, &fg.tps); /* no room: 1, all tiles */
        }
        ws = own;
    }
    const int64_t rows = fg.pack * d->q_len, all_rows = d->batch * d->heads * d->q_len;
    if (fg.splits > 1) {
        fg.ws_o = (float *)ws;
        fg.ws_ml = fg.ws_o + (size_t)fg.splits * (size_t)all_rows * D;
    }
    const dim3 grid((unsigned)(ceil_div(rows, FA_BR) * fg.splits), (unsigned)(d->heads / fg.pack),
                    (unsigned)d->batch);
    kern<<<grid, FA_WARPS * 32, smem, s>>>(*d, fg, scale * 1.4426950408889634f, q, k, v, o);
    cudaError_t err = cudaGetLastError();
    if (err == cudaSuccess && fg.splits > 1) {
        flash_combine<D><<<(unsigned)ceil_div(all_rows, 8), 256, 0, s>>>(all_rows, rows, fg.splits,
                                                                         fg.ws_o, fg.ws_ml, o);
        err = cudaGetLastError();
    }
    if (own) (void)cudaFreeAsync(own, s);
    RG__CUDA_CHECK(err);
    return RG_OK;
}

template <typename T>
static int launch_rows(const rg_attention_desc *d, float scale, const T *q, const T *k, const T *v,
                       float *o, bool f16, cudaStream_t s) {
    const dim3 grid((unsigned)((d->q_len + 7) / 8), (unsigned)d->heads, (unsigned)d->batch);
    attention_rows<T><<<grid, 256, 0, s>>>(*d, scale, q, k, v, o, f16);
    RG__CUDA_CHECK(cudaGetLastError());
    return RG_OK;
}

/* The tensor-core kernel's conditions: keys to attend to, head_dim 64 or 128 and 16-byte aligned
 * operands (rows of head_dim 16-bit elements are then aligned too). */
static bool flash_fits(const rg_attention_desc *d, const void *q, const void *k, const void *v) {
    return d->kv_len > 0 && (d->head_dim == 64 || d->head_dim == 128) && (uintptr_t)q % 16 == 0 &&
           (uintptr_t)k % 16 == 0 && (uintptr_t)v % 16 == 0 &&
           (d->q_len + FA_BR - 1) / FA_BR <= 0x7fffffff;
}

static int half_attention(const rg_attention_desc *d, bool f16, const uint16_t *q,
                          const uint16_t *k, const uint16_t *v, float *o, void *ws, size_t ws_bytes,
                          void *stream) {
    int rc = check(d, q, k, v, o);
    if (rc) return rc;
    const float scale = rg_attention_scale(d);
    cudaStream_t s = (cudaStream_t)stream;
    if (flash_fits(d, q, k, v)) {
        if (d->head_dim == 64)
            return f16 ? launch_flash<64, true>(d, scale, q, k, v, o, ws, ws_bytes, s)
                       : launch_flash<64, false>(d, scale, q, k, v, o, ws, ws_bytes, s);
        return f16 ? launch_flash<128, true>(d, scale, q, k, v, o, ws, ws_bytes, s)
                   : launch_flash<128, false>(d, scale, q, k, v, o, ws, ws_bytes, s);
    }
    return launch_rows(d, scale, q, k, v, o, f16, s);
}

extern "C" {

int rg_cuda_attention_tensor_cores(const rg_attention_desc *d, const void *q, const void *k,
                                   const void *v) {
    return d && flash_fits(d, q, k, v);
}

int rg_cuda_attention_f32(const rg_attention_desc *d, const float *q, const float *k,
                          const float *v, float *o, void *stream) {
    int rc = check(d, q, k, v, o);
    if (rc) return rc;
    return launch_rows(d, rg_attention_scale(d), q, k, v, o, false, (cudaStream_t)stream);
}
int rg_cuda_attention_bf16(const rg_attention_desc *d, const uint16_t *q, const uint16_t *k,
                           const uint16_t *v, float *o, void *stream) {
    return half_attention(d, false, q, k, v, o, NULL, SIZE_MAX, stream);
}
int rg_cuda_attention_f16(const rg_attention_desc *d, const uint16_t *q, const uint16_t *k,
                          const uint16_t *v, float *o, void *stream) {
    return half_attention(d, true, q, k, v, o, NULL, SIZE_MAX, stream);
}
int rg_cuda_attention_bf16_ws(const rg_attention_desc *d, const uint16_t *q, const uint16_t *k,
                              const uint16_t *v, float *o, void *ws, size_t ws_bytes,
                              void *stream) {
    return half_attention(d, false, q, k, v, o, ws, ws ? ws_bytes : 0, stream);
}
int rg_cuda_attention_f16_ws(const rg_attention_desc *d, const uint16_t *q, const uint16_t *k,
                             const uint16_t *v, float *o, void *ws, size_t ws_bytes, void *stream) {
    return half_attention(d, true, q, k, v, o, ws, ws ? ws_bytes : 0, stream);
}

size_t rg_cuda_attention_workspace(const rg_attention_desc *d) {
    if (!d || check(d, (void *)16, (void *)16, (void *)16, (float *)16) ||
        !flash_fits(d, NULL, NULL, NULL))
        return 0;
    int tps, splits = kv_splits(d, SIZE_MAX, &tps);
    return splits > 1 ? split_bytes(d, splits) : 0;
}

int rg_cuda_attention_kv_splits(const rg_attention_desc *d, const void *q, const void *k,
                                const void *v, size_t ws_bytes) {
    if (!d || check(d, q, k, v, (float *)16) || !flash_fits(d, q, k, v)) return 1;
    int tps;
    return kv_splits(d, ws_bytes, &tps);
}

} /* extern "C" */
