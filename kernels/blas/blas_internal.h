/* blas_internal.h: what the BLAS entry points share with the shim's process-wide state. */
#ifndef RG_BLAS_INTERNAL_H
#define RG_BLAS_INTERNAL_H

#include "ridge.h"

/* Exported from libridge_blas.so; everything else stays hidden (see ridge_blas.map). */
#define RG_BLAS_API __attribute__((visibility("default")))

/* The shim's pool for one call, or NULL (run on the caller) when the process has one thread
 * configured, the pool is busy with another caller's call, or we are in a forked child. */
rg_pool *rg__blas_pool_acquire(void);
void rg__blas_pool_release(rg_pool *pool);

/* Counts a call that reaches ridge; with RIDGE_BLAS_TRACE=1 the first one prints a line. */
void rg__blas_note_call(const char *entry);

/* Reports an illegal argument as the reference BLAS does: xerbla_(name, &info) for the
 * Fortran interface (name blank-padded to 6), cblas_xerbla for CBLAS. When the process has
 * no such handler, one line goes to stderr instead. */
void rg__blas_xerbla(const char *name, int info);
void rg__blas_cblas_xerbla(int info, int natural_info);

#endif /* RG_BLAS_INTERNAL_H */
