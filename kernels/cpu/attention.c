/* attention.c: rg_attention_*'s front end: validation, the plan (units, key splits), the
 * threads, and the combination of split partial results. */
#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "attention_internal.h"

/* A split key range is never shorter than this: each partial costs a write and a combine. */
#define MIN_SPLIT_KEYS 512
/* Enough tasks per thread that uneven units (causal, odd counts) still balance. */
#define TASKS_PER_THREAD 8

float rg_attention_scale(const rg_attention_desc *desc) {
    const float s = desc->scale;
    if (s == 0.0f || isnan(s)) return (float)(1.0 / sqrt((double)desc->head_dim));
    return s;
}

const rg__attn_kernel *rg__attn_kernel_get(rg_isa isa, int bf16) {
    switch (isa) {
    case RG_ISA_SCALAR:
        return &rg__attn_kernel_scalar;
    case RG_ISA_AVX2:
        return &rg__attn_kernel_avx2;
    case RG_ISA_AVX512:
        return bf16 && rg_cpu_features_get()->avx512_bf16 ? &rg__attn_kernel_avx512bf16
                                                          : &rg__attn_kernel_avx512;
    default:
        return NULL;
    }
}

static int check_desc(const rg_attention_desc *d) {
    int64_t qe, ke, t;
    if (d->batch < 1 || d->heads < 1 || d->kv_heads < 1 || d->q_len < 1 || d->kv_len < 0 ||
        d->head_dim < 1 || d->heads % d->kv_heads != 0 || isinf(d->scale))
        return RG_EINVAL;
    /* Elements of Q (and O) and of K (and V); bytes must fit in size_t too. */
    if (!rg__mul_ok(d->batch, d->heads, &t) || !rg__mul_ok(t, d->q_len, &t) ||
        !rg__mul_ok(t, d->head_dim, &qe) || !rg__mul_ok(d->batch, d->kv_heads, &t) ||
        !rg__mul_ok(t, d->kv_len, &t) || !rg__mul_ok(t, d->head_dim, &ke) ||
        (uint64_t)qe > SIZE_MAX / 8 || (uint64_t)ke > SIZE_MAX / 8 || d->head_dim > (1 << 20))
        return RG_EOVERFLOW;
    return RG_OK;
}

typedef struct {
    const rg__attn_job *job;
    const rg__attn_kernel *kern;
    rg_pool *pool;
    float *ws;
    _Atomic int64_t next;
} runner;

/* Task t in an order that starts with the costliest units: under a causal mask the last rows
 * see the most keys, so their chunks go first and the short ones fill the gaps at the end. */
static void task_of(const rg__attn_job *j, int64_t t, int64_t *unit, int64_t *split) {
    const int64_t nbk = j->d.batch * j->d.kv_heads, u = t / j->nsplit;
    *split = t % j->nsplit;
    *unit = (j->nchunks - 1 - u / nbk) * nbk + u % nbk;
}

/* Output row r of unit u from its nsplit partials: rescale each to the common max. */
static void combine_row(const rg__attn_job *j, int64_t u, int r) {
    const int64_t cr = j->chunk_rows, dpad = j->dpad, hd = j->d.head_dim;
    const size_t stride = (size_t)(cr * (dpad + 2));
    const float *p0 = j->partial + (size_t)(u * j->nsplit) * stride;
    const int64_t nbk = j->d.batch * j->d.kv_heads;
    int64_t allowed;
    const int64_t row = rg__attn_row(j, (u % nbk) / j->d.kv_heads, (u % nbk) % j->d.kv_heads,
                                     (u / nbk) * cr + r, &allowed);
    float *out = j->o + row * hd;
    float mx = -INFINITY, l = 0.0f;
    for (int64_t s = 0; s < j->nsplit; s++)
        mx = fmaxf(mx, p0[s * stride + (size_t)r]);
    for (int64_t c = 0; c < hd; c++)
        out[c] = 0.0f;
    if (mx == -INFINITY) return; /* no key allowed */
    for (int64_t s = 0; s < j->nsplit; s++) {
        const float *p = p0 + s * stride;
        if (p[r] == -INFINITY) continue;
        const float w = expf(p[r] - mx);
        const float *acc = p + 2 * cr + r * dpad;
        l += w * p[cr + r];
        for (int64_t c = 0; c < hd; c++)
            out[c] += w * acc[c];
    }
    const float inv = 1.0f / l;
    for (int64_t c = 0; c < hd; c++)
        out[c] *= inv;
}

static void run_task(void *arg, int tid, int nthreads) {
    runner *rn = arg;
    const rg__attn_job *j = rn->job;
    float *ws = rn->ws + (size_t)tid * j->ws_floats;
    const int64_t ntasks = j->nunits * j->nsplit;
    for (;;) {
        const int64_t t = atomic_fetch_add_explicit(&rn->next, 1, memory_order_relaxed);
        if (t >= ntasks) break;
        int64_t unit, split;
        task_of(j, t, &unit, &split);
        rn->kern->task(j, unit, split, ws);
    }
    if (j->nsplit == 1) return;
    rg_pool_barrier(rn->pool);
    /* Rows of all units, in contiguous shares per thread. */
    const int64_t total = j->nunits * j->chunk_rows;
    const int64_t lo = total * tid / nthreads, hi = total * (tid + 1) / nthreads;
    for (int64_t x = lo; x < hi; x++) {
        const int64_t u = x / j->chunk_rows, r = x % j->chunk_rows;
        const int64_t chunk = u / (j->d.batch * j->d.kv_heads);
        if (chunk * j->chunk_rows + r < j->rows) combine_row(j, u, (int)r);
    }
}

/* How to cut the problem for this kernel set and thread count (docs in attention_internal.h). */
static void plan(rg__attn_job *j, const rg__attn_kernel *kern, int nthreads, size_t l3) {
    const rg_attention_desc *d = &j->d;
    j->group = d->heads / d->kv_heads;
    j->rows = d->q_len * j->group;
    j->chunk_rows = j->rows < kern->block_rows ? j->rows : kern->block_rows;
    j->nchunks = (j->rows + j->chunk_rows - 1) / j->chunk_rows;
    j->nunits = d->batch * d->kv_heads * j->nchunks;
    j->dpad = (d->head_dim + kern->vw - 1) / kern->vw * kern->vw;
    j->nsplit = 1;
    /* Few units (decode) or units that do not share out evenly: split the keys too. */
    if (nthreads > 1 && j->nunits % nthreads != 0 && j->nunits < TASKS_PER_THREAD * nthreads) {
        int64_t want = (TASKS_PER_THREAD * nthreads + j->nunits - 1) / j->nunits;
        int64_t most = d->kv_len / MIN_SPLIT_KEYS;
        j->nsplit = want < most ? want : most > 1 ? most : 1;
    }
    int64_t per = (d->kv_len + j->nsplit - 1) / j->nsplit;
    per = (per + RG_ATT_BK - 1) / RG_ATT_BK * RG_ATT_BK;
    j->split_keys = per > 0 ? per : RG_ATT_BK;
    j->nsplit = d->kv_len > 0 ? (d->kv_len + j->split_keys - 1) / j->split_keys : 1;
    j->ws_floats = (kern->ws_floats(j->dpad) + 15) & ~(size_t)15;
    /* K and V from DRAM: the row form reads ahead (decode 1.3-1.8x faster there). */
    const double kv_bytes = 2.0 * (double)(d->batch * d->kv_heads) * (double)d->kv_len *
                            (double)d->head_dim * (j->bf16 ? 2.0 : 4.0);
    j->prefetch_kv = rg__streams_from_dram(kv_bytes, l3);
}

static int attention(const rg_exec *ex, const rg_attention_desc *desc, const void *q, const void *k,
                     const void *v, float *o, int bf16) {
    rg_exec rex;
    int rc;
    if (!desc) return RG_EINVAL;
    if ((rc = check_desc(desc)) != RG_OK) return rc;
    if (!q || !o || (desc->kv_len > 0 && (!k || !v))) return RG_EINVAL;
    if ((rc = rg__exec_resolve(ex, &rex)) != RG_OK) return rc;
    const rg__attn_kernel *kern = rg__attn_kernel_get(rex.isa, bf16);
    if (!kern) return RG_EUNSUPPORTED;

    rg__attn_job j = {.d = *desc, .bf16 = bf16, .q = q, .k = k, .v = v, .o = o};
    j.d.scale = rg_attention_scale(desc);
    if (desc->kv_len == 0) { /* no keys: every row is empty */
        memset(o, 0, (size_t)(desc->batch * desc->heads * desc->q_len * desc->head_dim) * 4);
        return RG_OK;
    }
    const int nthreads = rex.pool ? rg_pool_size(rex.pool) : 1;
    plan(&j, kern, nthreads, rex.caches.l3);

    runner rn = {.job = &j, .kern = kern, .pool = rex.pool};
    atomic_init(&rn.next, 0);
    rn.ws = rg__aligned_alloc(64, (size_t)nthreads * j.ws_floats * sizeof(float));
    if (j.nsplit > 1)
        j.partial = rg__aligned_alloc(64, (size_t)(j.nunits * j.nsplit * j.chunk_rows) *
                                              (size_t)(j.dpad + 2) * sizeof(float));
    if (!rn.ws || (j.nsplit > 1 && !j.partial)) {
        rc = RG_ENOMEM;
        goto done;
    }
    rg_pool_run(rex.pool, run_task, &rn);
    rc = RG_OK;
done:
    rg__aligned_free(rn.ws);
    rg__aligned_free(j.partial);
    return rc;
}

int rg_attention_f32(const rg_exec *ex, const rg_attention_desc *desc, const float *q,
                     const float *k, const float *v, float *o) {
    return attention(ex, desc, q, k, v, o, 0);
}

int rg_attention_bf16(const rg_exec *ex, const rg_attention_desc *desc, const uint16_t *q,
                      const uint16_t *k, const uint16_t *v, float *o) {
    return attention(ex, desc, q, k, v, o, 1);
}
