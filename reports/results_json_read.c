/* results_json_read.c: reads a "ridge-results/2" JSON file strictly into rg_results. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "results.h"
#include "results_fields.h"
#include "ridge.h"

typedef struct {
    const char *file;
    char *err;
    size_t errlen;
} dec;

/* Records "invalid results file 'f': <where>: <problem>" and returns RG_EPARSE. */
static int bad(dec *d, const char *where, const char *fmt, ...) {
    if (d->err && d->errlen) {
        char problem[160];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(problem, sizeof(problem), fmt, ap);
        va_end(ap);
        snprintf(d->err, d->errlen, "invalid results file '%s': %s: %s", d->file,
                 where[0] ? where : "top level", problem);
    }
    return RG_EPARSE;
}

static const char *type_name(const json_t *v) {
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a real number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "an unknown type";
}

static int expected(dec *d, const char *where, const char *what, const json_t *v) {
    return bad(d, where, "expected %s, found %s", what, type_name(v));
}

/* A string that must fit in char[size] with its NUL: longer is an error, never truncated. */
static int decode_str(dec *d, const char *where, const json_t *v, char *dst, size_t size) {
    if (!json_is_string(v)) return expected(d, where, "a string", v);
    size_t len = json_string_length(v);
    if (len >= size)
        return bad(d, where, "string of %zu bytes, at most %zu allowed", len, size - 1);
    memcpy(dst, json_string_value(v), len);
    dst[len] = '\0';
    return RG_OK;
}

static int decode_f64(dec *d, const char *where, const json_t *v, double *dst) {
    if (json_is_null(v)) { /* non-finite values are written as null */
        *dst = NAN;
        return RG_OK;
    }
    if (!json_is_number(v)) return expected(d, where, "a number or null", v);
    *dst = json_number_value(v);
    return RG_OK;
}

static int decode_object(dec *d, const char *where, const json_t *obj, void *base,
                         const rg__field_list *list);

static int decode_params(dec *d, const char *where, const json_t *v, rg_result *res) {
    if (!json_is_object(v)) return expected(d, where, "an object", v);
    if (json_object_size(v) > RG_MAX_PARAMS)
        return bad(d, where, "%zu parameters, at most %d allowed", json_object_size(v),
                   RG_MAX_PARAMS);
    const char *key;
    json_t *val;
    res->nparams = 0;
    json_object_foreach((json_t *)v, key, val) {
        rg_param *p = &res->params[res->nparams];
        char sub[256];
        snprintf(sub, sizeof(sub), "%.200s.%.40s", where, key);
        if (!key[0] || strlen(key) >= sizeof(p->key))
            return bad(d, sub, "parameter name empty or longer than %zu bytes", sizeof(p->key) - 1);
        memset(p, 0, sizeof(*p));
        strcpy(p->key, key);
        if (json_is_integer(val)) {
            p->ival = json_integer_value(val);
        } else if (json_is_string(val)) {
            p->is_str = 1;
            int rc = decode_str(d, sub, val, p->sval, sizeof(p->sval));
            if (rc) return rc;
        } else {
            return expected(d, sub, "an integer or a string", val);
        }
        res->nparams++;
    }
    return RG_OK;
}

static int decode_f64_array(dec *d, const char *where, const json_t *v, double **out,
                            int64_t *count) {
    if (!json_is_array(v)) return expected(d, where, "an array", v);
    size_t n = json_array_size(v);
    double *s = n ? malloc(n * sizeof(*s)) : NULL;
    if (n && !s) return RG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        char sub[256];
        snprintf(sub, sizeof(sub), "%.200s[%zu]", where, i);
        int rc = decode_f64(d, sub, json_array_get(v, i), &s[i]);
        if (rc) {
            free(s);
            return rc;
        }
    }
    *out = s;
    *count = (int64_t)n;
    return RG_OK;
}

static int decode_results(dec *d, const char *where, const json_t *v, rg_results *r) {
    if (!json_is_array(v)) return expected(d, where, "an array", v);
    size_t n = json_array_size(v);
    if (n == 0) return RG_OK;
    r->results = calloc(n, sizeof(*r->results));
    if (!r->results) return RG_ENOMEM;
    r->cap = n;
    for (size_t i = 0; i < n; i++) {
        char sub[32];
        snprintf(sub, sizeof(sub), "results[%zu]", i);
        /* Counted before decoding so that rg_results_free releases partial samples. */
        r->count = i + 1;
        int rc = decode_object(d, sub, json_array_get(v, i), &r->results[i], &rg__result_fields);
        if (rc) return rc;
    }
    return RG_OK;
}

/* An owned array of objects: allocated, counted as decoded so a partial one can be freed. */
static int decode_array(dec *d, const char *where, const json_t *v, void *base,
                        const rg__field *f) {
    if (!json_is_array(v)) return expected(d, where, "an array", v);
    size_t n = json_array_size(v);
    if (n == 0) return RG_OK;
    char *items = calloc(n, f->elem_size);
    if (!items) return RG_ENOMEM;
    *(char **)((char *)base + f->offset) = items;
    int64_t *count = (int64_t *)((char *)base + f->count_offset);
    for (size_t i = 0; i < n; i++) {
        char sub[256];
        snprintf(sub, sizeof(sub), "%.200s[%zu]", where, i);
        *count = (int64_t)i + 1;
        int rc = decode_object(d, sub, json_array_get(v, i), items + i * f->elem_size, f->sub);
        if (rc) return rc;
    }
    return RG_OK;
}

static int decode_field(dec *d, const char *where, const json_t *v, void *base,
                        const rg__field *f) {
    char *p = (char *)base + f->offset;
    switch (f->kind) {
    case RG_FIELD_STR:
        return decode_str(d, where, v, p, f->size);
    case RG_FIELD_INT:
        if (!json_is_integer(v)) return expected(d, where, "an integer", v);
        if (json_integer_value(v) < INT_MIN || json_integer_value(v) > INT_MAX)
            return bad(d, where, "integer out of range");
        *(int *)p = (int)json_integer_value(v);
        return RG_OK;
    case RG_FIELD_BOOL:
        if (!json_is_boolean(v)) return expected(d, where, "a boolean", v);
        *(int *)p = json_is_true(v);
        return RG_OK;
    case RG_FIELD_I64:
        if (!json_is_integer(v)) return expected(d, where, "an integer", v);
        *(int64_t *)p = json_integer_value(v);
        return RG_OK;
    case RG_FIELD_F64:
        return decode_f64(d, where, v, (double *)p);
    case RG_FIELD_SCHEMA:
        if (!json_is_string(v) || strcmp(json_string_value(v), RG_RESULTS_SCHEMA) != 0)
            return bad(d, where, "unsupported schema %s%s%s (expected \"%s\")",
                       json_is_string(v) ? "\"" : "",
                       json_is_string(v) ? json_string_value(v) : type_name(v),
                       json_is_string(v) ? "\"" : "", RG_RESULTS_SCHEMA);
        return decode_str(d, where, v, p, f->size);
    case RG_FIELD_STATUS:
        if (!json_is_string(v)) return expected(d, where, "a string", v);
        if (rg_case_status_parse(json_string_value(v), (rg_case_status *)p) != RG_OK)
            return bad(d, where, "unknown status \"%s\" (ok, failed, skipped, error)",
                       json_string_value(v));
        return RG_OK;
    case RG_FIELD_PARAMS:
        return decode_params(d, where, v, base);
    case RG_FIELD_TIME:
        if (json_is_null(v)) { /* nothing was timed */
            memset(p, 0, sizeof(rg_time_stats));
            return RG_OK;
        }
        return decode_object(d, where, v, p, &rg__time_fields);
    case RG_FIELD_F64_ARRAY:
        return decode_f64_array(d, where, v, (double **)p,
                                (int64_t *)((char *)base + f->count_offset));
    case RG_FIELD_SYSTEM:
        return decode_object(d, where, v, p, &rg__system_fields);
    case RG_FIELD_RESULTS:
        return decode_results(d, where, v, base);
    case RG_FIELD_ARRAY:
        return decode_array(d, where, v, base, f);
    }
    return RG_EINTERNAL;
}

/* Every field of the list is required but those marked optional; unknown keys are ignored
 * (additions within a schema version stay readable by older readers). */
static int decode_object(dec *d, const char *where, const json_t *obj, void *base,
                         const rg__field_list *list) {
    if (!json_is_object(obj)) return expected(d, where, "an object", obj);
    for (size_t i = 0; i < list->count; i++) {
        const rg__field *f = &list->fields[i];
        const json_t *v = json_object_get(obj, f->name);
        if (!v && f->optional) continue;
        if (!v) return bad(d, where, "missing field \"%s\"", f->name);
        char sub[256];
        snprintf(sub, sizeof(sub), "%.200s%s%.40s", where, where[0] ? "." : "", f->name);
        int rc = decode_field(d, sub, v, base, f);
        if (rc) return rc;
    }
    return RG_OK;
}

/* Messages are one line: control characters (from a file name or parser text) become '?'. */
static void one_line(char *s) {
    for (; s && *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f) *s = '?';
}

int rg_results_read_json(const char *path, rg_results *r, char *err, size_t errlen) {
    if (err && errlen) err[0] = '\0';
    if (!path || !r) return RG_EINVAL;
    rg_results_init(r);
    dec d = {path, err, errlen};
    int rc = RG_OK;
    json_t *root = NULL;
    rg_results tmp;
    rg_results_init(&tmp);

    FILE *f = fopen(path, "r");
    if (!f) {
        int e = errno;
        if (err && errlen)
            snprintf(err, errlen, "cannot read results from '%s': %s", path, strerror(e));
        rc = RG_EIO;
        goto done;
    }
    json_error_t jerr;
    errno = 0;
    root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        int e = errno;
        if (ferror(f)) {
            if (err && errlen)
                snprintf(err, errlen, "cannot read results from '%s': %s", path,
                         strerror(e ? e : EIO));
            rc = RG_EIO;
        } else {
            if (err && errlen)
                snprintf(err, errlen, "invalid results file '%s': line %d, column %d: %s", path,
                         jerr.line, jerr.column, jerr.text);
            rc = RG_EPARSE;
        }
        goto done;
    }
    rc = decode_object(&d, "", root, &tmp, &rg__top_fields);
    if (rc == RG_ENOMEM && err && errlen)
        snprintf(err, errlen, "cannot read results from '%s': out of memory", path);
    if (rc == RG_OK) {
        *r = tmp;
        rg_results_init(&tmp);
    }
done:
    rg_results_free(&tmp);
    json_decref(root);
    if (f) fclose(f);
    one_line(err);
    return rc;
}
