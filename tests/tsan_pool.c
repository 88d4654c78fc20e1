/* tsan_pool.c: the thread pool's hand-offs under ThreadSanitizer, without Criterion. */
/* Criterion cannot start under TSan (its BoxFort arenas are mapped at random addresses that
 * TSan's shadow memory already holds: Snaipe/Criterion#274), so this is a plain program. The
 * tasks share plain (non-atomic) memory on purpose: TSan then checks the pool's contract, that
 * what the caller wrote before rg_pool_run is visible to every task, that rg_pool_run returns
 * only after every task's writes, and that rg_pool_barrier orders the phases of a task. Sleeps
 * send the workers and the caller down their blocking paths as well as their spinning ones.
 * Last, a kernel that synchronizes through the barrier: the low-precision GEMM's shared B. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ridge.h"

#define MAX_THREADS 4
#define PHASES 8

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "tsan_pool: %s:%d: ", __FILE__, __LINE__);                             \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static void sleep_us(long us) {
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&ts, NULL);
}

typedef struct {
    int input;             /* written by the caller before each run */
    int seen[MAX_THREADS]; /* each thread's copy of input */
    int runs[MAX_THREADS]; /* each thread's own run count */
    int slow_tid;          /* this thread sleeps in the task (-1: none) */
    int bad_n;             /* written only by tid 0 */
    int expect_n;
    rg_pool *pool;
    int phase[PHASES][MAX_THREADS]; /* phase k: every thread's mark, read after the barrier */
    int phase_errors[MAX_THREADS];
} shared;

static void run_task(void *arg, int tid, int n) {
    shared *s = arg;
    if (tid == 0 && n != s->expect_n) s->bad_n++;
    if (tid == s->slow_tid) sleep_us(200);
    s->seen[tid] = s->input;
    s->runs[tid]++;
}

/* Tasks run back to back (spinning hand-offs) and after pauses (blocking ones), with the
 * caller or a worker the slowest, so that both waits of rg_pool_run are taken. */
static void check_runs(int n) {
    shared s;
    memset(&s, 0, sizeof s);
    s.expect_n = n;
    CHECK(rg_pool_create(n, NULL, &s.pool) == RG_OK, "n=%d: rg_pool_create failed", n);
    if (!s.pool) return;
    enum { RUNS = 400 };
    for (int r = 0; r < RUNS; r++) {
        s.input = r * 7 + 1;
        s.slow_tid = r % 5 == 0 ? r / 5 % n : -1;
        rg_pool_run(s.pool, run_task, &s);
        for (int t = 0; t < n; t++) {
            CHECK(s.runs[t] == r + 1, "n=%d run %d: tid %d ran %d times", n, r, t, s.runs[t]);
            CHECK(s.seen[t] == s.input, "n=%d run %d: tid %d saw input %d, not %d", n, r, t,
                  s.seen[t], s.input);
        }
        if (r % 50 == 49) sleep_us(1000); /* the workers block on their condition variable */
    }
    CHECK(s.bad_n == 0, "n=%d: %d runs saw the wrong thread count", n, s.bad_n);
    rg_pool_destroy(s.pool);
}

static void phase_task(void *arg, int tid, int n) {
    shared *s = arg;
    for (int k = 0; k < PHASES; k++) {
        s->phase[k][tid] = s->input + k;
        if (tid == (k % n)) sleep_us(50); /* a late thread at each barrier in turn */
        rg_pool_barrier(s->pool);
        for (int t = 0; t < n; t++)
            if (s->phase[k][t] != s->input + k) s->phase_errors[tid]++;
    }
}

static void check_barrier(int n) {
    shared s;
    memset(&s, 0, sizeof s);
    CHECK(rg_pool_create(n, NULL, &s.pool) == RG_OK, "n=%d: rg_pool_create failed", n);
    if (!s.pool) return;
    for (int rep = 0; rep < 40; rep++) {
        s.input = rep * 100;
        rg_pool_run(s.pool, phase_task, &s);
    }
    for (int t = 0; t < n; t++)
        CHECK(s.phase_errors[t] == 0, "n=%d: tid %d passed a barrier early %d times", n, t,
              s.phase_errors[t]);
    rg_pool_destroy(s.pool);
}

typedef struct {
    int calls[MAX_THREADS]; /* written by each thread's start hook, read by the caller */
    int fail_tid;
} hook_log;

static int start_hook(void *user, int tid, int n) {
    hook_log *h = user;
    h->calls[tid]++;
    return tid == h->fail_tid ? -1 : 0;
}

/* The start hooks' writes are visible when rg_pool_create returns, whether it succeeds or
 * fails (then after the started workers were stopped). */
static void check_hooks(int n) {
    for (int fail = -1; fail < n; fail++) {
        hook_log h;
        memset(&h, 0, sizeof h);
        h.fail_tid = fail;
        rg_pool_hooks hooks = {start_hook, &h};
        rg_pool *p = NULL;
        int rc = rg_pool_create(n, &hooks, &p);
        CHECK((rc == RG_OK) == (fail < 0), "n=%d failing tid %d: rg_pool_create returned %s", n,
              fail, rg_status_name(rc));
        int calls = 0;
        for (int t = 0; t < n; t++)
            calls += h.calls[t];
        CHECK(calls >= 1 && calls <= n, "n=%d failing tid %d: %d hook calls", n, fail, calls);
        rg_pool_destroy(p);
    }
}

/* The low-precision GEMM's shared B panels (threads pack slices of one panel, meet at the
 * pool's barrier, and alternate two buffers): a column-major bf16 GEMM on small caches, so
 * that B counts as large and spans several panels and k blocks; shapes whose row and column
 * tiles the threads divide evenly (the plan then shares B; tests/test_lowp_gemm.c asserts
 * it). Checked against a double-precision product of the same bf16 values. */
static void check_shared_b(int n) {
    enum { K = 1400 };
    const int64_t m = 32 * n - 3, cols = 192 * n - 5;
    static uint16_t a[96 * K], b[571 * K];
    static float c[96 * 571];
    uint32_t s = 12345u;
    for (int64_t i = 0; i < m * K; i++) {
        s = s * 1664525u + 1013904223u;
        a[i] = rg_bf16_from_f32((float)(s >> 8) / 16777216.0f - 0.5f);
    }
    for (int64_t i = 0; i < cols * K; i++) {
        s = s * 1664525u + 1013904223u;
        b[i] = rg_bf16_from_f32((float)(s >> 8) / 16777216.0f - 0.5f);
    }
    rg_pool *pool = NULL;
    CHECK(rg_pool_create(n, NULL, &pool) == RG_OK, "pool of %d", n);
    if (!pool) return;
    rg_exec ex = {pool, RG_ISA_AUTO, {0, 256u << 10, 256u << 10}};
    /* C (m x cols) = A (m x K, column-major) B (K x cols, column-major). */
    int rc = rg_gemm_bf16(&ex, RG_LOWP_AUTO, RG_COL_MAJOR, RG_NO_TRANS, RG_NO_TRANS, m, cols, K,
                          1.0f, a, m, b, K, 0.0f, c, RG_GEMM_OUT_F32, m);
    CHECK(rc == RG_OK, "rg_gemm_bf16 on %d threads: %d", n, rc);
    rg_pool_destroy(pool);
    int bad = 0;
    for (int64_t j = 0; j < cols && rc == RG_OK; j++)
        for (int64_t i = 0; i < m; i++) {
            double ref = 0, mag = 0;
            for (int64_t p = 0; p < K; p++) {
                double x =
                    (double)rg_f32_from_bf16(a[i + p * m]) * (double)rg_f32_from_bf16(b[p + j * K]);
                ref += x;
                mag += x < 0 ? -x : x;
            }
            /* fp32 sums of K products: K u of the magnitudes bounds the error. */
            double err = (double)c[i + j * m] - ref;
            if ((err < 0 ? -err : err) > (double)K * 0x1p-24 * mag) bad++;
        }
    CHECK(bad == 0, "shared-B GEMM on %d threads: %d entries off", n, bad);
}

int main(void) {
    for (int n = 1; n <= MAX_THREADS; n++) {
        check_runs(n);
        check_barrier(n);
        check_hooks(n);
    }
    check_shared_b(2);
    check_shared_b(3);
    if (failures) fprintf(stderr, "tsan_pool: %d checks failed\n", failures);
    return failures ? 1 : 0;
}
