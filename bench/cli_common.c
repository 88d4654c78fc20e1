/* cli_common.c: usage errors, option parsing and signal handling shared by the subcommands. */
#include "cli_common.h"
#include "harness.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The one global: set by SIGINT/SIGTERM, read between cases. */
static volatile sig_atomic_t stop_flag;

static void on_signal(int sig) {
    (void)sig;
    stop_flag = 1;
}

const volatile sig_atomic_t *rg__cli_signals_install(rg__cli_signals *saved) {
    stop_flag = 0;
    /* SA_RESTART: a signal only sets the flag; a write or wait it lands in goes on (a table
     * or results file written into a pipe would otherwise fail half-way with EINTR). */
    struct sigaction sa = {.sa_handler = on_signal, .sa_flags = SA_RESTART};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &saved->old_int);
    sigaction(SIGTERM, &sa, &saved->old_term);
    return &stop_flag;
}

void rg__cli_signals_restore(const rg__cli_signals *saved) {
    sigaction(SIGINT, &saved->old_int, NULL);
    sigaction(SIGTERM, &saved->old_term, NULL);
}

int rg__usage_error(const char *cmd, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "ridge%s%s: %s\n", cmd ? " " : "", cmd ? cmd : "", msg);
    return 2;
}

int rg__bad_option(const char *cmd, int argc, char **argv, int c) {
    const char *arg = optind - 1 < argc ? argv[optind - 1] : "?";
    if (c == ':') return rg__usage_error(cmd, "%s: missing value", arg);
    if (optopt && optopt != '?' && strncmp(arg, "--", 2) != 0)
        return rg__usage_error(cmd, "unknown option '-%c' (see 'ridge %s --help')", optopt, cmd);
    return rg__usage_error(cmd, "unknown option '%s' (see 'ridge %s --help')", arg, cmd);
}

void rg__reset_getopt(void) {
    optind = 0; /* glibc: 0 forces a full re-initialisation between calls */
    opterr = 0;
}

int rg__parse_positive_int(const char *cmd, const char *opt, const char *v, int max, int *out) {
    int64_t x;
    if (rg__parse_i64(v, &x) != 0 || x < 1 || x > max)
        return rg__usage_error(cmd, "%s: expected a positive integer up to %d, got '%s'", opt, max,
                               v);
    *out = (int)x;
    return 0;
}

int rg__parse_seconds(const char *cmd, const char *opt, const char *v, int allow_zero,
                      double *out) {
    double x;
    if (rg__parse_f64(v, &x) != 0 || x < 0 || (!allow_zero && x == 0) || x > 86400)
        return rg__usage_error(cmd, "%s: expected seconds %s 0 (up to 86400), got '%s'", opt,
                               allow_zero ? ">=" : ">", v);
    *out = x;
    return 0;
}

int rg__parse_price(const char *cmd, const char *opt, const char *v, double *out) {
    double x;
    if (rg__parse_f64(v, &x) != 0 || !(x > 0) || x > 1e6)
        return rg__usage_error(cmd, "%s: expected US dollars per hour, > 0, got '%s'", opt, v);
    *out = x;
    return 0;
}
