/* test_blas.c: libridge_blas.so's sgemm_ and cblas_sgemm, loaded as a program would load it. */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ridge.h"

typedef void (*sgemm_fn)(const char *, const char *, const int *, const int *, const int *,
                         const float *, const float *, const int *, const float *, const int *,
                         const float *, float *, const int *);
typedef void (*cblas_sgemm_fn)(int, int, int, int, int, int, float, const float *, int,
                               const float *, int, float, float *, int);

static void *shim;
static sgemm_fn f77;
static cblas_sgemm_fn cblas;

static void load(void) {
    /* Two threads, so the shim's pool is used even on a one-CPU runner. */
    setenv("RIDGE_NUM_THREADS", "2", 1);
    shim = dlopen(RIDGE_BLAS_PATH, RTLD_NOW | RTLD_LOCAL);
    cr_assert_not_null(shim, "dlopen %s: %s", RIDGE_BLAS_PATH, dlerror());
    f77 = (sgemm_fn)dlsym(shim, "sgemm_");
    cblas = (cblas_sgemm_fn)dlsym(shim, "cblas_sgemm");
    cr_assert(f77 && cblas, "the shim does not export sgemm_ and cblas_sgemm");
}

static void unload(void) {
    if (shim) dlclose(shim);
}

/* The error handlers a BLAS program may define; the shim must find them at run time. This
 * executable exports its symbols (ENABLE_EXPORTS), as Fortran test programs do. */
static char last_name[16];
static int last_info, handler_calls;

void xerbla_(const char *name, const int *info, size_t len) {
    size_t n = len < sizeof last_name - 1 ? len : sizeof last_name - 1;
    memcpy(last_name, name, n);
    last_name[n] = '\0';
    last_info = *info;
    handler_calls++;
}

void cblas_xerbla(int info, const char *rout, const char *form, ...) {
    strncpy(last_name, rout, sizeof last_name - 1);
    last_info = info;
    handler_calls++;
}

TestSuite(blas, .init = load, .fini = unload);

Test(blas, exports_only_blas_symbols) {
    /* libridge is linked in hidden: a program's own rg_* must never be interposed. */
    cr_assert_null(dlsym(shim, "rg_sgemm"));
    cr_assert_null(dlsym(shim, "rg_pool_create"));
    cr_assert_null(dlsym(shim, "rg__blas_xerbla"));
}

/* Checks one column-major product (as both interfaces see it) against the reference. */
static void check(const char *what, int m, int n, int k, rg_trans ta, rg_trans tb, float alpha,
                  const float *a, int lda, const float *b, int ldb, float beta, const float *c0,
                  const float *c, int ldc, rg_layout layout) {
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            int64_t ii = i, jj = j;
            double ref, mag;
            int rc = rg_ref_sgemm_entries(layout, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c0,
                                          ldc, 1, &ii, &jj, &ref, &mag);
            cr_assert_eq(rc, RG_OK);
            float got = layout == RG_COL_MAJOR ? c[i + (size_t)j * ldc] : c[(size_t)i * ldc + j];
            /* gamma_{K+2} bound, as in test_sgemm.c. */
            double nu = (k + 2) * 0x1p-24, bound = nu / (1 - nu) * mag;
            cr_assert(fabs(got - ref) <= bound, "%s m=%d n=%d k=%d C[%d,%d] %.9g ref %.9g", what, m,
                      n, k, i, j, (double)got, ref);
        }
}

static float *random_buf(size_t count, unsigned *state) {
    float *x = malloc(sizeof(float) * (count ? count : 1));
    cr_assert_not_null(x);
    for (size_t i = 0; i < count; i++)
        x[i] = (float)(rand_r(state) % 2001 - 1000) / 1000.0f;
    return x;
}

Test(blas, sgemm_matches_reference) {
    static const int shapes[][3] = {{1, 1, 1}, {7, 5, 3}, {33, 17, 65}, {130, 70, 90}};
    static const char *ops = "NnTtCc";
    unsigned state = 7;
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int o = 0; o < 6; o++) {
            int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
            char ca = ops[o], cb = ops[(o + 3) % 6];
            rg_trans ta = (ca == 'N' || ca == 'n') ? RG_NO_TRANS : RG_TRANS;
            rg_trans tb = (cb == 'N' || cb == 'n') ? RG_NO_TRANS : RG_TRANS;
            int lda = (ta == RG_NO_TRANS ? m : k) + 1, ldb = (tb == RG_NO_TRANS ? k : n) + 2;
            int ldc = m + 3;
            float alpha = o % 2 ? -1.5f : 1.0f, beta = o % 3 == 0 ? 0.0f : 0.5f;
            float *a = random_buf((size_t)lda * (ta == RG_NO_TRANS ? k : m), &state);
            float *b = random_buf((size_t)ldb * (tb == RG_NO_TRANS ? n : k), &state);
            float *c0 = random_buf((size_t)ldc * n, &state);
            float *c = malloc(sizeof(float) * (size_t)ldc * n);
            memcpy(c, c0, sizeof(float) * (size_t)ldc * n);
            f77(&ca, &cb, &m, &n, &k, &alpha, a, &lda, b, &ldb, &beta, c, &ldc);
            check("sgemm_", m, n, k, ta, tb, alpha, a, lda, b, ldb, beta, c0, c, ldc, RG_COL_MAJOR);
            free(a), free(b), free(c0), free(c);
        }
}

Test(blas, cblas_sgemm_matches_reference) {
    static const int shapes[][3] = {{1, 1, 1}, {9, 4, 6}, {40, 31, 129}, {100, 90, 80}};
    unsigned state = 11;
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int combo = 0; combo < 12; combo++) {
            int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
            int order = combo < 6 ? 101 : 102;
            int cta = 111 + combo % 3, ctb = 111 + (combo / 3) % 2; /* includes ConjTrans */
            rg_layout lay = (rg_layout)order;
            rg_trans ta = cta == 111 ? RG_NO_TRANS : RG_TRANS,
                     tb = ctb == 111 ? RG_NO_TRANS : RG_TRANS;
            int rm = order == 101;
            int ar = ta == RG_NO_TRANS ? m : k, ac = ta == RG_NO_TRANS ? k : m;
            int br = tb == RG_NO_TRANS ? k : n, bc = tb == RG_NO_TRANS ? n : k;
            int lda = (rm ? ac : ar) + 2, ldb = (rm ? bc : br) + 1, ldc = (rm ? n : m) + 4;
            size_t na = (size_t)lda * (rm ? ar : ac), nb = (size_t)ldb * (rm ? br : bc);
            size_t nc = (size_t)ldc * (rm ? m : n);
            float *a = random_buf(na, &state), *b = random_buf(nb, &state);
            float *c0 = random_buf(nc, &state), *c = malloc(sizeof(float) * nc);
            memcpy(c, c0, sizeof(float) * nc);
            float alpha = combo % 2 ? 0.7f : -1.0f, beta = combo % 4 == 0 ? 0.0f : 1.3f;
            cblas(order, cta, ctb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            check("cblas_sgemm", m, n, k, ta, tb, alpha, a, lda, b, ldb, beta, c0, c, ldc, lay);
            free(a), free(b), free(c0), free(c);
        }
}

/* One illegal call through each interface: the handler sees the reference BLAS numbers,
 * and C stays as it was. */
static void expect_f77_error(int want_info, char ta, char tb, int m, int n, int k, int lda, int ldb,
                             int ldc) {
    float a[64] = {0}, b[64] = {0}, c[64], one = 1.0f;
    for (int i = 0; i < 64; i++)
        c[i] = 42.0f;
    handler_calls = 0;
    f77(&ta, &tb, &m, &n, &k, &one, a, &lda, b, &ldb, &one, c, &ldc);
    cr_assert_eq(handler_calls, 1, "xerbla_ not called for info %d", want_info);
    cr_assert_str_eq(last_name, "SGEMM ");
    cr_assert_eq(last_info, want_info);
    for (int i = 0; i < 64; i++)
        cr_assert_eq(c[i], 42.0f, "C written by an illegal call");
}

Test(blas, sgemm_illegal_arguments_call_xerbla) {
    expect_f77_error(1, 'X', 'N', 2, 2, 2, 2, 2, 2);
    expect_f77_error(2, 'N', '?', 2, 2, 2, 2, 2, 2);
    expect_f77_error(3, 'N', 'N', -1, 2, 2, 2, 2, 2);
    expect_f77_error(4, 'N', 'N', 2, -1, 2, 2, 2, 2);
    expect_f77_error(5, 'N', 'N', 2, 2, -1, 2, 2, 2);
    expect_f77_error(8, 'N', 'N', 3, 2, 2, 2, 2, 3);
    expect_f77_error(8, 'T', 'N', 2, 2, 3, 2, 3, 2);
    expect_f77_error(10, 'N', 'N', 2, 2, 3, 2, 2, 2);
    expect_f77_error(10, 'N', 'T', 2, 3, 2, 2, 2, 2);
    expect_f77_error(13, 'N', 'N', 3, 2, 2, 3, 2, 2);
    /* Several wrong: the lowest number is reported, as in the reference. */
    expect_f77_error(3, 'N', 'N', -1, -1, -1, 0, 0, 0);
}

static void expect_cblas_error(int want_info, int order, int ta, int tb, int m, int n, int k,
                               int lda, int ldb, int ldc) {
    float a[64] = {0}, b[64] = {0}, c[64];
    for (int i = 0; i < 64; i++)
        c[i] = 42.0f;
    handler_calls = 0;
    cblas(order, ta, tb, m, n, k, 1.0f, a, lda, b, ldb, 1.0f, c, ldc);
    cr_assert_eq(handler_calls, 1, "cblas_xerbla not called for info %d", want_info);
    cr_assert_str_eq(last_name, "cblas_sgemm");
    cr_assert_eq(last_info, want_info, "order %d: info %d, want %d", order, last_info, want_info);
    for (int i = 0; i < 64; i++)
        cr_assert_eq(c[i], 42.0f, "C written by an illegal call");
}

Test(blas, cblas_illegal_arguments_call_cblas_xerbla) {
    expect_cblas_error(1, 100, 111, 111, 2, 2, 2, 2, 2, 2);
    expect_cblas_error(2, 102, 110, 111, 2, 2, 2, 2, 2, 2);
    expect_cblas_error(3, 101, 111, 114, 2, 2, 2, 2, 2, 2);
    expect_cblas_error(4, 102, 111, 111, -1, 2, 2, 2, 2, 2);
    expect_cblas_error(9, 102, 111, 111, 3, 2, 2, 2, 2, 3);
    expect_cblas_error(14, 102, 111, 111, 3, 2, 2, 3, 2, 2);
    /* Row-major calls are checked as the swapped column-major call, and reference CBLAS
     * numbers them so (its cblas_xerbla swaps 4<->5 and 9<->11 back). */
    expect_cblas_error(5, 101, 111, 111, -1, 2, 2, 2, 2, 2);
    expect_cblas_error(4, 101, 111, 111, 2, -1, 2, 2, 2, 2);
    expect_cblas_error(11, 101, 111, 111, 2, 3, 3, 2, 3, 3);
    expect_cblas_error(9, 101, 111, 111, 2, 3, 2, 2, 2, 3);
    expect_cblas_error(14, 101, 111, 111, 2, 3, 2, 2, 3, 2);
}

Test(blas, quick_returns_leave_c) {
    /* m == 0, n == 0 and (alpha == 0 or k == 0) with beta == 1 do nothing at all, even
     * with NaN in A and B. */
    float a[16], b[16], c[16];
    for (int i = 0; i < 16; i++)
        a[i] = b[i] = NAN, c[i] = 3.0f;
    float zero = 0.0f, one = 1.0f;
    int four = 4, zi = 0;
    f77("N", "N", &four, &four, &zi, &one, a, &four, b, &four, &one, c, &four);
    f77("N", "N", &four, &four, &four, &zero, a, &four, b, &four, &one, c, &four);
    cblas(101, 111, 111, 4, 4, 4, 0.0f, a, 4, b, 4, 1.0f, c, 4);
    for (int i = 0; i < 16; i++)
        cr_assert_eq(c[i], 3.0f);
    /* alpha == 0 and beta == 0: C becomes 0 without reading A, B or C. */
    for (int i = 0; i < 16; i++)
        c[i] = NAN;
    f77("N", "T", &four, &four, &four, &zero, a, &four, b, &four, &zero, c, &four);
    for (int i = 0; i < 16; i++)
        cr_assert_eq(c[i], 0.0f, "c[%d] = %g", i, (double)c[i]);
}

/* One column-major product through sgemm_ on fresh buffers; returns the worst error over
 * its bound (<= 1 passes; NaN never does). */
static double product_error(int m, int n, int k, unsigned seed) {
    float *a = random_buf((size_t)m * k, &seed), *b = random_buf((size_t)k * n, &seed);
    float *c = random_buf((size_t)m * n, &seed), one = 1.0f, zero = 0.0f;
    f77("N", "N", &m, &n, &k, &one, a, &m, b, &k, &zero, c, &m);
    double worst = 0.0;
    for (int j = 0; j < n; j += 7)
        for (int i = 0; i < m; i += 5) {
            int64_t ii = i, jj = j;
            double ref, mag;
            rg_ref_sgemm_entries(RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, m, n, k, 1.0, a, m, b, k,
                                 0.0, NULL, m, 1, &ii, &jj, &ref, &mag);
            double nu = (k + 2) * 0x1p-24,
                   r = fabs(c[i + (size_t)j * m] - ref) / (nu / (1 - nu) * mag);
            if (!(r <= worst)) worst = r; /* also keeps a NaN */
        }
    free(a), free(b), free(c);
    return worst;
}

static void *caller_thread(void *arg) {
    unsigned id = (unsigned)(uintptr_t)arg;
    double worst = 0.0;
    for (int r = 0; r < 20; r++) {
        double e = product_error(61 + (int)id, 83, 97, id * 100 + (unsigned)r);
        if (!(e <= worst)) worst = e;
    }
    double *out = malloc(sizeof *out);
    *out = worst;
    return out;
}

Test(blas, concurrent_callers) {
    /* BLAS programs call from many threads at once (OpenMP regions, servers): the shim's
     * one pool serves one call at a time and the others must still be right. */
    pthread_t th[4];
    for (uintptr_t t = 0; t < 4; t++)
        cr_assert_eq(pthread_create(&th[t], NULL, caller_thread, (void *)t), 0);
    for (int t = 0; t < 4; t++) {
        double *worst;
        pthread_join(th[t], (void **)&worst);
        cr_assert(*worst <= 1.0, "thread %d: error %.3g of its bound", t, *worst);
        free(worst);
    }
}

Test(blas, forked_child_computes) {
    /* A forked child inherits the pool's memory but not its threads: it must not wait on
     * them (a hang), but compute on its own. */
    cr_assert(product_error(200, 150, 120, 1) <= 1.0);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        alarm(30); /* a hang becomes a failure, not a stuck test run */
        _exit(product_error(210, 160, 130, 2) <= 1.0 ? 0 : 1);
    }
    int st = 0;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %#x", st);
    cr_assert(product_error(230, 170, 140, 3) <= 1.0);
}
