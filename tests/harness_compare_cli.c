/* harness_compare_cli.c: `ridge compare`: exit codes 0, 1 and 2, formats to stdout and
 * through -o, thresholds from the option and the config file, and bad input. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_capture.h"
#include "compare_fixture.h"

/* BASE and NEW with one case each: NEW is slower by factor (1% noise). */
static void write_files(fx_dir *d, double factor, const char **base, const char **nw) {
    *base = fx_dir_path(d, "base.json");
    *nw = fx_dir_path(d, "new.json");
    rg_results b, n;
    rg_results_init(&b);
    rg_results_init(&n);
    rg_result r = fx_case("ridge", 256, 1e-3, 0.01, 30, 1);
    rg_results_push(&b, &r);
    r = fx_case("ridge", 256, 1e-3 * factor, 0.01, 30, 2);
    rg_results_push(&n, &r);
    fx_write(&b, *base);
    fx_write(&n, *nw);
}

Test(compare_cli, exit_codes_and_thresholds) {
    fx_dir d;
    fx_dir_make(&d);
    const char *base, *nw;
    write_files(&d, 1.10, &base, &nw);
    cli_out o = RUN("compare", base, base);
    cr_expect_eq(o.code, 0, "%s", o.err);
    cr_expect(strstr(o.out, "PASS: 0 of 1 matched cases"), "%s", o.out);
    cr_expect(!strchr(o.out, '\033'), "no colour when not a terminal");
    o = RUN("compare", base, nw);
    cr_expect_eq(o.code, 1, "%s", o.err);
    cr_expect_str_empty(o.err);
    cr_expect(strstr(o.out, "slower (FAIL)"), "%s", o.out);
    o = RUN("compare", base, nw, "--threshold", "12");
    cr_expect_eq(o.code, 0, "%s%s", o.out, o.err);
    const char *cfg = fx_dir_path(&d, "cfg.json");
    fx_text(cfg, "{\"schema\": \"ridge-compare-config/1\", \"ops\": {\"gemm\": 20}}");
    o = RUN("compare", base, nw, "--config", cfg);
    cr_expect_eq(o.code, 0, "per-op threshold: %s%s", o.out, o.err);
    o = RUN("compare", nw, base);
    cr_expect_eq(o.code, 0, "faster passes: %s", o.err);
    cr_expect(strstr(o.out, "faster"), "%s", o.out);
    fx_dir_remove(&d);
}

Test(compare_cli, formats_and_out_file) {
    fx_dir d;
    fx_dir_make(&d);
    const char *base, *nw;
    write_files(&d, 1.10, &base, &nw);
    cli_out o = RUN("compare", base, nw, "--format", "md");
    cr_expect_eq(o.code, 1);
    cr_expect(strncmp(o.out, "**ridge compare FAIL", 20) == 0, "%s", o.out);
    o = RUN("compare", base, nw, "--format", "json");
    cr_expect(strstr(o.out, "\"schema\": \"ridge-compare/1\""), "%s", o.out);
    const char *xml = fx_dir_path(&d, "out.xml");
    o = RUN("compare", base, nw, "--format", "junit", "-o", xml);
    cr_expect_eq(o.code, 1, "%s", o.err);
    cr_expect_str_empty(o.out);
    FILE *f = fopen(xml, "r");
    cr_assert(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    cr_expect(strstr(buf, "<failure message=\"slower: NEW/BASE 1.0"), "%s", buf);
    fx_dir_remove(&d);
}

Test(compare_cli, paired_needs_equal_counts) {
    fx_dir d;
    fx_dir_make(&d);
    const char *base, *nw;
    write_files(&d, 1.0, &base, &nw);
    cli_out o = RUN("compare", base, nw, "--paired");
    cr_expect_eq(o.code, 0, "%s", o.err);
    cr_expect(strstr(o.out, "unchanged") && strstr(o.out, "paired samples"), "%s", o.out);
    fx_dir_remove(&d);
}

Test(compare_cli, bad_input_exits_2_with_one_line) {
    fx_dir d;
    fx_dir_make(&d);
    const char *base, *nw;
    write_files(&d, 1.0, &base, &nw);
    const char *missing = fx_dir_path(&d, "missing.json");
    const char *junk = fx_dir_path(&d, "junk.json");
    const char *other = fx_dir_path(&d, "other.json");
    const char *cfg = fx_dir_path(&d, "cfg.json");
    const char *out = fx_dir_path(&d, "out.txt");
    fx_text(junk, "{\"schema\": \"ridge-results/1\"}");
    fx_text(cfg, "{\"schema\": \"ridge-compare-config/1\", \"ops\": {\"gemm\": -3}}");
    rg_results r;
    rg_results_init(&r);
    rg_result c = fx_case("ridge", 64, 1e-3, 0.01, 30, 3);
    rg_results_push(&r, &c);
    fx_write(&r, other);
    expect_usage_error(RUN("compare", base, missing, "-o", out), "missing.json");
    expect_usage_error(RUN("compare", junk, nw, "-o", out), "junk.json");
    expect_usage_error(RUN("compare", base, other, "-o", out), "no cases in common");
    expect_usage_error(RUN("compare", base, nw, "--config", cfg, "-o", out), "ops.gemm");
    expect_usage_error(RUN("compare", base, nw, "--threshold", "0"), "--threshold");
    expect_usage_error(RUN("compare", base, nw, "--threshold", "5x"), "--threshold");
    expect_usage_error(RUN("compare", base, nw, "--format", "xml"), "--format");
    expect_usage_error(RUN("compare", base), "expected BASE.json and NEW.json");
    expect_usage_error(RUN("compare", base, nw, "--bogus"), "--bogus");
    cr_expect_neq(access(out, F_OK), 0, "nothing written on bad input");
    fx_dir_remove(&d);
}
