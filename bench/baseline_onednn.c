/* baseline_onednn.c: engine, stream, threads, primitives and statuses shared by the oneDNN
 * adapters; without oneDNN only the availability answer remains. */
#define _GNU_SOURCE
#include "baseline_onednn.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rg__dnnl_isa(const rg_harness *h, char *out, size_t outlen) {
    char version[64], isa[32];
    rg__dnnl_describe(version, sizeof version, isa, sizeof isa);
    snprintf(out, outlen, isa[0] ? "max %s" : "none", isa);
}

#ifndef RIDGE_HAVE_DNNL

int rg__dnnl_available(char *why, size_t whylen) {
    snprintf(why, whylen, "built without oneDNN");
    return 0;
}

void rg__dnnl_describe(char *version, size_t vlen, char *isa, size_t ilen) {
    if (vlen) version[0] = '\0';
    if (ilen) isa[0] = '\0';
}

/* Setup never succeeds without oneDNN: there is no state. */
void rg__dnnl_state_free(void *state) {
    (void)state;
}

void rg__dnnl_state_isa(const void *state, char *out, size_t outlen) {
    (void)state;
    snprintf(out, outlen, "none");
}

#else

#include <omp.h>

int rg__dnnl_available(char *why, size_t whylen) {
    return 1;
}

static const char *isa_name(dnnl_cpu_isa_t isa) {
    switch (isa) {
    case dnnl_cpu_isa_sse41:
        return "sse41";
    case dnnl_cpu_isa_avx:
        return "avx";
    case dnnl_cpu_isa_avx2:
        return "avx2";
    case dnnl_cpu_isa_avx2_vnni:
        return "avx2_vnni";
    case dnnl_cpu_isa_avx512_mic:
        return "avx512_mic";
    case dnnl_cpu_isa_avx512_mic_4ops:
        return "avx512_mic_4ops";
    case dnnl_cpu_isa_avx512_core:
        return "avx512_core";
    case dnnl_cpu_isa_avx512_core_vnni:
        return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core_bf16:
        return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_amx:
        return "avx512_core_amx";
    default:
        return "unknown";
    }
}

void rg__dnnl_describe(char *version, size_t vlen, char *isa, size_t ilen) {
    const dnnl_version_t *v = dnnl_version();
    snprintf(version, vlen, "%d.%d.%d (commit %.40s)", v->major, v->minor, v->patch,
             v->hash ? v->hash : "?");
    snprintf(isa, ilen, "%s", isa_name(dnnl_get_effective_cpu_isa()));
}

static int to_status(dnnl_status_t s) {
    switch (s) {
    case dnnl_success:
        return RG_OK;
    case dnnl_out_of_memory:
        return RG_ENOMEM;
    case dnnl_invalid_arguments:
        return RG_EINVAL;
    case dnnl_unimplemented:
        return RG_EUNSUPPORTED;
    default:
        return RG_EINTERNAL;
    }
}

static const char *status_name(dnnl_status_t s) {
    switch (s) {
    case dnnl_out_of_memory:
        return "out of memory";
    case dnnl_invalid_arguments:
        return "invalid arguments";
    case dnnl_unimplemented:
        return "unimplemented";
    case dnnl_iterator_ends:
        return "iterator ends";
    case dnnl_runtime_error:
        return "runtime error";
    case dnnl_not_required:
        return "not required";
    default:
        return "error";
    }
}

int rg__dnnl_check(rg_harness *h, dnnl_status_t s, const char *call) {
    if (s != dnnl_success && h) rg__harness_warn(h, "oneDNN: %s: %s", call, status_name(s));
    return to_status(s);
}

/* oneDNN runs its parallel loops on OpenMP with omp_get_max_threads() threads, read when a
 * primitive is made (it sizes its blocking for them) and when it runs. libgomp keeps the same
 * workers for the same team size, created with the affinity of the thread that first forks:
 * the harness's thread, bound to PU 0. So each worker binds itself once inside a region of
 * the same size; OMP_PROC_BIND/OMP_PLACES would act only at the first fork of the process. */
static int bind_workers(const rg_harness *h) {
    omp_set_num_threads(h->nthreads);
    if (h->opts.pin == RG_PIN_NONE) return 0;
    int failed = 0;
#pragma omp parallel num_threads(h->nthreads) reduction(+ : failed)
    {
        int i = omp_get_thread_num();
        if (i > 0) {
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(h->pus[i], &set);
            failed += sched_setaffinity(0, sizeof set, &set) != 0;
        }
    }
    return failed;
}

int rg__dnnl_open(rg_harness *h, rg__dnnl_prim *p) {
    memset(p, 0, sizeof *p);
    int failed = bind_workers(h);
    if (failed)
        rg__harness_warn(h, "oneDNN: %d of %d OpenMP threads could not be bound", failed,
                         h->nthreads);
    int rc = rg__dnnl_check(h, dnnl_engine_create(&p->engine, dnnl_cpu, 0), "engine_create");
    if (!rc)
        rc = rg__dnnl_check(h, dnnl_stream_create(&p->stream, p->engine, dnnl_stream_default_flags),
                            "stream_create");
    return rc;
}

int rg__dnnl_make(rg_harness *h, rg__dnnl_prim *p, const_dnnl_op_desc_t desc,
                  const_dnnl_primitive_attr_t attr, const int *arg_kinds, int nargs,
                  const char *what) {
    if (nargs > RG_DNNL_MAX_ARGS) return RG_EINTERNAL;
    char call[64];
    snprintf(call, sizeof call, "%s primitive_desc_create", what);
    dnnl_primitive_desc_t pd = NULL;
    int rc = rg__dnnl_check(h, dnnl_primitive_desc_create(&pd, desc, attr, p->engine, NULL), call);
    if (rc) return rc;
    const char *impl = NULL;
    if (dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl) == dnnl_success && impl)
        snprintf(p->impl, sizeof p->impl, "%s", impl);
    snprintf(call, sizeof call, "%s primitive_create", what);
    rc = rg__dnnl_check(h, dnnl_primitive_create(&p->prim, pd), call);
    for (int i = 0; !rc && i < nargs; i++) {
        const dnnl_memory_desc_t *md =
            dnnl_primitive_desc_query_md(pd, dnnl_query_exec_arg_md, arg_kinds[i]);
        dnnl_memory_t mem = NULL;
        snprintf(call, sizeof call, "%s memory_create (argument %d)", what, arg_kinds[i]);
        rc = md ? rg__dnnl_check(h, dnnl_memory_create(&mem, md, p->engine, DNNL_MEMORY_NONE), call)
                : RG_EINTERNAL;
        if (!rc) p->args[p->nargs++] = (dnnl_exec_arg_t){arg_kinds[i], mem};
    }
    dnnl_primitive_desc_destroy(pd);
    return rc;
}

int rg__dnnl_execute(rg__dnnl_prim *p, void *const *data) {
    for (int i = 0; i < p->nargs; i++) {
        dnnl_status_t s = dnnl_memory_set_data_handle_v2(p->args[i].memory, data[i], p->stream);
        if (s != dnnl_success) return to_status(s);
    }
    dnnl_status_t s = dnnl_primitive_execute(p->prim, p->stream, p->nargs, p->args);
    if (s == dnnl_success) s = dnnl_stream_wait(p->stream);
    return to_status(s);
}

void rg__dnnl_close(rg__dnnl_prim *p) {
    for (int i = 0; i < p->nargs; i++)
        dnnl_memory_destroy(p->args[i].memory);
    if (p->prim) dnnl_primitive_destroy(p->prim);
    if (p->stream) dnnl_stream_destroy(p->stream);
    if (p->engine) dnnl_engine_destroy(p->engine);
    memset(p, 0, sizeof *p);
}

void rg__dnnl_state_free(void *state) {
    if (!state) return;
    rg__dnnl_close(state);
    free(state);
}

void rg__dnnl_state_isa(const void *state, char *out, size_t outlen) {
    const rg__dnnl_prim *p = state;
    snprintf(out, outlen, "%s", p->impl);
}

dnnl_status_t rg__dnnl_matrix_md(dnnl_memory_desc_t *md, int64_t rows, int64_t cols, int trans,
                                 int64_t ld, dnnl_data_type_t t) {
    dnnl_dims_t dims = {rows, cols};
    dnnl_dims_t strides = {trans ? 1 : ld, trans ? ld : 1};
    return dnnl_memory_desc_init_by_strides(md, 2, dims, t, strides);
}

#endif /* RIDGE_HAVE_DNNL */
