/* str_append.c: bounded printf-style appending. */
#include "str_append.h"

#include <stdarg.h>
#include <stdio.h>

void rg__str_append(char *buf, size_t len, size_t *pos, const char *fmt, ...) {
    if (*pos >= len) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *pos, len - *pos, fmt, ap);
    va_end(ap);
    if (n > 0) *pos = (*pos + (size_t)n < len) ? *pos + (size_t)n : len - 1;
}
