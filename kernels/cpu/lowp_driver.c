/* lowp_driver.c: the loops around the low-precision microkernel, each thread on its own block of C
 * with its own packed panels (no barriers). */
#include "lowp_internal.h"
#include "sgemm_internal.h"

/* Below this many operations the pool's wake-up costs more than a second core saves. */
#define MIN_OPS_PER_THREAD (1e6)
/* Packing one element costs about as much as this many multiply-adds of the microkernel
 * (a transpose or interleave against a dot product on 2 or 4 pairs per lane). */
#define PACK_WEIGHT 32

typedef struct {
    const rg__lowp_problem *p;
    const rg__lowp_kernel *kern;
    rg__lowp_fmt fmt_a, fmt_b;
    rg__lowp_ukr_fn ukr;
    int g, esize;
    int64_t mc, kc, nc; /* kc in elements, a multiple of g */
    int tm, tn;         /* threads split m into tm ranges, n into tn */
    rg__lane *buf;
    int64_t a_lanes, b_lanes; /* per thread */
} job;

static int64_t ceil_div(int64_t a, int64_t b) {
    return (a + b - 1) / b;
}
static int64_t min64(int64_t a, int64_t b) {
    return a < b ? a : b;
}

/* Share `part` of `parts` of `units` tiles of size `size` over `total`: [*lo, *hi). */
static void split(int64_t total, int64_t size, int part, int parts, int64_t *lo, int64_t *hi) {
    const int64_t units = ceil_div(total, size), q = units / parts, r = units % parts;
    const int64_t u0 = part * q + min64(part, r), u1 = u0 + q + (part < r);
    *lo = min64(u0 * size, total);
    *hi = min64(u1 * size, total);
}

static void task(void *arg, int tid, int nt) {
    (void)nt; /* tm * tn */
    const job *jb = arg;
    const rg__lowp_problem *p = jb->p;
    const rg__lowp_kernel *kern = jb->kern;
    const int64_t mr = kern->mr, nr = kern->nr, g = jb->g, es = jb->esize;
    rg__lane *apack = jb->buf + (int64_t)tid * (jb->a_lanes + jb->b_lanes);
    rg__lane *bpack = apack + jb->a_lanes;
    int64_t m0, m1, n0, n1;
    split(p->m, mr, tid / jb->tn, jb->tm, &m0, &m1);
    split(p->n, nr, tid % jb->tn, jb->tn, &n0, &n1);
    if (m1 <= m0 || n1 <= n0) return;

    for (int64_t jc = n0; jc < n1; jc += jb->nc) {
        const int64_t nc_cur = min64(jb->nc, n1 - jc);
        for (int64_t pc = 0; pc < p->k; pc += jb->kc) {
            const int64_t kc_cur = min64(jb->kc, p->k - pc), kg = ceil_div(kc_cur, g);
            const int first = pc == 0, last = pc + kc_cur >= p->k;
            kern->pack(jb->fmt_b, (int)nr, nc_cur, kc_cur,
                       (const char *)p->b + (pc * p->rs_b + jc * p->cs_b) * es, p->cs_b, p->rs_b,
                       bpack);
            for (int64_t ic = m0; ic < m1; ic += jb->mc) {
                const int64_t mc_cur = min64(jb->mc, m1 - ic);
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
 * (whole tiles) plus the elements it packs (its columns of B once, its rows of A once per
 * column block). */
static void choose_grid(const job *jb, int nt, int *tm, int *tn) {
    const rg__lowp_problem *p = jb->p;
    const int64_t mr = jb->kern->mr, nr = jb->kern->nr;
    double best = -1;
    for (int t = 1; t <= nt; t++) {
        if (nt % t) continue;
        const double rows = (double)(ceil_div(ceil_div(p->m, mr), t) * mr);
        const double cols = (double)(ceil_div(ceil_div(p->n, nr), nt / t) * nr);
        const double blocks = (double)ceil_div((int64_t)cols, jb->nc);
        const double w =
            rows * cols * (double)p->k + PACK_WEIGHT * (double)p->k * (cols + rows * blocks);
        if (best < 0 || w < best) {
            best = w;
            *tm = t;
            *tn = nt / t;
        }
    }
}

typedef struct {
    const rg__lowp_problem *p;
    rg__lowp_skinny_fn skinny;
} skinny_job;

/* Threads take rows of C (multiples of 16: whole lines of a row-major C's columns). */
static void skinny_task(void *arg, int tid, int nt) {
    const skinny_job *sj = arg;
    int64_t lo, hi;
    split(sj->p->m, 16, tid, nt, &lo, &hi);
    if (hi > lo) sj->skinny(sj->p, lo, hi);
}

int rg__lowp_run(const rg_exec *ex, const rg__lowp_kernel *kern, rg__lowp_problem *p) {
    job jb = {.p = p, .kern = kern};
    int nt = ex->pool ? rg_pool_size(ex->pool) : 1;
    if (2.0 * (double)p->m * (double)p->n * (double)p->k < MIN_OPS_PER_THREAD * nt) nt = 1;

    /* Few columns against rows and columns contiguous along k (decode against nn.Linear
     * weights): no packing, A read once where it lies. */
    if (kern->skinny && p->n <= RG__LOWP_SKINNY_MAX_N && p->cs_a == 1 && p->rs_b == 1) {
        skinny_job sj = {p, kern->skinny};
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

    /* The fp32 SGEMM's cache blocks, counted in 32-bit lanes: KC lanes of g elements each. */
    rg__sgemm_kernel shape = {.isa = kern->isa, .mr = kern->mr, .nr = kern->nr};
    rg_gemm_blocking bk;
    rg__sgemm_blocking_for(&shape, &ex->caches, &bk);
    jb.kc = (int64_t)bk.kc * jb.g;
    jb.mc = bk.mc;
    jb.nc = bk.nc / nt / kern->nr * kern->nr;
    if (jb.nc < kern->nr) jb.nc = kern->nr;
    jb.tm = jb.tn = 1;
    if (nt > 1) choose_grid(&jb, nt, &jb.tm, &jb.tn);

    /* Buffers sized to this problem, not to the blocks: small GEMMs stay cheap. */
    const int64_t kg = ceil_div(min64(jb.kc, p->k), jb.g);
    const int64_t rows = ceil_div(ceil_div(p->m, kern->mr), jb.tm) * kern->mr;
    const int64_t cols = ceil_div(ceil_div(p->n, kern->nr), jb.tn) * kern->nr;
    jb.a_lanes = (kg * min64(jb.mc, rows) + 15) / 16 * 16;
    jb.b_lanes = (kg * min64(jb.nc, cols) + 15) / 16 * 16;
    size_t bytes = (size_t)nt * (size_t)(jb.a_lanes + jb.b_lanes) * sizeof(rg__lane);
    /* Several k blocks: the workspace keeps the 4-byte sums between them. An fp32 C that is not
     * read (beta == 0) serves: no allocation (a fresh one of C's size would cost a page fault
     * per 4 KiB at every call). */
    const int blocks = p->k > jb.kc, own_w = blocks && (p->out.c_bf16 || p->out.beta != 0.0f);
    size_t w_bytes = own_w ? (size_t)p->m * (size_t)p->n * 4 : 0;
    char *mem = rg__aligned_alloc(64, bytes + w_bytes);
    if (!mem) return RG_ENOMEM;
    jb.buf = (rg__lane *)mem;
    p->out.w = own_w ? mem + bytes : blocks ? p->out.c : NULL;
    p->out.ldw = own_w ? p->m : p->out.cs_c;

    if (nt > 1)
        rg_pool_run(ex->pool, task, &jb);
    else
        task(&jb, 0, 1);
    rg__aligned_free(mem);
    return RG_OK;
}
