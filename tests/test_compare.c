/* test_compare.c: the regression gate's statistics on synthetic sample sets (identical,
 * shifted, noisy, heavy-tailed, drifting), its verdict rules, case matching, the config file
 * and every printer. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "compare_fixture.h"
#include "compare_stats.h"
#include "order_stats.h"
#include "ridge.h"
#include "xml_check.h"

#define N 40

/* The verdict for base and new sample sets, independent or paired, at a threshold. */
static rg_compare_verdict verdict_of(const double *b, const double *n, int count, int paired,
                                     double pct, rg_compare_interval *iv) {
    int rc = paired ? rg_compare_ratio_paired(b, n, count, 0.95, iv)
                    : rg_compare_ratio_independent(b, count, n, count, 0.95, iv);
    cr_assert_eq(rc, RG_OK);
    cr_assert(iv->lo <= iv->ratio && iv->ratio <= iv->hi, "%g in [%g, %g]", iv->ratio, iv->lo,
              iv->hi);
    return rg_compare_judge(iv->ratio, iv->lo, iv->hi, pct);
}

Test(compare_stats, median_odd_even_and_empty) {
    double a[] = {5, 1, 4, 2, 3}, b[] = {4, 1, 3, 2}, c[] = {7, 7, 7, 1, 7, 7};
    cr_expect_eq(rg__median_inplace(a, 5), 3.0);
    cr_expect_eq(rg__median_inplace(b, 4), 2.5);
    cr_expect_eq(rg__median_inplace(c, 6), 7.0);
    cr_expect(isnan(rg__median_inplace(a, 0)));
}

Test(compare_stats, identical_is_unchanged) {
    double b[N];
    fx_samples(b, N, 1e-3, 0.02, 0, 1, 0, 1);
    rg_compare_interval iv;
    cr_expect_eq(verdict_of(b, b, N, 0, 5, &iv), RG_VERDICT_UNCHANGED);
    cr_expect_eq(iv.ratio, 1.0);
    cr_expect_eq(verdict_of(b, b, N, 1, 5, &iv), RG_VERDICT_UNCHANGED);
    cr_expect_eq(iv.lo, 1.0, "paired identical: every ratio is 1, got %g", iv.lo);
}

Test(compare_stats, ten_percent_slower_fails) {
    double b[N], n[N];
    fx_samples(b, N, 1e-3, 0.01, 0, 1, 0, 1);
    fx_samples(n, N, 1.1e-3, 0.01, 0, 1, 0, 2);
    rg_compare_interval iv;
    cr_expect_eq(verdict_of(b, n, N, 0, 5, &iv), RG_VERDICT_SLOWER, "%g [%g, %g]", iv.ratio, iv.lo,
                 iv.hi);
    cr_expect(iv.lo > 1.05 && iv.hi < 1.15, "[%g, %g]", iv.lo, iv.hi);
    cr_expect_eq(verdict_of(n, b, N, 0, 5, &iv), RG_VERDICT_FASTER);
}

Test(compare_stats, three_percent_under_five_is_unchanged) {
    double b[N], n[N];
    fx_samples(b, N, 1e-3, 0.01, 0, 1, 0, 1);
    fx_samples(n, N, 1.03e-3, 0.01, 0, 1, 0, 2);
    rg_compare_interval iv;
    cr_expect_eq(verdict_of(b, n, N, 0, 5, &iv), RG_VERDICT_UNCHANGED);
    cr_expect(iv.lo > 1.0, "significant but small: [%g, %g]", iv.lo, iv.hi);
    cr_expect_eq(verdict_of(b, n, N, 0, 2, &iv), RG_VERDICT_SLOWER, "a 2%% threshold catches it");
}

Test(compare_stats, very_noisy_is_noisy) {
    double b[10], n[10];
    fx_samples(b, 10, 1e-3, 0.4, 0, 1, 0, 1);
    fx_samples(n, 10, 1e-3, 0.4, 0, 1, 0, 2);
    rg_compare_interval iv;
    cr_expect_eq(verdict_of(b, n, 10, 0, 5, &iv), RG_VERDICT_NOISY, "[%g, %g]", iv.lo, iv.hi);
}

Test(compare_stats, heavy_tailed_outliers_do_not_decide) {
    double b[N], n[N];
    /* Every 4th sample of NEW is 3x slow (another process took the core): medians hold. */
    fx_samples(b, N, 1e-3, 0.01, 0, 1, 0, 1);
    fx_samples(n, N, 1e-3, 0.01, 4, 3.0, 0, 2);
    rg_compare_interval iv;
    cr_expect_eq(verdict_of(b, n, N, 0, 5, &iv), RG_VERDICT_UNCHANGED, "%g [%g, %g]", iv.ratio,
                 iv.lo, iv.hi);
    /* A real 10% slowdown is still seen through outliers in BASE. */
    fx_samples(b, N, 1e-3, 0.01, 5, 4.0, 0, 3);
    fx_samples(n, N, 1.1e-3, 0.01, 0, 1, 0, 4);
    cr_expect_eq(verdict_of(b, n, N, 0, 5, &iv), RG_VERDICT_SLOWER);
}

Test(compare_stats, paired_drift_cancels) {
    double b[N], n[N];
    /* The machine slows down by 40% over the run, the same for both sides (measured
     * alternately); NEW is truly 8% slower. */
    fx_samples(b, N, 1e-3, 0.005, 0, 1, 0.4, 1);
    fx_samples(n, N, 1.08e-3, 0.005, 0, 1, 0.4, 2);
    rg_compare_interval iv;
    cr_expect_eq(verdict_of(b, n, N, 0, 5, &iv), RG_VERDICT_NOISY, "independent: [%g, %g]", iv.lo,
                 iv.hi);
    cr_expect_eq(verdict_of(b, n, N, 1, 5, &iv), RG_VERDICT_SLOWER, "paired: %g [%g, %g]", iv.ratio,
                 iv.lo, iv.hi);
    cr_expect(fabs(iv.ratio - 1.08) < 0.01, "%g", iv.ratio);
    fx_samples(n, N, 1e-3, 0.005, 0, 1, 0.4, 2);
    cr_expect_eq(verdict_of(b, n, N, 1, 5, &iv), RG_VERDICT_UNCHANGED);
}

Test(compare_stats, deterministic_and_checked) {
    double b[N], n[N];
    fx_samples(b, N, 1e-3, 0.1, 0, 1, 0, 1);
    fx_samples(n, N, 1e-3, 0.1, 0, 1, 0, 2);
    rg_compare_interval x, y;
    cr_assert_eq(rg_compare_ratio_independent(b, N, n, N, 0.95, &x), RG_OK);
    cr_assert_eq(rg_compare_ratio_independent(b, N, n, N, 0.95, &y), RG_OK);
    cr_expect(x.lo == y.lo && x.hi == y.hi && x.ratio == y.ratio);
    cr_expect_eq(rg_compare_ratio_independent(b, 4, n, N, 0.95, &x), RG_EINVAL, "4 samples");
    cr_expect_eq(rg_compare_ratio_paired(b, n, 4, 0.95, &x), RG_EINVAL, "4 pairs");
    b[3] = NAN;
    cr_expect_eq(rg_compare_ratio_independent(b, N, n, N, 0.95, &x), RG_EINVAL, "NaN");
    b[3] = 0;
    cr_expect_eq(rg_compare_ratio_paired(b, n, N, 0.95, &x), RG_EINVAL, "zero time");
}

Test(compare_judge, rules) {
    cr_expect_eq(rg_compare_judge(1.10, 1.08, 1.12, 5), RG_VERDICT_SLOWER);
    cr_expect_eq(rg_compare_judge(1.10, 0.99, 1.12, 5), RG_VERDICT_NOISY, "CI holds 1");
    cr_expect_eq(rg_compare_judge(1.30, 1.02, 1.60, 5), RG_VERDICT_SLOWER, "wide but above 1");
    cr_expect_eq(rg_compare_judge(0.90, 0.88, 0.92, 5), RG_VERDICT_FASTER);
    cr_expect_eq(rg_compare_judge(1.00, 0.90, 1.10, 5), RG_VERDICT_NOISY, "spans both");
    cr_expect_eq(rg_compare_judge(1.00, 0.97, 1.08, 5), RG_VERDICT_NOISY, "wider than 2x");
    cr_expect_eq(rg_compare_judge(1.02, 0.99, 1.04, 5), RG_VERDICT_UNCHANGED);
    cr_expect_eq(rg_compare_judge(1.04, 1.03, 1.05, 5), RG_VERDICT_UNCHANGED, "small but real");
    cr_expect_eq(rg_compare_judge(NAN, NAN, NAN, 5), RG_VERDICT_NOISY);
}

/* BASE: 64, 128 (fails verification in NEW), 256, 512 (only here); NEW: 64, 128, 256 10%
 * slower, 1024 (only here). */
static void write_pair(fx_dir *d, const char **base, const char **nw) {
    *base = fx_dir_path(d, "base.json");
    *nw = fx_dir_path(d, "new.json");
    rg_results b, n;
    rg_results_init(&b);
    rg_results_init(&n);
    static const int64_t bs[] = {64, 128, 256, 512}, ns[] = {64, 128, 256, 1024};
    for (int i = 0; i < 4; i++) {
        rg_result r = fx_case("ridge", bs[i], 1e-3, 0.01, 30, 10 + (uint64_t)i);
        rg_result_set_str(&r, "phase", "decode"); /* descriptive: not matched on */
        cr_assert_eq(rg_results_push(&b, &r), RG_OK);
        r = fx_case("ridge", ns[i], ns[i] == 256 ? 1.1e-3 : 1e-3, 0.01, 30, 20 + (uint64_t)i);
        if (ns[i] == 128) {
            r.status = RG_CASE_FAILED;
            snprintf(r.reason, sizeof r.reason, "max_rel_error 0.5 > tolerance 1e-5");
        }
        cr_assert_eq(rg_results_push(&n, &r), RG_OK);
    }
    fx_write(&b, *base);
    fx_write(&n, *nw);
}

static const rg_compare_case *find_case(const rg_compare *cmp, int64_t mnk, int in_base) {
    for (size_t i = 0; i < cmp->ncases; i++) {
        const rg_result *r = in_base ? cmp->cases[i].base : cmp->cases[i].nw;
        if (r && rg_result_param(r, "M")->ival == mnk) return &cmp->cases[i];
    }
    return NULL;
}

Test(compare_model, matching_and_verdicts) {
    fx_dir d;
    fx_dir_make(&d);
    const char *base, *nw;
    write_pair(&d, &base, &nw);
    rg_compare_config cfg;
    rg_compare_config_init(&cfg);
    rg_compare cmp;
    char err[256] = "";
    cr_assert_eq(rg_compare_load(&cmp, base, nw, &cfg, 0, err, sizeof err), RG_OK, "%s", err);
    cr_expect_eq(cmp.ncases, 5);
    cr_expect_eq(find_case(&cmp, 64, 1)->verdict, RG_VERDICT_UNCHANGED);
    cr_expect_eq(find_case(&cmp, 128, 1)->verdict, RG_VERDICT_FAILED);
    cr_expect(strstr(find_case(&cmp, 128, 1)->note, "tolerance"));
    cr_expect_eq(find_case(&cmp, 256, 1)->verdict, RG_VERDICT_SLOWER);
    cr_expect_eq(find_case(&cmp, 512, 1)->verdict, RG_VERDICT_ONLY_BASE);
    cr_expect_eq(find_case(&cmp, 1024, 0)->verdict, RG_VERDICT_ONLY_NEW);
    cr_expect_eq(cmp.nfails, 2);
    cr_expect(cmp.cases[0].fails && cmp.cases[1].fails, "gate failures first");
    cr_expect_eq(cmp.family, 2, "64 and 256 have times on both sides");
    cr_expect_float_eq(cmp.confidence, 1 - 0.05 / 2, 1e-12);
    cr_expect_eq(cmp.nwarnings, 1);
    cr_expect(strstr(cmp.warnings[0], "2 cases compared from one process per side"), "%s",
              cmp.warnings[0]);
    rg_compare_free(&cmp);
    /* A per-op threshold of 15% lets the 10% slowdown pass. */
    cfg.nops = 1;
    snprintf(cfg.ops[0].op, sizeof cfg.ops[0].op, "gemm");
    cfg.ops[0].pct = 15;
    cr_assert_eq(rg_compare_load(&cmp, base, nw, &cfg, 0, err, sizeof err), RG_OK);
    cr_expect_eq(find_case(&cmp, 256, 1)->verdict, RG_VERDICT_UNCHANGED);
    cr_expect_eq(cmp.nfails, 1);
    rg_compare_free(&cmp);
    fx_dir_remove(&d);
}

Test(compare_model, threads_impl_and_params_must_match) {
    fx_dir d;
    fx_dir_make(&d);
    const char *base = fx_dir_path(&d, "b.json"), *nw = fx_dir_path(&d, "n.json");
    rg_results b, n;
    rg_results_init(&b);
    rg_results_init(&n);
    rg_result r = fx_case("ridge", 64, 1e-3, 0.01, 10, 1);
    rg_results_push(&b, &r);
    r = fx_case("ridge", 64, 1e-3, 0.01, 10, 2);
    r.threads = 1;
    rg_results_push(&n, &r);
    r = fx_case("openblas", 64, 1e-3, 0.01, 10, 3);
    rg_results_push(&n, &r);
    r = fx_case("ridge", 64, 1e-3, 0.01, 10, 4);
    rg_result_set_str(&r, "transA", "T");
    rg_results_push(&n, &r);
    fx_write(&b, base);
    fx_write(&n, nw);
    rg_compare_config cfg;
    rg_compare_config_init(&cfg);
    rg_compare cmp;
    char err[256] = "";
    cr_expect_eq(rg_compare_load(&cmp, base, nw, &cfg, 0, err, sizeof err), RG_ENOTFOUND);
    cr_expect(strstr(err, "no cases in common"), "%s", err);
    fx_dir_remove(&d);
}

Test(compare_model, machine_and_library_warnings) {
    fx_dir d;
    fx_dir_make(&d);
    const char *base = fx_dir_path(&d, "b.json"), *nw = fx_dir_path(&d, "n.json");
    rg_results b, n;
    rg_results_init(&b);
    rg_results_init(&n);
    rg_result r = fx_case("ridge", 64, 1e-3, 0.01, 10, 1);
    rg_results_push(&b, &r);
    r = fx_case("ridge", 64, 1e-3, 0.01, 10, 2);
    rg_results_push(&n, &r);
    fx_write(&b, base);
    snprintf(n.schema, sizeof n.schema, "%s", RG_RESULTS_SCHEMA);
    fixture_system(&n.system);
    snprintf(n.system.hostname, sizeof n.system.hostname, "other-host");
    snprintf(n.system.openblas_corename, sizeof n.system.openblas_corename, "Haswell");
    snprintf(n.system.git_commit, sizeof n.system.git_commit, "fedcba"); /* expected */
    char err[256] = "";
    cr_assert_eq(rg_results_write_json(&n, nw, err, sizeof err), 0, "%s", err);
    rg_results_free(&n);
    rg_compare_config cfg;
    rg_compare_config_init(&cfg);
    rg_compare cmp;
    cr_assert_eq(rg_compare_load(&cmp, base, nw, &cfg, 0, err, sizeof err), RG_OK, "%s", err);
    cr_expect_eq(cmp.nwarnings, 3, "machine, library, one process per side");
    cr_expect(strstr(cmp.warnings[0], "different machine: hostname 'bench-01' vs 'other-host'"),
              "%s", cmp.warnings[0]);
    cr_expect(strstr(cmp.warnings[1], "openblas_corename 'SkylakeX' vs 'Haswell'"), "%s",
              cmp.warnings[1]);
    rg_compare_free(&cmp);
    fx_dir_remove(&d);
}

Test(compare_config, good_and_bad) {
    fx_dir d;
    fx_dir_make(&d);
    const char *p = fx_dir_path(&d, "c.json");
    rg_compare_config cfg;
    rg_compare_config_init(&cfg);
    char err[256] = "";
    fx_text(p, "{\"schema\": \"ridge-compare-config/1\", \"default_threshold_pct\": 7.5, "
               "\"ops\": {\"gemm\": 3}}");
    cr_assert_eq(rg_compare_config_read(p, &cfg, err, sizeof err), RG_OK, "%s", err);
    cr_expect_eq(rg_compare_threshold_pct(&cfg, "gemm"), 3.0);
    cr_expect_eq(rg_compare_threshold_pct(&cfg, "relu"), 7.5);
    static const char *const bad[] = {
        "{\"schema\": \"ridge-compare-config/2\"}",
        "{\"schema\": \"ridge-compare-config/1\", \"default_threshold_pct\": 0}",
        "{\"schema\": \"ridge-compare-config/1\", \"ops\": {\"gemm\": \"3\"}}",
        "{\"schema\": \"ridge-compare-config/1\", \"threshold\": 3}",
        "[1, 2]",
        "{\"schema\": ",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fx_text(p, bad[i]);
        err[0] = '\0';
        cr_expect_neq(rg_compare_config_read(p, &cfg, err, sizeof err), RG_OK, "%s", bad[i]);
        cr_expect(strstr(err, p) && !strchr(err, '\n'), "one line naming the file: %s", err);
        cr_expect_eq(rg_compare_threshold_pct(&cfg, "gemm"), 3.0, "unchanged on error");
    }
    cr_expect_eq(rg_compare_config_read("/nonexistent/c.json", &cfg, err, sizeof err), RG_EIO);
    fx_dir_remove(&d);
}

/* Runs a printer into memory. */
static char *print_to_string(int (*print)(FILE *, const rg_compare *), const rg_compare *cmp) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert(f);
    cr_assert_eq(print(f, cmp), RG_OK);
    fclose(f);
    return buf;
}

static int print_text_color(FILE *f, const rg_compare *cmp) {
    return rg_compare_write_text(f, cmp, 1);
}

Test(compare_print, every_format) {
    fx_dir d;
    fx_dir_make(&d);
    const char *base, *nw;
    write_pair(&d, &base, &nw);
    rg_compare_config cfg;
    rg_compare_config_init(&cfg);
    rg_compare cmp;
    char err[256] = "";
    cr_assert_eq(rg_compare_load(&cmp, base, nw, &cfg, 0, err, sizeof err), RG_OK, "%s", err);

    char *text = print_to_string(print_text_color, &cmp);
    cr_expect(strstr(text, "gemm f32 256x256x256 NN"), "%s", text);
    cr_expect(strstr(text, "\033[31mslower (FAIL)"), "%s", text);
    cr_expect(strstr(text, "FAIL: 2 of 3 matched cases fail the gate"), "%s", text);
    free(text);

    char *md = print_to_string(rg_compare_write_md, &cmp);
    cr_expect(strncmp(md, "**ridge compare FAIL: 2 of 3", 28) == 0, "%s", md);
    char *first_row = strstr(md, "| --- |");
    cr_assert(first_row);
    first_row = strchr(first_row, '\n') + 1;
    cr_expect(strstr(first_row, "**failed (FAIL)**") < strstr(first_row, "unchanged"),
              "regressions first: %s", md);
    cr_expect(!strchr(md, '\033'), "no colour in Markdown");
    free(md);

    char *js = print_to_string(rg_compare_write_json, &cmp);
    json_error_t je;
    json_t *root = json_loads(js, 0, &je);
    cr_assert(root, "JSON: %s at %d: %s", je.text, je.line, js);
    cr_expect_str_eq(json_string_value(json_object_get(root, "schema")), "ridge-compare/1");
    cr_expect(json_is_true(json_object_get(root, "regression")));
    json_t *cases = json_object_get(root, "cases");
    cr_assert_eq(json_array_size(cases), 5);
    json_t *c0 = json_array_get(cases, 0);
    cr_expect(json_is_true(json_object_get(c0, "fails")));
    cr_expect_eq(json_integer_value(json_object_get(json_object_get(c0, "params"), "M")), 128);
    json_t *last = json_array_get(cases, 4);
    cr_expect_str_eq(json_string_value(json_object_get(last, "verdict")), "only-new");
    cr_expect(json_is_null(json_object_get(last, "ratio")), "NaN is null");
    json_decref(root);
    free(js);

    char *xml = print_to_string(rg_compare_write_junit, &cmp);
    cr_expect_eq(xml_check(xml, err, sizeof err), 0, "%s\n%s", err, xml);
    cr_expect_eq(xml_count(xml, "testsuites"), 1);
    cr_expect_eq(xml_count(xml, "testsuite"), 1);
    cr_expect_eq(xml_count(xml, "testcase"), 5);
    cr_expect_eq(xml_count(xml, "failure"), 2);
    cr_expect_eq(xml_count(xml, "skipped"), 2, "only-base and only-new");
    cr_expect(strstr(xml, "tests=\"5\" failures=\"2\" errors=\"0\" skipped=\"2\" time=\""), "%s",
              xml);
    cr_expect(
        strstr(xml, "classname=\"ridge.gemm\" name=\"gemm f32 256x256x256 NN decode ridge t2\""),
        "%s", xml);
    free(xml);
    rg_compare_free(&cmp);
    fx_dir_remove(&d);
}

Test(compare_stats, paired_interval_is_the_sign_test_one) {
    double b[10], n[10];
    for (int i = 0; i < 10; i++) {
        b[i] = 1.0;
        n[i] = 1.0 + 0.01 * (double)((i * 7) % 10); /* ratios 1.00 .. 1.09, shuffled */
    }
    rg_compare_interval iv;
    cr_assert_eq(rg_compare_ratio_paired(b, n, 10, 0.95, &iv), RG_OK);
    cr_expect(fabs(iv.lo - 1.01) < 1e-12 && fabs(iv.hi - 1.08) < 1e-12,
              "10 pairs: 2nd and 9th ratios, got [%g, %g]", iv.lo, iv.hi);
    cr_expect(fabs(iv.ratio - 1.045) < 1e-12, "%g", iv.ratio);
    cr_assert_eq(rg_compare_ratio_paired(b, n, 5, 0.95, &iv), RG_OK);
    cr_expect(iv.lo == 1.0 && fabs(iv.hi - 1.08) < 1e-12, "5 pairs: [min, max], got [%g, %g]",
              iv.lo, iv.hi);
}

/* The sign test's rank at other confidences: 10 pairs at 99.5% give [min, max]. */
Test(compare_stats, median_rank_at_corrected_tails) {
    cr_expect_eq(rg__median_ci_rank_tail(20, 0.025), rg__median_ci_rank(20));
    cr_expect_eq(rg__median_ci_rank_tail(10, 0.0025), 1);  /* P(B <= 0) = 1/1024 */
    cr_expect_eq(rg__median_ci_rank_tail(20, 0.0025), 4);  /* P(B <= 3) = 0.0013, <= 4: 0.0059 */
    cr_expect_eq(rg__median_ci_rank_tail(100, 0.025), 40); /* as the 95% rank */
    int64_t a = rg__median_ci_rank_tail(1000, 0.001), b = rg__median_ci_rank_tail(1001, 0.001);
    cr_expect(b >= a && b <= a + 1, "exact %lld, normal %lld", (long long)a, (long long)b);
    cr_expect_eq(rg_compare_resamples(0.95), RG_COMPARE_RESAMPLES);
    int r12 = rg_compare_resamples(1 - 0.05 / 12); /* 20 in each 0.21% tail */
    cr_expect(r12 >= 9600 && r12 <= 9601, "%d", r12);
    cr_expect_eq(rg_compare_resamples(1 - 1e-9), RG_COMPARE_MAX_RESAMPLES);
    rg_compare_interval iv;
    double x[N];
    fx_samples(x, N, 1e-3, 0.01, 0, 1, 0, 3);
    cr_expect_eq(rg_compare_ratio_independent(x, N, x, N, 1.0, &iv), RG_EINVAL, "100%");
    cr_expect_eq(rg_compare_ratio_paired(x, x, N, 0.4, &iv), RG_EINVAL, "below 50%");
}

/* A results file of m cases whose round medians are around t[i] (noise rel), or with raw
 * samples only when rounds is 0. */
static void write_rounds(const char *path, int m, const double *t, double rel, int rounds,
                         uint64_t seed) {
    rg_results r;
    rg_results_init(&r);
    for (int i = 0; i < m; i++) {
        rg_result x = fx_case("ridge", 100 + i, t[i], 0.002, 30, seed + (uint64_t)i);
        if (rounds) {
            x.round_medians = malloc((size_t)rounds * sizeof *x.round_medians);
            cr_assert(x.round_medians);
            fx_samples(x.round_medians, rounds, t[i], rel, 0, 1, 0, seed * 31 + (uint64_t)i);
            x.nround_medians = rounds;
        }
        cr_assert_eq(rg_results_push(&r, &x), RG_OK);
    }
    fx_write(&r, path);
}

/* Separate runs differ between processes by more than within one: with rounds on both sides
 * the gate judges the rounds' medians, so a process-level spread of +-8% is noisy, not slower,
 * although each process's own samples (+-0.2%) are tight; without rounds the same raw samples
 * would call a 4% shift slower. */
Test(compare_model, rounds_carry_the_variation_between_processes) {
    fx_dir d;
    fx_dir_make(&d);
    const char *base = fx_dir_path(&d, "base.json"), *nw = fx_dir_path(&d, "new.json");
    const double tb[1] = {1e-3}, tn[1] = {1.06e-3};
    write_rounds(base, 1, tb, 0.08, 10, 1);
    write_rounds(nw, 1, tn, 0.08, 10, 2);
    rg_compare_config cfg;
    rg_compare_config_init(&cfg);
    rg_compare cmp;
    char err[256] = "";
    cr_assert_eq(rg_compare_load(&cmp, base, nw, &cfg, 0, err, sizeof err), RG_OK, "%s", err);
    cr_expect(cmp.cases[0].by_rounds);
    cr_expect_eq(cmp.cases[0].n, 10);
    cr_expect_neq(cmp.cases[0].verdict, RG_VERDICT_SLOWER, "%g [%g, %g]", cmp.cases[0].ratio,
                  cmp.cases[0].lo, cmp.cases[0].hi);
    cr_expect_eq(cmp.nwarnings, 0, "%s", cmp.warnings[0]);
    rg_compare_free(&cmp);
    /* Without rounds in NEW, the raw samples decide, and the file says what that misses. */
    write_rounds(nw, 1, tn, 0.08, 0, 2);
    cr_assert_eq(rg_compare_load(&cmp, base, nw, &cfg, 0, err, sizeof err), RG_OK, "%s", err);
    cr_expect(!cmp.cases[0].by_rounds);
    cr_expect_eq(cmp.cases[0].verdict, RG_VERDICT_SLOWER);
    cr_expect_eq(cmp.nwarnings, 1);
    rg_compare_free(&cmp);
    /* Tight rounds (+-1%) and a 10% slowdown: slower. */
    const double t10[1] = {1.1e-3};
    write_rounds(base, 1, tb, 0.01, 10, 3);
    write_rounds(nw, 1, t10, 0.01, 10, 4);
    cr_assert_eq(rg_compare_load(&cmp, base, nw, &cfg, 0, err, sizeof err), RG_OK, "%s", err);
    cr_expect_eq(cmp.cases[0].verdict, RG_VERDICT_SLOWER, "%g [%g, %g]", cmp.cases[0].ratio,
                 cmp.cases[0].lo, cmp.cases[0].hi);
    rg_compare_free(&cmp);
    fx_dir_remove(&d);
}

/* Bonferroni: the more cases, the wider each interval, so that A/A comparisons of many noisy
 * cases do not fail by chance; --alpha (or the config's "alpha") sets the family's rate. */
Test(compare_model, family_wise_confidence) {
    fx_dir d;
    fx_dir_make(&d);
    const char *base = fx_dir_path(&d, "base.json"), *nw = fx_dir_path(&d, "new.json");
    const char *conf = fx_dir_path(&d, "cfg.json");
    double t[12];
    for (int i = 0; i < 12; i++)
        t[i] = 1e-3 * (1 + i);
    write_rounds(base, 12, t, 0.03, 10, 5);
    write_rounds(nw, 12, t, 0.03, 10, 6);
    rg_compare_config cfg;
    rg_compare_config_init(&cfg);
    rg_compare cmp;
    char err[256] = "";
    cr_assert_eq(rg_compare_load(&cmp, base, nw, &cfg, 0, err, sizeof err), RG_OK, "%s", err);
    cr_expect_eq(cmp.family, 12);
    cr_expect_float_eq(cmp.confidence, 1 - 0.05 / 12, 1e-12);
    cr_expect_eq(cmp.nfails, 0, "A/A of 12 cases");
    double width12 = cmp.cases[0].hi - cmp.cases[0].lo;
    rg_compare_free(&cmp);
    FILE *f = fopen(conf, "w");
    cr_assert(f);
    fputs("{\"schema\": \"ridge-compare-config/1\", \"alpha\": 0.4}", f);
    fclose(f);
    cr_assert_eq(rg_compare_config_read(conf, &cfg, err, sizeof err), RG_OK, "%s", err);
    cr_expect_float_eq(cfg.alpha, 0.4, 1e-12);
    cr_assert_eq(rg_compare_load(&cmp, base, nw, &cfg, 0, err, sizeof err), RG_OK, "%s", err);
    cr_expect_float_eq(cmp.confidence, 1 - 0.4 / 12, 1e-12);
    cr_expect(cmp.cases[0].hi - cmp.cases[0].lo < width12, "a lower confidence, a narrower one");
    rg_compare_free(&cmp);
    f = fopen(conf, "w");
    cr_assert(f);
    fputs("{\"schema\": \"ridge-compare-config/1\", \"alpha\": 0.7}", f);
    fclose(f);
    cr_expect_eq(rg_compare_config_read(conf, &cfg, err, sizeof err), RG_EINVAL);
    cr_expect(strstr(err, "alpha"), "%s", err);
    fx_dir_remove(&d);
}

/* The paired default threshold is 4%: a clean 4.5% paired slowdown fails; the same shift between
 * independent files stays under the 5% default. */
Test(compare_model, paired_default_threshold) {
    fx_dir d;
    fx_dir_make(&d);
    const char *base = fx_dir_path(&d, "base.json"), *nw = fx_dir_path(&d, "new.json");
    rg_results b, n;
    rg_results_init(&b);
    rg_results_init(&n);
    rg_result x = fx_case("ridge", 64, 1e-3, 0.002, 10, 7);
    rg_result y = fx_case("ridge", 64, 1e-3, 0.002, 10, 7);
    for (int i = 0; i < 10; i++)
        y.samples[i] = x.samples[i] * 1.045;
    y.time.median = 1.045e-3;
    cr_assert_eq(rg_results_push(&b, &x), RG_OK);
    cr_assert_eq(rg_results_push(&n, &y), RG_OK);
    fx_write(&b, base);
    fx_write(&n, nw);
    rg_compare_config cfg;
    rg_compare_config_init(&cfg);
    rg_compare cmp;
    char err[256] = "";
    cr_assert_eq(rg_compare_load(&cmp, base, nw, &cfg, 1, err, sizeof err), RG_OK, "%s", err);
    cr_expect_float_eq(cmp.cases[0].threshold_pct, RG_COMPARE_PAIRED_THRESHOLD_PCT, 1e-12);
    cr_expect_eq(cmp.cases[0].verdict, RG_VERDICT_SLOWER);
    rg_compare_free(&cmp);
    cr_assert_eq(rg_compare_load(&cmp, base, nw, &cfg, 0, err, sizeof err), RG_OK, "%s", err);
    cr_expect_float_eq(cmp.cases[0].threshold_pct, RG_COMPARE_DEFAULT_THRESHOLD_PCT, 1e-12);
    cr_expect_neq(cmp.cases[0].verdict, RG_VERDICT_SLOWER);
    rg_compare_free(&cmp);
    fx_dir_remove(&d);
}
