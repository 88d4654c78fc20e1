/* runner.c: main() of the in-process test binaries (criterion/criterion.h here): every
 * registered test in registration order, in this process; exit 0 when none failed. An optional
 * argument keeps only the tests whose "suite/name" contains it. */
#include "criterion/criterion.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>

#define MAX_TESTS 512

static struct {
    const char *suite, *name;
    rg_inproc_fn fn;
} tests[MAX_TESTS];
static int ntests, failed_checks;
static jmp_buf test_end;

void rg_inproc_register(const char *suite, const char *name, rg_inproc_fn fn) {
    if (ntests == MAX_TESTS) {
        fprintf(stderr, "in-process runner: more than %d tests\n", MAX_TESTS);
        exit(2);
    }
    tests[ntests].suite = suite, tests[ntests].name = name, tests[ntests].fn = fn;
    ntests++;
}

void rg_inproc_fail(int fatal, const char *file, int line, const char *expr, const char *fmt, ...) {
    fprintf(stderr, "  %s:%d: check failed: %s", file, line, expr);
    if (fmt[0]) {
        va_list ap;
        va_start(ap, fmt);
        fputs(": ", stderr);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
    }
    fputc('\n', stderr);
    failed_checks++;
    if (fatal) longjmp(test_end, 1);
}

void rg_inproc_skip(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("  skipped: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    longjmp(test_end, 2);
}

/* 0 ran to the end or failed a non-fatal check, 1 a fatal check ended it, 2 skipped. Its own
 * frame, so that the longjmp clobbers nothing of the caller's. */
static int run_one(rg_inproc_fn fn) {
    int how = setjmp(test_end);
    if (how == 0) fn();
    return how;
}

int main(int argc, char **argv) {
    const char *filter = argc > 1 ? argv[1] : NULL;
    int run = 0, failed = 0, skipped = 0;
    for (int i = 0; i < ntests; i++) {
        char full[256];
        snprintf(full, sizeof full, "%s/%s", tests[i].suite, tests[i].name);
        if (filter && !strstr(full, filter)) continue;
        fprintf(stderr, "%s\n", full);
        int before = failed_checks;
        skipped += run_one(tests[i].fn) == 2;
        run++;
        if (failed_checks > before) {
            failed++;
            fprintf(stderr, "  FAILED\n");
        }
    }
    printf("in-process: %d tests, %d failed, %d skipped\n", run, failed, skipped);
    return failed ? 1 : 0;
}
