/* cli_common.h: what the `ridge` subcommands share: the command table's row, one-line usage
 * errors (exit code 2), option parsing helpers and the stop flag set by SIGINT/SIGTERM. */
#ifndef RG_CLI_COMMON_H
#define RG_CLI_COMMON_H

#include <signal.h>

#include "harness.h"

/* One subcommand: `ridge <name> ...`; run gets argv from the subcommand's name on and the
 * whole command line as typed (recorded in results files). command NULL: parse and check the
 * options only, and return the exit code they give, touching nothing (rg__cli_check). */
typedef struct {
    const char *name;
    const char *summary; /* one line for `ridge help` */
    const char *usage;   /* `ridge help <name>` and `ridge <name> --help` */
    int (*run)(int argc, char **argv, const char *command);
} rg__cli_command;

extern const rg__cli_command rg__cli_run, rg__cli_list, rg__cli_sysinfo;
extern const rg__cli_command rg__cli_report;
extern const rg__cli_command rg__cli_ceilings;
extern const rg__cli_command rg__cli_export;
extern const rg__cli_command rg__cli_compare;
extern const rg__cli_command rg__cli_ab;

/* Prints one line "ridge <cmd>: <message>" on stderr; returns exit code 2. */
int rg__usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The option getopt rejected, named as the user wrote it; returns 2. */
int rg__bad_option(const char *cmd, int argc, char **argv, int c);
/* Re-initialises getopt before a subcommand parses its options. */
void rg__reset_getopt(void);
/* Option values; each returns 0, or prints the usage error and returns 2. */
int rg__parse_positive_int(const char *cmd, const char *opt, const char *v, int max, int *out);
int rg__parse_seconds(const char *cmd, const char *opt, const char *v, int allow_zero, double *out);
/* --shape M,N,K[,TA,TB]: one GEMM f32 case, checked by the op (sizes, overflow) now. */
int rg__parse_shape(const char *cmd, const char *v, rg_case *c);
int rg__parse_price(const char *cmd, const char *opt, const char *v, double *out); /* USD/hour */

/* SIGINT/SIGTERM set the flag (between cases the harness stops and saves what it has). */
typedef struct {
    struct sigaction old_int, old_term;
} rg__cli_signals;
const volatile sig_atomic_t *rg__cli_signals_install(rg__cli_signals *saved);
void rg__cli_signals_restore(const rg__cli_signals *saved);

#endif /* RG_CLI_COMMON_H */
