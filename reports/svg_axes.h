/* svg_axes.h: what the SVG charts share: log axes and their ticks, number formats, the
 * colour palette, marker shapes, text width estimates, label collision boxes, the legend. */
#ifndef RG_SVG_AXES_H
#define RG_SVG_AXES_H

#include <stddef.h>
#include <stdio.h>

/* Type sizes (px) and the font stack: the system's own sans-serif, nothing to download. */
#define RG__SVG_FONT "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
#define RG__SVG_TITLE_SIZE 15.0
#define RG__SVG_LABEL_SIZE 12.0
#define RG__SVG_TICK_SIZE 11.0
#define RG__SVG_NOTE_SIZE 11.0

/* True for a finite v > 0: what a log axis can show. */
int rg__svg_positive(double v);

/* A logarithmic axis: data range [lo, hi] (both > 0) drawn over pixels [p0, p1] (p1 < p0 for
 * a y axis, whose pixels grow downwards). */
typedef struct {
    double lo, hi;
    double p0, p1;
} rg__svg_axis;

double rg__svg_axis_px(const rg__svg_axis *a, double v);
/* Pixels per factor of ten along the axis (positive). */
double rg__svg_axis_px_per_decade(const rg__svg_axis *a);

/* Rounds a positive data range outwards to half-decades (10^(k/2)). */
void rg__svg_range_pad(double min, double max, double *lo, double *hi);

typedef struct {
    double v;
    int level; /* 2: labelled, strong gridline; 1: labelled if there is room; 0: gridline */
} rg__svg_tick;

#define RG__SVG_MAX_TICKS 160

/* 1-2-5 ticks in [lo, hi]: decades at level 2; 2 and 5 at level 1 when the range is short. */
size_t rg__svg_ticks_decimal(double lo, double hi, rg__svg_tick *t, size_t cap);
/* Powers of two in [lo, hi]: each one a gridline, every step-th one (step 1, 2, 5 or 10
 * doublings, so that at most twelve are) labelled at level 2. */
size_t rg__svg_ticks_binary(double lo, double hi, rg__svg_tick *t, size_t cap);

/* Compact numbers: 0.25, 4, 16, 226, 1.2k, 35M. sig: significant digits kept. */
void rg__svg_fmt_num(char *buf, size_t len, double v, int sig);
/* Byte sizes with binary prefixes: 512 B, 32 KiB, 1.5 MiB, 2 GiB. */
void rg__svg_fmt_bytes(char *buf, size_t len, double v);

/* The plot frame, its gridlines and tick labels, and the axis titles. */
typedef struct {
    const rg__svg_axis *x, *y;
    const rg__svg_tick *xt, *yt;
    size_t nxt, nyt;
    void (*xfmt)(char *buf, size_t len, double v);
    void (*yfmt)(char *buf, size_t len, double v);
    const char *x_label, *y_label;
} rg__svg_frame;

void rg__svg_frame_write(FILE *f, const rg__svg_frame *fr);

/* <svg ...> with its <title> and white background; closed by "</svg>\n". */
void rg__svg_open(FILE *f, int width, int height, const char *title);

/* Colour of series i (Okabe-Ito: distinguishable with the common colour-vision deficiencies). */
const char *rg__svg_color(int i);
/* Draws marker shape `shape` (circle, square, triangle, diamond, cross, plus, inverted
 * triangle; wraps around) of radius r centred on (x, y), with a <title> child when title is
 * not NULL. */
void rg__svg_marker(FILE *f, int shape, double x, double y, double r, const char *fill,
                    const char *title);

/* Estimated advance width of s in a sans-serif at size px (for layout only). */
double rg__svg_text_width(const char *s, double size);
/* <text> at (x, y) with a white halo so it stays readable over gridlines. anchor: "start",
 * "middle" or "end"; rotate: degrees about (x, y), 0 for none; extra: more attributes or "". */
void rg__svg_text(FILE *f, double x, double y, double size, const char *anchor, double rotate,
                  const char *fill, const char *extra, const char *s);

/* Boxes already taken by labels, so that later labels can look for free room. */
typedef struct {
    double x0, y0, x1, y1;
} rg__svg_box;

typedef struct {
    rg__svg_box box[64];
    size_t n;
} rg__svg_boxes;

int rg__svg_box_overlap(rg__svg_box a, rg__svg_box b);
int rg__svg_boxes_hit(const rg__svg_boxes *b, rg__svg_box r);
void rg__svg_boxes_add(rg__svg_boxes *b, rg__svg_box r);

/* A legend entry: a colour swatch (marker < 0: a filled circle in the colour) or a marker
 * shape in neutral grey (color < 0). heading != NULL starts a new row with that word. */
typedef struct {
    const char *heading;
    const char *name;
    int color, marker;
} rg__svg_legend_item;

/* Height the legend needs when flowed into rows of the given width. */
double rg__svg_legend_height(const rg__svg_legend_item *it, size_t n, double width);
void rg__svg_legend_write(FILE *f, const rg__svg_legend_item *it, size_t n, double x, double y,
                          double width);

#endif /* RG_SVG_AXES_H */
