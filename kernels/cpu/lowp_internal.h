/* lowp_internal.h: the low-precision GEMM framework (bf16, u8s8): problem, kernels, output. */
#ifndef RG_LOWP_INTERNAL_H
#define RG_LOWP_INTERNAL_H

#include "common/internal.h"

/* Packed operands are 32-bit lanes: a lane holds `group` consecutive k elements of one row
 * (bf16 pairs for vdpbf16ps, byte quads for vpdpbusd), or one element widened (group 1: fp32)
 * or a pair widened to int16 (group 2). A micro-panel of r rows is ceil(k / group) steps of r
 * lanes, zero past the panel's rows and past k. */
typedef uint32_t rg__lane;

/* Source formats and what packing makes of them. */
typedef enum {
    RG_LP_BF16_PAIR = 0, /* bf16 -> bf16 pairs (group 2) */
    RG_LP_BF16_F32,      /* bf16 -> fp32 (group 1) */
    RG_LP_8_QUAD,        /* 8-bit -> byte quads, bits unchanged (group 4) */
    RG_LP_U8_S16_PAIR,   /* u8 -> int16 pairs (group 2) */
    RG_LP_S8_S16_PAIR,   /* s8 -> int16 pairs (group 2) */
    RG_LP_FMT_COUNT_
} rg__lowp_fmt;

int rg__lowp_fmt_group(rg__lowp_fmt f);
int rg__lowp_fmt_esize(rg__lowp_fmt f); /* bytes of one source element */

/* Packs an mn x k block of X (element (i, p) at byte x + (i * inc_mn + p * inc_k) * esize)
 * into micro-panels of r rows, k counted in elements. */
typedef void (*rg__lowp_pack_fn)(rg__lowp_fmt f, int r, int64_t mn, int64_t k, const void *x,
                                 int64_t inc_mn, int64_t inc_k, rg__lane *dst);

/* Where and how a tile's accumulators end up. The accumulators of the k blocks before the
 * last go to the workspace w (4-byte elements, (i, j) at w[i + j * ldw]; C itself when it is
 * fp32 and not read); the last block adds w in and writes C[i, j] (rs 1, cs cs_c; fp32 or
 * bf16) as
 *   r = s * x (+ beta * C when beta != 0; C is never read when beta == 0),
 * x the fp32 accumulator, or for integer accumulators (float)(acc - comp[i, j]), and s the
 * scale at (i, j) (scale[i * rs_s + j * cs_s]) or alpha when scale is NULL. */
typedef struct {
    void *c;
    int64_t cs_c;
    int c_bf16;
    float alpha, beta;
    const float *scale;
    int64_t rs_s, cs_s;
    const int32_t *comp; /* NULL: none */
    int64_t rs_z, cs_z;
    void *w;
    int64_t ldw;
} rg__lowp_out;

/* One MR x NR tile: accumulates kg k-steps of the micro-panels ap and bp (m <= MR, n <= NR
 * rows and columns valid) and disposes of the sum per `out`: first says no earlier k block
 * wrote w, last that this block is the final one. Tile (0, 0) is C's element (i0, j0). */
typedef void (*rg__lowp_ukr_fn)(int64_t kg, const rg__lane *ap, const rg__lane *bp,
                                const rg__lowp_out *out, int64_t i0, int64_t j0, int m, int n,
                                int first, int last);

/* The few-columns form (lowp_skinny_simd.h): rows [i0, i1) of C, all n <= RG__LOWP_SKINNY_MAX_N
 * columns, from A's rows and B's columns as they lie (cs_a == 1, rs_b == 1: contiguous along
 * k), disposed of per p->out in one pass (no workspace); prefetch: A comes from DRAM
 * (rg__streams_from_dram), so the kernel asks for rows ahead. */
#define RG__LOWP_SKINNY_MAX_N 16
typedef struct rg__lowp_problem rg__lowp_problem;
typedef void (*rg__lowp_skinny_fn)(const rg__lowp_problem *p, int64_t i0, int64_t i1, int prefetch);

/* A kernel: formats of the operands (x: bf16 or the u8 one, y: bf16 or the s8 one), the
 * microkernel for A = x (ukr) and for A = y (ukr_yx: operands exchanged, for vpdpbusd whose
 * first operand must be the unsigned one), and its packer. */
typedef struct {
    const char *name;
    rg_isa isa;
    rg_lowp_method method; /* RG_LOWP_DOT or RG_LOWP_WIDEN */
    int int8;
    int mr, nr;
    rg__lowp_fmt fmt_x, fmt_y;
    rg__lowp_pack_fn pack;
    rg__lowp_ukr_fn ukr, ukr_yx;
    rg__lowp_skinny_fn skinny; /* NULL: none */
} rg__lowp_kernel;

/* The kernel for a dtype, ISA level (never AUTO) and method (AUTO resolved here, the CPU's
 * dot-product extensions included); NULL when none can run. */
const rg__lowp_kernel *rg__lowp_kernel_get(int int8, rg_isa isa, rg_lowp_method method);
/* The kernel for problem p (canonical; NULL: a product that packs): as rg__lowp_kernel_get, but
 * AUTO keeps the dot-product kernel for the skinny products its no-packing form takes, where
 * the CPU has it, also on CPUs where widening wins for the packed ones. */
const rg__lowp_kernel *rg__lowp_kernel_for(int int8, rg_isa isa, rg_lowp_method method,
                                           const rg__lowp_problem *p);

/* The canonical problem: C (m x n, unit row stride) from A (m x k) and B (k x n), element (i,
 * p) of A at byte a + (i * rs_a + p * cs_a) * esize; a_is_x says A holds the x operand. */
struct rg__lowp_problem {
    int64_t m, n, k;
    const void *a;
    int64_t rs_a, cs_a;
    const void *b;
    int64_t rs_b, cs_b;
    int a_is_x;
    rg__lowp_out out;
};

/* How rg__lowp_run blocks and threads a packed problem: cache blocks (kc in elements, a
 * multiple of the format's group; mc rows, nc columns) and the thread grid: tm ranges of rows
 * by tn of columns, shared_b when the tm = nt threads share each packed panel of B. */
typedef struct {
    int64_t mc, kc, nc;
    int tm, tn, shared_b;
} rg__lowp_plan;

/* The plan for m x n x k on nt threads (nt > 1 only where the pool runs the problem); caches
 * as resolved (no zero sizes). */
void rg__lowp_plan_for(const rg__lowp_kernel *kern, const rg_cache_sizes *caches, int64_t m,
                       int64_t n, int64_t k, int nt, rg__lowp_plan *out);

/* Runs the problem (m, n, k > 0) on ex's pool; allocates the packing buffers and the
 * workspace (when k takes several blocks). */
int rg__lowp_run(const rg_exec *ex, const rg__lowp_kernel *kern, rg__lowp_problem *p);
/* Whether rg__lowp_run takes kern's no-packing form for p: at most RG__LOWP_SKINNY_MAX_N
 * columns, both operands contiguous along k. */
int rg__lowp_skinny_fits(const rg__lowp_kernel *kern, const rg__lowp_problem *p);

/* The portable packer (any format, any strides). */
void rg__lowp_pack_generic(rg__lowp_fmt f, int r, int64_t mn, int64_t k, const void *x,
                           int64_t inc_mn, int64_t inc_k, rg__lane *dst);

/* The portable tile epilogue: t holds the tile's accumulators (fp32, or int32 when is_int)
 * column by column with leading dimension ldt. */
void rg__lowp_store_tile(const rg__lowp_out *o, int is_int, const void *t, int ldt, int64_t i0,
                         int64_t j0, int m, int n, int first, int last);

/* Column sums of an 8-bit signed k x n matrix (element (p, j) at b[p * rs + j * cs]) times
 * zero, into z[j]. */
void rg__lowp_colsum_s8(int64_t k, int64_t n, const int8_t *b, int64_t rs, int64_t cs, int32_t zero,
                        int32_t *z);

/* The kernels' microkernels and packers. */
void rg__lowp_scalar_ukr_f32(int64_t kg, const rg__lane *ap, const rg__lane *bp,
                             const rg__lowp_out *out, int64_t i0, int64_t j0, int m, int n,
                             int first, int last);
void rg__lowp_scalar_ukr_s16(int64_t kg, const rg__lane *ap, const rg__lane *bp,
                             const rg__lowp_out *out, int64_t i0, int64_t j0, int m, int n,
                             int first, int last);
void rg__lowp_avx2_ukr_f32(int64_t kg, const rg__lane *ap, const rg__lane *bp,
                           const rg__lowp_out *out, int64_t i0, int64_t j0, int m, int n, int first,
                           int last);
void rg__lowp_avx2_ukr_s16(int64_t kg, const rg__lane *ap, const rg__lane *bp,
                           const rg__lowp_out *out, int64_t i0, int64_t j0, int m, int n, int first,
                           int last);
void rg__lowp_avx512_ukr_f32(int64_t kg, const rg__lane *ap, const rg__lane *bp,
                             const rg__lowp_out *out, int64_t i0, int64_t j0, int m, int n,
                             int first, int last);
void rg__lowp_avx512_ukr_s16(int64_t kg, const rg__lane *ap, const rg__lane *bp,
                             const rg__lowp_out *out, int64_t i0, int64_t j0, int m, int n,
                             int first, int last);
void rg__lowp_avx512bf16_ukr(int64_t kg, const rg__lane *ap, const rg__lane *bp,
                             const rg__lowp_out *out, int64_t i0, int64_t j0, int m, int n,
                             int first, int last);
void rg__lowp_avx512vnni_ukr_us(int64_t kg, const rg__lane *ap, const rg__lane *bp,
                                const rg__lowp_out *out, int64_t i0, int64_t j0, int m, int n,
                                int first, int last);
void rg__lowp_avx512vnni_ukr_su(int64_t kg, const rg__lane *ap, const rg__lane *bp,
                                const rg__lowp_out *out, int64_t i0, int64_t j0, int m, int n,
                                int first, int last);
void rg__lowp_avx512bf16_skinny(const rg__lowp_problem *p, int64_t i0, int64_t i1, int prefetch);
void rg__lowp_avx512vnni_skinny(const rg__lowp_problem *p, int64_t i0, int64_t i1, int prefetch);
void rg__lowp_avx512_pack(rg__lowp_fmt f, int r, int64_t mn, int64_t k, const void *x,
                          int64_t inc_mn, int64_t inc_k, rg__lane *dst);

#endif /* RG_LOWP_INTERNAL_H */
