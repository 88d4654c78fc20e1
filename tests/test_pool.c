/* test_pool.c: the thread pool runs every thread exactly once per task, with working barriers. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "ridge.h"

#define MAX_THREADS 8

typedef struct {
    atomic_int runs[MAX_THREADS]; /* how often each tid ran */
    atomic_int bad_n;             /* calls that saw the wrong thread count */
    int expect_n;
} tally;

static void count_task(void *arg, int tid, int n) {
    tally *t = arg;
    if (n != t->expect_n || tid < 0 || tid >= n)
        atomic_fetch_add(&t->bad_n, 1);
    else
        atomic_fetch_add(&t->runs[tid], 1);
}

Test(pool, create_run_destroy) {
    for (int n = 1; n <= 4; n++) {
        rg_pool *p = NULL;
        cr_assert_eq(rg_pool_create(n, NULL, &p), RG_OK, "n=%d", n);
        cr_assert_not_null(p);
        cr_assert_eq(rg_pool_size(p), n);
        tally t;
        memset(&t, 0, sizeof t);
        t.expect_n = n;
        rg_pool_run(p, count_task, &t);
        cr_assert_eq(atomic_load(&t.bad_n), 0, "n=%d", n);
        for (int i = 0; i < n; i++)
            cr_assert_eq(atomic_load(&t.runs[i]), 1, "n=%d tid %d ran %d times", n, i,
                         atomic_load(&t.runs[i]));
        rg_pool_destroy(p);
    }
}

Test(pool, many_runs_back_to_back) {
    /* Thousands of short tasks catch lost wake-ups and tasks that start twice. */
    enum { RUNS = 3000 };
    for (int n = 2; n <= 3; n++) {
        rg_pool *p = NULL;
        cr_assert_eq(rg_pool_create(n, NULL, &p), RG_OK);
        tally t;
        memset(&t, 0, sizeof t);
        t.expect_n = n;
        for (int r = 0; r < RUNS; r++) {
            rg_pool_run(p, count_task, &t);
            /* rg_pool_run returns only once everyone is done: counts are exact right now. */
            for (int i = 0; i < n; i++)
                cr_assert_eq(atomic_load(&t.runs[i]), r + 1, "n=%d run %d tid %d", n, r, i);
        }
        cr_assert_eq(atomic_load(&t.bad_n), 0);
        rg_pool_destroy(p);
    }
}

typedef struct {
    rg_pool *pool;
    atomic_int phase_count[16];
    atomic_int errors;
} phases;

/* In each phase every thread checks that all threads finished the previous phase. */
static void phase_task(void *arg, int tid, int n) {
    phases *ph = arg;
    for (int k = 0; k < 16; k++) {
        if (k > 0 && atomic_load(&ph->phase_count[k - 1]) != n) atomic_fetch_add(&ph->errors, 1);
        atomic_fetch_add(&ph->phase_count[k], 1);
        rg_pool_barrier(ph->pool);
    }
}

Test(pool, barrier_orders_phases) {
    for (int n = 1; n <= 4; n++) {
        phases ph;
        memset(&ph, 0, sizeof ph);
        cr_assert_eq(rg_pool_create(n, NULL, &ph.pool), RG_OK);
        for (int rep = 0; rep < 50; rep++) {
            for (int k = 0; k < 16; k++)
                atomic_store(&ph.phase_count[k], 0);
            rg_pool_run(ph.pool, phase_task, &ph);
            for (int k = 0; k < 16; k++)
                cr_assert_eq(atomic_load(&ph.phase_count[k]), n, "n=%d rep %d phase %d", n, rep, k);
        }
        cr_assert_eq(atomic_load(&ph.errors), 0, "n=%d: a thread passed a barrier early", n);
        rg_pool_destroy(ph.pool);
    }
}

static void caller_task(void *arg, int tid, int n) {
    pthread_t *who = arg;
    cr_assert_eq(tid, 0);
    cr_assert_eq(n, 1);
    *who = pthread_self();
}

Test(pool, null_pool_runs_on_caller) {
    pthread_t who;
    memset(&who, 0, sizeof who);
    rg_pool_run(NULL, caller_task, &who);
    cr_assert(pthread_equal(who, pthread_self()));
    cr_assert_eq(rg_pool_size(NULL), 1);
    rg_pool_barrier(NULL); /* a no-op outside a multi-threaded task */
    rg_pool_destroy(NULL);
}

typedef struct {
    atomic_int calls[MAX_THREADS];
    atomic_int bad_n;
    int fail_tid; /* -1: never fail */
    int expect_n;
} hook_log;

static int start_hook(void *user, int tid, int n) {
    hook_log *h = user;
    if (n != h->expect_n || tid < 0 || tid >= n)
        atomic_fetch_add(&h->bad_n, 1);
    else
        atomic_fetch_add(&h->calls[tid], 1);
    return tid == h->fail_tid ? -1 : 0;
}

Test(pool, start_hook_once_per_thread) {
    for (int n = 1; n <= 4; n++) {
        hook_log h;
        memset(&h, 0, sizeof h);
        h.fail_tid = -1;
        h.expect_n = n;
        rg_pool_hooks hooks = {start_hook, &h};
        rg_pool *p = NULL;
        cr_assert_eq(rg_pool_create(n, &hooks, &p), RG_OK);
        /* The hooks ran before rg_pool_create returned, and a task does not run them again. */
        tally t;
        memset(&t, 0, sizeof t);
        t.expect_n = n;
        rg_pool_run(p, count_task, &t);
        rg_pool_run(p, count_task, &t);
        for (int i = 0; i < n; i++)
            cr_assert_eq(atomic_load(&h.calls[i]), 1, "n=%d hook for tid %d ran %d times", n, i,
                         atomic_load(&h.calls[i]));
        cr_assert_eq(atomic_load(&h.bad_n), 0);
        rg_pool_destroy(p);
    }
}

Test(pool, failing_hook_fails_creation) {
    /* A failure on the caller (tid 0) or on any worker must fail creation, return no pool
     * and leave no thread behind (the sanitizer builds would report a leak). */
    for (int n = 1; n <= 4; n++)
        for (int fail = 0; fail < n; fail++) {
            hook_log h;
            memset(&h, 0, sizeof h);
            h.fail_tid = fail;
            h.expect_n = n;
            rg_pool_hooks hooks = {start_hook, &h};
            rg_pool *p = (rg_pool *)&h; /* must be reset */
            int rc = rg_pool_create(n, &hooks, &p);
            cr_assert(rc < 0, "n=%d failing tid %d: rg_pool_create returned %s", n, fail,
                      rg_status_name(rc));
            cr_assert_null(p, "n=%d failing tid %d left a pool", n, fail);
        }
}

Test(pool, invalid_arguments) {
    rg_pool *p = NULL;
    cr_assert_eq(rg_pool_create(0, NULL, &p), RG_EINVAL);
    cr_assert_eq(rg_pool_create(-3, NULL, &p), RG_EINVAL);
    cr_assert_eq(rg_pool_create(2, NULL, NULL), RG_EINVAL);
}
