/* fuzz_input.h: the fuzzers' one helper: the input bytes as a file path, because ridge's
 * parsers read files (an anonymous memory file, so that no disk is touched and nothing is left
 * behind when a run is killed). */
#ifndef RG_FUZZ_INPUT_H
#define RG_FUZZ_INPUT_H

#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* Writes data to a fresh memfd and puts "/proc/self/fd/N" in path; returns the fd (close it
 * after parsing) or aborts: a fuzzer that cannot make its input must not report success. */
static inline int fuzz_input_file(const uint8_t *data, size_t size, char *path, size_t len) {
    int fd = memfd_create("ridge-fuzz", MFD_CLOEXEC);
    if (fd < 0) abort();
    for (size_t done = 0; done < size;) {
        ssize_t w = write(fd, data + done, size - done);
        if (w <= 0) abort();
        done += (size_t)w;
    }
    snprintf(path, len, "/proc/self/fd/%d", fd);
    return fd;
}

#endif /* RG_FUZZ_INPUT_H */
