/* soak.c: ridge_soak, `ridge run` N times back to back in one process, with its resident memory
 * after each repetition; fails on a failed run or growing memory (scripts/soak.sh). */
/* Usage: ridge_soak N OUT_PREFIX -- run [ridge run options, without -o]
 * Repetition k (1..N) runs rg__cli_main on the same command line plus `-o OUT_PREFIX-k.json`,
 * then prints one line: its exit code, VmRSS and VmHWM (MiB) and its wall time. In a sanitizer
 * build LeakSanitizer checks the whole process when it exits, so a leak in any repetition fails
 * it. Exit 0: every repetition exited 0 and the RSS is stable (soak_mem.h: after repetition 2,
 * no later one above it by more than max(5%, 16 MiB)); 1: a repetition failed or memory grew;
 * 2: bad usage. `--rounds` runs its rounds as child processes of RIDGE_EXE (a ridge binary). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "soak_mem.h"

#define MAX_REPS 100

/* Under AddressSanitizer freed memory waits in a quarantine (256 MiB by default) before it is
 * reused, so RSS climbs for the first few hundred MiB freed whatever the program does: a small
 * suite grew 67 MiB a repetition. Before each reading the quarantine is drained and the
 * allocator's free memory returned to the OS (__sanitizer_purge_allocator; GCC does not ship
 * its header), so that what is judged is the program's memory, not the sanitizer's. */
#if defined(__SANITIZE_ADDRESS__)
#define SOAK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SOAK_ASAN 1
#endif
#endif
#ifdef SOAK_ASAN
#include <stddef.h>
void __sanitizer_purge_allocator(void);
size_t __sanitizer_get_current_allocated_bytes(void);
#endif

/* What the program itself holds on the heap, where the allocator can say (ASan); else -1. The
 * line prints it, to tell the program's growth from the sanitizer's own bookkeeping. */
static double heap_mib(void) {
#ifdef SOAK_ASAN
    return (double)__sanitizer_get_current_allocated_bytes() / (1024.0 * 1024.0);
#else
    return -1;
#endif
}

static int usage(const char *why) {
    fprintf(stderr,
            "ridge_soak: %s\n"
            "usage: ridge_soak N OUT_PREFIX -- run [ridge run options, without -o/--out]\n"
            "  runs `ridge run` N times (1..%d) in this process, repetition k writing "
            "OUT_PREFIX-k.json\n",
            why, MAX_REPS);
    return 2;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The output is the soak's to choose: an -o/--out among the arguments is refused. In a
 * cluster of short options (-qo F, -qoF) the letters after s or t are that option's value. */
static int names_output(const char *arg) {
    if (!strncmp(arg, "--out", 5)) return 1;
    if (arg[0] != '-' || arg[1] == '-') return 0;
    for (const char *c = arg + 1; *c; c++) {
        if (*c == 'o') return 1;
        if (*c == 's' || *c == 't') return 0;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 5 || strcmp(argv[3], "--")) return usage("expected N OUT_PREFIX -- run ...");
    char *end;
    long n = strtol(argv[1], &end, 10);
    if (*end || end == argv[1] || n < 1 || n > MAX_REPS)
        return usage("N: expected a repetition count from 1 to 100");
    const char *prefix = argv[2];
    if (!prefix[0]) return usage("OUT_PREFIX: empty");
    int nargs = argc - 4; /* from `run` on */
    char **args = argv + 4;
    if (strcmp(args[0], "run")) return usage("the command line after -- must start with 'run'");
    for (int i = 1; i < nargs; i++)
        if (names_output(args[i]))
            return usage("the output files are the soak's (OUT_PREFIX-k.json): no -o or --out");

    /* getopt_long permutes argv, so each repetition gets a fresh copy: ridge args... -o path. */
    char **rep_argv = calloc((size_t)nargs + 4, sizeof *rep_argv);
    double *rss = calloc((size_t)n, sizeof *rss);
    size_t plen = strlen(prefix) + 16;
    char *path = malloc(plen);
    if (!rep_argv || !rss || !path) {
        fprintf(stderr, "ridge_soak: out of memory\n");
        free(rep_argv), free(rss), free(path);
        return 1;
    }
    int failed = 0;
    for (int k = 1; k <= n; k++) {
        snprintf(path, plen, "%s-%d.json", prefix, k);
        int m = 0;
        rep_argv[m++] = "ridge";
        for (int i = 0; i < nargs; i++)
            rep_argv[m++] = args[i];
        rep_argv[m++] = "-o";
        rep_argv[m++] = path;
        rep_argv[m] = NULL;
        double t0 = now_s();
        int code = rg__cli_main(m, rep_argv);
        double wall = now_s() - t0;
        fflush(stdout);
#ifdef SOAK_ASAN
        __sanitizer_purge_allocator();
#endif
        soak_mem mem;
        if (soak_mem_read(&mem)) {
            fprintf(stderr, "ridge_soak: cannot read VmRSS/VmHWM from /proc/self/status\n");
            failed = 1;
            break;
        }
        rss[k - 1] = mem.rss_mib;
        char heap[48] = "";
        if (heap_mib() >= 0) snprintf(heap, sizeof heap, " (live heap %.1f MiB)", heap_mib());
        printf("soak: repetition %d/%ld: exit %d, rss %.1f MiB%s, peak %.1f MiB, %.1f s, %s\n", k,
               n, code, mem.rss_mib, heap, mem.hwm_mib, wall, path);
        fflush(stdout);
        if (code) failed = 1;
    }
    double limit;
    int bad = failed ? 0 : soak_rss_unstable(rss, (int)n, &limit);
    if (failed)
        printf("soak: FAIL: a repetition did not exit 0\n");
    else if (bad)
        printf("soak: FAIL: rss after repetition %d is %.1f MiB, above %.1f MiB (repetition 2's "
               "%.1f MiB + max(%g%%, %g MiB))\n",
               bad, rss[bad - 1], limit, rss[1], SOAK_GROWTH_PCT, SOAK_GROWTH_MIB);
    else if (n < 3)
        printf("soak: PASS: %ld repetition(s) exited 0 (memory not judged: it needs 3)\n", n);
    else {
        double top = rss[2];
        for (int k = 3; k < n; k++)
            top = rss[k] > top ? rss[k] : top;
        printf("soak: PASS: %ld repetitions exited 0; rss stable: repetitions 3..%ld at most "
               "%.1f MiB, limit %.1f MiB (repetition 2's %.1f MiB + max(%g%%, %g MiB))\n",
               n, n, top, limit, rss[1], SOAK_GROWTH_PCT, SOAK_GROWTH_MIB);
    }
    free(rep_argv), free(rss), free(path);
    return failed || bad ? 1 : 0;
}
