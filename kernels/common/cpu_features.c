/* cpu_features.c: CPUID/XGETBV probing and the ISA dispatch levels built on it. */
#include <cpuid.h>
#include <pthread.h>
#include <string.h>

#include "internal.h"

static rg_cpu_features features;
static pthread_once_t features_once = PTHREAD_ONCE_INIT;

static uint64_t read_xcr0(void) {
    uint32_t lo, hi;
    /* Encoded as bytes so this file needs no -mxsave flag. */
    __asm__ volatile(".byte 0x0f, 0x01, 0xd0" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

static void probe(void) {
    rg_cpu_features *f = &features;
    unsigned a, b, c, d;
    memset(f, 0, sizeof *f);
    if (!__get_cpuid(0, &a, &b, &c, &d)) return;
    unsigned max_leaf = a;
    memcpy(f->vendor + 0, &b, 4);
    memcpy(f->vendor + 4, &d, 4);
    memcpy(f->vendor + 8, &c, 4);

    __get_cpuid(1, &a, &b, &c, &d);
    unsigned fam = (a >> 8) & 0xf, model = (a >> 4) & 0xf;
    if (fam == 0xf) fam += (a >> 20) & 0xff;
    if (fam == 0x6 || fam >= 0xf) model |= ((a >> 16) & 0xf) << 4;
    f->family = (int)fam;
    f->model = (int)model;
    f->stepping = (int)(a & 0xf);
    int osxsave = (c >> 27) & 1;
    f->sse42 = (c >> 20) & 1;
    int cpu_avx = (c >> 28) & 1, cpu_fma = (c >> 12) & 1, cpu_f16c = (c >> 29) & 1;

    /* The OS must save the wide registers, or using them faults: check XCR0. */
    uint64_t xcr0 = osxsave ? read_xcr0() : 0;
    int os_ymm = (xcr0 & 0x6) == 0x6;
    int os_zmm = os_ymm && (xcr0 & 0xe0) == 0xe0;
    int os_amx = (xcr0 & 0x60000) == 0x60000;

    f->avx = cpu_avx && os_ymm;
    f->fma = cpu_fma && f->avx;
    f->f16c = cpu_f16c && f->avx;
    if (max_leaf >= 7) {
        __get_cpuid_count(7, 0, &a, &b, &c, &d);
        f->avx2 = ((b >> 5) & 1) && f->avx;
        f->avx512f = ((b >> 16) & 1) && os_zmm;
        f->avx512dq = ((b >> 17) & 1) && os_zmm;
        f->avx512cd = ((b >> 28) & 1) && os_zmm;
        f->avx512bw = ((b >> 30) & 1) && os_zmm;
        f->avx512vl = ((b >> 31) & 1) && os_zmm;
        f->avx512_vnni = ((c >> 11) & 1) && os_zmm;
        f->avx512_fp16 = ((d >> 23) & 1) && os_zmm;
        f->amx = ((d >> 24) & 1) && os_amx; /* AMX-TILE */
        unsigned max_sub = a, a1 = 0, b1 = 0, c1 = 0, d1 = 0;
        if (max_sub >= 1) __get_cpuid_count(7, 1, &a1, &b1, &c1, &d1);
        f->avx_vnni = ((a1 >> 4) & 1) && f->avx;
        f->avx512_bf16 = ((a1 >> 5) & 1) && os_zmm;
    }
    __get_cpuid(0x80000000, &a, &b, &c, &d);
    if (a >= 0x80000004) {
        unsigned *w = (unsigned *)f->brand;
        for (unsigned leaf = 0; leaf < 3; leaf++)
            __get_cpuid(0x80000002 + leaf, &w[4 * leaf], &w[4 * leaf + 1], &w[4 * leaf + 2],
                        &w[4 * leaf + 3]);
        f->brand[48] = '\0';
        /* Trim the padding some vendors put around the brand string. */
        size_t n = strlen(f->brand);
        while (n && f->brand[n - 1] == ' ')
            f->brand[--n] = '\0';
        size_t lead = strspn(f->brand, " ");
        memmove(f->brand, f->brand + lead, n - lead + 1);
    }
}

const rg_cpu_features *rg_cpu_features_get(void) {
    pthread_once(&features_once, probe);
    return &features;
}

int rg_isa_supported(rg_isa isa) {
    const rg_cpu_features *f = rg_cpu_features_get();
    switch (isa) {
    case RG_ISA_AUTO:
    case RG_ISA_SCALAR:
        return 1;
    case RG_ISA_AVX2:
        return f->avx2 && f->fma;
    case RG_ISA_AVX512:
        return f->avx512f && f->avx512bw && f->avx512dq && f->avx512vl && f->fma;
    default:
        return 0;
    }
}

rg_isa rg_cpu_best_isa(void) {
    for (int i = RG_ISA_COUNT_ - 1; i > RG_ISA_SCALAR; i--)
        if (rg_isa_supported((rg_isa)i)) return (rg_isa)i;
    return RG_ISA_SCALAR;
}

static const char *const isa_names[RG_ISA_COUNT_] = {[RG_ISA_AUTO] = "auto",
                                                     [RG_ISA_SCALAR] = "scalar",
                                                     [RG_ISA_AVX2] = "avx2",
                                                     [RG_ISA_AVX512] = "avx512"};

const char *rg_isa_name(rg_isa isa) {
    if (isa < 0 || isa >= RG_ISA_COUNT_) return "unknown";
    return isa_names[isa];
}

int rg_isa_parse(const char *name, rg_isa *out) {
    if (!name || !out) return RG_EINVAL;
    for (int i = RG_ISA_AUTO; i < RG_ISA_COUNT_; i++)
        if (strcmp(name, isa_names[i]) == 0) {
            *out = (rg_isa)i;
            return RG_OK;
        }
    return RG_ENOTFOUND;
}
