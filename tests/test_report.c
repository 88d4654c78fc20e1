/* test_report.c: the report model and its Markdown and CSV printers over fixture results:
 * every case present, percentages of the bound, ratios, GPU/CPU crossover, machines compared
 * with costs, LLM step costs, and bad input files. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_params.h"
#include "report_fixtures.h"
#include "report_model.h"
#include "table.h"

#define NEAR(a, b) (fabs((a) - (b)) <= 1e-9 * fmax(1.0, fabs(b)))

static void load(rg_report *rep, const char *const *paths, size_t n, const rg_report_price *prices,
                 size_t nprices) {
    char err[512] = "";
    cr_assert_eq(rg_report_load(rep, paths, n, prices, nprices, err, sizeof err), 0, "%s", err);
}

/* The report in a format, as one string (caller frees). */
static char *render(const rg_report *rep, int (*write)(FILE *, const rg_report *)) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert(f);
    cr_assert_eq(write(f, rep), 0);
    fclose(f);
    return buf;
}

/* The row of machine m for impl/device at size n (and threads when > 0). */
static const rg_report_row *row_of(const rg_report *rep, size_t m, const char *device,
                                   const char *impl, int64_t n) {
    for (size_t i = 0; i < rep->nrows; i++) {
        const rg_report_row *r = &rep->rows[i];
        const rg_param *p = rg_result_param(r->result, "M");
        if (r->machine == m && !strcmp(r->result->device, device) &&
            !strcmp(r->result->impl, impl) && p && p->ival == n)
            return r;
    }
    cr_assert_fail("no row %s %s %lld", device, impl, (long long)n);
    return NULL;
}

/* The position of needle in hay, failing when absent. */
static const char *at(const char *hay, const char *needle) {
    const char *p = strstr(hay, needle);
    cr_assert(p, "'%s' missing from:\n%s", needle, hay);
    return p;
}

/* The text of md from the heading `from` up to the next heading of a table. */
static char *section(const char *md, const char *from) {
    const char *start = at(md, from), *end = strstr(start + 1, "\n###");
    return strndup(start, end ? (size_t)(end - start) : strlen(start));
}

/* The CPU fixture's ceilings as pivots: peaks by thread count, bandwidth by level in level
 * order with each plateau's working set in a second table; no raw byte counts. */
static void expect_ceiling_pivots(const char *md) {
    char *peaks = section(md, "### Compute peaks: bench-01, cpu");
    cr_expect(at(peaks, " 1 thread |") < at(peaks, " 2 threads |"), "%s", peaks);
    /* fma-avx512: 113 at 1 thread, 226 at 2; p10..p90 = 0.98..1.01 of it: +-1.5%. */
    const char *row = at(peaks, "| fp32      | fma-avx512 ");
    cr_expect(at(row, "113.0 ±1.5%") < at(row, "226.0 ±1.5%"), "%s", peaks);
    cr_expect(strstr(peaks, "| int8      | vpdpbusd-avx512 | GOP/s "), "%s", peaks);
    free(peaks);
    char *bw = section(md, "### Memory bandwidth (GB/s): bench-01, cpu");
    const char *l1 = at(bw, " L1 "), *l2 = at(bw, " L2 "), *l3 = at(bw, " L3 ");
    cr_expect(l1 < l2 && l2 < at(bw, " L3 ") && l3 < at(bw, " DRAM "), "level order:\n%s", bw);
    cr_expect(strstr(bw, "| read-avx512 |       2 | 700.0 ±1.5%"), "%s", bw);
    free(bw);
    char *spans = section(md, "### Working set of each plateau: bench-01, cpu");
    cr_expect(strstr(spans, "| 8 KiB-48 KiB "), "L1 span:\n%s", spans);
    cr_expect(strstr(spans, "| 128 MiB-512 MiB "), "DRAM span:\n%s", spans);
    cr_expect(strstr(spans, "With each value, the working set its plateau spans"), "%s", spans);
    free(spans);
    cr_expect_null(strstr(md, "Plateau from"), "raw byte columns are for the CSV");
    cr_expect_null(strstr(md, "134217728"), "raw byte counts are for the CSV");
}

/* A GPU has no thread counts: none printed for it, 0 least of all; its cases' labels do
 * not repeat the device the heading names. */
static void expect_gpu_without_threads(const char *md) {
    char *peaks = section(md, "### Compute peaks: bench-01, gpu");
    cr_expect(strstr(peaks, " Value |"), "one value column:\n%s", peaks);
    cr_expect_null(strstr(peaks, "thread"), "%s", peaks);
    free(peaks);
    char *bw = section(md, "### Memory bandwidth (GB/s): bench-01, gpu");
    cr_expect(at(bw, "| Probe | ") < at(bw, " L2 |") && at(bw, " L2 |") < at(bw, " HBM |"),
              "L2 first:\n%s", bw);
    cr_expect_null(strstr(bw, "Threads"), "%s", bw);
    cr_expect_null(strstr(bw, "H2D"), "links are not memory levels:\n%s", bw);
    free(bw);
    char *links = section(md, "### Transfer links (GB/s): bench-01, gpu");
    cr_expect(strstr(links, " 1.0 ±0.0% |"), "%s", links);
    free(links);
    cr_expect(strstr(md, "### Transfer sizes of each plateau: bench-01, gpu"));
    cr_expect(
        strstr(md, "Ridge point of fp32: 16.67 flop/byte (50000 GFLOP/s over HBM 3000 GB/s)"));
    char *res = section(md, "### Results: bench-01, gpu");
    cr_expect_null(strstr(res, "Threads"), "%s", res);
    cr_expect(strstr(res, "| gemm f32 2048x2048x2048 NN |"), "%s", res);
    cr_expect(strstr(res, " 15000.0 |") == NULL && strstr(res, " 15000 |"),
              "rates from 1000 "
              "without decimals:\n%s",
              res);
    cr_expect(strstr(res, "| fp32 50000 GFLOP/s "), "%s", res);
    cr_expect_null(strstr(res, " gpu |"), "no device in the labels:\n%s", res);
    free(res);
    cr_expect_null(strstr(md, "0 threads"));
    cr_expect_null(strstr(md, "(0 thr)"));
}

Test(report, cpu_only_rows_bounds_and_ratios) {
    report_files f;
    report_files_make(&f);
    rg_report rep;
    const char *paths[] = {f.cpu};
    load(&rep, paths, 1, NULL, 0);
    cr_assert_eq(rep.nmachines, 1);
    cr_expect_str_eq(rep.machines[0].label, "bench-01");
    cr_expect(NEAR(rep.machines[0].price_usd_per_hour, 0.0832));
    cr_expect_eq(rep.nrows, 10);
    cr_expect_eq(rep.npairs, 0);
    cr_expect_eq(rep.nmatches, 0);
    cr_expect_eq(rep.nsteps, 0);
    /* 1024^3, warm, 16 MiB: L3 allows 15 TFLOP/s: compute bound at 226. */
    const rg_report_row *r = row_of(&rep, 0, "cpu", "ridge", 1024);
    cr_expect_eq(r->roof.kind, RG_BOUND_COMPUTE);
    cr_expect(NEAR(r->roof.pct, 100.0 * 200 / 226), "pct %g", r->roof.pct);
    cr_expect(NEAR(r->ratio, 200.0 / 210.0), "ratio %g", r->ratio);
    cr_expect(NEAR(r->usd_per_pflop, 0.0832 / 3600 * 1e6 / 200), "cost %g", r->usd_per_pflop);
    cr_expect(isnan(r->gflops_per_watt));
    cr_expect(NEAR(row_of(&rep, 0, "cpu", "openblas", 1024)->ratio, 1.0));
    cr_expect(NEAR(row_of(&rep, 0, "cpu", "ridge", 64)->ratio, 1.25));
    cr_expect(isnan(row_of(&rep, 0, "cpu", "ridge", 512)->ratio)); /* failed */

    char *md = render(&rep, rg_report_write_md);
    const char *labels[] = {"gemm f32 64x64x64 NN", "gemm f32 256x256x256 NN",
                            "gemm f32 512x512x512 NN", "gemm f32 1024x1024x1024 NN",
                            "gemm f32 2048x2048x2048 NN"};
    for (int i = 0; i < 5; i++)
        cr_expect(strstr(md, labels[i]), "%s missing from:\n%s", labels[i], md);
    cr_expect(strstr(md, " 88% |"), "pct of 1024 ridge missing:\n%s", md);
    cr_expect(strstr(md, "0.95x"), "ratio missing");
    cr_expect(strstr(md, "max error 3e-2 over 1e-5"), "failure reason missing");
    cr_expect(strstr(md, "no such core type, here"), "skip reason missing");
    cr_expect(strstr(md, "Energy per case: not measured: no RAPL domain"), "energy note:\n%s", md);
    cr_expect(strstr(md, "Ridge point of fp32 at 2 threads: 7.53 flop/byte"), "ridge point");
    cr_expect(strstr(md, "| USD per PFLOP |"), "cost per 10^15 flops");
    cr_expect(strstr(md, " 0.116 |"), "0.0832 USD/h at 200 GFLOP/s: 0.116 USD per PFLOP");
    cr_expect(strstr(md, "price per hour / 3600 x 10^6 / GFLOP/s"), "cost formula");
    expect_ceiling_pivots(md);
    free(md);
    rg_report_free(&rep);
    report_files_remove(&f);
}

Test(report, gpu_and_cpu_pairs_and_crossover) {
    report_files f;
    report_files_make(&f);
    rg_report rep;
    const char *paths[] = {f.cpu, f.gpu};
    load(&rep, paths, 2, NULL, 0);
    cr_assert_eq(rep.nmachines, 1, "one label, one CPU: merged");
    const rg_report_machine *m = &rep.machines[0];
    cr_expect_eq(m->npaths, 2);
    cr_assert_eq(m->ndevices, 2);
    cr_expect_str_eq(m->devices[0], "cpu");
    cr_expect_str_eq(m->devices[1], "gpu");
    cr_assert_eq(rep.npairs, 4);
    for (int i = 0; i < 4; i++) {
        const rg_report_pair *p = &rep.pairs[i];
        const rg_result *c = rep.rows[p->cpu].result, *g = rep.rows[p->gpu].result;
        cr_expect_eq(rg_result_param(c, "M")->ival, pair_sizes[i], "pairs by flops");
        cr_expect_str_eq(g->impl, "cublas", "the fastest GPU impl");
        cr_expect_str_eq(c->impl, cpu_ridge[i] >= cpu_blas[i] ? "ridge" : "openblas");
        double best_cpu = fmax(cpu_ridge[i], cpu_blas[i]);
        cr_expect(NEAR(p->speedup, gpu_cublas[i] / best_cpu), "speedup %g", p->speedup);
        double xfer = p->t_gpu + g->bytes / 1e9;
        cr_expect(NEAR(p->t_gpu_xfer, xfer));
        cr_expect(NEAR(p->speedup_xfer, p->t_cpu / xfer));
    }
    cr_assert_eq(rep.ncrossovers, 1);
    const rg_report_crossover *x = &rep.crossovers[0];
    cr_expect_str_eq(x->family, "transA=N transB=N");
    cr_expect_eq(x->count, 4);
    cr_expect_eq(x->cpu_wins_below, 1, "CPU faster up to 256");
    cr_expect_eq(x->cpu_wins_below_xfer, 2, "with transfers up to 1024");
    /* GPU rows: ratio to cuBLAS, roofline under the GPU's ceilings. */
    const rg_report_row *g = row_of(&rep, 0, "gpu", "ridge", 2048);
    cr_expect(NEAR(g->ratio, 15000.0 / 20000.0));
    cr_expect_eq(g->roof.kind, RG_BOUND_COMPUTE);
    cr_expect(NEAR(g->roof.pct, 30.0), "gpu pct %g", g->roof.pct);

    char *md = render(&rep, rg_report_write_md);
    cr_expect(strstr(md, "## Machine: bench-01"));
    cr_expect(strstr(md, "### Results: bench-01, gpu"), "%s", md);
    cr_expect(strstr(md, "### GPU versus CPU: bench-01"));
    cr_expect(strstr(md, "gemm f32 256x256x256 NN (0.0336 GFLOP)"), "crossover:\n%s", md);
    cr_expect(strstr(md, "gemm f32 1024x1024x1024 NN (2.15 GFLOP)"), "crossover with H2D");
    cr_expect(strstr(md, "vs cublas"));
    expect_gpu_without_threads(md);
    free(md);
    rg_report_free(&rep);
    report_files_remove(&f);
}

Test(report, machines_compared_with_prices) {
    report_files f;
    report_files_make(&f);
    rg_report rep;
    const char *paths[] = {f.cpu, f.big};
    rg_report_price price = {"big-02", 2.5};
    load(&rep, paths, 2, &price, 1);
    cr_assert_eq(rep.nmachines, 2);
    cr_expect(NEAR(rep.machines[1].price_usd_per_hour, 2.5));
    cr_expect(NEAR(rep.machines[0].price_usd_per_hour, 0.0832), "the file's price");
    /* One match per distinct (case, impl) of either machine. */
    cr_expect_eq(rep.nmatches, 10);
    size_t found = 0;
    for (size_t i = 0; i < rep.nmatches; i++) {
        const size_t *cells = rep.matches[i].rows;
        cr_assert(cells[0] != RG_REPORT_NONE);
        const rg_result *a = rep.rows[cells[0]].result;
        if (strcmp(a->impl, "ridge") || rg_result_param(a, "M")->ival != 1024) continue;
        found++;
        cr_assert(cells[1] != RG_REPORT_NONE);
        const rg_report_row *b = &rep.rows[cells[1]];
        cr_expect_eq(b->result->threads, 16);
        cr_expect(NEAR(b->usd_per_pflop, 2.5 / 3600 * 1e6 / 800), "cost %g", b->usd_per_pflop);
        cr_expect_eq(b->roof.kind, RG_BOUND_NONE);
        cr_expect(strstr(b->roof.note, "--no-ceilings"));
    }
    cr_expect_eq(found, 1);

    char *md = render(&rep, rg_report_write_md);
    cr_expect(strstr(md, "## Machines compared"), "%s", md);
    cr_expect(strstr(md, "big-02 USD per PFLOP"));
    cr_expect(strstr(md, "bench-01 USD per PFLOP"));
    cr_expect(strstr(md, "big-02 vs bench-01"));
    cr_expect(strstr(md, "0.868"), "big-02's cost of the 1024 case");
    cr_expect(strstr(md, "USD per PFLOP (10^15 flops) of work = price per hour / 3600 x 10^6"));
    cr_expect_null(strstr(md, "TFLOP"), "no cost per TFLOP left:\n%s", md);
    cr_expect(strstr(md, "4.00x"), "800 / 200 GFLOP/s");
    cr_expect(strstr(md, "No roofline bound for 3 cases: no ceilings in the results (not "
                         "measured: --no-ceilings)."),
              "%s", md);
    free(md);
    rg_report_free(&rep);
    report_files_remove(&f);
}

Test(report, llm_step_costs) {
    report_files f;
    report_files_make(&f);
    rg_report rep;
    const char *paths[] = {f.llm};
    load(&rep, paths, 1, NULL, 0);
    /* Per step (prefill 2048, decode 1): best, ridge, openblas. */
    cr_assert_eq(rep.nsteps, 6);
    static const struct {
        const char *phase, *impl;
        double step_s;
        int missing;
    } want[6] = {
        {"prefill", "best", 32 * (0.05 + 0.2 + 2 * 0.3 + 0.4), 0},
        {"prefill", "ridge", 32 * (0.1 + 0.2 + 2 * 0.3 + 0.4), 0},
        {"prefill", "openblas", 32 * (0.05 + 0.4 + 2 * 0.6 + 0.8), 0},
        {"decode", "best", 32 * (0.001 + 0.002 + 2 * 0.003 + 0.004), 0},
        {"decode", "ridge", 32 * (0.001 + 0.002 + 2 * 0.003 + 0.004), 0},
        {"decode", "openblas", NAN, 1},
    };
    for (int i = 0; i < 6; i++) {
        const rg_report_step *s = &rep.steps[i];
        cr_expect_str_eq(s->phase, want[i].phase, "step %d", i);
        cr_expect_str_eq(s->impl, want[i].impl, "step %d", i);
        cr_expect_eq(s->tokens, want[i].phase[0] == 'p' ? 2048 : 1);
        cr_expect_eq(s->layers, 32);
        cr_expect_eq(s->ncases, 4);
        cr_expect_eq(s->nmissing, want[i].missing);
        if (want[i].missing) {
            cr_expect(isnan(s->step_s) && isnan(s->usd));
        } else {
            cr_expect(NEAR(s->step_s, want[i].step_s), "step %d: %g", i, s->step_s);
            cr_expect(NEAR(s->usd, want[i].step_s / 3600.0), "step %d: %g", i, s->usd);
        }
    }
    char *md = render(&rep, rg_report_write_md);
    cr_expect(strstr(md, "## LLM step cost (linear layers only)"), "%s", md);
    cr_expect(strstr(md, "3 of 4"));
    cr_expect(strstr(md, "gemm f32 2048x6144x4096 NT prefill qkv"), "labels skip the counts");
    free(md);
    rg_report_free(&rep);
    report_files_remove(&f);
}

/* Splits CSV text into records of fields (RFC 4180); returns the field count of the record
 * starting at *p and moves *p past it; first receives the first field (unquoted). */
static int csv_record(const char **p, char *first, size_t len) {
    int fields = 1, quoted = 0;
    size_t used = 0;
    first[0] = '\0';
    const char *s = *p;
    for (; *s; s++) {
        if (quoted) {
            if (*s == '"' && s[1] == '"')
                s++;
            else if (*s == '"') {
                quoted = 0;
                continue;
            }
        } else if (*s == '"') {
            quoted = 1;
            continue;
        } else if (*s == ',') {
            fields++;
            continue;
        } else if (*s == '\r' && s[1] == '\n') {
            s += 2;
            break;
        }
        cr_assert(*s != '\n' || quoted, "bare LF ends a record");
        if (fields == 1 && used + 1 < len) first[used++] = *s, first[used] = '\0';
    }
    *p = s;
    return fields;
}

Test(report, csv_sections_are_rectangular) {
    report_files f;
    report_files_make(&f);
    rg_report rep;
    const char *paths[] = {f.cpu, f.gpu, f.big, f.llm};
    rg_report_price price = {"big-02", 2.5};
    load(&rep, paths, 4, &price, 1);
    cr_expect_eq(rep.nmachines, 3);
    char *csv = render(&rep, rg_report_write_csv);
    const char *p = csv;
    char first[512];
    int sections = 0, width = -1, results_rows = 0, in_results = 0, at_start = 1;
    while (*p) {
        int n = csv_record(&p, first, sizeof first);
        if (n == 1 && first[0] == '\0') { /* an empty line ends a section */
            width = -1;
            at_start = 1;
            continue;
        }
        if (first[0] == '#') {
            if (at_start) { /* the title; then notes */
                sections++;
                in_results = !strncmp(first, "# results:", 10);
            }
            at_start = 0;
            cr_expect_eq(n, 1, "a title or note is one field: %s", first);
            continue;
        }
        cr_expect(!at_start, "a section without a title");
        if (width < 0)
            width = n; /* the header */
        else {
            cr_expect_eq(n, width, "ragged record starting '%s'", first);
            results_rows += in_results;
        }
    }
    cr_expect_gt(sections, 8);
    cr_expect_eq(results_rows, 8 + 8 + 3 + 15, "every ok case once: %d rows", results_rows);
    cr_expect(strstr(csv, "\"# results: Results: bench-01, cpu\"\r\n"), "quoted title");
    cr_expect(strstr(csv, "gemm f32 1024x1024x1024 NN,ridge,avx512,2,warm,128,"), "%s", csv);
    cr_expect(strstr(csv, ",88.4955752,0.952380952,"), "raw pct and ratio:\n%s", csv);
    cr_expect(strstr(csv, "\"no such core type, here\""), "reason quoted");
    /* Ceilings in long form, for people's pivots are not machines' tables: sorted by kind,
     * precision or level, method, threads; raw numbers, bytes as integers; no GPU threads. */
    cr_expect_null(strstr(csv, "ceiling_peaks"));
    cr_expect_null(strstr(csv, "ceiling_bandwidth"));
    cr_expect_null(strstr(csv, "\xc2\xb1"), "no rounded spreads in the CSV");
    const char *cpu_rows[] = {
        "kind,name,method,threads,value,unit,p10,p90,size_lo,size_hi\r\n",
        "flops,fp32,fma-avx2,2,225,GFLOP/s,220.5,227.25,,\r\n",
        "flops,fp32,fma-avx512,1,113,GFLOP/s,110.74,114.13,,\r\n",
        "flops,fp32,fma-avx512,2,226,",
        "flops,bf16,dpbf16-avx512,2,452,",
        "flops,int8,vpdpbusd-avx512,2,904,GOP/s,",
        "bandwidth,L1,read-avx512,2,700,GB/s,686,707,8192,49152\r\n",
        "bandwidth,L2,read-avx512,2,250,",
        "bandwidth,L3,read-avx512,2,120,",
        "bandwidth,DRAM,read-avx512,2,30,GB/s,29.4,30.3,134217728,536870912\r\n",
        "# results: Results: bench-01, cpu"};
    const char *p2 = at(csv, "# ceilings: Ceilings: bench-01, cpu");
    for (size_t i = 0; i < sizeof cpu_rows / sizeof cpu_rows[0]; i++) {
        const char *next = strstr(p2, cpu_rows[i]);
        cr_expect(next, "'%s' not after the row before", cpu_rows[i]);
        if (next) p2 = next;
    }
    const char *gpu_rows[] = {"# ceilings: Ceilings: bench-01, gpu",
                              "flops,fp32,fma,,50000,GFLOP/s,50000,50000,,\r\n",
                              "bandwidth,L2,read,,7000,",
                              "bandwidth,HBM,read,,3000,GB/s,3000,3000,268435456,4294967296\r\n",
                              "bandwidth,H2D,read,,1,"};
    p2 = csv;
    for (size_t i = 0; i < sizeof gpu_rows / sizeof gpu_rows[0]; i++) {
        const char *next = strstr(p2, gpu_rows[i]);
        cr_expect(next, "'%s' not after the row before", gpu_rows[i]);
        if (next) p2 = next;
    }
    cr_expect(strstr(csv, "usd_per_pflop"), "the cost column's key names its unit");
    free(csv);
    rg_report_free(&rep);
    report_files_remove(&f);
}

Test(report, merged_files_replace_repeated_cases) {
    report_files f;
    report_files_make(&f);
    rg_report rep;
    const char *paths[] = {f.cpu, f.cpu};
    load(&rep, paths, 2, NULL, 0);
    cr_assert_eq(rep.nmachines, 1);
    cr_expect_eq(rep.machines[0].replaced, 10);
    cr_expect_eq(rep.nrows, 10);
    rg_report_free(&rep);
    report_files_remove(&f);
}

/* A ceilings file and a --no-ceilings run of the same machine, in either order: the machine
 * table says which file the ceilings came from, and nothing says they were not measured. */
Test(report, ceilings_merged_with_a_no_ceilings_run) {
    report_files f;
    report_files_make(&f);
    char none[128];
    snprintf(none, sizeof none, "%s/none.json", f.dir);
    write_no_ceilings(none);
    for (int order = 0; order < 2; order++) {
        const char *paths[2] = {order ? f.cpu : none, order ? none : f.cpu};
        rg_report rep;
        load(&rep, paths, 2, NULL, 0);
        cr_assert_eq(rep.nmachines, 1);
        cr_expect_str_eq(rep.machines[0].res.ceilings_note, "", "order %d", order);
        cr_expect_eq(rep.machines[0].path_has_ceilings[order ? 0 : 1], 1);
        cr_expect_eq(rep.machines[0].path_has_ceilings[order ? 1 : 0], 0);
        char *md = render(&rep, rg_report_write_md);
        char want[256];
        snprintf(want, sizeof want, "| ceilings | 9 measured (from %s) ", f.cpu);
        cr_expect(strstr(md, want), "'%s' missing:\n%s", want, md);
        cr_expect_null(strstr(md, "not measured: --no-ceilings"), "%s", md);
        cr_expect(row_of(&rep, 0, "cpu", "ridge", 128)->roof.kind == RG_BOUND_COMPUTE,
                  "the other file's case is bounded by the merged ceilings");
        free(md);
        rg_report_free(&rep);
    }
    /* Alone, the --no-ceilings run still says why it has none. */
    rg_report rep;
    const char *alone[] = {none};
    load(&rep, alone, 1, NULL, 0);
    char *md = render(&rep, rg_report_write_md);
    cr_expect(strstr(md, "| ceilings | not measured: --no-ceilings "), "%s", md);
    free(md);
    rg_report_free(&rep);
    unlink(none);
    report_files_remove(&f);
}

Test(report, case_labels_without_the_device) {
    rg_result res = fixture_gemm("cublas", 64, 1, 10, RG_CASE_SKIPPED, 0);
    strcpy(res.device, "gpu");
    char with[64], without[64];
    rg_table_case_label(&res, with, sizeof with);
    rg_table_case_label_no_device(&res, without, sizeof without);
    cr_expect_str_eq(with, "gemm f32 64x64x64 NN gpu");
    cr_expect_str_eq(without, "gemm f32 64x64x64 NN");
}

/* A load that must fail with one line naming what. */
static void expect_load_error(const char *const *paths, size_t n, const rg_report_price *prices,
                              size_t nprices, const char *what) {
    rg_report rep;
    char err[512] = "";
    int rc = rg_report_load(&rep, paths, n, prices, nprices, err, sizeof err);
    cr_expect_neq(rc, 0, "loaded: want an error about %s", what);
    cr_expect(strstr(err, what), "'%s' not in: %s", what, err);
    cr_expect(!strchr(err, '\n'), "one line: %s", err);
    cr_expect_eq(rep.nmachines, 0);
    rg_report_free(&rep);
}

static void write_text(const char *path, const char *text) {
    FILE *fp = fopen(path, "w");
    cr_assert(fp);
    fputs(text, fp);
    fclose(fp);
}

Test(report, bad_input_files) {
    report_files f;
    report_files_make(&f);
    char missing[128], notjson[128], v1[128];
    snprintf(missing, sizeof missing, "%s/missing.json", f.dir);
    snprintf(notjson, sizeof notjson, "%s/notjson.json", f.dir);
    snprintf(v1, sizeof v1, "%s/v1.json", f.dir);
    write_text(notjson, "this is not JSON\n");
    write_text(v1, "{\"schema\": \"ridge-results/1\", \"results\": []}\n");
    const char *a[] = {missing};
    expect_load_error(a, 1, NULL, 0, missing);
    const char *b[] = {notjson};
    expect_load_error(b, 1, NULL, 0, notjson);
    const char *c[] = {v1};
    expect_load_error(c, 1, NULL, 0, "ridge-results/1");
    const char *mixed[] = {f.cpu, v1};
    expect_load_error(mixed, 2, NULL, 0, v1);
    const char *one[] = {f.cpu};
    rg_report_price nobody = {"nobody", 1.0};
    expect_load_error(one, 1, &nobody, 1, "nobody");
    expect_load_error(one, 0, NULL, 0, "no results files");
    unlink(notjson);
    unlink(v1);
    report_files_remove(&f);
}

Test(report, descriptive_params_do_not_change_the_problem) {
    rg_result a = fixture_gemm("ridge", 64, 2, 10, RG_CASE_SKIPPED, 0);
    rg_result b = a;
    rg_result_set_str(&b, "phase", "decode");
    rg_result_set_int(&b, "layers", 32);
    cr_expect(rg_params_same_problem(&a, &b));
    cr_expect(rg_params_same_problem(&b, &a));
    rg_result_set_int(&b, "K", 65);
    cr_expect(!rg_params_same_problem(&a, &b));
    cr_expect(rg_param_is_descriptive("per_layer"));
    cr_expect(!rg_param_is_descriptive("M"));
    char err[96];
    rg_param p = {.key = "per_layer", .ival = 0};
    cr_expect_neq(rg_param_descriptive_check(&p, err, sizeof err), 0);
    cr_expect(strstr(err, "integer >= 1"), "%s", err);
    p.ival = 2;
    cr_expect_eq(rg_param_descriptive_check(&p, err, sizeof err), 0);
    rg_param q = {.key = "phase", .is_str = 1, .sval = ""};
    cr_expect_neq(rg_param_descriptive_check(&q, err, sizeof err), 0);
}

Test(report, energy_columns_where_measured) {
    report_files f;
    report_files_make(&f);
    rg_results r;
    rg_results_init(&r);
    fixture_system(&r.system);
    strcpy(r.system.energy_source, "rapl");
    strcpy(r.system.energy_note, "package-0");
    push_gemm(&r, "cpu", "ridge", 1024, 2, 200, RG_CASE_OK, NULL);
    r.results[0].energy_j = 0.5; /* 2.15 GFLOP in 0.5 J */
    char path[128];
    snprintf(path, sizeof path, "%s/energy.json", f.dir);
    save(&r, path);
    rg_report rep;
    const char *paths[] = {path};
    load(&rep, paths, 1, NULL, 0);
    const rg_report_row *row = row_of(&rep, 0, "cpu", "ridge", 1024);
    cr_expect(NEAR(row->gflops_per_watt, 2.0 * 1024 * 1024 * 1024 / 0.5 * 1e-9));
    char note[128];
    rg_report_energy_note(&rep, 0, note, sizeof note);
    cr_expect_str_eq(note, "rapl: package-0");
    char *md = render(&rep, rg_report_write_md);
    cr_expect(strstr(md, "| J per call | GFLOP/s per W |"), "%s", md);
    cr_expect(strstr(md, " 4.29 |"), "GFLOP per joule");
    cr_expect_null(strstr(md, "Energy per case: not measured"));
    free(md);
    rg_report_free(&rep);
    unlink(path);
    report_files_remove(&f);
}
