/* pin.h: the hwloc topology of a run and the thread binding policies (compact, scatter, none). */
#ifndef RG_PIN_H
#define RG_PIN_H

#include <stddef.h>
#include <stdint.h>

#include "ridge.h"

#define RG_PIN_MAX_THREADS 1024

typedef enum { RG_PIN_COMPACT = 0, RG_PIN_SCATTER, RG_PIN_NONE } rg_pin_policy;

typedef struct rg_topo rg_topo;

/* Loads the topology once, and remembers the calling thread's affinity (the process
 * affinity, which every thread it creates inherits) so that rg__topo_free can restore it. */
int rg__topo_load(rg_topo **out);
/* Restores the calling thread's affinity and frees the topology. */
void rg__topo_free(rg_topo *t);

typedef struct {
    int packages, numa_nodes, cores, pus; /* whole machine */
    int allowed_cores, allowed_pus;       /* within the process affinity */
    int64_t l1d, l2, l3;                  /* bytes: per core (L1d, L2), total (L3); 0 unknown */
} rg_topo_info;
void rg__topo_info(const rg_topo *t, rg_topo_info *out);
rg_cache_sizes rg__topo_caches(const rg_topo *t);

int rg__pin_parse(const char *name, rg_pin_policy *out);
const char *rg__pin_name(rg_pin_policy p);

/* The PU (OS index) for each of n threads under a policy, within the process affinity.
 * RG_EINVAL when n exceeds the allowed PUs; for RG_PIN_NONE fills -1. */
int rg__pin_plan(const rg_topo *t, rg_pin_policy p, int n, int *pus);

/* Binds the calling thread to one PU (OS index). */
int rg__pin_bind_self(const rg_topo *t, int pu);

/* State for the pool's on_thread_start hook: binds thread tid to pus[tid]. A binding that
 * fails is counted (a warning for the CLI), never fatal. */
typedef struct {
    const rg_topo *topo;
    const int *pus;
    int enabled;
    int bind_failures; /* updated atomically */
} rg_pin_hook_state;
int rg__pin_hook(void *user, int tid, int nthreads);

#endif /* RG_PIN_H */
