/* xml_check.h: a small well-formedness checker for the SVG and HTML the reports write: tags
 * balanced and nested, attribute values quoted, entities known, no stray '<' or '&'. It
 * accepts HTML5 void elements (<meta>, <br>...) with or without "/>", <!DOCTYPE html> and
 * comments. Not a validator: enough to catch a writer that forgot to escape or to close. */
#ifndef RG_XML_CHECK_H
#define RG_XML_CHECK_H

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define XML_CHECK_DEPTH 128
#define XML_CHECK_NAME 48

static inline int xml_check_fail(char *err, size_t errlen, const char *start, const char *at,
                                 const char *fmt, ...) {
    if (err && errlen) {
        int n = snprintf(err, errlen, "byte %td: ", at - start);
        va_list ap;
        va_start(ap, fmt);
        if (n >= 0 && (size_t)n < errlen) vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static inline int xml_check_is_void(const char *name) {
    static const char *const v[] = {"area",  "base", "br",   "col",    "embed", "hr", "img",
                                    "input", "link", "meta", "source", "track", "wbr"};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (strcasecmp(name, v[i]) == 0) return 1;
    return 0;
}

static inline int xml_check_name_char(char c) {
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == ':' || c == '.';
}

/* Length of a valid entity starting at s ('&'), or 0. */
static inline size_t xml_check_entity(const char *s) {
    static const char *const named[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strncmp(s, named[i], strlen(named[i])) == 0) return strlen(named[i]);
    if (s[1] != '#') return 0;
    const char *p = s + 2;
    int hex = (*p == 'x' || *p == 'X');
    if (hex) p++;
    const char *d = p;
    while (hex ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p))
        p++;
    if (p == d || p - d > 7 || *p != ';') return 0;
    return (size_t)(p + 1 - s);
}

/* Reads a tag or attribute name into out; returns its length (0: none). */
static inline size_t xml_check_name(const char *p, char *out) {
    size_t n = 0;
    if (!isalpha((unsigned char)*p)) return 0;
    while (xml_check_name_char(p[n]) && n + 1 < XML_CHECK_NAME) {
        out[n] = p[n];
        n++;
    }
    out[n] = '\0';
    return xml_check_name_char(p[n]) ? 0 : n;
}

/* 0 when s is well-formed; else -1 and one line in err saying where and what. */
static inline int xml_check(const char *s, char *err, size_t errlen) {
    char stack[XML_CHECK_DEPTH][XML_CHECK_NAME];
    int depth = 0;
    const char *p = s;
    while (*p) {
        if (*p == '&') {
            size_t n = xml_check_entity(p);
            if (!n) return xml_check_fail(err, errlen, s, p, "bad or unescaped '&'");
            p += n;
            continue;
        }
        if (*p != '<') {
            p++;
            continue;
        }
        if (strncmp(p, "<!--", 4) == 0) {
            const char *e = strstr(p + 4, "--");
            if (!e || e[2] != '>') return xml_check_fail(err, errlen, s, p, "bad comment");
            p = e + 3;
            continue;
        }
        if (strncasecmp(p, "<!DOCTYPE", 9) == 0 || strncmp(p, "<?", 2) == 0) {
            const char *e = strchr(p, '>');
            if (!e) return xml_check_fail(err, errlen, s, p, "unterminated declaration");
            p = e + 1;
            continue;
        }
        char name[XML_CHECK_NAME];
        if (p[1] == '/') {
            size_t n = xml_check_name(p + 2, name);
            if (!n) return xml_check_fail(err, errlen, s, p, "bad end tag");
            const char *q = p + 2 + n;
            while (isspace((unsigned char)*q))
                q++;
            if (*q != '>') return xml_check_fail(err, errlen, s, p, "bad end tag </%s", name);
            if (depth == 0 || strcmp(stack[depth - 1], name) != 0)
                return xml_check_fail(err, errlen, s, p, "</%s> closes <%s>", name,
                                      depth ? stack[depth - 1] : "(nothing)");
            depth--;
            p = q + 1;
            continue;
        }
        size_t n = xml_check_name(p + 1, name);
        if (!n) return xml_check_fail(err, errlen, s, p, "stray '<'");
        const char *q = p + 1 + n;
        for (;;) {
            const char *ws = q;
            while (isspace((unsigned char)*q))
                q++;
            if (*q == '>' || (q[0] == '/' && q[1] == '>')) break;
            char attr[XML_CHECK_NAME];
            size_t an = xml_check_name(q, attr);
            if (!an || ws == q)
                return xml_check_fail(err, errlen, s, q, "bad attribute in <%s>", name);
            q += an;
            if (*q != '=')
                return xml_check_fail(err, errlen, s, q, "attribute %s without a value", attr);
            q++;
            char quote = *q;
            if (quote != '"' && quote != '\'')
                return xml_check_fail(err, errlen, s, q, "unquoted value of %s", attr);
            for (q++; *q != quote; q++) {
                if (!*q || *q == '<')
                    return xml_check_fail(err, errlen, s, q, "unterminated value of %s", attr);
                if (*q == '&') {
                    size_t en = xml_check_entity(q);
                    if (!en) return xml_check_fail(err, errlen, s, q, "bad '&' in %s", attr);
                    q += en - 1;
                }
            }
            q++;
        }
        int closed = *q == '/';
        p = q + (closed ? 2 : 1);
        if (closed || xml_check_is_void(name)) continue;
        if (depth == XML_CHECK_DEPTH) return xml_check_fail(err, errlen, s, p, "too deep");
        snprintf(stack[depth++], XML_CHECK_NAME, "%s", name);
    }
    if (depth) return xml_check_fail(err, errlen, s, p, "<%s> never closed", stack[depth - 1]);
    return 0;
}

/* Number of elements named name (start tags "<name" followed by space, '>' or '/'). */
static inline int xml_count(const char *s, const char *name) {
    size_t n = strlen(name);
    int count = 0;
    for (const char *p = s; (p = strchr(p, '<')); p++) {
        if (strncmp(p + 1, name, n) != 0) continue;
        char c = p[1 + n];
        if (c == '>' || c == '/' || isspace((unsigned char)c)) count++;
    }
    return count;
}

/* Number of non-overlapping occurrences of what in s. */
static inline int xml_count_str(const char *s, const char *what) {
    int count = 0;
    size_t n = strlen(what);
    for (const char *p = s; n && (p = strstr(p, what)); p += n)
        count++;
    return count;
}

#endif /* RG_XML_CHECK_H */
