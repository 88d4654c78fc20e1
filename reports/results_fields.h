/* results_fields.h: internal tables that map the result model's structs to JSON keys, so that
 * the writer and the reader walk the same list and cannot drift apart. */
#ifndef RG_RESULTS_FIELDS_H
#define RG_RESULTS_FIELDS_H

#include <stddef.h>

#include "results.h"

typedef enum {
    RG_FIELD_STR,     /* char[size], NUL-terminated */
    RG_FIELD_INT,     /* int */
    RG_FIELD_BOOL,    /* int holding 0 or 1, a JSON boolean */
    RG_FIELD_I64,     /* int64_t */
    RG_FIELD_F64,     /* double; non-finite values are written as null, null reads as NaN */
    RG_FIELD_SCHEMA,  /* char[size] that must hold RG_RESULTS_SCHEMA */
    RG_FIELD_STATUS,  /* rg_case_status, by name */
    RG_FIELD_PARAMS,  /* rg_result.params/nparams, an object of integers and strings */
    RG_FIELD_TIME,    /* rg_time_stats, an object, or null when n == 0 */
    RG_FIELD_SAMPLES, /* rg_result.samples/nsamples, an array of numbers */
    RG_FIELD_SYSTEM,  /* rg_sysinfo, an object */
    RG_FIELD_RESULTS  /* rg_results.results/count, an array of result objects */
} rg__field_kind;

typedef struct {
    const char *name;
    rg__field_kind kind;
    size_t offset, size;
} rg__field;

typedef struct {
    const rg__field *fields;
    size_t count;
} rg__field_list;

extern const rg__field_list rg__top_fields;    /* rg_results */
extern const rg__field_list rg__system_fields; /* rg_sysinfo */
extern const rg__field_list rg__result_fields; /* rg_result */
extern const rg__field_list rg__time_fields;   /* rg_time_stats */

#endif /* RG_RESULTS_FIELDS_H */
