/* compare.h: the regression gate's model: cases of a BASE and a NEW results file matched,
 * each with its ratio NEW/BASE, interval and verdict (docs/compare.md). The text, Markdown,
 * JSON and JUnit printers read it. */
#ifndef RG_COMPARE_H
#define RG_COMPARE_H

#include <stdio.h>

#include "results.h"

#define RG_COMPARE_SCHEMA "ridge-compare/1"
#define RG_COMPARE_CONFIG_SCHEMA "ridge-compare-config/1"
#define RG_COMPARE_DEFAULT_THRESHOLD_PCT 5.0
/* --paired (ridge ab) is for small changes: its default threshold is lower. */
#define RG_COMPARE_PAIRED_THRESHOLD_PCT 4.0
#define RG_COMPARE_MAX_OPS 32

/* What became of one case. The order is the report's: what fails the gate first. */
typedef enum {
    RG_VERDICT_FAILED = 0, /* NEW failed verification: fails the gate */
    RG_VERDICT_SLOWER,     /* slower beyond the threshold, whole interval above 1: fails */
    RG_VERDICT_NOISY,      /* the interval is too wide to decide */
    RG_VERDICT_FASTER,     /* faster beyond the threshold, whole interval below 1 */
    RG_VERDICT_UNCHANGED,  /* within the threshold */
    RG_VERDICT_NOT_RUN,    /* matched, but a side has no time (skipped, error, failed BASE) */
    RG_VERDICT_ONLY_BASE,  /* no match in NEW */
    RG_VERDICT_ONLY_NEW    /* no match in BASE */
} rg_compare_verdict;

/* "failed", "slower", "noisy", "faster", "unchanged", "not-run", "only-base", "only-new". */
const char *rg_compare_verdict_name(rg_compare_verdict v);

/* Thresholds: a default and per-op overrides, in percent; the family-wise false-alarm rate. */
typedef struct {
    double default_pct; /* 0: not set (RG_COMPARE_DEFAULT_THRESHOLD_PCT, or for paired samples
                         * RG_COMPARE_PAIRED_THRESHOLD_PCT) */
    double alpha;       /* the gate's false-alarm rate over all cases, in (0, 0.5) */
    struct {
        char op[24];
        double pct;
    } ops[RG_COMPARE_MAX_OPS];
    int nops;
} rg_compare_config;

/* The default threshold and no per-op ones. */
void rg_compare_config_init(rg_compare_config *cfg);
/* Reads {"schema": "ridge-compare-config/1", "default_threshold_pct": 5, "ops": {"gemm": 3},
 * "alpha": 0.05} (keys after the schema optional; thresholds > 0 and < 100, alpha > 0 and
 * < 0.5). Returns 0, or RG_EIO /
 * RG_EPARSE / RG_EINVAL with one line in err naming the file. */
int rg_compare_config_read(const char *path, rg_compare_config *cfg, char *err, size_t errlen);
/* The threshold of op, in percent (an unset default: RG_COMPARE_DEFAULT_THRESHOLD_PCT). */
double rg_compare_threshold_pct(const rg_compare_config *cfg, const char *op);

typedef struct {
    const rg_result *base, *nw; /* either is NULL for a case only in the other file */
    rg_compare_verdict verdict;
    int fails;            /* counts against the gate */
    double threshold_pct; /* the threshold applied */
    double ratio, lo, hi; /* NEW/BASE time and its interval; NaN when not compared */
    int64_t n;            /* samples (pairs) behind the interval; 0 when none */
    int by_rounds;        /* the samples compared are the rounds' medians (ridge run --rounds) */
    char note[320];       /* why noisy or not run; empty otherwise */
} rg_compare_case;

/* Verdict counts, indexed by rg_compare_verdict. */
#define RG_VERDICT_COUNT 8

typedef struct {
    const char *base_path, *new_path;
    rg_results base, nw; /* owned */
    int paired;
    double alpha;           /* family-wise false-alarm rate */
    size_t family;          /* cases with an interval (both sides timed): the Bonferroni divisor */
    double confidence;      /* of each case's interval: 1 - alpha / family */
    rg_compare_case *cases; /* owned; gate failures first, then by verdict, in BASE's order */
    size_t ncases;
    size_t counts[RG_VERDICT_COUNT];
    size_t nfails;
    char warnings[6][256]; /* a different machine, library or pages; one process per side */
    int nwarnings;
} rg_compare;

/* The verdict of an interval (ratio, lo, hi) against a threshold in percent (exposed for
 * tests): slower/faster need the ratio beyond the threshold and the whole interval on that
 * side of 1; an interval spanning both -threshold and +threshold, or wider than twice the
 * threshold, is noisy; else a ratio within the threshold is unchanged, beyond it noisy. */
rg_compare_verdict rg_compare_judge(double ratio, double lo, double hi, double threshold_pct);

/* Reads both files, matches cases (op, impl, device, dtype, non-descriptive parameters,
 * threads, cache mode) and judges each pair; paired: samples i of both sides were measured
 * back to back (ridge ab). Each case's interval is at confidence 1 - alpha / m over the m
 * cases both sides timed (Bonferroni), from the rounds' medians when both files have at least
 * RG_COMPARE_MIN_SAMPLES rounds (ridge run --rounds), else from the raw samples. Returns 0; RG_EIO
 * / RG_EPARSE / RG_EINVAL for a bad file, RG_ENOTFOUND when no case is in both, RG_ENOMEM; err gets
 * one line. On error *cmp needs no freeing. */
int rg_compare_load(rg_compare *cmp, const char *base_path, const char *new_path,
                    const rg_compare_config *cfg, int paired, char *err, size_t errlen);
void rg_compare_free(rg_compare *cmp);

/* The case's label: "gemm f32 256x256x256 NN" as the tables write it. */
void rg_compare_case_label(const rg_compare_case *c, char *buf, size_t len);

/* For the printers: the ratio as "1.103x [1.081, 1.125]" ("-" when not compared). */
void rg__compare_ratio_text(const rg_compare_case *c, char *buf, size_t len);
/* A time for people: "812 ns", "12.3 us", "1.52 ms", "2.01 s"; "-" for none. */
void rg__compare_seconds_text(double s, char *buf, size_t len);
/* How the intervals were made: the ratio, the confidence and its family, the method. */
void rg__compare_method_text(const rg_compare *cmp, char *buf, size_t len);
/* One summary line: "FAIL: 2 of 14 cases regressed or fail verification (1 slower, ...)". */
void rg__compare_summary(const rg_compare *cmp, char *buf, size_t len);

/* Printers; return 0 or RG_EIO (a write failed) / RG_ENOMEM. color: ANSI colours on
 * verdicts (only for a terminal). */
int rg_compare_write_text(FILE *f, const rg_compare *cmp, int color);
int rg_compare_write_md(FILE *f, const rg_compare *cmp);
int rg_compare_write_json(FILE *f, const rg_compare *cmp);
int rg_compare_write_junit(FILE *f, const rg_compare *cmp);

#endif /* RG_COMPARE_H */
