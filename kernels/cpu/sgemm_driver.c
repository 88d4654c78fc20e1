/* sgemm_driver.c: BLIS's five loops around the microkernel, threaded over the jc or ic/jr loops. */
#include "sgemm_internal.h"

/* Below this many flops the pool's wake-up costs more than a second core saves. */
#define MIN_FLOPS_PER_THREAD (0.5e6)

typedef struct {
    const rg__sgemm_problem *p;
    const rg__sgemm_kernel *kern;
    rg_gemm_blocking bk;
    rg_pool *pool;
    /* Either each thread owns a range of columns with its own B panel (private_b: no
     * barriers), or all threads share one B panel on a tm x tn grid: tm threads split m (ic
     * loop), tn split n (jr loop). */
    int private_b;
    int tm, tn;
    float *bpack; /* KC x NC panel of B: shared, or one per thread b_stride apart */
    float *apack; /* one MC x KC block of A per thread */
    int64_t a_stride, b_stride;
} job;

static int64_t ceil_div(int64_t a, int64_t b) {
    return (a + b - 1) / b;
}
static int64_t round_up(int64_t a, int64_t b) {
    return ceil_div(a, b) * b;
}
static int64_t min64(int64_t a, int64_t b) {
    return a < b ? a : b;
}

/* Share `part` of `parts` of `units` work units: [*lo, *hi). */
static void split(int64_t units, int part, int parts, int64_t *lo, int64_t *hi) {
    int64_t q = units / parts, r = units % parts;
    *lo = part * q + min64(part, r);
    *hi = *lo + q + (part < r);
}

/* Each thread may take its own range of columns and pack its own B panel: the threads then
 * never wait on each other, for the price of each packing all of A. That pays when A is no
 * larger than B or each thread's columns are this many (measured, 2 threads: 256^3 +8%,
 * 2048^3 +4%; M = 128 and 256 with N = K = 4096, where A is 16x larger than B: -5%, -2%). */
#define PRIVATE_MIN_COLS 256
/* Column ranges of threads are multiples of this (a balanced split, not one of whole tiles). */
#define PRIVATE_QUANTUM 4

/* With few columns, a block of A is used by few microkernel calls and packing it would stall
 * on memory: the calls then prefetch the next block's source into L2 as they compute. The
 * source is `runs` runs of `run` contiguous bytes, `stride` apart; one slice of it is one line
 * offset within up to k consecutive runs, which a call touches one per k step. */
#define PREFETCH_MAX_COLS 256

typedef struct {
    const char *base;
    int64_t run, stride, runs;
    int64_t lines, slices, calls;
} prefetcher;

static void prefetch_plan(prefetcher *pf, const rg__sgemm_problem *p, int64_t i0, int64_t mcur,
                          int64_t p0, int64_t kcur, int64_t steps, int64_t calls) {
    const int64_t fs = (int64_t)sizeof(float);
    if (p->rs_a == 1) {
        pf->base = (const char *)(p->a + i0 + p0 * p->cs_a);
        pf->run = mcur * fs;
        pf->stride = p->cs_a * fs;
        pf->runs = kcur;
    } else {
        pf->base = (const char *)(p->a + i0 * p->rs_a + p0);
        pf->run = kcur * fs;
        pf->stride = p->rs_a * fs;
        pf->runs = mcur;
    }
    pf->lines = pf->run / 64 + 1; /* + 1: a run need not start on a line */
    pf->slices = pf->lines * ceil_div(pf->runs, steps);
    pf->calls = calls;
}

/* The slice for call c of pf->calls, each of `steps` k steps: slices spread evenly. */
static void prefetch_slice(const prefetcher *pf, int64_t c, int64_t steps, rg__sgemm_aux *aux) {
    aux->pf_steps = 0;
    if (!pf->calls) return; /* no plan: nothing to prefetch */
    int64_t s = c * pf->slices / pf->calls, first = s / pf->lines * steps;
    if ((c > 0 && (c - 1) * pf->slices / pf->calls == s) || first >= pf->runs) return;
    aux->pf = pf->base + first * pf->stride + s % pf->lines * 64;
    aux->pf_stride = pf->stride;
    aux->pf_steps = min64(steps, pf->runs - first);
}

/* With many columns, each B micro-panel is read from L3 by the first call that uses it: the
 * calls of one micro-panel instead prefetch the next one, a contiguous slice each, into L2. */
static void next_b_slice(const float *next, int64_t floats, int64_t c, int64_t calls,
                         rg__sgemm_aux *aux) {
    const int64_t lines = ceil_div(floats * (int64_t)sizeof(float), 64);
    const int64_t lo = c * lines / calls, hi = (c + 1) * lines / calls;
    aux->pf = (const char *)next + lo * 64;
    aux->pf_stride = 64;
    aux->pf_steps = hi - lo;
}

static void gemm_task(void *arg, int tid, int nt) {
    const job *jb = arg;
    const rg__sgemm_problem *p = jb->p;
    const rg__sgemm_kernel *kern = jb->kern;
    const int64_t mr = kern->mr, nr = kern->nr, mc = jb->bk.mc, kc = jb->bk.kc, nc = jb->bk.nc;
    float *apack = jb->apack + tid * jb->a_stride, *bpack = jb->bpack;
    const int shared = !jb->private_b && nt > 1;
    int64_t mlo, mhi, m0, m1, n0 = 0, n1 = p->n;

    split(ceil_div(p->m, mr), shared ? tid / jb->tn : 0, jb->tm, &mlo, &mhi);
    m0 = mlo * mr;
    m1 = min64(mhi * mr, p->m);
    if (jb->private_b) {
        split(ceil_div(p->n, PRIVATE_QUANTUM), tid, nt, &n0, &n1);
        n0 *= PRIVATE_QUANTUM;
        n1 = min64(n1 * PRIVATE_QUANTUM, p->n);
        bpack += tid * jb->b_stride;
    }

    for (int64_t jc = n0; jc < n1; jc += nc) {
        const int64_t nc_cur = min64(nc, n1 - jc);
        const int64_t npanels = ceil_div(nc_cur, nr);
        for (int64_t pc = 0; pc < p->k; pc += kc) {
            const int64_t kc_cur = min64(kc, p->k - pc);
            const float beta = pc == 0 ? p->beta : 1.0f;
            int64_t q0, q1, r0, r1;

            /* Threads pack a shared B panel a slice of micro-panels each, a private one whole. */
            split(npanels, shared ? tid : 0, shared ? nt : 1, &q0, &q1);
            if (q1 > q0)
                kern->pack_b((int)nr, min64(q1 * nr, nc_cur) - q0 * nr, kc_cur,
                             p->b + pc * p->rs_b + (jc + q0 * nr) * p->cs_b, p->cs_b, p->rs_b,
                             bpack + q0 * nr * kc_cur);
            if (shared) rg_pool_barrier(jb->pool);

            split(npanels, shared ? tid % jb->tn : 0, jb->tn, &r0, &r1);
            for (int64_t ic = m0; ic < m1 && r1 > r0; ic += mc) {
                const int64_t mc_cur = min64(mc, m1 - ic);
                kern->pack_a((int)mr, mc_cur, kc_cur, p->a + ic * p->rs_a + pc * p->cs_a, p->rs_a,
                             p->cs_a, apack);
                prefetcher pf = {0};
                int64_t call = 0;
                const int prefetch_a = (r1 - r0) * nr <= PREFETCH_MAX_COLS;
                if (prefetch_a && (p->rs_a == 1 || p->cs_a == 1)) {
                    /* The next block of A this thread packs: next ic, else the next pc. */
                    int64_t calls = ceil_div(mc_cur, mr) * (r1 - r0);
                    if (ic + mc < m1)
                        prefetch_plan(&pf, p, ic + mc, min64(mc, m1 - ic - mc), pc, kc_cur, kc_cur,
                                      calls);
                    else if (pc + kc < p->k)
                        prefetch_plan(&pf, p, m0, min64(mc, m1 - m0), pc + kc,
                                      min64(kc, p->k - pc - kc), kc_cur, calls);
                }
                for (int64_t jr = r0; jr < r1; jr++) {
                    const float *bp = bpack + jr * nr * kc_cur;
                    const int n_cur = (int)min64(nr, nc_cur - jr * nr);
                    float *cj = p->c + (jc + jr * nr) * p->cs_c;
                    for (int64_t ir = 0; ir < mc_cur; ir += mr) {
                        const float *ap = apack + ir * kc_cur;
                        rg__sgemm_aux aux;
                        if (prefetch_a)
                            prefetch_slice(&pf, call++, kc_cur, &aux);
                        else if (jr + 1 < r1)
                            next_b_slice(bp + nr * kc_cur, nr * kc_cur, ir / mr,
                                         ceil_div(mc_cur, mr), &aux);
                        else
                            aux.pf_steps = 0;
                        kern->ukr(kc_cur, p->alpha, ap, bp, beta, cj + (ic + ir) * p->rs_c, p->rs_c,
                                  p->cs_c, (int)min64(mr, mc_cur - ir), n_cur, &aux);
                    }
                }
            }
            /* The shared B panel is repacked by the next step (the pool waits after the last). */
            if (shared && (pc + kc < p->k || jc + nc < n1)) rg_pool_barrier(jb->pool);
        }
    }
}

/* Threads on the skinny path each take a slice of rows (multiples of 64: whole lines of A). */
typedef struct {
    const rg__sgemm_problem *p;
    const rg__sgemm_kernel *kern;
    int prefetch; /* A comes from DRAM (rg__streams_from_dram) */
} skinny_job;

static void skinny_task(void *arg, int tid, int nt) {
    const skinny_job *sj = arg;
    rg__sgemm_problem sub = *sj->p;
    int64_t lo, hi, q = 64;
    split(ceil_div(sub.m, q), tid, nt, &lo, &hi);
    lo *= q;
    hi = min64(hi * q, sub.m);
    if (hi <= lo) return;
    sub.m = hi - lo;
    sub.a += lo * sub.rs_a;
    sub.c += lo * sub.rs_c;
    sj->kern->skinny(&sub, sj->prefetch);
}

static int run_skinny(rg_pool *pool, int nt, const rg__sgemm_kernel *kern,
                      const rg__sgemm_problem *p, size_t l3) {
    rg__sgemm_problem q = *p;
    skinny_job sj = {&q, kern, rg__streams_from_dram(4.0 * (double)q.m * (double)q.k, l3)};
    float *bt = NULL;
    if (q.rs_a != 1 && q.rs_b != 1) {
        /* The dot form reads B's columns as vectors: give it k-contiguous columns. */
        if (!(bt = rg__aligned_alloc(64, (size_t)(q.n * q.k) * sizeof(float)))) return RG_ENOMEM;
        for (int64_t i = 0; i < q.n; i++)
            for (int64_t k = 0; k < q.k; k++)
                bt[i * q.k + k] = q.b[k * q.rs_b + i * q.cs_b];
        q.b = bt;
        q.rs_b = 1;
        q.cs_b = q.k;
    }
    if (nt > 1)
        rg_pool_run(pool, skinny_task, &sj);
    else
        skinny_task(&sj, 0, 1);
    rg__aligned_free(bt);
    return RG_OK;
}

/* Packing one A micro-panel costs about as much as one microkernel call on it: it is read
 * from memory (often DRAM: the large operand of a skinny product) and written once. */
#define A_PACK_TILES 1

/* Thread grid tm x tn = nt with the least work on the busiest thread, counting the A
 * micro-panels it packs (threads that split n each pack all of their rows of A: with few
 * columns, splitting n would double the A traffic for a one-tile gain in balance); ties favour
 * splitting m. */
static void choose_grid(const rg__sgemm_problem *p, const rg_gemm_blocking *bk, int nt, int *tm,
                        int *tn) {
    int64_t mu = ceil_div(p->m, bk->mr), nu = ceil_div(min64(p->n, bk->nc), bk->nr);
    int64_t best = -1;
    for (int t = nt; t >= 1; t--) {
        if (nt % t) continue;
        int64_t w = ceil_div(mu, t) * (ceil_div(nu, nt / t) + A_PACK_TILES);
        if (best < 0 || w < best) {
            best = w;
            *tm = t;
            *tn = nt / t;
        }
    }
}

int rg__sgemm_run(const rg_exec *ex, const rg__sgemm_kernel *kern, const rg__sgemm_problem *p) {
    job jb;
    int nt = ex->pool ? rg_pool_size(ex->pool) : 1;
    double flops = 2.0 * (double)p->m * (double)p->n * (double)p->k;
    if (flops < MIN_FLOPS_PER_THREAD * nt) nt = 1;

    if (kern->skinny && p->n <= kern->skinny_n && (p->rs_a == 1 || p->cs_a == 1))
        return run_skinny(ex->pool, nt, kern, p, ex->caches.l3);
    kern = rg__sgemm_kernel_for(kern, p->m, p->n);

    jb.p = p;
    jb.kern = kern;
    jb.pool = nt > 1 ? ex->pool : NULL;
    rg__sgemm_blocking_for(kern, &ex->caches, &jb.bk);
    jb.tm = 1;
    jb.tn = 1;
    jb.private_b = nt > 1 && (p->n >= p->m || p->n >= nt * PRIVATE_MIN_COLS);
    int64_t n_share = p->n;
    if (jb.private_b) {
        /* The threads' B panels share L3 as one shared panel would. */
        jb.bk.nc = (int)(jb.bk.nc / nt / kern->nr * kern->nr);
        if (jb.bk.nc < kern->nr) jb.bk.nc = kern->nr;
        n_share = round_up(ceil_div(p->n, nt), PRIVATE_QUANTUM);
    } else if (nt > 1) {
        choose_grid(p, &jb.bk, nt, &jb.tm, &jb.tn);
    }

    /* Buffers sized to this problem, not to the blocks: small GEMMs stay cheap. */
    int64_t kc = min64(jb.bk.kc, p->k);
    int64_t m_share = ceil_div(ceil_div(p->m, kern->mr), jb.tm) * kern->mr;
    jb.b_stride = round_up(kc * round_up(min64(jb.bk.nc, n_share), kern->nr), 16);
    jb.a_stride = round_up(kc * min64(jb.bk.mc, m_share), 16);
    int64_t b_floats = jb.b_stride * (jb.private_b ? nt : 1);
    float *buf = rg__aligned_alloc(64, (size_t)(b_floats + nt * jb.a_stride) * sizeof(float));
    if (!buf) return RG_ENOMEM;
    jb.bpack = buf;
    jb.apack = buf + b_floats;

    if (nt > 1)
        rg_pool_run(ex->pool, gemm_task, &jb);
    else
        gemm_task(&jb, 0, 1);
    rg__aligned_free(buf);
    return RG_OK;
}
