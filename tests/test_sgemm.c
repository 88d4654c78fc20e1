/* test_sgemm.c: rg_sgemm against the double reference over shapes, layouts, ISAs and threads. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ridge.h"

/* ---- Cases and their random data ----------------------------------------------------- */

typedef struct {
    rg_layout layout;
    rg_trans ta, tb;
    int64_t m, n, k;
    int64_t pad_a, pad_b, pad_c; /* leading dimension beyond the minimum */
    float alpha, beta;
    rg_isa isa;
    int threads;
    int nan_ab; /* fill A and B with NaN (only meaningful with alpha == 0) */
    uint64_t seed;
    size_t l3; /* the L3 size the kernels plan for (0: the OS's) */
} gemm_case;

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Uniform in [-1, 1) with a full 24-bit mantissa's worth of randomness. */
static float rand_unit(uint64_t *s) {
    return (float)((int64_t)(splitmix(s) >> 40) - (1 << 23)) / (float)(1 << 23);
}

static int64_t rand_below(uint64_t *s, int64_t n) {
    return n > 0 ? (int64_t)(splitmix(s) % (uint64_t)n) : 0;
}

/* The seed of the randomized tests: fixed, or RIDGE_TEST_SEED to explore. */
static uint64_t base_seed(void) {
    const char *s = getenv("RIDGE_TEST_SEED");
    return s && *s ? strtoull(s, NULL, 0) : 20240611u;
}

/* A NaN with a payload no arithmetic produces: written into padding and guards, so both a
 * stray write (bits change) and a stray read that reaches a result (NaN) are caught. */
static const uint32_t SENTINEL_BITS = 0x7fa5a5a5u;
#define GUARD 64

static float sentinel(void) {
    float f;
    memcpy(&f, &SENTINEL_BITS, sizeof f);
    return f;
}

static int is_sentinel(const float *p) {
    return memcmp(p, &SENTINEL_BITS, sizeof *p) == 0;
}

/* A stored rows x cols matrix: inner is the contiguous extent, outer the strided one. */
typedef struct {
    int64_t inner, outer, ld;
} shape;

static shape stored(rg_layout layout, int64_t rows, int64_t cols, int64_t pad) {
    shape s;
    s.inner = layout == RG_ROW_MAJOR ? cols : rows;
    s.outer = layout == RG_ROW_MAJOR ? rows : cols;
    s.ld = (s.inner > 1 ? s.inner : 1) + pad;
    return s;
}

static size_t elems(shape s) {
    return (size_t)(s.ld * s.outer);
}

/* Fills the matrix part with random values (or NaN) and the ld padding with sentinels. */
static void fill(float *x, shape s, uint64_t *rng, int nan) {
    for (int64_t o = 0; o < s.outer; o++)
        for (int64_t i = 0; i < s.ld; i++)
            x[o * s.ld + i] = i >= s.inner ? sentinel() : nan ? NAN : rand_unit(rng);
}

static void describe(const gemm_case *c, char *buf, size_t len) {
    snprintf(buf, len,
             "seed=%" PRIu64 " isa=%s threads=%d %s ta=%c tb=%c m=%" PRId64 " n=%" PRId64
             " k=%" PRId64 " pads=%" PRId64 "/%" PRId64 "/%" PRId64 " alpha=%g beta=%g%s",
             c->seed, rg_isa_name(c->isa), c->threads,
             c->layout == RG_ROW_MAJOR ? "row-major" : "col-major", c->ta == RG_TRANS ? 'T' : 'N',
             c->tb == RG_TRANS ? 'T' : 'N', c->m, c->n, c->k, c->pad_a, c->pad_b, c->pad_c,
             (double)c->alpha, (double)c->beta, c->nan_ab ? " nan-A/B" : "");
}

/* ---- The check ------------------------------------------------------------------------- */

/* Error bound. In the standard model (no underflow or overflow; the data here is in [-1, 1])
 * every entry is a sum of K products alpha*a*b (each formed with at most 2 roundings, or
 * fewer with FMA) and the term beta*c0 (1 rounding), combined by at most K additions in ANY
 * order or blocking. So |c - exact| <= gamma_{K+2} * mag with gamma_n = n*u / (1 - n*u),
 * u = 2^-24, and mag = |alpha| * sum|a*b| + |beta*c0| as the reference computes it. This is
 * rigorous, not a tuned tolerance: a correct kernel can never exceed it. */
static double gamma_bound(int64_t k) {
    double nu = (double)(k + 2) * 0x1p-24;
    return nu / (1.0 - nu);
}

/* Entries to verify: all of them for modest sizes, else a grid of rows x columns that
 * includes the first and last two of each and random ones in between. */
static int64_t pick_entries(const gemm_case *c, uint64_t *rng, int64_t **ii, int64_t **jj) {
    int full = c->m * c->n * (c->k + 1) <= (1 << 25);
    int64_t nr = full ? c->m : (c->m < 24 ? c->m : 24), nc = full ? c->n : (c->n < 24 ? c->n : 24);
    int64_t rows[24], cols[24], count = nr * nc, t = 0;
    *ii = malloc(sizeof(int64_t) * (size_t)(count ? count : 1));
    *jj = malloc(sizeof(int64_t) * (size_t)(count ? count : 1));
    cr_assert(*ii && *jj);
    if (!full) {
        for (int64_t r = 0; r < nr; r++)
            rows[r] = c->m <= 24 || r < 2 ? r
                      : r < 4             ? c->m - 4 + r
                                          : 2 + rand_below(rng, c->m - 4);
        for (int64_t q = 0; q < nc; q++)
            cols[q] = c->n <= 24 || q < 2 ? q
                      : q < 4             ? c->n - 4 + q
                                          : 2 + rand_below(rng, c->n - 4);
    }
    for (int64_t r = 0; r < nr; r++)
        for (int64_t q = 0; q < nc; q++, t++) {
            (*ii)[t] = full ? r : rows[r];
            (*jj)[t] = full ? q : cols[q];
        }
    return count;
}

static void check_case(const gemm_case *c) {
    char what[320];
    describe(c, what, sizeof what);
    uint64_t rng = c->seed;
    shape sa = stored(c->layout, c->ta == RG_TRANS ? c->k : c->m, c->ta == RG_TRANS ? c->m : c->k,
                      c->pad_a);
    shape sb = stored(c->layout, c->tb == RG_TRANS ? c->n : c->k, c->tb == RG_TRANS ? c->k : c->n,
                      c->pad_b);
    shape sc = stored(c->layout, c->m, c->n, c->pad_c);
    size_t na = elems(sa), nb = elems(sb), ncl = elems(sc);

    /* Exact-size A and B, so a sanitizer build also catches reads past them. */
    float *a = malloc(sizeof(float) * (na ? na : 1)), *b = malloc(sizeof(float) * (nb ? nb : 1));
    float *a0 = malloc(sizeof(float) * (na ? na : 1)), *b0 = malloc(sizeof(float) * (nb ? nb : 1));
    float *cbuf = malloc(sizeof(float) * (ncl + 2 * GUARD)),
          *c0 = malloc(sizeof(float) * (ncl ? ncl : 1));
    cr_assert(a && b && a0 && b0 && cbuf && c0, "out of memory for %s", what);
    float *cm = cbuf + GUARD;
    fill(a, sa, &rng, c->nan_ab);
    fill(b, sb, &rng, c->nan_ab);
    for (int i = 0; i < GUARD; i++)
        cbuf[i] = cm[ncl + i] = sentinel();
    /* beta == 0 must not read C: give it NaN, which would show in every result. */
    fill(cm, sc, &rng, c->beta == 0.0f);
    memcpy(a0, a, sizeof(float) * na);
    memcpy(b0, b, sizeof(float) * nb);
    memcpy(c0, cm, sizeof(float) * ncl);

    rg_pool *pool = NULL;
    if (c->threads > 1) cr_assert_eq(rg_pool_create(c->threads, NULL, &pool), RG_OK, "%s", what);
    rg_exec ex = {pool, c->isa, {0, 0, c->l3}};
    int rc = rg_sgemm(&ex, c->layout, c->ta, c->tb, c->m, c->n, c->k, c->alpha, a, sa.ld, b, sb.ld,
                      c->beta, cm, sc.ld);
    rg_pool_destroy(pool);
    cr_assert_eq(rc, RG_OK, "rg_sgemm returned %s for %s", rg_status_name(rc), what);

    cr_assert(memcmp(a, a0, sizeof(float) * na) == 0, "A was modified: %s", what);
    cr_assert(memcmp(b, b0, sizeof(float) * nb) == 0, "B was modified: %s", what);
    for (int i = 0; i < GUARD; i++) {
        cr_assert(is_sentinel(&cbuf[i]), "write %d elements before C: %s", GUARD - i, what);
        cr_assert(is_sentinel(&cm[ncl + i]), "write %d elements after C: %s", i + 1, what);
    }
    for (int64_t o = 0; o < sc.outer; o++)
        for (int64_t i = sc.inner; i < sc.ld; i++)
            cr_assert(is_sentinel(&cm[o * sc.ld + i]),
                      "write into ldc padding (%" PRId64 ", %" PRId64 "): %s", o, i, what);

    int64_t *ii, *jj;
    int64_t count = pick_entries(c, &rng, &ii, &jj);
    double *ref = malloc(sizeof(double) * (size_t)(count ? count : 1));
    double *mag = malloc(sizeof(double) * (size_t)(count ? count : 1));
    cr_assert(ref && mag);
    rc = rg_ref_sgemm_entries(c->layout, c->ta, c->tb, c->m, c->n, c->k, c->alpha, a, sa.ld, b,
                              sb.ld, c->beta, c0, sc.ld, count, ii, jj, ref, mag);
    cr_assert_eq(rc, RG_OK, "reference returned %s for %s", rg_status_name(rc), what);
    double g = gamma_bound(c->k);
    for (int64_t t = 0; t < count; t++) {
        int64_t i = ii[t], j = jj[t];
        float got = c->layout == RG_ROW_MAJOR ? cm[i * sc.ld + j] : cm[i + j * sc.ld];
        double err = fabs((double)got - ref[t]);
        /* Written so that NaN fails: a NaN comparison is false. */
        cr_assert(err <= g * mag[t],
                  "C[%" PRId64 ",%" PRId64 "] = %.9g, reference %.9g, error "
                  "%.3g > bound %.3g (mag %.3g): %s",
                  i, j, (double)got, ref[t], err, g * mag[t], mag[t], what);
    }
    free(ii), free(jj), free(ref), free(mag);
    free(a), free(b), free(a0), free(b0), free(cbuf), free(c0);
}

/* ---- Drivers --------------------------------------------------------------------------- */

static const float alphas[] = {1.0f, -1.5f, 0.7f, 0.0f};
static const float betas[] = {0.0f, 1.0f, -1.5f, 0.3f};
static const rg_trans trans_of[2] = {RG_NO_TRANS, RG_TRANS};

/* Runs one shape in every layout x transpose combination on every ISA this CPU can run,
 * rotating alpha, beta and paddings deterministically from the case counter. */
static void sweep_shape(int64_t m, int64_t n, int64_t k, int threads, uint64_t *counter) {
    for (int isa = RG_ISA_SCALAR; isa < RG_ISA_COUNT_; isa++) {
        if (!rg_isa_supported((rg_isa)isa)) continue;
        for (int combo = 0; combo < 8; combo++) {
            uint64_t id = (*counter)++;
            gemm_case c = {combo & 4 ? RG_ROW_MAJOR : RG_COL_MAJOR,
                           trans_of[combo & 1],
                           trans_of[(combo >> 1) & 1],
                           m,
                           n,
                           k,
                           (int64_t)(id % 3 == 1) * 3,
                           (int64_t)(id % 5 == 2) * 5,
                           (int64_t)(id % 2) * 7,
                           alphas[id % 4],
                           betas[(id / 4) % 4],
                           (rg_isa)isa,
                           threads,
                           0,
                           base_seed() + id,
                           0};
            check_case(&c);
        }
    }
}

Test(sgemm, edge_sizes) {
    /* Primes, 1 and 2, zero, K = 1, and tile sizes +-1 around 8/16/32/48/64. */
    static const int64_t shapes[][3] = {
        {0, 0, 0},     {0, 5, 3},     {5, 0, 3},    {5, 4, 0},    {1, 1, 1},   {2, 2, 2},
        {1, 7, 13},    {7, 1, 13},    {7, 13, 1},   {13, 7, 31},  {31, 13, 7}, {8, 8, 8},
        {7, 9, 15},    {9, 7, 17},    {15, 17, 16}, {17, 15, 33}, {16, 16, 1}, {31, 33, 32},
        {33, 31, 2},   {47, 49, 48},  {49, 47, 5},  {63, 65, 64}, {65, 63, 3}, {127, 3, 257},
        {3, 127, 129}, {64, 64, 127}, {48, 32, 16}};
    uint64_t counter = 0;
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        sweep_shape(shapes[s][0], shapes[s][1], shapes[s][2], 1, &counter);
}

Test(sgemm, threads) {
    /* Shapes that split unevenly over 2 and 3 threads, and ones smaller than a thread's
     * share, on every ISA. */
    static const int64_t shapes[][3] = {
        {1, 1, 1}, {5, 3, 7}, {67, 45, 33}, {131, 97, 61}, {24, 257, 19}};
    uint64_t counter = 1000;
    for (int threads = 2; threads <= 3; threads++)
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
            sweep_shape(shapes[s][0], shapes[s][1], shapes[s][2], threads, &counter);
}

Test(sgemm, random_shapes) {
    uint64_t rng = base_seed() ^ 0x5eed;
    for (int t = 0; t < 160; t++) {
        int isa;
        do
            isa = (int)rand_below(&rng, RG_ISA_COUNT_);
        while (!rg_isa_supported((rg_isa)isa));
        gemm_case c = {rand_below(&rng, 2) ? RG_ROW_MAJOR : RG_COL_MAJOR,
                       trans_of[rand_below(&rng, 2)],
                       trans_of[rand_below(&rng, 2)],
                       rand_below(&rng, 90),
                       rand_below(&rng, 90),
                       rand_below(&rng, 200),
                       rand_below(&rng, 3) ? 0 : rand_below(&rng, 9),
                       rand_below(&rng, 3) ? 0 : rand_below(&rng, 9),
                       rand_below(&rng, 3) ? 0 : rand_below(&rng, 9),
                       alphas[rand_below(&rng, 4)],
                       betas[rand_below(&rng, 4)],
                       (rg_isa)isa,
                       1 + (int)rand_below(&rng, 3),
                       0,
                       splitmix(&rng),
                       0};
        check_case(&c);
    }
}

Test(sgemm, skinny) {
    /* Few rows (or, column-major transposed, few columns) against a wide K and N: the
     * matrix-vector-like path, planned for the OS's L3 and for one of a byte (prefetching);
     * N = K = 512 keeps it quick even on the scalar kernels. */
    static const int64_t small[] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  12, 15, 16,
                                    17, 23, 24, 25, 31, 32, 33, 47, 48, 49, 63, 64};
    uint64_t counter = 2000;
    for (int isa = RG_ISA_SCALAR; isa < RG_ISA_COUNT_; isa++) {
        if (!rg_isa_supported((rg_isa)isa)) continue;
        for (size_t s = 0; s < sizeof small / sizeof small[0]; s++) {
            uint64_t id = counter++;
            int wide_m = s % 4 == 3; /* some with the roles of M and N swapped */
            gemm_case c = {id % 2 ? RG_ROW_MAJOR : RG_COL_MAJOR,
                           trans_of[(id / 2) % 2],
                           trans_of[(id / 4) % 2],
                           wide_m ? 512 : small[s],
                           wide_m ? small[s] : 512,
                           512,
                           0,
                           (int64_t)(id % 3 == 0),
                           0,
                           alphas[id % 3],
                           betas[id % 4],
                           (rg_isa)isa,
                           1 + (int)(id % 2),
                           0,
                           base_seed() + id,
                           0};
            check_case(&c);
            /* Planned for a 1-byte L3, the no-packing form (at most 8 columns; the vector
             * ISAs) asks for rows ahead. */
            if (isa != RG_ISA_SCALAR && small[s] <= 8) {
                c.l3 = 1;
                check_case(&c);
            }
        }
    }
}

Test(sgemm, cache_blocks) {
    /* Shapes one past each cache block (MC, KC, NC) of the kernel each ISA dispatches to,
     * so every loop of the blocked algorithm runs a full and a partial block. */
    uint64_t counter = 3000;
    rg_cache_sizes caches = rg_cache_sizes_default();
    for (int isa = RG_ISA_SCALAR; isa < RG_ISA_COUNT_; isa++) {
        if (!rg_isa_supported((rg_isa)isa)) continue;
        rg_gemm_blocking bk;
        cr_assert_eq(rg_sgemm_blocking((rg_isa)isa, &caches, &bk), RG_OK, "%s",
                     rg_isa_name((rg_isa)isa));
        const int64_t shapes[][3] = {
            {bk.mc + 1, bk.nr + 1, bk.kc + 1},
            {bk.mr + 1, bk.nc + 1, 9},
            {bk.mc + bk.mr - 1, 2 * bk.nr + 3, 2 * bk.kc + 5},
            {520, 24, 600}, /* M > 512 and K > 512 in one modest case */
        };
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
            for (int threads = 1; threads <= 2; threads++) {
                uint64_t id = counter++;
                gemm_case c = {id % 2 ? RG_ROW_MAJOR : RG_COL_MAJOR,
                               trans_of[(id / 2) % 2],
                               trans_of[(id / 3) % 2],
                               shapes[s][0],
                               shapes[s][1],
                               shapes[s][2],
                               1,
                               0,
                               3,
                               alphas[id % 3],
                               betas[(id + 1) % 4],
                               (rg_isa)isa,
                               threads,
                               0,
                               base_seed() + id,
                               0};
                check_case(&c);
            }
    }
}

Test(sgemm, alpha_zero_reads_no_a_b) {
    /* BLAS semantics: alpha == 0 scales C by beta and never reads A or B (NaN here). */
    uint64_t id = 4000;
    for (int isa = RG_ISA_SCALAR; isa < RG_ISA_COUNT_; isa++) {
        if (!rg_isa_supported((rg_isa)isa)) continue;
        for (int b = 0; b < 4; b++, id++) {
            gemm_case c = {b % 2 ? RG_ROW_MAJOR : RG_COL_MAJOR,
                           RG_NO_TRANS,
                           trans_of[b / 2],
                           37,
                           29,
                           41,
                           0,
                           2,
                           1,
                           0.0f,
                           betas[b],
                           (rg_isa)isa,
                           1 + b % 2,
                           1,
                           base_seed() + id,
                           0};
            check_case(&c);
        }
    }
}

/* ---- Errors -------------------------------------------------------------------------------- */

/* Calls rg_sgemm on sentinel-filled buffers and checks the status and that C is untouched. */
static void expect_error(int want_any, int want, const rg_exec *ex, rg_layout layout, rg_trans ta,
                         rg_trans tb, int64_t m, int64_t n, int64_t k, int64_t lda, int64_t ldb,
                         int64_t ldc) {
    enum { LEN = 4096 };
    static float a[LEN], b[LEN], c[LEN];
    for (int i = 0; i < LEN; i++)
        a[i] = b[i] = 1.0f, c[i] = sentinel();
    int rc = rg_sgemm(ex, layout, ta, tb, m, n, k, 1.0f, a, lda, b, ldb, 1.0f, c, ldc);
    const char *what_fmt = "layout=%d ta=%d tb=%d m=%" PRId64 " n=%" PRId64 " k=%" PRId64
                           " lda=%" PRId64 " ldb=%" PRId64 " ldc=%" PRId64;
    char what[200];
    snprintf(what, sizeof what, what_fmt, layout, ta, tb, m, n, k, lda, ldb, ldc);
    if (want_any)
        cr_assert(rc < 0, "expected an error, got %s for %s", rg_status_name(rc), what);
    else
        cr_assert_eq(rc, want, "expected %s, got %s for %s", rg_status_name(want),
                     rg_status_name(rc), what);
    for (int i = 0; i < LEN; i++)
        cr_assert(is_sentinel(&c[i]), "C[%d] written by a failing call (%s)", i, what);
}

Test(sgemm, invalid_arguments) {
    rg_exec ex = {NULL, RG_ISA_AUTO, {0, 0, 0}};
    expect_error(0, RG_EINVAL, &ex, RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, -1, 4, 4, 4, 4, 4);
    expect_error(0, RG_EINVAL, &ex, RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 4, -1, 4, 4, 4, 4);
    expect_error(0, RG_EINVAL, &ex, RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 4, 4, -1, 4, 4, 4);
    expect_error(0, RG_EINVAL, &ex, (rg_layout)0, RG_NO_TRANS, RG_NO_TRANS, 4, 4, 4, 4, 4, 4);
    expect_error(0, RG_EINVAL, &ex, RG_ROW_MAJOR, (rg_trans)113, RG_NO_TRANS, 4, 4, 4, 4, 4, 4);
    expect_error(0, RG_EINVAL, &ex, RG_ROW_MAJOR, RG_NO_TRANS, (rg_trans)0, 4, 4, 4, 4, 4, 4);
    /* Each leading dimension one below its minimum, in every layout and transpose; the
     * shape (m, n, k) = (5, 6, 7) makes every minimum distinct. */
    for (int combo = 0; combo < 8; combo++) {
        rg_layout lay = combo & 4 ? RG_ROW_MAJOR : RG_COL_MAJOR;
        rg_trans ta = trans_of[combo & 1], tb = trans_of[(combo >> 1) & 1];
        int rm = lay == RG_ROW_MAJOR;
        int64_t m = 5, n = 6, k = 7;
        /* Minimum ld = the contiguous extent of the stored matrix. */
        int64_t lda = rm != (ta == RG_TRANS) ? k : m;
        int64_t ldb = rm != (tb == RG_TRANS) ? n : k;
        int64_t ldc = rm ? n : m;
        expect_error(0, RG_EINVAL, &ex, lay, ta, tb, m, n, k, lda - 1, ldb, ldc);
        expect_error(0, RG_EINVAL, &ex, lay, ta, tb, m, n, k, lda, ldb - 1, ldc);
        expect_error(0, RG_EINVAL, &ex, lay, ta, tb, m, n, k, lda, ldb, ldc - 1);
        /* And the minimum itself is accepted (sanity: the checks above can fail). */
        float a[64], b[64], c[64];
        for (int i = 0; i < 64; i++)
            a[i] = b[i] = c[i] = 1.0f;
        int rc = rg_sgemm(&ex, lay, ta, tb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, ldc);
        cr_assert_eq(rc, RG_OK, "minimal leading dimensions rejected: %s", rg_status_name(rc));
    }
}

Test(sgemm, unsupported_isa) {
    /* An out-of-range ISA value must fail cleanly on every machine. */
    rg_exec bad = {NULL, (rg_isa)RG_ISA_COUNT_, {0, 0, 0}};
    expect_error(1, 0, &bad, RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 4, 4, 4, 4, 4, 4);
    int tested = 0;
    for (int isa = RG_ISA_SCALAR; isa < RG_ISA_COUNT_; isa++) {
        if (rg_isa_supported((rg_isa)isa)) continue;
        rg_exec ex = {NULL, (rg_isa)isa, {0, 0, 0}};
        expect_error(0, RG_EUNSUPPORTED, &ex, RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 4, 4, 4, 4, 4,
                     4);
        tested++;
    }
    if (!tested) cr_skip_test("this CPU runs every ISA level; RG_EUNSUPPORTED is untestable");
}

/* ---- The reference itself ------------------------------------------------------------------ */

Test(ref, known_product) {
    /* op(A) = [1 2; 3 4], op(B) = [5 6; 7 8]: op(A)op(B) = [19 22; 43 50]. Each operand is
     * stored as the layout and transpose require, so index mistakes show as wrong values. */
    static const double want[2][2] = {{19, 22}, {43, 50}};
    static const float opa[2][2] = {{1, 2}, {3, 4}}, opb[2][2] = {{5, 6}, {7, 8}};
    int64_t ii[4] = {0, 0, 1, 1}, jj[4] = {0, 1, 0, 1};
    for (int combo = 0; combo < 8; combo++) {
        rg_layout lay = combo & 4 ? RG_ROW_MAJOR : RG_COL_MAJOR;
        rg_trans ta = trans_of[combo & 1], tb = trans_of[(combo >> 1) & 1];
        int rm = lay == RG_ROW_MAJOR;
        float a[6], b[6], c0[6] = {1, 1, 1, 1, 1, 1};
        /* ld = 3 (one padding element, poisoned) for each stored 2 x 2. */
        for (int i = 0; i < 6; i++)
            a[i] = b[i] = NAN;
        for (int r = 0; r < 2; r++)
            for (int q = 0; q < 2; q++) {
                /* Stored element (r, q) of A is op(A)[q][r] when transposed. */
                int at = rm ? r * 3 + q : r + q * 3;
                a[at] = ta == RG_TRANS ? opa[q][r] : opa[r][q];
                b[at] = tb == RG_TRANS ? opb[q][r] : opb[r][q];
            }
        double out[4], mag[4];
        int rc = rg_ref_sgemm_entries(lay, ta, tb, 2, 2, 2, -2.0, a, 3, b, 3, 0.5, c0, 3, 4, ii, jj,
                                      out, mag);
        cr_assert_eq(rc, RG_OK);
        for (int t = 0; t < 4; t++) {
            double w = -2.0 * want[ii[t]][jj[t]] + 0.5;
            cr_assert_eq(out[t], w, "combo %d entry %d: %g != %g", combo, t, out[t], w);
            cr_assert_eq(mag[t], 2.0 * want[ii[t]][jj[t]] + 0.5, "combo %d entry %d", combo, t);
        }
    }
}

Test(ref, beta_zero_and_alpha_zero_read_nothing) {
    float nan_buf[4] = {NAN, NAN, NAN, NAN}, one[4] = {1, 1, 1, 1};
    int64_t i0 = 1, j0 = 0;
    double out, mag;
    cr_assert_eq(rg_ref_sgemm_entries(RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 2, 2, 2, 1.0, one, 2,
                                      one, 2, 0.0, NULL, 0, 1, &i0, &j0, &out, &mag),
                 RG_OK);
    cr_assert(out == 2.0 && mag == 2.0);
    cr_assert_eq(rg_ref_sgemm_entries(RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 2, 2, 2, 0.0, nan_buf,
                                      2, nan_buf, 2, 3.0, one, 2, 1, &i0, &j0, &out, NULL),
                 RG_OK);
    cr_assert(out == 3.0);
}

Test(ref, invalid_arguments) {
    float x[16] = {0};
    int64_t i0 = 0, j0 = 0, bad = 4;
    double out;
#define REF(lay, ta, tb, m, n, k, lda, ldb, ldc, ii, jj)                                           \
    rg_ref_sgemm_entries(lay, ta, tb, m, n, k, 1.0, x, lda, x, ldb, 1.0, x, ldc, 1, ii, jj, &out,  \
                         NULL)
    cr_assert_eq(REF(RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 2, 2, 2, 2, 2, 2, &i0, &j0), RG_OK);
    cr_assert_eq(REF(RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, -1, 2, 2, 2, 2, 2, &i0, &j0),
                 RG_EINVAL);
    cr_assert_eq(REF(RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 3, 2, 2, 2, 2, 3, &i0, &j0),
                 RG_EINVAL);
    cr_assert_eq(REF(RG_ROW_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 2, 3, 2, 2, 2, 3, &i0, &j0),
                 RG_EINVAL);
    cr_assert_eq(REF(RG_ROW_MAJOR, RG_TRANS, RG_NO_TRANS, 3, 2, 2, 2, 2, 2, &i0, &j0), RG_EINVAL);
    cr_assert_eq(REF(RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 2, 2, 2, 2, 2, 1, &i0, &j0),
                 RG_EINVAL);
    cr_assert_eq(REF((rg_layout)7, RG_NO_TRANS, RG_NO_TRANS, 2, 2, 2, 2, 2, 2, &i0, &j0),
                 RG_EINVAL);
    cr_assert_eq(REF(RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 2, 2, 2, 2, 2, 2, &bad, &j0),
                 RG_EINVAL);
    cr_assert_eq(REF(RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, 2, 2, 2, 2, 2, 2, &i0, &bad),
                 RG_EINVAL);
#undef REF
}
