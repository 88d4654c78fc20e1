/* export_gbench.c: a results file as Google Benchmark's JSON, shaped like a run with
 * --benchmark_repetitions (repetitions plus mean/median/stddev aggregates), so that its
 * compare.py (U test included) and benchmark trackers read ridge results. */
#include "export.h"

#include <math.h>
#include <string.h>

#include <jansson.h>

#include "ridge.h"
#include "str_append.h"

#define NS_PER_S 1e9
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(17))

/* Building goes on after a failed step; the first failure is remembered and reported once. */
typedef struct {
    int failed;
} build;

static void put(build *b, json_t *obj, const char *key, json_t *v) {
    if (json_object_set_new(obj, key, v) != 0) b->failed = 1;
}

static void put_str(build *b, json_t *obj, const char *key, const char *s) {
    put(b, obj, key, json_string(s));
}

/* Non-finite numbers have no JSON form: they are left out. */
static void put_real(build *b, json_t *obj, const char *key, double v) {
    if (isfinite(v)) put(b, obj, key, json_real(v));
}

void rg_export_case_name(const rg_result *res, char *buf, size_t len) {
    size_t pos = 0;
    if (!len) return;
    buf[0] = '\0';
    rg__str_append(buf, len, &pos, "%s/%s/%s", res->op, res->dtype, res->impl);
    if (res->device[0] && strcmp(res->device, "cpu"))
        rg__str_append(buf, len, &pos, "/device:%s", res->device);
    for (int i = 0; i < res->nparams; i++) {
        const rg_param *p = &res->params[i];
        if (p->is_str)
            rg__str_append(buf, len, &pos, "/%s:%s", p->key, p->sval);
        else
            rg__str_append(buf, len, &pos, "/%s:%lld", p->key, (long long)p->ival);
    }
    if (res->cache[0] && strcmp(res->cache, "warm"))
        rg__str_append(buf, len, &pos, "/cache:%s", res->cache);
    if (res->pin[0] && strcmp(res->pin, "compact"))
        rg__str_append(buf, len, &pos, "/pin:%s", res->pin);
    rg__str_append(buf, len, &pos, "/threads:%d", res->threads);
}

/* Google Benchmark's cache types: "Data" for the L1d, "Unified" for L2 and L3. num_sharing is
 * the hardware threads of one core for the per-core caches, 0 (unknown) for the L3. */
static json_t *caches(build *b, const rg_sysinfo *s) {
    json_t *arr = json_array();
    if (!arr) return NULL;
    int smt = s->cores > 0 && s->pus >= s->cores ? s->pus / s->cores : 1;
    const struct {
        const char *type;
        int level;
        int64_t size;
        int sharing;
    } rows[] = {{"Data", 1, s->l1d, smt}, {"Unified", 2, s->l2, smt}, {"Unified", 3, s->l3, 0}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (rows[i].size <= 0) continue;
        json_t *c = json_object();
        if (!c || json_array_append_new(arr, c)) {
            b->failed = 1;
            continue;
        }
        put_str(b, c, "type", rows[i].type);
        put(b, c, "level", json_integer(rows[i].level));
        put(b, c, "size", json_integer(rows[i].size));
        put(b, c, "num_sharing", json_integer(rows[i].sharing));
    }
    return arr;
}

/* The keys Google Benchmark writes, then ridge's own (its tools ignore unknown keys). */
static json_t *context(build *b, const rg_results *r) {
    const rg_sysinfo *s = &r->system;
    json_t *c = json_object();
    if (!c) return NULL;
    put_str(b, c, "date", s->date);
    put_str(b, c, "host_name", s->hostname);
    put_str(b, c, "executable", "ridge");
    put(b, c, "num_cpus", json_integer(s->pus));
    put(b, c, "mhz_per_cpu", json_integer(0)); /* ridge does not record the clock */
    put(b, c, "caches", caches(b, s));
    put_str(b, c, "library_build_type", strstr(s->cflags, "NDEBUG") ? "release" : "debug");
    put_str(b, c, "ridge_schema", r->schema);
    put_str(b, c, "ridge_version", s->ridge_version);
    put_str(b, c, "ridge_git_commit", s->git_commit);
    put_str(b, c, "ridge_command", r->command);
    put_str(b, c, "ridge_suite", r->suite);
    put_str(b, c, "ridge_label", s->label);
    put_str(b, c, "cpu_model", s->cpu_model);
    put_str(b, c, "os", s->os);
    put_str(b, c, "compiler", s->compiler);
    return c;
}

/* Where a case sits among the benchmarks: its family (op, dtype, impl and device, numbered in
 * order of appearance) and its instance within the family. */
typedef struct {
    const char *name;
    int family, instance;
    int threads;
} identity;

static int same_family(const rg_result *a, const rg_result *b) {
    return !strcmp(a->op, b->op) && !strcmp(a->dtype, b->dtype) && !strcmp(a->impl, b->impl) &&
           !strcmp(a->device, b->device);
}

static int first_of_family(const rg_results *r, size_t j) {
    for (size_t k = 0; k < j; k++)
        if (same_family(&r->results[k], &r->results[j])) return 0;
    return 1;
}

static void locate(const rg_results *r, size_t i, identity *id) {
    const rg_result *res = &r->results[i];
    id->family = 0;
    for (size_t j = 0; j < i; j++) {
        if (!first_of_family(r, j)) continue;
        if (same_family(&r->results[j], res)) break;
        id->family++;
    }
    id->instance = 0;
    for (size_t j = 0; j < i; j++)
        id->instance += same_family(&r->results[j], res);
    id->threads = res->threads;
}

/* The keys every entry starts with; rep < 0 marks an aggregate. */
static json_t *entry(build *b, const identity *id, const char *suffix, int64_t reps, int64_t rep) {
    json_t *e = json_object();
    if (!e) return NULL;
    char name[512];
    snprintf(name, sizeof name, "%s%s", id->name, suffix);
    put_str(b, e, "name", name);
    put(b, e, "family_index", json_integer(id->family));
    put(b, e, "per_family_instance_index", json_integer(id->instance));
    put_str(b, e, "run_name", id->name);
    put_str(b, e, "run_type", rep < 0 ? "aggregate" : "iteration");
    put(b, e, "repetitions", json_integer(reps));
    if (rep >= 0) put(b, e, "repetition_index", json_integer(rep));
    put(b, e, "threads", json_integer(id->threads));
    return e;
}

/* Times and counters of one entry; seconds per call in, nanoseconds out. GFLOP/s and GB/s
 * are for rate (a time; 0 leaves them out). */
static void timing(build *b, json_t *e, const rg_result *res, int64_t iters, double seconds,
                   double rate_s) {
    put(b, e, "iterations", json_integer(iters));
    put_real(b, e, "real_time", seconds * NS_PER_S);
    /* ridge measures wall-clock time only: the CPU time repeats it */
    put_real(b, e, "cpu_time", seconds * NS_PER_S);
    put_str(b, e, "time_unit", "ns");
    if (rate_s > 0 && res->flops > 0) put_real(b, e, "GFLOP/s", res->flops / rate_s * 1e-9);
    if (rate_s > 0 && res->bytes > 0) put_real(b, e, "GB/s", res->bytes / rate_s * 1e-9);
    put_real(b, e, "flops", res->flops);
    put_real(b, e, "bytes", res->bytes);
}

static void push(build *b, json_t *arr, json_t *e) {
    if (!e || json_array_append_new(arr, e)) b->failed = 1;
}

/* Mean and standard deviation (n - 1) of a rate over the samples, in units per second. */
static void rate_stats(const rg_result *res, double work, double *mean, double *sd) {
    double s = 0, ss = 0;
    int64_t n = 0;
    for (int64_t i = 0; i < res->nsamples; i++)
        if (res->samples[i] > 0) {
            double v = work / res->samples[i] * 1e-9;
            s += v;
            ss += v * v;
            n++;
        }
    *mean = n ? s / (double)n : NAN;
    *sd = n > 1 ? sqrt(fmax(0, (ss - s * s / (double)n) / (double)(n - 1))) : NAN;
}

static void aggregate_counters(build *b, json_t *e, const rg_result *res, const char *which) {
    const struct {
        const char *key;
        double work;
    } rates[] = {{"GFLOP/s", res->flops}, {"GB/s", res->bytes}};
    for (size_t i = 0; i < 2; i++) {
        if (!(rates[i].work > 0)) continue;
        double mean, sd;
        rate_stats(res, rates[i].work, &mean, &sd);
        double v = !strcmp(which, "median") ? rates[i].work / res->time.median * 1e-9
                   : !strcmp(which, "mean") ? mean
                                            : sd;
        put_real(b, e, rates[i].key, v);
    }
    int sd = !strcmp(which, "stddev");
    put_real(b, e, "flops", sd ? 0 : res->flops);
    put_real(b, e, "bytes", sd ? 0 : res->bytes);
}

static void ok_case(build *b, json_t *arr, const rg_result *res, const identity *id) {
    int64_t n = res->nsamples, iters = res->batch > 1 ? res->batch : 1;
    for (int64_t i = 0; i < n; i++) {
        json_t *e = entry(b, id, "", n, i);
        if (e) timing(b, e, res, iters, res->samples[i], res->samples[i]);
        if (e && isfinite(res->energy_j)) put_real(b, e, "energy_J", res->energy_j);
        push(b, arr, e);
    }
    const struct {
        const char *name;
        double seconds;
    } aggs[] = {
        {"mean", res->time.mean}, {"median", res->time.median}, {"stddev", res->time.stddev}};
    for (size_t k = 0; k < sizeof aggs / sizeof aggs[0]; k++) {
        char suffix[16];
        snprintf(suffix, sizeof suffix, "_%s", aggs[k].name);
        json_t *e = entry(b, id, suffix, n, -1);
        if (e) {
            put_str(b, e, "aggregate_name", aggs[k].name);
            put_str(b, e, "aggregate_unit", "time");
            /* Google Benchmark counts an aggregate's iterations as its repetitions */
            timing(b, e, res, n, aggs[k].seconds, 0);
            aggregate_counters(b, e, res, aggs[k].name);
        }
        push(b, arr, e);
    }
}

/* A case that did not run ok: flagged the way Google Benchmark flags an error (zero
 * iterations and times, which its tools expect to find), never with a rate. */
static void bad_case(build *b, json_t *arr, const rg_result *res, const identity *id) {
    json_t *e = entry(b, id, "", 1, 0);
    if (e) {
        char msg[300];
        snprintf(msg, sizeof msg, "%s%s%s", rg_case_status_name(res->status),
                 res->reason[0] ? ": " : "", res->reason);
        put(b, e, "error_occurred", json_true());
        put_str(b, e, "error_message", msg);
        put(b, e, "iterations", json_integer(0));
        put(b, e, "real_time", json_real(0));
        put(b, e, "cpu_time", json_real(0));
        put_str(b, e, "time_unit", "ns");
    }
    push(b, arr, e);
}

static int name_taken(const json_t *arr, const char *name) {
    size_t i;
    const json_t *e;
    json_array_foreach(arr, i, e) {
        if (!strcmp(json_string_value(json_object_get(e, "run_name")), name)) return 1;
    }
    return 0;
}

static json_t *benchmarks(build *b, const rg_results *r) {
    json_t *arr = json_array();
    if (!arr) return NULL;
    for (size_t i = 0; i < r->count; i++) {
        const rg_result *res = &r->results[i];
        char name[384];
        rg_export_case_name(res, name, sizeof name);
        /* two cases of one name (a suite listing a shape twice) get "#2", "#3"... */
        size_t base = strlen(name);
        for (int k = 2; name_taken(arr, name); k++)
            snprintf(name + base, sizeof name - base, "#%d", k);
        identity id = {.name = name};
        locate(r, i, &id);
        if (res->status == RG_CASE_OK && (res->nsamples > 0 || res->time.median > 0))
            ok_case(b, arr, res, &id);
        else
            bad_case(b, arr, res, &id);
    }
    return arr;
}

int rg_export_gbench(FILE *f, const rg_results *r, char *err, size_t errlen) {
    if (err && errlen) err[0] = '\0';
    if (!f || !r) return RG_EINVAL;
    build b = {0};
    json_t *root = json_object();
    if (!root) return RG_ENOMEM;
    put(&b, root, "context", context(&b, r));
    put(&b, root, "benchmarks", benchmarks(&b, r));
    int rc = RG_OK;
    if (b.failed) {
        /* jansson refuses only text that is not UTF-8, or fails for memory */
        if (err && errlen) snprintf(err, errlen, "cannot encode the results (invalid UTF-8?)");
        rc = RG_EINVAL;
    } else if (json_dumpf(root, f, DUMP_FLAGS) != 0 || fputc('\n', f) == EOF || fflush(f) != 0) {
        rc = RG_EIO;
    }
    json_decref(root);
    return rc;
}
