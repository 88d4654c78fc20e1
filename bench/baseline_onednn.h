/* baseline_onednn.h: what the oneDNN adapters share: availability, version and ISA, the engine
 * and stream, the harness's threads and PUs for oneDNN's OpenMP workers, one primitive with its
 * memory objects, and oneDNN statuses turned into ridge's. */
#ifndef RG_BASELINE_ONEDNN_H
#define RG_BASELINE_ONEDNN_H

#include "harness.h"

/* oneDNN's OpenMP (libgomp) workers spin after a call before they sleep: measured here about
 * 8 ms at the default GOMP_SPINCOUNT. The harness waits for that, up to this bound. */
#define RG_DNNL_QUIESCE_MS 500

/* 1 when ridge was built with oneDNN; else 0 and why ("built without oneDNN"). */
int rg__dnnl_available(char *why, size_t whylen);

/* oneDNN's run-time version ("2.6.3 (commit N/A)") and the strongest ISA it may use here
 * ("avx512_core_bf16"); both "" when built without it. */
void rg__dnnl_describe(char *version, size_t vlen, char *isa, size_t ilen);

/* The rg_impl isa() of the oneDNN adapters (`ridge list`): "max " and the ISA above, or "none".
 * Results record the implementation each case got instead (case_isa). */
void rg__dnnl_isa(const rg_harness *h, char *out, size_t outlen);

/* An adapter's teardown and case_isa for a state that is (or begins with) an rg__dnnl_prim in
 * its own allocation: closes and frees it; names the implementation oneDNN chose ("none"
 * without oneDNN, where no setup succeeds). */
void rg__dnnl_state_free(void *state);
void rg__dnnl_state_isa(const void *state, char *out, size_t outlen);

#ifdef RIDGE_HAVE_DNNL
#include <oneapi/dnnl/dnnl.h>

#define RG_DNNL_MAX_ARGS 6

/* One primitive, made in setup and executed in run, with a memory object per argument whose
 * data pointer is set at each call (the harness rotates buffer sets). */
typedef struct {
    dnnl_engine_t engine;
    dnnl_stream_t stream;
    dnnl_primitive_t prim;
    char impl[32]; /* the implementation oneDNN chose, e.g. "brg:avx512_core" */
    dnnl_exec_arg_t args[RG_DNNL_MAX_ARGS];
    int nargs;
} rg__dnnl_prim;

/* Gives oneDNN the harness's thread count and binds its OpenMP worker i to h->pus[i] (the
 * calling thread, worker 0, is the harness's and already bound), then creates the CPU engine
 * and a stream. Returns 0 or a negative rg_status (a warning names the failing call). */
int rg__dnnl_open(rg_harness *h, rg__dnnl_prim *p);

/* Creates the primitive of an operation descriptor (attr may be NULL) and one memory object
 * for each of the nargs arguments (DNNL_ARG_SRC, ...), in the order run passes data to
 * rg__dnnl_execute. what names the op in warnings. */
int rg__dnnl_make(rg_harness *h, rg__dnnl_prim *p, const_dnnl_op_desc_t desc,
                  const_dnnl_primitive_attr_t attr, const int *arg_kinds, int nargs,
                  const char *what);

/* Points the arguments at data[0..nargs-1] and runs the primitive to completion. */
int rg__dnnl_execute(rg__dnnl_prim *p, void *const *data);

/* Frees what open and make created (safe on a partly made one). */
void rg__dnnl_close(rg__dnnl_prim *p);

/* Turns a oneDNN status into a ridge status; when it is an error, warns naming the call. */
int rg__dnnl_check(rg_harness *h, dnnl_status_t s, const char *call);

/* The descriptor of op(X), rows x cols, stored row-major with leading dimension ld or (trans)
 * its transpose. */
dnnl_status_t rg__dnnl_matrix_md(dnnl_memory_desc_t *md, int64_t rows, int64_t cols, int trans,
                                 int64_t ld, dnnl_data_type_t t);
#endif

#endif /* RG_BASELINE_ONEDNN_H */
