/* sgemm_internal.h: the SGEMM framework's internal problem, kernel registry and helpers. */
#ifndef RG_SGEMM_INTERNAL_H
#define RG_SGEMM_INTERNAL_H

#include "common/internal.h"

/* One canonical problem: C = alpha * A * B + beta * C with general strides, element (i, j) of
 * X at x[i * rs_x + j * cs_x]. A is m x k, B is k x n, C is m x n. rg_sgemm maps every BLAS
 * layout/transpose onto it and orients it so that rs_c == 1 where possible (the microkernel's
 * vector dimension runs down C's columns). */
typedef struct {
    int64_t m, n, k;
    float alpha, beta;
    const float *a;
    int64_t rs_a, cs_a;
    const float *b;
    int64_t rs_b, cs_b;
    float *c;
    int64_t rs_c, cs_c;
} rg__sgemm_problem;

/* A prefetch stream a microkernel may issue into L2 as it goes, one line per k step: step
 * p < pf_steps touches pf + p * pf_stride (the driver's way to load the next block of A
 * while this one computes). pf_steps == 0: nothing to fetch. */
typedef struct {
    const char *pf;
    int64_t pf_stride, pf_steps;
} rg__sgemm_aux;

/* C[0:m, 0:n] = alpha * Ap * Bp + beta * C over one MR x NR tile, m <= MR, n <= NR. Ap is a
 * packed micro-panel (k steps of MR floats), Bp one of k steps of NR floats. beta == 0 must
 * not read C. */
typedef void (*rg__sgemm_ukr_fn)(int64_t k, float alpha, const float *ap, const float *bp,
                                 float beta, float *c, int64_t rs_c, int64_t cs_c, int m, int n,
                                 const rg__sgemm_aux *aux);

/* Packs an mn x k block of X (element (i, p) at x[i * inc_mn + p * inc_k]) into micro-panels
 * of r rows: panel q holds rows q*r.., stored as k steps of r floats, zero-padded past mn. */
typedef void (*rg__sgemm_pack_fn)(int r, int64_t mn, int64_t k, const float *x, int64_t inc_mn,
                                  int64_t inc_k, float *dst);

/* Computes C = alpha*A*B + beta*C without packing, for few columns (n <= skinny_n) and A with
 * a unit stride (rs_a == 1 or cs_a == 1): then the product is a stream over A that packing
 * would only slow down. When rs_a != 1, B has rs_b == 1 (the driver copies it otherwise).
 * Called on each thread with its own rows of the problem; prefetch: the whole A comes from
 * DRAM (rg__streams_from_dram), so the kernel may ask for rows ahead. */
typedef void (*rg__sgemm_direct_fn)(const rg__sgemm_problem *p, int prefetch);

/* A kernel: a file with the microkernel + this registration (see sgemm_kernels.c). */
typedef struct {
    rg_isa isa;
    const char *name;
    int mr, nr;
    rg__sgemm_ukr_fn ukr;
    rg__sgemm_pack_fn pack_a, pack_b;
    /* Problems that qualify (see rg__sgemm_direct_fn) go to `skinny` (may be NULL). */
    int skinny_n;
    rg__sgemm_direct_fn skinny;
} rg__sgemm_kernel;

/* The kernel for an ISA level (never AUTO); NULL if this build has none. */
const rg__sgemm_kernel *rg__sgemm_kernel_get(rg_isa isa);

/* The kernel of kern's ISA whose tile pads an m x n product the least (kern on ties). */
const rg__sgemm_kernel *rg__sgemm_kernel_for(const rg__sgemm_kernel *kern, int64_t m, int64_t n);

/* Block sizes for a kernel and (resolved, non-zero) cache sizes. */
void rg__sgemm_blocking_for(const rg__sgemm_kernel *kern, const rg_cache_sizes *caches,
                            rg_gemm_blocking *out);

/* Runs the canonical problem (m, n, k > 0, alpha != 0) on ex's pool with kern. */
int rg__sgemm_run(const rg_exec *ex, const rg__sgemm_kernel *kern, const rg__sgemm_problem *p);

/* Portable packer for any r and strides (the scalar kernel's, and every kernel's fallback). */
void rg__sgemm_pack_generic(int r, int64_t mn, int64_t k, const float *x, int64_t inc_mn,
                            int64_t inc_k, float *dst);

/* C[0:m, 0:n] = alpha * T + beta * C for a tile T stored column by column (ld ldt); beta == 0
 * does not read C. Used for edge and strided tiles. */
void rg__sgemm_store_tile(int m, int n, float alpha, const float *t, int ldt, float beta, float *c,
                          int64_t rs_c, int64_t cs_c);

/* C = beta * C over m x n (beta == 0 writes zeros without reading C; beta == 1 is a no-op). */
void rg__sgemm_scale_c(int64_t m, int64_t n, float beta, float *c, int64_t rs_c, int64_t cs_c);

/* The microkernels and packers that kernels register. */
void rg__sgemm_scalar_ukr_8x4(int64_t k, float alpha, const float *ap, const float *bp, float beta,
                              float *c, int64_t rs_c, int64_t cs_c, int m, int n,
                              const rg__sgemm_aux *aux);
void rg__sgemm_avx2_ukr_16x6(int64_t k, float alpha, const float *ap, const float *bp, float beta,
                             float *c, int64_t rs_c, int64_t cs_c, int m, int n,
                             const rg__sgemm_aux *aux);
void rg__sgemm_avx2_ukr_24x4(int64_t k, float alpha, const float *ap, const float *bp, float beta,
                             float *c, int64_t rs_c, int64_t cs_c, int m, int n,
                             const rg__sgemm_aux *aux);
void rg__sgemm_avx512_ukr_32x12(int64_t k, float alpha, const float *ap, const float *bp,
                                float beta, float *c, int64_t rs_c, int64_t cs_c, int m, int n,
                                const rg__sgemm_aux *aux);
void rg__sgemm_avx512_ukr_48x8(int64_t k, float alpha, const float *ap, const float *bp, float beta,
                               float *c, int64_t rs_c, int64_t cs_c, int m, int n,
                               const rg__sgemm_aux *aux);
void rg__sgemm_avx2_pack(int r, int64_t mn, int64_t k, const float *x, int64_t inc_mn,
                         int64_t inc_k, float *dst);
void rg__sgemm_avx512_pack(int r, int64_t mn, int64_t k, const float *x, int64_t inc_mn,
                           int64_t inc_k, float *dst);
void rg__sgemm_avx2_skinny(const rg__sgemm_problem *p, int prefetch);
void rg__sgemm_avx512_skinny(const rg__sgemm_problem *p, int prefetch);

#endif /* RG_SGEMM_INTERNAL_H */
