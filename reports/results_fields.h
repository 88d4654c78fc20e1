/* results_fields.h: internal tables that map the result model's structs to JSON keys, so that
 * the writer and the reader walk the same list and cannot drift apart. */
#ifndef RG_RESULTS_FIELDS_H
#define RG_RESULTS_FIELDS_H

#include <stddef.h>

#include "results.h"

typedef enum {
    RG_FIELD_STR,       /* char[size], NUL-terminated */
    RG_FIELD_INT,       /* int */
    RG_FIELD_BOOL,      /* int holding 0 or 1, a JSON boolean */
    RG_FIELD_I64,       /* int64_t */
    RG_FIELD_F64,       /* double; non-finite values are written as null, null reads as NaN */
    RG_FIELD_SCHEMA,    /* char[size] that must hold RG_RESULTS_SCHEMA */
    RG_FIELD_STATUS,    /* rg_case_status, by name */
    RG_FIELD_PARAMS,    /* rg_result.params/nparams, an object of integers and strings */
    RG_FIELD_TIME,      /* rg_time_stats, an object, or null when n == 0 */
    RG_FIELD_F64_ARRAY, /* a double pointer (at offset) and an int64_t count (at count_offset):
                         * an owned array of numbers */
    RG_FIELD_SYSTEM,    /* rg_sysinfo, an object */
    RG_FIELD_RESULTS,   /* rg_results.results/count, an array of result objects */
    RG_FIELD_ARRAY      /* a pointer (at offset) and an int64_t count (at count_offset): an
                         * array of objects of elem_size bytes described by sub */
} rg__field_kind;

typedef struct rg__field_list rg__field_list;

typedef struct {
    const char *name;
    rg__field_kind kind;
    size_t offset, size;
    /* RG_FIELD_ARRAY only */
    const rg__field_list *sub;
    size_t elem_size;
    size_t count_offset; /* RG_FIELD_ARRAY and RG_FIELD_F64_ARRAY */
    /* May be absent when read (the member keeps its zero value): a field added within a
     * schema version, so that files written before it stay readable. */
    int optional;
} rg__field;

struct rg__field_list {
    const rg__field *fields;
    size_t count;
};

extern const rg__field_list rg__top_fields;     /* rg_results */
extern const rg__field_list rg__system_fields;  /* rg_sysinfo */
extern const rg__field_list rg__result_fields;  /* rg_result */
extern const rg__field_list rg__time_fields;    /* rg_time_stats */
extern const rg__field_list rg__ceiling_fields; /* rg_ceiling */
extern const rg__field_list rg__sweep_fields;   /* rg_sweep */
extern const rg__field_list rg__point_fields;   /* rg_sweep_point */

#endif /* RG_RESULTS_FIELDS_H */
