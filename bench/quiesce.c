/* quiesce.c: waits until no other thread of this process is running (a baseline's workers that
 * busy-wait after a call must be asleep before another implementation is timed). */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

/* Counts threads of this process, other than the caller, in state R (running or runnable),
 * from /proc/self/task/<tid>/stat. Returns -1 when /proc cannot be read. */
static int others_running(void) {
    DIR *d = opendir("/proc/self/task");
    if (!d) return -1;
    long self = (long)syscall(SYS_gettid);
    int running = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || atol(e->d_name) == self) continue;
        char path[64], buf[512];
        snprintf(path, sizeof path, "/proc/self/task/%.20s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue; /* the thread exited meanwhile */
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[len] = '\0';
        /* The state follows the command name, which is in parentheses and may hold spaces. */
        const char *close = strrchr(buf, ')');
        if (close && close[1] == ' ' && close[2] == 'R') running++;
    }
    closedir(d);
    return running;
}

int rg__quiesce(double timeout_s, double *waited_s) {
    const struct timespec poll = {0, 2 * 1000 * 1000};
    double t0 = rg__now();
    int quiet_polls = 0;
    *waited_s = 0;
    for (;;) {
        int r = others_running();
        if (r < 0) { /* no /proc: fall back to sleeping the whole timeout */
            nanosleep(&(struct timespec){(time_t)timeout_s,
                                         (long)((timeout_s - (time_t)timeout_s) * 1e9)},
                      NULL);
            *waited_s = rg__now() - t0;
            return 0;
        }
        /* Two quiet polls in a row: one could fall between a spinner's yields. */
        quiet_polls = r == 0 ? quiet_polls + 1 : 0;
        *waited_s = rg__now() - t0;
        if (quiet_polls >= 2) return 0;
        if (*waited_s >= timeout_s) return RG_ETHREAD;
        nanosleep(&poll, NULL);
    }
}
