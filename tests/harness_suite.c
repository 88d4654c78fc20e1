/* harness_suite.c: the shipped suites parse and hold the required cases; bad suite files fail. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static int64_t ival(const rg_case *c, const char *key) {
    for (int i = 0; i < c->nparams; i++)
        if (!strcmp(c->params[i].key, key) && !c->params[i].is_str) return c->params[i].ival;
    return -1;
}

static const char *sval(const rg_case *c, const char *key) {
    for (int i = 0; i < c->nparams; i++)
        if (!strcmp(c->params[i].key, key) && c->params[i].is_str) return c->params[i].sval;
    return "";
}

static int lists(const rg_case *c, const char *impl) {
    for (int i = 0; i < c->nimpls; i++)
        if (!strcmp(c->impls[i], impl)) return 1;
    return c->nimpls == 0;
}

static int has_gemm(const rg_suite *s, int64_t m, int64_t n, int64_t k, const char *ta,
                    const char *tb) {
    for (size_t i = 0; i < s->count; i++) {
        const rg_case *c = &s->cases[i];
        if (!strcmp(c->op, "gemm") && ival(c, "M") == m && ival(c, "N") == n && ival(c, "K") == k &&
            !strcmp(sval(c, "transA"), ta) && !strcmp(sval(c, "transB"), tb) && lists(c, "ridge") &&
            lists(c, "openblas"))
            return 1;
    }
    return 0;
}

static void load(const char *name, rg_suite *s) {
    char err[512] = "";
    cr_assert_eq(rg__suite_load(name, NULL, s, err, sizeof err), 0, "%s: %s", name, err);
    cr_assert_gt(s->count, 0);
}

Test(suite, shipped_suites_parse_and_prepare) {
    const char *names[] = {"quick", "default", "llm"};
    for (int i = 0; i < 3; i++) {
        rg_suite s;
        load(names[i], &s);
        cr_expect_str_eq(s.name, names[i]);
        /* Every case must pass its op's own parameter checks. */
        for (size_t k = 0; k < s.count; k++) {
            const rg_op *op = rg__op_find(s.cases[k].op);
            cr_assert(op);
            void *p = NULL;
            char err[256] = "";
            cr_expect_eq(op->prepare(&s.cases[k], &p, err, sizeof err), 0, "%s case %zu: %s",
                         names[i], k, err);
            if (p) op->destroy(p);
        }
        rg__suite_free(&s);
    }
}

Test(suite, default_has_required_shapes) {
    rg_suite s;
    load("default", &s);
    for (int64_t n = 256; n <= 4096; n *= 2)
        cr_expect(has_gemm(&s, n, n, n, "N", "N"), "square %lld missing", (long long)n);
    for (int64_t m = 1; m <= 64; m *= 2) {
        cr_expect(has_gemm(&s, m, 4096, 4096, "N", "N"), "skinny M=%lld missing", (long long)m);
        cr_expect(has_gemm(&s, m, 4096, 4096, "N", "T"), "skinny M=%lld NT missing", (long long)m);
    }
    rg__suite_free(&s);
}

Test(suite, llm_has_llama_shapes) {
    rg_suite s;
    load("llm", &s);
    const int64_t nk[4][2] = {{6144, 4096}, {4096, 4096}, {14336, 4096}, {4096, 14336}};
    const int64_t ms[3] = {2048, 1, 16};
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 4; b++)
            cr_expect(has_gemm(&s, ms[a], nk[b][0], nk[b][1], "N", "T"), "M=%lld N=%lld K=%lld",
                      (long long)ms[a], (long long)nk[b][0], (long long)nk[b][1]);
    rg__suite_free(&s);
}

/* Writes text to a temporary .json file; the caller unlinks it. */
static void write_tmp(char *path, const char *text) {
    strcpy(path, "/tmp/ridge_suite_XXXXXX.json");
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    size_t n = strlen(text);
    cr_assert_eq(write(fd, text, n), (ssize_t)n);
    close(fd);
}

Test(suite, compact_shapes_expand) {
    char path[64];
    write_tmp(path, "{\"schema\":\"ridge-suite/1\",\"cases\":[{\"op\":\"gemm\",\"dtype\":\"f32\","
                    "\"params\":{\"transB\":\"T\",\"beta\":0.5},\"shapes\":[[1,2,3],[4,5,6]]},"
                    "{\"op\":\"gemm\",\"params\":{\"N\":7,\"K\":8},\"axes\":[\"M\"],"
                    "\"shapes\":[[9]],\"impls\":[\"ridge\"]}]}");
    rg_suite s;
    char err[256] = "";
    cr_assert_eq(rg__suite_load(path, NULL, &s, err, sizeof err), 0, "%s", err);
    unlink(path);
    cr_assert_eq(s.count, 3);
    cr_expect_eq(ival(&s.cases[1], "M"), 4);
    cr_expect_eq(ival(&s.cases[1], "K"), 6);
    cr_expect_str_eq(sval(&s.cases[1], "transB"), "T");
    cr_expect_str_eq(sval(&s.cases[0], "beta"), "0.5");
    cr_expect_eq(ival(&s.cases[2], "M"), 9);
    cr_expect_eq(ival(&s.cases[2], "N"), 7);
    cr_expect_eq(s.cases[2].nimpls, 1);
    cr_expect_str_eq(s.cases[2].dtype, "f32");
    rg__suite_free(&s);
}

Test(suite, bad_files_rejected) {
    const char *bad[] = {
        "",
        "{",
        "{\"schema\":\"ridge-suite/1\",\"cases\":[{\"op\":\"gemm\",\"params\":{\"M\":1",
        "[]",
        "{\"schema\":\"ridge-suite/2\",\"cases\":[{\"op\":\"gemm\"}]}",
        "{\"cases\":[{\"op\":\"gemm\"}]}",
        "{\"schema\":\"ridge-suite/1\",\"cases\":[]}",
        "{\"schema\":\"ridge-suite/1\"}",
        "{\"schema\":\"ridge-suite/1\",\"cases\":[{\"op\":\"conv\"}]}",
        "{\"schema\":\"ridge-suite/1\",\"cases\":[{\"op\":\"gemm\",\"bogus\":1}]}",
        "{\"schema\":\"ridge-suite/1\",\"cases\":[{\"op\":\"gemm\",\"impls\":[\"mkl\"]}]}",
        "{\"schema\":\"ridge-suite/1\",\"cases\":[{\"op\":\"gemm\",\"params\":{\"M\":true}}]}",
        "{\"schema\":\"ridge-suite/1\",\"cases\":[{\"op\":\"gemm\",\"shapes\":[[1,2]]}]}",
        "{\"schema\":\"ridge-suite/1\",\"cases\":[{\"op\":\"gemm\",\"params\":{\"M\":1},"
        "\"shapes\":[[1,2,3]]}]}",
        "{\"schema\":\"ridge-suite/1\",\"cases\":[{\"op\":\"gemm\",\"params\":{\"M\":1,\"M\":2}}]}",
        "{\"schema\":\"ridge-suite/1\",\"cases\":[3]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[64];
        write_tmp(path, bad[i]);
        rg_suite s;
        char err[512] = "";
        int rc = rg__suite_parse_file(path, &s, err, sizeof err);
        unlink(path);
        cr_expect_neq(rc, 0, "accepted bad suite %zu: %s", i, bad[i]);
        cr_expect(strstr(err, path) != NULL, "error does not name the file: %s", err);
        cr_expect(strchr(err, '\n') == NULL, "error is not one line: %s", err);
        if (rc == 0) rg__suite_free(&s);
    }
}

Test(suite, missing_file_and_unknown_name) {
    rg_suite s;
    char err[512] = "";
    cr_expect_eq(rg__suite_load("/nonexistent/x.json", NULL, &s, err, sizeof err), RG_EIO);
    cr_expect_eq(rg__suite_load("no_such_suite", NULL, &s, err, sizeof err), RG_ENOTFOUND);
    cr_expect(strstr(err, "no_such_suite"), "%s", err);
}

Test(suite, suite_dir_env_takes_precedence) {
    char dir[] = "/tmp/ridge_suitedir_XXXXXX";
    cr_assert(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/quick.json", dir);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs("{\"schema\":\"ridge-suite/1\",\"name\":\"mine\",\"cases\":[{\"op\":\"gemm\","
          "\"params\":{\"M\":1,\"N\":1,\"K\":1}}]}",
          f);
    fclose(f);
    setenv("RIDGE_SUITE_DIR", dir, 1);
    rg_suite s;
    char err[512] = "";
    cr_expect_eq(rg__suite_load("quick", NULL, &s, err, sizeof err), 0, "%s", err);
    cr_expect_str_eq(s.name, "mine");
    cr_expect_eq(s.count, 1);
    rg__suite_free(&s);
    unsetenv("RIDGE_SUITE_DIR");
    unlink(path);
    rmdir(dir);
}
