/* compare.c: the regression gate's model: matching BASE and NEW cases, their ratios and
 * verdicts, and warnings when the files come from different machines or libraries. */
#include "compare.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "compare_stats.h"
#include "report_internal.h"
#include "ridge.h"
#include "table.h"

static const char *const verdict_names[RG_VERDICT_COUNT] = {
    "failed", "slower", "noisy", "faster", "unchanged", "not-run", "only-base", "only-new"};
_Static_assert(RG_VERDICT_ONLY_NEW + 1 == RG_VERDICT_COUNT, "one name per verdict");

const char *rg_compare_verdict_name(rg_compare_verdict v) {
    return (unsigned)v < RG_VERDICT_COUNT ? verdict_names[v] : "?";
}

rg_compare_verdict rg_compare_judge(double ratio, double lo, double hi, double threshold_pct) {
    double t = threshold_pct / 100.0;
    if (!(lo > 0) || !(hi >= lo) || isnan(ratio)) return RG_VERDICT_NOISY;
    if (ratio > 1.0 + t && lo > 1.0) return RG_VERDICT_SLOWER;
    if (ratio < 1.0 - t && hi < 1.0) return RG_VERDICT_FASTER;
    if ((lo < 1.0 - t && hi > 1.0 + t) || hi - lo > 2.0 * t) return RG_VERDICT_NOISY;
    return fabs(ratio - 1.0) <= t ? RG_VERDICT_UNCHANGED : RG_VERDICT_NOISY;
}

void rg_compare_case_label(const rg_compare_case *c, char *buf, size_t len) {
    rg_table_case_label(c->base ? c->base : c->nw, buf, len);
}

static void not_run(rg_compare_case *c, const char *side, const rg_result *r) {
    c->verdict = RG_VERDICT_NOT_RUN;
    snprintf(c->note, sizeof c->note, "%s %s%s%s", side, rg_case_status_name(r->status),
             r->reason[0] ? ": " : "", r->reason);
}

static int has_rounds(const rg_result *r) {
    return r->nround_medians >= RG_COMPARE_MIN_SAMPLES && r->round_medians;
}

/* Times both sides ran ok: the ratio and its interval, then the verdict. Independent files
 * compare their rounds' medians when both have rounds: a round is a process, and processes,
 * not repetitions within one, are what differ between two CI jobs. */
static int judge_times(rg_compare_case *c, int paired, double confidence) {
    const rg_result *b = c->base, *n = c->nw;
    const double *xb = b->samples, *xn = n->samples;
    int64_t nb = b->nsamples, nn = n->nsamples;
    if (!paired && has_rounds(b) && has_rounds(n)) {
        xb = b->round_medians, xn = n->round_medians;
        nb = b->nround_medians, nn = n->nround_medians;
        c->by_rounds = 1;
    }
    rg_compare_interval iv;
    int rc;
    if (nb < RG_COMPARE_MIN_SAMPLES || nn < RG_COMPARE_MIN_SAMPLES) {
        c->verdict = RG_VERDICT_NOISY;
        snprintf(c->note, sizeof c->note, "%lld and %lld samples (needs %d each side)",
                 (long long)nb, (long long)nn, RG_COMPARE_MIN_SAMPLES);
        if (b->time.median > 0 && n->time.median > 0) c->ratio = n->time.median / b->time.median;
        return RG_OK;
    }
    if (paired && nb != nn) {
        c->verdict = RG_VERDICT_NOISY;
        snprintf(c->note, sizeof c->note, "not paired: %lld and %lld samples", (long long)nb,
                 (long long)nn);
        return RG_OK;
    }
    rc = paired ? rg_compare_ratio_paired(xb, xn, nb, confidence, &iv)
                : rg_compare_ratio_independent(xb, nb, xn, nn, confidence, &iv);
    if (rc == RG_EINVAL) {
        c->verdict = RG_VERDICT_NOISY;
        snprintf(c->note, sizeof c->note, "a sample is not a positive time");
        return RG_OK;
    }
    if (rc != RG_OK) return rc;
    c->ratio = iv.ratio;
    c->lo = iv.lo;
    c->hi = iv.hi;
    c->n = iv.n;
    c->verdict = rg_compare_judge(iv.ratio, iv.lo, iv.hi, c->threshold_pct);
    if (c->verdict == RG_VERDICT_NOISY)
        snprintf(c->note, sizeof c->note, "interval too wide for a %g%% threshold",
                 c->threshold_pct);
    return RG_OK;
}

/* Both sides timed: the case gets an interval and counts in the Bonferroni family. */
static int timed(const rg_compare_case *c) {
    return c->base && c->nw && c->base->status == RG_CASE_OK && c->nw->status == RG_CASE_OK;
}

static int judge(rg_compare_case *c, int paired, double confidence) {
    c->ratio = c->lo = c->hi = NAN;
    if (!c->nw) {
        c->verdict = RG_VERDICT_ONLY_BASE;
        return RG_OK;
    }
    if (!c->base) {
        c->verdict = RG_VERDICT_ONLY_NEW;
        return RG_OK;
    }
    if (c->nw->status == RG_CASE_FAILED) {
        c->verdict = RG_VERDICT_FAILED;
        snprintf(c->note, sizeof c->note, "NEW failed verification%s%s%s",
                 c->base->status == RG_CASE_FAILED ? " (BASE too)" : "",
                 c->nw->reason[0] ? ": " : "", c->nw->reason);
        return RG_OK;
    }
    if (c->base->status != RG_CASE_OK) {
        not_run(c, "BASE", c->base);
        return RG_OK;
    }
    if (c->nw->status != RG_CASE_OK) {
        not_run(c, "NEW", c->nw);
        return RG_OK;
    }
    return judge_times(c, paired, confidence);
}

/* Fields that differ between the files' systems, "name 'a' vs 'b'" joined; "" when none. */
static void differences(const rg_sysinfo *a, const rg_sysinfo *b, const size_t *offs,
                        const char *const *names, size_t count, char *buf, size_t len) {
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < count && used < len; i++) {
        const char *x = (const char *)a + offs[i], *y = (const char *)b + offs[i];
        if (strcmp(x, y) == 0) continue;
        int w =
            snprintf(buf + used, len - used, "%s%s '%s' vs '%s'", used ? "; " : "", names[i], x, y);
        used += w > 0 ? (size_t)w : 0;
    }
}

static void add_warnings(rg_compare *cmp) {
    static const size_t machine_offs[] = {offsetof(rg_sysinfo, cpu_model),
                                          offsetof(rg_sysinfo, hostname),
                                          offsetof(rg_sysinfo, label)};
    static const char *const machine_names[] = {"cpu_model", "hostname", "label"};
    static const size_t lib_offs[] = {offsetof(rg_sysinfo, openblas_version),
                                      offsetof(rg_sysinfo, openblas_corename),
                                      offsetof(rg_sysinfo, openblas_coretype_env)};
    static const char *const lib_names[] = {"openblas_version", "openblas_corename",
                                            "OPENBLAS_CORETYPE"};
    char d[200];
    differences(&cmp->base.system, &cmp->nw.system, machine_offs, machine_names, 3, d, sizeof d);
    if (d[0])
        snprintf(cmp->warnings[cmp->nwarnings++], sizeof cmp->warnings[0], "different machine: %s",
                 d);
    differences(&cmp->base.system, &cmp->nw.system, lib_offs, lib_names, 3, d, sizeof d);
    if (d[0])
        snprintf(cmp->warnings[cmp->nwarnings++], sizeof cmp->warnings[0], "different library: %s",
                 d);
    /* Pages change every memory-bound rate (docs/method.md, "Buffers and pages"). */
    const char *pa = rg_sysinfo_pages(&cmp->base.system), *pb = rg_sysinfo_pages(&cmp->nw.system);
    if (strcmp(pa, pb) != 0)
        snprintf(cmp->warnings[cmp->nwarnings++], sizeof cmp->warnings[0],
                 "different pages: '%s' vs '%s' (ridge run --pages)", pa, pb);
    size_t one_process = 0;
    for (size_t i = 0; i < cmp->ncases; i++)
        one_process += (size_t)(timed(&cmp->cases[i]) && !cmp->cases[i].by_rounds);
    if (!cmp->paired && one_process)
        snprintf(cmp->warnings[cmp->nwarnings++], sizeof cmp->warnings[0],
                 "%zu case%s compared from one process per side: their intervals cannot see "
                 "how much separate runs differ; run both sides with --rounds 10 (docs/compare.md)",
                 one_process, one_process == 1 ? "" : "s");
}

/* Gate failures first, then by verdict; within a verdict, the files' order (stable). */
static void sort_cases(rg_compare *cmp) {
    rg_compare_case *c = cmp->cases;
    for (size_t i = 1; i < cmp->ncases; i++) {
        rg_compare_case t = c[i];
        size_t j = i;
        for (; j > 0 && (c[j - 1].fails < t.fails ||
                         (c[j - 1].fails == t.fails && c[j - 1].verdict > t.verdict));
             j--)
            c[j] = c[j - 1];
        c[j] = t;
    }
}

static int match_all(rg_compare *cmp, const rg_compare_config *cfg) {
    size_t nb = cmp->base.count, nn = cmp->nw.count;
    cmp->cases = calloc(nb + nn ? nb + nn : 1, sizeof *cmp->cases);
    char *used = calloc(nn ? nn : 1, 1);
    if (!cmp->cases || !used) {
        free(used);
        return RG_ENOMEM;
    }
    const int all = RG_SAME_IMPL | RG_SAME_DEVICE | RG_SAME_THREADS;
    for (size_t i = 0; i < nb; i++) {
        rg_compare_case *c = &cmp->cases[cmp->ncases++];
        c->base = &cmp->base.results[i];
        for (size_t j = 0; j < nn && !c->nw; j++)
            if (!used[j] && rg_results_same_case(c->base, &cmp->nw.results[j], all)) {
                used[j] = 1;
                c->nw = &cmp->nw.results[j];
            }
    }
    for (size_t j = 0; j < nn; j++)
        if (!used[j]) cmp->cases[cmp->ncases++].nw = &cmp->nw.results[j];
    free(used);
    for (size_t i = 0; i < cmp->ncases; i++)
        cmp->family += (size_t)timed(&cmp->cases[i]);
    cmp->confidence = 1.0 - cmp->alpha / (double)(cmp->family ? cmp->family : 1);
    for (size_t i = 0; i < cmp->ncases; i++) {
        rg_compare_case *c = &cmp->cases[i];
        c->threshold_pct = rg_compare_threshold_pct(cfg, (c->base ? c->base : c->nw)->op);
        int rc = judge(c, cmp->paired, cmp->confidence);
        if (rc != RG_OK) return rc;
        c->fails = c->verdict == RG_VERDICT_FAILED || c->verdict == RG_VERDICT_SLOWER;
        cmp->counts[c->verdict]++;
        cmp->nfails += (size_t)c->fails;
    }
    sort_cases(cmp);
    return RG_OK;
}

int rg_compare_load(rg_compare *cmp, const char *base_path, const char *new_path,
                    const rg_compare_config *cfg, int paired, char *err, size_t errlen) {
    memset(cmp, 0, sizeof *cmp);
    rg_results_init(&cmp->base);
    rg_results_init(&cmp->nw);
    cmp->base_path = base_path;
    cmp->new_path = new_path;
    cmp->paired = paired;
    rg_compare_config c = *cfg;
    if (!(c.default_pct > 0))
        c.default_pct = paired ? RG_COMPARE_PAIRED_THRESHOLD_PCT : RG_COMPARE_DEFAULT_THRESHOLD_PCT;
    cmp->alpha = c.alpha > 0 && c.alpha < 0.5 ? c.alpha : RG_COMPARE_DEFAULT_ALPHA;
    int rc = rg_results_read_json(base_path, &cmp->base, err, errlen);
    if (rc == RG_OK) rc = rg_results_read_json(new_path, &cmp->nw, err, errlen);
    if (rc == RG_OK && (rc = match_all(cmp, &c)) == RG_ENOMEM)
        snprintf(err, errlen, "out of memory");
    size_t matched =
        cmp->ncases - cmp->counts[RG_VERDICT_ONLY_BASE] - cmp->counts[RG_VERDICT_ONLY_NEW];
    if (rc == RG_OK && matched == 0) {
        snprintf(err, errlen, "no cases in common between '%s' and '%s'", base_path, new_path);
        rc = RG_ENOTFOUND;
    }
    if (rc != RG_OK) {
        rg_compare_free(cmp);
        return rc;
    }
    add_warnings(cmp);
    return RG_OK;
}

void rg_compare_free(rg_compare *cmp) {
    free(cmp->cases);
    rg_results_free(&cmp->base);
    rg_results_free(&cmp->nw);
    memset(cmp, 0, sizeof *cmp);
}
