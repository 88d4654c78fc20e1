/* xml_escape.c: text and attribute values for the SVG and HTML reports. */
#include "svg_chart.h"

void rg_xml_escape(FILE *f, const char *s) {
    if (!s) return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            /* XML 1.0 forbids most control characters even as references: drop them. */
            if (*p >= 0x20 || *p == '\t' || *p == '\n') fputc(*p, f);
        }
    }
}
