/* impl_ridge.h: the adapter pieces every ridge CPU implementation shares: always available,
 * the harness's rg_exec (pool, ISA, caches) as the state, nothing to tear down, and the ISA
 * level as the code path. */
#ifndef RG_IMPL_RIDGE_H
#define RG_IMPL_RIDGE_H

#include "harness.h"

int rg__ridge_available(char *why, size_t whylen);
/* For adapters whose kernels take every case of their op and dtype. */
int rg__ridge_supports_all(const void *problem, char *why, size_t whylen);
int rg__ridge_setup(rg_harness *h, const void *problem, void **state);
void rg__ridge_teardown(void *state);
/* The ISA level an exec resolves to (AUTO: the CPU's best). */
rg_isa rg__ridge_level(const rg_exec *ex);
/* The ISA level the run resolves to ("avx512", "avx2", "scalar"). */
void rg__ridge_isa(const rg_harness *h, char *out, size_t outlen);

#endif /* RG_IMPL_RIDGE_H */
