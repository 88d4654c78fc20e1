/* cache_sizes.c: cache sizes for blocking, from the OS or the caller, clamped to sane ranges. */
#include <unistd.h>

#include "internal.h"

static size_t clamp(size_t v, size_t lo, size_t hi, size_t fallback) {
    if (v == 0) return fallback;
    return v < lo ? lo : v > hi ? hi : v;
}

/* Virtual machines report odd values (0, a whole socket's L3 as L2...); real CPUs sit in these
 * ranges, and a blocking computed from a value outside them would thrash or waste the cache. */
rg_cache_sizes rg__cache_sizes_clamp(rg_cache_sizes c) {
    rg_cache_sizes r;
    r.l1d = clamp(c.l1d, 16u << 10, 128u << 10, 32u << 10);
    r.l2 = clamp(c.l2, 256u << 10, 4u << 20, 1u << 20);
    r.l3 = clamp(c.l3, 0, 1024u << 20, 8u << 20);
    return r;
}

rg_cache_sizes rg_cache_sizes_default(void) {
    rg_cache_sizes c = {0, 0, 0};
#ifdef _SC_LEVEL1_DCACHE_SIZE
    long v;
    if ((v = sysconf(_SC_LEVEL1_DCACHE_SIZE)) > 0) c.l1d = (size_t)v;
    if ((v = sysconf(_SC_LEVEL2_CACHE_SIZE)) > 0) c.l2 = (size_t)v;
    if ((v = sysconf(_SC_LEVEL3_CACHE_SIZE)) > 0) c.l3 = (size_t)v;
#endif
    return rg__cache_sizes_clamp(c);
}

int rg__exec_resolve(const rg_exec *ex, rg_exec *out) {
    rg_exec r = {NULL, RG_ISA_AUTO, {0, 0, 0}};
    if (ex) r = *ex;
    if (r.isa == RG_ISA_AUTO) r.isa = rg_cpu_best_isa();
    if (r.isa < RG_ISA_SCALAR || r.isa >= RG_ISA_COUNT_) return RG_EINVAL;
    if (!rg_isa_supported(r.isa)) return RG_EUNSUPPORTED;
    if (r.caches.l1d == 0 || r.caches.l2 == 0 || r.caches.l3 == 0) {
        rg_cache_sizes d = rg_cache_sizes_default();
        if (r.caches.l1d == 0) r.caches.l1d = d.l1d;
        if (r.caches.l2 == 0) r.caches.l2 = d.l2;
        if (r.caches.l3 == 0) r.caches.l3 = d.l3;
    }
    r.caches = rg__cache_sizes_clamp(r.caches);
    *out = r;
    return RG_OK;
}
