/* report_model.h: what `ridge report` prints, computed once from one or more results files;
 * the HTML, Markdown and CSV writers only format it. Formulas: docs/report.md. */
#ifndef RG_REPORT_MODEL_H
#define RG_REPORT_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "results.h"
#include "roofline.h"

/* Implementations the ratio column is taken against, per device. */
#define RG_REPORT_BASELINE_CPU "openblas"
#define RG_REPORT_BASELINE_GPU "cublas"

/* A price given on the command line: --price LABEL=USD_PER_HOUR. */
typedef struct {
    const char *label;
    double usd_per_hour;
} rg_report_price;

/* One machine: every input file whose label (system.label, else system.hostname, else the
 * file name) and CPU model agree, merged (results, ceilings and sweeps appended in file
 * order; a case present in two files keeps the later file's result). */
typedef struct {
    char label[64];         /* unique in the report: a clash of different CPUs gets " (2)" */
    char **paths;           /* owned: the files merged into it, in the order given */
    int *path_has_ceilings; /* owned [npaths]: 1 where that file carried ceilings */
    size_t npaths;
    rg_results res;            /* owned: the merged results; system is the first file's;
                                * ceilings_note keeps the notes of the files with ceilings
                                * when any has some (a "not measured" no longer holds) */
    double price_usd_per_hour; /* --price, else system.price_usd_per_hour; NaN unknown */
    int replaced;              /* results of earlier files replaced by a later file's */
    const char **devices;      /* owned array (strings point into res): devices with results or
                                * ceilings, "cpu" first */
    size_t ndevices;
} rg_report_machine;

/* One result of one machine, with what the report derives from it. */
typedef struct {
    size_t machine;          /* index into rg_report.machines */
    const rg_result *result; /* points into machines[machine].res */
    char label[128];         /* the case, as rg_table_case_label_no_device writes it: every
                              * table that shows it says the device elsewhere */
    rg_bound roof;           /* the roofline bound (kind NONE with a note when none) */
    double ratio;            /* gflops / the baseline's gflops for the same case (same
                              * machine, device, threads, cache); NaN when no ok baseline,
                              * 1 for the baseline itself */
    double gflops_per_watt;  /* flops / energy_j / 1e9 (GFLOP per joule); NaN unmeasured */
    double usd_per_pflop;    /* USD per 10^15 flops of work: price / 3600 * 1e6 / gflops; NaN
                              * unknown price or not ok */
} rg_report_row;

/* The same problem on the CPU and on the GPU of one machine: op, dtype, parameters and
 * cache mode identical; on each side the fastest verified implementation (any thread
 * count). */
typedef struct {
    size_t machine;
    size_t cpu, gpu;     /* indexes into rg_report.rows */
    double t_cpu, t_gpu; /* median seconds */
    double speedup;      /* t_cpu / t_gpu: > 1 when the GPU is faster */
    double t_gpu_xfer;   /* t_gpu + bytes / H2D GB/s; NaN when no H2D ceiling */
    double speedup_xfer; /* t_cpu / t_gpu_xfer; NaN when no H2D ceiling */
} rg_report_pair;

/* The crossover of one family of pairs: the same machine, op, dtype and non-size parameters
 * (string parameters that are not descriptive, e.g. "transA=N transB=T"). In order of flops,
 * the largest case where the CPU is still faster; below it the CPU wins. */
typedef struct {
    size_t machine;
    char op[24], dtype[8];
    char family[96];          /* "transA=N transB=T"; "" when none */
    size_t first, count;      /* the family's pairs: pairs[first .. first + count), by flops */
    long cpu_wins_below;      /* index into pairs of the largest case the CPU wins; -1 none */
    long cpu_wins_below_xfer; /* the same counting transfer time; -1 none or no H2D */
} rg_report_crossover;

/* One case matched across machines: op, impl, device, dtype, cache and non-descriptive
 * parameters equal (threads may differ: each machine runs its own). */
typedef struct {
    size_t *rows; /* owned, [nmachines]: index into rows, or RG_REPORT_NONE where absent */
} rg_report_match;

#define RG_REPORT_NONE ((size_t)-1)

/* The cost of one step of the llm suite's model (linear layers only until attention is
 * measured): layers * sum over the step's cases of per_layer * median time. */
typedef struct {
    size_t machine;
    char device[8], dtype[8];
    char phase[16]; /* prefill, decode */
    int64_t tokens; /* M of the step's cases */
    char impl[24];  /* an implementation, or "best" (the fastest verified one per case) */
    int layers;
    int ncases;    /* cases of the step on this machine and device */
    int nmissing;  /* of them without a verified time for impl: step_s is NaN then */
    double step_s; /* seconds for the whole step */
    double usd;    /* price / 3600 * step_s; NaN when the price or step_s is unknown */
} rg_report_step;

typedef struct {
    rg_report_machine *machines;
    size_t nmachines;
    rg_report_row *rows; /* every result of every machine, machine by machine, file order */
    size_t nrows;
    rg_report_pair *pairs; /* grouped by crossover family, by flops within each */
    size_t npairs;
    rg_report_crossover *crossovers;
    size_t ncrossovers;
    rg_report_match *matches; /* only when nmachines > 1; in the order cases first appear */
    size_t nmatches;
    rg_report_step *steps; /* only when some case carries phase/per_layer/layers params */
    size_t nsteps;
} rg_report;

/* Reads every file (schema ridge-results/2; a reader error names the file), merges files of
 * one machine, applies prices (a label no machine has is an error) and computes every table.
 * Returns 0, or RG_EINVAL / RG_EIO / RG_ENOMEM with one line in err (naming the file or the
 * option at fault). On error *rep is left empty (rg_report_free is still safe). */
int rg_report_load(rg_report *rep, const char *const *paths, size_t npaths,
                   const rg_report_price *prices, size_t nprices, char *err, size_t errlen);
void rg_report_free(rg_report *rep);

/* Roofs of one machine's device for its chart (rg_roofs_get at the largest thread count). */
size_t rg_report_roofs(const rg_report *rep, size_t machine, const char *device, rg_roofs *out);
/* One line saying how energy was (or was not) measured on a machine, never empty:
 * "RAPL: package-0 + package-1" or "not measured: <system.energy_note>". */
void rg_report_energy_note(const rg_report *rep, size_t machine, char *buf, size_t len);

/* The writers. Each returns 0, or RG_EIO when f reports an error (RG_ENOMEM possible). */
int rg_report_write_md(FILE *f, const rg_report *rep);
int rg_report_write_csv(FILE *f, const rg_report *rep);
int rg_report_write_html(FILE *f, const rg_report *rep); /* reports/report_html.c */

#endif /* RG_REPORT_MODEL_H */
