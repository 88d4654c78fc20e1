/* export.h: results files in other tools' formats: Google Benchmark's JSON (for its compare.py
 * and benchmark trackers) and one CSV table (for spreadsheets). docs/export.md maps the fields. */
#ifndef RG_EXPORT_H
#define RG_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "results.h"

/* The stable name of a case as exported: op/dtype/impl, then "device:gpu" (not for the CPU),
 * the parameters as "key:value" in their recorded order, "cache:cold", "pin:scatter" (only
 * when not the defaults warm and compact) and "threads:N", joined by '/', e.g.
 * "gemm/f32/ridge/M:2048/N:2048/K:2048/transA:N/transB:N/threads:2". Truncated to len. */
void rg_export_case_name(const rg_result *res, char *buf, size_t len);

/* Writes r as Google Benchmark JSON: "context" (machine, caches, ridge's version) and
 * "benchmarks": per case that ran ok, one "iteration" entry per timed repetition and the
 * mean, median and stddev aggregates (times in ns, counters GFLOP/s, GB/s, flops, bytes); a
 * case that did not run ok is one entry with error_occurred and error_message and no rate.
 * Returns 0, RG_EINVAL (with err set: text that is not UTF-8), RG_ENOMEM or RG_EIO. */
int rg_export_gbench(FILE *f, const rg_results *r, char *err, size_t errlen);

/* Writes r as one CSV table (RFC 4180, CRLF): a header row, then one row per case with its
 * identity, every parameter key of the file as a column, status and reason, time statistics
 * in seconds and the rates; times and rates are empty unless the case ran ok. Returns 0,
 * RG_EINVAL or RG_EIO. */
int rg_export_csv(FILE *f, const rg_results *r);

#endif /* RG_EXPORT_H */
