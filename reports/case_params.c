/* case_params.c: which case parameters are descriptive, and comparing the others. */
#include "case_params.h"

#include <stdio.h>
#include <string.h>

#include "ridge.h"

/* Descriptive keys and their types: the llm suite's labels (docs/report.md, "LLM step
 * cost"). */
static const struct {
    const char *key;
    int is_str;
} descriptive[] = {{"phase", 1}, {"proj", 1}, {"per_layer", 0}, {"layers", 0}};
#define NDESCRIPTIVE (sizeof descriptive / sizeof descriptive[0])

int rg_param_is_descriptive(const char *key) {
    for (size_t i = 0; i < NDESCRIPTIVE; i++)
        if (strcmp(key, descriptive[i].key) == 0) return 1;
    return 0;
}

int rg_param_descriptive_check(const rg_param *p, char *err, size_t errlen) {
    for (size_t i = 0; i < NDESCRIPTIVE; i++) {
        if (strcmp(p->key, descriptive[i].key) != 0) continue;
        int is_str = descriptive[i].is_str;
        if (p->is_str == is_str && (is_str ? p->sval[0] != '\0' : p->ival >= 1)) return RG_OK;
        snprintf(err, errlen, "%s: expected %s", p->key,
                 is_str ? "a non-empty string" : "an integer >= 1");
        return RG_EINVAL;
    }
    snprintf(err, errlen, "%s: not a descriptive parameter", p->key);
    return RG_EINVAL;
}

static int same_value(const rg_param *p, const rg_param *q) {
    if (p->is_str != q->is_str) return 0;
    return p->is_str ? strcmp(p->sval, q->sval) == 0 : p->ival == q->ival;
}

/* Every non-descriptive parameter of a is in b with the same value. */
static int contained(const rg_result *a, const rg_result *b) {
    for (int i = 0; i < a->nparams && i < RG_MAX_PARAMS; i++) {
        const rg_param *p = &a->params[i];
        if (rg_param_is_descriptive(p->key)) continue;
        const rg_param *q = rg_result_param(b, p->key);
        if (!q || !same_value(p, q)) return 0;
    }
    return 1;
}

int rg_params_same_problem(const rg_result *a, const rg_result *b) {
    return contained(a, b) && contained(b, a);
}

int rg_results_same_case(const rg_result *a, const rg_result *b, int flags) {
    if (strcmp(a->op, b->op) || strcmp(a->dtype, b->dtype) || strcmp(a->cache, b->cache)) return 0;
    if ((flags & RG_SAME_IMPL) && strcmp(a->impl, b->impl)) return 0;
    if ((flags & RG_SAME_DEVICE) && strcmp(a->device, b->device)) return 0;
    if ((flags & RG_SAME_THREADS) && a->threads != b->threads) return 0;
    return rg_params_same_problem(a, b);
}
