/* test_results_json.c: the "ridge-results/2" writer and reader: exact round trips, strict
 * rejection of bad files, and writes that fail without damaging what was there. */
#define _GNU_SOURCE /* setresuid */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "results.h"
#include "results_json.h"
#include "results_fixture.h"
#include "ridge.h"

static char dir[64];

static void make_dir(void) {
    strcpy(dir, "/tmp/rg-results-test-XXXXXX");
    cr_assert(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
}

static void remove_dir(void) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char p[512];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
        chmod(p, 0700);
        unlink(p);
        rmdir(p);
    }
    closedir(d);
    rmdir(dir);
}

TestSuite(results_json, .init = make_dir, .fini = remove_dir);

static const char *in_dir(const char *name) {
    static char p[256];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    return p;
}

static int count_entries(const char *path) {
    DIR *d = opendir(path);
    cr_assert(d, "opendir %s", path);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    cr_assert(f, "open %s: %s", path, strerror(errno));
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    cr_assert(s && fread(s, 1, (size_t)n, f) == (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static void spit(const char *path, const char *s, size_t n) {
    FILE *f = fopen(path, "wb");
    cr_assert(f && fwrite(s, 1, n, f) == n && fclose(f) == 0, "write %s", path);
}

static void build(rg_results *r) {
    rg_results_init(r);
    strcpy(r->suite, "gemm-square");
    strcpy(r->command, "ridge run --suite gemm-square --out \"results.json\"");
    r->min_time_s = 0.5;
    r->target_ci = 0.005;
    r->interrupted = 0;
    fixture_system(&r->system);
    fixture_ceilings(r);
    rg_result a = fixture_gemm("ridge", 2048, 2, 380.0, RG_CASE_OK, 25);
    a.energy_j = 1.25;
    a.samples[3] = 0.1;                     /* not exact in binary */
    a.samples[4] = 4.9406564584124654e-324; /* the smallest subnormal */
    a.samples[5] = -0.0;
    a.max_rel_error = 1.0 / 3.0;
    rg_result b = fixture_gemm("openblas", 2048, 2, 370.0, RG_CASE_FAILED, 9);
    b.max_rel_error = NAN; /* a NaN in the output: must survive as NaN */
    strcpy(b.reason, "NaN in C at (3, 7)");
    rg_result c = fixture_gemm("ridge", 4096, 1, 0, RG_CASE_SKIPPED, 0);
    strcpy(c.reason, "impl lacks transposed B");
    rg_result_set_str(&c, "layout", "col-major");
    cr_assert_eq(rg_results_push(r, &a), RG_OK);
    cr_assert_eq(rg_results_push(r, &b), RG_OK);
    cr_assert_eq(rg_results_push(r, &c), RG_OK);
    cr_assert_null(a.samples, "push must take ownership of the samples");
}

/* Bitwise equality, except that any NaN equals any NaN. */
static int same_double(double x, double y) {
    return (isnan(x) && isnan(y)) || memcmp(&x, &y, sizeof(x)) == 0;
}

static void expect_same_result(const rg_result *x, const rg_result *y, size_t i) {
    cr_expect_str_eq(x->op, y->op);
    cr_expect_str_eq(x->impl, y->impl);
    cr_expect_str_eq(x->reason, y->reason);
    cr_expect_eq(x->status, y->status, "results[%zu].status", i);
    cr_expect_eq(x->nparams, y->nparams, "results[%zu].nparams", i);
    cr_expect(same_double(x->max_rel_error, y->max_rel_error), "results[%zu]: %g vs %g", i,
              x->max_rel_error, y->max_rel_error);
    cr_assert_eq(x->nsamples, y->nsamples, "results[%zu].nsamples", i);
    for (int64_t k = 0; k < x->nsamples; k++)
        cr_expect(same_double(x->samples[k], y->samples[k]), "results[%zu].samples[%lld]: %a vs %a",
                  i, (long long)k, x->samples[k], y->samples[k]);
    /* Every other field, exactly: copies without the owned pointer and the NaN. */
    rg_result cx = *x, cy = *y;
    cx.samples = cy.samples = NULL;
    cx.max_rel_error = cy.max_rel_error = 0;
    cr_expect(same_double(x->energy_j, y->energy_j), "results[%zu].energy_j", i);
    cx.energy_j = cy.energy_j = 0;
    cr_expect(memcmp(&cx, &cy, sizeof(cx)) == 0, "results[%zu] differs after the round trip", i);
}

Test(results_json, round_trip_exact) {
    rg_results r, back;
    build(&r);
    char err[256];
    const char *path = in_dir("results.json");
    cr_assert_eq(rg_results_write_json(&r, path, err, sizeof(err)), RG_OK, "%s", err);
    cr_assert_eq(rg_results_read_json(path, &back, err, sizeof(err)), RG_OK, "%s", err);
    cr_expect_str_eq(back.schema, RG_RESULTS_SCHEMA);
    cr_expect_str_eq(back.suite, r.suite);
    cr_expect_str_eq(back.command, r.command);
    cr_expect(same_double(back.min_time_s, r.min_time_s));
    cr_expect(same_double(back.target_ci, r.target_ci));
    cr_expect_eq(back.interrupted, r.interrupted);
    cr_expect_str_eq(back.system.cflags, r.system.cflags);
    cr_expect(memcmp(&back.system, &r.system, sizeof(r.system)) == 0, "system differs");
    cr_assert_eq(back.count, r.count);
    for (size_t i = 0; i < r.count; i++)
        expect_same_result(&r.results[i], &back.results[i], i);
    cr_assert_eq(back.nceilings, r.nceilings);
    for (int64_t i = 0; i < r.nceilings; i++) {
        rg_ceiling x = r.ceilings[i], y = back.ceilings[i];
        cr_assert_eq(x.npoints, y.npoints, "ceilings[%lld].npoints", (long long)i);
        if (x.npoints)
            cr_expect(memcmp(x.points, y.points, (size_t)x.npoints * sizeof *x.points) == 0,
                      "ceilings[%lld].points differ", (long long)i);
        x.points = y.points = NULL;
        cr_expect(memcmp(&x, &y, sizeof x) == 0, "ceilings[%lld] differs", (long long)i);
    }
    cr_assert_eq(back.nsweeps, 1);
    cr_expect_eq(back.sweeps[0].npoints, r.sweeps[0].npoints);
    cr_expect(memcmp(back.sweeps[0].points, r.sweeps[0].points,
                     (size_t)r.sweeps[0].npoints * sizeof(rg_sweep_point)) == 0);
    cr_expect_str_eq(back.sweeps[0].method, "read-avx512");
    /* The skipped case was written with time_s null and reads back as all zeros. */
    cr_expect_eq(back.results[2].time.n, 0);
    cr_expect_null(back.results[2].samples);
    /* Written twice, the file is byte-identical (deterministic output). */
    char *first = slurp(path);
    cr_expect(strstr(first, "\"time_s\": null"), "skipped case should have time_s null");
    cr_assert_eq(rg_results_write_json(&back, path, err, sizeof(err)), RG_OK, "%s", err);
    char *second = slurp(path);
    cr_expect_str_eq(first, second);
    cr_expect_eq(count_entries(dir), 1, "a temporary file was left behind");
    free(first);
    free(second);
    rg_results_free(&r);
    rg_results_free(&back);
}

Test(results_json, params_keep_types_and_order) {
    rg_results r, back;
    build(&r);
    char err[256];
    const char *path = in_dir("p.json");
    cr_assert_eq(rg_results_write_json(&r, path, err, sizeof(err)), RG_OK, "%s", err);
    char *text = slurp(path);
    cr_expect(strstr(text, "\"M\": 2048"), "integer parameters are JSON integers");
    cr_expect(strstr(text, "\"transA\": \"N\""), "string parameters are JSON strings");
    free(text);
    cr_assert_eq(rg_results_read_json(path, &back, err, sizeof(err)), RG_OK, "%s", err);
    const rg_param *p = rg_result_param(&back.results[2], "layout");
    cr_assert(p && p->is_str && !strcmp(p->sval, "col-major"));
    cr_expect_str_eq(back.results[2].params[0].key, "M");
    cr_expect_str_eq(back.results[2].params[5].key, "layout");
    rg_results_free(&r);
    rg_results_free(&back);
}

/* Writes a good file, applies one textual edit, and expects the reader to refuse it. */
static void expect_rejected(const char *from, const char *to, int want, const char *needle) {
    rg_results r, back;
    build(&r);
    char err[256];
    const char *good = in_dir("good.json");
    cr_assert_eq(rg_results_write_json(&r, good, err, sizeof(err)), RG_OK, "%s", err);
    rg_results_free(&r);
    char *text = slurp(good);
    char *at = strstr(text, from);
    cr_assert(at, "fixture lacks \"%s\"", from);
    size_t n = strlen(text) + strlen(to) + 1;
    char *edited = malloc(n);
    snprintf(edited, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    char bad[256];
    snprintf(bad, sizeof(bad), "%s", in_dir("bad.json"));
    spit(bad, edited, strlen(edited));
    int rc = rg_results_read_json(bad, &back, err, sizeof(err));
    cr_expect_eq(rc, want, "edit \"%s\" -> \"%s\": rc %d, message: %s", from, to, rc, err);
    cr_expect(strstr(err, bad), "message does not name the file: %s", err);
    cr_expect(strstr(err, needle), "message lacks \"%s\": %s", needle, err);
    cr_expect_null(strchr(err, '\n'), "message is not one line: %s", err);
    cr_expect_eq(back.count, 0, "a rejected file must leave no results");
    rg_results_free(&back);
    free(text);
    free(edited);
}

Test(results_json, rejects_wrong_schema) {
    /* A file of the previous schema names both versions. */
    expect_rejected("ridge-results/2", "ridge-results/1", RG_EPARSE, "ridge-results/1");
}
Test(results_json, rejects_missing_field) {
    expect_rejected("\"stop_reason\"", "\"stop_reasons\"", RG_EPARSE, "stop_reason");
}
Test(results_json, rejects_wrong_type) {
    expect_rejected("\"threads\": 2", "\"threads\": \"2\"", RG_EPARSE, "ceilings[1].threads");
}
Test(results_json, rejects_real_for_integer) {
    expect_rejected("\"M\": 2048", "\"M\": 2048.5", RG_EPARSE, "params.M");
}
Test(results_json, rejects_unknown_status) {
    expect_rejected("\"status\": \"failed\"", "\"status\": \"meh\"", RG_EPARSE, "meh");
}
Test(results_json, rejects_too_long_string) {
    expect_rejected("\"op\": \"gemm\"", "\"op\": \"gemm_with_a_name_far_too_long\"", RG_EPARSE,
                    "results[0].op");
}
Test(results_json, rejects_duplicate_key) {
    expect_rejected("\"suite\"", "\"suite\": \"x\", \"suite\"", RG_EPARSE, "line");
}
Test(results_json, rejects_trailing_garbage) {
    expect_rejected("\n}\n", "\n}\n{}", RG_EPARSE, "line");
}

static void expect_read_fails(const char *path, int want, const char *needle) {
    rg_results back;
    char err[256];
    int rc = rg_results_read_json(path, &back, err, sizeof(err));
    cr_expect_eq(rc, want, "%s: rc %d, message: %s", path, rc, err);
    cr_expect(strstr(err, path), "message does not name the file: %s", err);
    cr_expect(strstr(err, needle), "message lacks \"%s\": %s", needle, err);
    cr_expect_null(strchr(err, '\n'), "message is not one line: %s", err);
    rg_results_free(&back);
}

Test(results_json, rejects_truncated) {
    rg_results r;
    build(&r);
    char err[256];
    const char *p = in_dir("t.json");
    cr_assert_eq(rg_results_write_json(&r, p, err, sizeof(err)), RG_OK, "%s", err);
    rg_results_free(&r);
    char *text = slurp(p);
    spit(p, text, strlen(text) / 2);
    free(text);
    expect_read_fails(p, RG_EPARSE, "line");
}

Test(results_json, rejects_empty_and_not_json) {
    char p[256];
    snprintf(p, sizeof(p), "%s", in_dir("empty.json"));
    spit(p, "", 0);
    expect_read_fails(p, RG_EPARSE, "line 1");
    snprintf(p, sizeof(p), "%s", in_dir("text.json"));
    spit(p, "GFLOP/s: 380\n", 13);
    expect_read_fails(p, RG_EPARSE, "column");
    snprintf(p, sizeof(p), "%s", in_dir("array.json"));
    spit(p, "[1, 2]", 6);
    expect_read_fails(p, RG_EPARSE, "expected an object");
}

Test(results_json, unreadable_is_eio) {
    char p[256];
    snprintf(p, sizeof(p), "%s", in_dir("does-not-exist.json"));
    expect_read_fails(p, RG_EIO, "No such file");
    expect_read_fails(dir, RG_EIO, "Is a directory");
}

static rg_results *big_results(void) {
    static rg_results r;
    build(&r);
    rg_result x = fixture_gemm("ridge", 512, 1, 200.0, RG_CASE_OK, 20000);
    cr_assert_eq(rg_results_push(&r, &x), RG_OK);
    return &r;
}

Test(results_json, dev_full_is_eio) {
    rg_results r;
    build(&r);
    char err[256];
    int rc = rg_results_write_json(&r, "/dev/full", err, sizeof(err));
    cr_expect_eq(rc, RG_EIO, "rc %d: %s", rc, err);
    cr_expect(strstr(err, "cannot write results to '/dev/full': No space left on device"), "%s",
              err);
    rg_results_free(&r);
}

/* Runs fn in a child process (to drop privileges or limit file sizes there only). */
static int in_child(int (*fn)(void *), void *arg) {
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) _exit(fn(arg));
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st), "child died (status %d)", st);
    return WEXITSTATUS(st);
}

static int write_unwritable(void *path) {
    if (geteuid() == 0 && setresuid(65534, 65534, 65534) != 0) return 10; /* as nobody */
    rg_results r;
    build(&r);
    char err[256];
    int rc = rg_results_write_json(&r, path, err, sizeof(err));
    if (rc != RG_EIO) return 11;
    if (!strstr(err, "Permission denied") || strchr(err, '\n')) return 12;
    return 0;
}

Test(results_json, unwritable_dir_fails_cleanly) {
    char sub[256], path[300];
    snprintf(sub, sizeof(sub), "%s", in_dir("ro"));
    /* Only the inner folder is unwritable: the outer one must be searchable for nobody. */
    cr_assert_eq(chmod(dir, 0755), 0);
    cr_assert_eq(mkdir(sub, 0555), 0);
    chmod(sub, 0555);
    snprintf(path, sizeof(path), "%s/results.json", sub);
    cr_expect_eq(in_child(write_unwritable, path), 0, "see write_unwritable for the code");
    cr_expect_eq(count_entries(sub), 0, "something was left in the unwritable folder");
}

static int write_over_limit(void *path) {
    signal(SIGXFSZ, SIG_IGN); /* the write then fails with EFBIG instead of killing us */
    struct rlimit lim = {4096, 4096};
    if (setrlimit(RLIMIT_FSIZE, &lim) != 0) return 10;
    rg_results *r = big_results();
    char err[256];
    int rc = rg_results_write_json(r, path, err, sizeof(err));
    if (rc != RG_EIO) return 11;
    if (!strstr(err, "File too large")) return 12;
    return 0;
}

Test(results_json, failed_write_keeps_old_file) {
    rg_results r;
    rg_results_init(&r);
    strcpy(r.suite, "small");
    char err[256];
    char path[256];
    snprintf(path, sizeof(path), "%s", in_dir("keep.json"));
    cr_assert_eq(rg_results_write_json(&r, path, err, sizeof(err)), RG_OK, "%s", err);
    rg_results_free(&r);
    char *before = slurp(path);
    /* An I/O failure midway (the file size limit) ... */
    cr_expect_eq(in_child(write_over_limit, path), 0, "see write_over_limit for the code");
    char *after = slurp(path);
    cr_expect_str_eq(after, before, "the old file was damaged by a failed write");
    free(after);
    /* ... and an encoding failure (invalid UTF-8) both leave the old file and no temp. */
    build(&r);
    strcpy(r.results[1].reason, "bad \xff byte");
    int rc = rg_results_write_json(&r, path, err, sizeof(err));
    cr_expect_eq(rc, RG_EINVAL, "rc %d: %s", rc, err);
    cr_expect(strstr(err, "results[1].reason"), "%s", err);
    after = slurp(path);
    cr_expect_str_eq(after, before);
    cr_expect_eq(count_entries(dir), 1, "a temporary file was left behind");
    free(before);
    free(after);
    rg_results_free(&r);
}

Test(results_json, keeps_mode_and_symlink) {
    rg_results r;
    build(&r);
    char err[256], target[256], link[256];
    snprintf(target, sizeof(target), "%s", in_dir("target.json"));
    snprintf(link, sizeof(link), "%s", in_dir("link.json"));
    cr_assert_eq(rg_results_write_json(&r, target, err, sizeof(err)), RG_OK, "%s", err);
    cr_assert_eq(chmod(target, 0640), 0);
    cr_assert_eq(symlink("target.json", link), 0);
    cr_assert_eq(rg_results_write_json(&r, link, err, sizeof(err)), RG_OK, "%s", err);
    struct stat st;
    cr_assert_eq(lstat(link, &st), 0);
    cr_expect(S_ISLNK(st.st_mode), "the symlink was replaced by a file");
    cr_assert_eq(stat(target, &st), 0);
    cr_expect_eq(st.st_mode & 07777, 0640, "mode %o", st.st_mode & 07777);
    cr_expect_eq(count_entries(dir), 2);
    rg_results_free(&r);
}

Test(results_json, writes_to_non_regular_file) {
    rg_results r;
    build(&r);
    char err[256];
    cr_expect_eq(rg_results_write_json(&r, "/dev/null", err, sizeof(err)), RG_OK, "%s", err);
    rg_results_free(&r);
}

Test(results_json, system_block_matches_results_file) {
    rg_results r;
    build(&r);
    char err[256], *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    cr_assert(mem);
    cr_assert_eq(rg_sysinfo_print_json(mem, &r.system, err, sizeof(err)), RG_OK, "%s", err);
    fclose(mem);
    cr_expect(strstr(buf, "\"openblas_below_isa\": true"), "%s", buf);
    cr_expect(strstr(buf, "\"l3\": 33554432"), "%s", buf);
    free(buf);
    FILE *full = fopen("/dev/full", "w");
    cr_assert(full);
    cr_expect_eq(rg_sysinfo_print_json(full, &r.system, err, sizeof(err)), RG_EIO);
    fclose(full);
    rg_results_free(&r);
}
