/* csv_field.c: one CSV field, quoted as RFC 4180 says (the report and the export share it). */
#include "csv_field.h"

#include <string.h>

void rg__csv_field(FILE *f, const char *s) {
    s = s ? s : "";
    size_t n = strlen(s);
    int quote = strpbrk(s, ",\"\r\n") != NULL || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
