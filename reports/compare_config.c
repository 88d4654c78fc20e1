/* compare_config.c: the regression gate's thresholds: a default and per-op ones, from a small
 * JSON file (docs/compare.md, "Config"). */
#include "compare.h"
#include "compare_stats.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "ridge.h"

void rg_compare_config_init(rg_compare_config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->alpha = RG_COMPARE_DEFAULT_ALPHA;
}

double rg_compare_threshold_pct(const rg_compare_config *cfg, const char *op) {
    for (int i = 0; i < cfg->nops; i++)
        if (strcmp(cfg->ops[i].op, op) == 0) return cfg->ops[i].pct;
    return cfg->default_pct > 0 ? cfg->default_pct : RG_COMPARE_DEFAULT_THRESHOLD_PCT;
}

static int bad(char *err, size_t errlen, const char *path, const char *fmt, ...) {
    char msg[192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(err, errlen, "invalid compare config '%s': %s", path, msg);
    return RG_EINVAL;
}

/* A threshold in percent: a number in (0, 100). */
static int threshold(json_t *v, double *out) {
    if (!json_is_number(v)) return -1;
    double x = json_number_value(v);
    if (!(x > 0 && x < 100)) return -1;
    *out = x;
    return 0;
}

static int read_ops(json_t *ops, rg_compare_config *cfg, const char *path, char *err,
                    size_t errlen) {
    if (!json_is_object(ops)) return bad(err, errlen, path, "\"ops\" must be an object");
    const char *key;
    json_t *v;
    json_object_foreach(ops, key, v) {
        if (cfg->nops == RG_COMPARE_MAX_OPS)
            return bad(err, errlen, path, "more than %d ops", RG_COMPARE_MAX_OPS);
        if (!key[0] || strlen(key) >= sizeof cfg->ops[0].op)
            return bad(err, errlen, path, "bad op name '%s'", key);
        if (threshold(v, &cfg->ops[cfg->nops].pct))
            return bad(err, errlen, path, "ops.%s: expected a percentage in (0, 100)", key);
        snprintf(cfg->ops[cfg->nops].op, sizeof cfg->ops[0].op, "%s", key);
        cfg->nops++;
    }
    return RG_OK;
}

static int read_root(json_t *root, rg_compare_config *cfg, const char *path, char *err,
                     size_t errlen) {
    if (!json_is_object(root)) return bad(err, errlen, path, "expected a JSON object");
    json_t *schema = json_object_get(root, "schema");
    if (!json_is_string(schema) || strcmp(json_string_value(schema), RG_COMPARE_CONFIG_SCHEMA))
        return bad(err, errlen, path, "\"schema\" must be \"%s\"", RG_COMPARE_CONFIG_SCHEMA);
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        if (!strcmp(key, "schema")) continue;
        if (!strcmp(key, "default_threshold_pct")) {
            if (threshold(v, &cfg->default_pct))
                return bad(err, errlen, path,
                           "default_threshold_pct: expected a percentage in (0, 100)");
        } else if (!strcmp(key, "alpha")) {
            if (!json_is_number(v) || !(json_number_value(v) > 0 && json_number_value(v) < 0.5))
                return bad(err, errlen, path, "alpha: expected a number in (0, 0.5)");
            cfg->alpha = json_number_value(v);
        } else if (!strcmp(key, "ops")) {
            int rc = read_ops(v, cfg, path, err, errlen);
            if (rc) return rc;
        } else {
            /* A typo must not silently leave the default in force. */
            return bad(err, errlen, path, "unknown key \"%s\"", key);
        }
    }
    return RG_OK;
}

int rg_compare_config_read(const char *path, rg_compare_config *cfg, char *err, size_t errlen) {
    rg_compare_config c = *cfg;
    c.nops = 0;
    json_error_t je;
    errno = 0;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) {
        if (je.line < 1) {
            snprintf(err, errlen, "cannot read compare config '%s': %s", path, je.text);
            return RG_EIO;
        }
        snprintf(err, errlen, "invalid compare config '%s': line %d, column %d: %s", path, je.line,
                 je.column, je.text);
        return RG_EPARSE;
    }
    int rc = read_root(root, &c, path, err, errlen);
    json_decref(root);
    if (rc == RG_OK) *cfg = c;
    return rc;
}
