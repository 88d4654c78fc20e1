/* sgemm_pack.c: portable packing and C-tile updates shared by every kernel. */
#include <string.h>

#include "sgemm_internal.h"

void rg__sgemm_pack_generic(int r, int64_t mn, int64_t k, const float *x, int64_t inc_mn,
                            int64_t inc_k, float *dst) {
    const int64_t panels = (mn + r - 1) / r;
    if (inc_mn == 1) {
        /* Panel rows contiguous in X: read each k step as one long run, scatter to panels. */
        for (int64_t p = 0; p < k; p++)
            for (int64_t q = 0; q < panels; q++) {
                const int rows = mn - q * r < r ? (int)(mn - q * r) : r;
                float *d = dst + q * r * k + p * r;
                memcpy(d, x + p * inc_k + q * r, (size_t)rows * sizeof(float));
                for (int i = rows; i < r; i++)
                    d[i] = 0.0f;
            }
        return;
    }
    for (int64_t q = 0; q < panels; q++, dst += (int64_t)r * k) {
        const int rows = mn - q * r < r ? (int)(mn - q * r) : r;
        const float *xp = x + q * r * inc_mn;
        /* Read along each row (unit stride when inc_k == 1), write strided into the panel,
         * which is small enough to stay in cache. */
        for (int i = 0; i < rows; i++)
            for (int64_t p = 0; p < k; p++)
                dst[p * r + i] = xp[i * inc_mn + p * inc_k];
        for (int i = rows; i < r; i++)
            for (int64_t p = 0; p < k; p++)
                dst[p * r + i] = 0.0f;
    }
}

void rg__sgemm_store_tile(int m, int n, float alpha, const float *t, int ldt, float beta, float *c,
                          int64_t rs_c, int64_t cs_c) {
    for (int j = 0; j < n; j++) {
        float *cj = c + j * cs_c;
        const float *tj = t + (int64_t)j * ldt;
        if (beta == 0.0f) {
            for (int i = 0; i < m; i++)
                cj[i * rs_c] = alpha * tj[i];
        } else {
            for (int i = 0; i < m; i++)
                cj[i * rs_c] = alpha * tj[i] + beta * cj[i * rs_c];
        }
    }
}

void rg__sgemm_scale_c(int64_t m, int64_t n, float beta, float *c, int64_t rs_c, int64_t cs_c) {
    if (beta == 1.0f) return;
    for (int64_t j = 0; j < n; j++) {
        float *cj = c + j * cs_c;
        if (beta == 0.0f) {
            for (int64_t i = 0; i < m; i++)
                cj[i * rs_c] = 0.0f;
        } else {
            for (int64_t i = 0; i < m; i++)
                cj[i * rs_c] *= beta;
        }
    }
}
