/* blas_env.c: the shim's process-wide state (thread pool, tracing) and error reporting. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blas_internal.h"

/* The BLAS ABI passes no context, so this is the one place in ridge with process-global
 * state: created once on first use, never torn down while the process may still call. */
static struct {
    pthread_once_t once;
    pthread_mutex_t busy; /* held by the call that is using the pool */
    rg_pool *pool;        /* NULL when one thread is configured or creation failed */
    pid_t owner;          /* a forked child has the pool's memory but not its threads */
    int nthreads;
    int trace;
    atomic_int announced;
    atomic_long calls;
} state = {.once = PTHREAD_ONCE_INIT, .busy = PTHREAD_MUTEX_INITIALIZER};

/* A positive thread count from the environment, or 0. OMP_NUM_THREADS may be a list
 * ("4,2" for nested levels): its first entry applies to us. */
static int env_threads(const char *name) {
    const char *s = getenv(name);
    if (!s || !*s) return 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || (*end && *end != ',') || v < 1) return 0;
    return v > 1024 ? 1024 : (int)v;
}

static int affinity_cpus(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static void init(void) {
    int n = env_threads("RIDGE_NUM_THREADS");
    if (!n) n = env_threads("OMP_NUM_THREADS");
    if (!n) n = affinity_cpus();
    const char *t = getenv("RIDGE_BLAS_TRACE");
    state.trace = t && *t && strcmp(t, "0") != 0;
    state.owner = getpid();
    /* If the pool cannot be created, every call runs on its caller: slower, still right. */
    if (n > 1 && rg_pool_create(n, NULL, &state.pool) != RG_OK) state.pool = NULL;
    state.nthreads = state.pool ? n : 1;
}

rg_pool *rg__blas_pool_acquire(void) {
    pthread_once(&state.once, init);
    if (!state.pool || getpid() != state.owner) return NULL;
    /* A pool runs one task at a time; a concurrent caller computes on its own thread
     * rather than queueing behind or oversubscribing the cores. */
    if (pthread_mutex_trylock(&state.busy) != 0) return NULL;
    return state.pool;
}

void rg__blas_pool_release(rg_pool *pool) {
    if (pool) pthread_mutex_unlock(&state.busy);
}

void rg__blas_note_call(const char *entry) {
    pthread_once(&state.once, init);
    if (!state.trace) return;
    atomic_fetch_add_explicit(&state.calls, 1, memory_order_relaxed);
    if (atomic_exchange(&state.announced, 1) == 0)
        fprintf(stderr, "ridge_blas: %s served by ridge %s (isa %s, %d threads)\n", entry,
                RG_VERSION_STRING, rg_isa_name(rg_cpu_best_isa()), state.nthreads);
}

/* With tracing on, the count shows that ridge, not the BLAS underneath, did the work. */
__attribute__((destructor)) static void report_calls(void) {
    if (state.trace)
        fprintf(stderr, "ridge_blas: %ld calls computed by ridge\n", atomic_load(&state.calls));
}

typedef void (*xerbla_fn)(const char *name, const int *info, size_t name_len);
typedef void (*cblas_xerbla_fn)(int info, const char *rout, const char *form, ...);

/* The handlers are looked up, not linked: the program or its BLAS may define them (test
 * suites define their own to catch expected errors), and the shim must load without them. */
void rg__blas_xerbla(const char *name, int info) {
    xerbla_fn fn = (xerbla_fn)dlsym(RTLD_DEFAULT, "xerbla_");
    if (fn) {
        fn(name, &info, strlen(name));
        return;
    }
    fprintf(stderr, " ** On entry to %s parameter number %2d had an illegal value\n", name, info);
}

void rg__blas_cblas_xerbla(int info, int natural_info) {
    cblas_xerbla_fn fn = (cblas_xerbla_fn)dlsym(RTLD_DEFAULT, "cblas_xerbla");
    if (fn) {
        fn(info, "cblas_sgemm", "");
        return;
    }
    fprintf(stderr, " ** On entry to cblas_sgemm parameter number %d had an illegal value\n",
            natural_info);
}
