/* test_soak_mem.c: the soak's VmRSS/VmHWM parsing and its rule for stable resident memory. */
#include <criterion/criterion.h>
#include <math.h>

#include "soak_mem.h"

static const char status[] = "Name:\tridge_soak\n"
                             "VmPeak:\t  900000 kB\n"
                             "VmHWM:\t  524288 kB\n"
                             "VmRSS:\t  262144 kB\n"
                             "Threads:\t3\n";

Test(soak_mem, parses_rss_and_peak) {
    soak_mem m = {0, 0};
    cr_assert_eq(soak_mem_parse(status, &m), 0);
    cr_expect_eq(m.rss_mib, 256.0, "rss %g MiB, want 256", m.rss_mib);
    cr_expect_eq(m.hwm_mib, 512.0, "peak %g MiB, want 512", m.hwm_mib);
}

Test(soak_mem, missing_or_malformed_fields_are_errors) {
    soak_mem m = {1, 2};
    cr_expect_eq(soak_mem_parse("VmRSS:\t 10 kB\n", &m), -1, "no VmHWM");
    cr_expect_eq(soak_mem_parse("VmHWM:\t 10 kB\nVmRSS:\t x kB\n", &m), -1, "no number");
    cr_expect_eq(soak_mem_parse("VmHWM:\t 10 kB\nVmRSS:\t 10 MB\n", &m), -1, "not kB");
    /* A name that only starts like the field's is not it. */
    cr_expect_eq(soak_mem_parse("VmRSSX:\t 10 kB\nVmHWM:\t 10 kB\n", &m), -1, "VmRSSX");
    cr_expect_eq(soak_mem_parse(NULL, &m), -1);
    cr_expect(m.rss_mib == 1 && m.hwm_mib == 2, "failed parses leave *m alone");
}

Test(soak_mem, reads_this_process) {
    soak_mem m;
    cr_assert_eq(soak_mem_read(&m), 0);
    cr_expect(m.rss_mib > 0 && m.hwm_mib >= m.rss_mib, "rss %g MiB, peak %g MiB", m.rss_mib,
              m.hwm_mib);
}

Test(soak_mem, limit_is_5_percent_or_16_mib) {
    cr_expect_eq(soak_rss_limit(100), 116, "small: + 16 MiB, got %g", soak_rss_limit(100));
    cr_expect_eq(soak_rss_limit(320), 336, "at the crossover both give 16, got %g",
                 soak_rss_limit(320));
    cr_expect_eq(soak_rss_limit(1000), 1050, "large: + 5%%, got %g", soak_rss_limit(1000));
}

Test(soak_mem, rule_judges_from_repetition_3_against_2) {
    double limit;
    /* Repetition 1 may be far above or below: it warms the process up. */
    const double warm[] = {50, 200, 210, 216};
    cr_expect_eq(soak_rss_unstable(warm, 4, &limit), 0);
    cr_expect_eq(limit, 216, "limit %g, want 216", limit);
    const double grows[] = {200, 200, 210, 216.5};
    cr_expect_eq(soak_rss_unstable(grows, 4, &limit), 4, "repetition 4 is over 216");
    const double first_bad[] = {100, 1000, 1051, 2000};
    cr_expect_eq(soak_rss_unstable(first_bad, 4, NULL), 3, "the first one over is named");
    const double shrinks[] = {900, 1000, 400};
    cr_expect_eq(soak_rss_unstable(shrinks, 3, NULL), 0, "shrinking is stable");
    const double nan_rss[] = {1, 1, NAN};
    cr_expect_eq(soak_rss_unstable(nan_rss, 3, NULL), 3, "NaN never passes");
}

Test(soak_mem, fewer_than_3_repetitions_are_not_judged) {
    const double two[] = {10, 5000};
    double limit = -1;
    cr_expect_eq(soak_rss_unstable(two, 2, &limit), 0);
    cr_expect_eq(limit, 0);
    cr_expect_eq(soak_rss_unstable(NULL, 5, &limit), 0);
}
