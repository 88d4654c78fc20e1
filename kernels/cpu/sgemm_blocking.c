/* sgemm_blocking.c: cache block sizes (BLIS's MC/KC/NC) from a kernel's tile and the caches. */
#include "sgemm_internal.h"

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

static int64_t round_down(int64_t v, int64_t q) {
    return v / q * q > 0 ? v / q * q : q;
}

/* KC: a KC x NR micro-panel of B stays in L1 while micro-panels of A stream past it from L2
 * (prefetched), so B may take three quarters of it (measured: better than half on Zen 5). MC: the
 * MC x KC block of A fills about half of L2 (C tiles and B micro-panels share the rest). NC: the KC
 * x NC panel of B takes up to half of L3, shared by all threads; the ranges guard against caches
 * that VMs misreport. */
void rg__sgemm_blocking_for(const rg__sgemm_kernel *kern, const rg_cache_sizes *caches,
                            rg_gemm_blocking *out) {
    int64_t mr = kern->mr, nr = kern->nr, fs = (int64_t)sizeof(float);
    int64_t kc = (int64_t)caches->l1d * 3 / 4 / (nr * fs);
    kc = clamp64(kc / 16 * 16, 128, 512);
    int64_t mc = (int64_t)caches->l2 / 2 / (kc * fs);
    mc = round_down(clamp64(mc, 4 * mr, 1536), mr);
    int64_t nc = (int64_t)caches->l3 / 2 / (kc * fs);
    nc = round_down(clamp64(nc, 16 * nr, 8192), nr);
    out->mr = (int)mr;
    out->nr = (int)nr;
    out->mc = (int)mc;
    out->kc = (int)kc;
    out->nc = (int)nc;
}

int rg_sgemm_blocking(rg_isa isa, const rg_cache_sizes *caches, rg_gemm_blocking *out) {
    rg_exec want = {NULL, isa, {0, 0, 0}}, rex;
    const rg__sgemm_kernel *kern;
    int rc;
    if (!out) return RG_EINVAL;
    if (caches) want.caches = *caches;
    if ((rc = rg__exec_resolve(&want, &rex)) != RG_OK) return rc;
    if (!(kern = rg__sgemm_kernel_get(rex.isa))) return RG_EUNSUPPORTED;
    rg__sgemm_blocking_for(kern, &rex.caches, out);
    return RG_OK;
}
