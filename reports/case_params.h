/* case_params.h: descriptive case parameters (what a case stands for, not what it computes)
 * and parameter comparison shared by the harness and the reports. */
#ifndef RG_CASE_PARAMS_H
#define RG_CASE_PARAMS_H

#include <stddef.h>

#include "results.h"

/* True for keys that label a case without changing the problem: "phase" (prefill, decode),
 * "proj" (qkv, o, gate_up, down), "per_layer" and "layers" (how often the shape runs in a
 * model step). The harness records them as given; reports group steps by them and leave them
 * out of case matching and of case families. */
int rg_param_is_descriptive(const char *key);

/* Checks that a descriptive parameter has its type: "phase" and "proj" non-empty strings,
 * "per_layer" and "layers" integers >= 1. Returns 0, or RG_EINVAL with err set to
 * "<key>: expected ..." (also for a key that is not descriptive). */
int rg_param_descriptive_check(const rg_param *p, char *err, size_t errlen);

/* True when a and b hold the same non-descriptive parameters (any order, same values). */
int rg_params_same_problem(const rg_result *a, const rg_result *b);

/* What a case comparison looks at besides op, dtype, cache mode and the non-descriptive
 * parameters, which it always compares. */
enum {
    RG_SAME_IMPL = 1,
    RG_SAME_DEVICE = 2,
    RG_SAME_THREADS = 4,
};
/* True when a and b are the same case under flags (the reports' matching, rounds' and ab's
 * alignment of children's records). */
int rg_results_same_case(const rg_result *a, const rg_result *b, int flags);

#endif /* RG_CASE_PARAMS_H */
