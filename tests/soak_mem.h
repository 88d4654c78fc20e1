/* soak_mem.h: the soak's memory readings (VmRSS, VmHWM) and its rule for stable resident memory,
 * apart from tests/soak.c so that test_soak_mem.c can check them. */
#ifndef RG_SOAK_MEM_H
#define RG_SOAK_MEM_H

/* Resident memory now and at its peak since the process started, MiB. */
typedef struct {
    double rss_mib;
    double hwm_mib;
} soak_mem;

/* The two fields from the text of /proc/self/status ("VmRSS:   123456 kB"). Returns 0, or -1
 * when either is missing or malformed. */
int soak_mem_parse(const char *status, soak_mem *m);

/* soak_mem_parse on this process's /proc/self/status. Returns 0 or -1. */
int soak_mem_read(soak_mem *m);

/* The growth allowed over the reference repetition's RSS: max(5%, 16 MiB). LeakSanitizer finds
 * memory lost for good; this finds memory still held but growing with every run (a cache with
 * no bound, results kept twice, fragmentation). The margin is above what a steady process moves
 * by: in Release the RSS after repetitions 3 to 12 of the quick suite stayed within 0.1 MiB;
 * under ASan it drifted 0.2-1.4 MiB a repetition with the program's live heap constant (the
 * sanitizer's own bookkeeping); after a run of the default suite (buffers up to 2 GiB) the
 * allocator keeps much of what was freed (an RSS of 560 MiB in Release, where ASan counted a
 * live heap of 1 MiB), an amount no rule promises to repeat, so the margin scales with the RSS. A
 * run that kept one more of the default suite's large buffers each time (64 MiB: a 4096 x 4096
 * matrix, the decode's K and V; 1 GiB: the largest activations) fails in Release, and anything over
 * 16 MiB under ASan, where the allocator is purged before each reading (tests/soak.c). */
#define SOAK_GROWTH_PCT 5.0
#define SOAK_GROWTH_MIB 16.0
double soak_rss_limit(double reference_mib);

/* The stability rule over rss_mib[0..n-1], the RSS after each repetition. The first repetition
 * warms the process up (thread pools, the libraries' buffers and primitive caches, allocator
 * arenas, ASan's quarantine), so the reference is the RSS after repetition 2, and every later
 * repetition must end at or under soak_rss_limit(reference). Returns 0 when that holds (also
 * when n < 3: nothing to judge), else the first repetition (1-based) above the limit; *limit_mib
 * (may be NULL) gets the limit, or 0 when n < 3. */
int soak_rss_unstable(const double *rss_mib, int n, double *limit_mib);

#endif /* RG_SOAK_MEM_H */
