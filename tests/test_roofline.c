/* test_roofline.c: the roofline bound: compute- and memory-bound cases, the memory level by
 * footprint and cache mode, thread matching, and cases without a bound. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "results_fixture.h"
#include "roofline.h"

#define NEAR(a, b) (fabs((a) - (b)) <= 1e-9 * fmax(1.0, fabs(b)))

/* A case of chosen flops and bytes (intensity = flops / bytes), verified at gflops. */
static rg_result make_case(double flops, double bytes, int threads, const char *cache,
                           double gflops) {
    rg_result res = fixture_gemm("ridge", 64, threads, 100.0, RG_CASE_OK, 0);
    res.flops = flops;
    res.bytes = bytes;
    res.intensity = flops / bytes;
    res.gflops = gflops;
    strcpy(res.cache, cache);
    return res;
}

static void add(rg_results *r, const char *device, const char *kind, const char *name,
                const char *method, int threads, double value, int64_t lo, int64_t hi) {
    rg_ceiling c;
    memset(&c, 0, sizeof c);
    strcpy(c.device, device);
    strcpy(c.kind, kind);
    strcpy(c.name, name);
    strcpy(c.method, method);
    strcpy(c.unit, strcmp(kind, "flops") ? "GB/s" : "GFLOP/s");
    c.threads = threads;
    c.value = c.p10 = c.p90 = value;
    c.size_lo = lo;
    c.size_hi = hi;
    cr_assert_eq(rg_results_add_ceiling(r, &c), 0);
}

Test(roofline, precision_names) {
    cr_expect_str_eq(rg_roofline_precision("f32"), "fp32");
    cr_expect_str_eq(rg_roofline_precision("bf16"), "bf16");
    cr_expect_str_eq(rg_roofline_precision("f16"), "fp16");
    cr_expect_str_eq(rg_roofline_precision("i8"), "int8");
    cr_expect_null(rg_roofline_precision("c64"));
    cr_expect(rg_roofline_is_transfer("H2D") && rg_roofline_is_transfer("D2H"));
    cr_expect(!rg_roofline_is_transfer("DRAM"));
    cr_expect_str_eq(rg_roofline_rate_unit("int8"), "GOP/s");
    cr_expect_str_eq(rg_roofline_rate_unit("fp32"), "GFLOP/s");
    cr_expect_str_eq(rg_roofline_rate_unit(NULL), "GFLOP/s");
}

Test(roofline, level_ranks_and_where_threads_apply) {
    const char *order[] = {"L1", "L2", "L3", "L4", "DRAM", "HBM"};
    for (int i = 0; i < 6; i++)
        cr_expect_eq(rg_roofline_level_rank(order[i]), i + 1, "%s", order[i]);
    cr_expect_eq(rg_roofline_level_rank("H2D"), 0);
    cr_expect_eq(rg_roofline_level_rank("SLC"), 0);
    cr_expect(rg_roofline_threads_apply("cpu"));
    cr_expect(!rg_roofline_threads_apply("gpu"));
}

Test(roofline, compute_bound) {
    rg_results r;
    rg_results_init(&r);
    fixture_ceilings(&r);
    /* 2048^3 GEMM: intensity 256 flop/byte, 64 MiB footprint: even DRAM (30 GB/s) would
     * allow 7.7 TFLOP/s, so the fp32 peak at 2 threads (226) bounds it. */
    rg_result res = fixture_gemm("ridge", 2048, 2, 180.0, RG_CASE_OK, 0);
    rg_bound b;
    rg_roofline_bound(&r, &res, &b);
    cr_expect_eq(b.kind, RG_BOUND_COMPUTE);
    cr_expect_str_eq(b.peak.name, "fp32");
    cr_expect_str_eq(b.peak.method, "fma-avx512"); /* 226 beats fma-avx2's 225 */
    cr_expect(NEAR(b.bound, 226.0), "bound %g", b.bound);
    cr_expect(NEAR(b.pct, 100.0 * 180.0 / 226.0), "pct %g", b.pct);
    cr_expect(!b.over);
    cr_expect_str_eq(rg_bound_kind_name(b.kind), "compute");
    rg_results_free(&r);
}

Test(roofline, memory_bound_cold) {
    rg_results r;
    rg_results_init(&r);
    fixture_ceilings(&r);
    /* Intensity 2, cold: DRAM 30 GB/s gives 60 GFLOP/s, under the peak. */
    rg_result res = make_case(2e6, 1e6, 2, "cold", 45.0);
    rg_bound b;
    rg_roofline_bound(&r, &res, &b);
    cr_expect_eq(b.kind, RG_BOUND_MEMORY);
    cr_expect_str_eq(b.level.name, "DRAM");
    cr_expect(NEAR(b.level.value, 30.0));
    cr_expect(NEAR(b.bound, 60.0), "bound %g", b.bound);
    cr_expect(NEAR(b.pct, 75.0), "pct %g", b.pct);
    rg_results_free(&r);
}

Test(roofline, warm_level_by_footprint) {
    rg_results r;
    rg_results_init(&r);
    fixture_ceilings(&r);
    static const struct {
        double bytes;
        const char *level;
        double gbps;
    } cases[] = {
        {40000, "L1", 700},      /* fits L1's plateau (up to 48 KiB) */
        {49152, "L1", 700},      /* exactly its end */
        {49153, "L2", 250},      /* one byte more */
        {20e6, "L3", 120},       /* 20 MB: L3 (up to 24 MiB) */
        {1e9, "DRAM", 30},       /* beyond every plateau: the slowest level */
        {536870913, "DRAM", 30}, /* just past DRAM's measured span */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rg_result res = make_case(0.1 * cases[i].bytes, cases[i].bytes, 2, "warm", 1.0);
        rg_bound b;
        rg_roofline_bound(&r, &res, &b);
        cr_expect_str_eq(b.level.name, cases[i].level, "%g bytes", cases[i].bytes);
        cr_expect(NEAR(b.level.value, cases[i].gbps));
        cr_expect_eq(b.kind, RG_BOUND_MEMORY);
        cr_expect(NEAR(b.bound, 0.1 * cases[i].gbps));
        /* Cold: always the slowest level, whatever fits. */
        strcpy(res.cache, "cold");
        rg_roofline_bound(&r, &res, &b);
        cr_expect_str_eq(b.level.name, "DRAM");
    }
    rg_results_free(&r);
}

Test(roofline, over_the_roof_is_flagged) {
    rg_results r;
    rg_results_init(&r);
    fixture_ceilings(&r);
    rg_result res = make_case(2e6, 1e6, 2, "cold", 90.0); /* bound 60 */
    rg_bound b;
    rg_roofline_bound(&r, &res, &b);
    cr_expect(NEAR(b.pct, 150.0));
    cr_expect(b.over);
    /* A case that did not run ok gets the bound but no percentage. */
    res.status = RG_CASE_FAILED;
    rg_roofline_bound(&r, &res, &b);
    cr_expect(NEAR(b.bound, 60.0));
    cr_expect(isnan(b.pct));
    cr_expect(!b.over);
    rg_results_free(&r);
}

Test(roofline, thread_matching) {
    rg_results r;
    rg_results_init(&r);
    add(&r, "cpu", "flops", "fp32", "fma", 1, 100, 0, 0);
    add(&r, "cpu", "flops", "fp32", "fma", 4, 300, 0, 0);
    add(&r, "cpu", "bandwidth", "DRAM", "read", 4, 40, 1 << 27, 1 << 29);
    static const struct {
        int threads;
        double peak;
        int scaled;
    } cases[] = {
        {1, 100, 0}, /* measured exactly */
        {2, 200, 1}, /* 1-thread value x 2 */
        {3, 300, 1}, /* x 3 = 300: at the cap */
        {4, 300, 0}, /* measured exactly (not 400) */
        {8, 300, 1}, /* 4-thread x 2 = 600, capped at the largest count's 300 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rg_roofs roofs;
        rg_roofs_get(&r, "cpu", cases[i].threads, &roofs);
        cr_assert_eq(roofs.npeaks, 1);
        cr_expect(NEAR(roofs.peaks[0].value, cases[i].peak), "%d threads: %g", cases[i].threads,
                  roofs.peaks[0].value);
        cr_expect_eq(roofs.peaks[0].scaled, cases[i].scaled, "%d threads", cases[i].threads);
        cr_expect_eq(roofs.peaks[0].threads, cases[i].threads);
    }
    /* Bandwidth measured at 4 threads only: 1 thread gets its per-thread share. */
    cr_expect(NEAR(rg_roofline_bandwidth(&r, "cpu", "DRAM", 1), 10.0));
    cr_expect(NEAR(rg_roofline_bandwidth(&r, "cpu", "DRAM", 4), 40.0));
    cr_expect(NEAR(rg_roofline_bandwidth(&r, "cpu", "DRAM", 16), 40.0));
    cr_expect(isnan(rg_roofline_bandwidth(&r, "cpu", "L2", 4)));
    rg_results_free(&r);
}

Test(roofline, highest_method_at_the_threads) {
    rg_results r;
    rg_results_init(&r);
    fixture_ceilings(&r);
    /* 1 thread: fma-avx512 measured 113; fma-avx2 (2 threads only) would give 112.5. */
    rg_result res = fixture_gemm("ridge", 2048, 1, 100.0, RG_CASE_OK, 0);
    rg_bound b;
    rg_roofline_bound(&r, &res, &b);
    cr_expect(NEAR(b.peak.value, 113.0));
    cr_expect_str_eq(b.peak.method, "fma-avx512");
    cr_expect(!b.peak.scaled);
    /* bf16 runs against the bf16 roof. */
    strcpy(res.dtype, "bf16");
    res.threads = 2;
    rg_roofline_bound(&r, &res, &b);
    cr_expect_str_eq(b.peak.name, "bf16");
    cr_expect(NEAR(b.bound, 452.0));
    rg_results_free(&r);
}

Test(roofline, roofs_for_the_chart) {
    rg_results r;
    rg_results_init(&r);
    fixture_ceilings(&r);
    add(&r, "gpu", "bandwidth", "H2D", "copy", 1, 25, 1 << 20, 1 << 30);
    rg_roofs roofs;
    cr_expect_eq(rg_roofs_get(&r, "cpu", 0, &roofs), 7);
    cr_expect_eq(roofs.threads, 2);
    cr_assert_eq(roofs.npeaks, 3);
    cr_expect_str_eq(roofs.peaks[0].name, "fp32");
    cr_expect(NEAR(roofs.peaks[0].value, 226.0));
    cr_expect_str_eq(roofs.peaks[1].name, "bf16");
    cr_expect_str_eq(roofs.peaks[2].name, "int8");
    cr_assert_eq(roofs.nlevels, 4);
    const char *order[] = {"L1", "L2", "L3", "DRAM"};
    for (int i = 0; i < 4; i++)
        cr_expect_str_eq(roofs.levels[i].name, order[i]);
    cr_expect_eq(roofs.levels[1].size_lo, 131072);
    cr_expect_eq(roofs.levels[1].size_hi, 1572864);
    /* A transfer link is not a memory level. */
    cr_expect_eq(rg_roofs_get(&r, "gpu", 0, &roofs), 0);
    cr_expect(NEAR(rg_roofline_bandwidth(&r, "gpu", "H2D", 0), 25.0));
    rg_results_free(&r);
}

Test(roofline, no_bound_says_why) {
    rg_results r;
    rg_results_init(&r);
    strcpy(r.ceilings_note, "not measured: --no-ceilings");
    rg_result res = fixture_gemm("ridge", 256, 2, 100.0, RG_CASE_OK, 0);
    rg_bound b;
    rg_roofline_bound(&r, &res, &b);
    cr_expect_eq(b.kind, RG_BOUND_NONE);
    cr_expect(isnan(b.bound) && isnan(b.pct));
    cr_expect(strstr(b.note, "--no-ceilings"), "note: %s", b.note);
    cr_expect_str_eq(rg_bound_kind_name(b.kind), "-");

    r.ceilings_note[0] = '\0';
    fixture_ceilings(&r);
    strcpy(res.device, "gpu"); /* CPU ceilings only */
    rg_roofline_bound(&r, &res, &b);
    cr_expect_eq(b.kind, RG_BOUND_NONE);
    cr_expect(strstr(b.note, "gpu fp32"), "note: %s", b.note);

    strcpy(res.device, "cpu");
    strcpy(res.dtype, "c64");
    rg_roofline_bound(&r, &res, &b);
    cr_expect_eq(b.kind, RG_BOUND_NONE);
    cr_expect(strstr(b.note, "c64"), "note: %s", b.note);

    /* A compute roof without any memory level. */
    rg_results only_peak;
    rg_results_init(&only_peak);
    add(&only_peak, "cpu", "flops", "fp32", "fma", 2, 200, 0, 0);
    strcpy(res.dtype, "f32");
    rg_roofline_bound(&only_peak, &res, &b);
    cr_expect_eq(b.kind, RG_BOUND_NONE);
    cr_expect(strstr(b.note, "bandwidth"), "note: %s", b.note);
    rg_results_free(&only_peak);
    rg_results_free(&r);
}

Test(roofline, gpu_ignores_threads) {
    rg_results r;
    rg_results_init(&r);
    /* A GPU's ceilings carry no thread count (0). */
    add(&r, "gpu", "flops", "fp32", "fma", 0, 50000, 0, 0);
    add(&r, "gpu", "bandwidth", "L2", "read", 0, 7000, 1 << 20, 40 << 20);
    add(&r, "gpu", "bandwidth", "HBM", "read", 0, 3000, 1 << 28, (int64_t)1 << 32);
    rg_result res = make_case(2e9, 1e9, 8, "cold", 4000.0);
    strcpy(res.device, "gpu");
    rg_bound b;
    rg_roofline_bound(&r, &res, &b);
    cr_expect_eq(b.kind, RG_BOUND_MEMORY);
    cr_expect_str_eq(b.level.name, "HBM");
    cr_expect(NEAR(b.bound, 6000.0));
    cr_expect(!b.peak.scaled);
    rg_roofs roofs;
    cr_expect_eq(rg_roofs_get(&r, "gpu", 0, &roofs), 3);
    cr_expect_eq(roofs.threads, 0, "no thread count to print");
    cr_expect_eq(roofs.peaks[0].threads, 0);
    rg_results_free(&r);
}

Test(roofline, levels_in_name_order_whatever_their_spans) {
    rg_results r;
    rg_results_init(&r);
    add(&r, "cpu", "bandwidth", "L2", "read", 2, 170, 1 << 20, 12 << 20); /* ends after L3 */
    add(&r, "cpu", "bandwidth", "L3", "read", 1, 108, 64 << 10, 8 << 20);
    add(&r, "cpu", "bandwidth", "DRAM", "read", 2, 33, 64 << 20, 160 << 20);
    add(&r, "cpu", "bandwidth", "L1", "read", 2, 230, 4 << 10, 32 << 10);
    add(&r, "cpu", "bandwidth", "SLC", "read", 2, 50, 16 << 20, 48 << 20); /* unknown name */
    rg_roofs roofs;
    rg_roofs_get(&r, "cpu", 2, &roofs);
    cr_assert_eq(roofs.nlevels, 5);
    const char *order[] = {"L1", "L2", "L3", "SLC", "DRAM"};
    for (int i = 0; i < 5; i++)
        cr_expect_str_eq(roofs.levels[i].name, order[i], "level %d", i);
    rg_results_free(&r);
}
