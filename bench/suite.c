/* suite.c: finds and parses suite files (schema "ridge-suite/1", docs/cli.md) into cases. */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define RG_SUITE_SCHEMA "ridge-suite/1"
#define MAX_SUITE_DIRS 3

void rg__suite_free(rg_suite *s) {
    free(s->cases);
    memset(s, 0, sizeof *s);
}

static int push_case(rg_suite *s, size_t *cap, const rg_case *c) {
    if (s->count == *cap) {
        size_t ncap = *cap ? 2 * *cap : 16;
        rg_case *p = realloc(s->cases, ncap * sizeof *p);
        if (!p) return RG_ENOMEM;
        s->cases = p;
        *cap = ncap;
    }
    s->cases[s->count++] = *c;
    return 0;
}

/* Sets one parameter from a JSON value: integers stay integers, reals and strings are kept as
 * short strings (the op parses them). */
static int set_param(rg_case *c, const char *key, json_t *v, char *err, size_t errlen) {
    for (int i = 0; i < c->nparams; i++)
        if (strcmp(c->params[i].key, key) == 0) {
            snprintf(err, errlen, "parameter '%s' given twice", key);
            return RG_EPARSE;
        }
    if (c->nparams == RG_MAX_PARAMS || strlen(key) >= sizeof c->params[0].key) {
        snprintf(err, errlen, "too many parameters or name too long at '%s'", key);
        return RG_EPARSE;
    }
    rg_param *p = &c->params[c->nparams];
    memset(p, 0, sizeof *p);
    strcpy(p->key, key);
    if (json_is_integer(v)) {
        p->ival = json_integer_value(v);
    } else if (json_is_real(v)) {
        p->is_str = 1;
        snprintf(p->sval, sizeof p->sval, "%.17g", json_real_value(v));
    } else if (json_is_string(v) && json_string_length(v) < sizeof p->sval) {
        p->is_str = 1;
        strcpy(p->sval, json_string_value(v));
    } else {
        snprintf(err, errlen, "parameter '%s': expected a number or a short string", key);
        return RG_EPARSE;
    }
    c->nparams++;
    return 0;
}

static int impl_known(const char *op, const char *impl) {
    for (size_t i = 0; i < rg__registry_count(); i++) {
        const rg_impl *r = rg__registry_get(i);
        if (strcmp(r->op->name, op) == 0 && strcmp(r->impl, impl) == 0) return 1;
    }
    return 0;
}

/* Parses one entry of "cases" (a single case, or a "shapes" list of them). */
static int parse_entry(json_t *e, rg_suite *s, size_t *cap, char *err, size_t errlen) {
    if (!json_is_object(e)) return snprintf(err, errlen, "expected an object"), RG_EPARSE;
    const char *key;
    json_t *v;
    json_object_foreach(e, key, v) {
        static const char *const known[] = {"op",   "dtype",  "params",  "impls",
                                            "axes", "shapes", "comment", "device"};
        int ok = 0;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            ok |= !strcmp(key, known[i]);
        if (!ok)
            return snprintf(err, errlen,
                            "unknown key '%s' (valid: op dtype params impls device axes "
                            "shapes comment)",
                            key),
                   RG_EPARSE;
    }
    rg_case c;
    memset(&c, 0, sizeof c);
    json_t *op = json_object_get(e, "op"), *dtype = json_object_get(e, "dtype");
    if (!json_is_string(op)) return snprintf(err, errlen, "\"op\" must be a string"), RG_EPARSE;
    const rg_op *def = rg__op_find(json_string_value(op));
    if (!def) return snprintf(err, errlen, "unknown op '%s'", json_string_value(op)), RG_EPARSE;
    snprintf(c.op, sizeof c.op, "%s", def->name);
    if (dtype && (!json_is_string(dtype) || json_string_length(dtype) >= sizeof c.dtype))
        return snprintf(err, errlen, "\"dtype\" must be a short string"), RG_EPARSE;
    snprintf(c.dtype, sizeof c.dtype, "%s", dtype ? json_string_value(dtype) : "f32");
    json_t *device = json_object_get(e, "device");
    if (device && (!json_is_string(device) || (strcmp(json_string_value(device), "cpu") &&
                                               strcmp(json_string_value(device), "gpu"))))
        return snprintf(err, errlen, "\"device\" must be \"cpu\" or \"gpu\""), RG_EPARSE;
    if (device) snprintf(c.device, sizeof c.device, "%s", json_string_value(device));
    json_t *params = json_object_get(e, "params");
    if (params && !json_is_object(params))
        return snprintf(err, errlen, "\"params\" must be an object"), RG_EPARSE;
    int rc;
    json_object_foreach(params, key, v) if ((rc = set_param(&c, key, v, err, errlen))) return rc;
    json_t *impls = json_object_get(e, "impls");
    if (impls && (!json_is_array(impls) || json_array_size(impls) == 0 ||
                  json_array_size(impls) > RG_MAX_CASE_IMPLS))
        return snprintf(err, errlen, "\"impls\" must be a list of 1 to %d names",
                        RG_MAX_CASE_IMPLS),
               RG_EPARSE;
    size_t i;
    json_array_foreach(impls, i, v) {
        if (!json_is_string(v) || !impl_known(c.op, json_string_value(v)))
            return snprintf(err, errlen, "unknown implementation '%s' for %s",
                            json_is_string(v) ? json_string_value(v) : "?", c.op),
                   RG_EPARSE;
        snprintf(c.impls[c.nimpls++], sizeof c.impls[0], "%s", json_string_value(v));
    }
    json_t *shapes = json_object_get(e, "shapes"), *axes = json_object_get(e, "axes");
    if (!shapes) {
        if (axes) return snprintf(err, errlen, "\"axes\" without \"shapes\""), RG_EPARSE;
        return push_case(s, cap, &c);
    }
    const char *axis[RG_MAX_PARAMS];
    size_t naxes = 0;
    if (axes) {
        if (!json_is_array(axes) || json_array_size(axes) == 0 ||
            json_array_size(axes) > RG_MAX_PARAMS)
            return snprintf(err, errlen, "\"axes\" must be a non-empty list of names"), RG_EPARSE;
        json_array_foreach(axes, i, v) {
            if (!json_is_string(v))
                return snprintf(err, errlen, "\"axes\" must hold names"), RG_EPARSE;
            axis[naxes++] = json_string_value(v);
        }
    } else {
        while (def->default_axes[naxes])
            axis[naxes] = def->default_axes[naxes], naxes++;
    }
    if (!json_is_array(shapes) || json_array_size(shapes) == 0)
        return snprintf(err, errlen, "\"shapes\" must be a non-empty list"), RG_EPARSE;
    json_t *row;
    json_array_foreach(shapes, i, row) {
        if (!json_is_array(row) || json_array_size(row) != naxes)
            return snprintf(err, errlen, "shape %zu: expected a list of %zu values", i, naxes),
                   RG_EPARSE;
        rg_case one = c;
        size_t j;
        json_array_foreach(row, j, v) {
            if ((rc = set_param(&one, axis[j], v, err, errlen))) return rc;
        }
        if ((rc = push_case(s, cap, &one))) return rc;
    }
    return 0;
}

int rg__suite_parse_file(const char *path, rg_suite *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read suite file %s: %s", path, strerror(errno));
        return RG_EIO;
    }
    json_error_t jerr;
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
    fclose(f);
    if (!root) {
        snprintf(err, errlen, "suite file %s: line %d: %s", path, jerr.line, jerr.text);
        return RG_EPARSE;
    }
    int rc = RG_EPARSE;
    size_t cap = 0;
    char why[256] = "";
    json_t *schema = json_object_get(root, "schema"), *cases = json_object_get(root, "cases");
    json_t *name = json_object_get(root, "name"), *desc = json_object_get(root, "description");
    if (!json_is_object(root)) {
        snprintf(why, sizeof why, "expected a JSON object");
    } else if (!json_is_string(schema) || strcmp(json_string_value(schema), RG_SUITE_SCHEMA)) {
        snprintf(why, sizeof why, "schema is not \"%s\"", RG_SUITE_SCHEMA);
    } else if (!json_is_array(cases) || json_array_size(cases) == 0) {
        snprintf(why, sizeof why, "\"cases\" must be a non-empty list");
    } else {
        size_t i;
        json_t *e;
        rc = 0;
        json_array_foreach(cases, i, e) {
            char sub[200];
            if ((rc = parse_entry(e, out, &cap, sub, sizeof sub))) {
                snprintf(why, sizeof why, "case %zu: %s", i, sub);
                break;
            }
        }
    }
    if (rc == 0) {
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        snprintf(out->name, sizeof out->name, "%s",
                 json_is_string(name) ? json_string_value(name) : base);
        if (!json_is_string(name) && strlen(out->name) > 5 &&
            strcmp(out->name + strlen(out->name) - 5, ".json") == 0)
            out->name[strlen(out->name) - 5] = '\0';
        snprintf(out->description, sizeof out->description, "%s",
                 json_is_string(desc) ? json_string_value(desc) : "");
        snprintf(out->path, sizeof out->path, "%s", path);
    } else {
        snprintf(err, errlen, "suite file %s: %s", path, why);
        rg__suite_free(out);
    }
    json_decref(root);
    return rc;
}

/* The folders named suites are looked up in, in order. */
static int suite_dirs(const char *exe_dir, char dirs[MAX_SUITE_DIRS][512]) {
    int n = 0;
    const char *env = getenv("RIDGE_SUITE_DIR");
    if (env && *env) snprintf(dirs[n++], 512, "%s", env);
#ifdef RIDGE_SOURCE_SUITE_DIR
    snprintf(dirs[n++], 512, "%s", RIDGE_SOURCE_SUITE_DIR);
#endif
    if (exe_dir && *exe_dir) snprintf(dirs[n++], 512, "%s/../share/ridge/suites", exe_dir);
    return n;
}

static int is_path(const char *s) {
    size_t n = strlen(s);
    return strchr(s, '/') || (n > 5 && strcmp(s + n - 5, ".json") == 0);
}

int rg__suite_load(const char *name_or_path, const char *exe_dir, rg_suite *out, char *err,
                   size_t errlen) {
    if (is_path(name_or_path)) return rg__suite_parse_file(name_or_path, out, err, errlen);
    char dirs[MAX_SUITE_DIRS][512], path[1100];
    int nd = suite_dirs(exe_dir, dirs);
    for (int d = 0; d < nd; d++) {
        snprintf(path, sizeof path, "%.511s/%.500s.json", dirs[d], name_or_path);
        FILE *f = fopen(path, "r");
        if (f) {
            fclose(f);
            return rg__suite_parse_file(path, out, err, errlen);
        }
    }
    snprintf(err, errlen, "unknown suite '%s' (see 'ridge list'; a path needs a '/' or .json)",
             name_or_path);
    return RG_ENOTFOUND;
}

void rg__suite_list(const char *exe_dir,
                    void (*fn)(void *u, const char *name, const char *path, long ncases), void *u) {
    char dirs[MAX_SUITE_DIRS][512], seen[64][64];
    int nd = suite_dirs(exe_dir, dirs), nseen = 0;
    for (int d = 0; d < nd; d++) {
        struct dirent **ents = NULL;
        int ne = scandir(dirs[d], &ents, NULL, alphasort);
        for (int i = 0; i < ne; i++) {
            char name[64], path[1100];
            size_t len = strlen(ents[i]->d_name);
            int dup = 0;
            if (len > 5 && len - 5 < sizeof name && !strcmp(ents[i]->d_name + len - 5, ".json")) {
                snprintf(name, sizeof name, "%.*s", (int)(len - 5), ents[i]->d_name);
                for (int k = 0; k < nseen; k++)
                    dup |= !strcmp(seen[k], name);
                if (!dup && nseen < 64) {
                    snprintf(seen[nseen++], sizeof seen[0], "%s", name);
                    snprintf(path, sizeof path, "%.511s/%.255s", dirs[d], ents[i]->d_name);
                    rg_suite s;
                    char err[8];
                    long n = rg__suite_parse_file(path, &s, err, sizeof err) ? -1 : (long)s.count;
                    rg__suite_free(&s);
                    fn(u, name, path, n);
                }
            }
            free(ents[i]);
        }
        free(ents);
    }
}
