/* svg_sweep.c: bandwidth against working-set size, one line per probe, with the p10..p90
 * spread as a band and the cache sizes as dashed verticals. */
#include <math.h>
#include <string.h>

#include "ridge.h"
#include "svg_axes.h"
#include "svg_chart.h"

static int sp_ok(const rg_sweep_point *p) {
    return p->bytes > 0 && rg__svg_positive(p->value);
}

/* Light band between p10 and p90, when every drawn point has both. */
static void draw_band(FILE *f, const rg_svg_line *l, const rg__svg_axis *x, const rg__svg_axis *y) {
    size_t n = 0;
    for (size_t i = 0; i < l->npoints; i++) {
        const rg_sweep_point *p = &l->points[i];
        if (!sp_ok(p)) continue;
        if (!rg__svg_positive(p->p10) || !rg__svg_positive(p->p90) || p->p10 > p->p90) return;
        n++;
    }
    if (n < 2) return;
    fprintf(f, "<path fill=\"%s\" fill-opacity=\"0.16\" stroke=\"none\" d=\"",
            rg__svg_color(l->series));
    int first = 1;
    for (size_t i = 0; i < l->npoints; i++) {
        const rg_sweep_point *p = &l->points[i];
        if (!sp_ok(p)) continue;
        fprintf(f, "%c%.1f %.1f", first ? 'M' : 'L', rg__svg_axis_px(x, (double)p->bytes),
                rg__svg_axis_px(y, fmin(fmax(p->p90, y->lo), y->hi)));
        first = 0;
    }
    for (size_t i = l->npoints; i-- > 0;) {
        const rg_sweep_point *p = &l->points[i];
        if (!sp_ok(p)) continue;
        fprintf(f, "L%.1f %.1f", rg__svg_axis_px(x, (double)p->bytes),
                rg__svg_axis_px(y, fmin(fmax(p->p10, y->lo), y->hi)));
    }
    fprintf(f, "Z\"/>\n");
}

static void draw_line(FILE *f, const rg_svg_line *l, const rg__svg_axis *x, const rg__svg_axis *y) {
    const char *col = rg__svg_color(l->series);
    fprintf(f,
            "<path fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\" stroke-linejoin=\"round\" d=\"",
            col);
    int first = 1;
    for (size_t i = 0; i < l->npoints; i++) {
        const rg_sweep_point *p = &l->points[i];
        if (!sp_ok(p)) continue;
        fprintf(f, "%c%.1f %.1f", first ? 'M' : 'L', rg__svg_axis_px(x, (double)p->bytes),
                rg__svg_axis_px(y, p->value));
        first = 0;
    }
    fprintf(f, "\"/>\n");
    for (size_t i = 0; i < l->npoints; i++) {
        const rg_sweep_point *p = &l->points[i];
        if (!sp_ok(p)) continue;
        char size[24], v[24], title[256];
        rg__svg_fmt_bytes(size, sizeof size, (double)p->bytes);
        rg__svg_fmt_num(v, sizeof v, p->value, 3);
        int n = snprintf(title, sizeof title, "%s: %s, %s GB/s", l->name ? l->name : "", size, v);
        if (rg__svg_positive(p->p10) && rg__svg_positive(p->p90) && n > 0 &&
            (size_t)n < sizeof title) {
            char a[24], b[24];
            rg__svg_fmt_num(a, sizeof a, p->p10, 3);
            rg__svg_fmt_num(b, sizeof b, p->p90, 3);
            snprintf(title + n, sizeof title - (size_t)n, " (p10 %s, p90 %s)", a, b);
        }
        rg__svg_marker(f, 0, rg__svg_axis_px(x, (double)p->bytes), rg__svg_axis_px(y, p->value),
                       3.2, col, title);
    }
}

/* The dashed lines (labels = 0: under the data) or their labels (labels = 1: over it). */
static void draw_marks(FILE *f, const rg_svg_sweep_chart *c, const rg__svg_axis *x,
                       const rg__svg_axis *y, int labels) {
    rg__svg_boxes taken = {.n = 0};
    double ts = RG__SVG_NOTE_SIZE;
    for (size_t i = 0; i < c->nmarks; i++) {
        double b = (double)c->marks[i];
        if (!(b >= x->lo && b <= x->hi)) continue;
        const char *s = c->mark_labels && c->mark_labels[i] ? c->mark_labels[i] : "";
        double px = rg__svg_axis_px(x, b);
        if (!labels) {
            fprintf(f,
                    "<path d=\"M%.1f %.1fV%.1f\" stroke=\"#777\" stroke-width=\"1\" "
                    "stroke-dasharray=\"4 3\" fill=\"none\"><title>",
                    px, y->p0, y->p1);
            rg_xml_escape(f, s);
            fprintf(f, "</title></path>\n");
            continue;
        }
        if (!*s) continue;
        /* Right of the line at the top; one row lower when a neighbour's label is there, and
         * left of the line when it would leave the frame. */
        double w = rg__svg_text_width(s, ts);
        int right_side = px + 4 + w <= x->p1;
        double x0 = right_side ? px + 4 : px - 4 - w;
        double ty = y->p1 + 4 + ts;
        rg__svg_box box = {x0 - 2, ty - ts, x0 + w + 2, ty + 3};
        for (int row = 0; row < 4 && rg__svg_boxes_hit(&taken, box); row++) {
            ty += ts + 3;
            box.y0 += ts + 3;
            box.y1 += ts + 3;
        }
        rg__svg_boxes_add(&taken, box);
        rg__svg_text(f, right_side ? px + 4 : px - 4, ty, ts, right_side ? "start" : "end", 0,
                     "#444", "", s);
    }
}

static void tick_bytes(char *buf, size_t len, double v) {
    rg__svg_fmt_bytes(buf, len, v);
}

int rg_svg_sweep_write(FILE *f, const rg_svg_sweep_chart *c) {
    if (!f || !c || (c->nlines && !c->lines) || (c->nmarks && !c->marks)) return RG_EINVAL;
    double bmin = INFINITY, bmax = 0, vmin = INFINITY, vmax = 0;
    size_t nitems = 0;
    rg__svg_legend_item items[32];
    for (size_t k = 0; k < c->nlines; k++) {
        const rg_svg_line *l = &c->lines[k];
        if (l->npoints && !l->points) return RG_EINVAL;
        int any = 0;
        for (size_t i = 0; i < l->npoints; i++) {
            const rg_sweep_point *p = &l->points[i];
            if (!sp_ok(p)) continue;
            any = 1;
            bmin = fmin(bmin, (double)p->bytes);
            bmax = fmax(bmax, (double)p->bytes);
            vmin = fmin(vmin, rg__svg_positive(p->p10) ? fmin(p->p10, p->value) : p->value);
            vmax = fmax(vmax, rg__svg_positive(p->p90) ? fmax(p->p90, p->value) : p->value);
        }
        if (any && l->name && nitems < sizeof items / sizeof items[0])
            items[nitems++] = (rg__svg_legend_item){NULL, l->name, l->series, -1};
    }
    if (!(bmin <= bmax)) return RG_EINVAL;

    int width = c->width > 0 ? c->width : 760, height = c->height > 0 ? c->height : 400;
    double left = 74, right = width - 30.0, top = 40; /* room for the last tick's label */
    double legend_h = rg__svg_legend_height(items, nitems, right - left);
    double bottom = height - 50.0 - (legend_h > 0 ? legend_h + 8 : 0);
    /* x: whole powers of two around the data; y: half-decades with headroom for the labels
     * of the marks along the top. */
    double xlo = ldexp(1.0, (int)floor(log2(bmin / 1.4))),
           xhi = ldexp(1.0, (int)ceil(log2(bmax * 1.4)));
    double ylo, yhi;
    rg__svg_range_pad(vmin / 1.2, vmax * (c->nmarks ? 2.0 : 1.3), &ylo, &yhi);
    rg__svg_axis x = {xlo, xhi, left, right}, y = {ylo, yhi, bottom, top};

    rg__svg_open(f, width, height, c->title);
    if (c->title)
        rg__svg_text(f, left, 24, RG__SVG_TITLE_SIZE, "start", 0, "#111", "font-weight=\"600\"",
                     c->title);
    rg__svg_tick xt[RG__SVG_MAX_TICKS], yt[RG__SVG_MAX_TICKS];
    rg__svg_frame fr = {
        .x = &x,
        .y = &y,
        .xt = xt,
        .yt = yt,
        .nxt = rg__svg_ticks_binary(xlo, xhi, xt, RG__SVG_MAX_TICKS),
        .nyt = rg__svg_ticks_decimal(ylo, yhi, yt, RG__SVG_MAX_TICKS),
        .xfmt = tick_bytes,
        .x_label = c->x_label ? c->x_label : "Working set (bytes, all threads)",
        .y_label = c->y_label ? c->y_label : "GB/s",
    };
    rg__svg_frame_write(f, &fr);
    draw_marks(f, c, &x, &y, 0);
    for (size_t k = 0; k < c->nlines; k++)
        draw_band(f, &c->lines[k], &x, &y);
    for (size_t k = 0; k < c->nlines; k++)
        draw_line(f, &c->lines[k], &x, &y);
    draw_marks(f, c, &x, &y, 1);
    rg__svg_legend_write(f, items, nitems, left, height - 8 - legend_h, right - left);
    fprintf(f, "</svg>\n");
    return ferror(f) ? RG_EIO : RG_OK;
}
