/* test_report_html.c: the HTML report: well-formed, one roofline per device of each machine,
 * every case and every reason for a case that did not run, nothing fetched from elsewhere. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "report_model.h"
#include "results_fixture.h"
#include "ridge.h"
#include "svg_chart.h"
#include "xml_check.h"

static void push(rg_results *r, rg_result res) {
    cr_assert_eq(rg_results_push(r, &res), RG_OK);
}

static rg_result on_device(rg_result res, const char *device, const char *isa) {
    snprintf(res.device, sizeof res.device, "%s", device);
    snprintf(res.isa, sizeof res.isa, "%s", isa);
    return res;
}

static rg_result not_run(const char *impl, int64_t mnk, rg_case_status st, const char *reason) {
    rg_result res = fixture_gemm(impl, mnk, 2, 0.0, st, 0);
    snprintf(res.reason, sizeof res.reason, "%s", reason);
    return res;
}

/* A CPU machine: ceilings, a sweep, ridge and openblas cases, a failed and a skipped one. */
static void cpu_machine(rg_results *r, const char *label) {
    rg_results_init(r);
    strcpy(r->schema, RG_RESULTS_SCHEMA);
    strcpy(r->suite, "quick");
    fixture_system(&r->system);
    snprintf(r->system.label, sizeof r->system.label, "%s", label);
    fixture_ceilings(r);
    push(r, fixture_gemm("openblas", 2048, 2, 200.0, RG_CASE_OK, 10));
    push(r, fixture_gemm("ridge", 2048, 2, 210.0, RG_CASE_OK, 10));
    push(r, fixture_gemm("openblas", 64, 2, 60.0, RG_CASE_OK, 10));
    push(r, fixture_gemm("ridge", 64, 2, 70.0, RG_CASE_OK, 10));
    rg_result one = fixture_gemm("ridge", 512, 1, 100.0, RG_CASE_OK, 10);
    push(r, one);
    rg_result failed = fixture_gemm("ridge", 96, 2, 50.0, RG_CASE_FAILED, 5);
    snprintf(failed.reason, sizeof failed.reason, "max error 3e-2 > tolerance <1e-5> & more");
    push(r, failed);
    push(r, not_run("onednn", 128, RG_CASE_SKIPPED, "not built: \"onednn\" missing"));
}

/* Adds a GPU: its ceilings (fp32 peak, HBM and the H2D link) and cuBLAS/ridge cases. */
static void add_gpu(rg_results *r) {
    static const struct {
        const char *kind, *name, *unit;
        double value;
    } rows[] = {{"flops", "fp32", "GFLOP/s", 51000.0},
                {"bandwidth", "HBM", "GB/s", 3000.0},
                {"bandwidth", "H2D", "GB/s", 25.0}};
    for (size_t i = 0; i < 3; i++) {
        rg_ceiling c;
        memset(&c, 0, sizeof c);
        strcpy(c.device, "gpu");
        strcpy(c.kind, rows[i].kind);
        strcpy(c.name, rows[i].name);
        strcpy(c.method, "probe");
        strcpy(c.unit, rows[i].unit);
        c.threads = 0; /* a GPU's ceilings have no thread count */
        c.value = c.p10 = c.p90 = rows[i].value;
        cr_assert_eq(rg_results_add_ceiling(r, &c), RG_OK);
    }
    rg_sweep_point pts[3] = {
        {1 << 20, 6000, 5900, 6100}, {1 << 26, 3500, 3400, 3600}, {1 << 30, 3000, 2950, 3050}};
    rg_sweep sw;
    memset(&sw, 0, sizeof sw);
    strcpy(sw.device, "gpu");
    strcpy(sw.method, "read-cuda");
    strcpy(sw.unit, "GB/s");
    sw.points = pts;
    sw.npoints = 3;
    cr_assert_eq(rg_results_add_sweep(r, &sw), RG_OK);
    push(r, on_device(fixture_gemm("cublas", 2048, 1, 40000.0, RG_CASE_OK, 10), "gpu", "sm_90"));
    push(r, on_device(fixture_gemm("ridge", 2048, 1, 38000.0, RG_CASE_OK, 10), "gpu", "sm_90"));
    push(r, on_device(fixture_gemm("cublas", 64, 1, 200.0, RG_CASE_OK, 10), "gpu", "sm_90"));
    push(r, on_device(not_run("ridge", 64, RG_CASE_SKIPPED, "no kernel for n < 128 yet"), "gpu",
                      "sm_90"));
}

typedef struct {
    char dir[64];
    char paths[4][96];
    size_t n;
} files;

static void write_file(files *fs, rg_results *r) {
    if (!fs->dir[0]) {
        strcpy(fs->dir, "/tmp/ridge-html-XXXXXX");
        cr_assert(mkdtemp(fs->dir));
    }
    char dir[sizeof fs->dir];
    memcpy(dir, fs->dir, sizeof dir);
    snprintf(fs->paths[fs->n], sizeof fs->paths[0], "%s/r%zu.json", dir, fs->n);
    char err[256];
    cr_assert_eq(rg_results_write_json(r, fs->paths[fs->n], err, sizeof err), RG_OK, "%s", err);
    rg_results_free(r);
    fs->n++;
}

static void remove_files(files *fs) {
    for (size_t i = 0; i < fs->n; i++)
        unlink(fs->paths[i]);
    rmdir(fs->dir);
}

/* Loads the files and renders the page. With RIDGE_TEST_HTML_DIR set, the page is also
 * written there as NAME.html, to look at (scripts/report-screenshot.sh). */
static char *render(rg_report *rep, files *fs, const char *name) {
    const char *paths[4];
    for (size_t i = 0; i < fs->n; i++)
        paths[i] = fs->paths[i];
    char err[256];
    cr_assert_eq(rg_report_load(rep, paths, fs->n, NULL, 0, err, sizeof err), RG_OK, "%s", err);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert(f);
    int rc = rg_report_write_html(f, rep);
    fclose(f);
    cr_assert_eq(rc, RG_OK);
    const char *dir = getenv("RIDGE_TEST_HTML_DIR");
    if (dir && *dir) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s.html", dir, name);
        FILE *out = fopen(path, "w");
        cr_assert(out, "cannot write %s", path);
        fputs(buf, out);
        fclose(out);
    }
    return buf;
}

static char *escaped(const char *s) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rg_xml_escape(f, s);
    fclose(f);
    return buf;
}

/* The checks every report must pass, whatever its machines. */
static void check_page(const rg_report *rep, const char *html) {
    char err[160];
    cr_assert_eq(xml_check(html, err, sizeof err), 0, "not well-formed: %s", err);
    cr_assert_eq(strncmp(html, "<!DOCTYPE html>", 15), 0);
    cr_assert_eq(xml_count(html, "html"), 1);
    cr_assert_eq(xml_count(html, "style"), 1);
    /* Self-contained: no scripts, nothing loaded. */
    cr_assert_eq(xml_count(html, "script"), 0);
    cr_assert_null(strstr(html, " src="));
    cr_assert_null(strstr(html, "href=\"http"));
    cr_assert_null(strstr(html, "url("));
    cr_assert_null(strstr(html, "@import"));
    cr_assert_null(strstr(html, "<link"));
    /* One roofline per device of each machine, inside that device's section. */
    size_t devices = 0;
    for (size_t m = 0; m < rep->nmachines; m++) {
        for (size_t d = 0; d < rep->machines[m].ndevices; d++, devices++) {
            char id[64];
            snprintf(id, sizeof id, "<section id=\"m%zu-%s\">", m, rep->machines[m].devices[d]);
            const char *sec = strstr(html, id);
            cr_assert(sec, "section %s", id);
            const char *end = strstr(sec + 1, "<section");
            size_t len = end ? (size_t)(end - sec) : strlen(sec);
            char *part = strndup(sec, len);
            cr_assert_eq(xml_count_str(part, "<figure class=\"roofline\""), 1, "in %s", id);
            const char *fig = strstr(part, "<figure class=\"roofline\"");
            cr_assert_eq(strncmp(strchr(fig, '\n') + 1, "<svg ", 5), 0, "roofline svg in %s", id);
            free(part);
        }
    }
    cr_assert_eq(xml_count_str(html, "<figure class=\"roofline\""), (int)devices);
    /* Every case, and every reason a case did not run. */
    for (size_t i = 0; i < rep->nrows; i++) {
        char *label = escaped(rep->rows[i].label);
        cr_assert(strstr(html, label), "case %s", rep->rows[i].label);
        free(label);
        const rg_result *res = rep->rows[i].result;
        if (res->status != RG_CASE_OK) {
            char *reason = escaped(res->reason);
            cr_assert(strstr(html, reason), "reason %s", res->reason);
            free(reason);
        }
    }
}

Test(report_html, cpu_only) {
    files fs = {0};
    rg_results r;
    cpu_machine(&r, "bench-01");
    write_file(&fs, &r);
    rg_report rep;
    char *html = render(&rep, &fs, "cpu_only");
    check_page(&rep, html);
    cr_assert_eq(xml_count_str(html, "<figure class=\"sweep\""), 1);
    cr_assert(strstr(html, "max error 3e-2 &gt; tolerance &lt;1e-5&gt; &amp; more"));
    cr_assert(strstr(html, "not built: &quot;onednn&quot; missing"));
    cr_assert(strstr(html, ">% of bound</th>"), "percent of the bound column");
    cr_assert(strstr(html, ">vs openblas</th>"), "ratio column");
    cr_assert(strstr(html, "core type SkylakeX"), "OpenBLAS core type in the header");
    cr_assert(strstr(html, "0123456789ab"), "commit in the header");
    cr_assert(strstr(html, "not measured: no RAPL domain"), "energy note");
    cr_assert_null(strstr(html, "gpu_vs_cpu"));
    /* The ceilings as pivots, each plateau's working set under its value; the long table
     * with raw byte counts is the CSV's. */
    cr_assert(strstr(html, "<table class=\"ceiling_peaks\">"));
    cr_assert(strstr(html, "<table class=\"ceiling_bandwidth\">"));
    cr_assert(strstr(html, "<td class=\"num\">700.0 \xc2\xb1"
                           "1.5%<span class=\"sub\">8 KiB-48 "
                           "KiB</span></td>"),
              "L1 value and span in one cell");
    cr_assert_null(strstr(html, "<table class=\"ceilings\">"));
    cr_assert_null(strstr(html, "Plateau from"));
    cr_assert(strstr(html, ">GFLOP/s (GOP/s for int8)</text>"), "an int8 roof is drawn");
    cr_assert(strstr(html, ">USD per PFLOP</th>"), "cost column");
    /* Same input, same bytes. */
    char *again = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&again, &len);
    cr_assert_eq(rg_report_write_html(f, &rep), RG_OK);
    fclose(f);
    cr_assert_str_eq(html, again);
    free(again);
    free(html);
    rg_report_free(&rep);
    remove_files(&fs);
}

Test(report_html, cpu_and_gpu) {
    files fs = {0};
    rg_results r;
    cpu_machine(&r, "gpu-box");
    add_gpu(&r);
    write_file(&fs, &r);
    rg_report rep;
    char *html = render(&rep, &fs, "cpu_and_gpu");
    cr_assert_eq(rep.machines[0].ndevices, 2);
    check_page(&rep, html);
    cr_assert(strstr(html, "<table class=\"gpu_vs_cpu\">"), "GPU versus CPU table");
    cr_assert(strstr(html, "no kernel for n &lt; 128 yet"));
    cr_assert(strstr(html, "fp32 probe 51000 GFLOP/s"), "GPU roof labelled");
    /* The GPU's part: no thread counts, no int8 unit on its axis, its links apart. */
    const char *sec = strstr(html, "<section id=\"m0-gpu\">");
    cr_assert(sec);
    char *gpu = strndup(sec, (size_t)(strstr(sec, "</section>") - sec));
    cr_assert_null(strstr(gpu, "thr"), "no threads in the GPU part");
    cr_assert_null(strstr(gpu, "GOP/s"), "no int8 roof: no GOP/s on the axis");
    cr_assert(strstr(gpu, ">GFLOP/s</text>"), "y axis");
    cr_assert(strstr(gpu, "<figure class=\"sweep\""), "the GPU's sweep");
    cr_assert(strstr(gpu, ">Working set (bytes)</text>"), "sweep x axis");
    cr_assert(strstr(gpu, "<table class=\"ceiling_links\">"), "H2D apart from the levels");
    cr_assert(strstr(gpu, "<th class=\"num\">H2D</th>"));
    cr_assert_null(strstr(gpu, "2048x2048x2048 NN gpu"), "the section names the device");
    cr_assert(strstr(gpu, "gemm f32 2048x2048x2048 NN, cublas (sm_90), warm: "), "hover title");
    free(gpu);
    free(html);
    rg_report_free(&rep);
    remove_files(&fs);
}

Test(report_html, two_machines_with_prices) {
    files fs = {0};
    rg_results r;
    cpu_machine(&r, "bench-01");
    write_file(&fs, &r);
    cpu_machine(&r, "bench-02");
    strcpy(r.system.cpu_model, "Intel Xeon <Sapphire Rapids>");
    r.system.price_usd_per_hour = 0.5;
    write_file(&fs, &r);
    rg_report rep;
    char *html = render(&rep, &fs, "two_machines_with_prices");
    cr_assert_eq(rep.nmachines, 2);
    check_page(&rep, html);
    cr_assert(strstr(html, "<section id=\"m1\">"));
    cr_assert(strstr(html, "Intel Xeon &lt;Sapphire Rapids&gt;"));
    cr_assert(strstr(html, "<table class=\"compare\">"), "machines compared");
    cr_assert(strstr(html, ">bench-02 USD per PFLOP</th>"), "cost column");
    free(html);
    rg_report_free(&rep);
    remove_files(&fs);
}

Test(report_html, device_without_anything_to_draw_gets_a_note) {
    files fs = {0};
    rg_results r;
    rg_results_init(&r);
    strcpy(r.schema, RG_RESULTS_SCHEMA);
    fixture_system(&r.system);
    strcpy(r.ceilings_note, "not measured: --no-ceilings");
    push(&r, not_run("ridge", 64, RG_CASE_ERROR, "out of memory"));
    write_file(&fs, &r);
    rg_report rep;
    char *html = render(&rep, &fs, "device_without_anything_to_draw_gets_a_note");
    char err[160];
    cr_assert_eq(xml_check(html, err, sizeof err), 0, "%s", err);
    cr_assert_eq(xml_count(html, "svg"), 0);
    cr_assert(strstr(html, "No roofline for cpu"));
    cr_assert(strstr(html, "out of memory"));
    free(html);
    rg_report_free(&rep);
    remove_files(&fs);
}

Test(report_html, write_error_is_eio) {
    files fs = {0};
    rg_results r;
    cpu_machine(&r, "bench-01");
    write_file(&fs, &r);
    const char *paths[] = {fs.paths[0]};
    rg_report rep;
    char err[256];
    cr_assert_eq(rg_report_load(&rep, paths, 1, NULL, 0, err, sizeof err), RG_OK, "%s", err);
    FILE *f = fopen("/dev/null", "r");
    cr_assert(f);
    cr_assert_eq(rg_report_write_html(f, &rep), RG_EIO);
    fclose(f);
    cr_assert_eq(rg_report_write_html(NULL, &rep), RG_EINVAL);
    rg_report_free(&rep);
    remove_files(&fs);
}
