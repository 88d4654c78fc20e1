/* str_append.h: printf-style appending into a fixed buffer, for labels and names built from a
 * case's parameters (the terminal table, the Google Benchmark export). */
#ifndef RG_STR_APPEND_H
#define RG_STR_APPEND_H

#include <stddef.h>

/* Appends to buf at *pos, never past len; keeps buf NUL-terminated and *pos < len (output
 * that does not fit is cut). Does nothing when *pos >= len. */
void rg__str_append(char *buf, size_t len, size_t *pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif /* RG_STR_APPEND_H */
