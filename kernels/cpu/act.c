/* act.c: rg_act_f32, rg_softmax_f32, rg_rmsnorm_f32 and rg_layernorm_f32: argument checks,
 * ISA dispatch and the split of the work over the pool. */
#include <math.h>
#include <stdint.h>

#include "act_internal.h"
#include "common/internal.h"

/* Input bytes per thread below which fewer threads run: waking the pool costs a few
 * microseconds, which 2 cores earn back on 128 KiB of ReLU or of a norm (memory-bound) but on
 * 16 KiB of the exp/erf activations and softmax (about 8 ns a vector of GELU on one core). */
#define PARALLEL_MIN_BYTES_CHEAP (128 * 1024)
#define PARALLEL_MIN_BYTES_MATH (16 * 1024)
/* Elementwise outputs larger than this go out with non-temporal stores (they would only evict
 * the input from the last-level cache); docs/method.md gives the measurement. */
#define STREAM_MIN_BYTES ((int64_t)64 << 20)

static const rg__act_kernels *kernels_for(rg_isa isa) {
    switch (isa) {
    case RG_ISA_AVX512:
        return &rg__act_kernels_avx512;
    case RG_ISA_AVX2:
        return &rg__act_kernels_avx2;
    case RG_ISA_SCALAR:
        return &rg__act_kernels_scalar;
    default:
        return NULL;
    }
}

/* Threads worth using for this many bytes of input; math: the op evaluates exp or erf. */
static int threads_for(const rg_exec *ex, int64_t bytes, int math) {
    int n = ex->pool ? rg_pool_size(ex->pool) : 1;
    int64_t want = bytes / (math ? PARALLEL_MIN_BYTES_MATH : PARALLEL_MIN_BYTES_CHEAP);
    if (want < 1) want = 1;
    return want < n ? (int)want : n;
}

typedef enum { TASK_ACT, TASK_SOFTMAX, TASK_RMSNORM, TASK_LAYERNORM } task_kind;

typedef struct {
    task_kind kind;
    const rg__act_kernels *k;
    int nthreads; /* threads that get work; others return at once */
    rg_act act;
    int stream;
    int64_t rows, cols, ldx, ldy; /* TASK_ACT: rows = element count */
    const float *x, *w, *b;
    float *y, eps;
} task;

/* [lo, hi) of thread tid among n over count units, boundaries on multiples of align. */
static void split(int64_t count, int64_t align, int tid, int n, int64_t *lo, int64_t *hi) {
    int64_t blocks = (count + align - 1) / align;
    *lo = blocks * tid / n * align;
    *hi = blocks * (tid + 1) / n * align;
    if (*lo > count) *lo = count;
    if (*hi > count) *hi = count;
}

static void task_body(void *arg, int tid, int nthreads) {
    const task *t = arg;
    (void)nthreads;
    if (tid >= t->nthreads) return;
    int64_t lo, hi;
    /* Elementwise chunks start on 64-byte boundaries of y (when y is aligned), so that every
     * thread can stream. */
    split(t->rows, t->kind == TASK_ACT ? 16 : 1, tid, t->nthreads, &lo, &hi);
    if (hi <= lo) return;
    switch (t->kind) {
    case TASK_ACT:
        t->k->act(t->act, hi - lo, t->x + lo, t->y + lo, t->stream);
        break;
    case TASK_SOFTMAX:
        t->k->softmax(hi - lo, t->cols, t->x + lo * t->ldx, t->ldx, t->y + lo * t->ldy, t->ldy);
        break;
    case TASK_RMSNORM:
        t->k->rmsnorm(hi - lo, t->cols, t->x + lo * t->ldx, t->ldx, t->w, t->eps,
                      t->y + lo * t->ldy, t->ldy);
        break;
    case TASK_LAYERNORM:
        t->k->layernorm(hi - lo, t->cols, t->x + lo * t->ldx, t->ldx, t->w, t->b, t->eps,
                        t->y + lo * t->ldy, t->ldy);
        break;
    }
}

/* Resolves ex, picks the kernels and runs t over the threads its size is worth. */
static int run(const rg_exec *ex, task *t, int64_t bytes) {
    rg_exec rex;
    int rc = rg__exec_resolve(ex, &rex);
    if (rc != RG_OK) return rc;
    if (!(t->k = kernels_for(rex.isa))) return RG_EUNSUPPORTED;
    int math = t->kind == TASK_SOFTMAX || (t->kind == TASK_ACT && t->act != RG_ACT_RELU);
    t->nthreads = threads_for(&rex, bytes, math);
    if (t->nthreads > 1)
        rg_pool_run(rex.pool, task_body, t);
    else
        task_body(t, 0, 1);
    return RG_OK;
}

int rg_act_f32(const rg_exec *ex, rg_act act, int64_t n, const float *x, float *y) {
    if (act < RG_ACT_RELU || act >= RG_ACT_COUNT_ || n < 0) return RG_EINVAL;
    if (n > 0 && (!x || !y)) return RG_EINVAL;
    int64_t bytes;
    if (!rg__mul_ok(n, (int64_t)sizeof(float), &bytes)) return RG_EOVERFLOW;
    task t = {.kind = TASK_ACT, .act = act, .rows = n, .x = x, .y = y};
    t.stream = bytes >= STREAM_MIN_BYTES && y != x;
    if (n == 0) {
        rg_exec rex;
        return rg__exec_resolve(ex, &rex);
    }
    return run(ex, &t, bytes);
}

/* The checks the row ops share; *bytes gets the input's size. */
static int check_rows(int64_t rows, int64_t cols, const float *x, int64_t ldx, const float *y,
                      int64_t ldy, int64_t *bytes) {
    if (rows < 0 || cols < 0 || ldx < cols || ldy < cols) return RG_EINVAL;
    if (rows > 0 && cols > 0 && (!x || !y)) return RG_EINVAL;
    int64_t elems;
    if (!rg__mul_ok(rows, ldx, &elems) || !rg__mul_ok(elems, (int64_t)sizeof(float), bytes) ||
        !rg__mul_ok(rows, ldy, &elems) || !rg__mul_ok(elems, (int64_t)sizeof(float), &elems))
        return RG_EOVERFLOW;
    return RG_OK;
}

static int run_rows(const rg_exec *ex, task *t, int64_t bytes) {
    if (t->rows == 0 || t->cols == 0) {
        rg_exec rex;
        return rg__exec_resolve(ex, &rex);
    }
    return run(ex, t, bytes);
}

int rg_softmax_f32(const rg_exec *ex, int64_t rows, int64_t cols, const float *x, int64_t ldx,
                   float *y, int64_t ldy) {
    int64_t bytes;
    int rc = check_rows(rows, cols, x, ldx, y, ldy, &bytes);
    if (rc != RG_OK) return rc;
    task t = {
        .kind = TASK_SOFTMAX, .rows = rows, .cols = cols, .ldx = ldx, .ldy = ldy, .x = x, .y = y};
    return run_rows(ex, &t, bytes);
}

int rg_rmsnorm_f32(const rg_exec *ex, int64_t rows, int64_t cols, const float *x, int64_t ldx,
                   const float *w, float eps, float *y, int64_t ldy) {
    int64_t bytes;
    int rc = check_rows(rows, cols, x, ldx, y, ldy, &bytes);
    if (rc != RG_OK) return rc;
    if (!(eps >= 0.0f) || isinf(eps)) return RG_EINVAL;
    task t = {.kind = TASK_RMSNORM,
              .rows = rows,
              .cols = cols,
              .ldx = ldx,
              .ldy = ldy,
              .x = x,
              .y = y,
              .w = w,
              .eps = eps};
    return run_rows(ex, &t, bytes);
}

int rg_layernorm_f32(const rg_exec *ex, int64_t rows, int64_t cols, const float *x, int64_t ldx,
                     const float *w, const float *b, float eps, float *y, int64_t ldy) {
    int64_t bytes;
    int rc = check_rows(rows, cols, x, ldx, y, ldy, &bytes);
    if (rc != RG_OK) return rc;
    if (!(eps >= 0.0f) || isinf(eps)) return RG_EINVAL;
    task t = {.kind = TASK_LAYERNORM,
              .rows = rows,
              .cols = cols,
              .ldx = ldx,
              .ldy = ldy,
              .x = x,
              .y = y,
              .w = w,
              .b = b,
              .eps = eps};
    return run_rows(ex, &t, bytes);
}
