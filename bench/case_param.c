/* case_param.c: decoding a suite case's numeric parameters (case_param.h). */
#include "case_param.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "case_params.h"
#include "harness.h"

int rg__param_int(const char *op, const rg_param *p, int64_t lo, int64_t *out, char *err,
                  size_t errlen) {
    if (p->is_str || p->ival < lo) {
        if (p->is_str)
            snprintf(err, errlen, "%s: %s: expected an integer >= %lld, got '%s'", op, p->key,
                     (long long)lo, p->sval);
        else
            snprintf(err, errlen, "%s: %s: expected an integer >= %lld, got %lld", op, p->key,
                     (long long)lo, (long long)p->ival);
        return RG_EINVAL;
    }
    *out = p->ival;
    return 0;
}

int rg__param_real(const char *op, const rg_param *p, double lo, double hi, float *out, char *err,
                   size_t errlen) {
    double v = (double)p->ival;
    if (p->is_str && rg__parse_f64(p->sval, &v) != 0) {
        snprintf(err, errlen, "%s: %s: expected a number, got '%s'", op, p->key, p->sval);
        return RG_EINVAL;
    }
    if (!(fabs(v) <= 3.4e38) || !(v >= lo && v <= hi)) {
        snprintf(err, errlen, "%s: %s: expected a finite number in [%g, %g], got %g", op, p->key,
                 lo, hi, v);
        return RG_EINVAL;
    }
    *out = (float)v;
    return 0;
}

int rg__param_descriptive(const char *op, const rg_param *p, rg_param *desc, int *ndesc, char *err,
                          size_t errlen) {
    char why[96];
    int rc = rg_param_descriptive_check(p, why, sizeof why);
    if (rc)
        snprintf(err, errlen, "%s: %s", op, why);
    else if (*ndesc < RG_MAX_PARAMS)
        desc[(*ndesc)++] = *p;
    return rc;
}

void rg__params_record(rg_result *res, const rg_param *desc, int n) {
    for (int i = 0; i < n; i++) {
        if (desc[i].is_str)
            rg_result_set_str(res, desc[i].key, desc[i].sval);
        else
            rg_result_set_int(res, desc[i].key, desc[i].ival);
    }
}

void *rg__problem_copy(const void *problem, size_t size) {
    void *out = malloc(size);
    if (out) memcpy(out, problem, size);
    return out;
}

int rg__mul_ok(int64_t a, int64_t b, int64_t *out) {
    return !__builtin_mul_overflow(a, b, out);
}
