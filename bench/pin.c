/* pin.c: hwloc topology, cache sizes and the compact/scatter thread placement policies. */
#include "pin.h"

#include <hwloc.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PU_PER_CORE 8

struct rg_topo {
    hwloc_topology_t topo;
    hwloc_bitmap_t allowed;    /* process affinity within the topology's allowed PUs */
    hwloc_bitmap_t saved_bind; /* the calling thread's binding at load, restored at free */
    int saved_ok;
};

int rg__topo_load(rg_topo **out) {
    rg_topo *t = calloc(1, sizeof *t);
    if (!t) return RG_ENOMEM;
    int rc = RG_EINTERNAL;
    if (hwloc_topology_init(&t->topo) < 0) goto fail_free;
    if (hwloc_topology_load(t->topo) < 0) goto fail_topo;
    t->allowed = hwloc_bitmap_dup(hwloc_topology_get_allowed_cpuset(t->topo));
    t->saved_bind = hwloc_bitmap_alloc();
    if (!t->allowed || !t->saved_bind) {
        rc = RG_ENOMEM;
        goto fail_maps;
    }
    if (hwloc_get_cpubind(t->topo, t->saved_bind, HWLOC_CPUBIND_THREAD) == 0) {
        t->saved_ok = 1;
        hwloc_bitmap_and(t->allowed, t->allowed, t->saved_bind);
    }
    if (hwloc_bitmap_iszero(t->allowed)) /* cannot happen for a running thread; be safe */
        hwloc_bitmap_copy(t->allowed, hwloc_topology_get_allowed_cpuset(t->topo));
    *out = t;
    return 0;
fail_maps:
    hwloc_bitmap_free(t->allowed);
    hwloc_bitmap_free(t->saved_bind);
fail_topo:
    hwloc_topology_destroy(t->topo);
fail_free:
    free(t);
    return rc;
}

void rg__topo_free(rg_topo *t) {
    if (!t) return;
    if (t->saved_ok) hwloc_set_cpubind(t->topo, t->saved_bind, HWLOC_CPUBIND_THREAD);
    hwloc_bitmap_free(t->allowed);
    hwloc_bitmap_free(t->saved_bind);
    hwloc_topology_destroy(t->topo);
    free(t);
}

static int64_t cache_size_of_core(hwloc_topology_t topo, hwloc_obj_t core, hwloc_obj_type_t type) {
    hwloc_obj_t c = hwloc_get_ancestor_obj_by_type(topo, type, core);
    return c && c->attr ? (int64_t)c->attr->cache.size : 0;
}

/* The first core (or PU, on topologies without cores) inside the allowed set. */
static hwloc_obj_t first_allowed_core(const rg_topo *t) {
    hwloc_obj_type_t type =
        hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_CORE) > 0 ? HWLOC_OBJ_CORE : HWLOC_OBJ_PU;
    hwloc_obj_t o = NULL;
    while ((o = hwloc_get_next_obj_by_type(t->topo, type, o)) != NULL)
        if (hwloc_bitmap_intersects(o->cpuset, t->allowed)) return o;
    return NULL;
}

void rg__topo_info(const rg_topo *t, rg_topo_info *out) {
    memset(out, 0, sizeof *out);
    hwloc_topology_t topo = t->topo;
    out->packages = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PACKAGE);
    out->numa_nodes = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_NUMANODE);
    out->cores = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
    out->pus = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU);
    if (out->cores <= 0) out->cores = out->pus;
    out->allowed_pus = hwloc_bitmap_weight(t->allowed);
    out->allowed_cores = hwloc_get_nbobjs_inside_cpuset_by_type(topo, t->allowed, HWLOC_OBJ_CORE);
    if (out->allowed_cores <= 0) out->allowed_cores = out->allowed_pus;
    hwloc_obj_t core = first_allowed_core(t);
    if (core) {
        out->l1d = cache_size_of_core(topo, core, HWLOC_OBJ_L1CACHE);
        out->l2 = cache_size_of_core(topo, core, HWLOC_OBJ_L2CACHE);
    }
    /* L3: the sum over the L3 domains this process may run on. */
    hwloc_obj_t l3 = NULL;
    while ((l3 = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_L3CACHE, l3)) != NULL)
        if (hwloc_bitmap_intersects(l3->cpuset, t->allowed))
            out->l3 += (int64_t)l3->attr->cache.size;
}

rg_cache_sizes rg__topo_caches(const rg_topo *t) {
    rg_topo_info info;
    rg__topo_info(t, &info);
    rg_cache_sizes def = rg_cache_sizes_default();
    rg_cache_sizes c = {
        .l1d = info.l1d > 0 ? (size_t)info.l1d : def.l1d,
        .l2 = info.l2 > 0 ? (size_t)info.l2 : def.l2,
        .l3 = info.l3 > 0 ? (size_t)info.l3 : def.l3,
    };
    return c;
}

int rg__pin_parse(const char *name, rg_pin_policy *out) {
    static const char *const names[] = {"compact", "scatter", "none"};
    for (int i = 0; i < 3; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (rg_pin_policy)i;
            return 0;
        }
    return RG_ENOTFOUND;
}

const char *rg__pin_name(rg_pin_policy p) {
    return p == RG_PIN_COMPACT ? "compact" : p == RG_PIN_SCATTER ? "scatter" : "none";
}

typedef struct {
    int pus[MAX_PU_PER_CORE];
    int npus;
    hwloc_obj_t domain; /* L3, else package, else the machine */
} core_slot;

/* Cores within the allowed set, in logical order, each with its allowed PUs. */
static int collect_cores(const rg_topo *t, core_slot **out, int *count) {
    hwloc_topology_t topo = t->topo;
    hwloc_obj_type_t type =
        hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE) > 0 ? HWLOC_OBJ_CORE : HWLOC_OBJ_PU;
    int total = hwloc_get_nbobjs_by_type(topo, type);
    core_slot *cores = calloc((size_t)(total > 0 ? total : 1), sizeof *cores);
    if (!cores) return RG_ENOMEM;
    int n = 0;
    hwloc_obj_t o = NULL;
    while ((o = hwloc_get_next_obj_by_type(topo, type, o)) != NULL) {
        if (!hwloc_bitmap_intersects(o->cpuset, t->allowed)) continue;
        core_slot *s = &cores[n++];
        unsigned pu;
        hwloc_bitmap_foreach_begin(pu, o->cpuset) {
            if (hwloc_bitmap_isset(t->allowed, pu) && s->npus < MAX_PU_PER_CORE)
                s->pus[s->npus++] = (int)pu;
        }
        hwloc_bitmap_foreach_end();
        s->domain = hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_L3CACHE, o);
        if (!s->domain) s->domain = hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_PACKAGE, o);
        if (!s->domain) s->domain = hwloc_get_root_obj(topo);
    }
    *out = cores;
    *count = n;
    return 0;
}

static int package_of(hwloc_topology_t topo, hwloc_obj_t o) {
    hwloc_obj_t p = o->type == HWLOC_OBJ_PACKAGE
                        ? o
                        : hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_PACKAGE, o);
    return p ? (int)p->logical_index : 0;
}

/* Scatter order: cores dealt round-robin over cache domains, with domains ordered so that
 * consecutive ones sit on different packages (domain 0 of each package, then domain 1...). */
static int scatter_order(const rg_topo *t, const core_slot *cores, int n, int *order) {
    hwloc_obj_t *doms = calloc((size_t)n, sizeof *doms);
    int *key_local = calloc((size_t)n, sizeof *key_local),
        *key_pkg = calloc((size_t)n, sizeof *key_pkg);
    int *dom_of = calloc((size_t)n, sizeof *dom_of);
    int rc = RG_ENOMEM;
    if (!doms || !key_local || !key_pkg || !dom_of) goto done;
    int nd = 0;
    for (int i = 0; i < n; i++) {
        int d = 0;
        while (d < nd && doms[d] != cores[i].domain)
            d++;
        if (d == nd) {
            doms[nd] = cores[i].domain;
            key_pkg[nd] = package_of(t->topo, cores[i].domain);
            key_local[nd] = 0;
            for (int e = 0; e < nd; e++)
                key_local[nd] += key_pkg[e] == key_pkg[nd];
            nd++;
        }
        dom_of[i] = d;
    }
    /* Domains sorted by (local index within package, package): insertion sort, nd is small. */
    int *rank = calloc((size_t)nd, sizeof *rank);
    if (!rank) goto done;
    for (int d = 0; d < nd; d++)
        rank[d] = d;
    for (int a = 1; a < nd; a++)
        for (int b = a; b > 0; b--) {
            int x = rank[b - 1], y = rank[b];
            int gt = key_local[x] > key_local[y] ||
                     (key_local[x] == key_local[y] && key_pkg[x] > key_pkg[y]);
            if (!gt) break;
            rank[b - 1] = y;
            rank[b] = x;
        }
    int placed = 0;
    for (int round = 0; placed < n; round++)
        for (int r = 0; r < nd; r++) {
            int seen = 0;
            for (int i = 0; i < n; i++)
                if (dom_of[i] == rank[r] && seen++ == round) {
                    order[placed++] = i;
                    break;
                }
        }
    free(rank);
    rc = 0;
done:
    free(doms);
    free(key_local);
    free(key_pkg);
    free(dom_of);
    return rc;
}

int rg__pin_plan(const rg_topo *t, rg_pin_policy p, int n, int *pus) {
    if (n <= 0 || n > RG_PIN_MAX_THREADS) return RG_EINVAL;
    if (n > hwloc_bitmap_weight(t->allowed)) return RG_EINVAL;
    if (p == RG_PIN_NONE) {
        for (int i = 0; i < n; i++)
            pus[i] = -1;
        return 0;
    }
    core_slot *cores = NULL;
    int ncores = 0;
    int rc = collect_cores(t, &cores, &ncores);
    if (rc) return rc;
    int *order = calloc((size_t)(ncores > 0 ? ncores : 1), sizeof *order);
    if (!order) {
        free(cores);
        return RG_ENOMEM;
    }
    for (int i = 0; i < ncores; i++)
        order[i] = i;
    if (p == RG_PIN_SCATTER) rc = scatter_order(t, cores, ncores, order);
    /* First PUs of the cores in policy order, then their second PUs (SMT siblings), ... */
    int k = 0;
    for (int level = 0; rc == 0 && k < n && level < MAX_PU_PER_CORE; level++)
        for (int i = 0; i < ncores && k < n; i++)
            if (cores[order[i]].npus > level) pus[k++] = cores[order[i]].pus[level];
    if (rc == 0 && k < n) rc = RG_EINVAL;
    free(order);
    free(cores);
    return rc;
}

int rg__pin_bind_self(const rg_topo *t, int pu) {
    hwloc_bitmap_t set = hwloc_bitmap_alloc();
    if (!set) return RG_ENOMEM;
    hwloc_bitmap_only(set, (unsigned)pu);
    int rc = hwloc_set_cpubind(t->topo, set, HWLOC_CPUBIND_THREAD) == 0 ? 0 : RG_ETHREAD;
    hwloc_bitmap_free(set);
    return rc;
}

int rg__pin_hook(void *user, int tid, int nthreads) {
    rg_pin_hook_state *s = user;
    if (!s || !s->enabled || s->pus[tid] < 0) return 0;
    if (rg__pin_bind_self(s->topo, s->pus[tid]) != 0)
        __atomic_fetch_add(&s->bind_failures, 1, __ATOMIC_RELAXED);
    return 0;
}
