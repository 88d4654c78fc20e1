/* test_gpu_attention.c: ridge's CUDA attention (rg_cuda_attention_f32 / _bf16 / _f16) against
 * the double reference with the benchmark's own check (rg__verify_attention, every row): the
 * tensor-core kernel (bf16, fp16; head_dim 64 and 128) and the row kernel (fp32, other head
 * dims, unaligned operands) over grouped heads, the bottom-right causal mask with q_len above
 * and below kv_len (rows with no key must be zeros), partial tiles, decode rows and kv_len 0;
 * the decode path (query heads packed per KV head, keys split into ranges and combined) with
 * its workspace allocated per call, given by the caller, or absent; and the argument checks,
 * which hold with or without a GPU. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "case_attention.h"
#include "gpu.h"
#include "gpu_gemm.h" /* rg__f16_from_f32 */

static void need_gpu(void) {
    char why[200];
    if (!rg__gpu_available(why, sizeof why)) cr_skip_test("no GPU here: %s", why);
}

typedef enum { T_F32, T_BF16, T_F16 } elem_type;

/* x: n floats uniform in [-1, 1), rounded to the type (the floats keep the rounded values); h:
 * the 16-bit bits. */
static void fill(float *x, uint16_t *h, int64_t n, elem_type t, uint64_t *s) {
    for (int64_t i = 0; i < n; i++) {
        float f = rg__rng_uniform_f32(s);
        if (t == T_BF16) {
            h[i] = rg__bf16_from_f32(f);
            f = rg__f32_from_bf16(h[i]);
        } else if (t == T_F16) {
            h[i] = rg__f16_from_f32(f);
            f = rg__f32_from_f16(h[i]);
        }
        x[i] = f;
    }
}

/* How the 16-bit calls get the split-KV workspace. */
typedef enum { WS_OWN, WS_GIVEN, WS_NONE } ws_mode;

/* skew: operands placed 2 bytes off 16-byte alignment (the row kernel must take them). */
static void run_case(rg_attention_desc d, elem_type t, int skew, ws_mode wm, uint64_t seed) {
    const int64_t nq = d.batch * d.heads * d.q_len * d.head_dim;
    const int64_t nkv = d.batch * d.kv_heads * d.kv_len * d.head_dim;
    const size_t es = t == T_F32 ? 4 : 2;
    float *q = malloc((size_t)nq * 4), *k = malloc((size_t)(nkv + 1) * 4),
          *v = malloc((size_t)(nkv + 1) * 4), *o = malloc((size_t)nq * 4);
    uint16_t *qh = malloc((size_t)nq * 2), *kh = malloc((size_t)(nkv + 1) * 2),
             *vh = malloc((size_t)(nkv + 1) * 2);
    cr_assert(q && k && v && o && qh && kh && vh);
    uint64_t s = seed;
    fill(q, qh, nq, t, &s);
    fill(k, kh, nkv, t, &s);
    fill(v, vh, nkv, t, &s);
    char *dq, *dk, *dv;
    float *dout;
    const size_t off = skew ? 2 : 0;
    cr_assert_eq(rg__gpu_alloc((void **)&dq, (size_t)nq * es + 16), 0);
    cr_assert_eq(rg__gpu_alloc((void **)&dk, (size_t)(nkv + 1) * es + 16), 0);
    cr_assert_eq(rg__gpu_alloc((void **)&dv, (size_t)(nkv + 1) * es + 16), 0);
    cr_assert_eq(rg__gpu_alloc((void **)&dout, (size_t)nq * 4), 0);
    const void *sq = t == T_F32 ? (void *)q : qh, *sk = t == T_F32 ? (void *)k : kh,
               *sv = t == T_F32 ? (void *)v : vh;
    cr_assert_eq(rg__gpu_upload(dq + off, sq, (size_t)nq * es), 0);
    if (nkv) cr_assert_eq(rg__gpu_upload(dk + off, sk, (size_t)nkv * es), 0);
    if (nkv) cr_assert_eq(rg__gpu_upload(dv + off, sv, (size_t)nkv * es), 0);
    cr_assert_eq(rg__gpu_fill_bytes(dout, 0xff, (size_t)nq * 4), 0); /* NaN: unwritten shows */
    const size_t ws_bytes = wm == WS_GIVEN ? rg_cuda_attention_workspace(&d) : 0;
    void *ws = NULL;
    if (ws_bytes) {
        cr_assert_eq(rg__gpu_alloc(&ws, ws_bytes), 0);
        cr_assert_eq(rg__gpu_fill_bytes(ws, 0xff, ws_bytes), 0); /* partials must all be written */
    }
    const uint16_t *hq = (const uint16_t *)(dq + off), *hk = (const uint16_t *)(dk + off),
                   *hv = (const uint16_t *)(dv + off);
    int rc;
    if (t == T_F32)
        rc = rg_cuda_attention_f32(&d, (const float *)(dq + off), (const float *)(dk + off),
                                   (const float *)(dv + off), dout, NULL);
    else if (wm == WS_OWN)
        rc = t == T_BF16 ? rg_cuda_attention_bf16(&d, hq, hk, hv, dout, NULL)
                         : rg_cuda_attention_f16(&d, hq, hk, hv, dout, NULL);
    else
        rc = t == T_BF16 ? rg_cuda_attention_bf16_ws(&d, hq, hk, hv, dout, ws, ws_bytes, NULL)
                         : rg_cuda_attention_f16_ws(&d, hq, hk, hv, dout, ws, ws_bytes, NULL);
    cr_assert_eq(rc, 0, "launch: %s", rg_status_message(rc));
    cr_assert_eq(rg__gpu_download(o, dout, (size_t)nq * 4), 0);
    double err, tol;
    char reason[300] = "";
    const double p_unit = t == T_BF16 ? 0x1p-8 : t == T_F16 ? 0x1p-11 : 0.0;
    rc = rg__verify_attention(&d, q, k, v, o, 0, seed, p_unit, &err, &tol, reason, sizeof reason);
    cr_assert_eq(rc, 0,
                 "type %d skew %d ws %d (%d ranges): b %lld h %lld kvh %lld q %lld kv %lld d %lld "
                 "causal %d: %s",
                 t, skew, wm, rg_cuda_attention_kv_splits(&d, hq, hk, hv, ws_bytes),
                 (long long)d.batch, (long long)d.heads, (long long)d.kv_heads, (long long)d.q_len,
                 (long long)d.kv_len, (long long)d.head_dim, d.causal, reason);
    rg__gpu_free(dq), rg__gpu_free(dk), rg__gpu_free(dv), rg__gpu_free(dout);
    if (ws) rg__gpu_free(ws);
    free(q), free(k), free(v), free(o), free(qh), free(kh), free(vh);
}

static const rg_attention_desc shapes[] = {
    /* batch, heads, kv_heads, q_len, kv_len, head_dim, scale, causal */
    {2, 4, 2, 70, 150, 64, 0, 0},
    {2, 4, 2, 70, 150, 64, 0, 1},
    {1, 2, 1, 130, 40, 64, 0, 1},
    {1, 3, 3, 64, 64, 128, 0.3f, 1},
    {1, 2, 1, 33, 200, 128, 0, 1},
    {1, 8, 2, 1, 1000, 128, 0, 0},
    {1, 4, 4, 16, 517, 64, 0, 1},
    {1, 2, 2, 17, 33, 80, 0, 1},
    {1, 1, 1, 5, 0, 64, 0, 0},
    {1, 2, 2, 9, 12, 8, 0, 0},
    /* decode: 4 heads per KV head in one block, causal rows; 3 heads of 16 rows; rows with no
     * key in a packed block; key ranges left empty for the first row block; batch 2 */
    {1, 32, 8, 4, 3000, 128, 0, 1},
    {1, 6, 2, 16, 2000, 64, 0, 0},
    {1, 4, 2, 16, 8, 64, 0, 1},
    {1, 1, 1, 200, 1030, 64, 0, 1},
    {2, 8, 2, 1, 4100, 128, 0, 0}};

static void sweep(elem_type t) {
    uint64_t seed = 100 + t;
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        for (int skew = 0; skew < (t == T_F32 ? 1 : 2); skew++)
            for (int wm = WS_OWN; wm <= (t == T_F32 || skew ? WS_OWN : WS_NONE); wm++)
                run_case(shapes[i], t, skew, (ws_mode)wm, seed++);
}

/* The decode shape of the gpu suite splits its keys on any GPU with more than 8 SMs (8 blocks
 * unsplit), needs a workspace for it, and falls back to no split without one. */
Test(gpu_attention, decode_splits_keys) {
    need_gpu();
    const rg_attention_desc d = {1, 32, 8, 1, 8192, 128, 0, 0};
    const void *al = (const void *)(uintptr_t)256;
    const size_t ws = rg_cuda_attention_workspace(&d);
    cr_assert_gt(ws, 0);
    cr_assert_gt(rg_cuda_attention_kv_splits(&d, al, al, al, ws), 1);
    cr_assert_eq(rg_cuda_attention_kv_splits(&d, al, al, al, 0), 1);
    rg_attention_desc prefill = {1, 16, 16, 4096, 4096, 128, 0, 0};
    cr_assert_eq(rg_cuda_attention_workspace(&prefill), 0);
}

Test(gpu_attention, bf16_against_reference, .timeout = 300) {
    need_gpu();
    sweep(T_BF16);
}

Test(gpu_attention, f16_against_reference, .timeout = 300) {
    need_gpu();
    sweep(T_F16);
}

Test(gpu_attention, f32_against_reference, .timeout = 300) {
    need_gpu();
    sweep(T_F32);
}

/* Checked before any device work: with or without a GPU (RG_EUNSUPPORTED without CUDA). */
Test(gpu_attention, bad_arguments) {
#ifdef RIDGE_HAVE_CUDA
    const int einval = RG_EINVAL, eunsup = RG_EUNSUPPORTED;
#else
    const int einval = RG_EUNSUPPORTED, eunsup = RG_EUNSUPPORTED;
#endif
    float x = 0;
    uint16_t h = 0;
    rg_attention_desc d = {1, 4, 3, 8, 8, 64, 0, 0}; /* kv_heads does not divide heads */
    cr_assert_eq(rg_cuda_attention_f32(&d, &x, &x, &x, &x, NULL), einval);
    d.kv_heads = 2;
    d.q_len = 0;
    cr_assert_eq(rg_cuda_attention_bf16(&d, &h, &h, &h, &x, NULL), einval);
    d.q_len = 8;
    d.scale = INFINITY;
    cr_assert_eq(rg_cuda_attention_f16(&d, &h, &h, &h, &x, NULL), einval);
    d.scale = 0;
    cr_assert_eq(rg_cuda_attention_f32(&d, &x, NULL, &x, &x, NULL), einval);
    cr_assert_eq(rg_cuda_attention_f32(NULL, &x, &x, &x, &x, NULL), einval);
    d.head_dim = 1024;
    cr_assert_eq(rg_cuda_attention_bf16(&d, &h, &h, &h, &x, NULL), eunsup);
    /* The workspace forms check the same way, before any device work. */
    cr_assert_eq(rg_cuda_attention_bf16_ws(&d, &h, &h, &h, &x, NULL, 0, NULL), eunsup);
    d.head_dim = 64;
    d.kv_heads = 3;
    cr_assert_eq(rg_cuda_attention_f16_ws(&d, &h, &h, &h, &x, &x, 4, NULL), einval);
    cr_assert_eq(rg_cuda_attention_bf16_ws(NULL, &h, &h, &h, &x, NULL, 0, NULL), einval);
    cr_assert_eq(rg_cuda_attention_workspace(&d), 0); /* invalid: no workspace */
    cr_assert_eq(rg_cuda_attention_workspace(NULL), 0);
}

/* Which kernel the 16-bit calls take is decided on the host: checkable without a GPU. */
Test(gpu_attention, kernel_choice) {
    rg_attention_desc d = {1, 4, 2, 8, 8, 128, 0, 0};
    const void *al = (const void *)(uintptr_t)256, *off = (const void *)(uintptr_t)258;
#ifdef RIDGE_HAVE_CUDA
    cr_assert_eq(rg_cuda_attention_tensor_cores(&d, al, al, al), 1);
    d.head_dim = 64;
    cr_assert_eq(rg_cuda_attention_tensor_cores(&d, al, al, al), 1);
#endif
    cr_assert_eq(rg_cuda_attention_tensor_cores(&d, al, off, al), 0); /* unaligned K */
    d.head_dim = 80;
    cr_assert_eq(rg_cuda_attention_tensor_cores(&d, al, al, al), 0);
    d.head_dim = 64;
    d.kv_len = 0;
    cr_assert_eq(rg_cuda_attention_tensor_cores(&d, al, al, al), 0);
    cr_assert_eq(rg_cuda_attention_tensor_cores(NULL, al, al, al), 0);
}
