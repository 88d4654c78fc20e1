/* results_fields.c: the JSON key of every field of the result model, in file order. */
#include "results_fields.h"

#define F(type, member, kind_)                                                                     \
    {                                                                                              \
        .name = #member, .kind = kind_, .offset = offsetof(type, member),                          \
        .size = sizeof(((type *)0)->member)                                                        \
    }
#define FN(name_, type, member, kind_)                                                             \
    {                                                                                              \
        .name = name_, .kind = kind_, .offset = offsetof(type, member),                            \
        .size = sizeof(((type *)0)->member)                                                        \
    }
/* A field added within the schema version: files without it stay readable. */
#define FO(type, member, kind_)                                                                    \
    {                                                                                              \
        .name = #member, .kind = kind_, .offset = offsetof(type, member),                          \
        .size = sizeof(((type *)0)->member), .optional = 1                                         \
    }
/* An owned array: ptr member, its int64_t count member and the element's field list. */
#define FA(type, member, count, elem, list)                                                        \
    {                                                                                              \
        .name = #member, .kind = RG_FIELD_ARRAY, .offset = offsetof(type, member),                 \
        .size = sizeof(((type *)0)->member), .sub = &list, .elem_size = sizeof(elem),              \
        .count_offset = offsetof(type, count)                                                      \
    }
/* An owned array of numbers: double pointer member and its int64_t count member. */
#define FD(name_, type, member, count, opt)                                                        \
    {                                                                                              \
        .name = name_, .kind = RG_FIELD_F64_ARRAY, .offset = offsetof(type, member),               \
        .count_offset = offsetof(type, count), .optional = opt                                     \
    }
#define LIST(arr)                                                                                  \
    { arr, sizeof(arr) / sizeof(arr[0]) }

static const rg__field point[] = {
    F(rg_sweep_point, bytes, RG_FIELD_I64),
    F(rg_sweep_point, value, RG_FIELD_F64),
    F(rg_sweep_point, p10, RG_FIELD_F64),
    F(rg_sweep_point, p90, RG_FIELD_F64),
};
const rg__field_list rg__point_fields = LIST(point);

static const rg__field ceiling[] = {
    F(rg_ceiling, device, RG_FIELD_STR),
    F(rg_ceiling, kind, RG_FIELD_STR),
    F(rg_ceiling, name, RG_FIELD_STR),
    F(rg_ceiling, method, RG_FIELD_STR),
    F(rg_ceiling, threads, RG_FIELD_INT),
    F(rg_ceiling, value, RG_FIELD_F64),
    F(rg_ceiling, p10, RG_FIELD_F64),
    F(rg_ceiling, p90, RG_FIELD_F64),
    F(rg_ceiling, unit, RG_FIELD_STR),
    F(rg_ceiling, size_lo, RG_FIELD_I64),
    F(rg_ceiling, size_hi, RG_FIELD_I64),
    FA(rg_ceiling, points, npoints, rg_sweep_point, rg__point_fields),
};
const rg__field_list rg__ceiling_fields = LIST(ceiling);

static const rg__field sweep[] = {
    F(rg_sweep, device, RG_FIELD_STR),
    F(rg_sweep, method, RG_FIELD_STR),
    F(rg_sweep, threads, RG_FIELD_INT),
    F(rg_sweep, unit, RG_FIELD_STR),
    FA(rg_sweep, points, npoints, rg_sweep_point, rg__point_fields),
};
const rg__field_list rg__sweep_fields = LIST(sweep);

static const rg__field top[] = {
    F(rg_results, schema, RG_FIELD_SCHEMA),
    F(rg_results, suite, RG_FIELD_STR),
    F(rg_results, command, RG_FIELD_STR),
    F(rg_results, min_time_s, RG_FIELD_F64),
    F(rg_results, target_ci, RG_FIELD_F64),
    F(rg_results, interrupted, RG_FIELD_BOOL),
    F(rg_results, system, RG_FIELD_SYSTEM),
    F(rg_results, ceilings_note, RG_FIELD_STR),
    FA(rg_results, ceilings, nceilings, rg_ceiling, rg__ceiling_fields),
    FA(rg_results, sweeps, nsweeps, rg_sweep, rg__sweep_fields),
    F(rg_results, results, RG_FIELD_RESULTS),
};

static const rg__field system[] = {
    F(rg_sysinfo, cpu_model, RG_FIELD_STR),
    F(rg_sysinfo, cpu_vendor, RG_FIELD_STR),
    F(rg_sysinfo, isa_flags, RG_FIELD_STR),
    F(rg_sysinfo, best_isa, RG_FIELD_STR),
    F(rg_sysinfo, sockets, RG_FIELD_INT),
    F(rg_sysinfo, cores, RG_FIELD_INT),
    F(rg_sysinfo, pus, RG_FIELD_INT),
    F(rg_sysinfo, numa_nodes, RG_FIELD_INT),
    F(rg_sysinfo, l1d, RG_FIELD_I64),
    F(rg_sysinfo, l2, RG_FIELD_I64),
    F(rg_sysinfo, l3, RG_FIELD_I64),
    F(rg_sysinfo, mem_total, RG_FIELD_I64),
    F(rg_sysinfo, os, RG_FIELD_STR),
    F(rg_sysinfo, hostname, RG_FIELD_STR),
    F(rg_sysinfo, compiler, RG_FIELD_STR),
    F(rg_sysinfo, cflags, RG_FIELD_STR),
    F(rg_sysinfo, ridge_version, RG_FIELD_STR),
    F(rg_sysinfo, git_commit, RG_FIELD_STR),
    F(rg_sysinfo, date, RG_FIELD_STR),
    F(rg_sysinfo, hwloc_version, RG_FIELD_STR),
    F(rg_sysinfo, jansson_version, RG_FIELD_STR),
    F(rg_sysinfo, openblas_version, RG_FIELD_STR),
    F(rg_sysinfo, openblas_corename, RG_FIELD_STR),
    F(rg_sysinfo, openblas_coretype_env, RG_FIELD_STR),
    F(rg_sysinfo, openblas_below_isa, RG_FIELD_BOOL),
    FO(rg_sysinfo, openblas_detected, RG_FIELD_STR),
    FO(rg_sysinfo, onednn_version, RG_FIELD_STR),
    FO(rg_sysinfo, onednn_isa, RG_FIELD_STR),
    F(rg_sysinfo, label, RG_FIELD_STR),
    F(rg_sysinfo, price_usd_per_hour, RG_FIELD_F64),
    F(rg_sysinfo, energy_source, RG_FIELD_STR),
    F(rg_sysinfo, energy_note, RG_FIELD_STR),
    FO(rg_sysinfo, pages, RG_FIELD_STR),
    FO(rg_sysinfo, thp, RG_FIELD_STR),
    FO(rg_sysinfo, gpu_name, RG_FIELD_STR),
    FO(rg_sysinfo, gpu_cc, RG_FIELD_STR),
    FO(rg_sysinfo, gpu_sm_count, RG_FIELD_INT),
    FO(rg_sysinfo, gpu_mem_bytes, RG_FIELD_I64),
    FO(rg_sysinfo, gpu_l2_bytes, RG_FIELD_I64),
    FO(rg_sysinfo, gpu_sm_mhz_max, RG_FIELD_F64),
    FO(rg_sysinfo, gpu_mem_mhz_max, RG_FIELD_F64),
    FO(rg_sysinfo, gpu_ecc, RG_FIELD_BOOL),
    FO(rg_sysinfo, cuda_runtime_version, RG_FIELD_STR),
    FO(rg_sysinfo, cuda_driver_version, RG_FIELD_STR),
    FO(rg_sysinfo, nvidia_driver_version, RG_FIELD_STR),
    FO(rg_sysinfo, cublas_version, RG_FIELD_STR),
    FO(rg_sysinfo, gpu_note, RG_FIELD_STR),
};

static const rg__field result[] = {
    F(rg_result, op, RG_FIELD_STR),
    F(rg_result, impl, RG_FIELD_STR),
    F(rg_result, device, RG_FIELD_STR),
    F(rg_result, dtype, RG_FIELD_STR),
    F(rg_result, params, RG_FIELD_PARAMS),
    F(rg_result, threads, RG_FIELD_INT),
    F(rg_result, pin, RG_FIELD_STR),
    F(rg_result, cache, RG_FIELD_STR),
    F(rg_result, isa, RG_FIELD_STR),
    F(rg_result, status, RG_FIELD_STATUS),
    F(rg_result, reason, RG_FIELD_STR),
    F(rg_result, flops, RG_FIELD_F64),
    F(rg_result, bytes, RG_FIELD_F64),
    F(rg_result, intensity, RG_FIELD_F64),
    FN("time_s", rg_result, time, RG_FIELD_TIME),
    FD("samples_s", rg_result, samples, nsamples, 0),
    FD("round_medians_s", rg_result, round_medians, nround_medians, 1),
    F(rg_result, stop_reason, RG_FIELD_STR),
    F(rg_result, batch, RG_FIELD_I64),
    F(rg_result, cache_sets, RG_FIELD_INT),
    F(rg_result, gflops, RG_FIELD_F64),
    F(rg_result, gbps, RG_FIELD_F64),
    F(rg_result, max_rel_error, RG_FIELD_F64),
    F(rg_result, tolerance, RG_FIELD_F64),
    F(rg_result, energy_j, RG_FIELD_F64),
    FO(rg_result, gpu_sm_mhz_before, RG_FIELD_F64),
    FO(rg_result, gpu_sm_mhz_after, RG_FIELD_F64),
    FO(rg_result, gpu_temp_c_before, RG_FIELD_F64),
    FO(rg_result, gpu_temp_c_after, RG_FIELD_F64),
    FO(rg_result, gpu_power_w_before, RG_FIELD_F64),
    FO(rg_result, gpu_power_w_after, RG_FIELD_F64),
    FO(rg_result, gpu_throttle_reasons, RG_FIELD_STR),
    FO(rg_result, gpu_throttled, RG_FIELD_BOOL),
};

static const rg__field time_stats[] = {
    F(rg_time_stats, min, RG_FIELD_F64),   F(rg_time_stats, median, RG_FIELD_F64),
    F(rg_time_stats, mean, RG_FIELD_F64),  F(rg_time_stats, p10, RG_FIELD_F64),
    F(rg_time_stats, p90, RG_FIELD_F64),   F(rg_time_stats, stddev, RG_FIELD_F64),
    F(rg_time_stats, ci_lo, RG_FIELD_F64), F(rg_time_stats, ci_hi, RG_FIELD_F64),
    F(rg_time_stats, n, RG_FIELD_I64),
};

const rg__field_list rg__top_fields = LIST(top);
const rg__field_list rg__system_fields = LIST(system);
const rg__field_list rg__result_fields = LIST(result);
const rg__field_list rg__time_fields = LIST(time_stats);
