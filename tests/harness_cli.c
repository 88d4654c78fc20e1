/* harness_cli.c: the `ridge` command line: usage errors give exit 2 and one line; a tiny run works.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "cli_capture.h"
#include "harness.h"
#include "results.h"

Test(cli, unknown_flag) {
    expect_usage_error(RUN("run", "--bogus"), "--bogus");
}
Test(cli, unknown_subcommand) {
    expect_usage_error(RUN("frobnicate"), "frobnicate");
}
Test(cli, missing_value) {
    expect_usage_error(RUN("run", "--threads"), "--threads");
}
Test(cli, stray_argument) {
    expect_usage_error(RUN("run", "extra"), "extra");
}

Test(cli, bad_threads) {
    const char *bad[] = {"abc", "0", "-3", "99999999999999999999", "", "2x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cli_out o = RUN("run", "--threads", bad[i]);
        expect_usage_error(o, "--threads");
        char quoted[64];
        snprintf(quoted, sizeof quoted, "'%s'", bad[i]);
        cr_expect(strstr(o.err, quoted), "value %s not quoted in: %s", quoted, o.err);
    }
}

Test(cli, threads_beyond_pus) {
    expect_usage_error(RUN("run", "--threads", "1024", "--shape", "8,8,8", "--out", "-"),
                       "exceeds");
}

Test(cli, bad_shapes) {
    expect_usage_error(RUN("run", "--shape", "-5,10,10"), "-5");
    expect_usage_error(RUN("run", "--shape", "10,0,10"), "N");
    expect_usage_error(RUN("run", "--shape", "10,10,abc"), "abc");
    expect_usage_error(RUN("run", "--shape", "4000000000,4000000000,4000000000"), "overflow");
    expect_usage_error(RUN("run", "--shape", "99999999999999999999,1,1"), "overflow");
    expect_usage_error(RUN("run", "--shape", "10,10"), "10,10");
    expect_usage_error(RUN("run", "--shape", "10,10,10,X,N"), "'X'");
    expect_usage_error(RUN("run", "--shape", "10,10,10,"), "10,10,10,");
}

Test(cli, shape_exceeding_memory_refused_before_allocation) {
    cli_out o = RUN("run", "--shape", "1000000,1000000,1000000", "--out", "-");
    expect_usage_error(o, "needs");
    cr_expect(strstr(o.err, "available"), "%s", o.err);
}

Test(cli, unknown_names) {
    expect_usage_error(RUN("run", "--op", "matmul"), "matmul");
    expect_usage_error(RUN("run", "--impl", "ridge,mkl"), "mkl");
    expect_usage_error(RUN("run", "--dtype", "f64"), "f64");
    expect_usage_error(RUN("run", "--device", "tpu"), "tpu");
    expect_usage_error(RUN("run", "--isa", "sse9"), "sse9");
    expect_usage_error(RUN("run", "--pin", "diagonal"), "diagonal");
    expect_usage_error(RUN("run", "--cache", "lukewarm"), "lukewarm");
    expect_usage_error(RUN("run", "--pages", "gigantic"), "gigantic");
    expect_usage_error(RUN("ceilings", "--pages", "1G"), "1G");
    expect_usage_error(RUN("run", "--suite", "no_such_suite"), "no_such_suite");
    cli_out o = RUN("run", "--impl", "mkl");
    cr_expect(strstr(o.err, "ridge") && strstr(o.err, "openblas"), "valid names not listed: %s",
              o.err);
}

Test(cli, known_names_without_an_implementation) {
    /* Names of the results vocabulary that this build does not implement yet: exit 2, with a
     * message that says so rather than "unknown". (The GPU and cuBLAS have implementations:
     * tests/test_gpu.c runs them, skipped without a GPU.) */
    expect_usage_error(RUN("run", "--impl", "cudnn"), "no implementation");
}

Test(cli, bad_times) {
    expect_usage_error(RUN("run", "--min-time", "-1"), "--min-time");
    expect_usage_error(RUN("run", "--max-time", "0"), "--max-time");
    expect_usage_error(RUN("run", "--max-time", "nan"), "--max-time");
    expect_usage_error(RUN("run", "--target-ci", "0"), "--target-ci");
    expect_usage_error(RUN("run", "--min-time", "3", "--max-time", "2"), "--min-time");
}

Test(cli, unreadable_suite_file) {
    expect_usage_error(RUN("run", "--suite", "/nonexistent/dir/s.json"), "/nonexistent/dir/s.json");
}

Test(cli, malformed_suite_file) {
    char path[] = "/tmp/ridge_cli_suite_XXXXXX.json";
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    cr_assert(write(fd, "{ \"schema\": \"ridge-suite/1\", \"cases\": [ {", 40) == 40);
    close(fd);
    expect_usage_error(RUN("run", "--suite", path), path);
    unlink(path);
}

Test(cli, help_everywhere) {
    cr_expect_eq(RUN("--help").code, 0);
    cr_expect_eq(RUN("help").code, 0);
    cr_expect_eq(RUN("help", "run").code, 0);
    cr_expect_eq(RUN("run", "--help").code, 0);
    cr_expect_eq(RUN("list", "--help").code, 0);
    cr_expect_eq(RUN("sysinfo", "--help").code, 0);
    cr_expect_eq(RUN("--version").code, 0);
    expect_usage_error(RUN("help", "nope"), "nope");
}

Test(cli, list_and_sysinfo) {
    cr_expect_eq(RUN("list").code, 0);
    cr_expect_eq(RUN("sysinfo").code, 0);
    cr_expect_eq(RUN("sysinfo", "--json").code, 0);
}

Test(cli, tiny_run_writes_results, .timeout = 120) {
    char path[] = "/tmp/ridge_cli_results_XXXXXX.json";
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    close(fd);
    cli_out o =
        RUN("run", "--shape", "37,41,53", "--min-time", "0.01", "--max-time", "0.2", "--out", path,
            "--no-ceilings"); /* ceilings: harness_ceilings and the smoke test */
    cr_assert_eq(o.code, 0, "exit %d, stderr: %s", o.code, o.err);
    rg_results r;
    rg_results_init(&r);
    char err[256] = "";
    cr_assert_eq(rg_results_read_json(path, &r, err, sizeof err), 0, "%s", err);
    cr_expect(r.count >= 2, "%zu results", r.count); /* ridge, openblas and any other baseline */
    int seen_ridge = 0, seen_openblas = 0;
    for (size_t i = 0; i < r.count; i++) {
        const rg_result *x = &r.results[i];
        if (x->status == RG_CASE_SKIPPED) continue; /* a baseline not built here */
        cr_expect_eq(x->status, RG_CASE_OK, "%s: %s", x->impl, x->reason);
        cr_expect(x->gflops > 0 && x->nsamples >= 1 && x->time.median > 0);
        cr_expect(x->max_rel_error <= x->tolerance);
        const rg_param *m = rg_result_param(x, "M");
        cr_expect(m && m->ival == 37);
        seen_ridge += !strcmp(x->impl, "ridge");
        seen_openblas += !strcmp(x->impl, "openblas");
    }
    cr_expect(seen_ridge == 1 && seen_openblas == 1);
    cr_expect_eq(r.interrupted, 0);
    cr_expect_str_eq(r.system.pages, "huge", "the default page kind is recorded");
    rg_results_free(&r);
    /* --pages small: recorded as asked. */
    o = RUN("run", "--shape", "8,8,8", "--impl", "ridge", "--pages", "small", "--min-time", "0.01",
            "--max-time", "0.02", "--out", path, "--no-ceilings");
    cr_assert_eq(o.code, 0, "exit %d, stderr: %s", o.code, o.err);
    rg_results_init(&r);
    cr_assert_eq(rg_results_read_json(path, &r, err, sizeof err), 0, "%s", err);
    cr_expect_str_eq(r.system.pages, "small");
    rg_results_free(&r);
    unlink(path);
}

/* --rounds: every case measured in N child processes; the samples of all rounds pooled, so
 * the file holds at least one sample per round, each round's median, and says how it stopped.
 * The children run on as many threads as the parent would (not on the one PU the parent's
 * own thread is pinned to). */
Test(cli, rounds_pool_the_samples_of_every_pass, .timeout = 120) {
    setenv("RIDGE_EXE", RIDGE_EXE, 1); /* this test calls the CLI in-process */
    char path[] = "/tmp/ridge_cli_rounds_XXXXXX.json";
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    close(fd);
    cli_out o = RUN("run", "--shape", "40,40,40", "--impl", "ridge", "--rounds", "3", "--min-time",
                    "0.03", "--max-time", "0.3", "--out", path, "--no-ceilings");
    cr_assert_eq(o.code, 0, "exit %d, stderr: %s", o.code, o.err);
    rg_results r;
    rg_results_init(&r);
    char err[256] = "";
    cr_assert_eq(rg_results_read_json(path, &r, err, sizeof err), 0, "%s", err);
    cr_assert_eq(r.count, 1, "one case, not one per round");
    const rg_result *x = &r.results[0];
    cr_expect_eq(x->status, RG_CASE_OK, "%s", x->reason);
    cr_expect_str_eq(x->stop_reason, "rounds");
    /* Each round takes at least its 10 samples unless its budget (0.1 s) runs out first. */
    cr_expect(x->nsamples >= 3, "%lld samples", (long long)x->nsamples);
    cr_expect_eq(x->time.n, x->nsamples);
    cr_expect(x->gflops > 0 && x->time.median > 0);
    cr_assert_eq(x->nround_medians, 3);
    for (int i = 0; i < 3; i++)
        cr_expect(x->round_medians[i] >= x->time.min && x->round_medians[i] < 1.0,
                  "round %d's median %g", i, x->round_medians[i]);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    cr_expect(x->threads >= 1 && x->threads <= cores, "%d threads", x->threads);
    int threads = x->threads;
    rg_results_free(&r);
    /* One round: the same thread count, so the children were not squeezed onto one PU. */
    o = RUN("run", "--shape", "40,40,40", "--impl", "ridge", "--min-time", "0.01", "--max-time",
            "0.05", "--out", path, "--no-ceilings");
    cr_assert_eq(o.code, 0, "exit %d, stderr: %s", o.code, o.err);
    rg_results_init(&r);
    cr_assert_eq(rg_results_read_json(path, &r, err, sizeof err), 0, "%s", err);
    cr_expect_eq(r.results[0].threads, threads);
    cr_expect_eq(r.results[0].nround_medians, 0, "no rounds, no round medians");
    rg_results_free(&r);
    unlink(path);
}

/* A round that cannot run (the executable is gone) is an input error, not a crash. */
Test(cli, rounds_without_an_executable_fail_cleanly, .timeout = 60) {
    setenv("RIDGE_EXE", "/nonexistent/ridge", 1);
    cli_out o = RUN("run", "--shape", "8,8,8", "--impl", "ridge", "--rounds", "2", "--min-time",
                    "0.01", "--max-time", "0.02", "--out", "-", "--no-ceilings");
    unsetenv("RIDGE_EXE");
    cr_expect_eq(o.code, 2, "exit %d", o.code);
    cr_expect(strstr(o.err, "round 1") && strstr(o.err, "/nonexistent/ridge"), "%s", o.err);
}

Test(cli, bad_rounds) {
    expect_usage_error(RUN("run", "--rounds", "0"), "--rounds");
    expect_usage_error(RUN("run", "--rounds", "101"), "--rounds");
    expect_usage_error(RUN("run", "--rounds", "x"), "--rounds");
}

/* rg__cli_check (the CLI fuzzer's entry) gives the exit code of the options alone and runs,
 * reads and writes nothing: a good command line is 0 without a results file, a missing input
 * file is not read, and a bad option is the same one-line error as in rg__cli_main. */
Test(cli, check_only_parses_and_touches_nothing) {
    char dir[] = "/tmp/ridge-check-XXXXXX";
    cr_assert(mkdtemp(dir));
    char out[64], missing[64];
    snprintf(out, sizeof out, "%s/r.json", dir);
    snprintf(missing, sizeof missing, "%s/absent.json", dir);
    const char *good[][10] = {{"ridge", "run", "--suite", "quick", "-o", out},
                              {"ridge", "compare", missing, missing, "-o", out},
                              {"ridge", "export", missing, "-o", out},
                              {"ridge", "report", missing, "-o", out},
                              {"ridge", "ab", missing, missing, "-o", out},
                              {"ridge", "ab", missing, missing, "--pa", "small", "-o", out},
                              {"ridge", "ceilings", "-o", out},
                              {"ridge", "run", "--pages", "small", "-o", out},
                              {"ridge", "list"}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int argc = 0;
        while (good[i][argc])
            argc++;
        cr_expect_eq(rg__cli_check(argc, (char **)good[i]), 0, "case %zu (%s)", i, good[i][1]);
        cr_expect_neq(access(out, F_OK), 0, "case %zu wrote %s", i, out);
    }
    const char *bad[][8] = {{"ridge", "run", "--threads", "0"},
                            {"ridge", "compare", "--format", "xml", "a", "b"},
                            {"ridge", "frobnicate"},
                            {"ridge", "export"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int argc = 0;
        while (bad[i][argc])
            argc++;
        fflush(stderr);
        int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
        dup2(null, STDERR_FILENO);
        int code = rg__cli_check(argc, (char **)bad[i]);
        dup2(saved, STDERR_FILENO);
        close(saved);
        close(null);
        cr_expect_eq(code, 2, "bad case %zu", i);
        cr_expect_eq(run_cli(argc, bad[i]).code, 2, "rg__cli_main agrees on bad case %zu", i);
    }
    rmdir(dir);
}

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    cr_assert(f);
    cr_assert(fputs(text, f) >= 0);
    cr_assert_eq(fclose(f), 0);
}

/* Mixed schemas: each kind of file ridge reads, handed to a reader of another kind, is refused
 * with one line naming the file and the schema it expected (exit 2, nothing written). */
Test(cli, files_of_the_wrong_kind, .timeout = 60) {
    char dir[] = "/tmp/ridge-kinds-XXXXXX";
    cr_assert(mkdtemp(dir));
    char suite[64], config[64], results[64], out[64];
    snprintf(suite, sizeof suite, "%s/suite.json", dir);
    snprintf(config, sizeof config, "%s/config.json", dir);
    snprintf(results, sizeof results, "%s/results.json", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    write_text(suite,
               "{\"schema\": \"ridge-suite/1\", \"name\": \"s\", \"cases\": [{\"op\": "
               "\"gemm\", \"dtype\": \"f32\", \"params\": {\"M\": 8, \"N\": 8, \"K\": 8}}]}");
    write_text(config, "{\"schema\": \"ridge-compare-config/1\", \"default_threshold_pct\": 5}");
    cli_out o = RUN("run", "--suite", suite, "--impl", "ridge", "--no-ceilings", "--max-time",
                    "0.01", "-q", "-o", results);
    cr_assert_eq(o.code, 0, "%s", o.err);
    const char *want_results = "ridge-results/2";
    expect_usage_error(RUN("compare", suite, results), want_results);
    expect_usage_error(RUN("compare", results, config), want_results);
    expect_usage_error(RUN("export", suite, "-o", out), want_results);
    expect_usage_error(RUN("report", config, "-o", out), want_results);
    expect_usage_error(RUN("run", "--suite", results, "-o", out), "ridge-suite/1");
    expect_usage_error(RUN("run", "--suite", config, "-o", out), "ridge-suite/1");
    expect_usage_error(RUN("compare", "--config", results, results, results),
                       "ridge-compare-config/1");
    expect_usage_error(RUN("compare", "--config", suite, results, results),
                       "ridge-compare-config/1");
    cr_expect_neq(access(out, F_OK), 0, "a refused command wrote %s", out);
    unlink(suite);
    unlink(config);
    unlink(results);
    rmdir(dir);
}

/* A suite's case whose buffer bytes overflow 64 bits is refused like a --shape one, naming the
 * suite and the case. */
Test(cli, suite_case_overflow) {
    char path[] = "/tmp/ridge_cli_overflow_XXXXXX.json";
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    close(fd);
    write_text(path,
               "{\"schema\": \"ridge-suite/1\", \"name\": \"big\", \"cases\": [{\"op\": \"gemm\", "
               "\"dtype\": \"f32\", \"params\": {\"M\": 3037000500, \"N\": 3037000500, "
               "\"K\": 1}}]}");
    cli_out o = RUN("run", "--suite", path, "-o", "-");
    expect_usage_error(o, "overflow");
    cr_expect(strstr(o.err, "big case 0"), "%s", o.err);
    unlink(path);
}

/* OpenBLAS at its best (openblas_core.c): the core type for a CPU, and which ones are below. */
Test(openblas_core, best_and_below) {
    rg_cpu_features f;
    memset(&f, 0, sizeof f);
    cr_expect_null(rg__openblas_core_best(&f)); /* SSE only: nothing to fix */
    cr_expect_not(rg__openblas_core_below(&f, "Prescott"));
    f.avx = f.avx2 = f.fma = 1;
    cr_expect_str_eq(rg__openblas_core_best(&f), "Haswell");
    cr_expect(rg__openblas_core_below(&f, "Prescott"));
    cr_expect(rg__openblas_core_below(&f, "Sandybridge"));
    cr_expect_not(rg__openblas_core_below(&f, "Haswell"));
    cr_expect_not(rg__openblas_core_below(&f, "Zen"));
    f.avx512f = f.avx512bw = f.avx512dq = f.avx512vl = 1;
    cr_expect_str_eq(rg__openblas_core_best(&f), "SkylakeX");
    cr_expect(rg__openblas_core_below(&f, "Haswell"));
    cr_expect(rg__openblas_core_below(&f, "Prescott"));
    cr_expect_not(rg__openblas_core_below(&f, "SkylakeX"));
    cr_expect_not(rg__openblas_core_below(&f, "COOPERLAKE"));
    f.avx512_bf16 = 1;
    cr_expect_str_eq(rg__openblas_core_best(&f), "Cooperlake");
}

/* Runs `env ENV RIDGE_EXE sysinfo --json` and keeps the start of its output in out. */
static int sysinfo_json(const char *env, char *out, size_t len) {
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "env %s '%s' sysinfo --json 2>/dev/null", env, RIDGE_EXE);
    FILE *p = popen(cmd, "r");
    cr_assert(p);
    size_t n = fread(out, 1, len - 1, p);
    out[n] = '\0';
    return pclose(p);
}

/* The executable: with OPENBLAS_CORETYPE unset, OpenBLAS runs kernels at this CPU's level even
 * where it does not know the CPU (0.3.21 on Emerald Rapids picks Prescott); a core type the user
 * sets is kept. */
Test(openblas_core, ridge_runs_openblas_at_its_best, .timeout = 60) {
    static char out[65536];
    cr_assert_eq(sysinfo_json("-u OPENBLAS_CORETYPE -u " RG_OPENBLAS_DETECTED_ENV, out, sizeof out),
                 0);
    cr_expect(strstr(out, "\"openblas_below_isa\": false"), "%s", out);
    const rg_cpu_features *f = rg_cpu_features_get();
    cr_assert_eq(
        sysinfo_json("-u " RG_OPENBLAS_DETECTED_ENV " OPENBLAS_CORETYPE=Prescott", out, sizeof out),
        0);
    cr_expect(strstr(out, "\"openblas_coretype_env\": \"Prescott\""), "%s", out);
    if (rg__openblas_core_best(f))
        cr_expect(strstr(out, "\"openblas_below_isa\": true"), "%s", out);
    cr_expect(strstr(out, "\"openblas_detected\": \"\""), "%s", out);
}
