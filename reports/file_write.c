/* file_write.c: whole-file output through a temporary file and rename(2). */
#include "file_write.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
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

/* The file a write replaces (a symlink followed, so the link survives) and the mkstemp
 * template of its temporary file beside it; returns 0 or an errno value, and on success the
 * caller frees both. */
static int temp_name(const char *path, char **target, char **tmp) {
    *tmp = NULL;
    *target = realpath(path, NULL);
    if (!*target && errno != ENOENT) return errno;
    if (!*target) *target = strdup(path);
    *tmp = *target ? malloc(strlen(*target) + sizeof(".tmp.XXXXXX")) : NULL;
    if (!*tmp) {
        free(*target);
        *target = NULL;
        return ENOMEM;
    }
    strcpy(*tmp, *target);
    strcat(*tmp, ".tmp.XXXXXX");
    return 0;
}

/* Writes to path.tmp.XXXXXX beside the target, syncs, and renames it over the target. */
static int write_atomic(const char *path, rg__file_writer write, void *ctx) {
    int fd = -1, created = 0;
    FILE *f = NULL;
    char *target, *tmp;
    int e = temp_name(path, &target, &tmp);
    if (e) return e;
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
    /* SIGINT and SIGTERM wait until the file is whole, or the failed write's temporary file is
     * gone: a stop asked for during the write takes effect after it (and a write into a pipe
     * is not cut short by EINTR). */
    sigset_t hold, old;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &hold, &old);
    struct stat st;
    int special = stat(path, &st) == 0 && !S_ISREG(st.st_mode);
    int e = special ? write_direct(path, write, ctx) : write_atomic(path, write, ctx);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return e;
}

int rg__file_write_check(const char *path) {
    if (!path || !path[0]) return EINVAL;
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return EISDIR;
        if (!S_ISREG(st.st_mode)) return 0; /* written in place; its errors come then */
    }
    /* The temporary file that the write will create, created and removed now. */
    char *target, *tmp;
    int e = temp_name(path, &target, &tmp);
    if (e) return e;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        e = errno;
    } else {
        close(fd);
        unlink(tmp);
    }
    free(tmp);
    free(target);
    return e;
}
