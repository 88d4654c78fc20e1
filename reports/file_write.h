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

#endif /* RG_FILE_WRITE_H */
