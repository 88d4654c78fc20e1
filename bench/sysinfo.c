/* sysinfo.c: records the machine and software a run was measured on (rg_sysinfo). */
#define _GNU_SOURCE
#include "harness.h"

#include "baseline_onednn.h"
#include "gpu.h"

#include <cblas.h>
#include <ctype.h>
#include <hwloc.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef RIDGE_BUILD_CFLAGS
#define RIDGE_BUILD_CFLAGS ""
#endif
#ifndef RIDGE_COMPILER
#define RIDGE_COMPILER "unknown"
#endif

static void append_flag(char *buf, size_t len, int on, const char *name) {
    if (!on) return;
    size_t used = strlen(buf);
    snprintf(buf + used, len - used, "%s%s", used ? " " : "", name);
}

static void isa_flags(const rg_cpu_features *f, char *buf, size_t len) {
    buf[0] = '\0';
    append_flag(buf, len, f->sse42, "sse4_2");
    append_flag(buf, len, f->avx, "avx");
    append_flag(buf, len, f->avx2, "avx2");
    append_flag(buf, len, f->fma, "fma");
    append_flag(buf, len, f->f16c, "f16c");
    append_flag(buf, len, f->avx512f, "avx512f");
    append_flag(buf, len, f->avx512bw, "avx512bw");
    append_flag(buf, len, f->avx512dq, "avx512dq");
    append_flag(buf, len, f->avx512vl, "avx512vl");
    append_flag(buf, len, f->avx512cd, "avx512cd");
    append_flag(buf, len, f->avx512_bf16, "avx512_bf16");
    append_flag(buf, len, f->avx512_vnni, "avx512_vnni");
    append_flag(buf, len, f->avx512_fp16, "avx512_fp16");
    append_flag(buf, len, f->avx_vnni, "avx_vnni");
    append_flag(buf, len, f->amx, "amx");
}

static int64_t mem_total(void) {
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (int64_t)pages * size : 0;
}

void rg__sysinfo_fill(const rg_topo *topo, rg_sysinfo *s, rg__energy_meter **energy) {
    memset(s, 0, sizeof *s);
    s->price_usd_per_hour = NAN; /* unknown unless --price gives it */
    const rg_cpu_features *f = rg_cpu_features_get();
    snprintf(s->cpu_model, sizeof s->cpu_model, "%s", f->brand);
    snprintf(s->cpu_vendor, sizeof s->cpu_vendor, "%s", f->vendor);
    isa_flags(f, s->isa_flags, sizeof s->isa_flags);
    snprintf(s->best_isa, sizeof s->best_isa, "%s", rg_isa_name(rg_cpu_best_isa()));
    if (topo) {
        rg_topo_info ti;
        rg__topo_info(topo, &ti);
        s->sockets = ti.packages;
        s->cores = ti.cores;
        s->pus = ti.pus;
        s->numa_nodes = ti.numa_nodes;
        s->l1d = ti.l1d;
        s->l2 = ti.l2;
        s->l3 = ti.l3;
    }
    s->mem_total = mem_total();
    struct utsname u;
    if (uname(&u) == 0) {
        snprintf(s->os, sizeof s->os, "%.31s %.63s %.31s", u.sysname, u.release, u.machine);
        snprintf(s->hostname, sizeof s->hostname, "%.63s", u.nodename);
        snprintf(s->label, sizeof s->label, "%.63s", u.nodename);
    }
    snprintf(s->compiler, sizeof s->compiler, "%s", RIDGE_COMPILER);
    snprintf(s->cflags, sizeof s->cflags, "%s", RIDGE_BUILD_CFLAGS);
    snprintf(s->ridge_version, sizeof s->ridge_version, "%s", RG_VERSION_STRING);
    snprintf(s->git_commit, sizeof s->git_commit, "%s", rg__git_commit);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(s->date, sizeof s->date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    unsigned hv = hwloc_get_api_version();
    char ver[96]; /* run-time API version, then the one ridge was built against */
    snprintf(ver, sizeof ver, "%u.%u.%u (built %u.%u.%u)", hv >> 16, (hv >> 8) & 0xff, hv & 0xff,
             HWLOC_API_VERSION >> 16, (HWLOC_API_VERSION >> 8) & 0xff, HWLOC_API_VERSION & 0xff);
    snprintf(s->hwloc_version, sizeof s->hwloc_version, "%.23s", ver);
    snprintf(s->jansson_version, sizeof s->jansson_version, "%s", JANSSON_VERSION);
    snprintf(s->openblas_version, sizeof s->openblas_version, "%s", openblas_get_config());
    snprintf(s->openblas_corename, sizeof s->openblas_corename, "%s", openblas_get_corename());
    const char *ct = getenv("OPENBLAS_CORETYPE");
    snprintf(s->openblas_coretype_env, sizeof s->openblas_coretype_env, "%s", ct ? ct : "");
    /* The baseline must run at its best: AVX-512 kernels on an AVX-512 CPU. */
    s->openblas_below_isa = rg__openblas_core_below(f, s->openblas_corename);
    /* ridge set the core type (openblas_core.c) when the variable it leaves says so and the
     * type is still the one it names. */
    const char *det = getenv(RG_OPENBLAS_DETECTED_ENV), *best = rg__openblas_core_best(f);
    if (det && ct && best && strcmp(ct, best) == 0)
        snprintf(s->openblas_detected, sizeof s->openblas_detected, "%s", det);
    rg__dnnl_describe(s->onednn_version, sizeof s->onednn_version, s->onednn_isa,
                      sizeof s->onednn_isa);
    rg__thp_mode(s->thp, sizeof s->thp);
    rg__gpu_sysinfo(s);
    rg__sysinfo_energy(s, energy);
}

void rg__sysinfo_energy(rg_sysinfo *s, rg__energy_meter **keep) {
    rg__energy_meter *m = NULL;
    int rc = rg__energy_open(NULL, &m, s->energy_note, sizeof s->energy_note);
    snprintf(s->energy_source, sizeof s->energy_source, "%s", rc == 0 ? "rapl" : "");
    if (keep)
        *keep = m;
    else
        rg__energy_close(m);
}

int rg__openblas_isa_warning(const rg_sysinfo *s, char *buf, size_t len) {
    if (!s->openblas_below_isa) return 0;
    if (s->openblas_coretype_env[0])
        snprintf(buf, len,
                 "OpenBLAS runs %.31s kernels on an AVX-512 CPU (OPENBLAS_CORETYPE=%.31s): rerun "
                 "with OPENBLAS_CORETYPE unset or =SkylakeX",
                 s->openblas_corename, s->openblas_coretype_env);
    else
        snprintf(buf, len,
                 "OpenBLAS runs %.31s kernels on an AVX-512 CPU: rerun with "
                 "OPENBLAS_CORETYPE=SkylakeX or use a newer OpenBLAS",
                 s->openblas_corename);
    return 1;
}

static void print_bytes(FILE *f, const char *label, int64_t b) {
    if (b <= 0)
        fprintf(f, "%-18s unknown\n", label);
    else if (b >= (1 << 30))
        fprintf(f, "%-18s %.1f GiB\n", label, (double)b / (1 << 30));
    else if (b >= (1 << 20))
        fprintf(f, "%-18s %.0f MiB\n", label, (double)b / (1 << 20));
    else
        fprintf(f, "%-18s %.0f KiB\n", label, (double)b / 1024);
}

void rg__sysinfo_print(FILE *f, const rg_sysinfo *s) {
    fprintf(f, "%-18s %s (%s)\n", "cpu", s->cpu_model, s->cpu_vendor);
    fprintf(f, "%-18s %s\n", "isa flags", s->isa_flags);
    fprintf(f, "%-18s %s\n", "ridge best isa", s->best_isa);
    fprintf(f, "%-18s %d packages, %d NUMA nodes, %d cores, %d PUs\n", "topology", s->sockets,
            s->numa_nodes, s->cores, s->pus);
    print_bytes(f, "L1d per core", s->l1d);
    print_bytes(f, "L2 per core", s->l2);
    print_bytes(f, "L3 total", s->l3);
    print_bytes(f, "memory", s->mem_total);
    fprintf(f, "%-18s %s\n", "os", s->os);
    fprintf(f, "%-18s %s\n", "hostname", s->hostname);
    fprintf(f, "%-18s %s\n", "compiler", s->compiler);
    fprintf(f, "%-18s %s\n", "cflags", s->cflags);
    fprintf(f, "%-18s %s (git %s)\n", "ridge", s->ridge_version, s->git_commit);
    fprintf(f, "%-18s %s\n", "hwloc", s->hwloc_version);
    fprintf(f, "%-18s %s\n", "jansson", s->jansson_version);
    fprintf(f, "%-18s %s\n", "openblas", s->openblas_version);
    fprintf(f, "%-18s %s%s\n", "openblas core", s->openblas_corename,
            s->openblas_below_isa ? " (below this CPU's ISA)" : "");
    if (s->openblas_detected[0])
        fprintf(f, "%-18s %s (set by ridge: OpenBLAS picked %s for this CPU)\n",
                "OPENBLAS_CORETYPE", s->openblas_coretype_env, s->openblas_detected);
    else
        fprintf(f, "%-18s %s\n", "OPENBLAS_CORETYPE",
                s->openblas_coretype_env[0] ? s->openblas_coretype_env : "(unset)");
    fprintf(f, "%-18s %s\n", "onednn",
            s->onednn_version[0] ? s->onednn_version : "(not built with oneDNN, or not recorded)");
    if (s->onednn_isa[0]) fprintf(f, "%-18s %s\n", "onednn max isa", s->onednn_isa);
    fprintf(f, "%-18s %s\n", "transparent hp", s->thp[0] ? s->thp : "unknown");
    fprintf(f, "%-18s %s: %s\n", "energy", s->energy_source[0] ? s->energy_source : "not measured",
            s->energy_note);
    if (s->gpu_name[0])
        fprintf(f, "%-18s %s (sm %s, %d SMs, %.1f GiB, L2 %lld KiB, %.0f/%.0f MHz, ECC %s)\n",
                "gpu", s->gpu_name, s->gpu_cc, s->gpu_sm_count, s->gpu_mem_bytes / 1073741824.0,
                (long long)(s->gpu_l2_bytes >> 10), s->gpu_sm_mhz_max, s->gpu_mem_mhz_max,
                s->gpu_ecc ? "on" : "off");
    else
        fprintf(f, "%-18s none: %s\n", "gpu", s->gpu_note);
    if (s->cuda_runtime_version[0])
        fprintf(f, "%-18s runtime %s, driver %s (%s), cuBLAS %s\n", "cuda", s->cuda_runtime_version,
                s->cuda_driver_version[0] ? s->cuda_driver_version : "-",
                s->nvidia_driver_version[0] ? s->nvidia_driver_version : "-",
                s->cublas_version[0] ? s->cublas_version : "-");
    fprintf(f, "%-18s %s\n", "date", s->date);
}
