/* case_params.h: descriptive case parameters (what a case stands for, not what it computes)
 * and parameter comparison shared by the harness and the reports. */
#ifndef RG_CASE_PARAMS_H
#define RG_CASE_PARAMS_H

#include "results.h"

/* True for keys that label a case without changing the problem: "phase" (prefill, decode),
 * "proj" (qkv, o, gate_up, down), "per_layer" and "layers" (how often the shape runs in a
 * model step). The harness records them as given; reports group steps by them and leave them
 * out of case matching and of case families. */
int rg_param_is_descriptive(const char *key);

/* True when a and b hold the same non-descriptive parameters (any order, same values). */
int rg_params_same_problem(const rg_result *a, const rg_result *b);

#endif /* RG_CASE_PARAMS_H */
