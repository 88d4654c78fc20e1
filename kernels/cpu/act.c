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
        /* The bf16 forms round with one instruction where the CPU has it (same bits). */
        return rg_cpu_features_get()->avx512_bf16 ? &rg__act_kernels_avx512bf16
                                                  : &rg__act_kernels_avx512;
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
    int stream, bf16;             /* bf16: x and y are bf16 */
    int64_t rows, cols, ldx, ldy; /* TASK_ACT: rows = element count */
    const void *x;
    const float *w, *b;
    void *y;
    float eps;
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
    /* Elementwise chunks start on multiples of 32 elements (64 bytes of bf16, the widest
     * streaming store), so that every thread can stream when y is aligned. */
    split(t->rows, t->kind == TASK_ACT ? 32 : 1, tid, t->nthreads, &lo, &hi);
    if (hi <= lo) return;
    /* Offsets in elements: TASK_ACT's lo, the row ops' rows. */
    const int64_t ox = t->kind == TASK_ACT ? lo : lo * t->ldx,
                  oy = t->kind == TASK_ACT ? lo : lo * t->ldy;
    if (t->bf16) {
        const uint16_t *x = (const uint16_t *)t->x + ox;
        uint16_t *y = (uint16_t *)t->y + oy;
        switch (t->kind) {
        case TASK_ACT:
            t->k->act_bf16(t->act, hi - lo, x, y, t->stream);
            break;
        case TASK_SOFTMAX:
            t->k->softmax_bf16(hi - lo, t->cols, x, t->ldx, y, t->ldy, t->stream);
            break;
        case TASK_RMSNORM:
            t->k->rmsnorm_bf16(hi - lo, t->cols, x, t->ldx, t->w, t->eps, y, t->ldy, t->stream);
            break;
        case TASK_LAYERNORM:
            t->k->layernorm_bf16(hi - lo, t->cols, x, t->ldx, t->w, t->b, t->eps, y, t->ldy,
                                 t->stream);
            break;
        }
        return;
    }
    const float *x = (const float *)t->x + ox;
    float *y = (float *)t->y + oy;
    switch (t->kind) {
    case TASK_ACT:
        t->k->act(t->act, hi - lo, x, y, t->stream);
        break;
    case TASK_SOFTMAX:
        t->k->softmax(hi - lo, t->cols, x, t->ldx, y, t->ldy, t->stream);
        break;
    case TASK_RMSNORM:
        t->k->rmsnorm(hi - lo, t->cols, x, t->ldx, t->w, t->eps, y, t->ldy, t->stream);
        break;
    case TASK_LAYERNORM:
        t->k->layernorm(hi - lo, t->cols, x, t->ldx, t->w, t->b, t->eps, y, t->ldy, t->stream);
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

/* Threads follow the element count (the math per element is the same in both types), the
 * streaming decision the output's bytes. */
static int act_any(const rg_exec *ex, rg_act act, int64_t n, const void *x, void *y, int bf16) {
    if (act < RG_ACT_RELU || act >= RG_ACT_COUNT_ || n < 0) return RG_EINVAL;
    if (n > 0 && (!x || !y)) return RG_EINVAL;
    int64_t bytes;
    if (!rg__mul_ok(n, (int64_t)sizeof(float), &bytes)) return RG_EOVERFLOW;
    task t = {.kind = TASK_ACT, .act = act, .rows = n, .x = x, .y = y, .bf16 = bf16};
    t.stream = (bf16 ? bytes / 2 : bytes) >= STREAM_MIN_BYTES && y != x;
    if (n == 0) {
        rg_exec rex;
        return rg__exec_resolve(ex, &rex);
    }
    return run(ex, &t, bytes);
}

int rg_act_f32(const rg_exec *ex, rg_act act, int64_t n, const float *x, float *y) {
    return act_any(ex, act, n, x, y, 0);
}

int rg_act_bf16(const rg_exec *ex, rg_act act, int64_t n, const uint16_t *x, uint16_t *y) {
    return act_any(ex, act, n, x, y, 1);
}

/* The checks the row ops share (eps only for the norms); *bytes gets the input's size in fp32
 * elements' bytes (what the thread count follows). */
static int check_rows(const task *t, int has_eps, int64_t *bytes) {
    const int64_t rows = t->rows, cols = t->cols, ldx = t->ldx, ldy = t->ldy;
    const void *x = t->x, *y = t->y;
    if (rows < 0 || cols < 0 || ldx < cols || ldy < cols) return RG_EINVAL;
    if (rows > 0 && cols > 0 && (!x || !y)) return RG_EINVAL;
    int64_t elems;
    if (!rg__mul_ok(rows, ldx, &elems) || !rg__mul_ok(elems, (int64_t)sizeof(float), bytes) ||
        !rg__mul_ok(rows, ldy, &elems) || !rg__mul_ok(elems, (int64_t)sizeof(float), &elems))
        return RG_EOVERFLOW;
    if (has_eps && (!(t->eps >= 0.0f) || isinf(t->eps))) return RG_EINVAL;
    return RG_OK;
}

static int run_rows(const rg_exec *ex, task *t, int has_eps) {
    int64_t bytes;
    int rc = check_rows(t, has_eps, &bytes);
    if (rc != RG_OK) return rc;
    /* The row ops stream large outputs as the elementwise ops do (rows * ldy elements fit:
     * checked above; softmax streams the rows it keeps on the stack). */
    const int64_t ybytes = t->rows * t->ldy * (t->bf16 ? 2 : 4);
    t->stream = ybytes >= STREAM_MIN_BYTES && t->y != t->x;
    if (t->rows == 0 || t->cols == 0) {
        rg_exec rex;
        return rg__exec_resolve(ex, &rex);
    }
    return run(ex, t, bytes);
}

#define ROWS_TASK(KIND, BF16)                                                                      \
    .kind = KIND, .bf16 = BF16, .rows = rows, .cols = cols, .ldx = ldx, .ldy = ldy, .x = x, .y = y

int rg_softmax_f32(const rg_exec *ex, int64_t rows, int64_t cols, const float *x, int64_t ldx,
                   float *y, int64_t ldy) {
    task t = {ROWS_TASK(TASK_SOFTMAX, 0)};
    return run_rows(ex, &t, 0);
}

int rg_softmax_bf16(const rg_exec *ex, int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx,
                    uint16_t *y, int64_t ldy) {
    task t = {ROWS_TASK(TASK_SOFTMAX, 1)};
    return run_rows(ex, &t, 0);
}

int rg_rmsnorm_f32(const rg_exec *ex, int64_t rows, int64_t cols, const float *x, int64_t ldx,
                   const float *w, float eps, float *y, int64_t ldy) {
    task t = {ROWS_TASK(TASK_RMSNORM, 0), .w = w, .eps = eps};
    return run_rows(ex, &t, 1);
}

int rg_rmsnorm_bf16(const rg_exec *ex, int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx,
                    const float *w, float eps, uint16_t *y, int64_t ldy) {
    task t = {ROWS_TASK(TASK_RMSNORM, 1), .w = w, .eps = eps};
    return run_rows(ex, &t, 1);
}

int rg_layernorm_f32(const rg_exec *ex, int64_t rows, int64_t cols, const float *x, int64_t ldx,
                     const float *w, const float *b, float eps, float *y, int64_t ldy) {
    task t = {ROWS_TASK(TASK_LAYERNORM, 0), .w = w, .b = b, .eps = eps};
    return run_rows(ex, &t, 1);
}

int rg_layernorm_bf16(const rg_exec *ex, int64_t rows, int64_t cols, const uint16_t *x, int64_t ldx,
                      const float *w, const float *b, float eps, uint16_t *y, int64_t ldy) {
    task t = {ROWS_TASK(TASK_LAYERNORM, 1), .w = w, .b = b, .eps = eps};
    return run_rows(ex, &t, 1);
}
