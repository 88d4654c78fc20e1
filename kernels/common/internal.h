/* internal.h: helpers shared by libridge's sources; not part of the public API. */
#ifndef RG_INTERNAL_H
#define RG_INTERNAL_H

#include "ridge.h"

/* 64-byte (cache line) aligned allocation; bytes == 0 returns a valid minimal block. */
void *rg__aligned_alloc(size_t align, size_t bytes);
void rg__aligned_free(void *p);

/* Resolves an rg_exec (NULL allowed) into a complete one: isa AUTO -> best, caches of 0 ->
 * OS defaults (clamped). Returns RG_EUNSUPPORTED when the requested ISA cannot run here. */
int rg__exec_resolve(const rg_exec *ex, rg_exec *out);

/* Clamps each cache size into the range a real CPU could have (VMs report odd values). */
rg_cache_sizes rg__cache_sizes_clamp(rg_cache_sizes c);

/* Whether an operand of `bytes` that a kernel streams through once per call comes from DRAM
 * rather than staying in an L3 of `l3` bytes from call to call: past a quarter of it (the L3 is
 * shared with other cores, and on a VM with other tenants: 128 MiB of bf16 K and V came from
 * DRAM on a 260 MiB L3). Kernels that prefetch rows ahead do so only then: from the L3 the
 * prefetches cost issue slots (decode attention 4%, a decode SGEMM 8% slower; bench/NOTES.md,
 * stop 20). */
static inline int rg__streams_from_dram(double bytes, size_t l3) {
    return bytes > 0.25 * (double)l3;
}

/* Checked size arithmetic: returns 0 on overflow. */
static inline int rg__mul_ok(int64_t a, int64_t b, int64_t *out) {
    return !__builtin_mul_overflow(a, b, out);
}

/* The BLAS argument rules of every GEMM front end: a valid layout and transposes, sizes >= 0,
 * each ld >= max(1, its matrix's contiguous length) and each extent (A and B of ab_esize-byte
 * elements, C of c_esize) addressable. RG_OK, RG_EINVAL or RG_EOVERFLOW. Pointers are the
 * caller's to check (they may be NULL for empty products). */
int rg__gemm_check(rg_layout layout, rg_trans transa, rg_trans transb, int64_t m, int64_t n,
                   int64_t k, int64_t lda, int64_t ldb, int64_t ldc, int64_t ab_esize,
                   int64_t c_esize);

/* Element (i, j) of a stored op(X) (layout, transpose, leading dimension) lives at
 * x[i * rs + j * cs]. */
void rg__gemm_strides(rg_layout layout, rg_trans trans, int64_t ld, int64_t *rs, int64_t *cs);

#endif /* RG_INTERNAL_H */
