/* impl_ridge.c: the adapter pieces every ridge CPU implementation shares (impl_ridge.h). */
#include "impl_ridge.h"

#include <stdio.h>

int rg__ridge_available(char *why, size_t whylen) {
    (void)why;
    (void)whylen;
    return 1;
}

int rg__ridge_supports_all(const void *problem, char *why, size_t whylen) {
    (void)problem;
    (void)why;
    (void)whylen;
    return 1;
}

int rg__ridge_setup(rg_harness *h, const void *problem, void **state) {
    (void)problem;
    *state = &h->exec;
    return 0;
}

void rg__ridge_teardown(void *state) {
    (void)state;
}

rg_isa rg__ridge_level(const rg_exec *ex) {
    return ex->isa == RG_ISA_AUTO ? rg_cpu_best_isa() : ex->isa;
}

void rg__ridge_isa(const rg_harness *h, char *out, size_t outlen) {
    snprintf(out, outlen, "%s", rg_isa_name(rg__ridge_level(&h->exec)));
}
