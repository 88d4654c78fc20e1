/* ab.h: `ridge ab`, paired runs: two ridge executables (or two variants of one) run each case
 * in turn, A B then B A, round after round, and their per-round medians become two results
 * files whose samples pair up by index (docs/cli.md, "ridge ab"). */
#ifndef RG_AB_H
#define RG_AB_H

#include <signal.h>

#include "harness.h"
#include "results.h"

#define RG_AB_MAX_ARGS 48 /* run options given to both sides, or to one (--a-opt, --b-opt) */

/* One side: an executable and the run options only it gets. */
typedef struct {
    const char *exe;
    const char *args[RG_AB_MAX_ARGS];
    int nargs;
} rg__ab_side;

typedef struct {
    rg__ab_side side[2];              /* A (OLD), B (NEW) */
    const char *args[RG_AB_MAX_ARGS]; /* run options for both sides, before each side's own */
    int nargs;
    int rounds;
    int verbose;                       /* each child's command line on stderr */
    int progress;                      /* a progress line on stderr */
    const volatile sig_atomic_t *stop; /* set by SIGINT/SIGTERM */
} rg__ab_opts;

/* The side that runs first in round r (0-based): A in even rounds, B in odd ones, so that
 * running first or second weighs on both sides alike. */
int rg__ab_first(int round);

/* Checks that exe runs and is a ridge (`exe --version` prints "ridge ..."); writes its version
 * line to version. Returns 0, or RG_EINVAL with one line in err. */
int rg__ab_check_exe(const char *exe, char *version, size_t versionlen, char *err, size_t errlen);

/* Runs every case of the suite `rounds` times on both sides and fills out[0] (A) and out[1]
 * (B): one result per case and implementation, samples_s[i] being the median of round i, the
 * rest taken from the sides' own results. `command` is recorded in both files (with the
 * side). Returns 0; 1 when a case failed verification or errored (err says which); 2 on a
 * side's input error or a child that could not run (err set); 130 when interrupted (out
 * holds the cases finished). */
int rg__ab_run(const rg__ab_opts *o, const rg_suite *suite, const char *command, rg_results out[2],
               char *err, size_t errlen);

#endif /* RG_AB_H */
