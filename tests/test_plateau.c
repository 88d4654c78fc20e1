/* test_plateau.c: memory levels found in bandwidth sweeps: synthetic staircases (clean, noisy,
 * smooth, sloped), levels without a step between them, a VM-like sweep with a noisy L1, a small
 * L2/L3 step and a long fall to memory, Intel- and ARM-like hierarchies, tiny and quick sweeps,
 * more steps than caches, the sixteen real sweeps of two runs on the development VM, when a
 * sweep has settled, and bad input. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "../bench/plateau.h"
#include "plateau_vm_sweeps.h"
#include "ridge.h"

#define KIB 1024LL
#define MIB (1024LL * 1024)
#define NPTS 65 /* 4 KiB .. 256 MiB, 4 points per octave */

/* A machine like the development VM: L1 32 KiB, L2 1 MiB, L3 32 MiB, then DRAM. */
static const double levels[4] = {700, 250, 120, 30};
static const double edges[3] = {32 * KIB, 1 * MIB, 32 * MIB};
static const int64_t vm_caches[3] = {32 * KIB, 1 * MIB, 32 * MIB};
static const char *const four[4] = {"L1", "L2", "L3", "DRAM"};

static int64_t size_at(int i, int per_octave) {
    return (int64_t)llround(4096.0 * exp2((double)i / per_octave));
}

static double staircase(int64_t bytes) {
    for (int k = 0; k < 3; k++)
        if ((double)bytes < edges[k]) return levels[k];
    return levels[3];
}

/* Logistic steps in log-log, each spread over about two octaves around its edge. */
static double smooth(int64_t bytes) {
    double x = log2((double)bytes), y = log(levels[3]);
    for (int k = 0; k < 3; k++)
        y += (log(levels[k]) - log(levels[k + 1])) / (1 + exp((x - log2(edges[k])) / 0.3));
    return exp(y);
}

/* ln-linear from (x0, v0) to (x1, v1) in log2 bytes. */
static double ramp(int64_t bytes, double x0, double v0, double x1, double v1) {
    double t = (log2((double)bytes) - log2(x0)) / (log2(x1) - log2(x0));
    return exp(log(v0) + t * (log(v1) - log(v0)));
}

/* What the development VM shows on 1 thread: L1 at 155 GB/s with a 25% dip at 9-19 KiB (the
 * host's), L2 116, a 1.2x step to L3 97 spread over 1.6 octaves, then a fall to DRAM 19 that
 * takes from 8 to 60 MiB. */
static double vm_real(int64_t bytes) {
    double b = (double)bytes;
    if (b < 40 * KIB) return b >= 9 * KIB && b <= 19 * KIB ? 0.75 * 155 : 155;
    if (b < 400 * KIB) return 116;
    if (b < 1.2 * MIB) return ramp(bytes, 400 * KIB, 116, 1.2 * MIB, 97);
    if (b < 8 * MIB) return 97;
    if (b < 60 * MIB) return ramp(bytes, 8 * MIB, 97, 60 * MIB, 19);
    return 19;
}

/* Deterministic noise in [-amp, amp] (splitmix64). */
static double noise(uint64_t *s, double amp) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return amp * (2.0 * (double)(z >> 11) / 9007199254740992.0 - 1.0);
}

/* n points of f, per_octave of them per octave from 4 KiB, with noise of amp below `noisy`
 * bytes and of amp_rest above. */
static int make_noisy(rg_sweep_point *p, int n, int per_octave, double (*f)(int64_t), uint64_t seed,
                      double amp, int64_t noisy, double amp_rest) {
    uint64_t s = seed;
    for (int i = 0; i < n; i++) {
        p[i].bytes = size_at(i, per_octave);
        p[i].value = f(p[i].bytes) * (1 + noise(&s, p[i].bytes < noisy ? amp : amp_rest));
        p[i].p10 = p[i].p90 = p[i].value;
    }
    return n;
}

static int make(rg_sweep_point *p, int n, double (*f)(int64_t), uint64_t seed, double amp) {
    return make_noisy(p, n, 4, f, seed, amp, 0, amp);
}

static rg__plateau_set detect_with(const rg_sweep_point *p, int n, const int64_t *caches) {
    rg__plateau_opts o = {0};
    if (caches) memcpy(o.cache_bytes, caches, sizeof o.cache_bytes);
    rg__plateau_set s;
    int rc = rg__plateau_detect(p, n, &o, &s);
    cr_assert_eq(rc, RG_OK, "rg__plateau_detect returned %d", rc);
    return s;
}

static rg__plateau_set detect(const rg_sweep_point *p, int n) {
    return detect_with(p, n, vm_caches);
}

/* Level i is named `level`, its median within rel of want, p10 <= value <= p90. */
static void expect_level(const rg__plateau_set *s, int i, const char *level, double want,
                         double rel) {
    cr_assert_lt(i, s->count, "level %d missing (found %d)", i, s->count);
    const rg__plateau *p = &s->plateaus[i];
    cr_expect_str_eq(p->level, level, "level %d is %s, want %s", i, p->level, level);
    cr_expect(fabs(p->value / want - 1) <= rel, "level %d (%s): %.1f, want %.1f +-%.0f%%", i,
              p->level, p->value, want, rel * 100);
    cr_expect(p->p10 <= p->value && p->value <= p->p90, "level %d: %g <= %g <= %g", i, p->p10,
              p->value, p->p90);
    cr_expect(p->size_lo <= p->size_hi && p->last - p->first + 1 >= 2, "level %d: %d..%d", i,
              p->first, p->last);
}

static void expect_names(const rg__plateau_set *s, int n, const char *const *names) {
    cr_assert_eq(s->count, n, "found %d levels, want %d", s->count, n);
    for (int i = 0; i < n; i++)
        cr_expect_str_eq(s->plateaus[i].level, names[i], "level %d is %s, want %s", i,
                         s->plateaus[i].level, names[i]);
}

/* Boundary i within a factor of the true edge. */
static void expect_boundary(const rg__plateau_set *s, int i, double want, double factor) {
    double b = (double)s->boundary[i];
    cr_expect(b >= want / factor && b <= want * factor,
              "boundary %d at %.0f KiB, want %.0f KiB (x/ %.2f)", i, b / KIB, want / KIB, factor);
}

static void expect_four_levels(const rg__plateau_set *s, double rel, double factor) {
    expect_names(s, 4, four);
    for (int i = 0; i < 4; i++)
        expect_level(s, i, four[i], levels[i], rel);
    for (int i = 0; i < 3; i++) {
        expect_boundary(s, i, edges[i], factor);
        cr_expect(!s->stepless[i], "boundary %d is a step in the data", i);
    }
}

Test(plateau, clean_staircase) {
    rg_sweep_point p[NPTS];
    rg__plateau_set s = detect(p, make(p, NPTS, staircase, 0, 0));
    expect_four_levels(&s, 1e-9, 1.1);
    /* The levels are exactly the points of each level. */
    cr_expect_eq(s.plateaus[0].first, 0);
    cr_expect_eq(s.plateaus[0].size_hi, size_at(11, 4));
    cr_expect_eq(s.plateaus[1].size_lo, 32 * KIB);
    cr_expect_eq(s.plateaus[3].size_hi, 256 * MIB);
}

Test(plateau, noise_10_percent) {
    /* Several noise draws: the rule must not depend on a lucky one. */
    for (uint64_t seed = 1; seed <= 20; seed++) {
        rg_sweep_point p[NPTS];
        rg__plateau_set s = detect(p, make(p, NPTS, staircase, seed, 0.10));
        cr_expect_eq(s.count, 4, "seed %llu: %d levels", (unsigned long long)seed, s.count);
        if (s.count == 4) expect_four_levels(&s, 0.08, 1.25);
    }
}

Test(plateau, smooth_transitions) {
    rg_sweep_point p[NPTS];
    rg__plateau_set s = detect(p, make(p, NPTS, smooth, 0, 0));
    expect_four_levels(&s, 0.05, 1.25);
    /* Points inside a step are not part of either level. */
    for (int i = 0; i + 1 < s.count; i++)
        cr_expect_lt(s.plateaus[i].last + 1, s.plateaus[i + 1].first, "step %d has no points", i);
    for (uint64_t seed = 1; seed <= 10; seed++) {
        rg_sweep_point q[NPTS];
        s = detect(q, make(q, NPTS, smooth, seed, 0.05));
        cr_expect_eq(s.count, 4, "seed %llu: %d levels", (unsigned long long)seed, s.count);
        if (s.count == 4) expect_four_levels(&s, 0.05, 1.3);
    }
}

/* The development VM's shape: +-20% noise on a dipping L1, 3% elsewhere. Every draw gives the
 * four levels at their rates; the L2|L3 step is found or, where the noise hides it, the stretch
 * is cut at the L2's capacity. */
Test(plateau, vm_noisy_l1_small_step_long_fall) {
    for (uint64_t seed = 1; seed <= 40; seed++) {
        rg_sweep_point p[NPTS];
        int n = make_noisy(p, NPTS, 4, vm_real, seed, 0.20, 40 * KIB, 0.03);
        rg__plateau_set s = detect(p, n);
        cr_assert_eq(s.count, 4, "seed %llu: %d levels", (unsigned long long)seed, s.count);
        expect_level(&s, 0, "L1", 145, 0.15);
        expect_level(&s, 1, "L2", 116, 0.05);
        expect_level(&s, 2, "L3", 97, 0.05);
        expect_level(&s, 3, "DRAM", 19, 0.05);
        expect_boundary(&s, 1, 800 * KIB, 1.6);
        expect_boundary(&s, 2, 28 * MIB, 1.6);
        cr_expect(!s.stepless[2], "seed %llu: the fall to DRAM is a step",
                  (unsigned long long)seed);
        /* Levels leave out the points of the long fall. */
        cr_expect_leq(s.plateaus[2].size_hi, 10 * MIB, "seed %llu", (unsigned long long)seed);
        cr_expect_geq(s.plateaus[3].size_lo, 48 * MIB, "seed %llu", (unsigned long long)seed);
    }
}

/* A level that falls 6% per octave is still one level, not several. */
static double sloped_l3(int64_t bytes) {
    double v = staircase(bytes);
    if (v == levels[2]) v *= pow((double)bytes / (double)edges[1], -0.09);
    return v;
}

Test(plateau, sloped_level) {
    rg_sweep_point p[NPTS];
    rg__plateau_set s = detect(p, make(p, NPTS, sloped_l3, 0, 0));
    expect_names(&s, 4, four);
    const rg__plateau *l3 = &s.plateaus[2];
    cr_expect(l3->size_hi >= 8 * l3->size_lo, "L3 spans %lld..%lld bytes", (long long)l3->size_lo,
              (long long)l3->size_hi);
    cr_expect(l3->p10 < 0.9 * l3->p90, "the slope shows in the spread: %g..%g", l3->p10, l3->p90);
}

/* Write bandwidth that is the same from L1 and L2: no step, so the stretch is cut at hwloc's
 * L1 capacity, and the boundary says so. */
static double same_l1_l2(int64_t bytes) {
    return (double)bytes < edges[1] ? 250 : staircase(bytes);
}

Test(plateau, cache_without_step) {
    rg_sweep_point p[NPTS];
    rg__plateau_set s = detect(p, make(p, NPTS, same_l1_l2, 4, 0.03));
    expect_names(&s, 4, four);
    expect_level(&s, 0, "L1", 250, 0.03);
    expect_level(&s, 1, "L2", 250, 0.03);
    cr_expect(s.stepless[0] && s.boundary[0] == 32 * KIB, "L1|L2 cut at 32 KiB: %d, %lld",
              s.stepless[0], (long long)s.boundary[0]);
    cr_expect_leq(s.plateaus[0].size_hi, 32 * KIB);
    cr_expect_gt(s.plateaus[1].size_lo, 32 * KIB);
    cr_expect(!s.stepless[1] && !s.stepless[2]);
    /* Without capacities nothing says where L1 ends: one level for both. */
    s = detect_with(p, NPTS, NULL);
    cr_assert_eq(s.count, 3, "found %d levels, want 3", s.count);
    cr_expect_str_eq(s.plateaus[2].level, "L3");
}

/* The first points of a sweep pay the call overhead of short passes: a start more than a step
 * slow is not part of L1. */
Test(plateau, call_overhead_at_the_start) {
    rg_sweep_point p[NPTS];
    int n = make(p, NPTS, staircase, 0, 0);
    for (int i = 0; i < 3; i++)
        p[i].value = 500 + 50 * i;
    rg__plateau_set s = detect(p, n);
    expect_four_levels(&s, 1e-9, 1.1);
    cr_expect_eq(s.plateaus[0].first, 3, "L1 starts after the slow start: %d", s.plateaus[0].first);
}

/* A VM where the last-level cache is no faster than memory: the stretch after L2 is cut at the
 * L3's capacity, and its part beyond is DRAM when it reaches twice the L3. */
static double vm_like(int64_t bytes) {
    return (double)bytes < edges[0] ? 700 : (double)bytes < edges[1] ? 250 : 30;
}

Test(plateau, llc_no_faster_than_memory) {
    rg_sweep_point p[NPTS];
    int n = make(p, NPTS, vm_like, 3, 0.03);
    rg__plateau_set s = detect(p, n);
    expect_names(&s, 4, four);
    expect_level(&s, 1, "L2", 250, 0.03);
    expect_level(&s, 2, "L3", 30, 0.03);
    expect_level(&s, 3, "DRAM", 30, 0.03);
    expect_boundary(&s, 1, edges[1], 1.25);
    cr_expect(s.stepless[2] && s.boundary[2] == 32 * MIB);
    /* A sweep that stops short of twice the L3 cannot call any of it memory. */
    int m = 0;
    while (m < NPTS && size_at(m, 4) <= 48 * MIB)
        m++;
    s = detect(p, m);
    static const char *const three[3] = {"L1", "L2", "L3"};
    expect_names(&s, 3, three);
    cr_expect_eq(s.plateaus[2].last, m - 1);
    /* Nor can one that does not know the L3. */
    int64_t no_l3[3] = {32 * KIB, 1 * MIB, 0};
    s = detect_with(p, n, no_l3);
    static const char *const to_dram[3] = {"L1", "L2", "DRAM"};
    expect_names(&s, 3, to_dram); /* the L2 is then the last cache */
    s = detect_with(p, n, NULL);
    expect_names(&s, 3, three);
}

/* With hwloc's capacities, a stretch that starts beyond a level is not that level. */
Test(plateau, names_follow_capacities) {
    rg_sweep_point p[NPTS];
    int n = make(p, NPTS, staircase, 0, 0), skip = 16; /* start at 64 KiB: no L1 measured */
    rg__plateau_set s = detect(p + skip, n - skip);
    static const char *const from_l2[3] = {"L2", "L3", "DRAM"};
    expect_names(&s, 3, from_l2);
    /* Without capacities the names are only an order. */
    s = detect_with(p + skip, n - skip, NULL);
    static const char *const order[3] = {"L1", "L2", "L3"};
    expect_names(&s, 3, order);
    /* A step is the cache's whose capacity is nearest: a single step at 1 MiB is L2's, and
     * the stretch before it holds L1 and L2. */
    int m = 0;
    for (; m < n && p[m].bytes <= 16 * MIB; m++)
        p[m].value = p[m].bytes < edges[1] ? 250 : 120;
    s = detect(p, m);
    expect_names(&s, 3, order);
    cr_expect(s.stepless[0] && !s.stepless[1], "L1|L2 cut, L2|L3 a step: %d %d", s.stepless[0],
              s.stepless[1]);
    expect_boundary(&s, 1, edges[1], 1.1);
}

/* Intel-like: L1d 48 KiB, L2 2 MiB, a non-inclusive L3 of 30 MiB much slower than L2; the
 * steps come somewhat before each capacity. */
static double intel(int64_t bytes) {
    static const double cap[3] = {0.9 * 48 * KIB, 0.9 * 2 * MIB, 0.9 * 30 * MIB};
    static const double rate[4] = {180, 95, 40, 12};
    for (int k = 0; k < 3; k++)
        if ((double)bytes < cap[k]) return rate[k];
    return rate[3];
}

Test(plateau, intel_like) {
    rg_sweep_point p[70];
    int n = make(p, 70, intel, 5, 0.05);
    int64_t caches[3] = {48 * KIB, 2 * MIB, 30 * MIB};
    rg__plateau_set s = detect_with(p, n, caches);
    expect_names(&s, 4, four);
    expect_level(&s, 0, "L1", 180, 0.05);
    expect_level(&s, 1, "L2", 95, 0.05);
    expect_level(&s, 2, "L3", 40, 0.05);
    expect_level(&s, 3, "DRAM", 12, 0.05);
}

/* ARM-like: L1 64 KiB, L2 1 MiB, no L3; three levels. */
static double arm(int64_t bytes) {
    return (double)bytes < 64 * KIB ? 300 : (double)bytes < 1 * MIB ? 150 : 25;
}

Test(plateau, arm_like_three_levels) {
    rg_sweep_point p[57];
    int n = make(p, 57, arm, 7, 0.05);
    int64_t caches[3] = {64 * KIB, 1 * MIB, 0};
    rg__plateau_set s = detect_with(p, n, caches);
    static const char *const names[3] = {"L1", "L2", "DRAM"};
    expect_names(&s, 3, names);
    expect_level(&s, 0, "L1", 300, 0.05);
    expect_level(&s, 1, "L2", 150, 0.05);
    expect_level(&s, 2, "DRAM", 25, 0.05);
}

/* More steps than caches (a dip inside L1 that does not come back): the steps that best match
 * the capacities are the levels; the one far from any capacity is not. */
static double extra_step(int64_t bytes) {
    return (double)bytes < 10 * KIB ? 1000 : staircase(bytes);
}

Test(plateau, more_steps_than_caches) {
    rg_sweep_point p[NPTS];
    rg__plateau_set s = detect(p, make(p, NPTS, extra_step, 0, 0));
    expect_names(&s, 4, four);
    cr_expect_eq(s.plateaus[0].first, 0, "L1 keeps both of its parts");
    expect_boundary(&s, 0, edges[0], 1.25);
    /* Without capacities every step is a level. */
    s = detect_with(p, NPTS, NULL);
    cr_expect_eq(s.count, 5);
}

/* The quick form's sweep (2 points per octave, to 128 MiB) and a tiny one. */
Test(plateau, quick_and_tiny_sweeps) {
    rg_sweep_point p[31];
    int n = make_noisy(p, 31, 2, staircase, 9, 0.05, 0, 0.05);
    rg__plateau_set s = detect(p, n);
    expect_names(&s, 4, four);
    for (int i = 0; i < 4; i++)
        expect_level(&s, i, four[i], levels[i], 0.06);
    /* Six points, 4 to 23 KiB: one level, L1. */
    n = make_noisy(p, 6, 2, staircase, 0, 0, 0, 0);
    s = detect(p, n);
    static const char *const l1[1] = {"L1"};
    expect_names(&s, 1, l1);
}

Test(plateau, no_clear_plateau) {
    /* The rate halves every two octaves: it never holds still. */
    rg_sweep_point p[NPTS];
    for (int i = 0; i < NPTS; i++)
        p[i] = (rg_sweep_point){size_at(i, 4), 1000 * exp2(-i / 8.0), 0, 0};
    rg__plateau_set s = detect(p, NPTS);
    cr_expect_eq(s.count, 0, "found %d levels in a steady decline", s.count);
}

Test(plateau, too_few_points) {
    rg_sweep_point p[2] = {{4096, 700, 0, 0}, {8192, 690, 0, 0}};
    rg__plateau_set s = detect(p, 1);
    cr_expect_eq(s.count, 0);
    s = detect(NULL, 0);
    cr_expect_eq(s.count, 0);
    /* Two flat points are a level; with no capacities it is not called memory. */
    s = detect_with(p, 2, NULL);
    cr_assert_eq(s.count, 1);
    cr_expect_str_eq(s.plateaus[0].level, "L1");
    cr_expect_eq(s.plateaus[0].value, 695);
}

/* The sixteen sweeps of two full-form runs on the development VM (tests/plateau_vm_sweeps.h):
 * every kernel at 1 and 2 threads has its four levels, at rates within what the VM gives. */
Test(plateau, development_vm_sweeps) {
    for (size_t k = 0; k < sizeof vm_sweeps / sizeof vm_sweeps[0]; k++) {
        const vm_sweep *v = &vm_sweeps[k];
        int64_t t = v->threads, caches[3] = {32 * KIB * t, 1 * MIB * t, 32 * MIB};
        rg__plateau_set s = detect_with(v->pts, v->n, caches);
        cr_assert_eq(s.count, 4, "run %d %s %d threads: %d levels", v->run, v->kernel, v->threads,
                     s.count);
        const rg__plateau *l1 = &s.plateaus[0], *l2 = l1 + 1, *l3 = l1 + 2, *dram = l1 + 3;
        for (int i = 0; i < 4; i++)
            cr_expect_str_eq(s.plateaus[i].level, four[i], "run %d %s %d: level %d is %s", v->run,
                             v->kernel, v->threads, i, s.plateaus[i].level);
        double t1 = (double)t;
        cr_expect(l2->value >= 100 * t1 && l2->value <= 120 * t1, "run %d %s %d: L2 %.1f", v->run,
                  v->kernel, v->threads, l2->value);
        cr_expect(l3->value >= 88 * t1 && l3->value <= 100 * t1 && l3->value * 1.1 < l2->value,
                  "run %d %s %d: L3 %.1f (L2 %.1f)", v->run, v->kernel, v->threads, l3->value,
                  l2->value);
        cr_expect(dram->value >= 15 && dram->value <= 45, "run %d %s %d: DRAM %.1f", v->run,
                  v->kernel, v->threads, dram->value);
        cr_expect(l1->value >= 0.9 * l2->value, "run %d %s %d: L1 %.1f", v->run, v->kernel,
                  v->threads, l1->value);
        if (t == 1 && strcmp(v->kernel, "write"))
            cr_expect(l1->value >= 1.3 * l2->value, "run %d %s 1: L1 %.1f", v->run, v->kernel,
                      l1->value);
        cr_expect(l1->size_hi <= 40 * KIB * t && l2->size_lo >= 32 * KIB * t &&
                      l2->size_hi <= 3 * MIB / 2 * t && l3->size_lo >= 800 * KIB * t &&
                      l3->size_hi <= 20 * MIB && dram->size_lo >= 32 * MIB,
                  "run %d %s %d: spans", v->run, v->kernel, v->threads);
        expect_boundary(&s, 2, 32 * MIB, 2);
        cr_expect(!s.stepless[2]);
    }
}

static int settled_prefix(const rg_sweep_point *p, int n, int64_t upto) {
    while (n > 0 && p[n - 1].bytes > upto)
        n--;
    return rg__plateau_settled(p, n);
}

/* A sweep goes on until its last level has been seen flat for an octave. */
Test(plateau, settled) {
    const vm_sweep *v = &vm_sweeps[0]; /* run 1, read, 1 thread: to 128 MiB */
    cr_expect(!settled_prefix(v->pts, v->n, 32 * MIB), "in the middle of the fall to DRAM");
    cr_expect(!settled_prefix(v->pts, v->n, 128 * MIB), "DRAM seen over 0.75 octave only");
    rg_sweep_point p[RG_PLATEAU_MAX_POINTS];
    memcpy(p, v->pts, (size_t)v->n * sizeof *p);
    p[v->n] = (rg_sweep_point){160 * MIB, 18.2, 0, 0};
    cr_expect(rg__plateau_settled(p, v->n + 1), "a point more makes an octave");
    p[v->n].value = 14.0;
    cr_expect(!rg__plateau_settled(p, v->n + 1), "a fall at the end is not settled");
    cr_expect(settled_prefix(v->pts, v->n, 8 * MIB), "the L3 alone is flat");
    cr_expect(!rg__plateau_settled(p, 0));
    cr_expect(!rg__plateau_settled(NULL, 3));
    /* A steady decline never settles. */
    for (int i = 0; i < NPTS; i++)
        p[i] = (rg_sweep_point){size_at(i, 4), 1000 * exp2(-i / 8.0), 0, 0};
    cr_expect(!rg__plateau_settled(p, NPTS));
}

Test(plateau, bad_points) {
    rg__plateau_set s;
    rg_sweep_point p[3] = {{4096, 700, 0, 0}, {4096, 690, 0, 0}, {16384, 705, 0, 0}};
    cr_expect_eq(rg__plateau_detect(p, 3, NULL, &s), RG_EINVAL, "bytes not increasing");
    p[1].bytes = 8192;
    p[2].value = 0;
    cr_expect_eq(rg__plateau_detect(p, 3, NULL, &s), RG_EINVAL, "zero rate");
    p[2].value = NAN;
    cr_expect_eq(rg__plateau_detect(p, 3, NULL, &s), RG_EINVAL, "NaN rate");
    p[2].value = 705;
    cr_expect_eq(rg__plateau_detect(p, 3, NULL, &s), RG_OK);
    cr_expect_eq(rg__plateau_detect(p, RG_PLATEAU_MAX_POINTS + 1, NULL, &s), RG_EINVAL);
    cr_expect_eq(rg__plateau_detect(NULL, 3, NULL, &s), RG_EINVAL);
    cr_expect_eq(rg__plateau_detect(p, 3, NULL, NULL), RG_EINVAL);
}
