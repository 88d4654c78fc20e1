/* svg_axes.c: log axes, ticks, number formats, markers, labels and legends shared by the
 * roofline and sweep charts. */
#include "svg_axes.h"

#include <math.h>
#include <string.h>

#include "svg_chart.h"

/* Relative slack when comparing tick values with range ends computed through log/pow. */
#define EPS 1e-9

int rg__svg_positive(double v) {
    return isfinite(v) && v > 0.0;
}

double rg__svg_axis_px(const rg__svg_axis *a, double v) {
    double t = (log10(v) - log10(a->lo)) / (log10(a->hi) - log10(a->lo));
    return a->p0 + t * (a->p1 - a->p0);
}

double rg__svg_axis_px_per_decade(const rg__svg_axis *a) {
    return fabs(a->p1 - a->p0) / (log10(a->hi) - log10(a->lo));
}

void rg__svg_range_pad(double min, double max, double *lo, double *hi) {
    double a = floor(2.0 * log10(min) + EPS), b = ceil(2.0 * log10(max) - EPS);
    /* At least one decade, widened on both sides alike, so a lone value sits mid-axis. */
    for (int i = 0; b - a < 2.0; i++) {
        if (i % 2)
            a -= 1.0;
        else
            b += 1.0;
    }
    *lo = pow(10.0, a / 2.0);
    *hi = pow(10.0, b / 2.0);
}

size_t rg__svg_ticks_decimal(double lo, double hi, rg__svg_tick *t, size_t cap) {
    static const double mant[3] = {1.0, 2.0, 5.0};
    int short_range = log10(hi / lo) <= 1.6;
    size_t n = 0;
    for (int k = (int)floor(log10(lo)) - 1; k <= (int)ceil(log10(hi)) && n < cap; k++) {
        for (int m = 0; m < 3 && n < cap; m++) {
            /* Negative powers through division, so 0.1 and 0.01 come out as close as doubles
             * allow (pow(10, -k) can be one ulp off, and it would show in "%g"). */
            double v = mant[m] * (k >= 0 ? pow(10.0, k) : 1.0 / pow(10.0, -k));
            if (v < lo * (1.0 - EPS) || v > hi * (1.0 + EPS)) continue;
            t[n++] = (rg__svg_tick){v, m == 0 ? 2 : short_range};
        }
    }
    return n;
}

size_t rg__svg_ticks_binary(double lo, double hi, rg__svg_tick *t, size_t cap) {
    int e0 = (int)ceil(log2(lo) - EPS), e1 = (int)floor(log2(hi) + EPS);
    static const int steps[] = {1, 2, 5, 10};
    int step = 10;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if ((e1 - e0) / steps[i] + 1 <= 12) {
            step = steps[i];
            break;
        }
    }
    size_t n = 0;
    for (int e = e0; e <= e1 && n < cap; e++)
        t[n++] = (rg__svg_tick){ldexp(1.0, e), e % step == 0 ? 2 : 0};
    return n;
}

/* v rounded as fmt_sig prints it (v > 0). */
static double round_sig(double v, int sig) {
    int dec = sig - 1 - (int)floor(log10(v));
    if (dec < 0) dec = 0;
    return round(v * pow(10.0, dec)) / pow(10.0, dec);
}

/* Prints v with sig significant digits (at most), trailing zeros dropped. */
static void fmt_sig(char *buf, size_t len, double v, int sig, const char *suffix) {
    int mag = (int)floor(log10(v));
    int dec = sig - 1 - mag;
    if (dec < 0) dec = 0;
    if (dec > 12) dec = 12;
    int n = snprintf(buf, len, "%.*f", dec, v);
    if (n > 0 && (size_t)n < len && strchr(buf, '.')) {
        while (n > 1 && buf[n - 1] == '0')
            buf[--n] = '\0';
        if (buf[n - 1] == '.') buf[--n] = '\0';
    }
    if (n >= 0 && (size_t)n < len) snprintf(buf + n, len - (size_t)n, "%s", suffix);
}

void rg__svg_fmt_num(char *buf, size_t len, double v, int sig) {
    if (!(v > 0.0) || !isfinite(v)) {
        snprintf(buf, len, "%g", v);
        return;
    }
    static const char *const suffix[] = {"", "k", "M", "G", "T"};
    int i = 0;
    double s = v;
    /* Rounded to what will be printed, so 999.7 becomes "1k", not "1000". */
    while (round_sig(s, sig) >= 1000.0 && i < 4) {
        s /= 1000.0;
        i++;
    }
    if (s < 1e-4)
        snprintf(buf, len, "%.*g", sig, s);
    else
        fmt_sig(buf, len, s, sig, suffix[i]);
}

void rg__svg_fmt_bytes(char *buf, size_t len, double v) {
    static const char *const unit[] = {" B", " KiB", " MiB", " GiB", " TiB", " PiB"};
    int i = 0;
    if (!(v > 0)) v = 1.0;
    /* Rounded to what will be printed, so 1023.8 KiB becomes "1 MiB", not "1024 KiB". */
    while (round_sig(v, 3) >= 1024.0 && i < 5) {
        v /= 1024.0;
        i++;
    }
    fmt_sig(buf, len, v, 3, unit[i]);
}

static void tick_x(char *buf, size_t len, double v) {
    rg__svg_fmt_num(buf, len, v, 3);
}

void rg__svg_frame_write(FILE *f, const rg__svg_frame *fr) {
    const rg__svg_axis *x = fr->x, *y = fr->y;
    double left = x->p0, right = x->p1, bottom = y->p0, top = y->p1;
    void (*xfmt)(char *, size_t, double) = fr->xfmt ? fr->xfmt : tick_x;
    void (*yfmt)(char *, size_t, double) = fr->yfmt ? fr->yfmt : tick_x;
    /* Gridlines: the minor ones first, fainter, so the decades stand out. */
    for (int strong = 0; strong < 2; strong++) {
        fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"1\" d=\"",
                strong ? "#c8c8c8" : "#ececec");
        for (size_t i = 0; i < fr->nxt; i++)
            if ((fr->xt[i].level == 2) == strong)
                fprintf(f, "M%.1f %.1fV%.1f", rg__svg_axis_px(x, fr->xt[i].v), bottom, top);
        for (size_t i = 0; i < fr->nyt; i++)
            if ((fr->yt[i].level == 2) == strong)
                fprintf(f, "M%.1f %.1fH%.1f", left, rg__svg_axis_px(y, fr->yt[i].v), right);
        fprintf(f, "\"/>\n");
    }
    /* Tick marks outside the frame. */
    fprintf(f, "<path fill=\"none\" stroke=\"#444\" stroke-width=\"1\" d=\"");
    for (size_t i = 0; i < fr->nxt; i++)
        fprintf(f, "M%.1f %.1fv%d", rg__svg_axis_px(x, fr->xt[i].v), bottom,
                fr->xt[i].level == 2 ? 5 : 3);
    for (size_t i = 0; i < fr->nyt; i++)
        fprintf(f, "M%.1f %.1fh%d", left, rg__svg_axis_px(y, fr->yt[i].v),
                fr->yt[i].level == 2 ? -5 : -3);
    fprintf(f, "\"/>\n");
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
            "stroke=\"#444\" stroke-width=\"1\"/>\n",
            left, top, right - left, bottom - top);
    /* Tick labels: level 2 first; level 1 only where they do not crowd a neighbour. */
    rg__svg_boxes taken = {.n = 0};
    double ts = RG__SVG_TICK_SIZE;
    for (int level = 2; level >= 1; level--) {
        for (size_t i = 0; i < fr->nxt; i++) {
            if (fr->xt[i].level != level) continue;
            char s[32];
            xfmt(s, sizeof s, fr->xt[i].v);
            double px = rg__svg_axis_px(x, fr->xt[i].v), w = rg__svg_text_width(s, ts);
            rg__svg_box b = {px - w / 2 - 4, bottom + 6, px + w / 2 + 4, bottom + 6 + ts};
            if (level == 1 && rg__svg_boxes_hit(&taken, b)) continue;
            rg__svg_boxes_add(&taken, b);
            rg__svg_text(f, px, bottom + 7 + ts, ts, "middle", 0, "#333", "", s);
        }
        for (size_t i = 0; i < fr->nyt; i++) {
            if (fr->yt[i].level != level) continue;
            char s[32];
            yfmt(s, sizeof s, fr->yt[i].v);
            double py = rg__svg_axis_px(y, fr->yt[i].v), w = rg__svg_text_width(s, ts);
            rg__svg_box b = {left - 8 - w, py - ts / 2 - 1, left - 8, py + ts / 2 + 1};
            if (level == 1 && rg__svg_boxes_hit(&taken, b)) continue;
            rg__svg_boxes_add(&taken, b);
            rg__svg_text(f, left - 8, py + ts * 0.35, ts, "end", 0, "#333", "", s);
        }
    }
    double ls = RG__SVG_LABEL_SIZE;
    if (fr->x_label)
        rg__svg_text(f, (left + right) / 2, bottom + 10 + ts + ls + 4, ls, "middle", 0, "#222", "",
                     fr->x_label);
    if (fr->y_label) {
        /* Clear of the widest y tick label. */
        double wmax = 0;
        for (size_t i = 0; i < fr->nyt; i++) {
            char s[32];
            yfmt(s, sizeof s, fr->yt[i].v);
            double w = rg__svg_text_width(s, ts);
            if (fr->yt[i].level && w > wmax) wmax = w;
        }
        double lx = left - 14 - wmax - 4;
        rg__svg_text(f, lx, (top + bottom) / 2, ls, "middle", -90, "#222", "", fr->y_label);
    }
}

void rg__svg_open(FILE *f, int width, int height, const char *title) {
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"%s\" aria-label=\"",
            width, height, width, height, RG__SVG_FONT);
    rg_xml_escape(f, title ? title : "chart");
    fprintf(f, "\">\n<title>");
    rg_xml_escape(f, title ? title : "chart");
    fprintf(f, "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", width, height);
}

const char *rg__svg_color(int i) {
    /* Okabe-Ito, ordered so that the first few are the most distinct on white; the yellow
     * (weakest on white) comes last. */
    static const char *const pal[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#C9B800"};
    int n = (int)(sizeof pal / sizeof pal[0]);
    return pal[((i % n) + n) % n];
}

void rg__svg_marker(FILE *f, int shape, double x, double y, double r, const char *fill,
                    const char *title) {
    enum { NSHAPES = 7 };
    shape = ((shape % NSHAPES) + NSHAPES) % NSHAPES;
    const char *edge = "stroke=\"#fff\" stroke-width=\"0.8\"";
    switch (shape) {
    case 0:
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" %s", x, y, r, fill,
                edge);
        break;
    case 1: {
        double h = r * 0.88;
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" %s",
                x - h, y - h, 2 * h, 2 * h, fill, edge);
        break;
    }
    case 2:
    case 6: {
        double s = shape == 2 ? 1.0 : -1.0, a = r * 1.2;
        fprintf(f,
                "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\" "
                "stroke-linejoin=\"round\" %s",
                x, y - s * a, x + a * 0.95, y + s * a * 0.62, x - a * 0.95, y + s * a * 0.62, fill,
                edge);
        break;
    }
    case 3: {
        double a = r * 1.25;
        fprintf(f, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\" %s", x, y - a,
                x + a * 0.8, y, x, y + a, x - a * 0.8, y, fill, edge);
        break;
    }
    case 4:
    case 5: {
        /* Stroked, not filled: thick enough to carry the colour. */
        double a = r * (shape == 4 ? 0.85 : 1.1);
        if (shape == 4)
            fprintf(f, "<path d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f\"", x - a, y - a, x + a,
                    y + a, x - a, y + a, x + a, y - a);
        else
            fprintf(f, "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1f\"", x - a, y, x + a, x, y - a,
                    y + a);
        fprintf(f, " fill=\"none\" stroke=\"%s\" stroke-width=\"2.4\" stroke-linecap=\"round\"",
                fill);
        break;
    }
    }
    if (title) {
        fprintf(f, "><title>");
        rg_xml_escape(f, title);
        fprintf(f, "</title></%s>\n", shape == 0 ? "circle" : shape == 1 ? "rect" : "path");
    } else {
        fprintf(f, "/>\n");
    }
}

double rg__svg_text_width(const char *s, double size) {
    /* Per-character advance in em for a wide sans-serif (DejaVu Sans), rounded up: labels
     * are laid out against it, so erring wide keeps them apart in any font. */
    double em = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned c = *p;
        if ((c & 0xC0) == 0x80) continue; /* UTF-8 continuation byte */
        if (strchr("iljtf.,:;!|'()[] ", (int)c))
            em += 0.34;
        else if (strchr("mwMW%@", (int)c))
            em += 0.92;
        else if (c >= 'A' && c <= 'Z')
            em += 0.70;
        else
            em += 0.61;
    }
    return em * size;
}

void rg__svg_text(FILE *f, double x, double y, double size, const char *anchor, double rotate,
                  const char *fill, const char *extra, const char *s) {
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" fill=\"%s\"", x, y, size, fill);
    if (strcmp(anchor, "start") != 0) fprintf(f, " text-anchor=\"%s\"", anchor);
    if (rotate != 0) fprintf(f, " transform=\"rotate(%.2f %.1f %.1f)\"", rotate, x, y);
    fprintf(f,
            " stroke=\"#fff\" stroke-width=\"3\" stroke-linejoin=\"round\" "
            "paint-order=\"stroke\"%s%s>",
            extra && *extra ? " " : "", extra ? extra : "");
    rg_xml_escape(f, s);
    fprintf(f, "</text>\n");
}

int rg__svg_box_overlap(rg__svg_box a, rg__svg_box b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

int rg__svg_boxes_hit(const rg__svg_boxes *b, rg__svg_box r) {
    for (size_t i = 0; i < b->n; i++)
        if (rg__svg_box_overlap(b->box[i], r)) return 1;
    return 0;
}

void rg__svg_boxes_add(rg__svg_boxes *b, rg__svg_box r) {
    if (b->n < sizeof b->box / sizeof b->box[0]) b->box[b->n++] = r;
}

#define LEGEND_ROW 18.0
#define LEGEND_SWATCH 16.0 /* swatch and the gap after it */
#define LEGEND_GAP 16.0    /* between entries */

static double item_width(const rg__svg_legend_item *it) {
    return LEGEND_SWATCH + rg__svg_text_width(it->name, RG__SVG_NOTE_SIZE) + LEGEND_GAP;
}

/* Flows the items into rows, entries of every row starting in one column right of the widest
 * heading; draws them when f is not NULL. Returns the number of rows. */
static int legend_flow(FILE *f, const rg__svg_legend_item *it, size_t n, double x0, double y0,
                       double width) {
    if (n == 0) return 0;
    double indent = x0;
    for (size_t i = 0; i < n; i++)
        if (it[i].heading)
            indent =
                fmax(indent, x0 + rg__svg_text_width(it[i].heading, RG__SVG_NOTE_SIZE) * 1.12 + 12);
    int rows = 1;
    double x = indent;
    for (size_t i = 0; i < n; i++) {
        if (it[i].heading) {
            if (i > 0) {
                rows++;
                x = indent;
            }
            if (f)
                rg__svg_text(f, x0, y0 + (rows - 1) * LEGEND_ROW + 4, RG__SVG_NOTE_SIZE, "start", 0,
                             "#555", "font-weight=\"600\"", it[i].heading);
        }
        double w = item_width(&it[i]);
        if (x + w - LEGEND_GAP > x0 + width && x > indent) {
            rows++;
            x = indent;
        }
        double y = y0 + (rows - 1) * LEGEND_ROW;
        if (f) {
            if (it[i].marker < 0)
                rg__svg_marker(f, 0, x + 5, y, 5, rg__svg_color(it[i].color), NULL);
            else
                rg__svg_marker(f, it[i].marker, x + 5, y, 5,
                               it[i].color < 0 ? "#555" : rg__svg_color(it[i].color), NULL);
            rg__svg_text(f, x + LEGEND_SWATCH, y + 4, RG__SVG_NOTE_SIZE, "start", 0, "#222", "",
                         it[i].name);
        }
        x += w;
    }
    return rows;
}

double rg__svg_legend_height(const rg__svg_legend_item *it, size_t n, double width) {
    return legend_flow(NULL, it, n, 0, 0, width) * LEGEND_ROW;
}

void rg__svg_legend_write(FILE *f, const rg__svg_legend_item *it, size_t n, double x, double y,
                          double width) {
    if (n == 0) return;
    fprintf(f, "<g>\n");
    legend_flow(f, it, n, x, y + LEGEND_ROW / 2, width);
    fprintf(f, "</g>\n");
}
