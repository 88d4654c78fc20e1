/* blas_sgemm.c: the standard sgemm_ and cblas_sgemm entry points, served by rg_sgemm. */
#include <stdio.h>
#include <stdlib.h>

#include "blas_internal.h"

/* CBLAS enum values (cblas.h), spelled out so the shim needs no BLAS headers. */
enum { CBLAS_ROW_MAJOR = 101, CBLAS_COL_MAJOR = 102 };
enum { CBLAS_NO_TRANS = 111, CBLAS_TRANS = 112, CBLAS_CONJ_TRANS = 113 };

static int upper(char c) {
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}
static int is_trans_char(char c) {
    return c == 'N' || c == 'T' || c == 'C';
}
static int max1(int x) {
    return x > 1 ? x : 1;
}

/* Reference BLAS sgemm's argument checks, in its order and with its parameter numbers
 * (1 transa, 2 transb, 3 m, 4 n, 5 k, 8 lda, 10 ldb, 13 ldc); 0 when all are legal. */
static int check_f77(char ta, char tb, int m, int n, int k, int lda, int ldb, int ldc) {
    int nrowa = ta == 'N' ? m : k, nrowb = tb == 'N' ? k : n;
    if (!is_trans_char(ta)) return 1;
    if (!is_trans_char(tb)) return 2;
    if (m < 0) return 3;
    if (n < 0) return 4;
    if (k < 0) return 5;
    if (lda < max1(nrowa)) return 8;
    if (ldb < max1(nrowb)) return 10;
    if (ldc < max1(m)) return 13;
    return 0;
}

/* Runs a checked call; conj-transpose of real data is the transpose. */
static void run(const char *entry, rg_layout layout, char ta, char tb, int m, int n, int k,
                float alpha, const float *a, int lda, const float *b, int ldb, float beta, float *c,
                int ldc) {
    /* The reference BLAS quick return: C is not even scaled. */
    if (m == 0 || n == 0 || ((alpha == 0.0f || k == 0) && beta == 1.0f)) return;
    rg__blas_note_call(entry);
    rg_exec ex = {rg__blas_pool_acquire(), RG_ISA_AUTO, {0, 0, 0}};
    int rc =
        rg_sgemm(&ex, layout, ta == 'N' ? RG_NO_TRANS : RG_TRANS,
                 tb == 'N' ? RG_NO_TRANS : RG_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    rg__blas_pool_release(ex.pool);
    if (rc != RG_OK) {
        /* The BLAS ABI cannot report a failure (only out of memory remains once the
         * arguments are checked); a C left half-computed must not pass silently. */
        fprintf(stderr, "ridge_blas: %s: %s (%s)\n", entry, rg_status_message(rc),
                rg_status_name(rc));
        abort();
    }
}

/* Fortran interface (LP64: INTEGER is 32-bit, as in Debian's libblas3 and OpenBLAS's default).
 * gfortran passes the CHARACTER lengths as hidden trailing arguments; they are not declared here,
 * which the C calling convention allows. */
RG_BLAS_API void sgemm_(const char *transa, const char *transb, const int *m, const int *n,
                        const int *k, const float *alpha, const float *a, const int *lda,
                        const float *b, const int *ldb, const float *beta, float *c,
                        const int *ldc) {
    char ta = (char)upper(*transa), tb = (char)upper(*transb);
    int info = check_f77(ta, tb, *m, *n, *k, *lda, *ldb, *ldc);
    if (info) {
        rg__blas_xerbla("SGEMM ", info);
        return;
    }
    run("sgemm_", RG_COL_MAJOR, ta, tb, *m, *n, *k, *alpha, a, *lda, b, *ldb, *beta, c, *ldc);
}

static char trans_char(int t) {
    return t == CBLAS_NO_TRANS ? 'N' : t == CBLAS_TRANS ? 'T' : t == CBLAS_CONJ_TRANS ? 'C' : 0;
}

RG_BLAS_API void cblas_sgemm(int order, int transa, int transb, int m, int n, int k, float alpha,
                             const float *a, int lda, const float *b, int ldb, float beta, float *c,
                             int ldc) {
    char ta = trans_char(transa), tb = trans_char(transb);
    if (order != CBLAS_ROW_MAJOR && order != CBLAS_COL_MAJOR) {
        rg__blas_cblas_xerbla(1, 1);
        return;
    }
    if (!ta || !tb) {
        rg__blas_cblas_xerbla(ta ? 3 : 2, ta ? 3 : 2);
        return;
    }
    /* Reference CBLAS checks a row-major call as the column-major call of the transposed
     * product (A and B, M and N swapped) and numbers errors from that call, plus one for
     * the order argument; cblas_xerbla handlers undo the swap. Report the same numbers. */
    int row = order == CBLAS_ROW_MAJOR;
    int info =
        row ? check_f77(tb, ta, n, m, k, ldb, lda, ldc) : check_f77(ta, tb, m, n, k, lda, ldb, ldc);
    if (info) {
        /* F77 numbers: 3 m, 4 n, 8 lda, 10 ldb; in a row-major call m/n and lda/ldb swap. */
        int natural = info;
        if (row && (info == 3 || info == 4)) natural = 7 - info;
        if (row && (info == 8 || info == 10)) natural = 18 - info;
        rg__blas_cblas_xerbla(info + 1, natural + 1);
        return;
    }
    run("cblas_sgemm", (rg_layout)order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
