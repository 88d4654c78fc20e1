/* soak_mem.c: reading VmRSS and VmHWM, and the soak's rule for stable resident memory. */
#include "soak_mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "NAME:   123456 kB" somewhere in text, at the start of a line: the value in MiB. */
static int field_mib(const char *text, const char *name, double *out) {
    size_t len = strlen(name);
    for (const char *p = text; *p;) {
        if (!strncmp(p, name, len) && p[len] == ':') {
            char *end;
            unsigned long long kb = strtoull(p + len + 1, &end, 10);
            if (end == p + len + 1) return -1;
            while (*end == ' ' || *end == '\t')
                end++;
            if (strncmp(end, "kB", 2)) return -1;
            *out = (double)kb / 1024.0;
            return 0;
        }
        const char *nl = strchr(p, '\n');
        if (!nl) break;
        p = nl + 1;
    }
    return -1;
}

int soak_mem_parse(const char *status, soak_mem *m) {
    if (!status || !m) return -1;
    soak_mem v;
    if (field_mib(status, "VmRSS", &v.rss_mib) || field_mib(status, "VmHWM", &v.hwm_mib)) return -1;
    *m = v;
    return 0;
}

int soak_mem_read(soak_mem *m) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char text[8192];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    return soak_mem_parse(text, m);
}

double soak_rss_limit(double reference_mib) {
    double pct = reference_mib * SOAK_GROWTH_PCT / 100.0;
    return reference_mib + (pct > SOAK_GROWTH_MIB ? pct : SOAK_GROWTH_MIB);
}

int soak_rss_unstable(const double *rss_mib, int n, double *limit_mib) {
    if (limit_mib) *limit_mib = 0;
    if (!rss_mib || n < 3) return 0;
    double limit = soak_rss_limit(rss_mib[1]);
    if (limit_mib) *limit_mib = limit;
    for (int k = 2; k < n; k++)
        if (!(rss_mib[k] <= limit)) return k + 1;
    return 0;
}
