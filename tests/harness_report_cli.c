/* harness_report_cli.c: `ridge report`: formats by option and extension, prices, and every
 * bad input giving exit 2 with one line naming the file or option, nothing written. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_capture.h"
#include "report_fixtures.h"

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs(text, f);
    fclose(f);
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "r");
    cr_assert(f, "%s not written", path);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

Test(report_cli, markdown_to_stdout_by_default) {
    report_files f;
    report_files_make(&f);
    cli_out o = RUN("report", f.cpu);
    cr_expect_eq(o.code, 0, "%s", o.err);
    cr_expect_str_empty(o.err);
    cr_expect(strncmp(o.out, "# ridge report\n", 15) == 0, "%s", o.out);
    cr_expect(strstr(o.out, "| gemm f32 1024x1024x1024 NN |"));
    report_files_remove(&f);
}

Test(report_cli, format_from_extension_or_option) {
    report_files f;
    report_files_make(&f);
    char csv[128], md[128], html[128], other[128];
    snprintf(csv, sizeof csv, "%s/r.CSV", f.dir);
    snprintf(md, sizeof md, "%s/r.md", f.dir);
    snprintf(html, sizeof html, "%s/r.html", f.dir);
    snprintf(other, sizeof other, "%s/r.txt", f.dir);
    cli_out o = RUN("report", f.cpu, f.gpu, "-o", csv);
    cr_assert_eq(o.code, 0, "%s", o.err);
    cr_expect(strncmp(slurp(csv), "# machine: Machine: bench-01\r\n", 30) == 0);
    o = RUN("report", f.cpu, "--out", md, "--price", "bench-01=1.5");
    cr_assert_eq(o.code, 0, "%s", o.err);
    cr_expect(strstr(slurp(md), "| price    | 1.5 USD per hour"), "%s", slurp(md));
    o = RUN("report", f.cpu, "-o", html);
    cr_assert_eq(o.code, 0, "%s", o.err);
    cr_expect(strstr(slurp(html), "<svg"), "HTML with a chart");
    o = RUN("report", f.cpu, "-o", other, "--format", "csv"); /* unknown extension: option */
    cr_assert_eq(o.code, 0, "%s", o.err);
    cr_expect(strncmp(slurp(other), "# machine:", 10) == 0);
    o = RUN("report", f.cpu, "-o", other); /* unknown extension, no option: Markdown */
    cr_assert_eq(o.code, 0, "%s", o.err);
    cr_expect(strncmp(slurp(other), "# ridge report", 14) == 0);
    o = RUN("report", f.cpu, "--format", "csv");
    cr_assert_eq(o.code, 0, "%s", o.err);
    cr_expect(strncmp(o.out, "# machine:", 10) == 0);
    unlink(csv);
    unlink(md);
    unlink(html);
    unlink(other);
    report_files_remove(&f);
}

Test(report_cli, bad_input_exits_2_with_one_line) {
    report_files f;
    report_files_make(&f);
    char missing[128], notjson[128], v1[128], out[128];
    snprintf(missing, sizeof missing, "%s/missing.json", f.dir);
    snprintf(notjson, sizeof notjson, "%s/notjson.json", f.dir);
    snprintf(v1, sizeof v1, "%s/v1.json", f.dir);
    snprintf(out, sizeof out, "%s/out.md", f.dir);
    write_text(notjson, "{\"schema\": ");
    write_text(v1, "{\"schema\": \"ridge-results/1\", \"results\": []}\n");
    expect_usage_error(RUN("report", missing, "-o", out), missing);
    expect_usage_error(RUN("report", notjson, "-o", out), notjson);
    expect_usage_error(RUN("report", v1, "-o", out), "ridge-results/1");
    expect_usage_error(RUN("report", f.cpu, v1, "-o", out), v1); /* mixed schemas */
    expect_usage_error(RUN("report", f.cpu, "--format", "pdf"), "pdf");
    expect_usage_error(RUN("report", f.cpu, "--price", "bench-01"), "LABEL=USD_PER_HOUR");
    expect_usage_error(RUN("report", f.cpu, "--price", "bench-01=cheap"), "cheap");
    expect_usage_error(RUN("report", f.cpu, "--price", "bench-01=-1"), "--price");
    expect_usage_error(RUN("report", f.cpu, "--price", "=1"), "LABEL=USD_PER_HOUR");
    expect_usage_error(RUN("report", f.cpu, "--price", "elsewhere=1", "-o", out), "elsewhere");
    expect_usage_error(RUN("report"), "no results files");
    expect_usage_error(RUN("report", f.cpu, "--bogus"), "--bogus");
    struct stat st;
    cr_expect_neq(stat(out, &st), 0, "nothing written on error");
    unlink(notjson);
    unlink(v1);
    report_files_remove(&f);
}

Test(report_cli, unwritable_output_leaves_no_file) {
    report_files f;
    report_files_make(&f);
    char out[160];
    snprintf(out, sizeof out, "%s/no-such-folder/r.md", f.dir);
    expect_usage_error(RUN("report", f.cpu, "-o", out), "no-such-folder");
    report_files_remove(&f);
}

/* A `ridge ceilings` file and a --no-ceilings run of one machine: the report says where the
 * ceilings came from; the CSV lists them one per row, sorted, with raw byte counts. */
Test(report_cli, ceilings_from_another_file) {
    report_files f;
    report_files_make(&f);
    char none[128], csv[128];
    snprintf(none, sizeof none, "%s/none.json", f.dir);
    snprintf(csv, sizeof csv, "%s/r.csv", f.dir);
    write_no_ceilings(none);
    cli_out o = RUN("report", none, f.cpu);
    cr_assert_eq(o.code, 0, "%s", o.err);
    char want[192];
    snprintf(want, sizeof want, "| ceilings | 9 measured (from %s) ", f.cpu);
    cr_expect(strstr(o.out, want), "'%s' missing:\n%s", want, o.out);
    cr_expect_null(strstr(o.out, "--no-ceilings"), "%s", o.out);
    cr_expect(strstr(o.out, "### Compute peaks: bench-01, cpu"), "%s", o.out);
    o = RUN("report", none, f.cpu, "-o", csv);
    cr_assert_eq(o.code, 0, "%s", o.err);
    const char *text = slurp(csv);
    const char *first = strstr(text, "flops,fp32,fma-avx2,2,");
    const char *last = strstr(text, "bandwidth,DRAM,read-avx512,2,30,GB/s,29.4,30.3,134217728,"
                                    "536870912\r\n");
    cr_expect(first && last && first < last, "%s", text);
    cr_expect_null(strstr(text, "Compute peaks"), "pivots are for people");
    unlink(none);
    unlink(csv);
    report_files_remove(&f);
}
