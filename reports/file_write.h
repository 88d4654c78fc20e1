/* file_write.h: writing a whole output file so that no reader ever sees it half-written. */
#ifndef RG_FILE_WRITE_H
#define RG_FILE_WRITE_H

#include <stdio.h>

/* Writes the content to f; returns 0 or an errno value (EIO, ENOMEM...). */
typedef int (*rg__file_writer)(FILE *f, void *ctx);

/* Writes path through write: a regular file (or a new one) goes to path.tmp.XXXXXX beside
 * it (beside a symlink's target), is flushed, synced and renamed over it, and the folder is
 * synced; on any error the temporary file is removed and path is untouched. A path that is
 * not a regular file (/dev/stdout, a pipe) is written in place. Returns 0 or an errno
 * value. */
int rg__file_write(const char *path, rg__file_writer write, void *ctx);

/* Checks before any work that rg__file_write(path) can create its file: a folder is EISDIR;
 * for a regular or new file, the temporary file is created beside the target and removed (a
 * missing or read-only folder fails here); a file that is not regular (/dev/null, a pipe) is
 * not opened and passes. A full disk is found only by the write. Returns 0 or an errno
 * value. */
int rg__file_write_check(const char *path);

#endif /* RG_FILE_WRITE_H */
