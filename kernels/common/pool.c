/* pool.c: persistent thread pool; workers spin briefly after a task, then block. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "internal.h"

/* How long an idle worker (or a waiting caller) polls before it blocks. Long enough that
 * back-to-back calls of a small GEMM do not pay a futex wake-up each, short enough (50 us)
 * that a pool never takes noticeable time from another library's threads. */
#define SPIN_NS 50000

struct rg_pool {
    int n;
    pthread_t *threads;
    pthread_mutex_t mu;
    pthread_cond_t cv_start, cv_done;
    _Atomic uint64_t generation; /* bumped (under mu) to start a task */
    _Atomic int pending;         /* workers still running the current task */
    _Atomic int shutdown;
    rg_task_fn fn;
    void *arg;
    /* Barrier inside a task: sense-reversing counter. */
    _Atomic int bar_count;
    _Atomic int bar_sense;
    /* Start-up handshake. */
    rg_pool_hooks hooks;
    int started, start_failed;
};

typedef struct {
    rg_pool *pool;
    int tid;
} worker_arg;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void cpu_relax(void) {
    __asm__ volatile("pause" ::: "memory");
}

/* Polls until cond(p) holds or SPIN_NS pass; returns whether it holds. */
static int spin_until_start(rg_pool *p, uint64_t seen) {
    uint64_t t0 = 0;
    for (unsigned i = 0;; i++) {
        if (atomic_load_explicit(&p->generation, memory_order_acquire) != seen ||
            atomic_load_explicit(&p->shutdown, memory_order_relaxed))
            return 1;
        cpu_relax();
        if ((i & 63) == 63) {
            uint64_t t = now_ns();
            if (!t0)
                t0 = t;
            else if (t - t0 > SPIN_NS)
                return 0;
        }
    }
}

static void *worker_main(void *varg) {
    worker_arg *wa = varg;
    rg_pool *p = wa->pool;
    int tid = wa->tid;
    free(wa);

    int rc = p->hooks.on_thread_start ? p->hooks.on_thread_start(p->hooks.user, tid, p->n) : 0;
    pthread_mutex_lock(&p->mu);
    p->started++;
    if (rc) p->start_failed = 1;
    pthread_cond_broadcast(&p->cv_done);
    pthread_mutex_unlock(&p->mu);

    uint64_t seen = 0;
    for (;;) {
        if (!spin_until_start(p, seen)) {
            pthread_mutex_lock(&p->mu);
            while (atomic_load(&p->generation) == seen && !atomic_load(&p->shutdown))
                pthread_cond_wait(&p->cv_start, &p->mu);
            pthread_mutex_unlock(&p->mu);
        }
        if (atomic_load(&p->shutdown)) break;
        seen = atomic_load_explicit(&p->generation, memory_order_acquire);
        p->fn(p->arg, tid, p->n);
        if (atomic_fetch_sub_explicit(&p->pending, 1, memory_order_acq_rel) == 1) {
            pthread_mutex_lock(&p->mu);
            pthread_cond_signal(&p->cv_done);
            pthread_mutex_unlock(&p->mu);
        }
    }
    return NULL;
}

static void stop_workers(rg_pool *p, int count) {
    pthread_mutex_lock(&p->mu);
    atomic_store(&p->shutdown, 1);
    pthread_cond_broadcast(&p->cv_start);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < count; i++)
        pthread_join(p->threads[i], NULL);
}

int rg_pool_create(int nthreads, const rg_pool_hooks *hooks, rg_pool **out) {
    if (!out || nthreads < 1 || nthreads > 4096) return RG_EINVAL;
    *out = NULL;
    rg_pool *p = calloc(1, sizeof *p);
    if (!p) return RG_ENOMEM;
    p->n = nthreads;
    if (hooks) p->hooks = *hooks;
    p->threads = calloc((size_t)nthreads, sizeof *p->threads);
    if (!p->threads) {
        free(p);
        return RG_ENOMEM;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv_start, NULL);
    pthread_cond_init(&p->cv_done, NULL);

    int rc = RG_OK, created = 0;
    if (p->hooks.on_thread_start && p->hooks.on_thread_start(p->hooks.user, 0, nthreads))
        rc = RG_ETHREAD;
    for (int t = 1; t < nthreads && rc == RG_OK; t++) {
        worker_arg *wa = malloc(sizeof *wa);
        if (!wa) {
            rc = RG_ENOMEM;
            break;
        }
        wa->pool = p;
        wa->tid = t;
        if (pthread_create(&p->threads[created], NULL, worker_main, wa) != 0) {
            free(wa);
            rc = RG_ETHREAD;
            break;
        }
        created++;
    }
    /* Wait for every worker's start hook, so a binding failure is reported here. */
    pthread_mutex_lock(&p->mu);
    while (p->started < created)
        pthread_cond_wait(&p->cv_done, &p->mu);
    if (p->start_failed && rc == RG_OK) rc = RG_ETHREAD;
    pthread_mutex_unlock(&p->mu);
    if (rc != RG_OK) {
        stop_workers(p, created);
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->cv_start);
        pthread_cond_destroy(&p->cv_done);
        free(p->threads);
        free(p);
        return rc;
    }
    *out = p;
    return RG_OK;
}

void rg_pool_destroy(rg_pool *p) {
    if (!p) return;
    stop_workers(p, p->n - 1);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv_start);
    pthread_cond_destroy(&p->cv_done);
    free(p->threads);
    free(p);
}

int rg_pool_size(const rg_pool *p) {
    return p ? p->n : 1;
}

void rg_pool_run(rg_pool *p, rg_task_fn fn, void *arg) {
    if (!p || p->n == 1) {
        fn(arg, 0, 1);
        return;
    }
    p->fn = fn;
    p->arg = arg;
    atomic_store_explicit(&p->pending, p->n - 1, memory_order_relaxed);
    /* Bumped under the mutex so a worker about to block cannot miss it. */
    pthread_mutex_lock(&p->mu);
    atomic_fetch_add_explicit(&p->generation, 1, memory_order_release);
    pthread_cond_broadcast(&p->cv_start);
    pthread_mutex_unlock(&p->mu);

    fn(arg, 0, p->n);

    uint64_t t0 = now_ns();
    for (unsigned i = 0; atomic_load_explicit(&p->pending, memory_order_acquire) > 0; i++) {
        cpu_relax();
        if ((i & 63) == 63 && now_ns() - t0 > SPIN_NS) {
            pthread_mutex_lock(&p->mu);
            while (atomic_load(&p->pending) > 0)
                pthread_cond_wait(&p->cv_done, &p->mu);
            pthread_mutex_unlock(&p->mu);
            break;
        }
    }
}

void rg_pool_barrier(rg_pool *p) {
    if (!p || p->n == 1) return;
    int sense = atomic_load_explicit(&p->bar_sense, memory_order_relaxed);
    if (atomic_fetch_add_explicit(&p->bar_count, 1, memory_order_acq_rel) == p->n - 1) {
        atomic_store_explicit(&p->bar_count, 0, memory_order_relaxed);
        atomic_store_explicit(&p->bar_sense, !sense, memory_order_release);
        return;
    }
    /* All threads are inside the same task here, so a short wait is expected; yield when
     * it is not (an oversubscribed machine) rather than burn the core another needs. */
    for (unsigned i = 0; atomic_load_explicit(&p->bar_sense, memory_order_acquire) == sense; i++) {
        if (i < 4096)
            cpu_relax();
        else
            sched_yield();
    }
}
