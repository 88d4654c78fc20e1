/* test_cpu.c: CPU features, ISA names, status strings, cache sizes and GEMM blocking. */
#include <criterion/criterion.h>
#include <string.h>

#include "ridge.h"

Test(cpu, features_consistent) {
    const rg_cpu_features *f = rg_cpu_features_get();
    cr_assert_not_null(f);
    cr_assert_eq(f, rg_cpu_features_get(), "features must be computed once");
    cr_assert(memchr(f->vendor, '\0', sizeof f->vendor), "vendor not terminated");
    cr_assert(memchr(f->brand, '\0', sizeof f->brand), "brand not terminated");
    /* Each level implies the one below (the OS must enable the wider state too). */
    if (f->avx512f) cr_assert(f->avx2, "avx512f without avx2");
    if (f->avx512bw || f->avx512dq || f->avx512vl || f->avx512cd || f->avx512_bf16 ||
        f->avx512_vnni || f->avx512_fp16)
        cr_assert(f->avx512f, "an AVX-512 extension without avx512f");
    if (f->avx2) cr_assert(f->avx, "avx2 without avx");
    if (f->fma) cr_assert(f->avx, "fma without avx");
    if (f->avx_vnni) cr_assert(f->avx, "avx_vnni without avx");
}

Test(cpu, isa_levels) {
    const rg_cpu_features *f = rg_cpu_features_get();
    cr_assert(rg_isa_supported(RG_ISA_SCALAR));
    cr_assert(rg_isa_supported(RG_ISA_AUTO));
    cr_assert(!rg_isa_supported((rg_isa)RG_ISA_COUNT_));
    cr_assert_eq(!!rg_isa_supported(RG_ISA_AVX2), f->avx2 && f->fma);
    cr_assert_eq(!!rg_isa_supported(RG_ISA_AVX512),
                 f->avx512f && f->avx512bw && f->avx512dq && f->avx512vl && f->fma);
    /* Supported levels are nested, and the best is the strongest of them. */
    rg_isa best = rg_cpu_best_isa();
    cr_assert(rg_isa_supported(best));
    for (int i = RG_ISA_SCALAR; i < RG_ISA_COUNT_; i++) {
        if (i <= (int)best)
            cr_assert(rg_isa_supported((rg_isa)i), "level %d below best unsupported", i);
        else
            cr_assert(!rg_isa_supported((rg_isa)i), "level %d above best supported", i);
    }
}

Test(cpu, isa_name_parse_round_trip) {
    for (int i = RG_ISA_AUTO; i < RG_ISA_COUNT_; i++) {
        const char *name = rg_isa_name((rg_isa)i);
        cr_assert_not_null(name);
        rg_isa back = (rg_isa)99;
        cr_assert_eq(rg_isa_parse(name, &back), RG_OK, "parse(%s)", name);
        cr_assert_eq(back, i, "%s parsed to %d", name, back);
    }
    cr_assert_str_eq(rg_isa_name(RG_ISA_SCALAR), "scalar");
    cr_assert_str_eq(rg_isa_name(RG_ISA_AVX2), "avx2");
    cr_assert_str_eq(rg_isa_name(RG_ISA_AVX512), "avx512");
    rg_isa out;
    cr_assert_eq(rg_isa_parse("avx1024", &out), RG_ENOTFOUND);
    cr_assert_eq(rg_isa_parse("", &out), RG_ENOTFOUND);
    cr_assert_neq(rg_isa_parse(NULL, &out), RG_OK);
}

Test(cpu, status_strings) {
    int seen = 0;
#define CHECK_STATUS(name, code, msg)                                                              \
    cr_assert_str_eq(rg_status_name(code), "RG_" #name);                                           \
    cr_assert_str_eq(rg_status_message(code), msg);                                                \
    cr_assert(code <= 0, #name " is not 0 or negative");                                           \
    seen++;
    RG_STATUS_MAP(CHECK_STATUS)
#undef CHECK_STATUS
    cr_assert_eq(seen, 12);
    /* Unknown codes still give a printable string. */
    cr_assert_not_null(rg_status_name(-12345));
    cr_assert_not_null(rg_status_message(12345));
    cr_assert_str_neq(rg_status_name(-12345), "RG_OK");
}

Test(cpu, cache_sizes_default_clamped) {
    rg_cache_sizes c = rg_cache_sizes_default();
    /* Real CPUs: L1d 16-128 KiB, L2 256 KiB-4 MiB per core; L3 at most 1 GiB. */
    cr_assert(c.l1d >= (16u << 10) && c.l1d <= (128u << 10), "l1d %zu", c.l1d);
    cr_assert(c.l2 >= (256u << 10) && c.l2 <= (4u << 20), "l2 %zu", c.l2);
    cr_assert(c.l3 <= (1024u << 20), "l3 %zu", c.l3);
    cr_assert(c.l1d < c.l2, "l1d %zu >= l2 %zu", c.l1d, c.l2);
}

Test(cpu, sgemm_blocking) {
    rg_cache_sizes def = rg_cache_sizes_default();
    /* Odd caches (a VM's zeros, a huge L2) must still give a usable blocking. */
    rg_cache_sizes odd[] = {def, {0, 0, 0}, {1 << 10, 64u << 20, (size_t)4 << 30}};
    for (int isa = RG_ISA_SCALAR; isa < RG_ISA_COUNT_; isa++) {
        if (!rg_isa_supported((rg_isa)isa)) continue;
        for (size_t s = 0; s < sizeof odd / sizeof odd[0]; s++) {
            rg_gemm_blocking b;
            memset(&b, 0, sizeof b);
            int rc = rg_sgemm_blocking((rg_isa)isa, &odd[s], &b);
            cr_assert_eq(rc, RG_OK, "%s caches #%zu: %s", rg_isa_name((rg_isa)isa), s,
                         rg_status_name(rc));
            cr_assert(b.mr > 0 && b.nr > 0 && b.mc > 0 && b.kc > 0 && b.nc > 0,
                      "%s: mr %d nr %d mc %d kc %d nc %d", rg_isa_name((rg_isa)isa), b.mr, b.nr,
                      b.mc, b.kc, b.nc);
            cr_assert_eq(b.mc % b.mr, 0, "%s: mc %d not a multiple of mr %d",
                         rg_isa_name((rg_isa)isa), b.mc, b.mr);
            cr_assert_eq(b.nc % b.nr, 0, "%s: nc %d not a multiple of nr %d",
                         rg_isa_name((rg_isa)isa), b.nc, b.nr);
        }
    }
    rg_gemm_blocking b;
    cr_assert_eq(rg_sgemm_blocking(RG_ISA_AUTO, NULL, &b), RG_OK);
    cr_assert_eq(rg_sgemm_blocking(RG_ISA_SCALAR, NULL, NULL), RG_EINVAL);
}
