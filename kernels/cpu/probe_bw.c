/* probe_bw.c: the bandwidth probes' names, byte counts, argument checks and ISA dispatch. */
#include "probe_bw.h"

typedef struct {
    const char *name;
    int bytes_per_elem; /* STREAM counting: bytes the program asks to move per element */
    int reads_b, reads_c;
} bw_entry;

static const bw_entry kernels[] = {
    [RG_BW_READ] = {"read", 4, 0, 0},
    [RG_BW_WRITE] = {"write", 4, 0, 0},
    [RG_BW_COPY] = {"copy", 8, 1, 0},
    [RG_BW_TRIAD] = {"triad", 12, 1, 1},
};
_Static_assert(sizeof kernels / sizeof kernels[0] == RG_BW_COUNT_, "one entry per kernel");

static const rg__bw_fn by_isa[RG_ISA_COUNT_] = {
    [RG_ISA_SCALAR] = rg__bw_scalar,
    [RG_ISA_AVX2] = rg__bw_avx2,
    [RG_ISA_AVX512] = rg__bw_avx512,
};

static int known(rg_bw_kernel k) {
    return k >= 0 && k < RG_BW_COUNT_;
}

const char *rg_bw_kernel_name(rg_bw_kernel k) {
    return known(k) ? kernels[k].name : "unknown";
}

int rg_bw_bytes_per_elem(rg_bw_kernel k) {
    return known(k) ? kernels[k].bytes_per_elem : 0;
}

/* Present and 64-byte aligned. */
static int array_ok(const float *p) {
    return p && ((uintptr_t)p & 63) == 0;
}

int rg_bw_run(rg_bw_kernel k, rg_isa isa, float *a, const float *b, const float *c, int64_t n,
              float s, float *sink) {
    if (!known(k) || n < 0 || n % RG__BW_BLOCK != 0 || !array_ok(a)) return RG_EINVAL;
    if ((kernels[k].reads_b && !array_ok(b)) || (kernels[k].reads_c && !array_ok(c)))
        return RG_EINVAL;
    if (k == RG_BW_READ && !sink) return RG_EINVAL;
    if (isa == RG_ISA_AUTO) isa = rg_cpu_best_isa();
    if (isa < RG_ISA_SCALAR || isa >= RG_ISA_COUNT_) return RG_EINVAL;
    if (!rg_isa_supported(isa)) return RG_EUNSUPPORTED;
    by_isa[isa](k, a, b, c, n, s, sink);
    return RG_OK;
}
