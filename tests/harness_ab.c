/* harness_ab.c: `ridge ab` writes two valid results files whose samples are the rounds'
 * medians, in alternating order; a known --slowdown shows in the paired ratios; bad input
 * gives exit 2, one line and no files. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ab.h"
#include "cli_capture.h"
#include "order_stats.h"
#include "results.h"

/* A fresh prefix for PREFIX-a.json and PREFIX-b.json. */
static void make_prefix(char *prefix, size_t len, char *a, char *b, size_t plen) {
    char dir[] = "/tmp/ridge_ab_test_XXXXXX";
    cr_assert(mkdtemp(dir));
    snprintf(prefix, len, "%s/ab", dir);
    snprintf(a, plen, "%s-a.json", prefix);
    snprintf(b, plen, "%s-b.json", prefix);
}

static void remove_prefix(const char *prefix, const char *a, const char *b) {
    unlink(a);
    unlink(b);
    char dir[256];
    snprintf(dir, sizeof dir, "%s", prefix);
    *strrchr(dir, '/') = '\0';
    rmdir(dir);
}

static void read_side(const char *path, rg_results *r) {
    rg_results_init(r);
    char err[256] = "";
    cr_assert_eq(rg_results_read_json(path, r, err, sizeof err), 0, "%s: %s", path, err);
}

Test(ab, order_alternates) {
    cr_expect_eq(rg__ab_first(0), 0);
    cr_expect_eq(rg__ab_first(1), 1);
    cr_expect_eq(rg__ab_first(2), 0);
    cr_expect_eq(rg__ab_first(7), 1);
}

Test(ab, three_rounds_write_two_valid_files, .timeout = 240) {
    char prefix[128], a[160], b[160];
    make_prefix(prefix, sizeof prefix, a, b, sizeof a);
    cli_out o =
        RUN("ab", RIDGE_EXE, RIDGE_EXE, "--shape", "32,32,32", "--impl", "ridge", "--threads", "1",
            "--rounds", "3", "--min-time", "0.01", "--max-time", "0.05", "--verbose", "-o", prefix);
    cr_assert_eq(o.code, 0, "exit %d, stderr: %s", o.code, o.err);
    /* The verbose lines show the order: A B, then B A, then A B. */
    static const char *const order[] = {"round 1/3 a:", "round 1/3 b:", "round 2/3 b:",
                                        "round 2/3 a:", "round 3/3 a:", "round 3/3 b:"};
    const char *at = o.err;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *hit = strstr(at, order[i]);
        cr_assert(hit, "'%s' missing or out of order in: %s", order[i], o.err);
        at = hit + 1;
    }
    cr_expect(strstr(o.out, "B/A"), "no summary: %s", o.out);
    rg_results r[2];
    read_side(a, &r[0]);
    read_side(b, &r[1]);
    for (int s = 0; s < 2; s++) {
        cr_expect(!strncmp(r[s].command, "ridge ab ", 9), "%s", r[s].command);
        cr_expect(strstr(r[s].command, s ? "# side b: " : "# side a: "), "%s", r[s].command);
        cr_assert_eq(r[s].count, 1);
        const rg_result *x = &r[s].results[0];
        cr_expect_eq(x->status, RG_CASE_OK, "%s", x->reason);
        cr_expect_str_eq(x->impl, "ridge");
        cr_expect_eq(x->threads, 1);
        cr_assert_eq(x->nsamples, 3);
        cr_expect_eq(x->time.n, 3);
        double lo = x->samples[0], hi = x->samples[0];
        for (int i = 0; i < 3; i++) {
            cr_expect(x->samples[i] > 0);
            lo = x->samples[i] < lo ? x->samples[i] : lo;
            hi = x->samples[i] > hi ? x->samples[i] : hi;
        }
        cr_expect(x->time.median >= lo && x->time.median <= hi);
        cr_expect(x->gflops > 0 && x->flops == 2.0 * 32 * 32 * 32);
        cr_expect(x->max_rel_error <= x->tolerance);
        cr_expect_str_eq(x->stop_reason, "ab_rounds");
    }
    rg_results_free(&r[0]);
    rg_results_free(&r[1]);
    remove_prefix(prefix, a, b);
}

/* --slowdown 100 on B doubles ridge's times as measured; the margin (> 1.3) leaves room for a
 * loaded machine, and the median of five pairs ignores two disturbed rounds (a round is a
 * process, and on a shared machine a process sometimes runs the case at half speed). */
Test(ab, slowdown_shows_in_the_paired_ratio, .timeout = 240) {
    char prefix[128], a[160], b[160];
    make_prefix(prefix, sizeof prefix, a, b, sizeof a);
    cli_out o =
        RUN("ab", RIDGE_EXE, RIDGE_EXE, "--shape", "400,400,400", "--impl", "ridge", "--threads",
            "1", "--rounds", "5", "--b-opt", "--slowdown 100", "--quiet", "-o", prefix);
    cr_assert_eq(o.code, 0, "exit %d, stderr: %s", o.code, o.err);
    rg_results r[2];
    read_side(a, &r[0]);
    read_side(b, &r[1]);
    cr_assert(r[0].count == 1 && r[1].count == 1);
    const rg_result *x = &r[0].results[0], *y = &r[1].results[0];
    cr_assert(x->nsamples == 5 && y->nsamples == 5);
    double q[5];
    for (int i = 0; i < 5; i++)
        q[i] = y->samples[i] / x->samples[i];
    double sorted[5];
    memcpy(sorted, q, sizeof q);
    double mid = rg__median_inplace(sorted, 5);
    cr_expect(mid > 1.3, "paired B/A median %.3f (ratios %.3f %.3f %.3f %.3f %.3f)", mid, q[0],
              q[1], q[2], q[3], q[4]);
    /* Each file names its side's own options after "# side". */
    const char *sa = strstr(r[0].command, "# side a:"), *sb = strstr(r[1].command, "# side b:");
    cr_assert(sa && sb, "%s | %s", r[0].command, r[1].command);
    cr_expect(strstr(sb, "--slowdown 100"), "%s", r[1].command);
    cr_expect(!strstr(sa, "--slowdown"), "%s", r[0].command);
    rg_results_free(&r[0]);
    rg_results_free(&r[1]);
    remove_prefix(prefix, a, b);
}

/* Exit 2 with one line, and neither file written. */
static void expect_refused(cli_out o, const char *what, const char *a, const char *b) {
    expect_usage_error(o, what);
    cr_expect(access(a, F_OK) != 0 && access(b, F_OK) != 0, "a file was written for: %s", what);
}

Test(ab, bad_input, .timeout = 120) {
    char prefix[128], a[160], b[160];
    make_prefix(prefix, sizeof prefix, a, b, sizeof a);
    const char *s = "--shape";
    expect_refused(RUN("ab", "/nonexistent/ridge", RIDGE_EXE, s, "8,8,8", "-o", prefix),
                   "/nonexistent/ridge", a, b);
    expect_refused(RUN("ab", RIDGE_EXE, "/bin/true", s, "8,8,8", "-o", prefix),
                   "not a ridge executable", a, b);
    expect_refused(RUN("ab", RIDGE_EXE, s, "8,8,8", "-o", prefix), "two ridge executables", a, b);
    const char *rounds[] = {"1", "0", "abc", "-2", "1001"};
    for (size_t i = 0; i < sizeof rounds / sizeof rounds[0]; i++)
        expect_refused(RUN("ab", RIDGE_EXE, RIDGE_EXE, "--rounds", rounds[i], "-o", prefix),
                       "--rounds", a, b);
    expect_refused(RUN("ab", RIDGE_EXE, RIDGE_EXE, "--shape", "8,0,8", "-o", prefix), "--shape", a,
                   b);
    expect_refused(RUN("ab", RIDGE_EXE, RIDGE_EXE, "--suite", "no_such_suite", "-o", prefix),
                   "no_such_suite", a, b);
    /* A side's own run refuses its options: its one line, named by side. */
    expect_refused(
        RUN("ab", RIDGE_EXE, RIDGE_EXE, s, "8,8,8", "--b-opt", "--threads=abc", "-o", prefix),
        "side b", a, b);
    expect_refused(RUN("ab", RIDGE_EXE, RIDGE_EXE, s, "8,8,8", "--bogus", "-o", prefix), "--bogus",
                   a, b);
    /* An output prefix whose folder does not exist is refused before the first round. */
    expect_refused(RUN("ab", RIDGE_EXE, RIDGE_EXE, s, "8,8,8", "-o", "/nonexistent/dir/ab"),
                   "/nonexistent/dir/ab-a.json", a, b);
    remove_prefix(prefix, a, b);
}

Test(ab, slowdown_option_checked) {
    const char *bad[] = {"-5", "abc", "1001", "nan", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_usage_error(RUN("run", "--slowdown", bad[i], "--shape", "8,8,8", "--out", "-"),
                           "--slowdown");
}
