/* gemm_args.c: the BLAS argument rules every GEMM front end (fp32, low precision, CUDA) applies,
 * and the strides of a stored op(X). */
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* A stored rows x cols matrix in `layout` order needs ld >= max(1, the length of its
 * contiguous dimension), and its whole extent of esize-byte elements must fit in the address
 * space. */
static int check_matrix(rg_layout layout, int64_t rows, int64_t cols, int64_t ld, int64_t esize) {
    int64_t inner = layout == RG_COL_MAJOR ? rows : cols;
    int64_t outer = layout == RG_COL_MAJOR ? cols : rows;
    int64_t span;
    if (ld < (inner > 1 ? inner : 1)) return RG_EINVAL;
    if (outer == 0 || inner == 0) return RG_OK;
    if (!rg__mul_ok(outer - 1, ld, &span) || span > INT64_MAX - inner) return RG_EOVERFLOW;
    if ((uint64_t)(span + inner) > (uint64_t)(PTRDIFF_MAX / esize)) return RG_EOVERFLOW;
    return RG_OK;
}

int rg__gemm_check(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m, int64_t n,
                   int64_t k, int64_t lda, int64_t ldb, int64_t ldc, int64_t ab_esize,
                   int64_t c_esize) {
    int rc;
    if (layout != RG_ROW_MAJOR && layout != RG_COL_MAJOR) return RG_EINVAL;
    if ((transa != RG_NO_TRANS && transa != RG_TRANS) ||
        (transb != RG_NO_TRANS && transb != RG_TRANS))
        return RG_EINVAL;
    if (m < 0 || n < 0 || k < 0) return RG_EINVAL;
    if ((rc = check_matrix(layout, transa == RG_NO_TRANS ? m : k, transa == RG_NO_TRANS ? k : m,
                           lda, ab_esize)) != RG_OK)
        return rc;
    if ((rc = check_matrix(layout, transb == RG_NO_TRANS ? k : n, transb == RG_NO_TRANS ? n : k,
                           ldb, ab_esize)) != RG_OK)
        return rc;
    return check_matrix(layout, m, n, ldc, c_esize);
}

void rg__gemm_strides(rg_layout layout, rg_trans trans, int64_t ld, int64_t *rs, int64_t *cs) {
    int row_unit = (layout == RG_COL_MAJOR) == (trans == RG_NO_TRANS);
    *rs = row_unit ? 1 : ld;
    *cs = row_unit ? ld : 1;
}
