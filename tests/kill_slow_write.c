/* kill_slow_write.c: an LD_PRELOAD shim for kill_test.sh that makes writing a regular file
 * slow (a pause after every 4 KiB handed to stdio), so that a kill lands while ridge writes an
 * output file, not only before or after: a writer that truncated its target first would leave
 * it part-written at such a moment.
 *
 * KILL_SLOW_WRITE_MS sets the pause (default 20 ms); KILL_SLOW_WRITE_MARK names a file created
 * on the first pause, which tells the script that the shim took effect (a sanitizer's own
 * interceptors can hide it). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static size_t pending; /* bytes written to regular files since the last pause */

/* Counts n bytes written to f; pauses after every 4 KiB that went to a regular file. */
static void after_write(FILE *f, size_t n) {
    struct stat st;
    int fd = fileno(f);
    if (n == 0 || fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
    pending += n;
    if (pending < 4096) return;
    pending = 0;
    const char *mark = getenv("KILL_SLOW_WRITE_MARK");
    if (mark && mark[0]) {
        int m = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (m >= 0) close(m);
    }
    const char *v = getenv("KILL_SLOW_WRITE_MS");
    long ms = v && v[0] ? atol(v) : 20;
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

typedef size_t (*fwrite_fn)(const void *, size_t, size_t, FILE *);
typedef int (*fputs_fn)(const char *, FILE *);
typedef int (*fputc_fn)(int, FILE *);
typedef int (*vfprintf_fn)(FILE *, const char *, va_list);

size_t fwrite(const void *p, size_t size, size_t count, FILE *f) {
    static fwrite_fn real;
    if (!real) real = (fwrite_fn)dlsym(RTLD_NEXT, "fwrite");
    size_t done = real(p, size, count, f);
    after_write(f, done * size);
    return done;
}

int fputs(const char *s, FILE *f) {
    static fputs_fn real;
    if (!real) real = (fputs_fn)dlsym(RTLD_NEXT, "fputs");
    int rc = real(s, f);
    if (rc >= 0) after_write(f, strlen(s));
    return rc;
}

int fputc(int c, FILE *f) {
    static fputc_fn real;
    if (!real) real = (fputc_fn)dlsym(RTLD_NEXT, "fputc");
    int rc = real(c, f);
    if (rc != EOF) after_write(f, 1);
    return rc;
}

int vfprintf(FILE *f, const char *fmt, va_list ap) {
    static vfprintf_fn real;
    if (!real) real = (vfprintf_fn)dlsym(RTLD_NEXT, "vfprintf");
    int rc = real(f, fmt, ap);
    if (rc > 0) after_write(f, (size_t)rc);
    return rc;
}

int fprintf(FILE *f, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = vfprintf(f, fmt, ap);
    va_end(ap);
    return rc;
}

/* What a build with _FORTIFY_SOURCE calls instead of fprintf. */
int __fprintf_chk(FILE *f, int flag, const char *fmt, ...) {
    (void)flag;
    va_list ap;
    va_start(ap, fmt);
    int rc = vfprintf(f, fmt, ap);
    va_end(ap);
    return rc;
}
