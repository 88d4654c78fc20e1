/* harness_pin.c: compact and scatter put threads on the planned PUs; none leaves affinity alone. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <sched.h>
#include <string.h>

#include "pin.h"

typedef struct {
    int cpu[RG_PIN_MAX_THREADS];
    cpu_set_t mask[64];
} seen;

static void record(void *arg, int tid, int n) {
    seen *s = arg;
    s->cpu[tid] = sched_getcpu();
    if (tid < 64) sched_getaffinity(0, sizeof s->mask[tid], &s->mask[tid]);
}

static int allowed_pus(const rg_topo *t) {
    rg_topo_info info;
    rg__topo_info(t, &info);
    return info.allowed_pus;
}

static void check_policy(rg_pin_policy policy) {
    rg_topo *t = NULL;
    cr_assert_eq(rg__topo_load(&t), 0);
    int n = allowed_pus(t);
    cr_assert_gt(n, 0);
    int pus[RG_PIN_MAX_THREADS];
    cr_assert_eq(rg__pin_plan(t, policy, n, pus), 0);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            cr_expect_neq(pus[i], pus[j], "PU %d used twice", pus[i]);
    rg_pin_hook_state hs = {.topo = t, .pus = pus, .enabled = 1};
    rg_pool_hooks hooks = {.on_thread_start = rg__pin_hook, .user = &hs};
    rg_pool *pool = NULL;
    cr_assert_eq(rg_pool_create(n, &hooks, &pool), 0);
    cr_expect_eq(hs.bind_failures, 0);
    static seen s;
    /* A bound thread can only run on its PU, however loaded the machine is. */
    for (int rep = 0; rep < 3; rep++) {
        rg_pool_run(pool, record, &s);
        for (int i = 0; i < n; i++)
            cr_expect_eq(s.cpu[i], pus[i], "%s: thread %d ran on CPU %d, planned PU %d",
                         rg__pin_name(policy), i, s.cpu[i], pus[i]);
    }
    rg_pool_destroy(pool);
    rg__topo_free(t);
}

Test(pin, compact_threads_run_on_planned_pus) {
    check_policy(RG_PIN_COMPACT);
}
Test(pin, scatter_threads_run_on_planned_pus) {
    check_policy(RG_PIN_SCATTER);
}

Test(pin, compact_is_core_order) {
    rg_topo *t = NULL;
    cr_assert_eq(rg__topo_load(&t), 0);
    rg_topo_info info;
    rg__topo_info(t, &info);
    int pus[RG_PIN_MAX_THREADS], again[RG_PIN_MAX_THREADS];
    cr_assert_eq(rg__pin_plan(t, RG_PIN_COMPACT, info.allowed_pus, pus), 0);
    /* Fewer threads take a prefix of the same order. */
    cr_assert_eq(rg__pin_plan(t, RG_PIN_COMPACT, 1, again), 0);
    cr_expect_eq(again[0], pus[0]);
    cr_expect_eq(rg__pin_plan(t, RG_PIN_COMPACT, info.allowed_pus + 1, pus), RG_EINVAL);
    cr_expect_eq(rg__pin_plan(t, RG_PIN_COMPACT, 0, pus), RG_EINVAL);
    rg__topo_free(t);
}

Test(pin, none_leaves_affinity_alone) {
    cpu_set_t before;
    cr_assert_eq(sched_getaffinity(0, sizeof before, &before), 0);
    rg_topo *t = NULL;
    cr_assert_eq(rg__topo_load(&t), 0);
    int n = allowed_pus(t);
    int pus[RG_PIN_MAX_THREADS];
    cr_assert_eq(rg__pin_plan(t, RG_PIN_NONE, n, pus), 0);
    for (int i = 0; i < n; i++)
        cr_expect_eq(pus[i], -1);
    rg_pin_hook_state hs = {.topo = t, .pus = pus, .enabled = 0};
    rg_pool_hooks hooks = {.on_thread_start = rg__pin_hook, .user = &hs};
    rg_pool *pool = NULL;
    cr_assert_eq(rg_pool_create(n, &hooks, &pool), 0);
    static seen s;
    rg_pool_run(pool, record, &s);
    for (int i = 0; i < n && i < 64; i++)
        cr_expect(CPU_EQUAL(&s.mask[i], &before), "thread %d affinity changed", i);
    rg_pool_destroy(pool);
    rg__topo_free(t);
}

Test(pin, topo_free_restores_caller_affinity) {
    cpu_set_t before, after;
    cr_assert_eq(sched_getaffinity(0, sizeof before, &before), 0);
    rg_topo *t = NULL;
    cr_assert_eq(rg__topo_load(&t), 0);
    int pus[RG_PIN_MAX_THREADS];
    cr_assert_eq(rg__pin_plan(t, RG_PIN_COMPACT, 1, pus), 0);
    cr_assert_eq(rg__pin_bind_self(t, pus[0]), 0);
    cr_expect_eq(sched_getcpu(), pus[0]);
    rg__topo_free(t);
    cr_assert_eq(sched_getaffinity(0, sizeof after, &after), 0);
    cr_expect(CPU_EQUAL(&before, &after));
}

Test(pin, caches_and_counts_from_hwloc) {
    rg_topo *t = NULL;
    cr_assert_eq(rg__topo_load(&t), 0);
    rg_topo_info info;
    rg__topo_info(t, &info);
    cr_expect_gt(info.pus, 0);
    cr_expect_geq(info.pus, info.cores);
    cr_expect_geq(info.pus, info.allowed_pus);
    rg_cache_sizes c = rg__topo_caches(t);
    cr_expect(c.l1d > 0 && c.l2 >= c.l1d && c.l3 > 0);
    rg__topo_free(t);
}

Test(pin, policy_names) {
    rg_pin_policy p;
    cr_expect_eq(rg__pin_parse("scatter", &p), 0);
    cr_expect_eq(p, RG_PIN_SCATTER);
    cr_expect_str_eq(rg__pin_name(p), "scatter");
    cr_expect_eq(rg__pin_parse("diagonal", &p), RG_ENOTFOUND);
}
