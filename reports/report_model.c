/* report_model.c: loads results files into machines, and derives one row per result. */
#include "report_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "case_params.h"
#include "report_internal.h"
#include "ridge.h"
#include "table.h"

double rg__report_time(const rg_report_row *row) {
    const rg_result *res = row->result;
    return res->status == RG_CASE_OK && res->time.median > 0 ? res->time.median : NAN;
}

/* The name a file's machine goes by: its label, else its hostname, else the file name. */
static void file_label(const rg_results *r, const char *path, char *buf, size_t len) {
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    snprintf(buf, len, "%s",
             r->system.label[0]      ? r->system.label
             : r->system.hostname[0] ? r->system.hostname
                                     : base);
}

static rg_report_machine *find_machine(rg_report *rep, const char *label) {
    for (size_t i = 0; i < rep->nmachines; i++)
        if (strcmp(rep->machines[i].label, label) == 0) return &rep->machines[i];
    return NULL;
}

/* Moves every result of src into m (a case an earlier file gave is replaced), and copies the
 * ceilings and sweeps. src keeps its samples only where moving failed. */
static int merge(rg_report_machine *m, rg_results *src) {
    int had_ceilings = m->res.nceilings > 0;
    size_t earlier = m->res.count; /* a file's own repeats are all kept */
    for (size_t i = 0; i < src->count; i++) {
        rg_result *res = &src->results[i];
        rg_result *old = NULL;
        for (size_t j = 0; j < earlier && !old; j++)
            if (rg_results_same_case(&m->res.results[j], res,
                                     RG_SAME_IMPL | RG_SAME_DEVICE | RG_SAME_THREADS))
                old = &m->res.results[j];
        if (old) {
            free(old->samples);
            free(old->round_medians);
            *old = *res;
            m->replaced++;
        } else if (rg_results_push(&m->res, res) != RG_OK) {
            return RG_ENOMEM;
        }
        res->samples = res->round_medians = NULL;
        res->nsamples = res->nround_medians = 0;
    }
    for (int64_t i = 0; i < src->nceilings; i++)
        if (rg_results_add_ceiling(&m->res, &src->ceilings[i]) != RG_OK) return RG_ENOMEM;
    for (int64_t i = 0; i < src->nsweeps; i++)
        if (rg_results_add_sweep(&m->res, &src->sweeps[i]) != RG_OK) return RG_ENOMEM;
    /* Keep every distinct note of the files with ceilings; a file without says why only while
     * no file of the machine has any (a ceilings file merged with a --no-ceilings run). */
    char *note = m->res.ceilings_note;
    int has = src->nceilings > 0;
    if (has && !had_ceilings) note[0] = '\0';
    if (src->ceilings_note[0] && (has || !had_ceilings) && !strstr(note, src->ceilings_note)) {
        size_t used = strlen(note);
        snprintf(note + used, sizeof m->res.ceilings_note - used, "%s%s", used ? "; " : "",
                 src->ceilings_note);
    }
    if (!isfinite(m->res.system.price_usd_per_hour))
        m->res.system.price_usd_per_hour = src->system.price_usd_per_hour;
    return RG_OK;
}

/* The machine a file belongs to: one of the same label and CPU, else a new one whose label
 * is made unique. */
static int machine_for(rg_report *rep, const rg_results *r, const char *path,
                       rg_report_machine **out) {
    char base[64], label[64];
    file_label(r, path, base, sizeof base);
    snprintf(label, sizeof label, "%s", base);
    for (int n = 2;; n++) {
        rg_report_machine *m = find_machine(rep, label);
        if (!m) break;
        if (strcmp(m->res.system.cpu_model, r->system.cpu_model) == 0) {
            *out = m;
            return RG_OK;
        }
        snprintf(label, sizeof label, "%.50s (%d)", base, n);
    }
    rg_report_machine *grown = realloc(rep->machines, (rep->nmachines + 1) * sizeof *grown);
    if (!grown) return RG_ENOMEM;
    rep->machines = grown;
    rg_report_machine *m = &grown[rep->nmachines++];
    memset(m, 0, sizeof *m);
    rg_results_init(&m->res);
    snprintf(m->label, sizeof m->label, "%s", label);
    m->res.system = r->system;
    m->res.system.price_usd_per_hour = NAN;
    snprintf(m->res.suite, sizeof m->res.suite, "%s", r->suite);
    snprintf(m->res.command, sizeof m->res.command, "%s", r->command);
    m->res.min_time_s = r->min_time_s;
    m->res.target_ci = r->target_ci;
    *out = m;
    return RG_OK;
}

static int add_path(rg_report_machine *m, const char *path, int has_ceilings) {
    int *flags = realloc(m->path_has_ceilings, (m->npaths + 1) * sizeof *flags);
    if (!flags) return RG_ENOMEM;
    m->path_has_ceilings = flags;
    char **grown = realloc(m->paths, (m->npaths + 1) * sizeof *grown);
    if (!grown) return RG_ENOMEM;
    m->paths = grown;
    if (!(grown[m->npaths] = strdup(path))) return RG_ENOMEM;
    flags[m->npaths++] = has_ceilings;
    return RG_OK;
}

static int load_file(rg_report *rep, const char *path, char *err, size_t errlen) {
    rg_results r;
    int rc = rg_results_read_json(path, &r, err, errlen);
    if (rc != RG_OK) return rc;
    rg_report_machine *m = NULL;
    rc = machine_for(rep, &r, path, &m);
    if (rc == RG_OK) rc = add_path(m, path, r.nceilings > 0);
    if (rc == RG_OK) rc = merge(m, &r);
    if (rc == RG_OK) m->res.interrupted |= r.interrupted;
    rg_results_free(&r);
    return rc;
}

static int add_device(rg_report_machine *m, const char *device) {
    for (size_t i = 0; i < m->ndevices; i++)
        if (strcmp(m->devices[i], device) == 0) return RG_OK;
    const char **grown = realloc(m->devices, (m->ndevices + 1) * sizeof *grown);
    if (!grown) return RG_ENOMEM;
    m->devices = grown;
    m->devices[m->ndevices++] = device;
    /* "cpu" goes first: the host before its accelerators. */
    for (size_t i = m->ndevices - 1; i > 0 && strcmp(device, "cpu") == 0; i--) {
        grown[i] = grown[i - 1];
        grown[i - 1] = device;
    }
    return RG_OK;
}

static int list_devices(rg_report_machine *m) {
    int rc = RG_OK;
    for (size_t i = 0; i < m->res.count && rc == RG_OK; i++)
        rc = add_device(m, m->res.results[i].device);
    for (int64_t i = 0; i < m->res.nceilings && rc == RG_OK; i++)
        if (!rg_roofline_is_transfer(m->res.ceilings[i].name))
            rc = add_device(m, m->res.ceilings[i].device);
    return rc;
}

static int apply_prices(rg_report *rep, const rg_report_price *prices, size_t nprices, char *err,
                        size_t errlen) {
    for (size_t i = 0; i < nprices; i++) {
        rg_report_machine *m = find_machine(rep, prices[i].label);
        if (!m) {
            size_t used = (size_t)snprintf(err, errlen, "--price %s: no machine has that label (",
                                           prices[i].label);
            for (size_t j = 0; j < rep->nmachines && used < errlen; j++)
                used += (size_t)snprintf(err + used, errlen - used, "%s%s", j ? ", " : "",
                                         rep->machines[j].label);
            if (used < errlen) snprintf(err + used, errlen - used, ")");
            return RG_EINVAL;
        }
        m->price_usd_per_hour = prices[i].usd_per_hour;
    }
    return RG_OK;
}

/* The baseline of a case: the same case by the device's baseline implementation. */
static const rg_result *find_baseline(const rg_results *r, const rg_result *res) {
    const char *base = strcmp(res->device, "cpu") == 0   ? RG_REPORT_BASELINE_CPU
                       : strcmp(res->device, "gpu") == 0 ? RG_REPORT_BASELINE_GPU
                                                         : NULL;
    for (size_t i = 0; base && i < r->count; i++) {
        const rg_result *b = &r->results[i];
        if (b->status == RG_CASE_OK && b->gflops > 0 && strcmp(b->impl, base) == 0 &&
            rg_results_same_case(res, b, RG_SAME_DEVICE | RG_SAME_THREADS))
            return b;
    }
    return NULL;
}

static void fill_row(const rg_report *rep, size_t mi, const rg_result *res, rg_report_row *row) {
    const rg_report_machine *m = &rep->machines[mi];
    memset(row, 0, sizeof *row);
    row->machine = mi;
    row->result = res;
    rg_table_case_label_no_device(res, row->label, sizeof row->label);
    rg_roofline_bound(&m->res, res, &row->roof);
    row->ratio = row->gflops_per_watt = row->usd_per_pflop = NAN;
    if (res->status != RG_CASE_OK || !(res->gflops > 0)) return;
    const rg_result *b = find_baseline(&m->res, res);
    if (b) row->ratio = res->gflops / b->gflops;
    if (isfinite(res->energy_j) && res->energy_j > 0)
        row->gflops_per_watt = res->flops / res->energy_j * 1e-9;
    if (isfinite(m->price_usd_per_hour))
        row->usd_per_pflop = m->price_usd_per_hour / 3600.0 * 1e6 / res->gflops;
}

static int build_rows(rg_report *rep) {
    size_t n = 0;
    for (size_t i = 0; i < rep->nmachines; i++)
        n += rep->machines[i].res.count;
    rep->rows = calloc(n ? n : 1, sizeof *rep->rows);
    if (!rep->rows) return RG_ENOMEM;
    for (size_t i = 0; i < rep->nmachines; i++)
        for (size_t j = 0; j < rep->machines[i].res.count; j++)
            fill_row(rep, i, &rep->machines[i].res.results[j], &rep->rows[rep->nrows++]);
    return RG_OK;
}

int rg_report_load(rg_report *rep, const char *const *paths, size_t npaths,
                   const rg_report_price *prices, size_t nprices, char *err, size_t errlen) {
    char dummy[8];
    if (!err || !errlen) err = dummy, errlen = sizeof dummy;
    err[0] = '\0';
    if (!rep) return RG_EINVAL;
    memset(rep, 0, sizeof *rep);
    if (!paths || npaths == 0) {
        snprintf(err, errlen, "no results files given");
        return RG_EINVAL;
    }
    int rc = RG_OK;
    for (size_t i = 0; i < npaths && rc == RG_OK; i++)
        rc = load_file(rep, paths[i], err, errlen);
    for (size_t i = 0; i < rep->nmachines && rc == RG_OK; i++) {
        rg_report_machine *m = &rep->machines[i];
        m->price_usd_per_hour = m->res.system.price_usd_per_hour;
        rc = list_devices(m);
    }
    if (rc == RG_OK) rc = apply_prices(rep, prices, nprices, err, errlen);
    if (rc == RG_OK) rc = build_rows(rep);
    if (rc == RG_OK) rc = rg__report_pairs(rep);
    if (rc == RG_OK) rc = rg__report_matches(rep);
    if (rc == RG_OK) rc = rg__report_steps(rep);
    if (rc == RG_ENOMEM && !err[0]) snprintf(err, errlen, "out of memory building the report");
    if (rc != RG_OK) rg_report_free(rep);
    return rc;
}

void rg_report_free(rg_report *rep) {
    if (!rep) return;
    for (size_t i = 0; i < rep->nmachines; i++) {
        rg_report_machine *m = &rep->machines[i];
        for (size_t j = 0; j < m->npaths; j++)
            free(m->paths[j]);
        free(m->paths);
        free(m->path_has_ceilings);
        free(m->devices);
        rg_results_free(&m->res);
    }
    free(rep->machines);
    free(rep->rows);
    free(rep->pairs);
    free(rep->crossovers);
    for (size_t i = 0; i < rep->nmatches; i++)
        free(rep->matches[i].rows);
    free(rep->matches);
    free(rep->steps);
    memset(rep, 0, sizeof *rep);
}

size_t rg_report_roofs(const rg_report *rep, size_t machine, const char *device, rg_roofs *out) {
    if (!rep || machine >= rep->nmachines || !device || !out) {
        if (out) memset(out, 0, sizeof *out);
        return 0;
    }
    return rg_roofs_get(&rep->machines[machine].res, device, 0, out);
}

void rg_report_energy_note(const rg_report *rep, size_t machine, char *buf, size_t len) {
    if (!buf || !len) return;
    if (!rep || machine >= rep->nmachines) {
        snprintf(buf, len, "not measured");
        return;
    }
    const rg_sysinfo *s = &rep->machines[machine].res.system;
    if (s->energy_source[0])
        snprintf(buf, len, "%s%s%s", s->energy_source, s->energy_note[0] ? ": " : "",
                 s->energy_note);
    else if (strncmp(s->energy_note, "not measured", 12) == 0)
        snprintf(buf, len, "%s", s->energy_note);
    else
        snprintf(buf, len, "not measured%s%s", s->energy_note[0] ? ": " : "", s->energy_note);
}
