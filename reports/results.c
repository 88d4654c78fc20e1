/* results.c: the result model's memory management, parameters and case status names. */
#include "results.h"

#include <stdlib.h>
#include <string.h>

#include "ridge.h"

static const char *const status_names[] = {
    [RG_CASE_OK] = "ok",
    [RG_CASE_FAILED] = "failed",
    [RG_CASE_SKIPPED] = "skipped",
    [RG_CASE_ERROR] = "error",
};
#define NSTATUS ((int)(sizeof(status_names) / sizeof(status_names[0])))

const char *rg_case_status_name(rg_case_status s) {
    if ((int)s < 0 || (int)s >= NSTATUS) return "unknown";
    return status_names[s];
}

int rg_case_status_parse(const char *name, rg_case_status *out) {
    if (!name || !out) return RG_EINVAL;
    for (int i = 0; i < NSTATUS; i++) {
        if (strcmp(name, status_names[i]) == 0) {
            *out = (rg_case_status)i;
            return RG_OK;
        }
    }
    return RG_ENOTFOUND;
}

void rg_results_init(rg_results *r) {
    memset(r, 0, sizeof(*r));
    strcpy(r->schema, RG_RESULTS_SCHEMA);
}

void rg_results_free(rg_results *r) {
    if (!r) return;
    for (size_t i = 0; i < r->count; i++) {
        free(r->results[i].samples);
        free(r->results[i].round_medians);
    }
    free(r->results);
    for (int64_t i = 0; i < r->nceilings; i++)
        free(r->ceilings[i].points);
    free(r->ceilings);
    for (int64_t i = 0; i < r->nsweeps; i++)
        free(r->sweeps[i].points);
    free(r->sweeps);
    rg_results_init(r);
}

static rg_sweep_point *copy_points(const rg_sweep_point *p, int64_t n, int *err) {
    *err = RG_OK;
    if (n <= 0) return NULL;
    rg_sweep_point *c = malloc((size_t)n * sizeof(*c));
    if (!c) {
        *err = RG_ENOMEM;
        return NULL;
    }
    memcpy(c, p, (size_t)n * sizeof(*c));
    return c;
}

int rg_results_add_ceiling(rg_results *r, const rg_ceiling *c) {
    if (!r || !c || c->npoints < 0 || (c->npoints > 0 && !c->points)) return RG_EINVAL;
    int err;
    rg_sweep_point *pts = copy_points(c->points, c->npoints, &err);
    if (err) return err;
    rg_ceiling *grown = realloc(r->ceilings, (size_t)(r->nceilings + 1) * sizeof(*grown));
    if (!grown) {
        free(pts);
        return RG_ENOMEM;
    }
    r->ceilings = grown;
    grown[r->nceilings] = *c;
    grown[r->nceilings++].points = pts;
    return RG_OK;
}

int rg_results_add_sweep(rg_results *r, const rg_sweep *s) {
    if (!r || !s || s->npoints < 0 || (s->npoints > 0 && !s->points)) return RG_EINVAL;
    int err;
    rg_sweep_point *pts = copy_points(s->points, s->npoints, &err);
    if (err) return err;
    rg_sweep *grown = realloc(r->sweeps, (size_t)(r->nsweeps + 1) * sizeof(*grown));
    if (!grown) {
        free(pts);
        return RG_ENOMEM;
    }
    r->sweeps = grown;
    grown[r->nsweeps] = *s;
    grown[r->nsweeps++].points = pts;
    return RG_OK;
}

int rg_results_push(rg_results *r, rg_result *res) {
    if (!r || !res || (res->nsamples > 0 && !res->samples) || res->nsamples < 0) return RG_EINVAL;
    if (r->count == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        rg_result *grown = realloc(r->results, cap * sizeof(*grown));
        if (!grown) return RG_ENOMEM; /* the caller still owns res->samples */
        r->results = grown;
        r->cap = cap;
    }
    r->results[r->count++] = *res;
    /* Ownership moved: the caller's copy must not free or reuse the samples. */
    res->samples = NULL;
    res->nsamples = 0;
    res->round_medians = NULL;
    res->nround_medians = 0;
    return RG_OK;
}

const char *rg_sysinfo_pages(const rg_sysinfo *s) {
    return s->pages[0] ? s->pages : "small";
}

const rg_param *rg_result_param(const rg_result *res, const char *key) {
    if (!res || !key) return NULL;
    for (int i = 0; i < res->nparams && i < RG_MAX_PARAMS; i++)
        if (strcmp(res->params[i].key, key) == 0) return &res->params[i];
    return NULL;
}

/* The slot for key: the existing one, or a fresh one appended (NULL with *err set). */
static rg_param *param_slot(rg_result *res, const char *key, int *err) {
    if (!res || !key || !key[0] || strlen(key) >= sizeof(res->params[0].key)) {
        *err = RG_EINVAL;
        return NULL;
    }
    rg_param *p = (rg_param *)rg_result_param(res, key);
    if (p) return p;
    if (res->nparams < 0 || res->nparams >= RG_MAX_PARAMS) {
        *err = RG_EOVERFLOW;
        return NULL;
    }
    p = &res->params[res->nparams++];
    memset(p, 0, sizeof(*p));
    strcpy(p->key, key);
    return p;
}

int rg_result_set_int(rg_result *res, const char *key, int64_t v) {
    int err = RG_OK;
    rg_param *p = param_slot(res, key, &err);
    if (!p) return err;
    p->is_str = 0;
    p->ival = v;
    p->sval[0] = '\0';
    return RG_OK;
}

int rg_result_set_str(rg_result *res, const char *key, const char *v) {
    if (!v || strlen(v) >= sizeof(res->params[0].sval)) return RG_EINVAL;
    int err = RG_OK;
    rg_param *p = param_slot(res, key, &err);
    if (!p) return err;
    p->is_str = 1;
    p->ival = 0;
    strcpy(p->sval, v);
    return RG_OK;
}
