/* child.h: ridge running itself as a child process (`ridge ab`'s sides, `ridge run --rounds`'s
 * rounds): a scratch folder for its files, the spawn, and reading back its results. */
#ifndef RG_CHILD_H
#define RG_CHILD_H

#include <signal.h>
#include <stddef.h>

#include "harness.h"
#include "results.h"

/* Scratch folder of one parent: a suite for the child, its results, stdout and stderr. */
typedef struct {
    char dir[256], suite[300], res[300], out[300], err[300];
} rg__child_scratch;

/* Creates the folder under $TMPDIR (or /tmp). Returns 0, or RG_EIO with one line in err. */
int rg__child_scratch_open(rg__child_scratch *s, char *err, size_t errlen);
/* Removes the folder and the files in it. */
void rg__child_scratch_close(rg__child_scratch *s);

/* Writes cases[0..n) as a suite file named name, parameters as the suite gave them, so that
 * a child runs exactly what the parent loaded. Returns 0 or RG_EIO. */
int rg__child_write_suite(const char *path, const char *name, const rg_case *cases, size_t n);

/* Runs argv with stdout and stderr sent to files; returns the wait status, or -errno. */
int rg__child_spawn_wait(char *const argv[], const char *out_path, const char *err_path);

/* The last non-empty line of a file (a child's error message), without its newline. */
void rg__child_last_line(const char *path, char *out, size_t len);

/* Runs argv, a `ridge run` whose results go to s->res (stdout discarded, stderr to s->err),
 * and reads them into *res. Returns 0 (read; no case failed), 1 (read; a case failed
 * verification or errored), 130 (interrupted: the child died of SIGINT, exited 130 or *stop
 * is set), or 2 (it could not run, failed otherwise, or left no results; *res is then empty).
 * line gets the child's last stderr line, or why it could not run. */
int rg__child_run(char *const argv[], const rg__child_scratch *s, const volatile sig_atomic_t *stop,
                  rg_results *res, char *line, size_t linelen);

#endif /* RG_CHILD_H */
