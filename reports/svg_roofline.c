/* svg_roofline.c: the log-log roofline chart: compute roofs, bandwidth slopes, ridge points
 * and the measured cases, with labels placed so that they do not run into each other. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ridge.h"
#include "svg_axes.h"
#include "svg_chart.h"

#define POINT_R 5.0
#define ROOF_STROKE "#1f1f1f"
#define SLOPE_STROKE "#5a5a5a"

static int point_ok(const rg_svg_point *p) {
    return rg__svg_positive(p->x) && rg__svg_positive(p->y);
}

/* What the chart holds once the unusable entries are dropped. */
typedef struct {
    size_t nroofs, nslopes, npoints;
    double roof_lo, roof_hi;   /* lowest and highest roof */
    double slope_lo, slope_hi; /* slowest and fastest slope */
    double px_lo, px_hi;       /* point x range */
    double py_lo, py_hi;       /* point y range */
} extent;

static void measure(const rg_svg_roofline *c, extent *e) {
    memset(e, 0, sizeof *e);
    e->roof_lo = e->slope_lo = e->px_lo = e->py_lo = INFINITY;
    for (size_t i = 0; i < c->nroofs; i++) {
        double v = c->roofs[i].value;
        if (!rg__svg_positive(v)) continue;
        e->nroofs++;
        e->roof_lo = fmin(e->roof_lo, v);
        e->roof_hi = fmax(e->roof_hi, v);
    }
    for (size_t i = 0; i < c->nslopes; i++) {
        double v = c->slopes[i].gbps;
        if (!rg__svg_positive(v)) continue;
        e->nslopes++;
        e->slope_lo = fmin(e->slope_lo, v);
        e->slope_hi = fmax(e->slope_hi, v);
    }
    for (size_t i = 0; i < c->npoints; i++) {
        const rg_svg_point *p = &c->points[i];
        if (!point_ok(p)) continue;
        e->npoints++;
        e->px_lo = fmin(e->px_lo, p->x);
        e->px_hi = fmax(e->px_hi, p->x);
        e->py_lo = fmin(e->py_lo, p->y);
        e->py_hi = fmax(e->py_hi, p->y);
    }
}

static const char *label_of(const char *s) {
    return s ? s : "";
}

/* Data ranges before the roof labels are given room: every point, every knee where a slope
 * meets a roof, two decades under the lowest roof, and a little headroom over the top. */
static void data_range(const extent *e, double *xlo, double *xhi, double *ylo, double *yhi) {
    double x0 = INFINITY, x1 = 0, y0 = INFINITY, y1 = 0;
    if (e->npoints) {
        /* A little air, so that no point sits on the frame. */
        x0 = e->px_lo / 1.5;
        x1 = e->px_hi * 1.5;
        y0 = e->py_lo / 1.5;
        y1 = e->py_hi;
    }
    if (e->nroofs) {
        y0 = fmin(y0, e->roof_lo / 100.0);
        y1 = fmax(y1, e->roof_hi);
        if (e->nslopes) {
            /* Room left of the first knee for the slopes and their labels. */
            x0 = fmin(x0, e->roof_lo / e->slope_hi / 10.0);
            x1 = fmax(x1, e->roof_hi / e->slope_lo * 3.0);
        }
    }
    if (!(x0 <= x1)) {
        x0 = 0.1;
        x1 = 100.0;
    }
    if (!(y0 <= y1)) {
        /* Slopes only: what they span over the x range. */
        y0 = e->slope_lo * x0;
        y1 = e->slope_hi * x1;
    }
    rg__svg_range_pad(x0, x1, xlo, xhi);
    rg__svg_range_pad(y0, y1 * 1.6, ylo, yhi);
}

typedef struct {
    const rg_svg_roofline *c;
    extent e;
    rg__svg_axis x, y;
    rg__svg_boxes taken; /* label boxes placed so far */
} chart;

/* Index of roofs sorted by decreasing value (ties in input order): labels go top-down. */
typedef struct {
    double v;
    size_t i;
} ranked;

static int by_value_desc(const void *a, const void *b) {
    const ranked *p = a, *q = b;
    if (p->v != q->v) return p->v < q->v ? 1 : -1;
    return p->i < q->i ? -1 : p->i > q->i;
}

/* The visible part of slope g, in pixels; 0 when none is. */
static int slope_segment(const chart *ch, double g, double *sx, double *sy, double *ex,
                         double *ey) {
    double xe = ch->e.nroofs ? ch->e.roof_hi / g : ch->x.hi;
    double xs = fmax(ch->x.lo, ch->y.lo / g);
    xe = fmin(fmin(xe, ch->x.hi), ch->y.hi / g);
    if (!(xs < xe)) return 0;
    *sx = rg__svg_axis_px(&ch->x, xs);
    *sy = rg__svg_axis_px(&ch->y, g * xs);
    *ex = rg__svg_axis_px(&ch->x, xe);
    *ey = rg__svg_axis_px(&ch->y, g * xe);
    return 1;
}

static void draw_slopes(FILE *f, chart *ch) {
    const rg_svg_roofline *c = ch->c;
    double sx, sy, ex, ey;
    for (size_t i = 0; i < c->nslopes; i++) {
        if (!rg__svg_positive(c->slopes[i].gbps) ||
            !slope_segment(ch, c->slopes[i].gbps, &sx, &sy, &ex, &ey))
            continue;
        fprintf(f,
                "<path d=\"M%.1f %.1fL%.1f %.1f\" stroke=\"%s\" stroke-width=\"1.5\" "
                "fill=\"none\"><title>",
                sx, sy, ex, ey, SLOPE_STROKE);
        rg_xml_escape(f, label_of(c->slopes[i].label));
        fprintf(f, "</title></path>\n");
    }
}

/* Slope labels sit on their line, which breaks for them (as on a contour map), so that
 * lines closer together than a line of text still say which label is whose. */
/* Where along a slope (u in its frame) a label of width w fits between lo and hi, clear of
 * the labels in used and of the drawn points, for a label spanning v0..v1 across the line;
 * NaN when nowhere. */
static double slope_spot(const chart *ch, const rg__svg_box *used, size_t nused, double ca,
                         double sa, double lo, double hi, double w, double v0, double v1) {
    rg__svg_box b = {lo, v0, lo + w, v1};
    for (int tries = 0; tries < 32 && b.x1 <= hi; tries++) {
        double to = -INFINITY;
        for (size_t k = 0; k < nused; k++)
            if (rg__svg_box_overlap(used[k], b)) to = fmax(to, used[k].x1 + 14);
        for (size_t k = 0; k < ch->c->npoints; k++) {
            const rg_svg_point *p = &ch->c->points[k];
            if (!point_ok(p)) continue;
            double px = rg__svg_axis_px(&ch->x, p->x), py = rg__svg_axis_px(&ch->y, p->y);
            double pu = px * ca - py * sa, pv = -px * sa - py * ca, r = POINT_R + 2;
            rg__svg_box pb = {pu - r, pv - r, pu + r, pv + r};
            if (rg__svg_box_overlap(pb, b)) to = fmax(to, pb.x1 + 4);
        }
        if (to == -INFINITY) return b.x0;
        b.x1 += to - b.x0;
        b.x0 = to;
    }
    return NAN;
}

/* Slope labels sit on their line, which breaks for them (as on a contour map), so that
 * lines closer together than a line of text still say which label is whose. Cases sitting
 * on a line push its label further up, or just under the line; where neither fits, it stays
 * at the line's start. */
static void label_slopes(FILE *f, chart *ch) {
    const rg_svg_roofline *c = ch->c;
    double ppdx = rg__svg_axis_px_per_decade(&ch->x), ppdy = rg__svg_axis_px_per_decade(&ch->y);
    /* In log-log every slope has the same angle; labels are placed in the line's own frame
     * (u along, v across), where the parallel labels are plain rectangles. */
    double ang = atan2(ppdy, ppdx), ca = cos(ang), sa = sin(ang), deg = -ang * 180.0 / M_PI;
    double ts = RG__SVG_NOTE_SIZE, sx, sy, ex, ey;
    rg__svg_box used[32];
    size_t nused = 0;
    for (size_t i = 0; i < c->nslopes; i++) {
        double g = c->slopes[i].gbps;
        const char *s = label_of(c->slopes[i].label);
        if (!*s || !rg__svg_positive(g) || !slope_segment(ch, g, &sx, &sy, &ex, &ey)) continue;
        /* u grows along the line (up and right), v away from it (upwards). */
        double u0 = sx * ca - sy * sa, u1 = ex * ca - ey * sa, v = -sx * sa - sy * ca;
        if (ch->e.nroofs && ch->e.roof_lo / g < ch->x.hi) {
            /* Not past the lowest roof: the ridge points and roof labels are there. */
            double kx = rg__svg_axis_px(&ch->x, ch->e.roof_lo / g);
            double ky = rg__svg_axis_px(&ch->y, ch->e.roof_lo);
            u1 = fmin(u1, kx * ca - ky * sa);
        }
        double w = rg__svg_text_width(s, ts), lo = u0 + 12, hi = u1 - 10;
        double on0 = v - ts * 0.5 - 2, on1 = v + ts * 0.5 + 2, under0 = v - ts - 7, under1 = v - 3;
        int under = 0;
        double bu = slope_spot(ch, used, nused, ca, sa, lo, hi, w, on0, on1);
        if (isnan(bu)) {
            bu = slope_spot(ch, used, nused, ca, sa, lo, hi, w, under0, under1);
            under = !isnan(bu);
        }
        if (isnan(bu)) bu = lo;
        rg__svg_box b = {bu, under ? under0 : on0, bu + w, under ? under1 : on1};
        if (nused < sizeof used / sizeof used[0]) used[nused++] = b;
        /* Back from (u, v) to pixels: the text centred on the line, or hanging under it. */
        double bv = under ? v - 5 - ts * 0.75 : v - ts * 0.36;
        double tx = bu * ca - bv * sa, ty = -bu * sa - bv * ca;
        if (!under)
            fprintf(f,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#fff\" "
                    "transform=\"rotate(%.2f %.1f %.1f)\"/>\n",
                    tx - 3, ty - ts * 0.86, w + 6, ts * 1.16, deg, tx, ty);
        rg__svg_text(f, tx, ty, ts, "start", deg, "#444", "", s);
    }
}

/* Whether r overlaps a label placed before or, with_points, a drawn point. */
static int hits(const chart *ch, rg__svg_box r, int with_points) {
    if (rg__svg_boxes_hit(&ch->taken, r)) return 1;
    for (size_t i = 0; with_points && i < ch->c->npoints; i++) {
        const rg_svg_point *p = &ch->c->points[i];
        if (!point_ok(p)) continue;
        double x = rg__svg_axis_px(&ch->x, p->x), y = rg__svg_axis_px(&ch->y, p->y);
        rg__svg_box b = {x - POINT_R, y - POINT_R, x + POINT_R, y + POINT_R};
        if (rg__svg_box_overlap(b, r)) return 1;
    }
    return 0;
}

/* The left edge of the leftmost box that r overlaps. */
static double left_of_hit(const rg__svg_boxes *t, rg__svg_box r) {
    double x = r.x1;
    for (size_t i = 0; i < t->n; i++)
        if (rg__svg_box_overlap(t->box[i], r)) x = fmin(x, t->box[i].x0);
    return x;
}

static void draw_roofs(FILE *f, chart *ch, const ranked *order, size_t n) {
    const rg_svg_roofline *c = ch->c;
    double ts = RG__SVG_NOTE_SIZE, right = ch->x.p1;
    for (size_t k = 0; k < n; k++) {
        double v = order[k].v;
        double xs = ch->e.nslopes ? fmax(ch->x.lo, v / ch->e.slope_hi) : ch->x.lo;
        double py = rg__svg_axis_px(&ch->y, v), sx = rg__svg_axis_px(&ch->x, xs);
        const char *s = label_of(c->roofs[order[k].i].label);
        fprintf(f,
                "<path d=\"M%.1f %.1fH%.1f\" stroke=\"%s\" stroke-width=\"1.8\" "
                "fill=\"none\"><title>",
                sx, py, right, ROOF_STROKE);
        rg_xml_escape(f, s);
        fprintf(f, "</title></path>\n");
        if (!*s) continue;
        /* At the right end, above the line or else below it: clear of labels and points if
         * possible, else of labels (two roofs a few pixels apart get one label over and one
         * under the line); else left of the label in the way. */
        double w = rg__svg_text_width(s, ts);
        double tx = right - 6, ty = py - 5;
        rg__svg_box b = {tx - w, ty - ts, tx, ty + 3};
        rg__svg_box below = {tx - w, py + 3, tx, py + 5 + ts};
        for (int with_points = 1; with_points >= 0; with_points--) {
            if (!hits(ch, b, with_points)) break;
            if (!hits(ch, below, with_points)) {
                b = below;
                ty = py + 3 + ts;
                break;
            }
        }
        for (int tries = 0; tries < 6 && rg__svg_boxes_hit(&ch->taken, b); tries++) {
            double dx = b.x1 - (left_of_hit(&ch->taken, b) - 14);
            tx -= dx;
            b.x0 -= dx;
            b.x1 -= dx;
        }
        rg__svg_boxes_add(&ch->taken, b);
        rg__svg_text(f, tx, ty, ts, "end", 0, ROOF_STROKE, "", s);
    }
}

/* Where the slowest slope meets each roof: below that intensity, a case is bound by memory
 * at every level; above, it may reach the roof. */
static void draw_ridges(FILE *f, chart *ch, const ranked *order, size_t n) {
    const rg_svg_roofline *c = ch->c;
    const char *slow = "";
    for (size_t i = 0; i < c->nslopes; i++)
        if (c->slopes[i].gbps == ch->e.slope_lo) slow = label_of(c->slopes[i].label);
    double ts = RG__SVG_NOTE_SIZE, last_x = -1e9, last_y = -1e9;
    char last[48] = "";
    for (size_t k = 0; k < n; k++) {
        double v = order[k].v, ai = v / ch->e.slope_lo;
        double cx = rg__svg_axis_px(&ch->x, ai), cy = rg__svg_axis_px(&ch->y, v);
        char num[32], text[48];
        rg__svg_fmt_num(num, sizeof num, ai, 2);
        snprintf(text, sizeof text, "AI = %s", num);
        fprintf(f,
                "<circle class=\"ridge\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"#fff\" "
                "stroke=\"%s\" stroke-width=\"1.5\"><title>Ridge point: ",
                cx, cy, ROOF_STROKE);
        rg_xml_escape(f, label_of(c->roofs[order[k].i].label));
        fprintf(f, " meets ");
        rg_xml_escape(f, slow);
        fprintf(f, " at %s flop/byte</title></circle>\n", num);
        /* Under the roof to the right of the knee (the slope comes in from the lower left),
         * else above it to the left, above to the right, below to the left: the first clear
         * of labels and points, else the first clear of labels; left out when all are taken,
         * or when a knee next to it already says the same. */
        int same = strcmp(text, last) == 0 && fabs(cx - last_x) < 12 && fabs(cy - last_y) < 12;
        snprintf(last, sizeof last, "%s", text);
        last_x = cx;
        last_y = cy;
        if (same) continue;
        double w = rg__svg_text_width(text, ts);
        const struct {
            rg__svg_box box;
            double x, y;
            const char *anchor;
        } spot[] = {
            {{cx + 5, cy + 4, cx + 7 + w, cy + 8 + ts}, cx + 6, cy + 5 + ts, "start"},
            {{cx - 7 - w, cy - 6 - ts, cx - 5, cy - 4}, cx - 6, cy - 6, "end"},
            {{cx + 5, cy - 6 - ts, cx + 7 + w, cy - 4}, cx + 6, cy - 6, "start"},
            {{cx - 7 - w, cy + 4, cx - 5, cy + 8 + ts}, cx - 6, cy + 5 + ts, "end"},
        };
        size_t nspots = sizeof spot / sizeof spot[0], pick = nspots;
        for (int with_points = 1; with_points >= 0 && pick == nspots; with_points--)
            for (pick = 0; pick < nspots && hits(ch, spot[pick].box, with_points); pick++)
                ;
        if (pick == nspots) continue;
        rg__svg_boxes_add(&ch->taken, spot[pick].box);
        rg__svg_text(f, spot[pick].x, spot[pick].y, ts, spot[pick].anchor, 0, "#333", "", text);
    }
}

static void draw_points(FILE *f, chart *ch) {
    const rg_svg_roofline *c = ch->c;
    fprintf(f, "<g>\n");
    for (size_t i = 0; i < c->npoints; i++) {
        const rg_svg_point *p = &c->points[i];
        if (!point_ok(p)) continue;
        char fallback[64];
        const char *title = p->title;
        if (!title) {
            char a[24], b[24];
            rg__svg_fmt_num(a, sizeof a, p->x, 3);
            rg__svg_fmt_num(b, sizeof b, p->y, 3);
            snprintf(fallback, sizeof fallback, "%s flop/byte, %s", a, b);
            title = fallback;
        }
        rg__svg_marker(f, p->marker, rg__svg_axis_px(&ch->x, p->x), rg__svg_axis_px(&ch->y, p->y),
                       POINT_R, rg__svg_color(p->series), title);
    }
    fprintf(f, "</g>\n");
}

/* Legend entries for the colours and shapes that some drawn point uses. */
static size_t legend_items(const rg_svg_roofline *c, rg__svg_legend_item *it, size_t cap) {
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t names = pass ? c->nmarkers : c->nseries;
        const char *const *name = pass ? c->marker_names : c->series_names;
        int first = 1;
        for (size_t s = 0; s < names && name && n < cap; s++) {
            int used = 0;
            for (size_t i = 0; i < c->npoints && !used; i++)
                used = point_ok(&c->points[i]) &&
                       (size_t)(pass ? c->points[i].marker : c->points[i].series) == s;
            if (!used || !name[s]) continue;
            it[n++] = (rg__svg_legend_item){first ? (pass ? "Implementation" : "Kernel") : NULL,
                                            name[s], pass ? -1 : (int)s, pass ? (int)s : -1};
            first = 0;
        }
    }
    return n;
}

int rg_svg_roofline_write(FILE *f, const rg_svg_roofline *c) {
    if (!f || !c) return RG_EINVAL;
    if ((c->nroofs && !c->roofs) || (c->nslopes && !c->slopes) || (c->npoints && !c->points))
        return RG_EINVAL;
    chart ch = {.c = c};
    measure(c, &ch.e);
    if (!ch.e.nroofs && !ch.e.nslopes && !ch.e.npoints) return RG_EINVAL;
    ranked *order = NULL;
    if (ch.e.nroofs) {
        order = malloc(ch.e.nroofs * sizeof *order);
        if (!order) return RG_ENOMEM;
        size_t n = 0;
        for (size_t i = 0; i < c->nroofs; i++)
            if (rg__svg_positive(c->roofs[i].value)) order[n++] = (ranked){c->roofs[i].value, i};
        qsort(order, n, sizeof *order, by_value_desc);
    }

    int width = c->width > 0 ? c->width : 760, height = c->height > 0 ? c->height : 500;
    double left = 74, right = width - 18.0, top = 40;
    rg__svg_legend_item items[64];
    size_t nitems = legend_items(c, items, sizeof items / sizeof items[0]);
    double legend_h = rg__svg_legend_height(items, nitems, right - left);
    double bottom = height - 50.0 - (legend_h > 0 ? legend_h + 8 : 0);

    double xlo, xhi, ylo, yhi;
    data_range(&ch.e, &xlo, &xhi, &ylo, &yhi);
    /* Each roof's label needs the room right of its ridge point: widen x by half-decades. */
    for (int tries = 0; tries < 8 && ch.e.nroofs && ch.e.nslopes; tries++) {
        rg__svg_axis xa = {xlo, xhi, left, right};
        int fits = 1;
        for (size_t k = 0; k < ch.e.nroofs; k++) {
            double w = rg__svg_text_width(label_of(c->roofs[order[k].i].label), 11);
            double knee = rg__svg_axis_px(&xa, order[k].v / ch.e.slope_lo);
            fits &= right - knee >= w + 24;
        }
        if (fits) break;
        xhi *= sqrt(10.0);
    }
    ch.x = (rg__svg_axis){xlo, xhi, left, right};
    ch.y = (rg__svg_axis){ylo, yhi, bottom, top};

    rg__svg_open(f, width, height, c->title);
    if (c->title)
        rg__svg_text(f, left, 24, RG__SVG_TITLE_SIZE, "start", 0, "#111", "font-weight=\"600\"",
                     c->title);
    rg__svg_tick xt[RG__SVG_MAX_TICKS], yt[RG__SVG_MAX_TICKS];
    rg__svg_frame fr = {
        .x = &ch.x,
        .y = &ch.y,
        .xt = xt,
        .yt = yt,
        .nxt = rg__svg_ticks_decimal(xlo, xhi, xt, RG__SVG_MAX_TICKS),
        .nyt = rg__svg_ticks_decimal(ylo, yhi, yt, RG__SVG_MAX_TICKS),
        .x_label = c->x_label ? c->x_label : "Arithmetic intensity (flop/byte)",
        .y_label = c->y_label ? c->y_label : "GFLOP/s",
    };
    rg__svg_frame_write(f, &fr);
    draw_slopes(f, &ch);
    label_slopes(f, &ch);
    draw_roofs(f, &ch, order, ch.e.nroofs);
    if (ch.e.nslopes) draw_ridges(f, &ch, order, ch.e.nroofs);
    draw_points(f, &ch);
    rg__svg_legend_write(f, items, nitems, left, height - 8 - legend_h, right - left);
    fprintf(f, "</svg>\n");
    free(order);
    return ferror(f) ? RG_EIO : RG_OK;
}
