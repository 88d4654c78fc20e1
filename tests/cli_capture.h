/* cli_capture.h: runs `ridge` in-process (rg__cli_main) with stdout and stderr captured, and
 * checks usage errors: exit 2 and exactly one line on stderr. For the CLI tests. */
#ifndef RG_CLI_CAPTURE_H
#define RG_CLI_CAPTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct {
    int code;
    char err[4096];
    char out[16384]; /* the start of stdout */
} cli_out;

/* Runs rg__cli_main with stderr and stdout sent to temporary files (kept in o.err, o.out). */
static inline cli_out run_cli(int argc, const char **argv) {
    cli_out o;
    memset(&o, 0, sizeof o);
    fflush(stdout);
    fflush(stderr);
    FILE *ef = tmpfile(), *of = tmpfile();
    cr_assert(ef && of);
    int saved_err = dup(STDERR_FILENO), saved_out = dup(STDOUT_FILENO);
    dup2(fileno(ef), STDERR_FILENO);
    dup2(fileno(of), STDOUT_FILENO);
    o.code = rg__cli_main(argc, (char **)argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_err, STDERR_FILENO);
    dup2(saved_out, STDOUT_FILENO);
    close(saved_err);
    close(saved_out);
    rewind(ef);
    size_t n = fread(o.err, 1, sizeof o.err - 1, ef);
    o.err[n] = '\0';
    rewind(of);
    n = fread(o.out, 1, sizeof o.out - 1, of);
    o.out[n] = '\0';
    fclose(ef);
    fclose(of);
    return o;
}

#define RUN(...)                                                                                   \
    ({                                                                                             \
        const char *argv_[] = {"ridge", __VA_ARGS__, NULL};                                        \
        run_cli((int)(sizeof argv_ / sizeof argv_[0]) - 1, argv_);                                 \
    })

/* Exit 2 and exactly one non-empty line on stderr that mentions `what`. */
static inline void expect_usage_error(cli_out o, const char *what) {
    cr_expect_eq(o.code, 2, "exit code %d (want 2), stderr: %s", o.code, o.err);
    size_t len = strlen(o.err);
    cr_expect(len > 1 && o.err[len - 1] == '\n', "stderr does not end a line: '%s'", o.err);
    cr_expect_eq(strchr(o.err, '\n'), o.err + len - 1, "more than one line: '%s'", o.err);
    cr_expect(strstr(o.err, what) != NULL, "'%s' not mentioned in: %s", what, o.err);
}

#endif /* RG_CLI_CAPTURE_H */
