/* svg_chart.h: self-contained SVG charts for the HTML report (no scripts, no external
 * resources): the log-log roofline and the bandwidth-versus-working-set sweep. */
#ifndef RG_SVG_CHART_H
#define RG_SVG_CHART_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "results.h"

/* A compute roof: a horizontal line at value (the chart's y unit, GFLOP/s). */
typedef struct {
    const char *label; /* "fp32 fma-avx512 (2 thr) 226 GFLOP/s" */
    double value;
} rg_svg_roof;

/* A bandwidth roof: y = intensity * gbps, drawn up to where it meets the highest roof. */
typedef struct {
    const char *label; /* "DRAM 30 GB/s" */
    double gbps;
} rg_svg_slope;

/* One measured case. */
typedef struct {
    double x, y;       /* arithmetic intensity (flop/byte) and achieved rate (GFLOP/s) */
    int series;        /* colour: index into series_names (the kernel/op) */
    int marker;        /* shape: index into marker_names (the implementation) */
    const char *title; /* hover text, the exact case; escaped by the writer */
} rg_svg_point;

typedef struct {
    const char *title, *x_label, *y_label;
    const rg_svg_roof *roofs;
    size_t nroofs;
    const rg_svg_slope *slopes; /* fastest level first; the last is the slowest (DRAM) */
    size_t nslopes;
    const rg_svg_point *points;
    size_t npoints;
    const char *const *series_names; /* legend: colours */
    size_t nseries;
    const char *const *marker_names; /* legend: marker shapes */
    size_t nmarkers;
    int width, height; /* pixels; 0 picks 760 x 500 */
} rg_svg_roofline;

/* Writes one <svg> element (no XML prolog, so that it can be inlined in HTML5): log-log axes
 * with decade ticks, ranges chosen to hold every roof, every knee and every point; each roof
 * and slope labelled; the ridge points (where the slowest slope meets each roof) marked and
 * labelled with their intensity; points with a <title> child for hover. Returns 0, RG_EINVAL
 * for a chart with nothing positive to draw, RG_EIO when writing fails. */
int rg_svg_roofline_write(FILE *f, const rg_svg_roofline *c);

/* One bandwidth sweep line: GB/s against working-set bytes. */
typedef struct {
    const char *name; /* "read-avx512, 2 threads" */
    const rg_sweep_point *points;
    size_t npoints;
    int series; /* colour index */
} rg_svg_line;

typedef struct {
    const char *title, *x_label, *y_label;
    const rg_svg_line *lines;
    size_t nlines;
    const int64_t *marks; /* vertical marker lines at these byte sizes (level boundaries) */
    const char *const *mark_labels;
    size_t nmarks;
    int width, height; /* 0 picks 760 x 400 */
} rg_svg_sweep_chart;

/* Writes one <svg>: log-x (bytes, binary prefixes on ticks), log-y (GB/s), one polyline with
 * markers per line (p10..p90 as a light band), the marks as dashed verticals. Same returns. */
int rg_svg_sweep_write(FILE *f, const rg_svg_sweep_chart *c);

/* Writes s with &, <, >, " and ' escaped (element text and attribute values alike), and
 * control characters other than tab/newline dropped. */
void rg_xml_escape(FILE *f, const char *s);

#endif /* RG_SVG_CHART_H */
