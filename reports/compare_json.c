/* compare_json.c: the regression gate for machines: schema "ridge-compare/1"
 * (docs/compare.md, "JSON"). */
#include "compare.h"

#include <jansson.h>
#include <math.h>

#include "compare_stats.h"
#include "ridge.h"

/* A number, or null when it is not finite (JSON has no NaN). */
static json_t *number(double x) {
    return isfinite(x) ? json_real(x) : json_null();
}

static json_t *params_of(const rg_result *r) {
    json_t *o = json_object();
    for (int i = 0; o && i < r->nparams && i < RG_MAX_PARAMS; i++) {
        const rg_param *p = &r->params[i];
        json_object_set_new(o, p->key, p->is_str ? json_string(p->sval) : json_integer(p->ival));
    }
    return o;
}

static double median_of(const rg_result *r) {
    return r && r->status == RG_CASE_OK ? r->time.median : NAN;
}

static json_t *case_json(const rg_compare_case *c) {
    const rg_result *r = c->base ? c->base : c->nw;
    char label[160];
    rg_compare_case_label(c, label, sizeof label);
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:o, s:i, s:s, s:s, s:b, s:f, s:o, s:o, s:o, s:I, s:b, s:o, "
        "s:o, s:o, s:o, s:s}",
        "label", label, "op", r->op, "impl", r->impl, "device", r->device, "dtype", r->dtype,
        "params", params_of(r), "threads", r->threads, "cache", r->cache, "verdict",
        rg_compare_verdict_name(c->verdict), "fails", c->fails, "threshold_pct", c->threshold_pct,
        "ratio", number(c->ratio), "ci_lo", number(c->lo), "ci_hi", number(c->hi), "n",
        (json_int_t)c->n, "by_rounds", c->by_rounds, "base_median_s", number(median_of(c->base)),
        "new_median_s", number(median_of(c->nw)), "base_status",
        c->base ? json_string(rg_case_status_name(c->base->status)) : json_null(), "new_status",
        c->nw ? json_string(rg_case_status_name(c->nw->status)) : json_null(), "note", c->note);
}

static json_t *compare_json(const rg_compare *cmp) {
    json_t *counts = json_object(), *cases = json_array(), *warnings = json_array();
    for (int v = 0; counts && v < RG_VERDICT_COUNT; v++)
        json_object_set_new(counts, rg_compare_verdict_name((rg_compare_verdict)v),
                            json_integer((json_int_t)cmp->counts[v]));
    for (size_t i = 0; cases && i < cmp->ncases; i++)
        if (json_array_append_new(cases, case_json(&cmp->cases[i]))) {
            json_decref(cases);
            cases = NULL;
        }
    for (int i = 0; warnings && i < cmp->nwarnings; i++)
        json_array_append_new(warnings, json_string(cmp->warnings[i]));
    if (!counts || !cases || !warnings) {
        json_decref(counts);
        json_decref(cases);
        json_decref(warnings);
        return NULL;
    }
    return json_pack(
        "{s:s, s:s, s:s, s:b, s:s, s:f, s:f, s:I, s:i, s:b, s:I, s:o, s:o, s:o}", "schema",
        RG_COMPARE_SCHEMA, "base", cmp->base_path, "new", cmp->new_path, "paired", cmp->paired,
        "method", cmp->paired ? "sign-test-median-of-paired-ratios" : "bootstrap-ratio-of-medians",
        "confidence", cmp->confidence, "alpha", cmp->alpha, "family", (json_int_t)cmp->family,
        "resamples", cmp->paired ? 0 : rg_compare_resamples(cmp->confidence), "regression",
        cmp->nfails > 0, "failing", (json_int_t)cmp->nfails, "counts", counts, "warnings", warnings,
        "cases", cases);
}

int rg_compare_write_json(FILE *f, const rg_compare *cmp) {
    json_t *root = compare_json(cmp);
    if (!root) return RG_ENOMEM;
    int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(root);
    if (rc == 0) fputc('\n', f);
    return rc || ferror(f) ? RG_EIO : RG_OK;
}
