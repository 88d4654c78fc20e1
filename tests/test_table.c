/* test_table.c: the terminal table: rows, ratios to the baseline, geomean, verification. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "results_fixture.h"
#include "ridge.h"
#include "table.h"

static char *print(const rg_results *r, const rg_table_opts *opts) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert(f);
    int rc = rg_table_print(f, r, opts);
    fclose(f);
    cr_assert_eq(rc, RG_OK);
    return buf;
}

/* The line of text that contains all of the given words, or NULL. */
static const char *line_with(const char *text, const char *a, const char *b) {
    static char line[1024];
    for (const char *p = text; *p;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        snprintf(line, sizeof(line), "%.*s", (int)n, p);
        if (strstr(line, a) && (!b || strstr(line, b))) return line;
        p += n + (end ? 1 : 0);
    }
    return NULL;
}

static int count(const char *s, const char *what) {
    int n = 0;
    for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

static void push(rg_results *r, rg_result res) {
    cr_assert_eq(rg_results_push(r, &res), RG_OK);
}

static void build(rg_results *r) {
    rg_results_init(r);
    push(r, fixture_gemm("openblas", 2048, 2, 400.0, RG_CASE_OK, 10));
    push(r, fixture_gemm("ridge", 2048, 2, 440.0, RG_CASE_OK, 10)); /* 1.10x */
    push(r, fixture_gemm("openblas", 1024, 2, 300.0, RG_CASE_OK, 10));
    push(r, fixture_gemm("ridge", 1024, 2, 270.0, RG_CASE_OK, 10)); /* 0.90x */
    push(r, fixture_gemm("ridge", 1024, 1, 150.0, RG_CASE_OK, 10)); /* no 1-thread base */
    rg_result f = fixture_gemm("ridge", 512, 2, 250.0, RG_CASE_FAILED, 10);
    f.max_rel_error = 2.5e-3;
    push(r, fixture_gemm("openblas", 512, 2, 250.0, RG_CASE_OK, 10));
    push(r, f);
    rg_result s = fixture_gemm("ridge", 333, 2, 0, RG_CASE_SKIPPED, 0);
    strcpy(s.reason, "no AVX-512 here");
    push(r, s);
    rg_result e = fixture_gemm("openblas", 333, 2, 0, RG_CASE_ERROR, 0);
    strcpy(e.reason, "out of memory");
    push(r, e);
}

Test(table, rows_ratios_and_geomean) {
    rg_results r;
    build(&r);
    char *out = print(&r, NULL);
    const char *l;
    cr_expect(line_with(out, "case", "vs openblas"), "header missing:\n%s", out);
    l = line_with(out, "gemm f32 2048x2048x2048 NN", "ridge");
    cr_expect(l && strstr(l, "1.10x") && strstr(l, " ok"), "2048 ridge row: %s\n%s", l, out);
    cr_expect(l && strstr(l, " avx512 "), "ridge row must name its code path: %s", l);
    /* The fixture's p10/p90 are 0.998/1.002 of the median: a spread of +-0.2%. */
    cr_expect(l && strstr(l, "+-0.2%"), "spread (p10..p90) missing: %s", l);
    l = line_with(out, "gemm f32 2048x2048x2048 NN", "openblas");
    cr_expect(l && strstr(l, "base") && strstr(l, "400.0"), "2048 openblas row: %s", l);
    cr_expect(l && strstr(l, " SkylakeX "), "baseline row must name its core type: %s", l);
    l = line_with(out, "1024x1024x1024", "270.0");
    cr_expect(l && strstr(l, "0.90x"), "1024 ridge row: %s", l);
    l = line_with(out, "1024x1024x1024", "150.0");
    cr_expect(l && strstr(l, " - "), "1-thread row should have no ratio: %s", l);
    l = line_with(out, "512x512x512", "FAILED");
    cr_expect(l && strstr(l, "FAILED (err 2.50e-03 > tol 1.00e-05)"), "failed row: %s", l);
    cr_expect(l && !strstr(l, "250.0"), "a failed case must not show a speed: %s", l);
    l = line_with(out, "333x333x333", "skipped");
    cr_expect(l && strstr(l, "skipped: no AVX-512 here"), "skipped row: %s", l);
    l = line_with(out, "333x333x333", "error");
    cr_expect(l && strstr(l, "error: out of memory"), "error row: %s", l);
    /* sqrt(1.10 * 0.90) = 0.995 over the two cases both ran ok at equal threads. */
    l = line_with(out, "ridge/openblas geomean", NULL);
    cr_expect(l && strstr(l, "0.99x over 2 cases") && strstr(l, "min 0.90x, max 1.10x"),
              "geomean line: %s\n%s", l, out);
    cr_expect(line_with(out, "9 cases: 6 ok, 1 failed, 1 skipped, 1 error", NULL), "%s", out);
    cr_expect_null(strchr(out, '\033'), "colour without asking");
    free(out);
    rg_results_free(&r);
}

Test(table, columns_aligned) {
    rg_results r;
    build(&r);
    char *out = print(&r, NULL);
    /* Every row's impl starts where the header's "impl" does. */
    const char *head = strstr(out, "impl");
    cr_assert(head);
    int col = (int)(head - out), rows = 0;
    for (const char *p = strchr(out, '\n') + 1; *p && strncmp(p, "ridge/", 6) != 0;) {
        const char *end = strchr(p, '\n');
        cr_expect(!strncmp(p + col, "ridge ", 6) || !strncmp(p + col, "openblas ", 9),
                  "misaligned row: %.*s", (int)(end - p), p);
        rows++;
        p = end + 1;
    }
    cr_expect_eq(rows, 9);
    cr_expect(col > 0);
    free(out);
    rg_results_free(&r);
}

Test(table, colour_and_other_baseline) {
    rg_results r;
    build(&r);
    rg_table_opts opts = {.color = 1, .baseline = "ridge"};
    char *out = print(&r, &opts);
    cr_expect(strstr(out, "\033[32mok\033[0m"), "ok should be green:\n%s", out);
    cr_expect(strstr(out, "vs ridge"));
    const char *l = line_with(out, "openblas/ridge geomean", NULL);
    cr_expect(l && strstr(l, "over 2 cases"), "%s", l);
    free(out);
    rg_results_free(&r);
}

Test(table, case_label) {
    rg_result res = fixture_gemm("ridge", 64, 1, 0, RG_CASE_SKIPPED, 0);
    strcpy(res.cache, "cold");
    char buf[128];
    rg_table_case_label(&res, buf, sizeof(buf));
    cr_expect_str_eq(buf, "gemm f32 64x64x64 NN cold");
    rg_table_case_label(&res, buf, 12);
    cr_expect_str_eq(buf, "gemm f32 64"); /* 11 characters and the NUL */
}

Test(table, empty_and_write_error) {
    rg_results r;
    rg_results_init(&r);
    char *out = print(&r, NULL);
    cr_expect(strstr(out, "0 cases"), "%s", out);
    free(out);
    FILE *full = fopen("/dev/full", "w");
    cr_assert(full);
    build(&r);
    cr_expect_eq(rg_table_print(full, &r, NULL), RG_EIO);
    fclose(full);
    rg_results_free(&r);
}

Test(table, no_interval_below_six_samples) {
    rg_results r;
    rg_results_init(&r);
    push(&r, fixture_gemm("ridge", 4096, 2, 200.0, RG_CASE_OK, 3));
    push(&r, fixture_gemm("ridge", 2048, 2, 200.0, RG_CASE_OK, 10));
    char *out = print(&r, NULL);
    const char *l = line_with(out, "4096x4096x4096", NULL);
    /* The spread column still shows "+-"; the ci95 column must not. */
    cr_expect(l && strstr(l, "n=3") && count(l, "+-") == 1, "3 samples have no CI: %s", l);
    l = line_with(out, "2048x2048x2048", NULL);
    cr_expect(l && count(l, "+-") == 2 && !strstr(l, "n=10"), "10 samples have a CI: %s", l);
    free(out);
    rg_results_free(&r);
}
