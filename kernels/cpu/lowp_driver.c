/* lowp_driver.c: the loops around the low-precision microkernel. Threads either split the rows
 * of C and share each packed panel of B, a slice packed by each (one barrier per panel), or own
 * blocks of C with their own panels (no barriers): whichever packs less on the busiest thread. */
#include "lowp_internal.h"
#include "sgemm_internal.h"

/* Below this many operations the pool's wake-up costs more than a second core saves. */
#define MIN_OPS_PER_THREAD (1e6)
/* The most threads that share one packed panel of B. Measured on 2 (and tested on 3); 8 keeps
 * the panel's readers within one L3 on today's AMD parts (a CCD has 8 cores): more threads
 * would read it across L3 slices or sockets, where private panels stay local. */
#define SHARED_B_MAX_THREADS 8
/* Packing one element costs about as much as this many multiply-adds of the microkernel
 * (a transpose or interleave against a dot product on 2 or 4 pairs per lane). */
#define PACK_WEIGHT 32

typedef struct {
    const rg__lowp_problem *p;
    const rg__lowp_kernel *kern;
    rg__lowp_fmt fmt_a, fmt_b;
    rg__lowp_ukr_fn ukr;
    int g, esize;
    rg__lowp_plan pl; /* blocks and thread grid */
    rg_pool *pool;
    rg__lane *buf;
    int64_t a_lanes, b_lanes; /* per thread */
    /* Shared B (tm = nt): two panels, so that the next is packed while no thread still reads
     * it (a thread packs panel s + 1 only after every thread has packed panel s, hence has
     * finished computing with panel s - 1, the buffer it overwrites). */
    rg__lane *bshared;
    int64_t bs_lanes;
} job;

static int64_t ceil_div(int64_t a, int64_t b) {
    return (a + b - 1) / b;
}
static int64_t min64(int64_t a, int64_t b) {
    return a < b ? a : b;
}

/* cols rounded down to whole tiles of nr, at least one. */
static int64_t whole_tiles(int64_t cols, int64_t nr) {
    return cols / nr > 1 ? cols / nr * nr : nr;
}

/* Share `part` of `parts` of `units` tiles of size `size` over `total`: [*lo, *hi). */
static void split(int64_t total, int64_t size, int part, int parts, int64_t *lo, int64_t *hi) {
    const int64_t units = ceil_div(total, size), q = units / parts, r = units % parts;
    const int64_t u0 = part * q + min64(part, r), u1 = u0 + q + (part < r);
    *lo = min64(u0 * size, total);
    *hi = min64(u1 * size, total);
}

static void task(void *arg, int tid, int nt) {
    const job *jb = arg;
    const rg__lowp_problem *p = jb->p;
    const rg__lowp_kernel *kern = jb->kern;
    const int64_t mr = kern->mr, nr = kern->nr, g = jb->g, es = jb->esize;
    rg__lane *apack = jb->buf + (int64_t)tid * (jb->a_lanes + jb->b_lanes);
    rg__lane *bpack = apack + jb->a_lanes;
    int64_t m0, m1, n0, n1;
    split(p->m, mr, tid / jb->pl.tn, jb->pl.tm, &m0, &m1);
    split(p->n, nr, tid % jb->pl.tn, jb->pl.tn, &n0, &n1);
    /* With a shared B every thread packs its slice and meets the others, rows or none. */
    if (!jb->bshared && (m1 <= m0 || n1 <= n0)) return;

    int64_t step = 0;
    for (int64_t jc = n0; jc < n1; jc += jb->pl.nc) {
        const int64_t nc_cur = min64(jb->pl.nc, n1 - jc);
        for (int64_t pc = 0; pc < p->k; pc += jb->pl.kc, step++) {
            const int64_t kc_cur = min64(jb->pl.kc, p->k - pc), kg = ceil_div(kc_cur, g);
            const int first = pc == 0, last = pc + kc_cur >= p->k;
            int64_t c0 = 0, c1 = nc_cur;
            if (jb->bshared) {
                bpack = jb->bshared + (step & 1) * jb->bs_lanes;
                split(nc_cur, nr, tid, nt, &c0, &c1);
            }
            /* Micro-panels lie nr * kg lanes apart: a slice of them is packed at its place. */
            if (c1 > c0)
                kern->pack(jb->fmt_b, (int)nr, c1 - c0, kc_cur,
                           (const char *)p->b + (pc * p->rs_b + (jc + c0) * p->cs_b) * es, p->cs_b,
                           p->rs_b, bpack + c0 * kg);
            if (jb->bshared) rg_pool_barrier(jb->pool);
            for (int64_t ic = m0; ic < m1; ic += jb->pl.mc) {
                const int64_t mc_cur = min64(jb->pl.mc, m1 - ic);
                kern->pack(jb->fmt_a, (int)mr, mc_cur, kc_cur,
                           (const char *)p->a + (ic * p->rs_a + pc * p->cs_a) * es, p->rs_a,
                           p->cs_a, apack);
                for (int64_t jr = 0; jr < nc_cur; jr += nr)
                    for (int64_t ir = 0; ir < mc_cur; ir += mr)
                        jb->ukr(kg, apack + ir * kg, bpack + jr * kg, &p->out, ic + ir, jc + jr,
                                (int)min64(mr, mc_cur - ir), (int)min64(nr, nc_cur - jr), first,
                                last);
            }
        }
    }
}

/* Thread grid tm x tn = nt with the least work on the busiest thread: its multiply-adds
 * (whole tiles) plus the elements it packs (its rows of A once per column block; its columns
 * of B once, or with tm = nt, a row tile for every thread and a large B, 1 / nt of them: the
 * shared B, whose two alternating panels take the L3 budget of nt private ones). Measured on 2
 * Zen 4 cores (bf16 2048^3 NT): the shared B 3-4% faster than private panels, its barriers
 * costing less than the packing they save. */
void rg__lowp_plan_for(const rg__lowp_kernel *kern, const rg_cache_sizes *caches, int64_t m,
                       int64_t n, int64_t k, int nt, rg__lowp_plan *out) {
    const int64_t mr = kern->mr, nr = kern->nr;
    /* The fp32 SGEMM's cache blocks, counted in 32-bit lanes: KC lanes of g elements each. */
    rg__sgemm_kernel shape = {.isa = kern->isa, .mr = kern->mr, .nr = kern->nr};
    rg_gemm_blocking bk;
    rg__sgemm_blocking_for(&shape, caches, &bk);
    const int64_t nc_private = whole_tiles(bk.nc / nt, nr), nc_shared = whole_tiles(bk.nc / 2, nr);
    out->kc = (int64_t)bk.kc * rg__lowp_fmt_group(kern->fmt_x);
    out->mc = bk.mc;
    out->nc = nc_private;
    out->tm = out->tn = 1;
    out->shared_b = 0;
    /* Sharing pays where B is large: a small B is packed cheaply from cache by each thread,
     * and its shared panels would cost a barrier and cross-core reads (ridge ab, 2 threads:
     * bf16 256^3 6% and 512^3 2% slower shared, 1024^3 even; 2048^3 3-4% faster). */
    const int big_b =
        (double)k * (double)n * rg__lowp_fmt_esize(kern->fmt_x) >= 4.0 * (double)caches->l2;
    double best = -1;
    for (int t = 1; t <= nt && nt > 1; t++) {
        if (nt % t) continue;
        const int sh = t == nt && nt <= SHARED_B_MAX_THREADS && ceil_div(m, mr) >= nt && big_b;
        const int64_t nc = sh ? nc_shared : nc_private;
        const double rows = (double)(ceil_div(ceil_div(m, mr), t) * mr);
        const double cols = (double)(ceil_div(ceil_div(n, nr), nt / t) * nr);
        const double blocks = (double)ceil_div((int64_t)cols, nc);
        const double bcols = sh ? cols / nt : cols;
        const double w =
            rows * cols * (double)k + PACK_WEIGHT * (double)k * (bcols + rows * blocks);
        /* At a tie (two threads: as much packing either way) the shared B, measured faster. */
        if (best < 0 || w < best || (sh && w <= best * 1.000001)) {
            best = w;
            out->tm = t;
            out->tn = nt / t;
            out->shared_b = sh;
            out->nc = nc;
        }
    }
}

typedef struct {
    const rg__lowp_problem *p;
    rg__lowp_skinny_fn skinny;
    int prefetch; /* A comes from DRAM (rg__streams_from_dram) */
} skinny_job;

/* Threads take rows of C (multiples of 16: whole lines of a row-major C's columns). */
static void skinny_task(void *arg, int tid, int nt) {
    const skinny_job *sj = arg;
    int64_t lo, hi;
    split(sj->p->m, 16, tid, nt, &lo, &hi);
    if (hi > lo) sj->skinny(sj->p, lo, hi, sj->prefetch);
}

int rg__lowp_skinny_fits(const rg__lowp_kernel *kern, const rg__lowp_problem *p) {
    return kern->skinny && p->n <= RG__LOWP_SKINNY_MAX_N && p->cs_a == 1 && p->rs_b == 1;
}

int rg__lowp_run(const rg_exec *ex, const rg__lowp_kernel *kern, rg__lowp_problem *p) {
    job jb = {.p = p, .kern = kern};
    int nt = ex->pool ? rg_pool_size(ex->pool) : 1;
    if (2.0 * (double)p->m * (double)p->n * (double)p->k < MIN_OPS_PER_THREAD * nt) nt = 1;

    /* Few columns against rows and columns contiguous along k (decode against nn.Linear
     * weights): no packing, A read once where it lies. */
    if (rg__lowp_skinny_fits(kern, p)) {
        const double a_bytes = (double)p->m * (double)p->k * (kern->int8 ? 1.0 : 2.0);
        skinny_job sj = {p, kern->skinny, rg__streams_from_dram(a_bytes, ex->caches.l3)};
        if (nt > 1)
            rg_pool_run(ex->pool, skinny_task, &sj);
        else
            skinny_task(&sj, 0, 1);
        return RG_OK;
    }

    jb.fmt_a = p->a_is_x ? kern->fmt_x : kern->fmt_y;
    jb.fmt_b = p->a_is_x ? kern->fmt_y : kern->fmt_x;
    jb.ukr = p->a_is_x ? kern->ukr : kern->ukr_yx;
    jb.g = rg__lowp_fmt_group(jb.fmt_a);
    jb.esize = rg__lowp_fmt_esize(jb.fmt_a);

    rg__lowp_plan_for(kern, &ex->caches, p->m, p->n, p->k, nt, &jb.pl);

    /* Buffers sized to this problem, not to the blocks: small GEMMs stay cheap. */
    const int64_t kg = ceil_div(min64(jb.pl.kc, p->k), jb.g);
    const int64_t rows = ceil_div(ceil_div(p->m, kern->mr), jb.pl.tm) * kern->mr;
    const int64_t cols = ceil_div(ceil_div(p->n, kern->nr), jb.pl.tn) * kern->nr;
    jb.a_lanes = (kg * min64(jb.pl.mc, rows) + 15) / 16 * 16;
    jb.b_lanes = (kg * min64(jb.pl.nc, cols) + 15) / 16 * 16;
    if (jb.pl.shared_b) {
        jb.bs_lanes = jb.b_lanes;
        jb.b_lanes = 0;
    }
    size_t bytes = ((size_t)nt * (size_t)(jb.a_lanes + jb.b_lanes) + 2 * (size_t)jb.bs_lanes) *
                   sizeof(rg__lane);
    /* Several k blocks: the workspace keeps the 4-byte sums between them. An fp32 C that is not
     * read (beta == 0) serves: no allocation (a fresh one of C's size would cost a page fault
     * per 4 KiB at every call). */
    const int blocks = p->k > jb.pl.kc, own_w = blocks && (p->out.c_bf16 || p->out.beta != 0.0f);
    size_t w_bytes = own_w ? (size_t)p->m * (size_t)p->n * 4 : 0;
    char *mem = rg__aligned_alloc(64, bytes + w_bytes);
    if (!mem) return RG_ENOMEM;
    jb.buf = (rg__lane *)mem;
    jb.pool = ex->pool;
    jb.bshared = jb.pl.shared_b ? jb.buf + (size_t)nt * (size_t)jb.a_lanes : NULL;
    p->out.w = own_w ? mem + bytes : blocks ? p->out.c : NULL;
    p->out.ldw = own_w ? p->m : p->out.cs_c;

    if (nt > 1)
        rg_pool_run(ex->pool, task, &jb);
    else
        task(&jb, 0, 1);
    rg__aligned_free(mem);
    return RG_OK;
}
