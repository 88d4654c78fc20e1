/* test_svg.c: the SVG charts of the HTML report: well-formed, every point titled and escaped,
 * every roof and slope labelled, one ridge point per roof, edge cases, number formats. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ridge.h"
#include "svg_axes.h"
#include "svg_chart.h"
#include "xml_check.h"

/* Runs a writer into memory; returns the text (caller frees) and its return code in *rc. */
#define CAPTURE(rc, call)                                                                          \
    ({                                                                                             \
        char *buf_ = NULL;                                                                         \
        size_t len_ = 0;                                                                           \
        FILE *f = open_memstream(&buf_, &len_);                                                    \
        cr_assert(f);                                                                              \
        (rc) = (call);                                                                             \
        fclose(f);                                                                                 \
        buf_;                                                                                      \
    })

static void assert_well_formed(const char *svg) {
    char err[160];
    cr_assert_eq(xml_check(svg, err, sizeof err), 0, "not well-formed: %s", err);
    cr_assert_eq(xml_count(svg, "svg"), 1, "one <svg> element");
    cr_assert_eq(strncmp(svg, "<svg ", 5), 0, "no XML prolog before <svg>");
}

static const rg_svg_roof roofs[] = {
    {"fp32 fma-avx512 (2 thr) 226 GFLOP/s", 226.0},
    {"bf16 dpbf16-avx512 (2 thr) 452 GFLOP/s", 452.0},
    {"int8 vpdpbusd-avx512 (2 thr) 904 GOP/s", 904.0},
};
static const rg_svg_slope slopes[] = {
    {"L1 700 GB/s", 700.0}, {"L2 250 GB/s", 250.0}, {"L3 120 GB/s", 120.0}, {"DRAM 30 GB/s", 30.0}};
static const rg_svg_point points[] = {
    {256.0, 200.0, 0, 0, "gemm f32 2048x2048x2048 NN ridge"},
    {256.0, 190.0, 0, 1, "gemm f32 2048x2048x2048 NN openblas"},
    {0.125, 3.5, 1, 0, "relu f32 <1M> & \"x\" 'y'"},
    {40.0, 2000.0, 0, 0, "above every roof"},
    {NAN, 10.0, 0, 0, "nan intensity"},
    {1.0, -5.0, 0, 0, "negative rate"},
    {0.0, 5.0, 0, 0, "zero intensity"},
};
static const char *const series[] = {"gemm", "relu"};
static const char *const markers[] = {"ridge", "openblas"};

static rg_svg_roofline chart(void) {
    return (rg_svg_roofline){.title = "cpu: bench-01",
                             .roofs = roofs,
                             .nroofs = 3,
                             .slopes = slopes,
                             .nslopes = 4,
                             .points = points,
                             .npoints = sizeof points / sizeof points[0],
                             .series_names = series,
                             .nseries = 2,
                             .marker_names = markers,
                             .nmarkers = 2};
}

/* The text of a label as the writer puts it: the content of a <text> element. */
static int has_text(const char *svg, const char *label) {
    char needle[256];
    snprintf(needle, sizeof needle, ">%s</text>", label);
    return strstr(svg, needle) != NULL;
}

Test(svg_roofline, full_chart_is_well_formed_and_labelled) {
    rg_svg_roofline c = chart();
    int rc;
    char *svg = CAPTURE(rc, rg_svg_roofline_write(f, &c));
    cr_assert_eq(rc, RG_OK);
    assert_well_formed(svg);
    for (size_t i = 0; i < 3; i++)
        cr_assert(has_text(svg, roofs[i].label), "roof label %s", roofs[i].label);
    for (size_t i = 0; i < 4; i++)
        cr_assert(has_text(svg, slopes[i].label), "slope label %s", slopes[i].label);
    cr_assert_eq(xml_count_str(svg, "class=\"ridge\""), 3, "one ridge point per roof");
    cr_assert(has_text(svg, "AI = 7.5"), "226 / 30");
    cr_assert(has_text(svg, "AI = 30"), "904 / 30");
    /* Points: titled (escaped), the one above every roof too; unusable ones skipped. */
    cr_assert(strstr(svg, "<title>gemm f32 2048x2048x2048 NN ridge</title>"));
    cr_assert(strstr(svg, "<title>gemm f32 2048x2048x2048 NN openblas</title>"));
    cr_assert(strstr(svg, "<title>relu f32 &lt;1M&gt; &amp; &quot;x&quot; &#39;y&#39;</title>"));
    cr_assert(strstr(svg, "<title>above every roof</title>"));
    cr_assert_null(strstr(svg, "nan intensity"));
    cr_assert_null(strstr(svg, "negative rate"));
    cr_assert_null(strstr(svg, "zero intensity"));
    /* Legend and axes. */
    for (size_t i = 0; i < 2; i++) {
        cr_assert(has_text(svg, series[i]), "legend %s", series[i]);
        cr_assert(has_text(svg, markers[i]), "legend %s", markers[i]);
    }
    cr_assert(has_text(svg, "Arithmetic intensity (flop/byte)"));
    cr_assert(has_text(svg, "GFLOP/s"));
    cr_assert(has_text(svg, "1k"), "decade tick label");
    cr_assert_null(strstr(svg, "nan"), "no NaN coordinates");
    cr_assert_null(strstr(svg, "inf"), "no infinite coordinates");
    free(svg);
}

Test(svg_roofline, deterministic) {
    rg_svg_roofline c = chart();
    int rc1, rc2;
    char *a = CAPTURE(rc1, rg_svg_roofline_write(f, &c));
    char *b = CAPTURE(rc2, rg_svg_roofline_write(f, &c));
    cr_assert_eq(rc1, RG_OK);
    cr_assert_eq(rc2, RG_OK);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
}

Test(svg_roofline, ridge_points_need_slopes) {
    rg_svg_roofline c = chart();
    c.nslopes = 0;
    int rc;
    char *svg = CAPTURE(rc, rg_svg_roofline_write(f, &c));
    cr_assert_eq(rc, RG_OK);
    assert_well_formed(svg);
    cr_assert_eq(xml_count_str(svg, "class=\"ridge\""), 0);
    cr_assert(has_text(svg, roofs[0].label));
    free(svg);
}

Test(svg_roofline, no_roofs_axis_from_points_and_slopes) {
    rg_svg_roofline c = chart();
    c.nroofs = 0;
    int rc;
    char *svg = CAPTURE(rc, rg_svg_roofline_write(f, &c));
    cr_assert_eq(rc, RG_OK);
    assert_well_formed(svg);
    cr_assert_eq(xml_count_str(svg, "class=\"ridge\""), 0);
    cr_assert(has_text(svg, "DRAM 30 GB/s"));
    cr_assert(strstr(svg, "<title>above every roof</title>"));
    free(svg);
}

Test(svg_roofline, no_points_still_draws_the_ceilings) {
    rg_svg_roofline c = chart();
    c.npoints = 0;
    int rc;
    char *svg = CAPTURE(rc, rg_svg_roofline_write(f, &c));
    cr_assert_eq(rc, RG_OK);
    assert_well_formed(svg);
    cr_assert_eq(xml_count_str(svg, "class=\"ridge\""), 3);
    cr_assert_null(strstr(svg, ">Kernel</text>"), "no legend without points");
    free(svg);
}

Test(svg_roofline, points_only) {
    rg_svg_roofline c = chart();
    c.nroofs = c.nslopes = 0;
    int rc;
    char *svg = CAPTURE(rc, rg_svg_roofline_write(f, &c));
    cr_assert_eq(rc, RG_OK);
    assert_well_formed(svg);
    free(svg);
}

Test(svg_roofline, nothing_positive_is_einval_and_writes_nothing) {
    rg_svg_roof bad_roof = {"zero", 0.0};
    rg_svg_slope bad_slope = {"nan", NAN};
    rg_svg_roofline c = {.roofs = &bad_roof,
                         .nroofs = 1,
                         .slopes = &bad_slope,
                         .nslopes = 1,
                         .points = points + 4,
                         .npoints = 3};
    int rc;
    char *svg = CAPTURE(rc, rg_svg_roofline_write(f, &c));
    cr_assert_eq(rc, RG_EINVAL);
    cr_assert_str_eq(svg, "");
    free(svg);
    rg_svg_roofline empty = {0};
    svg = CAPTURE(rc, rg_svg_roofline_write(f, &empty));
    cr_assert_eq(rc, RG_EINVAL);
    free(svg);
    svg = CAPTURE(rc, rg_svg_roofline_write(f, NULL));
    cr_assert_eq(rc, RG_EINVAL);
    free(svg);
    cr_assert_eq(rg_svg_roofline_write(NULL, &c), RG_EINVAL);
}

Test(svg_roofline, write_error_is_eio) {
    FILE *f = fopen("/dev/null", "r");
    cr_assert(f);
    rg_svg_roofline c = chart();
    cr_assert_eq(rg_svg_roofline_write(f, &c), RG_EIO);
    fclose(f);
}

static const rg_sweep_point read_pts[] = {{8192, 690, 680, 700},
                                          {49152, 705, 690, 712},
                                          {1572864, 250, 245, 255},
                                          {25165824, 121, 118, 123},
                                          {134217728, 30.5, 30, 31},
                                          {536870912, 29.8, 29.5, 30.1},
                                          {-1, 5, 5, 5} /* skipped */};
static const rg_sweep_point write_pts[] = {{8192, 350, NAN, NAN}, {536870912, 20, 19, 21}};

Test(svg_sweep, well_formed_with_titles_marks_and_binary_ticks) {
    rg_svg_line lines[] = {{"read-avx512, 2 threads", read_pts, 7, 0},
                           {"write <avx512>", write_pts, 2, 1}};
    int64_t marks[] = {32768, 1 << 20, (int64_t)32 << 20};
    const char *labels[] = {"L1d 32 KiB", "L2 1 MiB", "L3 32 MiB"};
    rg_svg_sweep_chart c = {.title = "cpu bandwidth",
                            .lines = lines,
                            .nlines = 2,
                            .marks = marks,
                            .mark_labels = labels,
                            .nmarks = 3};
    int rc;
    char *svg = CAPTURE(rc, rg_svg_sweep_write(f, &c));
    cr_assert_eq(rc, RG_OK);
    assert_well_formed(svg);
    for (size_t i = 0; i < 3; i++)
        cr_assert(has_text(svg, labels[i]), "mark %s", labels[i]);
    cr_assert(has_text(svg, "read-avx512, 2 threads"), "legend");
    cr_assert(has_text(svg, "write &lt;avx512&gt;"), "legend, escaped");
    cr_assert(strstr(svg, "<title>read-avx512, 2 threads: 48 KiB, 705 GB/s (p10 690, p90 712)"));
    cr_assert(strstr(svg, "<title>write &lt;avx512&gt;: 8 KiB, 350 GB/s</title>"));
    /* 6 + 2 points, 3 marks, the chart title. */
    cr_assert_eq(xml_count(svg, "title"), 12);
    cr_assert(has_text(svg, "1 MiB"), "binary tick labels");
    cr_assert_null(strstr(svg, "nan"));
    free(svg);
}

Test(svg_sweep, no_usable_point_is_einval) {
    rg_sweep_point bad[] = {{0, 5, 5, 5}, {64, NAN, 1, 1}};
    rg_svg_line line = {"x", bad, 2, 0};
    rg_svg_sweep_chart c = {.lines = &line, .nlines = 1};
    int rc;
    char *svg = CAPTURE(rc, rg_svg_sweep_write(f, &c));
    cr_assert_eq(rc, RG_EINVAL);
    cr_assert_str_eq(svg, "");
    free(svg);
    rg_svg_sweep_chart none = {0};
    svg = CAPTURE(rc, rg_svg_sweep_write(f, &none));
    cr_assert_eq(rc, RG_EINVAL);
    free(svg);
}

Test(xml_escape, specials_and_control_characters) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rg_xml_escape(f, "a<b>&\"c'\x01"
                     "d\te\n\xc3\xa9");
    rg_xml_escape(f, NULL);
    fclose(f);
    cr_assert_str_eq(buf, "a&lt;b&gt;&amp;&quot;c&#39;d\te\n\xc3\xa9");
    free(buf);
}

Test(svg_format, compact_numbers_and_bytes) {
    static const struct {
        double v;
        int sig;
        const char *want;
    } nums[] = {{0.25, 3, "0.25"}, {4, 3, "4"},       {16, 3, "16"},      {1200, 2, "1.2k"},
                {999.7, 2, "1k"},  {7.533, 2, "7.5"}, {226, 2, "226"},    {0.01, 3, "0.01"},
                {1e6, 3, "1M"},    {35e6, 2, "35M"},  {0.125, 3, "0.125"}};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        char buf[32];
        rg__svg_fmt_num(buf, sizeof buf, nums[i].v, nums[i].sig);
        cr_expect_str_eq(buf, nums[i].want, "%g: got %s, want %s", nums[i].v, buf, nums[i].want);
    }
    static const struct {
        double v;
        const char *want;
    } bytes[] = {{512, "512 B"},     {32768, "32 KiB"}, {1572864, "1.5 MiB"}, {1073741824, "1 GiB"},
                 {1048320, "1 MiB"}, {1023.9, "1 KiB"}, {46336, "45.2 KiB"}};
    for (size_t i = 0; i < sizeof bytes / sizeof bytes[0]; i++) {
        char buf[32];
        rg__svg_fmt_bytes(buf, sizeof buf, bytes[i].v);
        cr_expect_str_eq(buf, bytes[i].want);
    }
}

Test(svg_format, ranges_pad_to_half_decades) {
    double lo, hi;
    rg__svg_range_pad(0.125, 256, &lo, &hi);
    cr_assert_float_eq(lo, pow(10, -1.0), 1e-12);
    cr_assert_float_eq(hi, pow(10, 2.5), 1e-9);
    rg__svg_range_pad(5, 5, &lo, &hi); /* one decade at least */
    cr_assert_geq(hi / lo, 9.99);
    cr_assert(lo <= 5 && hi >= 5);
}

Test(xml_check, accepts_html5_and_rejects_broken_markup) {
    char err[160];
    const char *ok = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<link rel='x' href='y'/><!-- a comment --></head><body><p>a &amp; b "
                     "&#39; &#x27; &lt;br&gt;<br><br/><hr><img alt=\"\" src=\"a\">"
                     "<table><colgroup><col><col/></colgroup></table><input type=\"text\">"
                     "</p></body></html>";
    cr_assert_eq(xml_check(ok, err, sizeof err), 0, "%s", err);
    cr_assert_eq(xml_count(ok, "br"), 2);
    cr_assert_eq(xml_count(ok, "col"), 2, "<colgroup> is not <col>");
    static const char *const bad[] = {"<a><b></a></b>",
                                      "<a>",
                                      "</a>",
                                      "<a x=1></a>",
                                      "<a x></a>",
                                      "<a>&</a>",
                                      "<a>&nbsp;</a>",
                                      "<a>x < y</a>",
                                      "<a x=\"<\"></a>",
                                      "<a x=\"&\"></a>",
                                      "<!-- -- -->",
                                      "<a x=\"1\"y=\"2\"></a>",
                                      "<a x=\"unterminated></a>"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_neq(xml_check(bad[i], err, sizeof err), 0, "accepted %s", bad[i]);
}
