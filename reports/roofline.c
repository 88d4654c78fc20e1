/* roofline.c: roofs from measured ceilings, and the bound of a case under them. */
#include "roofline.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *dtype, *precision;
} precisions[] = {
    {"f32", "fp32"}, {"bf16", "bf16"}, {"f16", "fp16"}, {"i8", "int8"}, {"f64", "fp64"}};

const char *rg_roofline_precision(const char *dtype) {
    for (size_t i = 0; i < sizeof precisions / sizeof precisions[0]; i++)
        if (dtype && strcmp(dtype, precisions[i].dtype) == 0) return precisions[i].precision;
    return NULL;
}

const char *rg_roofline_rate_unit(const char *precision) {
    return precision && strcmp(precision, "int8") == 0 ? "GOP/s" : "GFLOP/s";
}

int rg_roofline_is_transfer(const char *level) {
    return strcmp(level, "H2D") == 0 || strcmp(level, "D2H") == 0;
}

int rg_roofline_threads_apply(const char *device) {
    return strcmp(device, "cpu") == 0;
}

const char *rg_bound_kind_name(rg_bound_kind k) {
    return k == RG_BOUND_COMPUTE ? "compute" : k == RG_BOUND_MEMORY ? "memory" : "-";
}

static int is_kind(const rg_ceiling *c, const char *device, const char *kind, const char *name) {
    return strcmp(c->device, device) == 0 && strcmp(c->kind, kind) == 0 &&
           (!name || strcmp(c->name, name) == 0) && isfinite(c->value) && c->value > 0;
}

/* The value of one method's ceilings at threads (the thread rule, docs/method.md):
 * the ceiling measured at exactly that count; else the one at the largest count below,
 * scaled by threads / count (from one thread: value times threads); else the smallest
 * count's per-thread share; never above the value at the largest count. Threads do not
 * apply off the CPU (and threads <= 0 asks for the largest count): the largest count's
 * value. Returns NaN when the method has no ceiling. */
static double method_value(const rg_results *r, const char *device, const char *kind,
                           const char *name, const char *method, int threads, int *scaled) {
    const rg_ceiling *exact = NULL, *below = NULL, *least = NULL, *most = NULL;
    for (int64_t i = 0; i < r->nceilings; i++) {
        const rg_ceiling *c = &r->ceilings[i];
        if (!is_kind(c, device, kind, name) || strcmp(c->method, method) != 0) continue;
        if (c->threads == threads && (!exact || c->value > exact->value)) exact = c;
        if (c->threads < threads && c->threads > 0 && (!below || c->threads > below->threads))
            below = c;
        if (c->threads > 0 && (!least || c->threads < least->threads)) least = c;
        if (!most || c->threads > most->threads ||
            (c->threads == most->threads && c->value > most->value))
            most = c;
    }
    *scaled = 0;
    if (!most) return NAN;
    if (threads <= 0 || !rg_roofline_threads_apply(device)) return most->value;
    if (exact) return exact->value;
    const rg_ceiling *from = below ? below : least;
    if (!from) return most->value;
    *scaled = 1;
    return fmin(from->value * threads / from->threads, most->value);
}

/* The roof of (device, kind, name) at threads: the highest value over methods. */
static int roof_at(const rg_results *r, const char *device, const char *kind, const char *name,
                   int threads, rg_roof *out) {
    memset(out, 0, sizeof *out);
    out->value = NAN;
    for (int64_t i = 0; i < r->nceilings; i++) {
        const rg_ceiling *c = &r->ceilings[i];
        if (!is_kind(c, device, kind, name)) continue;
        int scaled;
        double v = method_value(r, device, kind, name, c->method, threads, &scaled);
        if (isnan(out->value) || v > out->value) {
            snprintf(out->name, sizeof out->name, "%s", name);
            snprintf(out->method, sizeof out->method, "%s", c->method);
            out->threads = threads;
            out->scaled = scaled;
            out->value = v;
        }
        /* A level's plateau spans what any of its probes saw. */
        if (c->size_hi > out->size_hi) out->size_hi = c->size_hi;
        if (c->size_lo > 0 && (out->size_lo == 0 || c->size_lo < out->size_lo))
            out->size_lo = c->size_lo;
    }
    return !isnan(out->value);
}

double rg_roofline_bandwidth(const rg_results *r, const char *device, const char *name,
                             int threads) {
    rg_roof roof;
    return roof_at(r, device, "bandwidth", name, threads, &roof) ? roof.value : NAN;
}

static int seen(const rg_roof *roofs, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(roofs[i].name, name) == 0) return 1;
    return 0;
}

int rg_roofline_level_rank(const char *level) {
    static const char *const order[] = {"L1", "L2", "L3", "L4", "DRAM", "HBM"};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (strcmp(level, order[i]) == 0) return (int)i + 1;
    return 0;
}

/* True when level a sits before level b: by name when both are known levels (plateau ends
 * measured by different probes and thread counts need not be ordered), else by where their
 * plateaus end. */
static int level_before(const rg_roof *a, const rg_roof *b) {
    int ra = rg_roofline_level_rank(a->name), rb = rg_roofline_level_rank(b->name);
    return ra && rb ? ra < rb : a->size_hi < b->size_hi;
}

/* Memory levels, the nearest (fastest) first. */
static void sort_levels(rg_roof *l, size_t n) {
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && level_before(&l[j], &l[j - 1]); j--) {
            rg_roof t = l[j];
            l[j] = l[j - 1];
            l[j - 1] = t;
        }
}

size_t rg_roofs_get(const rg_results *r, const char *device, int threads, rg_roofs *out) {
    memset(out, 0, sizeof *out);
    if (threads <= 0 && rg_roofline_threads_apply(device))
        for (int64_t i = 0; i < r->nceilings; i++)
            if (strcmp(r->ceilings[i].device, device) == 0 && r->ceilings[i].threads > threads)
                threads = r->ceilings[i].threads;
    out->threads = threads;
    for (int64_t i = 0; i < r->nceilings; i++) {
        const rg_ceiling *c = &r->ceilings[i];
        if (is_kind(c, device, "flops", NULL) && out->npeaks < RG_ROOFLINE_MAX &&
            !seen(out->peaks, out->npeaks, c->name))
            out->npeaks += roof_at(r, device, "flops", c->name, threads, &out->peaks[out->npeaks]);
        if (is_kind(c, device, "bandwidth", NULL) && !rg_roofline_is_transfer(c->name) &&
            out->nlevels < RG_ROOFLINE_MAX && !seen(out->levels, out->nlevels, c->name))
            out->nlevels +=
                roof_at(r, device, "bandwidth", c->name, threads, &out->levels[out->nlevels]);
    }
    sort_levels(out->levels, out->nlevels);
    return out->npeaks + out->nlevels;
}

/* Says why a case has no bound, with the file's ceilings note when it has one. */
static void no_bound(const rg_results *r, rg_bound *out, const char *why) {
    out->kind = RG_BOUND_NONE;
    out->bound = out->pct = NAN;
    if (r->ceilings_note[0])
        snprintf(out->note, sizeof out->note, "%.80s (%.100s)", why, r->ceilings_note);
    else
        snprintf(out->note, sizeof out->note, "%s", why);
}

void rg_roofline_bound(const rg_results *r, const rg_result *res, rg_bound *out) {
    memset(out, 0, sizeof *out);
    char why[96];
    const char *prec = rg_roofline_precision(res->dtype);
    double intensity = res->bytes > 0 ? res->flops / res->bytes : NAN;
    if (r->nceilings == 0) return no_bound(r, out, "no ceilings in the results");
    if (!prec) {
        snprintf(why, sizeof why, "no precision known for dtype %s", res->dtype);
        return no_bound(r, out, why);
    }
    if (!(intensity > 0)) return no_bound(r, out, "no flops and bytes counted");
    if (!roof_at(r, res->device, "flops", prec, res->threads, &out->peak)) {
        snprintf(why, sizeof why, "no %s %s compute ceiling", res->device, prec);
        return no_bound(r, out, why);
    }
    rg_roofs all;
    rg_roofs_get(r, res->device, res->threads, &all);
    if (all.nlevels == 0) {
        snprintf(why, sizeof why, "no %s memory bandwidth ceiling", res->device);
        return no_bound(r, out, why);
    }
    /* Cold: the data comes from the slowest level. Warm: from the smallest level it fits. */
    size_t lv = all.nlevels - 1;
    if (strcmp(res->cache, "cold") != 0)
        for (size_t i = 0; i < all.nlevels; i++)
            if ((double)all.levels[i].size_hi >= res->bytes) {
                lv = i;
                break;
            }
    out->level = all.levels[lv];
    double mem = intensity * out->level.value;
    out->kind = mem < out->peak.value ? RG_BOUND_MEMORY : RG_BOUND_COMPUTE;
    out->bound = fmin(mem, out->peak.value);
    out->pct = NAN;
    if (res->status == RG_CASE_OK && res->gflops > 0) {
        out->pct = 100.0 * res->gflops / out->bound;
        out->over = out->pct > 100.0;
    }
}
