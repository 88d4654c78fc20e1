/* threads.c: the harness's pinned thread pool, started the same way by every subcommand that
 * measures (`ridge run`, `ridge ceilings`). */
#include "harness.h"

#include <stdio.h>

int rg__start_threads(rg_harness *h, char *err, size_t errlen) {
    rg_topo_info ti;
    rg__topo_info(h->topo, &ti);
    /* One thread per core by default: SMT siblings share the FMA units a GEMM saturates. */
    if (h->opts.threads == 0) h->opts.threads = ti.allowed_cores;
    if (h->opts.threads > ti.allowed_pus)
        return snprintf(err, errlen, "--threads: %d exceeds the %d PUs this process may use",
                        h->opts.threads, ti.allowed_pus),
               RG_EINVAL;
    h->nthreads = h->opts.threads;
    int rc = rg__pin_plan(h->topo, h->opts.pin, h->nthreads, h->pus);
    if (rc) return snprintf(err, errlen, "--pin: cannot place %d threads", h->nthreads), rc;
    h->pin_state =
        (rg_pin_hook_state){.topo = h->topo, .pus = h->pus, .enabled = h->opts.pin != RG_PIN_NONE};
    rg_pool_hooks hooks = {.on_thread_start = rg__pin_hook, .user = &h->pin_state};
    rc = rg_pool_create(h->nthreads, &hooks, &h->pool);
    if (rc)
        return snprintf(err, errlen, "cannot start %d threads: %s", h->nthreads,
                        rg_status_message(rc)),
               rc;
    if (h->pin_state.bind_failures)
        rg__harness_warn(h,
                         "%d of %d threads could not be bound (restricted cpuset?); numbers "
                         "may be noisy",
                         h->pin_state.bind_failures, h->nthreads);
    h->exec = (rg_exec){.pool = h->pool, .isa = h->opts.isa, .caches = rg__topo_caches(h->topo)};
    return 0;
}
