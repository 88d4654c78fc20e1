/* report_html_charts.c: from the report model to the SVG charts of one machine's device: the
 * roofline (measured roofs and slopes, every verified case) and the bandwidth sweeps. */
#include "report_html_charts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ridge.h"
#include "svg_axes.h"
#include "svg_chart.h"

#define NAME_LEN 48
#define TITLE_LEN 320

typedef char name_buf[NAME_LEN];
typedef char title_buf[TITLE_LEN];

/* The index of s in names[0..*n), appended when absent: colours and shapes in order of first
 * appearance, so the same input always gets the same ones. */
static int name_index(name_buf *names, size_t *n, const char *s) {
    for (size_t i = 0; i < *n; i++)
        if (strcmp(names[i], s) == 0) return (int)i;
    snprintf(names[*n], NAME_LEN, "%s", s);
    return (int)(*n)++;
}

static int plotted(const rg_report_row *row, size_t mi, const char *device) {
    const rg_result *res = row->result;
    return row->machine == mi && strcmp(res->device, device) == 0 && res->status == RG_CASE_OK &&
           res->flops > 0 && res->bytes > 0 && isfinite(res->gflops) && res->gflops > 0;
}

static void fmt_rate(char *buf, size_t len, double v) {
    snprintf(buf, len, v >= 10 ? "%.0f" : "%.3g", v);
}

static void point_title(char *buf, size_t len, const rg_report_row *row) {
    const rg_result *res = row->result;
    char ai[24], rate[24];
    rg__svg_fmt_num(ai, sizeof ai, res->flops / res->bytes, 3);
    fmt_rate(rate, sizeof rate, res->gflops);
    char threads[24] = ""; /* a GPU case has no thread count */
    if (rg_roofline_threads_apply(res->device))
        snprintf(threads, sizeof threads, ", %d thread%s", res->threads,
                 res->threads == 1 ? "" : "s");
    int n = snprintf(buf, len, "%s, %s (%s)%s, %s: %s %s at %s flop/byte", row->label, res->impl,
                     res->isa[0] ? res->isa : "-", threads, res->cache[0] ? res->cache : "-", rate,
                     rg_roofline_rate_unit(rg_roofline_precision(res->dtype)), ai);
    const rg_bound *b = &row->roof;
    if (n > 0 && (size_t)n < len && b->kind != RG_BOUND_NONE && isfinite(b->pct))
        snprintf(buf + n, len - (size_t)n, "; %.0f%% of its %s bound (%s)", b->pct,
                 rg_bound_kind_name(b->kind),
                 b->kind == RG_BOUND_MEMORY ? b->level.name : b->peak.name);
}

int rg__html_roofline(FILE *f, const rg_report *rep, size_t mi, const char *device) {
    const rg_report_machine *m = &rep->machines[mi];
    rg_roofs roofs;
    rg_report_roofs(rep, mi, device, &roofs);
    char roof_label[RG_ROOFLINE_MAX][128], slope_label[RG_ROOFLINE_MAX][64], v[24];
    rg_svg_roof r[RG_ROOFLINE_MAX];
    rg_svg_slope s[RG_ROOFLINE_MAX];
    for (size_t i = 0; i < roofs.npeaks; i++) {
        const rg_roof *p = &roofs.peaks[i];
        fmt_rate(v, sizeof v, p->value);
        char thr[32] = "";
        if (rg_roofline_threads_apply(device) && (p->threads > 0 || p->scaled))
            snprintf(thr, sizeof thr, " (%d thr%s)", p->threads, p->scaled ? ", scaled" : "");
        snprintf(roof_label[i], sizeof roof_label[i], "%s %s%s %s %s", p->name, p->method, thr, v,
                 rg_roofline_rate_unit(p->name));
        r[i] = (rg_svg_roof){roof_label[i], p->value};
    }
    for (size_t i = 0; i < roofs.nlevels; i++) {
        fmt_rate(v, sizeof v, roofs.levels[i].value);
        snprintf(slope_label[i], sizeof slope_label[i], "%s %s GB/s%s", roofs.levels[i].name, v,
                 roofs.levels[i].scaled ? " (scaled)" : "");
        s[i] = (rg_svg_slope){slope_label[i], roofs.levels[i].value};
    }

    size_t n = 0;
    for (size_t i = 0; i < rep->nrows; i++)
        n += (size_t)plotted(&rep->rows[i], mi, device);
    size_t cap = n ? n : 1;
    rg_svg_point *pts = calloc(cap, sizeof *pts);
    title_buf *titles = calloc(cap, sizeof *titles);
    name_buf *kernels = calloc(cap, sizeof *kernels), *impls = calloc(cap, sizeof *impls);
    const char **kernel_names = calloc(cap, sizeof *kernel_names);
    const char **impl_names = calloc(cap, sizeof *impl_names);
    int rc = RG_ENOMEM;
    if (!pts || !titles || !kernels || !impls || !kernel_names || !impl_names) goto done;

    size_t k = 0, nkernels = 0, nimpls = 0;
    int gop = 0; /* anything in GOP/s (int8) on the chart */
    for (size_t i = 0; i < roofs.npeaks; i++)
        gop |= strcmp(rg_roofline_rate_unit(roofs.peaks[i].name), "GOP/s") == 0;
    for (size_t i = 0; i < rep->nrows; i++) {
        const rg_report_row *row = &rep->rows[i];
        if (!plotted(row, mi, device)) continue;
        const rg_result *res = row->result;
        char kernel[NAME_LEN];
        snprintf(kernel, sizeof kernel, "%s %s", res->op, res->dtype);
        point_title(titles[k], TITLE_LEN, row);
        gop |= strcmp(rg_roofline_rate_unit(rg_roofline_precision(res->dtype)), "GOP/s") == 0;
        pts[k] = (rg_svg_point){res->flops / res->bytes, res->gflops,
                                name_index(kernels, &nkernels, kernel),
                                name_index(impls, &nimpls, res->impl), titles[k]};
        k++;
    }
    for (size_t i = 0; i < nkernels; i++)
        kernel_names[i] = kernels[i];
    for (size_t i = 0; i < nimpls; i++)
        impl_names[i] = impls[i];

    char title[192];
    if ((roofs.npeaks || roofs.nlevels) && roofs.threads > 0)
        snprintf(title, sizeof title, "Roofline: %s, %s (ceilings at %d thread%s)", m->label,
                 device, roofs.threads, roofs.threads == 1 ? "" : "s");
    else if (roofs.npeaks || roofs.nlevels)
        snprintf(title, sizeof title, "Roofline: %s, %s", m->label, device);
    else
        snprintf(title, sizeof title, "Roofline: %s, %s (no ceilings measured)", m->label, device);
    rg_svg_roofline c = {.title = title,
                         .y_label = gop ? "GFLOP/s (GOP/s for int8)" : "GFLOP/s",
                         .roofs = r,
                         .nroofs = roofs.npeaks,
                         .slopes = s,
                         .nslopes = roofs.nlevels,
                         .points = pts,
                         .npoints = n,
                         .series_names = kernel_names,
                         .nseries = nkernels,
                         .marker_names = impl_names,
                         .nmarkers = nimpls,
                         .width = 760,
                         .height = 500};
    /* As wide as the chart (and its border), so that the caption wraps under it. */
    fprintf(f, "<figure class=\"roofline\" style=\"max-width:%dpx\">\n", c.width + 2);
    rc = rg_svg_roofline_write(f, &c);
    if (rc == RG_EINVAL) {
        fprintf(f, "<p class=\"note\">No roofline for ");
        rg_xml_escape(f, device);
        fprintf(f, ": no ceilings and no verified case with counted flops and bytes.</p>\n");
        rc = RG_OK;
    } else if (rc == RG_OK) {
        fprintf(f, "<figcaption>");
        if (roofs.nlevels)
            fprintf(f, "Roofs: compute peaks per precision; slopes: bandwidth per memory level; "
                       "circles: ridge points on the slowest level. ");
        else
            fprintf(f, "No bandwidth ceilings: %s. ",
                    m->res.ceilings_note[0] ? "see the machine table" : "none in the results");
        fprintf(f, "Each mark is one verified case at its counted arithmetic intensity "
                   "(colour: kernel, shape: implementation); hover for the exact case.");
        fprintf(f, "</figcaption>\n");
    }
    fprintf(f, "</figure>\n");
done:
    free(pts);
    free(titles);
    free(kernels);
    free(impls);
    free(kernel_names);
    free(impl_names);
    if (rc == RG_OK && ferror(f)) rc = RG_EIO;
    return rc;
}

/* Cache sizes as dashed lines: per-core caches times the cores the threads spread over,
 * since a sweep's working set counts all threads together. */
static size_t cache_marks(const rg_sysinfo *sys, int threads, int64_t *marks, char (*label)[48]) {
    int per = threads < 1 ? 1 : threads;
    if (sys->cores > 0 && per > sys->cores) per = sys->cores;
    const struct {
        const char *name;
        int64_t bytes;
        int per_core;
    } lv[] = {{"L1d", sys->l1d, 1}, {"L2", sys->l2, 1}, {"L3", sys->l3, 0}};
    size_t n = 0;
    for (size_t i = 0; i < 3; i++) {
        if (lv[i].bytes <= 0) continue;
        char size[24];
        rg__svg_fmt_bytes(size, sizeof size, (double)lv[i].bytes);
        if (lv[i].per_core && per > 1)
            snprintf(label[n], sizeof label[n], "%s %d\xc3\x97%s", lv[i].name, per, size);
        else
            snprintf(label[n], sizeof label[n], "%s %s", lv[i].name, size);
        marks[n++] = lv[i].per_core ? lv[i].bytes * per : lv[i].bytes;
    }
    return n;
}

int rg__html_sweep(FILE *f, const rg_report *rep, size_t mi, const char *device) {
    const rg_results *r = &rep->machines[mi].res;
    size_t n = 0;
    for (int64_t i = 0; i < r->nsweeps; i++)
        n += strcmp(r->sweeps[i].device, device) == 0 && r->sweeps[i].npoints > 0;
    if (n == 0) return RG_OK;
    rg_svg_line *lines = calloc(n, sizeof *lines);
    char(*names)[64] = calloc(n, sizeof *names);
    if (!lines || !names) {
        free(lines);
        free(names);
        return RG_ENOMEM;
    }
    size_t k = 0;
    int threads = 1;
    for (int64_t i = 0; i < r->nsweeps; i++) {
        const rg_sweep *sw = &r->sweeps[i];
        if (strcmp(sw->device, device) != 0 || sw->npoints <= 0) continue;
        if (rg_roofline_threads_apply(device))
            snprintf(names[k], sizeof names[k], "%s, %d thread%s", sw->method, sw->threads,
                     sw->threads == 1 ? "" : "s");
        else
            snprintf(names[k], sizeof names[k], "%s", sw->method);
        lines[k] = (rg_svg_line){names[k], sw->points, (size_t)sw->npoints, (int)k};
        if (sw->threads > threads) threads = sw->threads;
        k++;
    }
    int64_t marks[3];
    char mark_label[3][48];
    const char *mark_labels[3];
    size_t nmarks =
        strcmp(device, "cpu") == 0 ? cache_marks(&r->system, threads, marks, mark_label) : 0;
    for (size_t i = 0; i < nmarks; i++)
        mark_labels[i] = mark_label[i];
    char title[160];
    snprintf(title, sizeof title, "Bandwidth sweep: %s, %s", rep->machines[mi].label, device);
    rg_svg_sweep_chart c = {.title = title,
                            .x_label = rg_roofline_threads_apply(device)
                                           ? "Working set (bytes, all threads)"
                                           : "Working set (bytes)",
                            .lines = lines,
                            .nlines = n,
                            .marks = marks,
                            .mark_labels = mark_labels,
                            .nmarks = nmarks,
                            .width = 560,
                            .height = 500};
    fprintf(f, "<figure class=\"sweep\" style=\"max-width:%dpx\">\n", c.width + 2);
    int rc = rg_svg_sweep_write(f, &c);
    if (rc == RG_EINVAL) {
        fprintf(f, "<p class=\"note\">The bandwidth sweeps hold no usable point.</p>\n");
        rc = RG_OK;
    } else if (rc == RG_OK) {
        fprintf(f,
                "<figcaption>Median of the repetitions at each working-set size, with the "
                "p10 to p90 spread as a band%s.</figcaption>\n",
                nmarks ? "; dashed: the cache sizes hwloc reports, per-core ones times the "
                         "cores in use"
                       : "");
    }
    fprintf(f, "</figure>\n");
    free(lines);
    free(names);
    if (rc == RG_OK && ferror(f)) rc = RG_EIO;
    return rc;
}
