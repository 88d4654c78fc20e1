/* results.h: the one result model; the JSON file, the terminal table and later reports are
 * printers over it. Schema "ridge-results/2" (documented in docs/results-schema.md). */
#ifndef RG_RESULTS_H
#define RG_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#define RG_RESULTS_SCHEMA "ridge-results/2"
#define RG_MAX_PARAMS 12

/* One case parameter: an integer (M, N, K...) or a short string (transA "N"/"T"...). */
typedef struct {
    char key[24];
    int is_str;
    int64_t ival;
    char sval[24];
} rg_param;

typedef enum {
    RG_CASE_OK = 0,  /* verified and timed */
    RG_CASE_FAILED,  /* ran, failed verification: never reported as a speed */
    RG_CASE_SKIPPED, /* not supported here (no GPU, ISA missing, impl lacks the case) */
    RG_CASE_ERROR    /* could not run (allocation, library error) */
} rg_case_status;

const char *rg_case_status_name(rg_case_status s); /* "ok", "failed", "skipped", "error" */
int rg_case_status_parse(const char *name, rg_case_status *out);

/* Statistics over the timed repetitions, in seconds. ci_lo/ci_hi: a distribution-free 95%
 * confidence interval of the median (order statistics). */
typedef struct {
    double min, median, mean, p10, p90, stddev;
    double ci_lo, ci_hi;
    int64_t n;
} rg_time_stats;

typedef struct {
    /* identity */
    char op[24];    /* gemm, attention, relu, ... */
    char impl[24];  /* ridge, openblas, onednn, cublas, cudnn */
    char device[8]; /* cpu, gpu */
    char dtype[8];  /* f32, bf16, f16, i8 */
    rg_param params[RG_MAX_PARAMS];
    int nparams;
    int threads;
    char pin[16];  /* compact, scatter, none */
    char cache[8]; /* warm, cold */
    char isa[24];  /* code path that ran: avx512, avx2, scalar, or the baseline's core type */
    /* outcome */
    rg_case_status status;
    char reason[256]; /* why failed/skipped/error; empty when ok */
    /* work, counted by formula (docs/method.md) */
    double flops, bytes, intensity;
    /* timing */
    rg_time_stats time;
    double *samples; /* owned; seconds per repetition, in the order measured */
    int64_t nsamples;
    /* owned; with `ridge run --rounds N`: the median time of each round (each a process of
     * its own), the unit the regression gate compares; NULL/0 otherwise */
    double *round_medians;
    int64_t nround_medians;
    char stop_reason[32]; /* "converged", "time_budget", "max_reps" */
    /* derived from time.median */
    double gflops, gbps;
    /* verification */
    double max_rel_error; /* max |c - ref| / (|alpha| * sum_k |a||b| + |beta||c0|) */
    double tolerance;     /* the bound max_rel_error was checked against */
    /* how it was timed (docs/method.md) */
    int64_t batch;  /* calls per timed sample (> 1 only for calls under ~20 us); 0 unknown */
    int cache_sets; /* buffer sets rotated through (cold cache: > 1 unless one set is cold) */
    /* energy of one call, joules: the energy counter's increase over the whole timed loop
     * divided by its calls (RAPL packages on the CPU, idle cores and uncore included; NVML on
     * the GPU); NaN when not measured (system.energy_note says why) */
    double energy_j;
    /* GPU cases (optional in files; 0 or "" unknown): NVML's SM clock, temperature and power
     * just before and after the case, the clock-event (throttle) reasons active after it, and
     * whether one of them slowed the clocks (power, thermal or hardware slowdown) or the SM
     * clock fell under 75% of its maximum: such a measurement is flagged, not trusted */
    double gpu_sm_mhz_before, gpu_sm_mhz_after;
    double gpu_temp_c_before, gpu_temp_c_after;
    double gpu_power_w_before, gpu_power_w_after;
    char gpu_throttle_reasons[96]; /* space separated: sw_power hw_slowdown sw_thermal ... */
    int gpu_throttled;
} rg_result;

/* One point of a sweep: the working set (bytes, all threads together) and the rate measured
 * on it (median of repetitions, with p10..p90). */
typedef struct {
    int64_t bytes;
    double value, p10, p90;
} rg_sweep_point;

/* A measured ceiling of one device: a compute peak or the bandwidth of one memory level.
 * The roofline puts every result under these. Designed for CPU and GPU alike. */
typedef struct {
    char device[8];  /* cpu, gpu */
    char kind[12];   /* flops, bandwidth */
    char name[16];   /* flops: precision (fp32, bf16, fp16, int8);
                      * bandwidth: level (L1, L2, L3, DRAM; GPU: L2, HBM, H2D, D2H) */
    char method[32]; /* the probe that ran: fma-avx512, dpbf16-avx512, read-avx512, triad-avx2 */
    int threads;
    double value, p10, p90;   /* median and spread */
    char unit[12];            /* GFLOP/s, GOP/s (integer), GB/s */
    int64_t size_lo, size_hi; /* bandwidth: working-set bytes the plateau spans; 0 for flops */
    rg_sweep_point *points;   /* owned: the measurements the value was taken from */
    int64_t npoints;
} rg_ceiling;

/* A whole working-set sweep of one bandwidth probe (plateaus and the steps between). */
typedef struct {
    char device[8];
    char method[32]; /* read-avx512, write-avx512, copy-avx512, triad-avx512, ... */
    int threads;
    char unit[12];          /* GB/s */
    rg_sweep_point *points; /* owned, by increasing bytes */
    int64_t npoints;
} rg_sweep;

/* The machine and software a run was measured on. Unknown strings are left empty. */
typedef struct {
    char cpu_model[96];
    char cpu_vendor[16];
    char isa_flags[256]; /* space separated: avx2 fma avx512f ... */
    char best_isa[16];   /* strongest ridge dispatch level here */
    int sockets, cores, pus, numa_nodes;
    int64_t l1d, l2, l3; /* bytes, as hwloc reports (per core for l1d/l2) */
    int64_t mem_total;   /* bytes */
    char os[128];        /* uname: sysname release machine */
    char hostname[64];
    char compiler[64];
    char cflags[256];
    char ridge_version[24];
    char git_commit[48];
    char date[32]; /* ISO 8601 UTC */
    char hwloc_version[24];
    char jansson_version[24];
    char openblas_version[96];      /* openblas_get_config() */
    char openblas_corename[32];     /* openblas_get_corename() */
    char openblas_coretype_env[32]; /* OPENBLAS_CORETYPE as set at load, or empty */
    int openblas_below_isa;         /* 1 when OpenBLAS runs a core type weaker than the CPU */
    /* the core type OpenBLAS picked by itself when ridge overrode it (below the CPU), else "";
     * optional in files */
    char openblas_detected[32];
    /* oneDNN, when ridge was built with it; optional in files ("" unknown or not built) */
    char onednn_version[48]; /* dnnl_version(): "2.6.3 (commit N/A)" */
    char onednn_isa[24];     /* dnnl_get_effective_cpu_isa(): the strongest ISA it may use */
    /* what the machine is called in reports comparing machines (--label; default hostname)
     * and what an hour of it costs (--price; NaN unknown) */
    char label[64];
    double price_usd_per_hour;
    char energy_source[16]; /* "rapl" when results carry energy_j, else "" */
    char energy_note[192];  /* why energy is not measured here, or which domains were summed */
    /* Pages of the case and probe buffers: the run's --pages ("huge", "small") and the system's
     * transparent huge page mode ("always", "madvise", "never"); optional in files ("" unknown:
     * files before they were recorded used small pages) */
    char pages[8];
    char thp[16];
    /* The GPU, when ridge was built with CUDA (optional in files; "" or 0 unknown): gpu_note says
     * why there is none ("no CUDA driver: ...") */
    char gpu_name[96];
    char gpu_cc[8]; /* compute capability, "9.0" */
    int gpu_sm_count;
    int64_t gpu_mem_bytes; /* device memory */
    int64_t gpu_l2_bytes;
    double gpu_sm_mhz_max; /* maximum SM and memory clocks (NVML, else the runtime's) */
    double gpu_mem_mhz_max;
    int gpu_ecc; /* ECC enabled */
    char cuda_runtime_version[16];
    char cuda_driver_version[16]; /* the CUDA version the driver supports */
    char nvidia_driver_version[32];
    char cublas_version[16];
    char gpu_note[160];
} rg_sysinfo;

/* A whole run: how it was invoked, where, and every case. */
typedef struct {
    char schema[32];
    char suite[64];
    char command[512];
    double min_time_s; /* time budget per case */
    double target_ci;  /* relative CI half-width target of the median */
    int interrupted;   /* 1 when the run was stopped early (SIGINT/SIGTERM) */
    rg_sysinfo system;
    char ceilings_note[192]; /* "" when measured; else why not ("not measured: --no-ceilings") */
    rg_ceiling *ceilings;    /* owned */
    int64_t nceilings;
    rg_sweep *sweeps; /* owned */
    int64_t nsweeps;
    rg_result *results;
    size_t count, cap;
} rg_results;

void rg_results_init(rg_results *r);
void rg_results_free(rg_results *r);
/* Appends a copy of *res (takes ownership of res->samples). Returns 0 or RG_ENOMEM. */
int rg_results_push(rg_results *r, rg_result *res);

/* Append a deep copy of *c / *s (their points are copied). Return 0 or RG_ENOMEM. */
int rg_results_add_ceiling(rg_results *r, const rg_ceiling *c);
int rg_results_add_sweep(rg_results *r, const rg_sweep *s);

/* Parameter helpers. */
int rg_result_set_int(rg_result *res, const char *key, int64_t v);
int rg_result_set_str(rg_result *res, const char *key, const char *v);
const rg_param *rg_result_param(const rg_result *res, const char *key);

/* The pages a file's buffers were on: system.pages, or "small" for files from before it was
 * recorded (ridge asked for nothing then). */
const char *rg_sysinfo_pages(const rg_sysinfo *s);

/* JSON I/O. Writing goes to a temporary file in the same folder, then rename(2), so a reader
 * never sees a half-written file. Returns 0 or a negative rg_status; on error, *err (if given)
 * receives one line describing it. */
int rg_results_write_json(const rg_results *r, const char *path, char *err, size_t errlen);
int rg_results_read_json(const char *path, rg_results *r, char *err, size_t errlen);

#endif /* RG_RESULTS_H */
