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

/* Checked size arithmetic: returns 0 on overflow. */
static inline int rg__mul_ok(int64_t a, int64_t b, int64_t *out) {
    return !__builtin_mul_overflow(a, b, out);
}

#endif /* RG_INTERNAL_H */
