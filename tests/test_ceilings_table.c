/* test_ceilings_table.c: the ceilings pivots (rows, columns and their order, the GPU without
 * thread counts, what does not fit), the sorted long list, the cell formats, and the terminal
 * tables built on them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ceilings_pivot.h"
#include "ceilings_table.h"
#include "results_fixture.h"

static void add(rg_results *r, const char *device, const char *kind, const char *name,
                const char *method, int threads, double value) {
    rg_ceiling c;
    memset(&c, 0, sizeof c);
    strcpy(c.device, device);
    strcpy(c.kind, kind);
    strcpy(c.name, name);
    strcpy(c.method, method);
    strcpy(c.unit, strcmp(kind, "flops") ? "GB/s" : "GFLOP/s");
    c.threads = threads;
    c.value = value;
    c.p10 = value * 0.99;
    c.p90 = value * 1.01;
    c.size_lo = 1 << 20;
    c.size_hi = 4 << 20;
    cr_assert_eq(rg_results_add_ceiling(r, &c), 0);
}

Test(ceilings_pivot, peaks_by_precision_and_thread_count) {
    rg_results r;
    rg_results_init(&r);
    fixture_ceilings(&r);
    rg__ceilings_pivot p;
    rg__ceilings_pivot_make(&r, "cpu", RG_PIVOT_PEAKS, &p);
    cr_assert_eq(p.nrows, 4);
    cr_assert_eq(p.ncols, 2);
    cr_expect(p.threads_apply);
    cr_expect_eq(p.col[0]->threads, 1);
    cr_expect_eq(p.col[1]->threads, 2);
    /* Precisions in the file's order, probes by name within one. */
    const char *rows[4][2] = {{"fp32", "fma-avx2"},
                              {"fp32", "fma-avx512"},
                              {"bf16", "dpbf16-avx512"},
                              {"int8", "vpdpbusd-avx512"}};
    for (size_t i = 0; i < 4; i++) {
        cr_expect_str_eq(p.row[i]->name, rows[i][0], "row %zu", i);
        cr_expect_str_eq(p.row[i]->method, rows[i][1], "row %zu", i);
    }
    cr_expect_null(p.cell[0][0], "fma-avx2 not measured on 1 thread");
    cr_expect_eq(p.cell[1][0]->value, 113.0);
    cr_expect_eq(p.cell[1][1]->value, 226.0);
    cr_expect_eq(p.dropped, 0);
    rg__ceilings_pivot_make(&r, "gpu", RG_PIVOT_PEAKS, &p);
    cr_expect_eq(p.nrows, 0, "other devices are left out");
    rg_results_free(&r);
}

Test(ceilings_pivot, levels_in_level_order_rows_by_probe_and_threads) {
    rg_results r;
    rg_results_init(&r);
    add(&r, "cpu", "bandwidth", "SLC", "triad", 2, 50);
    add(&r, "cpu", "bandwidth", "DRAM", "triad", 2, 30);
    add(&r, "cpu", "bandwidth", "L2", "triad", 1, 110);
    add(&r, "cpu", "bandwidth", "L2", "read", 2, 230);
    add(&r, "cpu", "bandwidth", "L1", "read", 1, 300);
    add(&r, "cpu", "flops", "fp32", "fma", 1, 100);
    rg__ceilings_pivot p;
    rg__ceilings_pivot_make(&r, "cpu", RG_PIVOT_LEVELS, &p);
    cr_assert_eq(p.ncols, 4);
    const char *cols[] = {"L1", "L2", "DRAM", "SLC"};
    for (size_t i = 0; i < 4; i++)
        cr_expect_str_eq(p.col[i]->name, cols[i], "column %zu", i);
    cr_assert_eq(p.nrows, 4);
    const struct {
        const char *method;
        int threads;
    } rows[] = {{"read", 1}, {"read", 2}, {"triad", 1}, {"triad", 2}};
    for (size_t i = 0; i < 4; i++) {
        cr_expect_str_eq(p.row[i]->method, rows[i].method, "row %zu", i);
        cr_expect_eq(p.row[i]->threads, rows[i].threads, "row %zu", i);
    }
    cr_expect_eq(p.cell[1][1]->value, 230.0, "read L2 at 2 threads");
    cr_expect_null(p.cell[1][0]);
    cr_expect_eq(p.cell[3][3]->value, 50.0, "triad SLC at 2 threads");
    rg_results_free(&r);
}

Test(ceilings_pivot, gpu_has_no_thread_counts_and_links_stand_apart) {
    rg_results r;
    rg_results_init(&r);
    add(&r, "gpu", "flops", "fp32", "fma", 0, 50000);
    add(&r, "gpu", "flops", "fp32", "fma", 1, 51000); /* the largest count stays */
    add(&r, "gpu", "bandwidth", "D2H", "copy", 0, 24);
    add(&r, "gpu", "bandwidth", "HBM", "read", 0, 3000);
    add(&r, "gpu", "bandwidth", "H2D", "copy", 0, 25);
    add(&r, "gpu", "bandwidth", "L2", "read", 0, 7000);
    rg__ceilings_pivot p;
    rg__ceilings_pivot_make(&r, "gpu", RG_PIVOT_PEAKS, &p);
    cr_expect(!p.threads_apply);
    cr_assert_eq(p.nrows, 1);
    cr_assert_eq(p.ncols, 1);
    cr_expect_eq(p.cell[0][0]->value, 51000.0);
    rg__ceilings_pivot_make(&r, "gpu", RG_PIVOT_LEVELS, &p);
    cr_assert_eq(p.ncols, 2);
    cr_expect_str_eq(p.col[0]->name, "L2");
    cr_expect_str_eq(p.col[1]->name, "HBM");
    cr_expect_eq(p.nrows, 1);
    rg__ceilings_pivot_make(&r, "gpu", RG_PIVOT_LINKS, &p);
    cr_assert_eq(p.ncols, 2);
    cr_expect_str_eq(p.col[0]->name, "H2D");
    cr_expect_str_eq(p.col[1]->name, "D2H");
    rg_results_free(&r);
}

Test(ceilings_pivot, what_does_not_fit_is_counted) {
    rg_results r;
    rg_results_init(&r);
    for (int i = 0; i < RG_PIVOT_MAXCOLS + 2; i++) {
        char name[16];
        snprintf(name, sizeof name, "X%02d", i);
        add(&r, "cpu", "bandwidth", name, "read", 1, 10.0 + i);
    }
    rg__ceilings_pivot p;
    rg__ceilings_pivot_make(&r, "cpu", RG_PIVOT_LEVELS, &p);
    cr_expect_eq(p.ncols, RG_PIVOT_MAXCOLS);
    cr_expect_eq(p.dropped, 2);
    rg_results_free(&r);
}

Test(ceilings_pivot, sorted_by_kind_level_method_threads) {
    rg_results r;
    rg_results_init(&r);
    add(&r, "cpu", "bandwidth", "DRAM", "read", 2, 30);
    add(&r, "cpu", "bandwidth", "L2", "triad", 1, 110);
    add(&r, "gpu", "bandwidth", "HBM", "read", 0, 3000);
    add(&r, "cpu", "bandwidth", "L2", "read", 2, 230);
    add(&r, "cpu", "bandwidth", "L2", "read", 1, 120);
    add(&r, "cpu", "flops", "bf16", "dp", 2, 400);
    add(&r, "cpu", "flops", "fp32", "fma", 1, 100);
    const rg_ceiling *out[8];
    cr_assert_eq(rg__ceilings_sorted(&r, "cpu", out), 6);
    const char *want[6][2] = {{"bf16", "2"},    {"fp32", "1"},     {"L2 read", "1"},
                              {"L2 read", "2"}, {"L2 triad", "1"}, {"DRAM read", "2"}};
    for (size_t i = 0; i < 6; i++) {
        char got[2][80];
        if (strcmp(out[i]->kind, "flops") == 0)
            snprintf(got[0], sizeof got[0], "%s", out[i]->name);
        else
            snprintf(got[0], sizeof got[0], "%s %s", out[i]->name, out[i]->method);
        snprintf(got[1], sizeof got[1], "%d", out[i]->threads);
        cr_expect_str_eq(got[0], want[i][0], "row %zu", i);
        cr_expect_str_eq(got[1], want[i][1], "row %zu", i);
    }
    rg_results_free(&r);
}

Test(ceilings_pivot, cell_formats) {
    rg_ceiling c;
    memset(&c, 0, sizeof c);
    c.value = 233.2;
    c.p10 = 230.4;
    c.p90 = 236.0;
    c.size_lo = 46336;
    c.size_hi = 370688;
    char buf[64];
    rg__ceiling_fmt_value(buf, sizeof buf, &c, "\xc2\xb1");
    cr_expect_str_eq(buf, "233.2 \xc2\xb1"
                          "1.2%");
    rg__ceiling_fmt_value(buf, sizeof buf, &c, "+-");
    cr_expect_str_eq(buf, "233.2 +-1.2%");
    rg__ceiling_fmt_span(buf, sizeof buf, &c);
    cr_expect_str_eq(buf, "45.2 KiB-362 KiB");
    c.value = c.p10 = c.p90 = 51000;
    c.size_hi = 0;
    rg__ceiling_fmt_value(buf, sizeof buf, &c, "+-");
    cr_expect_str_eq(buf, "51000 +-0.0%");
    rg__ceiling_fmt_span(buf, sizeof buf, &c);
    cr_expect_str_eq(buf, "-");
}

/* Not inlined: GCC would take the returned text for the address of a local. */
__attribute__((noinline)) static char *print(const rg_results *r,
                                             const rg_ceilings_print_opts *opts) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert(f);
    cr_assert_eq(rg_ceilings_print(f, r, opts), 0);
    fclose(f);
    return buf;
}

Test(ceilings_table, terminal_pivots_per_device) {
    rg_results r;
    rg_results_init(&r);
    add(&r, "gpu", "flops", "fp32", "fma", 0, 50000);
    add(&r, "gpu", "bandwidth", "HBM", "read", 0, 3000);
    add(&r, "gpu", "bandwidth", "H2D", "copy", 0, 25);
    fixture_ceilings(&r);
    char *out = print(&r, NULL);
    const char *cpu = strstr(out, "compute peaks (");
    const char *gpu = strstr(out, "compute peaks of gpu (");
    cr_assert(cpu && gpu && cpu < gpu, "the CPU first:\n%s", out);
    cr_expect(strstr(out, "113.0 +-1.5%  226.0 +-1.5%"), "%s", out);
    cr_expect(strstr(out, "8 KiB-48 KiB"), "%s", out);
    cr_expect(strstr(gpu, "value"), "one GPU peaks column:\n%s", gpu);
    cr_expect_null(strstr(gpu, "thread "), "no GPU thread counts:\n%s", gpu);
    cr_expect(strstr(gpu, "  read          -  3000 +-1.0%"), "'-' for threads:\n%s", gpu);
    cr_expect(strstr(gpu, "transfer links of gpu"), "%s", gpu);
    cr_expect_null(strstr(out, " 0  "), "no 0 thread count:\n%s", out);
    free(out);
    rg_results_free(&r);
}
