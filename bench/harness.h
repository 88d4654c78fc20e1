/* harness.h: the harness context, run options and the internal interfaces between bench/ files. */
#ifndef RG_HARNESS_H
#define RG_HARNESS_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ridge.h"
#include "results.h"

#include "buffers.h"
#include "energy.h"
#include "pin.h"

#define RG_MAX_CASE_IMPLS 8

/* One case as a suite declares it: an op, a dtype and named parameters, optionally restricted
 * to some implementations. Parameters are checked by the op (case_<op>.c), not by the parser. */
typedef struct {
    char op[24];
    char dtype[8];
    rg_param params[RG_MAX_PARAMS];
    int nparams;
    char impls[RG_MAX_CASE_IMPLS][24];
    int nimpls;     /* 0: every implementation of the op */
    char device[8]; /* the device whose implementations run it: "cpu" (also when "") or "gpu" */
} rg_case;

typedef struct {
    char name[64];
    char path[512];
    char description[256];
    rg_case *cases;
    size_t count;
} rg_suite;

typedef enum { RG_CACHE_WARM = 0, RG_CACHE_COLD } rg_cache_mode;

/* Options of `ridge run`; defaults in cli.c (run_opts_default), documented in docs/method.md. */
typedef struct {
    const char *suite;                                                  /* name or path */
    const char *op_filter, *impl_filter, *device_filter, *dtype_filter; /* comma lists or NULL */
    int threads; /* 0: one per allowed core */
    rg_pin_policy pin;
    rg_cache_mode cache;
    rg_pages pages; /* --pages: huge (default) or small pages for case and probe buffers */
    double min_time, max_time, target_ci_pct;
    uint64_t seed;
    rg_isa isa;      /* ridge's code path: RG_ISA_AUTO (best) unless --isa forces one */
    const char *out; /* "-": no results file */
    int quiet;
    int have_shape;
    rg_case shape_case;        /* --shape */
    int no_ceilings;           /* --no-ceilings: skip measuring the machine's ceilings */
    const char *label;         /* --label: the machine's name in reports (NULL: hostname) */
    double price_usd_per_hour; /* --price; NaN unknown */
    int rounds; /* --rounds: passes over the plan, each a child process with 1/rounds of the
                 * time budget (rounds.c) */
    int argc;   /* the run's own arguments (after "run"), which the rounds' children get */
    char **argv;
    double slowdown_pct; /* --slowdown: a test aid that makes ridge's own times slower */
} rg_run_opts;

/* Everything a run mutates lives here (no globals but the signal flag). */
typedef struct rg_harness {
    rg_run_opts opts;
    rg_topo *topo;
    int pus[RG_PIN_MAX_THREADS]; /* OS index of the PU for each thread (pin != none) */
    int nthreads;
    rg_pool *pool;
    rg_exec exec;
    rg_pin_hook_state pin_state;
    rg_sysinfo sys;
    rg__energy_meter *energy;          /* RAPL packages; NULL: not available (sys.energy_note) */
    const volatile sig_atomic_t *stop; /* set by SIGINT/SIGTERM */
    int progress;                      /* stderr is a terminal and not --quiet */
    const struct rg_impl *prev_impl;   /* the implementation that ran last */
    char warn[4][256];                 /* warnings collected during the run */
    int nwarn;
} rg_harness;

void rg__harness_warn(rg_harness *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Buffers of one case, owned by the op. */
typedef struct rg_op {
    const char *name;
    const char *const *default_axes; /* NULL terminated: key names for a suite's "shapes" rows */
    /* Checks and decodes a case's parameters into a problem; writes one line to err. */
    int (*prepare)(const rg_case *c, void **problem, char *err, size_t errlen);
    void (*destroy)(void *problem);
    /* Bytes of one buffer set (operands + outputs), for memory checks and cold-cache sizing. */
    int64_t (*set_bytes)(const void *problem);
    /* Counted work (docs/method.md). */
    void (*work)(const void *problem, double *flops, double *bytes);
    /* Writes the canonical parameters into the result record. */
    void (*describe)(const void *problem, rg_result *res);
    /* Allocates a buffer set (rg__buf_alloc with pages) filled from the seed; copy_from, if not
     * NULL, gives the data. */
    int (*set_alloc)(const void *problem, uint64_t seed, rg_pages pages, const void *copy_from,
                     void **set);
    void (*set_free)(void *set);
    /* Restores the outputs to their initial value (before the verification run). */
    void (*set_reset)(const void *problem, void *set);
    /* Checks the outputs of a set against the reference. */
    int (*verify)(const void *problem, const void *set, uint64_t seed, double *max_rel_error,
                  double *tolerance, char *reason, size_t reasonlen);
} rg_op;

/* One implementation of one op on one device and dtype: the registry's row. */
typedef struct rg_impl {
    const rg_op *op;
    const char *impl, *device, *dtype;
    /* Its worker threads busy-wait after a call (OpenBLAS does, ~0.1 s): before another impl
     * runs, the harness waits until they sleep, at most this long. 0: nothing to wait for. */
    int quiesce_ms;
    /* Whether the implementation can run on this machine at all (why not, if not). */
    int (*available)(char *why, size_t whylen);
    /* Whether it handles this problem (why not, if not). */
    int (*supports)(const void *problem, char *why, size_t whylen);
    int (*setup)(rg_harness *h, const void *problem, void **state);
    /* One repetition on the given buffer set; returns 0 or a negative rg_status. */
    int (*run)(void *state, const void *problem, void *set);
    void (*teardown)(void *state);
    /* Name of the code path that ran (ISA or the library's core type). */
    void (*isa)(const rg_harness *h, char *out, size_t outlen);
    /* Optional, for libraries that choose a code path per case (oneDNN): the one setup got,
     * recorded instead of isa()'s answer. */
    void (*case_isa)(const void *state, char *out, size_t outlen);
    /* Optional, for devices that time themselves (a GPU, with CUDA events): runs reps calls on
     * the implementation's own copy of the last set run() saw and sets *seconds to their device
     * time. measure.c then times the warm-up and the samples through it, and allocates no extra
     * sets for the cold cache mode: the implementation flushes its device's cache between calls
     * itself when h->opts.cache is cold (setup sees h). */
    int (*time_reps)(void *state, int64_t reps, double *seconds);
    /* Optional: records what the implementation observed during the case (device clocks,
     * throttling, energy) in res, after the timing and before teardown. */
    void (*annotate)(void *state, rg_result *res);
} rg_impl;

/* registry.c */
size_t rg__registry_count(void);
const rg_impl *rg__registry_get(size_t i);
const rg_op *rg__op_find(const char *name);

/* suite.c */
int rg__suite_load(const char *name_or_path, const char *exe_dir, rg_suite *out, char *err,
                   size_t errlen);
int rg__suite_parse_file(const char *path, rg_suite *out, char *err, size_t errlen);
void rg__suite_free(rg_suite *s);
/* Lists the named suites found on the search path: calls fn(name, path, ncases or -1). */
void rg__suite_list(const char *exe_dir,
                    void (*fn)(void *u, const char *name, const char *path, long ncases), void *u);

/* sysinfo.c */
/* Describes this machine and software into *out, energy included (rg__sysinfo_energy: the
 * meter goes to *energy, or is closed when energy is NULL). */
void rg__sysinfo_fill(const rg_topo *topo, rg_sysinfo *out, rg__energy_meter **energy);
void rg__sysinfo_print(FILE *f, const rg_sysinfo *s);
/* Opens the RAPL meter and records energy_source and energy_note in s; the meter goes to
 * *keep (NULL when not available), or is closed when keep is NULL. */
void rg__sysinfo_energy(rg_sysinfo *s, rg__energy_meter **keep);
/* When OpenBLAS runs kernels below the CPU's ISA (openblas_below_isa), writes the warning line
 * to buf and returns 1; else 0. */
int rg__openblas_isa_warning(const rg_sysinfo *s, char *buf, size_t len);

/* openblas_core.c */
/* Set by rg__openblas_core_fix to the core type OpenBLAS had picked by itself. */
#define RG_OPENBLAS_DETECTED_ENV "RIDGE_OPENBLAS_DETECTED"
/* 1 when OpenBLAS core type `core` is weaker than what CPU f runs (AVX-512 or AVX2 + FMA). */
int rg__openblas_core_below(const rg_cpu_features *f, const char *core);
/* The OpenBLAS core type for CPU f's best kernels ("Cooperlake", "SkylakeX", "Haswell"), or
 * NULL when OpenBLAS's oldest ones are all it has. */
const char *rg__openblas_core_best(const rg_cpu_features *f);
/* For the `ridge` executable, first thing in main: when OPENBLAS_CORETYPE is unset and OpenBLAS
 * picked a core type below this CPU, sets it (and RG_OPENBLAS_DETECTED_ENV) and executes
 * /proc/self/exe again with argv; returns only when nothing needs fixing or exec failed. */
void rg__openblas_core_fix(char **argv);

/* threads.c: starts h->pool (h->opts.threads, 0: one per allowed core) with its threads bound
 * to h->pus by h->opts.pin, and fills h->exec; h->topo must be loaded. Returns 0, or a negative
 * rg_status with one line in err. */
int rg__start_threads(rg_harness *h, char *err, size_t errlen);

/* measure.c: runs one case of one implementation and fills res (status, timing, errors). */
int rg__measure_case(rg_harness *h, const rg_impl *impl, const void *problem, rg_result *res);

/* verify.c */
int rg__verify_sgemm(rg_layout layout, rg_trans ta, rg_trans tb, int64_t m, int64_t n, int64_t k,
                     float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
                     float beta, const float *c0, const float *c, int64_t ldc, uint64_t seed,
                     double *max_rel_error, double *tolerance, char *reason, size_t reasonlen);

/* rng.c: the seeded generator for data and sampled checks (splitmix64). */
uint64_t rg__rng_next(uint64_t *state);
float rg__rng_uniform_f32(uint64_t *state); /* [-1, 1) */

/* run.c: runs h->opts; returns the exit code (0, 1 failures, 2 input error with err set,
 * 130 interrupted). */
int rg__run(rg_harness *h, const char *exe_dir, const char *command, char *err, size_t errlen);

/* rounds.c: measures h->opts.rounds rounds of the run, each in a child process running
 * `ridge run` on h->opts.argv and suite (unless --shape), into out: samples pooled, each round's
 * median kept (round_medians). Returns 0 (out->interrupted set when stopped), 1 never, or 2 with
 * err set (a child could not run or ran other cases). */
int rg__rounds_run(rg_harness *h, const rg_suite *suite, rg_results *out, char *err, size_t errlen);

/* quiesce.c: waits (polling /proc) until no other thread of the process runs; RG_ETHREAD if
 * some still run after timeout_s. */
int rg__quiesce(double timeout_s, double *waited_s);

/* git_commit.c (generated at build time): the commit this binary was built from. */
extern const char rg__git_commit[];

/* util.c */
int rg__parse_i64(const char *s, int64_t *out);
int rg__parse_f64(const char *s, double *out);
int64_t rg__mem_available(void);
int rg__list_has(const char *list, const char *name); /* NULL list matches everything */
double rg__now(void);                                 /* CLOCK_MONOTONIC_RAW seconds */
int rg__exe_dir(char *out, size_t outlen);

#endif /* RG_HARNESS_H */
