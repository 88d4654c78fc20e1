/* compare_junit.c: the regression gate as JUnit XML, so CI systems show each case as a test:
 * one <testsuite>, a <testcase> per case, <failure> for what fails the gate, <skipped> for
 * what could not be judged (docs/compare.md, "JUnit"). */
#include "compare.h"

#include <string.h>

#include "ridge.h"
#include "svg_chart.h"

/* The counts both the <testsuites> and the <testsuite> carry. */
#define COUNTS "tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"%.6f\""

static int is_skipped(const rg_compare_case *c) {
    return !c->fails && c->verdict != RG_VERDICT_FASTER && c->verdict != RG_VERDICT_UNCHANGED;
}

static void testcase(FILE *f, const rg_compare_case *c) {
    const rg_result *r = c->base ? c->base : c->nw;
    char label[160], ratio[96], msg[400];
    rg_compare_case_label(c, label, sizeof label);
    rg__compare_ratio_text(c, ratio, sizeof ratio);
    fputs("    <testcase classname=\"ridge.", f);
    rg_xml_escape(f, r->op);
    fputs("\" name=\"", f);
    rg_xml_escape(f, label);
    fputc(' ', f);
    rg_xml_escape(f, r->impl);
    fprintf(f, " t%d\" time=\"%.9f\"", r->threads,
            c->nw && c->nw->status == RG_CASE_OK ? c->nw->time.median : 0.0);
    if (c->verdict == RG_VERDICT_FAILED)
        snprintf(msg, sizeof msg, "%s", c->note);
    else if (c->verdict == RG_VERDICT_SLOWER)
        snprintf(msg, sizeof msg, "slower: NEW/BASE %s beyond the %g%% threshold", ratio,
                 c->threshold_pct);
    else if (is_skipped(c))
        snprintf(msg, sizeof msg, "%s%s%s", rg_compare_verdict_name(c->verdict),
                 c->note[0] ? ": " : "", c->note);
    else {
        fputs(">\n      <system-out>", f);
        snprintf(msg, sizeof msg, "%s: NEW/BASE %s, threshold %g%%",
                 rg_compare_verdict_name(c->verdict), ratio, c->threshold_pct);
        rg_xml_escape(f, msg);
        fputs("</system-out>\n    </testcase>\n", f);
        return;
    }
    fprintf(f, ">\n      <%s message=\"", c->fails ? "failure" : "skipped");
    rg_xml_escape(f, msg);
    if (c->fails) {
        fprintf(f, "\" type=\"%s\">", c->verdict == RG_VERDICT_SLOWER ? "regression" : "verify");
        rg_xml_escape(f, msg);
        fputs("</failure>\n", f);
    } else {
        fputs("\"/>\n", f);
    }
    fputs("    </testcase>\n", f);
}

int rg_compare_write_junit(FILE *f, const rg_compare *cmp) {
    size_t skipped = 0;
    double time = 0;
    for (size_t i = 0; i < cmp->ncases; i++) {
        const rg_compare_case *c = &cmp->cases[i];
        skipped += (size_t)is_skipped(c);
        if (c->nw && c->nw->status == RG_CASE_OK) time += c->nw->time.median;
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ridge compare\" ", f);
    fprintf(f, COUNTS, cmp->ncases, cmp->nfails, skipped, time);
    fputs(">\n  <testsuite name=\"ridge.compare\" ", f);
    fprintf(f, COUNTS, cmp->ncases, cmp->nfails, skipped, time);
    fputs(">\n", f);
    if (cmp->nwarnings) {
        fputs("    <properties>\n", f);
        for (int i = 0; i < cmp->nwarnings; i++) {
            fputs("      <property name=\"warning\" value=\"", f);
            rg_xml_escape(f, cmp->warnings[i]);
            fputs("\"/>\n", f);
        }
        fputs("    </properties>\n", f);
    }
    for (size_t i = 0; i < cmp->ncases; i++)
        testcase(f, &cmp->cases[i]);
    fputs("  </testsuite>\n</testsuites>\n", f);
    return ferror(f) ? RG_EIO : RG_OK;
}
