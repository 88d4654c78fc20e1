/* test_lowp_gemm.c: rg_gemm_bf16 and rg_gemm_u8s8 against references over shapes, layouts,
 * edge sizes, every kernel this CPU can run, one and two threads, and guards around C. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lowp_internal.h" /* rg__lowp_plan_for */
#include "ridge.h"

typedef struct {
    rg_layout layout;
    rg_trans ta, tb;
    int64_t m, n, k;
    int64_t pad; /* every leading dimension beyond its minimum */
    float alpha, beta;
    int c_bf16;     /* bf16: C type */
    int32_t zero;   /* int8: A's zero point */
    int per_column; /* int8: scales */
    rg_isa isa;
    rg_lowp_method method;
    int threads;
    size_t l2, l3; /* the cache sizes the kernels block for (0: the OS's) */
    uint64_t seed;
} lcase;

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static float rand_unit(uint64_t *s) {
    return (float)((int64_t)(splitmix(s) >> 40) - (1 << 23)) / (float)(1 << 23);
}

#define GUARD 64
static const uint8_t GUARD_BYTE = 0xa5;

/* Stored rows x cols: ld and the number of elements (ld * outer). */
static int64_t ld_of(rg_layout layout, int64_t rows, int64_t cols, int64_t pad) {
    int64_t inner = layout == RG_ROW_MAJOR ? cols : rows;
    return (inner > 1 ? inner : 1) + pad;
}
static int64_t count_of(rg_layout layout, int64_t rows, int64_t cols, int64_t ld) {
    return ld * (layout == RG_ROW_MAJOR ? rows : cols);
}
/* Offset of element (i, j) of op(X) stored with (layout, trans, ld). */
static int64_t at(rg_layout layout, rg_trans t, int64_t ld, int64_t i, int64_t j) {
    int rowwise = (layout == RG_ROW_MAJOR) != (t == RG_TRANS);
    return rowwise ? i * ld + j : j * ld + i;
}

/* The leading dimensions of the case's stored A, B and C and their element counts. */
static void storage_of(const lcase *c, int64_t *lda, int64_t *ldb, int64_t *ldc, int64_t *na,
                       int64_t *nb, int64_t *nc) {
    const int64_t ar = c->ta == RG_NO_TRANS ? c->m : c->k, ac = c->ta == RG_NO_TRANS ? c->k : c->m;
    const int64_t br = c->tb == RG_NO_TRANS ? c->k : c->n, bc = c->tb == RG_NO_TRANS ? c->n : c->k;
    *lda = ld_of(c->layout, ar, ac, c->pad);
    *ldb = ld_of(c->layout, br, bc, c->pad);
    *ldc = ld_of(c->layout, c->m, c->n, c->pad);
    *na = count_of(c->layout, ar, ac, *lda);
    *nb = count_of(c->layout, br, bc, *ldb);
    *nc = count_of(c->layout, c->m, c->n, *ldc);
}

/* C with GUARD bytes of pattern on both sides. */
static char *guarded(size_t bytes) {
    char *p = malloc(bytes + 2 * GUARD);
    cr_assert(p);
    memset(p, GUARD_BYTE, GUARD);
    memset(p + GUARD + bytes, GUARD_BYTE, GUARD);
    return p;
}
static void check_guards(const char *p, size_t bytes, const char *what) {
    for (int i = 0; i < GUARD; i++) {
        cr_assert_eq((uint8_t)p[i], GUARD_BYTE, "%s: write before C", what);
        cr_assert_eq((uint8_t)p[GUARD + bytes + i], GUARD_BYTE, "%s: write after C", what);
    }
}

static rg_pool *pool_for(int threads) {
    rg_pool *pool = NULL;
    if (threads > 1) cr_assert_eq(rg_pool_create(threads, NULL, &pool), RG_OK);
    return pool;
}

static void describe(const lcase *c, const char *kind, char *out, size_t len) {
    const char *kern = "?";
    rg_gemm_lowp_kernel(!strcmp(kind, "u8s8"), c->isa, c->method, &kern);
    snprintf(out, len,
             "%s %s %s%s m=%lld n=%lld k=%lld pad=%lld alpha=%g beta=%g cbf16=%d zero=%d "
             "percol=%d threads=%d",
             kind, kern, c->layout == RG_ROW_MAJOR ? "row " : "col ", c->ta == RG_TRANS ? "T" : "N",
             (long long)c->m, (long long)c->n, (long long)c->k, (long long)c->pad, (double)c->alpha,
             (double)c->beta, c->c_bf16, c->zero, c->per_column, c->threads);
}

/* ---- bf16 ------------------------------------------------------------------------------ */

/* Products of bf16 values are exact in fp32, so only the fp32 sums round: the error of each
 * entry is within gamma_{k+2} (u = 2^-24) of |alpha| sum |a b| + |beta c|, plus half a bf16
 * ulp (2^-8 relative) of the result when C is bf16. */
static void run_bf16(const lcase *c) {
    char what[256];
    describe(c, "bf16", what, sizeof what);
    uint64_t rng = c->seed;
    int64_t lda, ldb, ldc, na, nb, nc;
    storage_of(c, &lda, &ldb, &ldc, &na, &nb, &nc);
    uint16_t *a = malloc((size_t)(na ? na : 1) * 2), *b = malloc((size_t)(nb ? nb : 1) * 2);
    float *c0 = malloc((size_t)(nc ? nc : 1) * 4);
    cr_assert(a && b && c0);
    for (int64_t i = 0; i < na; i++)
        a[i] = rg_bf16_from_f32(rand_unit(&rng));
    for (int64_t i = 0; i < nb; i++)
        b[i] = rg_bf16_from_f32(rand_unit(&rng));
    const size_t esz = c->c_bf16 ? 2 : 4, cbytes = (size_t)nc * esz;
    char *cg = guarded(cbytes);
    void *cm = cg + GUARD;
    for (int64_t i = 0; i < nc; i++) {
        float v = c->beta == 0.0f ? NAN : rand_unit(&rng);
        if (c->c_bf16) {
            ((uint16_t *)cm)[i] = rg_bf16_from_f32(v);
            v = rg_f32_from_bf16(((uint16_t *)cm)[i]);
        } else {
            ((float *)cm)[i] = v;
        }
        c0[i] = v;
    }
    rg_pool *pool = pool_for(c->threads);
    rg_exec ex = {pool, c->isa, {0, c->l2, c->l3}};
    int rc =
        rg_gemm_bf16(&ex, c->method, c->layout, c->ta, c->tb, c->m, c->n, c->k, c->alpha, a, lda, b,
                     ldb, c->beta, cm, c->c_bf16 ? RG_GEMM_OUT_BF16 : RG_GEMM_OUT_F32, ldc);
    cr_assert_eq(rc, RG_OK, "%s: status %d", what, rc);
    check_guards(cg, cbytes, what);
    const double tol = (c->k + 2) * 0x1p-24 / (1 - (c->k + 2) * 0x1p-24) + (c->c_bf16 ? 0x1p-8 : 0);
    for (int64_t i = 0; i < c->m; i++)
        for (int64_t j = 0; j < c->n; j++) {
            double s = 0, mag = 0;
            for (int64_t p = 0; p < c->k; p++) {
                double x = rg_f32_from_bf16(a[at(c->layout, c->ta, lda, i, p)]) *
                           (double)rg_f32_from_bf16(b[at(c->layout, c->tb, ldb, p, j)]);
                s += x;
                mag += fabs(x);
            }
            const int64_t ci = at(c->layout, RG_NO_TRANS, ldc, i, j);
            double ref = c->alpha * s, scale = fabs(c->alpha) * mag;
            if (c->beta != 0.0f) {
                ref += (double)c->beta * c0[ci];
                scale += fabs((double)c->beta * c0[ci]);
            }
            double got = c->c_bf16 ? rg_f32_from_bf16(((uint16_t *)cm)[ci]) : ((float *)cm)[ci];
            cr_assert(isfinite(got), "%s: C[%lld,%lld] = %g", what, (long long)i, (long long)j,
                      got);
            double err = fabs(got - ref) / (scale > 0 ? scale : 1);
            cr_assert(err <= tol, "%s: C[%lld,%lld] = %.9g, reference %.9g: error %.3g > %.3g",
                      what, (long long)i, (long long)j, got, ref, err, tol);
        }
    rg_pool_destroy(pool);
    free(a);
    free(b);
    free(c0);
    free(cg);
}

/* ---- u8s8 ------------------------------------------------------------------------------ */

/* Integer sums are exact: C must equal the documented formula bit for bit. */
static void run_u8s8(const lcase *c) {
    char what[256];
    describe(c, "u8s8", what, sizeof what);
    uint64_t rng = c->seed;
    int64_t lda, ldb, ldc, na, nb, nc;
    storage_of(c, &lda, &ldb, &ldc, &na, &nb, &nc);
    uint8_t *a = malloc((size_t)(na ? na : 1));
    int8_t *b = malloc((size_t)(nb ? nb : 1));
    float *c0 = malloc((size_t)(nc ? nc : 1) * 4), *scale = malloc((size_t)(c->n + 1) * 4);
    cr_assert(a && b && c0 && scale);
    /* Extremes often (0, 255, -128, 127), so the widest sums are exercised. */
    for (int64_t i = 0; i < na; i++)
        a[i] = (splitmix(&rng) & 3) == 0 ? 255 : (uint8_t)splitmix(&rng);
    for (int64_t i = 0; i < nb; i++)
        b[i] = (splitmix(&rng) & 3) == 0 ? -128 : (int8_t)splitmix(&rng);
    for (int64_t j = 0; j <= c->n; j++)
        scale[j] = 0x1p-12f * (1 + (float)(splitmix(&rng) % 1000) / 7);
    const size_t cbytes = (size_t)nc * 4;
    char *cg = guarded(cbytes);
    float *cm = (float *)(cg + GUARD);
    for (int64_t i = 0; i < nc; i++)
        cm[i] = c0[i] = c->beta == 0.0f ? NAN : rand_unit(&rng);
    rg_pool *pool = pool_for(c->threads);
    rg_exec ex = {pool, c->isa, {0, c->l2, c->l3}};
    int rc = rg_gemm_u8s8(&ex, c->method, c->layout, c->ta, c->tb, c->m, c->n, c->k, a, lda,
                          c->zero, b, ldb, scale, c->per_column, c->beta, cm, ldc);
    cr_assert_eq(rc, RG_OK, "%s: status %d", what, rc);
    check_guards(cg, cbytes, what);
    for (int64_t i = 0; i < c->m; i++)
        for (int64_t j = 0; j < c->n; j++) {
            int64_t s = 0;
            for (int64_t p = 0; p < c->k; p++)
                s += ((int64_t)a[at(c->layout, c->ta, lda, i, p)] - c->zero) *
                     b[at(c->layout, c->tb, ldb, p, j)];
            const int64_t ci = at(c->layout, RG_NO_TRANS, ldc, i, j);
            float want = (float)s * scale[c->per_column ? j : 0];
            if (c->beta != 0.0f) want = fmaf(c->beta, c0[ci], want);
            cr_assert(memcmp(&want, &cm[ci], 4) == 0 || (want == 0 && cm[ci] == 0),
                      "%s: C[%lld,%lld] = %.9g, exact %.9g (S - Z = %lld)", what, (long long)i,
                      (long long)j, (double)cm[ci], (double)want, (long long)s);
        }
    rg_pool_destroy(pool);
    free(a);
    free(b);
    free(c0);
    free(scale);
    free(cg);
}

/* ---- Sweeps ------------------------------------------------------------------------------ */

/* The kernels this CPU can run: (isa, method) pairs. */
static int paths(int int8, rg_isa *isa, rg_lowp_method *method) {
    int n = 0;
    const rg_isa isas[] = {RG_ISA_SCALAR, RG_ISA_AVX2, RG_ISA_AVX512};
    for (int i = 0; i < 3; i++)
        for (int me = RG_LOWP_DOT; me <= RG_LOWP_WIDEN; me++) {
            const char *name;
            if (rg_gemm_lowp_kernel(int8, isas[i], (rg_lowp_method)me, &name) == RG_OK) {
                isa[n] = isas[i];
                method[n++] = (rg_lowp_method)me;
            }
        }
    return n;
}

/* Edge shapes: 1, primes, tile sizes +- 1 (32 x 12, 16 x 6, 8 x 4), k groups +- 1; m <= 16
 * with k past one 64-byte step (the few-columns form of the dot kernels: layouts with k
 * contiguous in both operands take it). */
static const int64_t dims[][3] = {
    {1, 1, 1},    {1, 7, 5},  {5, 1, 9},     {31, 13, 3},  {33, 11, 4}, {32, 12, 8}, {17, 25, 33},
    {64, 24, 63}, {7, 70, 2}, {45, 37, 129}, {3, 37, 129}, {16, 9, 64}, {13, 6, 200}};

static void sweep(int int8, int threads) {
    rg_isa isa[8];
    rg_lowp_method method[8];
    const int np = paths(int8, isa, method);
    /* The scalar kernel runs everywhere, a vector one wherever AVX2 does (not on a Nehalem,
     * which the emulated-CPU tests run this on). */
    cr_assert(np >= (rg_isa_supported(RG_ISA_AVX2) ? 2 : 1), "%d paths", np);
    uint64_t seed = 1234 + (uint64_t)int8;
    for (int q = 0; q < np; q++)
        for (size_t d = 0; d < sizeof dims / sizeof dims[0]; d++)
            for (int l = 0; l < 8; l++) {
                lcase c = {.layout = l & 1 ? RG_COL_MAJOR : RG_ROW_MAJOR,
                           .ta = l & 2 ? RG_TRANS : RG_NO_TRANS,
                           .tb = l & 4 ? RG_TRANS : RG_NO_TRANS,
                           .m = dims[d][0],
                           .n = dims[d][1],
                           .k = dims[d][2],
                           .pad = (int64_t)(d % 3),
                           .alpha = d % 4 == 3 ? -0.75f : 1.0f,
                           .beta = l % 3 == 0   ? 0.0f
                                   : l % 3 == 1 ? 1.0f
                                                : -0.5f,
                           .c_bf16 = (int)(d % 2) && l % 2,
                           .zero = d % 2 ? 0 : (int32_t)(d * 37 % 256),
                           .per_column = (int)(l % 2),
                           .isa = isa[q],
                           .method = method[q],
                           .threads = threads,
                           .seed = seed++,
                           /* Half the shapes planned for a 1-byte L3: the few-columns form
                            * then asks for rows ahead, the packed one takes the narrowest
                            * blocks. */
                           .l3 = d % 2};
                if (int8)
                    run_u8s8(&c);
                else
                    run_bf16(&c);
            }
}

Test(lowp_gemm, bf16_shapes_layouts_paths) {
    sweep(0, 1);
}
Test(lowp_gemm, u8s8_shapes_layouts_paths) {
    sweep(1, 1);
}

/* Sizes that take several k blocks (the workspace), several threads and edge tiles. */
static void large(int int8) {
    rg_isa isa[8];
    rg_lowp_method method[8];
    const int np = paths(int8, isa, method);
    for (int q = 0; q < np; q++) {
        if (isa[q] == RG_ISA_SCALAR) continue; /* covered by the sweep; slow at this size */
        lcase c = {.layout = RG_ROW_MAJOR,
                   .ta = RG_NO_TRANS,
                   .tb = RG_TRANS,
                   .m = 70,
                   .n = 53,
                   .k = 4100,
                   .pad = 1,
                   .alpha = 0.5f,
                   .beta = 0.25f,
                   .zero = 200,
                   .per_column = 1,
                   .isa = isa[q],
                   .method = method[q],
                   .threads = 2,
                   .seed = 99 + (uint64_t)q};
        if (int8)
            run_u8s8(&c);
        else
            run_bf16(&c);
        c.layout = RG_COL_MAJOR;
        c.ta = RG_TRANS;
        c.tb = RG_NO_TRANS;
        c.c_bf16 = 1;
        c.beta = 0.0f;
        c.zero = 0;
        c.per_column = 0;
        c.m = 129;
        c.n = 100;
        c.k = 2049;
        if (int8)
            run_u8s8(&c);
        else
            run_bf16(&c);
        /* Decode: 16 tokens against nn.Linear weights (W[N][K], transB = T), the few-columns
         * form on two threads. */
        c.layout = RG_ROW_MAJOR;
        c.ta = RG_NO_TRANS;
        c.tb = RG_TRANS;
        c.m = 16;
        c.n = 203;
        c.k = 4100;
        c.beta = -0.5f;
        c.zero = 3;
        c.per_column = 1;
        if (int8)
            run_u8s8(&c);
        else
            run_bf16(&c);
        c.beta = 0.0f;
        c.zero = 0;
        c.per_column = 0;
        /* fp32 C not read (beta 0): C holds the sums between k blocks; m and ldc ragged. */
        c.c_bf16 = 0;
        c.layout = RG_ROW_MAJOR;
        c.m = 29;
        c.n = 45;
        c.k = 4099;
        c.pad = 3;
        if (int8)
            run_u8s8(&c);
        else
            run_bf16(&c);
    }
}

Test(lowp_gemm, bf16_k_blocks_threads) {
    large(0);
}
Test(lowp_gemm, u8s8_k_blocks_threads) {
    large(1);
}

/* The shared B panels: 2048^3 on two threads shares them (the rows split, each thread packing
 * half of every panel); too few row tiles for the threads, a small B, one thread, or more threads
 * than share an L3, does not. */
Test(lowp_gemm, shared_b_plan) {
    const rg_cache_sizes caches = {32u << 10, 1u << 20, 32u << 20};
    for (int int8 = 0; int8 < 2; int8++) {
        const rg__lowp_kernel *kern = rg__lowp_kernel_get(int8, RG_ISA_SCALAR, RG_LOWP_WIDEN);
        cr_assert(kern != NULL);
        rg__lowp_plan pl;
        rg__lowp_plan_for(kern, &caches, 2048, 2048, 2048, 2, &pl);
        cr_expect(pl.shared_b && pl.tm == 2 && pl.tn == 1, "2048^3: shared %d, %d x %d",
                  pl.shared_b, pl.tm, pl.tn);
        cr_expect(pl.kc % (int8 ? 2 : 1) == 0 && pl.nc % kern->nr == 0 && pl.mc % kern->mr == 0);
        rg__lowp_plan_for(kern, &caches, kern->mr, 4096, 2048, 2, &pl);
        cr_expect(!pl.shared_b && pl.tm * pl.tn == 2, "one row tile: shared %d", pl.shared_b);
        rg__lowp_plan_for(kern, &caches, 256, 256, 256, 2, &pl);
        cr_expect(!pl.shared_b, "a B of 64 Ki elements: shared");
        rg__lowp_plan_for(kern, &caches, 8192, 8192, 8192, 16, &pl);
        cr_expect(!pl.shared_b && pl.tm * pl.tn == 16, "16 threads: shared %d", pl.shared_b);
        rg__lowp_plan_for(kern, &caches, 2048, 2048, 2048, 1, &pl);
        cr_expect(!pl.shared_b && pl.tm == 1 && pl.tn == 1);
    }
}

/* Shared B panels on 2 and 3 threads over several column blocks (a small L3 narrows them) and
 * k blocks (the two buffers alternate), with ragged edges, on every kernel this CPU runs; a
 * small L2 lets a B of a few MiB count as large. */
static void shared_b(int int8) {
    rg_isa isa[8];
    rg_lowp_method method[8];
    const int np = paths(int8, isa, method);
    const size_t l2 = 256u << 10, l3 = 256u << 10;
    uint64_t seed = 777;
    for (int q = 0; q < np; q++) {
        if (isa[q] == RG_ISA_SCALAR) continue; /* slow at this size; the plan is the same code */
        const rg__lowp_kernel *kern = rg__lowp_kernel_get(int8, isa[q], method[q]);
        cr_assert(kern != NULL);
        for (int threads = 2; threads <= 3; threads++) {
            rg_cache_sizes caches = rg_cache_sizes_default();
            caches.l2 = l2;
            caches.l3 = l3;
            /* Row and column tiles that the threads divide evenly (the last ones ragged): the
             * plan's costs then tie, and a tie takes the shared B. */
            const int64_t m = threads * kern->mr - 3, n = 192 * threads - 5;
            const int64_t k = int8 ? 4100 : 2100;
            rg__lowp_plan pl;
            rg__lowp_plan_for(kern, &caches, m, n, k, threads, &pl);
            cr_assert(pl.shared_b, "%s, %d threads: not shared", kern->name, threads);
            cr_assert(n > 2 * pl.nc && k > pl.kc, "%s: nc %ld kc %ld", kern->name, (long)pl.nc,
                      (long)pl.kc);
            /* Column-major C: the kernels' own orientation, so that the plan above is the one
             * the call takes (a row-major C runs as its transpose). */
            lcase c = {.layout = RG_COL_MAJOR,
                       .ta = threads == 2 ? RG_NO_TRANS : RG_TRANS,
                       .tb = threads == 2 ? RG_TRANS : RG_NO_TRANS,
                       .m = m,
                       .n = n,
                       .k = k,
                       .pad = 2,
                       .alpha = 1.0f,
                       .beta = threads == 2 ? 0.0f : 0.5f,
                       .zero = 17,
                       .per_column = 1,
                       .isa = isa[q],
                       .method = method[q],
                       .threads = threads,
                       .l2 = l2,
                       .l3 = l3,
                       .seed = seed++};
            if (int8)
                run_u8s8(&c);
            else
                run_bf16(&c);
        }
    }
}

Test(lowp_gemm, bf16_shared_b) {
    shared_b(0);
}
Test(lowp_gemm, u8s8_shared_b) {
    shared_b(1);
}

Test(lowp_gemm, two_threads_sweep) {
    sweep(0, 2);
    sweep(1, 2);
}

Test(lowp_gemm, bad_arguments) {
    uint16_t h[16] = {0};
    uint8_t u[16] = {0};
    int8_t s[16] = {0};
    float c[16] = {0}, one = 1.0f;
    const rg_exec ex = {NULL, RG_ISA_AUTO, {0, 0, 0}};
    cr_expect_eq(rg_gemm_bf16(&ex, RG_LOWP_AUTO, RG_ROW_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 2, 2, 2, 1,
                              h, 1, h, 2, 0, c, RG_GEMM_OUT_F32, 2),
                 RG_EINVAL, "lda below k");
    cr_expect_eq(rg_gemm_bf16(&ex, RG_LOWP_AUTO, RG_ROW_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 2, 2, 2, 1,
                              h, 2, h, 2, 0, c, (rg_gemm_out)7, 2),
                 RG_EINVAL, "C type");
    cr_expect_eq(rg_gemm_bf16(&ex, (rg_lowp_method)9, RG_ROW_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 2, 2,
                              2, 1, h, 2, h, 2, 0, c, RG_GEMM_OUT_F32, 2),
                 RG_EINVAL, "method");
    cr_expect_eq(rg_gemm_u8s8(&ex, RG_LOWP_AUTO, RG_ROW_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 2, 2, 2, u,
                              2, 256, s, 2, &one, 0, 0, c, 2),
                 RG_EINVAL, "zero point above 255");
    cr_expect_eq(rg_gemm_u8s8(&ex, RG_LOWP_AUTO, RG_ROW_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 2, 2, 2, u,
                              2, 0, s, 2, NULL, 0, 0, c, 2),
                 RG_EINVAL, "no scale");
    cr_expect_eq(rg_gemm_u8s8(&ex, RG_LOWP_AUTO, RG_COL_MAJOR, RG_TRANS, RG_NO_TRANS, 1, 1, 70000,
                              u, 70000, 0, s, 70000, &one, 0, 0, c, 1),
                 RG_EOVERFLOW, "k beyond exact int32 sums");
    /* Empty products: C = beta * C, and beta == 0 never reads C. */
    float cz[4] = {NAN, NAN, NAN, NAN};
    cr_expect_eq(rg_gemm_u8s8(&ex, RG_LOWP_AUTO, RG_ROW_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 2, 2, 0,
                              NULL, 1, 3, NULL, 2, &one, 0, 0, cz, 2),
                 RG_OK);
    for (int i = 0; i < 4; i++)
        cr_expect_eq(cz[i], 0.0f);
    uint16_t cb[4] = {0x3f80, 0x4000, 0x4040, 0x4080}; /* 1 2 3 4 */
    cr_expect_eq(rg_gemm_bf16(&ex, RG_LOWP_AUTO, RG_ROW_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 2, 2, 3, 0,
                              h, 3, h, 2, 0.5f, cb, RG_GEMM_OUT_BF16, 2),
                 RG_OK);
    cr_expect_eq(cb[3], 0x4000, "alpha 0: C = beta C");
}

Test(lowp_gemm, dot_method_needs_the_extension) {
    const rg_cpu_features *f = rg_cpu_features_get();
    const char *name = NULL;
    cr_expect_eq(rg_gemm_lowp_kernel(0, RG_ISA_AVX2, RG_LOWP_DOT, &name), RG_EUNSUPPORTED);
    if (!f->avx512_bf16)
        cr_expect_eq(rg_gemm_lowp_kernel(0, RG_ISA_AVX512, RG_LOWP_DOT, &name), RG_EUNSUPPORTED);
    cr_expect_eq(rg_gemm_lowp_kernel(1, RG_ISA_SCALAR, RG_LOWP_AUTO, &name), RG_OK);
    cr_expect_str_eq(name, "scalar_widen_8x4");
}

Test(lowp_gemm, bf16_rounding) {
    cr_expect_eq(rg_bf16_from_f32(1.0f), 0x3f80);
    cr_expect_eq(rg_bf16_from_f32(0x1.018p0f), 0x3f81); /* above half: up */
    cr_expect_eq(rg_bf16_from_f32(0x1.008p0f), 0x3f80); /* tie to even: down */
    cr_expect_eq(rg_bf16_from_f32(0x1.03p0f), 0x3f82);  /* tie to even: up */
    cr_expect(isnan(rg_f32_from_bf16(rg_bf16_from_f32(NAN))));
    cr_expect_eq(rg_bf16_from_f32(INFINITY), 0x7f80);
}

/* The kernel name rg_gemm_lowp_kernel_for gives a row-major m x 4096 x 4096 product (B = W^T
 * with tb, W stored n x k: contiguous along k). */
static const char *kernel_for(int int8, const rg_exec *ex, rg_lowp_method method, rg_trans tb,
                              int64_t m) {
    const char *name = NULL;
    cr_assert_eq(rg_gemm_lowp_kernel_for(int8, ex, method, RG_ROW_MAJOR, RG_NO_TRANS, tb, m, 4096,
                                         4096, 4096, 4096, 4096, &name),
                 RG_OK);
    return name;
}

/* AUTO's kernel per product (rg_gemm_lowp_kernel_for): skinny products against k-contiguous
 * weights keep the dot kernel's no-packing form wherever the CPU has the extension; products
 * that pack take AUTO's answer without a shape, which widens bf16 on Intel CPUs with
 * AVX512_FP16 (their vdpbf16ps runs at half the FMA rate) and is the dot kernel elsewhere. */
Test(lowp_gemm, auto_kernel_per_product) {
    const rg_cpu_features *f = rg_cpu_features_get();
    const rg_exec ex = {NULL, RG_ISA_AVX512, {0, 0, 0}};
    const char *name = NULL, *packed = NULL;
    if (!rg_isa_supported(RG_ISA_AVX512)) {
        cr_expect_eq(rg_gemm_lowp_kernel_for(0, &ex, RG_LOWP_AUTO, RG_ROW_MAJOR, RG_NO_TRANS,
                                             RG_TRANS, 1, 64, 64, 64, 64, 64, &name),
                     RG_EUNSUPPORTED);
        return;
    }
    for (int int8 = 0; int8 < 2; int8++) {
        const int dot = int8 ? f->avx512_vnni : f->avx512_bf16;
        cr_assert_eq(rg_gemm_lowp_kernel(int8, RG_ISA_AVX512, RG_LOWP_AUTO, &packed), RG_OK);
        const int widen_packed =
            !int8 && dot && !strcmp(f->vendor, "GenuineIntel") && f->avx512_fp16;
        cr_expect_eq(!strncmp(packed, "avx512_widen", 12), !dot || widen_packed, "%s", packed);
        /* 2048 rows: packs. */
        cr_expect_str_eq(kernel_for(int8, &ex, RG_LOWP_AUTO, RG_TRANS, 2048), packed);
        /* One token against nn.Linear weights: the skinny form. */
        name = kernel_for(int8, &ex, RG_LOWP_AUTO, RG_TRANS, 1);
        cr_expect_eq(!strncmp(name, "avx512_widen", 12), !dot, "%s", name);
        /* The same with W stored k x n (B not contiguous along k): packs. */
        cr_expect_str_eq(kernel_for(int8, &ex, RG_LOWP_AUTO, RG_NO_TRANS, 1), packed);
        /* An explicit method is kept. */
        name = kernel_for(int8, &ex, RG_LOWP_WIDEN, RG_TRANS, 1);
        cr_expect_eq(strncmp(name, "avx512_widen", 12), 0, "%s", name);
    }
    /* Bad arguments as the GEMM's. */
    cr_expect_eq(rg_gemm_lowp_kernel_for(0, &ex, RG_LOWP_AUTO, RG_ROW_MAJOR, RG_NO_TRANS,
                                         RG_NO_TRANS, -1, 8, 8, 8, 8, 8, &name),
                 RG_EINVAL);
    cr_expect_eq(rg_gemm_lowp_kernel_for(0, &ex, (rg_lowp_method)7, RG_ROW_MAJOR, RG_NO_TRANS,
                                         RG_NO_TRANS, 8, 8, 8, 8, 8, 8, &name),
                 RG_EINVAL);
    cr_expect_eq(rg_gemm_lowp_kernel_for(0, &ex, RG_LOWP_AUTO, RG_ROW_MAJOR, RG_NO_TRANS,
                                         RG_NO_TRANS, 8, 8, 8, 8, 8, 8, NULL),
                 RG_EINVAL);
}
