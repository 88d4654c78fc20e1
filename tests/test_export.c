/* test_export.c: `ridge export`: the Google Benchmark JSON (context, repetitions and aggregates
 * with the right values, failed cases flagged without a rate), the CSV (rectangular, quoted)
 * and the CLI's bad input (exit 2, one line, nothing written). */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_capture.h"
#include "export.h"
#include "results_fixture.h"

/* Three cases: ok (4 repetitions), failed with a reason holding a comma and a quote, and a
 * second ok case of the same shape on one thread. */
static void make_results(rg_results *r) {
    rg_results_init(r);
    strcpy(r->schema, RG_RESULTS_SCHEMA);
    strcpy(r->suite, "quick");
    strcpy(r->command, "ridge run --suite quick");
    fixture_system(&r->system);
    rg_result a = fixture_gemm("ridge", 512, 2, 100.0, RG_CASE_OK, 4);
    rg_result b = fixture_gemm("openblas", 512, 2, 90.0, RG_CASE_FAILED, 4);
    strcpy(b.reason, "max error 0.5, \"tolerance\" 1e-5");
    rg_result c = fixture_gemm("ridge", 512, 1, 60.0, RG_CASE_OK, 3);
    rg_result_set_str(&c, "phase", "decode");
    cr_assert_eq(rg_results_push(r, &a), 0);
    cr_assert_eq(rg_results_push(r, &b), 0);
    cr_assert_eq(rg_results_push(r, &c), 0);
}

static json_t *export_json(const rg_results *r) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    char err[128] = "";
    cr_assert_eq(rg_export_gbench(f, r, err, sizeof err), 0, "%s", err);
    fclose(f);
    json_error_t je;
    json_t *doc = json_loads(buf, 0, &je);
    cr_assert(doc, "not JSON: %s at line %d", je.text, je.line);
    free(buf);
    return doc;
}

static const json_t *find(const json_t *benches, const char *name) {
    size_t i;
    const json_t *e;
    json_array_foreach(benches, i, e) {
        if (!strcmp(json_string_value(json_object_get(e, "name")), name)) return e;
    }
    return NULL;
}

static double real(const json_t *e, const char *key) {
    const json_t *v = json_object_get(e, key);
    cr_assert(json_is_number(v), "%s is not a number", key);
    return json_number_value(v);
}

Test(export, case_names_are_stable_and_complete) {
    rg_result a = fixture_gemm("ridge", 2048, 2, 100.0, RG_CASE_SKIPPED, 0);
    char name[256];
    rg_export_case_name(&a, name, sizeof name);
    cr_expect_str_eq(name, "gemm/f32/ridge/M:2048/N:2048/K:2048/transA:N/transB:N/threads:2");
    strcpy(a.device, "gpu");
    strcpy(a.cache, "cold");
    rg_export_case_name(&a, name, sizeof name);
    cr_expect_str_eq(name, "gemm/f32/ridge/device:gpu/M:2048/N:2048/K:2048/transA:N/transB:N/"
                           "cache:cold/threads:2");
}

Test(export, gbench_context_and_repetitions) {
    rg_results r;
    make_results(&r);
    json_t *doc = export_json(&r);
    const json_t *ctx = json_object_get(doc, "context");
    cr_assert(json_is_object(ctx));
    cr_expect_str_eq(json_string_value(json_object_get(ctx, "host_name")), "bench-01");
    cr_expect_eq(json_integer_value(json_object_get(ctx, "num_cpus")), 2);
    const json_t *caches = json_object_get(ctx, "caches");
    cr_assert_eq(json_array_size(caches), 3);
    cr_expect_eq(json_integer_value(json_object_get(json_array_get(caches, 0), "size")), 32768);
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(caches, 1), "type")),
                     "Unified");
    const json_t *benches = json_object_get(doc, "benchmarks");
    /* 4 + 3 aggregates, 1 failed, 3 + 3 aggregates */
    cr_assert_eq(json_array_size(benches), 14);
    const rg_result *a = &r.results[0];
    const char *name = "gemm/f32/ridge/M:512/N:512/K:512/transA:N/transB:N/threads:2";
    for (size_t i = 0; i < 4; i++) {
        const json_t *e = json_array_get(benches, i);
        cr_expect_str_eq(json_string_value(json_object_get(e, "name")), name);
        cr_expect_str_eq(json_string_value(json_object_get(e, "run_type")), "iteration");
        cr_expect_eq(json_integer_value(json_object_get(e, "repetition_index")), (json_int_t)i);
        cr_expect_eq(json_integer_value(json_object_get(e, "repetitions")), 4);
        cr_expect_eq(json_integer_value(json_object_get(e, "threads")), 2);
        cr_expect_eq(json_integer_value(json_object_get(e, "iterations")), a->batch);
        cr_expect_float_eq(real(e, "real_time"), a->samples[i] * 1e9, 1e-6);
        cr_expect_float_eq(real(e, "cpu_time"), real(e, "real_time"), 0);
        cr_expect_str_eq(json_string_value(json_object_get(e, "time_unit")), "ns");
        cr_expect_float_eq(real(e, "GFLOP/s"), a->flops / a->samples[i] * 1e-9, 1e-9);
        cr_expect_float_eq(real(e, "flops"), a->flops, 0);
    }
    char agg[160];
    snprintf(agg, sizeof agg, "%s_median", name);
    const json_t *med = find(benches, agg);
    cr_assert(med, "no %s", agg);
    cr_expect_str_eq(json_string_value(json_object_get(med, "run_name")), name);
    cr_expect_str_eq(json_string_value(json_object_get(med, "aggregate_name")), "median");
    cr_expect_float_eq(real(med, "real_time"), a->time.median * 1e9, 1e-6);
    cr_expect_float_eq(real(med, "GFLOP/s"), a->gflops, 1e-9);
    cr_expect_eq(json_integer_value(json_object_get(med, "iterations")), 4);
    snprintf(agg, sizeof agg, "%s_stddev", name);
    cr_expect_float_eq(real(find(benches, agg), "real_time"), a->time.stddev * 1e9, 1e-6);
    /* the same shape on one thread, labelled: another family instance, its own name */
    const json_t *c = find(benches, "gemm/f32/ridge/M:512/N:512/K:512/transA:N/transB:N/"
                                    "phase:decode/threads:1");
    cr_assert(c);
    cr_expect_eq(json_integer_value(json_object_get(c, "family_index")), 0);
    cr_expect_eq(json_integer_value(json_object_get(c, "per_family_instance_index")), 1);
    json_decref(doc);
    rg_results_free(&r);
}

Test(export, gbench_failed_case_flagged_without_rate) {
    rg_results r;
    make_results(&r);
    json_t *doc = export_json(&r);
    const json_t *e = find(json_object_get(doc, "benchmarks"),
                           "gemm/f32/openblas/M:512/N:512/K:512/transA:N/transB:N/threads:2");
    cr_assert(e);
    cr_expect(json_is_true(json_object_get(e, "error_occurred")));
    const char *msg = json_string_value(json_object_get(e, "error_message"));
    cr_expect(msg && !strncmp(msg, "failed: max error 0.5", 21), "%s", msg);
    cr_expect_eq(json_integer_value(json_object_get(e, "iterations")), 0);
    cr_expect_null(json_object_get(e, "GFLOP/s"));
    cr_expect_null(json_object_get(e, "GB/s"));
    cr_expect_eq(json_integer_value(json_object_get(e, "family_index")), 1);
    json_decref(doc);
    rg_results_free(&r);
}

Test(export, duplicate_names_are_told_apart) {
    rg_results r;
    make_results(&r);
    rg_result d = fixture_gemm("ridge", 512, 2, 100.0, RG_CASE_SKIPPED, 0);
    cr_assert_eq(rg_results_push(&r, &d), 0);
    json_t *doc = export_json(&r);
    cr_expect(find(json_object_get(doc, "benchmarks"),
                   "gemm/f32/ridge/M:512/N:512/K:512/transA:N/transB:N/threads:2#2"));
    json_decref(doc);
    rg_results_free(&r);
}

/* Splits one CSV record (RFC 4180) at *p; returns its field count, or -1 at the end. */
static int record(const char **p, char fields[][128], int max) {
    const char *s = *p;
    if (!*s) return -1;
    int n = 0;
    for (;;) {
        char *out = n < max ? fields[n] : NULL;
        size_t k = 0;
        if (*s == '"') {
            for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
                if (*s == '"') s++;
                if (out && k < 127) out[k++] = *s;
            }
            cr_assert_eq(*s, '"', "unterminated quote");
            s++;
        } else {
            for (; *s && *s != ',' && *s != '\r' && *s != '\n'; s++)
                if (out && k < 127) out[k++] = *s;
        }
        if (out) out[k] = '\0';
        n++;
        if (*s == ',') {
            s++;
            continue;
        }
        cr_assert(s[0] == '\r' && s[1] == '\n', "record not ended by CRLF");
        *p = s + 2;
        return n;
    }
}

static int column(char header[][128], int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (!strcmp(header[i], name)) return i;
    cr_assert_fail("no column %s", name);
    return -1;
}

Test(export, csv_is_rectangular_and_quoted) {
    rg_results r;
    make_results(&r);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_eq(rg_export_csv(f, &r), 0);
    fclose(f);
    static char header[64][128], row[64][128];
    const char *p = buf;
    int ncols = record(&p, header, 64);
    cr_assert_gt(ncols, 20);
    int m = column(header, ncols, "M"), phase = column(header, ncols, "phase");
    int status = column(header, ncols, "status"), reason = column(header, ncols, "reason");
    int median = column(header, ncols, "median_s"), gflops = column(header, ncols, "gflops");
    for (size_t i = 0; i < r.count; i++) {
        cr_assert_eq(record(&p, row, 64), ncols, "row %zu", i);
        const rg_result *res = &r.results[i];
        cr_expect_str_eq(row[m], "512");
        cr_expect_str_eq(row[phase], i == 2 ? "decode" : "");
        cr_expect_str_eq(row[status], rg_case_status_name(res->status));
        cr_expect_str_eq(row[reason], res->reason);
        if (res->status == RG_CASE_OK) {
            cr_expect_float_eq(strtod(row[median], NULL), res->time.median, 1e-15);
            cr_expect_float_eq(strtod(row[gflops], NULL), res->gflops, 1e-9);
        } else {
            cr_expect_str_empty(row[median]);
            cr_expect_str_empty(row[gflops]);
        }
    }
    cr_expect_eq(record(&p, row, 64), -1);
    cr_expect(strstr(buf, "\"max error 0.5, \"\"tolerance\"\" 1e-5\""), "quoting: %s", buf);
    free(buf);
    rg_results_free(&r);
}

/* --- the CLI --- */

typedef struct {
    char dir[64], results[96], v1[96], out[96];
} files;

static void files_make(files *fs) {
    strcpy(fs->dir, "/tmp/ridge_export_XXXXXX");
    cr_assert(mkdtemp(fs->dir));
    snprintf(fs->results, sizeof fs->results, "%s/r.json", fs->dir);
    snprintf(fs->v1, sizeof fs->v1, "%s/v1.json", fs->dir);
    snprintf(fs->out, sizeof fs->out, "%s/out.csv", fs->dir);
    rg_results r;
    make_results(&r);
    char err[256] = "";
    cr_assert_eq(rg_results_write_json(&r, fs->results, err, sizeof err), 0, "%s", err);
    rg_results_free(&r);
    FILE *f = fopen(fs->v1, "w");
    cr_assert(f);
    fputs("{\"schema\": \"ridge-results/0\", \"results\": []}\n", f);
    fclose(f);
}

static void files_remove(files *fs) {
    unlink(fs->results);
    unlink(fs->v1);
    unlink(fs->out);
    rmdir(fs->dir);
}

Test(export_cli, formats_by_option_and_extension) {
    files fs;
    files_make(&fs);
    cli_out o = RUN("export", fs.results);
    cr_assert_eq(o.code, 0, "%s", o.err);
    cr_expect_str_empty(o.err);
    cr_expect(strncmp(o.out, "{\n  \"context\": {", 16) == 0, "%s", o.out);
    o = RUN("export", fs.results, "-o", fs.out);
    cr_assert_eq(o.code, 0, "%s", o.err);
    FILE *f = fopen(fs.out, "r");
    cr_assert(f);
    char line[64] = "";
    cr_expect(fgets(line, sizeof line, f));
    fclose(f);
    cr_expect(strncmp(line, "machine,name,op,", 16) == 0, "%s", line);
    o = RUN("export", "--format", "csv", fs.results);
    cr_assert_eq(o.code, 0, "%s", o.err);
    cr_expect(strncmp(o.out, "machine,name,op,", 16) == 0);
    o = RUN("export", "--format", "gbench", fs.results, "--out", fs.out);
    cr_assert_eq(o.code, 0, "%s", o.err);
    json_error_t je;
    json_t *doc = json_load_file(fs.out, 0, &je);
    cr_expect(doc, "%s", je.text);
    json_decref(doc);
    files_remove(&fs);
}

Test(export_cli, bad_input_exits_2_with_one_line) {
    files fs;
    files_make(&fs);
    char missing[128];
    snprintf(missing, sizeof missing, "%s/missing.json", fs.dir);
    expect_usage_error(RUN("export", missing, "-o", fs.out), "missing.json");
    cr_expect_neq(access(fs.out, F_OK), 0, "output written after a bad input");
    expect_usage_error(RUN("export", fs.v1, "-o", fs.out), "schema");
    cr_expect_neq(access(fs.out, F_OK), 0, "output written after a bad input");
    expect_usage_error(RUN("export", "--format", "xml", fs.results), "xml");
    expect_usage_error(RUN("export"), "no results file");
    expect_usage_error(RUN("export", fs.results, fs.results), "one results file");
    expect_usage_error(RUN("export", "--bogus", fs.results), "--bogus");
    files_remove(&fs);
}
