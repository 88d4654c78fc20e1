/* case_param.h: decoding a suite case's numeric parameters, shared by the ops (case_*.c), so
 * that every op words its errors alike: "<op>: <key>: expected ..., got ...". */
#ifndef RG_CASE_PARAM_H
#define RG_CASE_PARAM_H

#include <stddef.h>
#include <stdint.h>

#include "results.h"

/* An integer >= lo. Returns 0, or RG_EINVAL with one line in err. */
int rg__param_int(const char *op, const rg_param *p, int64_t lo, int64_t *out, char *err,
                  size_t errlen);

/* A number (an integer or a numeric string) in [lo, hi] and finite as a float. Returns 0, or
 * RG_EINVAL with one line in err. */
int rg__param_real(const char *op, const rg_param *p, double lo, double hi, float *out, char *err,
                   size_t errlen);

/* A descriptive parameter (rg_param_is_descriptive: a label the reports use, not part of the
 * problem): checked, then kept in desc[*ndesc] (at most RG_MAX_PARAMS). Returns 0, or
 * RG_EINVAL with one line in err. */
int rg__param_descriptive(const char *op, const rg_param *p, rg_param *desc, int *ndesc, char *err,
                          size_t errlen);

/* Records the kept descriptive parameters desc[0..n) in the result, as given. */
void rg__params_record(rg_result *res, const rg_param *desc, int n);

/* A malloc'd copy of an op's decoded problem (size bytes), which the op's destroy frees with
 * free(); NULL when out of memory. */
void *rg__problem_copy(const void *problem, size_t size);

/* a * b for a, b >= 0; 0 when it overflows. */
int rg__mul_ok(int64_t a, int64_t b, int64_t *out);

#endif /* RG_CASE_PARAM_H */
