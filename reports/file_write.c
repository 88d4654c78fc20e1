/* file_write.c: whole-file output through a temporary file and rename(2). */
#include "file_write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Permission bits for a new file: 0666 less the umask, read without changing it. */
static mode_t new_file_mode(void) {
    mode_t mask = 022;
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char line[128];
        unsigned m;
        while (fgets(line, sizeof(line), f))
            if (sscanf(line, "Umask: %o", &m) == 1) mask = (mode_t)m;
        fclose(f);
    }
    return 0666 & ~mask;
}

/* Writes to a file that is not regular (/dev/stdout, a pipe, /dev/full) in place. */
static int write_direct(const char *path, rg__file_writer write, void *ctx) {
    FILE *f = fopen(path, "w");
    if (!f) return errno;
    int e = write(f, ctx);
    if (!e && fflush(f) != 0) e = errno ? errno : EIO;
    if (fclose(f) != 0 && !e) e = errno ? errno : EIO;
    return e;
}

/* Writes to path.tmp.XXXXXX beside the target, syncs, and renames it over the target. */
static int write_atomic(const char *path, rg__file_writer write, void *ctx) {
    int e = 0, fd = -1, created = 0;
    FILE *f = NULL;
    /* Follow a symlink so the link survives and the temp file lands beside its target. */
    char *target = realpath(path, NULL);
    if (!target && errno != ENOENT) return errno;
    if (!target) target = strdup(path);
    char *tmp = target ? malloc(strlen(target) + sizeof(".tmp.XXXXXX")) : NULL;
    if (!tmp) {
        e = ENOMEM;
        goto done;
    }
    strcpy(tmp, target);
    strcat(tmp, ".tmp.XXXXXX");
    struct stat st;
    mode_t mode = stat(target, &st) == 0 ? (st.st_mode & 07777) : new_file_mode();
    fd = mkstemp(tmp);
    if (fd < 0) {
        e = errno;
        goto done;
    }
    created = 1;
    if (fchmod(fd, mode) != 0 || !(f = fdopen(fd, "w"))) {
        e = errno;
        goto done;
    }
    fd = -1; /* owned by f now */
    e = write(f, ctx);
    if (!e && (fflush(f) != 0 || ferror(f))) e = errno ? errno : EIO;
    if (!e && fsync(fileno(f)) != 0) e = errno;
    if (fclose(f) != 0 && !e) e = errno ? errno : EIO;
    f = NULL;
    if (!e && rename(tmp, target) != 0) e = errno;
    if (!e) created = 0; /* renamed: nothing left to remove */
    if (!e) {
        /* Make the rename itself durable; a folder that cannot be synced is not an error. */
        char *slash = strrchr(target, '/');
        char *dir = slash ? strndup(target, (size_t)(slash - target) + 1) : strdup(".");
        int dfd = dir ? open(dir, O_RDONLY | O_DIRECTORY) : -1;
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
        free(dir);
    }
done:
    if (f) fclose(f);
    if (fd >= 0) close(fd);
    if (created) unlink(tmp);
    free(tmp);
    free(target);
    return e;
}

int rg__file_write(const char *path, rg__file_writer write, void *ctx) {
    if (!path || !path[0] || !write) return EINVAL;
    struct stat st;
    int special = stat(path, &st) == 0 && !S_ISREG(st.st_mode);
    return special ? write_direct(path, write, ctx) : write_atomic(path, write, ctx);
}
