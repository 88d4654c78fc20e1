/* probe_bw_scalar.c: the bandwidth loops in plain C for CPUs without AVX2 (the compiler may use
 * the baseline SSE2 of x86-64). */
#include "probe_bw.h"

/* Independent sums, as in the vector kernels: a single one would be add-latency bound. */
#define ACC 8

static float bw_read(const float *a, int64_t n) {
    float acc[ACC] = {0};
    for (int64_t i = 0; i < n; i += ACC)
        for (int j = 0; j < ACC; j++)
            acc[j] += a[i + j];
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

/* The empty asm after each block keeps the compiler from turning these loops into memset or
 * memcpy calls, which may use non-temporal stores (the probes promise plain ones). */
static void bw_write(float *a, int64_t n, float s) {
    for (int64_t i = 0; i < n; i += RG__BW_BLOCK) {
        for (int j = 0; j < RG__BW_BLOCK; j++)
            a[i + j] = s;
        __asm__ volatile("" ::: "memory");
    }
}

static void bw_copy(float *a, const float *b, int64_t n) {
    for (int64_t i = 0; i < n; i += RG__BW_BLOCK) {
        for (int j = 0; j < RG__BW_BLOCK; j++)
            a[i + j] = b[i + j];
        __asm__ volatile("" ::: "memory");
    }
}

static void bw_triad(float *a, const float *b, const float *c, int64_t n, float s) {
    for (int64_t i = 0; i < n; i += RG__BW_BLOCK)
        for (int j = 0; j < RG__BW_BLOCK; j++)
            a[i + j] = b[i + j] + s * c[i + j];
}

void rg__bw_scalar(rg_bw_kernel k, float *a, const float *b, const float *c, int64_t n, float s,
                   float *sink) {
    RG__BW_DISPATCH(k, a, b, c, n, s, sink);
}
