/* buffers.c: case and probe buffers, on huge pages where asked (buffers.h). */
#include "buffers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

const char *rg__pages_name(rg_pages p) {
    return p == RG_PAGES_SMALL ? "small" : "huge";
}

int rg__pages_parse(const char *name, rg_pages *out) {
    if (!strcmp(name, "huge"))
        *out = RG_PAGES_HUGE;
    else if (!strcmp(name, "small"))
        *out = RG_PAGES_SMALL;
    else
        return -1;
    return 0;
}

void *rg__buf_alloc(int64_t bytes, rg_pages pages) {
    if (bytes < 0) return NULL;
    size_t n = ((size_t)bytes + 63) & ~(size_t)63;
    if (n == 0) n = 64;
    if (pages == RG_PAGES_SMALL || n < HUGE_PAGE) return aligned_alloc(64, n);
    /* Whole huge pages, so that the buffer shares none with its neighbours. */
    n = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    void *p = aligned_alloc(HUGE_PAGE, n);
#ifdef MADV_HUGEPAGE
    /* Advice: failing it (a kernel without THP) leaves ordinary pages, which is still correct. */
    if (p) (void)madvise(p, n, MADV_HUGEPAGE);
#endif
    return p;
}

void rg__thp_mode(char *buf, size_t len) {
    buf[0] = '\0';
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (!f) return;
    char line[128];
    if (fgets(line, sizeof line, f)) {
        char *a = strchr(line, '['), *b = a ? strchr(a, ']') : NULL;
        if (a && b && b - a - 1 < (long)len) snprintf(buf, len, "%.*s", (int)(b - a - 1), a + 1);
    }
    fclose(f);
}
