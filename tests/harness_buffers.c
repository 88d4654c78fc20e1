/* harness_buffers.c: case buffers (bench/buffers.c): aligned, and from 2 MiB up advised onto
 * transparent huge pages unless small pages are asked for; the page kind's names. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffers.h"

/* 1 when the mapping holding p carries the "hg" flag (madvise MADV_HUGEPAGE), 0 when not, -1
 * when /proc/self/smaps cannot say. */
static int advised_huge(const void *p) {
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f) return -1;
    char line[512];
    int in = 0, found = -1;
    const uintptr_t a = (uintptr_t)p;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
            in = a >= lo && a < hi;
            continue;
        }
        if (in && !strncmp(line, "VmFlags:", 8)) {
            found = strstr(line, " hg") != NULL;
            break;
        }
    }
    fclose(f);
    return found;
}

static int thp_supported(void) {
    char mode[16];
    rg__thp_mode(mode, sizeof mode);
    return mode[0] != '\0';
}

Test(buffers, names) {
    rg_pages p = RG_PAGES_SMALL;
    cr_expect_eq(rg__pages_parse("huge", &p), 0);
    cr_expect_eq(p, RG_PAGES_HUGE);
    cr_expect_eq(rg__pages_parse("small", &p), 0);
    cr_expect_eq(p, RG_PAGES_SMALL);
    cr_expect_eq(rg__pages_parse("Huge", &p), -1);
    cr_expect_eq(rg__pages_parse("", &p), -1);
    cr_expect_str_eq(rg__pages_name(RG_PAGES_HUGE), "huge");
    cr_expect_str_eq(rg__pages_name(RG_PAGES_SMALL), "small");
}

Test(buffers, alignment_and_sizes) {
    const int64_t sizes[] = {0, 1, 63, 64, 4097, (2 << 20) - 1, 2 << 20, (5 << 20) + 3};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (int k = 0; k < 2; k++) {
            const rg_pages pg = k ? RG_PAGES_SMALL : RG_PAGES_HUGE;
            unsigned char *p = rg__buf_alloc(sizes[i], pg);
            cr_assert(p, "%lld bytes", (long long)sizes[i]);
            cr_expect_eq((uintptr_t)p % 64, 0u);
            if (pg == RG_PAGES_HUGE && sizes[i] >= (2 << 20))
                cr_expect_eq((uintptr_t)p % (2u << 20), 0u, "%lld bytes not on a 2 MiB boundary",
                             (long long)sizes[i]);
            memset(p, 0xa5, sizes[i] > 0 ? (size_t)sizes[i] : 1); /* all of it is usable */
            free(p);
        }
    cr_expect_null(rg__buf_alloc(-1, RG_PAGES_HUGE));
}

Test(buffers, large_buffers_are_advised_onto_huge_pages) {
    if (!thp_supported()) cr_skip_test("no transparent huge pages on this kernel");
    const int64_t n = 8 << 20;
    void *huge = rg__buf_alloc(n, RG_PAGES_HUGE), *small = rg__buf_alloc(n, RG_PAGES_SMALL);
    void *little = rg__buf_alloc(4096, RG_PAGES_HUGE);
    cr_assert(huge && small && little);
    memset(huge, 1, (size_t)n);
    memset(small, 1, (size_t)n);
    int h = advised_huge(huge), s = advised_huge(small);
    if (h < 0) cr_skip_test("/proc/self/smaps has no VmFlags here");
    cr_expect_eq(h, 1, "huge: no MADV_HUGEPAGE on the buffer's mapping");
    cr_expect_eq(s, 0, "small: the buffer's mapping is advised huge");
    free(huge);
    free(small);
    free(little);
}

Test(buffers, thp_mode_is_a_known_word_or_empty) {
    char mode[16];
    rg__thp_mode(mode, sizeof mode);
    cr_expect(!mode[0] || !strcmp(mode, "always") || !strcmp(mode, "madvise") ||
                  !strcmp(mode, "never"),
              "'%s'", mode);
}
