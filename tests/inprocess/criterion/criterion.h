/* criterion.h (in-process): the subset of Criterion's API that ridge's kernel tests use, run in
 * one process. Criterion runs each test in a child it starts with execve, and under qemu-user
 * that child runs natively, outside the emulated CPU; these tests must run inside it
 * (scripts/emulated-cpu-test.sh). Not a general replacement: no fixtures, no timeouts, no
 * parameterized tests; a failed cr_assert ends its test, a failed cr_expect marks it. */
#ifndef RG_INPROCESS_CRITERION_H
#define RG_INPROCESS_CRITERION_H

#include <stdio.h>
#include <string.h>

typedef void (*rg_inproc_fn)(void);
void rg_inproc_register(const char *suite, const char *name, rg_inproc_fn fn);
/* Records a failed check (fatal: the test ends) or a skip; message printf-style. */
void rg_inproc_fail(int fatal, const char *file, int line, const char *expr, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void rg_inproc_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Test(suite, name) or Test(suite, name, .timeout = N): the options are ignored. */
#define Test(suite, name, ...)                                                                     \
    static void rg_inproc_##suite##_##name(void);                                                  \
    __attribute__((constructor)) static void rg_inproc_reg_##suite##_##name(void) {                \
        rg_inproc_register(#suite, #name, rg_inproc_##suite##_##name);                             \
    }                                                                                              \
    static void rg_inproc_##suite##_##name(void)

#define RG_INPROC_CHECK(fatal, cond, expr, ...)                                                    \
    do {                                                                                           \
        if (!(cond)) rg_inproc_fail(fatal, __FILE__, __LINE__, expr, "" __VA_ARGS__);              \
    } while (0)

#define cr_assert(c, ...) RG_INPROC_CHECK(1, (c), #c, __VA_ARGS__)
#define cr_expect(c, ...) RG_INPROC_CHECK(0, (c), #c, __VA_ARGS__)
#define cr_assert_not(c, ...) RG_INPROC_CHECK(1, !(c), "!(" #c ")", __VA_ARGS__)
#define cr_expect_not(c, ...) RG_INPROC_CHECK(0, !(c), "!(" #c ")", __VA_ARGS__)
#define cr_assert_eq(a, b, ...) RG_INPROC_CHECK(1, (a) == (b), #a " == " #b, __VA_ARGS__)
#define cr_expect_eq(a, b, ...) RG_INPROC_CHECK(0, (a) == (b), #a " == " #b, __VA_ARGS__)
#define cr_assert_neq(a, b, ...) RG_INPROC_CHECK(1, (a) != (b), #a " != " #b, __VA_ARGS__)
#define cr_expect_neq(a, b, ...) RG_INPROC_CHECK(0, (a) != (b), #a " != " #b, __VA_ARGS__)
#define cr_assert_leq(a, b, ...) RG_INPROC_CHECK(1, (a) <= (b), #a " <= " #b, __VA_ARGS__)
#define cr_expect_leq(a, b, ...) RG_INPROC_CHECK(0, (a) <= (b), #a " <= " #b, __VA_ARGS__)
#define cr_assert_lt(a, b, ...) RG_INPROC_CHECK(1, (a) < (b), #a " < " #b, __VA_ARGS__)
#define cr_assert_geq(a, b, ...) RG_INPROC_CHECK(1, (a) >= (b), #a " >= " #b, __VA_ARGS__)
#define cr_expect_geq(a, b, ...) RG_INPROC_CHECK(0, (a) >= (b), #a " >= " #b, __VA_ARGS__)
#define cr_assert_gt(a, b, ...) RG_INPROC_CHECK(1, (a) > (b), #a " > " #b, __VA_ARGS__)
#define cr_assert_null(p, ...) RG_INPROC_CHECK(1, (p) == NULL, #p " == NULL", __VA_ARGS__)
#define cr_assert_not_null(p, ...) RG_INPROC_CHECK(1, (p) != NULL, #p " != NULL", __VA_ARGS__)
#define cr_assert_str_eq(a, b, ...)                                                                \
    RG_INPROC_CHECK(1, strcmp((a), (b)) == 0, #a " == " #b, __VA_ARGS__)
#define cr_expect_str_eq(a, b, ...)                                                                \
    RG_INPROC_CHECK(0, strcmp((a), (b)) == 0, #a " == " #b, __VA_ARGS__)
#define cr_assert_str_neq(a, b, ...)                                                               \
    RG_INPROC_CHECK(1, strcmp((a), (b)) != 0, #a " != " #b, __VA_ARGS__)
#define cr_skip_test(...) rg_inproc_skip("" __VA_ARGS__)
#define cr_log_info(...) (fprintf(stderr, __VA_ARGS__), fputc('\n', stderr))
#define cr_log_warn(...) (fprintf(stderr, __VA_ARGS__), fputc('\n', stderr))
#define cr_log_error(...) (fprintf(stderr, __VA_ARGS__), fputc('\n', stderr))

#endif /* RG_INPROCESS_CRITERION_H */
