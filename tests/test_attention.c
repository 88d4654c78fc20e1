/* test_attention.c: rg_attention_f32/bf16 against the double reference over shapes, GQA ratios,
 * causal masks, unequal lengths, head dims, special values, every ISA this CPU runs, threads. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_attention.h"
#include "ridge.h"

#define GUARD 64

typedef struct {
    int64_t batch, heads, kv_heads, q_len, kv_len, head_dim;
    int causal;
    float scale;
} shape;

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static float rand_unit(uint64_t *s) {
    return (float)((int64_t)(splitmix(s) >> 40) - (1 << 23)) / (float)(1 << 23);
}

/* A NaN with a payload no arithmetic produces, in the guards around O. */
static const uint32_t SENTINEL_BITS = 0x7fa5a5a5u;

static float sentinel(void) {
    float f;
    memcpy(&f, &SENTINEL_BITS, sizeof f);
    return f;
}

static rg_attention_desc desc_of(const shape *s) {
    return (rg_attention_desc){s->batch,  s->heads,    s->kv_heads, s->q_len,
                               s->kv_len, s->head_dim, s->scale,    s->causal};
}

/* Runs one shape on one ISA, dtype and thread count (and an L3 size for the kernel to plan
 * for, 0: the OS's) with data of magnitude amp and checks
 * every row against the reference (the harness's verification, all rows), that Q, K and V
 * are unchanged, and that nothing is written around O. */
static void check(const shape *s, rg_isa isa, int bf16, rg_pool *pool, size_t l3, float amp,
                  uint64_t seed) {
    const rg_attention_desc d = desc_of(s);
    const int64_t nq = d.batch * d.heads * d.q_len * d.head_dim;
    const int64_t nkv = d.batch * d.kv_heads * d.kv_len * d.head_dim;
    char what[256];
    snprintf(what, sizeof what,
             "isa=%s %s threads=%d l3=%zu B=%" PRId64 " H=%" PRId64 " KVH=%" PRId64 " q=%" PRId64
             " kv=%" PRId64 " d=%" PRId64 " causal=%d scale=%g amp=%g seed=%" PRIu64,
             rg_isa_name(isa), bf16 ? "bf16" : "f32", pool ? rg_pool_size(pool) : 1, l3, d.batch,
             d.heads, d.kv_heads, d.q_len, d.kv_len, d.head_dim, d.causal, (double)d.scale,
             (double)amp, seed);
    float *q = malloc(sizeof(float) * (size_t)(nq ? nq : 1));
    float *k = malloc(sizeof(float) * (size_t)(nkv ? nkv : 1));
    float *v = malloc(sizeof(float) * (size_t)(nkv ? nkv : 1));
    uint16_t *qb = malloc(2 * (size_t)(nq ? nq : 1)), *kb = malloc(2 * (size_t)(nkv ? nkv : 1));
    uint16_t *vb = malloc(2 * (size_t)(nkv ? nkv : 1));
    float *obuf = malloc(sizeof(float) * (size_t)(nq + 2 * GUARD));
    cr_assert(q && k && v && qb && kb && vb && obuf, "out of memory for %s", what);
    uint64_t rng = seed;
    for (int64_t i = 0; i < nq; i++) {
        qb[i] = rg__bf16_from_f32(amp * rand_unit(&rng));
        q[i] = bf16 ? rg__f32_from_bf16(qb[i]) : amp * rand_unit(&rng);
    }
    for (int64_t i = 0; i < nkv; i++) {
        kb[i] = rg__bf16_from_f32(amp * rand_unit(&rng));
        k[i] = bf16 ? rg__f32_from_bf16(kb[i]) : amp * rand_unit(&rng);
        vb[i] = rg__bf16_from_f32(rand_unit(&rng));
        v[i] = bf16 ? rg__f32_from_bf16(vb[i]) : rand_unit(&rng);
    }
    for (int64_t i = 0; i < nq + 2 * GUARD; i++)
        obuf[i] = sentinel();
    float *o = obuf + GUARD;
    const rg_exec ex = {.pool = pool, .isa = isa, .caches = {0, 0, l3}};
    const int rc =
        bf16 ? rg_attention_bf16(&ex, &d, qb, kb, vb, o) : rg_attention_f32(&ex, &d, q, k, v, o);
    cr_assert_eq(rc, RG_OK, "rg_attention returned %s for %s", rg_status_name(rc), what);
    for (int i = 0; i < GUARD; i++) {
        cr_assert(memcmp(&obuf[i], &SENTINEL_BITS, 4) == 0, "write before O: %s", what);
        cr_assert(memcmp(&o[nq + i], &SENTINEL_BITS, 4) == 0, "write after O: %s", what);
    }
    double err, tol;
    char reason[256] = "";
    const int vr =
        rg__verify_attention(&d, q, k, v, o, 0, seed, 0.0, &err, &tol, reason, sizeof reason);
    cr_assert_eq(vr, RG_OK, "%s: %s", what, reason);
    free(q);
    free(k);
    free(v);
    free(qb);
    free(kb);
    free(vb);
    free(obuf);
}

/* Every ISA this CPU runs, f32 and bf16, one thread and a pool of two, for an L3 of l3 bytes. */
static void check_all_l3(const shape *s, size_t l3, float amp, uint64_t seed) {
    rg_pool *pool = NULL;
    cr_assert_eq(rg_pool_create(2, NULL, &pool), RG_OK);
    for (int isa = RG_ISA_SCALAR; isa < RG_ISA_COUNT_; isa++) {
        if (!rg_isa_supported((rg_isa)isa)) continue;
        for (int bf = 0; bf < 2; bf++) {
            check(s, (rg_isa)isa, bf, NULL, l3, amp, seed);
            check(s, (rg_isa)isa, bf, pool, l3, amp, seed + 1);
        }
    }
    rg_pool_destroy(pool);
}

static void check_all(const shape *s, float amp, uint64_t seed) {
    check_all_l3(s, 0, amp, seed);
}

Test(attention, prefill_gqa_causal_and_not) {
    for (int c = 0; c < 2; c++) {
        shape s = {1, 4, 2, 128, 192, 64, c, 0};
        check_all(&s, 1, 1);
    }
}

Test(attention, head_dims) {
    const int64_t dims[] = {1, 16, 17, 40, 72, 128, 136};
    for (size_t i = 0; i < sizeof dims / sizeof dims[0]; i++) {
        shape s = {1, 2, 1, 33, 47, dims[i], (int)(i & 1), 0};
        check_all(&s, 1, 10 + i);
    }
}

/* q_len > kv_len under the bottom-right mask: the first q_len - kv_len rows see no key and
 * must be zeros; q_len < kv_len: every row sees the whole prefix. */
Test(attention, unequal_lengths) {
    const shape cases[] = {{1, 2, 2, 70, 20, 72, 1, 0}, {2, 3, 1, 37, 101, 40, 1, 0},
                           {1, 2, 2, 5, 300, 64, 1, 0}, {1, 1, 1, 65, 1, 8, 1, 0},
                           {1, 1, 1, 65, 1, 8, 0, 0},   {2, 4, 4, 17, 129, 24, 0, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_all(&cases[i], 1, 20 + i);
}

Test(attention, empty_rows_are_zero) {
    shape s = {1, 2, 1, 50, 10, 32, 1, 0};
    const rg_attention_desc d = desc_of(&s);
    float q[2 * 50 * 32], k[10 * 32], v[10 * 32], o[2 * 50 * 32];
    uint64_t rng = 5;
    for (size_t i = 0; i < sizeof q / sizeof *q; i++)
        q[i] = rand_unit(&rng);
    for (size_t i = 0; i < sizeof k / sizeof *k; i++)
        k[i] = rand_unit(&rng), v[i] = rand_unit(&rng);
    cr_assert_eq(rg_attention_f32(NULL, &d, q, k, v, o), RG_OK);
    for (int h = 0; h < 2; h++)
        for (int i = 0; i < 40; i++)
            for (int c = 0; c < 32; c++)
                cr_assert(o[(h * 50 + i) * 32 + c] == 0.0f, "row %d of head %d not zero", i, h);
}

/* Decode: a few query rows over long keys (the row form, and key splits across threads), with
 * K and V planned as in cache and, for an L3 of 1 byte, as from DRAM (the row form then asks
 * for the next key block as it works: the reads ahead must not change a result). */
Test(attention, decode) {
    const shape cases[] = {{1, 8, 2, 1, 1000, 128, 0, 0}, {1, 3, 3, 1, 1500, 128, 1, 0},
                           {1, 2, 1, 16, 300, 128, 0, 0}, {1, 2, 2, 3, 777, 17, 0, 0},
                           {2, 4, 1, 4, 2100, 64, 1, 0},  {1, 1, 1, 7, 2049, 80, 0, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        check_all(&cases[i], 1, 30 + i);
        check_all_l3(&cases[i], 1, 1, 40 + i);
    }
}

/* Scores in the hundreds: e^s overflows fp32 in a softmax that does not subtract the max. */
Test(attention, large_scores) {
    const shape cases[] = {{1, 2, 1, 40, 90, 64, 0, 0}, {1, 2, 2, 3, 600, 128, 1, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_all(&cases[i], 16, 40 + i);
}

Test(attention, scale) {
    shape s = {1, 2, 1, 20, 30, 48, 1, -0.3f};
    check_all(&s, 1, 50);
    /* 0 and NaN mean 1/sqrt(head_dim): the same output as passing it. */
    shape a = {1, 1, 1, 9, 13, 64, 0, 0}, b = a;
    b.scale = 0.125f;
    const rg_attention_desc da = desc_of(&a), db = desc_of(&b);
    float q[9 * 64], k[13 * 64], v[13 * 64], oa[9 * 64], ob[9 * 64], on[9 * 64];
    uint64_t rng = 7;
    for (size_t i = 0; i < sizeof q / sizeof *q; i++)
        q[i] = rand_unit(&rng);
    for (size_t i = 0; i < sizeof k / sizeof *k; i++)
        k[i] = rand_unit(&rng), v[i] = rand_unit(&rng);
    rg_attention_desc dn = da;
    dn.scale = NAN;
    cr_assert_eq(rg_attention_scale(&da), 0.125f);
    cr_assert_eq(rg_attention_f32(NULL, &da, q, k, v, oa), RG_OK);
    cr_assert_eq(rg_attention_f32(NULL, &db, q, k, v, ob), RG_OK);
    cr_assert_eq(rg_attention_f32(NULL, &dn, q, k, v, on), RG_OK);
    cr_assert(memcmp(oa, ob, sizeof oa) == 0 && memcmp(oa, on, sizeof oa) == 0);
}

Test(attention, random_shapes) {
    uint64_t rng = 20261127;
    for (int t = 0; t < 12; t++) {
        shape s;
        s.kv_heads = 1 + (int64_t)(splitmix(&rng) % 3);
        s.heads = s.kv_heads * (1 + (int64_t)(splitmix(&rng) % 4));
        s.batch = 1 + (int64_t)(splitmix(&rng) % 2);
        s.q_len = 1 + (int64_t)(splitmix(&rng) % 90);
        s.kv_len = 1 + (int64_t)(splitmix(&rng) % 200);
        s.head_dim = 1 + (int64_t)(splitmix(&rng) % 100);
        s.causal = (int)(splitmix(&rng) & 1);
        s.scale = 0;
        rg_pool *pool = NULL;
        cr_assert_eq(rg_pool_create(2, NULL, &pool), RG_OK);
        const rg_isa isa = rg_cpu_best_isa();
        check(&s, isa, (int)(t & 1), (t & 2) ? pool : NULL, 0, 1, 100 + (uint64_t)t);
        rg_pool_destroy(pool);
    }
}

Test(attention, kv_len_zero_gives_zeros) {
    rg_attention_desc d = {1, 2, 1, 3, 0, 8, 0, 0};
    float q[2 * 3 * 8], o[2 * 3 * 8];
    for (int i = 0; i < 48; i++)
        q[i] = 1.0f, o[i] = NAN;
    cr_assert_eq(rg_attention_f32(NULL, &d, q, NULL, NULL, o), RG_OK);
    for (int i = 0; i < 48; i++)
        cr_assert(o[i] == 0.0f);
}

Test(attention, bad_arguments) {
    float x[64] = {0}, o[64];
    uint16_t xb[64] = {0};
    const rg_attention_desc ok = {1, 2, 1, 2, 2, 8, 0, 0};
    rg_attention_desc d = ok;
    cr_assert_eq(rg_attention_f32(NULL, &ok, x, x, x, o), RG_OK);
    cr_assert_eq(rg_attention_bf16(NULL, &ok, xb, xb, xb, o), RG_OK);
    cr_assert_eq(rg_attention_f32(NULL, NULL, x, x, x, o), RG_EINVAL);
    cr_assert_eq(rg_attention_f32(NULL, &ok, NULL, x, x, o), RG_EINVAL);
    cr_assert_eq(rg_attention_f32(NULL, &ok, x, NULL, x, o), RG_EINVAL);
    cr_assert_eq(rg_attention_f32(NULL, &ok, x, x, x, NULL), RG_EINVAL);
    d.kv_heads = 3;
    cr_assert_eq(rg_attention_f32(NULL, &d, x, x, x, o), RG_EINVAL);
    d = ok, d.q_len = 0;
    cr_assert_eq(rg_attention_f32(NULL, &d, x, x, x, o), RG_EINVAL);
    d = ok, d.head_dim = -1;
    cr_assert_eq(rg_attention_f32(NULL, &d, x, x, x, o), RG_EINVAL);
    d = ok, d.kv_len = -1;
    cr_assert_eq(rg_attention_f32(NULL, &d, x, x, x, o), RG_EINVAL);
    d = ok, d.scale = INFINITY;
    cr_assert_eq(rg_attention_f32(NULL, &d, x, x, x, o), RG_EINVAL);
    d = ok, d.q_len = INT64_MAX / 2;
    cr_assert_eq(rg_attention_f32(NULL, &d, x, x, x, o), RG_EOVERFLOW);
    rg_exec ex = {.isa = (rg_isa)99};
    cr_assert_eq(rg_attention_f32(&ex, &ok, x, x, x, o), RG_EINVAL);
}
