/* energy.c: sums the RAPL package energy counters of the powercap interface, undoing wraps. */
#define _GNU_SOURCE
#include "energy.h"
#include "ridge.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_ROOT "/sys/class/powercap"
#define MAX_DOMAINS 64
#define BAD_VALUE (-1) /* a file read fine but did not hold a counter value */

typedef struct {
    char zone[24];     /* intel-rapl:N */
    char name[32];     /* package-N (package-N-die-M on multi-die packages) */
    int index;         /* N, for a stable order */
    int fd;            /* energy_uj, kept open: each read is one pread */
    uint64_t range_uj; /* max_energy_range_uj: past it the counter starts again from 0 */
    uint64_t last_uj;  /* the counter at the last read */
    uint64_t total_uj; /* energy since the meter was opened */
} domain;

struct rg__energy_meter {
    domain d[MAX_DOMAINS];
    int n;
};

static void append(char *buf, size_t len, const char *fmt, ...) {
    size_t used = strlen(buf);
    if (used + 1 >= len) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, len - used, fmt, ap);
    va_end(ap);
}

/* A small sysfs file's text from offset 0, trailing newline removed; 0 or an errno. */
static int read_fd(int fd, char *buf, size_t len) {
    ssize_t got = pread(fd, buf, len - 1, 0);
    if (got < 0) return errno;
    buf[got] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    return 0;
}

static int read_path(const char *path, char *buf, size_t len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    int err = read_fd(fd, buf, len);
    close(fd);
    return err;
}

static int parse_u64(const char *s, uint64_t *out) {
    if (*s < '0' || *s > '9') return BAD_VALUE;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return BAD_VALUE;
    *out = v;
    return 0;
}

static int read_counter(const domain *d, uint64_t *uj) {
    char text[32];
    int err = read_fd(d->fd, text, sizeof text);
    return err ? err : parse_u64(text, uj);
}

/* N of "intel-rapl:N", else -1: subzones (intel-rapl:N:M: core, uncore, dram) are parts of
 * their package, and intel-rapl-mmio:N reports a package a second time. */
static int zone_index(const char *dirname) {
    static const char prefix[] = "intel-rapl:";
    if (strncmp(dirname, prefix, sizeof prefix - 1)) return -1;
    const char *s = dirname + sizeof prefix - 1;
    size_t len = strlen(s);
    if (len == 0 || len > 6 || (s[0] == '0' && len > 1)) return -1;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9') return -1;
    return atoi(s);
}

static int zone_path(char *buf, size_t len, const char *root, const char *zone, const char *file) {
    return (size_t)snprintf(buf, len, "%s/%s/%s", root, zone, file) < len ? 0 : ENAMETOOLONG;
}

static int by_index(const void *a, const void *b) {
    return ((const domain *)a)->index - ((const domain *)b)->index;
}

/* The package domains: top-level zones whose name starts with "package-" (not psys, the
 * platform domain, which contains the packages). */
static int find_packages(const char *root, rg__energy_meter *m, char *note, size_t notelen) {
    DIR *dir = opendir(root);
    if (!dir && errno == ENOENT)
        return snprintf(note, notelen, "no RAPL: %s does not exist (usual in virtual machines)",
                        root),
               RG_EUNSUPPORTED;
    if (!dir)
        return snprintf(note, notelen, "no RAPL: cannot list %s: %s", root, strerror(errno)),
               RG_EIO;
    for (struct dirent *e; (e = readdir(dir)) && m->n < MAX_DOMAINS;) {
        int index = zone_index(e->d_name);
        char path[PATH_MAX], name[32];
        if (index < 0 || zone_path(path, sizeof path, root, e->d_name, "name") ||
            read_path(path, name, sizeof name) || strncmp(name, "package-", 8))
            continue;
        domain *d = &m->d[m->n++];
        snprintf(d->zone, sizeof d->zone, "%.23s", e->d_name); /* at most 17 */
        snprintf(d->name, sizeof d->name, "%s", name);
        d->index = index;
    }
    closedir(dir);
    if (m->n == 0)
        return snprintf(note, notelen, "no RAPL package domain under %s", root), RG_EUNSUPPORTED;
    qsort(m->d, (size_t)m->n, sizeof m->d[0], by_index);
    return 0;
}

/* Why a counter file cannot be used. Since Linux 5.10 (CVE-2020-8694, a power side channel)
 * energy_uj is readable by root only. */
static int unreadable(const char *path, int err, char *note, size_t notelen) {
    if ((err == EACCES || err == EPERM) && geteuid() != 0)
        return snprintf(note, notelen, "RAPL needs root: %s is readable by root only (Linux 5.10+)",
                        path),
               RG_EUNSUPPORTED;
    if (err == BAD_VALUE)
        return snprintf(note, notelen, "RAPL unreadable: %s does not hold a counter value", path),
               RG_EIO;
    return snprintf(note, notelen, "RAPL unreadable: %s: %s", path, strerror(err)), RG_EIO;
}

static int open_counters(const char *root, rg__energy_meter *m, char *note, size_t notelen) {
    for (int i = 0; i < m->n; i++) {
        domain *d = &m->d[i];
        char path[PATH_MAX], text[32];
        int err = zone_path(path, sizeof path, root, d->zone, "max_energy_range_uj");
        if (!err) err = read_path(path, text, sizeof text);
        if (!err) err = parse_u64(text, &d->range_uj);
        if (!err && d->range_uj == 0) err = BAD_VALUE;
        if (err) return unreadable(path, err, note, notelen);
        err = zone_path(path, sizeof path, root, d->zone, "energy_uj");
        if (!err && (d->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) err = errno;
        if (!err) err = read_counter(d, &d->last_uj);
        if (err) return unreadable(path, err, note, notelen);
    }
    return 0;
}

int rg__energy_open(const char *root, rg__energy_meter **out, char *note, size_t notelen) {
    *out = NULL;
    if (notelen) note[0] = '\0';
    if (!root) {
        const char *env = getenv("RIDGE_POWERCAP_ROOT");
        root = env && env[0] ? env : DEFAULT_ROOT;
    }
    rg__energy_meter *m = calloc(1, sizeof *m);
    if (!m) return snprintf(note, notelen, "out of memory"), RG_ENOMEM;
    for (int i = 0; i < MAX_DOMAINS; i++)
        m->d[i].fd = -1;
    int rc = find_packages(root, m, note, notelen);
    if (!rc) rc = open_counters(root, m, note, notelen);
    if (rc) {
        rg__energy_close(m);
        return rc;
    }
    snprintf(note, notelen, "sum of RAPL");
    for (int i = 0; i < m->n; i++)
        append(note, notelen, "%s %s (%s)", i ? "," : "", m->d[i].name, m->d[i].zone);
    append(note, notelen, ": whole packages, idle cores and uncore included, DRAM not");
    *out = m;
    return 0;
}

int rg__energy_read(rg__energy_meter *m, double *joules) {
    uint64_t now[MAX_DOMAINS];
    for (int i = 0; i < m->n; i++)
        if (read_counter(&m->d[i], &now[i])) return RG_EIO;
    uint64_t sum = 0;
    for (int i = 0; i < m->n; i++) {
        domain *d = &m->d[i];
        /* A smaller value than last time: the counter passed range_uj and started from 0. */
        if (now[i] >= d->last_uj)
            d->total_uj += now[i] - d->last_uj;
        else if (d->last_uj <= d->range_uj)
            d->total_uj += d->range_uj - d->last_uj + now[i];
        else /* a value above the range cannot have wrapped as documented: count from 0 */
            d->total_uj += now[i];
        d->last_uj = now[i];
        sum += d->total_uj;
    }
    *joules = (double)sum * 1e-6;
    return 0;
}

void rg__energy_close(rg__energy_meter *m) {
    if (!m) return;
    for (int i = 0; i < m->n; i++)
        if (m->d[i].fd >= 0) close(m->d[i].fd);
    free(m);
}

int rg__energy_steps_power(const double *t, const double *e, int n, double *watts) {
    int first = -1, last = -1;
    for (int i = 1; i < n; i++)
        if (e[i] != e[i - 1]) {
            if (first < 0) first = i;
            last = i;
        }
    if (first < 0 || last == first) return RG_EUNSUPPORTED;
    double span = t[last] - t[first];
    if (!(span > 0) || span < 0.25 * (t[n - 1] - t[0])) return RG_EUNSUPPORTED;
    *watts = (e[last] - e[first]) / span;
    return RG_OK;
}
