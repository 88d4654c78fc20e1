/* results_json_write.c: writes rg_results as a "ridge-results/2" JSON file, atomically. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "file_write.h"
#include "results.h"
#include "results_fields.h"
#include "results_json.h"
#include "ridge.h"

/* Full precision so that every double reads back bit for bit. */
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(17))

/* Why encoding failed: a field path ("results[3].reason") and a problem. */
typedef struct {
    char msg[160];
} enc_err;

static int fail(enc_err *e, const char *where, const char *problem) {
    snprintf(e->msg, sizeof(e->msg), "%s: %s", where, problem);
    return RG_EINVAL;
}

static json_t *encode_f64(double v) {
    return isfinite(v) ? json_real(v) : json_null();
}

/* Adds key -> v to obj; v == NULL means the value could not be built. */
static int put(json_t *obj, const char *key, json_t *v, enc_err *e, const char *where) {
    if (!v) return fail(e, where, "cannot encode (invalid UTF-8 or out of memory)");
    if (json_object_set_new(obj, key, v) != 0) return RG_ENOMEM;
    return RG_OK;
}

static int encode_object(const void *base, const rg__field_list *list, const char *where,
                         enc_err *e, json_t **out);

static int encode_params(const rg_result *res, const char *where, enc_err *e, json_t **out) {
    if (res->nparams < 0 || res->nparams > RG_MAX_PARAMS)
        return fail(e, where, "parameter count out of range");
    json_t *obj = json_object();
    if (!obj) return RG_ENOMEM;
    int rc = RG_OK;
    for (int i = 0; i < res->nparams && rc == RG_OK; i++) {
        const rg_param *p = &res->params[i];
        size_t klen = strnlen(p->key, sizeof(p->key));
        if (klen == 0 || klen == sizeof(p->key)) {
            rc = fail(e, where, "parameter key empty or not terminated");
        } else if (json_object_get(obj, p->key)) {
            rc = fail(e, where, "duplicate parameter key");
        } else {
            json_t *v = p->is_str ? json_stringn(p->sval, strnlen(p->sval, sizeof(p->sval)))
                                  : json_integer(p->ival);
            rc = put(obj, p->key, v, e, where);
        }
    }
    if (rc != RG_OK) {
        json_decref(obj);
        return rc;
    }
    *out = obj;
    return RG_OK;
}

static int encode_f64_array(const double *x, int64_t n, const char *where, enc_err *e,
                            json_t **out) {
    if (n < 0 || (n > 0 && !x)) return fail(e, where, "count and array disagree");
    json_t *arr = json_array();
    if (!arr) return RG_ENOMEM;
    for (int64_t i = 0; i < n; i++) {
        if (json_array_append_new(arr, encode_f64(x[i])) != 0) {
            json_decref(arr);
            return RG_ENOMEM;
        }
    }
    *out = arr;
    return RG_OK;
}

static int encode_results(const rg_results *r, enc_err *e, json_t **out) {
    if (r->count > 0 && !r->results) return fail(e, "results", "count without an array");
    json_t *arr = json_array();
    if (!arr) return RG_ENOMEM;
    for (size_t i = 0; i < r->count; i++) {
        char where[32];
        snprintf(where, sizeof(where), "results[%zu]", i);
        json_t *item = NULL;
        int rc = encode_object(&r->results[i], &rg__result_fields, where, e, &item);
        if (rc == RG_OK && json_array_append_new(arr, item) != 0) rc = RG_ENOMEM;
        if (rc != RG_OK) {
            json_decref(arr);
            return rc;
        }
    }
    *out = arr;
    return RG_OK;
}

static int encode_array(const void *base, const rg__field *f, const char *where, enc_err *e,
                        json_t **out) {
    const char *items = *(const char *const *)((const char *)base + f->offset);
    int64_t n = *(const int64_t *)((const char *)base + f->count_offset);
    if (n < 0 || (n > 0 && !items)) return fail(e, where, "count and array disagree");
    json_t *arr = json_array();
    if (!arr) return RG_ENOMEM;
    for (int64_t i = 0; i < n; i++) {
        char sub[128];
        snprintf(sub, sizeof(sub), "%.80s[%lld]", where, (long long)i);
        json_t *item = NULL;
        int rc = encode_object(items + (size_t)i * f->elem_size, f->sub, sub, e, &item);
        if (rc == RG_OK && json_array_append_new(arr, item) != 0) rc = RG_ENOMEM;
        if (rc != RG_OK) {
            json_decref(arr);
            return rc;
        }
    }
    *out = arr;
    return RG_OK;
}

static int encode_field(const void *base, const rg__field *f, const char *where, enc_err *e,
                        json_t **out) {
    const char *p = (const char *)base + f->offset;
    switch (f->kind) {
    case RG_FIELD_STR: {
        size_t len = strnlen(p, f->size);
        if (len == f->size) return fail(e, where, "string not terminated");
        *out = json_stringn(p, len);
        return RG_OK;
    }
    case RG_FIELD_INT:
        *out = json_integer(*(const int *)p);
        return RG_OK;
    case RG_FIELD_BOOL:
        *out = json_boolean(*(const int *)p);
        return RG_OK;
    case RG_FIELD_I64:
        *out = json_integer(*(const int64_t *)p);
        return RG_OK;
    case RG_FIELD_F64:
        *out = encode_f64(*(const double *)p);
        return RG_OK;
    case RG_FIELD_SCHEMA:
        *out = json_string(RG_RESULTS_SCHEMA);
        return RG_OK;
    case RG_FIELD_STATUS: {
        rg_case_status s = *(const rg_case_status *)p;
        if ((int)s < RG_CASE_OK || (int)s > RG_CASE_ERROR) return fail(e, where, "bad status");
        *out = json_string(rg_case_status_name(s));
        return RG_OK;
    }
    case RG_FIELD_PARAMS:
        return encode_params(base, where, e, out);
    case RG_FIELD_TIME: {
        const rg_time_stats *t = (const rg_time_stats *)p;
        if (t->n == 0) { /* nothing was timed (skipped, error): null, not zeros */
            *out = json_null();
            return RG_OK;
        }
        return encode_object(t, &rg__time_fields, where, e, out);
    }
    case RG_FIELD_F64_ARRAY:
        return encode_f64_array(*(double *const *)p,
                                *(const int64_t *)((const char *)base + f->count_offset), where, e,
                                out);
    case RG_FIELD_SYSTEM:
        return encode_object(p, &rg__system_fields, where, e, out);
    case RG_FIELD_RESULTS:
        return encode_results(base, e, out);
    case RG_FIELD_ARRAY:
        return encode_array(base, f, where, e, out);
    }
    return RG_EINTERNAL;
}

static int encode_object(const void *base, const rg__field_list *list, const char *where,
                         enc_err *e, json_t **out) {
    json_t *obj = json_object();
    if (!obj) return RG_ENOMEM;
    int rc = RG_OK;
    for (size_t i = 0; i < list->count && rc == RG_OK; i++) {
        const rg__field *f = &list->fields[i];
        char sub[96];
        snprintf(sub, sizeof(sub), "%s%s%s", where, where[0] ? "." : "", f->name);
        json_t *v = NULL;
        rc = encode_field(base, f, sub, e, &v);
        if (rc == RG_OK) rc = put(obj, f->name, v, e, sub);
    }
    if (rc != RG_OK) {
        json_decref(obj);
        return rc;
    }
    *out = obj;
    return RG_OK;
}

/* Dumps root to f and flushes it; returns 0 or an errno value. */
static int dump_and_flush(const json_t *root, FILE *f) {
    errno = 0;
    if (json_dumpf(root, f, DUMP_FLAGS) != 0 || fputc('\n', f) == EOF || fflush(f) != 0 ||
        ferror(f))
        return errno ? errno : EIO;
    return 0;
}

static int dump_to(FILE *f, void *root) {
    return dump_and_flush(root, f);
}

/* Messages are one line: control characters in a file name become '?'. */
static void one_line(char *s) {
    for (; s && *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f) *s = '?';
}

int rg_results_write_json(const rg_results *r, const char *path, char *err, size_t errlen) {
    if (err && errlen) err[0] = '\0';
    if (!r || !path || !path[0]) return RG_EINVAL;
    enc_err e = {{0}};
    json_t *root = NULL;
    int rc = encode_object(r, &rg__top_fields, "", &e, &root);
    if (rc != RG_OK) {
        if (err && errlen)
            snprintf(err, errlen, "cannot write results to '%s': %s", path,
                     rc == RG_ENOMEM ? "out of memory" : e.msg);
        one_line(err);
        return rc;
    }
    int en = rg__file_write(path, dump_to, root);
    json_decref(root);
    if (en) {
        if (err && errlen)
            snprintf(err, errlen, "cannot write results to '%s': %s", path, strerror(en));
        one_line(err);
        return en == ENOMEM ? RG_ENOMEM : RG_EIO;
    }
    return RG_OK;
}

int rg_sysinfo_print_json(FILE *out, const rg_sysinfo *s, char *err, size_t errlen) {
    if (err && errlen) err[0] = '\0';
    if (!out || !s) return RG_EINVAL;
    enc_err e = {{0}};
    json_t *obj = NULL;
    int rc = encode_object(s, &rg__system_fields, "system", &e, &obj);
    if (rc != RG_OK) {
        if (err && errlen)
            snprintf(err, errlen, "cannot print system: %s",
                     rc == RG_ENOMEM ? "out of memory" : e.msg);
        one_line(err);
        return rc;
    }
    int en = dump_and_flush(obj, out);
    json_decref(obj);
    if (en) {
        if (err && errlen) snprintf(err, errlen, "cannot print system: %s", strerror(en));
        return RG_EIO;
    }
    return RG_OK;
}
