/* sgemm_ref.c: double-precision reference entries of C = alpha*op(A)*op(B) + beta*C0. */
#include <math.h>

#include "ridge.h"

/* Built without vector flags and kept deliberately plain: it is the yardstick that every
 * optimized kernel is measured against, so it must be obviously right rather than fast. */

/* Strides of op(X)'s rows and columns inside a stored matrix with leading dimension ld. */
static void op_strides(int row_major, int trans, int64_t ld, int64_t *row, int64_t *col) {
    int64_t r = row_major ? ld : 1, c = row_major ? 1 : ld;
    *row = trans ? c : r;
    *col = trans ? r : c;
}

static int valid_trans(rg_trans t) {
    return t == RG_NO_TRANS || t == RG_TRANS;
}

/* The leading dimension a stored rows x cols matrix needs: BLAS asks for at least 1 even
 * when the matrix is empty. */
static int64_t min_ld(int row_major, int64_t rows, int64_t cols) {
    int64_t need = row_major ? cols : rows;
    return need > 1 ? need : 1;
}

int rg_ref_sgemm_entries(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m, int64_t n,
                         int64_t k, double alpha, const float *a, int64_t lda, const float *b,
                         int64_t ldb, double beta, const float *c0, int64_t ldc0, int64_t count,
                         const int64_t *ii, const int64_t *jj, double *out, double *mag) {
    if (layout != RG_ROW_MAJOR && layout != RG_COL_MAJOR) return RG_EINVAL;
    if (!valid_trans(transa) || !valid_trans(transb)) return RG_EINVAL;
    if (m < 0 || n < 0 || k < 0 || count < 0) return RG_EINVAL;
    int rm = layout == RG_ROW_MAJOR;
    int ta = transa == RG_TRANS, tb = transb == RG_TRANS;
    /* Stored shapes: A is m x k (k x m transposed), B is k x n (n x k transposed). */
    if (lda < min_ld(rm, ta ? k : m, ta ? m : k)) return RG_EINVAL;
    if (ldb < min_ld(rm, tb ? n : k, tb ? k : n)) return RG_EINVAL;
    if (count == 0) return RG_OK;
    if (!ii || !jj || !out) return RG_EINVAL;
    /* As in BLAS, alpha == 0 means A and B are not read, and beta == 0 means C0 is not. */
    int use_ab = alpha != 0.0 && k > 0;
    if (use_ab && (!a || !b)) return RG_EINVAL;
    if (beta != 0.0 && (!c0 || ldc0 < min_ld(rm, m, n))) return RG_EINVAL;
    for (int64_t t = 0; t < count; t++)
        if (ii[t] < 0 || ii[t] >= m || jj[t] < 0 || jj[t] >= n) return RG_EINVAL;

    int64_t a_row, a_col, b_row, b_col, c_row, c_col;
    op_strides(rm, ta, lda, &a_row, &a_col);
    op_strides(rm, tb, ldb, &b_row, &b_col);
    op_strides(rm, 0, ldc0, &c_row, &c_col);
    for (int64_t t = 0; t < count; t++) {
        int64_t i = ii[t], j = jj[t];
        /* Products of two floats are exact in double; only the sum rounds, at 2^-53. */
        double sum = 0.0, abs_sum = 0.0;
        if (use_ab) {
            const float *x = a + i * a_row, *y = b + j * b_col;
            for (int64_t p = 0; p < k; p++) {
                double prod = (double)x[p * a_col] * (double)y[p * b_row];
                sum += prod;
                abs_sum += fabs(prod);
            }
        }
        double bc = beta != 0.0 ? beta * (double)c0[i * c_row + j * c_col] : 0.0;
        out[t] = alpha * sum + bc;
        if (mag) mag[t] = fabs(alpha) * abs_sum + fabs(bc);
    }
    return RG_OK;
}
