/* attention_internal.h: the attention job (plan, work units) shared by the front end and the
 * per-ISA tile kernels. */
#ifndef RG_ATTENTION_INTERNAL_H
#define RG_ATTENTION_INTERNAL_H

#include "common/internal.h"

/* Keys per block of the online softmax: one block's scores, K and V rows stay in L1/L2. */
#define RG_ATT_BK 64

/* The work is cut into units: one (batch, KV head) and a chunk of its rows. A unit's rows are
 * the (query i, head h of the KV head's group) pairs, query-major: row r of the KV head is
 * query r / group of head kvh * group + r % group, so the heads sharing K and V read them
 * together. A unit's keys may be split into nsplit ranges whose partial results (running max,
 * sum and unnormalized output) are combined afterwards: that is how few rows (decode) still
 * give every thread work. */
typedef struct {
    rg_attention_desc d;
    int bf16; /* Q, K and V are bf16 */
    const void *q, *k, *v;
    float *o;
    int64_t group;      /* heads / kv_heads */
    int64_t rows;       /* rows per KV head: q_len * group */
    int64_t chunk_rows; /* rows per unit */
    int64_t nchunks;    /* units per (batch, KV head) */
    int64_t nunits;     /* batch * kv_heads * nchunks */
    int64_t nsplit;     /* key ranges per unit */
    int64_t split_keys; /* keys per range (a multiple of RG_ATT_BK) */
    int64_t dpad;       /* head_dim rounded up to the vector width */
    int prefetch_kv;    /* the row form asks for the next key block (rg__streams_from_dram) */
    float *partial;     /* nsplit > 1: per task, chunk_rows * (dpad + 2) floats */
    size_t ws_floats;   /* per-thread workspace */
} rg__attn_job;

/* One task (unit u, key range s) of the job with a thread's workspace: computes the unit's rows
 * over the keys of range s and writes the normalized output (nsplit == 1) or the partial
 * (m, l, unnormalized O) to job->partial. */
typedef void (*rg__attn_task_fn)(const rg__attn_job *job, int64_t unit, int64_t split, float *ws);

/* A kernel set: vector width (floats), rows per prefill chunk, and the task body. */
typedef struct {
    rg_isa isa;
    int vw, block_rows;
    rg__attn_task_fn task;
    /* Workspace floats one thread needs for head dimension dpad. */
    size_t (*ws_floats)(int64_t dpad);
} rg__attn_kernel;

/* The kernel set for an ISA level (never AUTO) and dtype; NULL if this build has none. */
const rg__attn_kernel *rg__attn_kernel_get(rg_isa isa, int bf16);

/* Where row r (0 <= r < rows) of KV head kvh of batch b lives: its query (and output) row
 * index (b * heads + h) * q_len + i, and the number of keys it may see. */
static inline int64_t rg__attn_row(const rg__attn_job *j, int64_t b, int64_t kvh, int64_t r,
                                   int64_t *allowed) {
    const int64_t i = r / j->group, h = kvh * j->group + r % j->group;
    int64_t n = j->d.kv_len;
    if (j->d.causal) {
        const int64_t last = i + j->d.kv_len - j->d.q_len;
        n = last < 0 ? 0 : last + 1 < n ? last + 1 : n;
    }
    *allowed = n;
    return (b * j->d.heads + h) * j->d.q_len + i;
}

/* avx512bf16: the AVX-512 set with bf16 scores on vdpbf16ps, for bf16 calls on CPUs with
 * AVX512_BF16. */
extern const rg__attn_kernel rg__attn_kernel_scalar, rg__attn_kernel_avx2, rg__attn_kernel_avx512,
    rg__attn_kernel_avx512bf16;

#endif /* RG_ATTENTION_INTERNAL_H */
