/* test_plateau.c: plateau detection and level names on synthetic bandwidth sweeps: a clean
 * staircase, the same with +-10% noise, smooth steps, a VM-like sweep with three levels, a
 * sweep without plateaus, too few points, bad points. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "../bench/plateau.h"
#include "ridge.h"

#define KIB 1024LL
#define MIB (1024LL * 1024)
#define NPTS 65 /* 4 KiB .. 256 MiB, 4 points per octave */

/* A machine like the development VM: L1 32 KiB, L2 1 MiB, L3 32 MiB, then DRAM. */
static const double levels[4] = {700, 250, 120, 30};
static const double edges[3] = {32 * KIB, 1 * MIB, 32 * MIB};

static int64_t size_at(int i) {
    return (int64_t)llround(4096.0 * exp2(i / 4.0));
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

/* Deterministic noise in [-amp, amp] (splitmix64). */
static double noise(uint64_t *s, double amp) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return amp * (2.0 * (double)(z >> 11) / 9007199254740992.0 - 1.0);
}

static int make(rg_sweep_point *p, int n, double (*f)(int64_t), uint64_t seed, double amp) {
    uint64_t s = seed;
    for (int i = 0; i < n; i++) {
        p[i].bytes = size_at(i);
        p[i].value = f(p[i].bytes) * (1 + noise(&s, amp));
        p[i].p10 = p[i].p90 = p[i].value;
    }
    return n;
}

static rg__plateau_set detect(const rg_sweep_point *p, int n, int64_t llc) {
    rg__plateau_opts o = {.cache_bytes = {0, 0, llc}};
    rg__plateau_set s;
    int rc = rg__plateau_detect(p, n, &o, &s);
    cr_assert_eq(rc, RG_OK, "rg__plateau_detect returned %d", rc);
    return s;
}

/* Plateau i is named `level`, its median within rel of want, p10 <= value <= p90. */
static void expect_level(const rg__plateau_set *s, int i, const char *level, double want,
                         double rel) {
    cr_assert_lt(i, s->count, "plateau %d missing (found %d)", i, s->count);
    const rg__plateau *p = &s->plateaus[i];
    cr_expect_str_eq(p->level, level, "plateau %d is %s, want %s", i, p->level, level);
    cr_expect(fabs(p->value / want - 1) <= rel, "plateau %d (%s): %.1f, want %.1f +-%.0f%%", i,
              p->level, p->value, want, rel * 100);
    cr_expect(p->p10 <= p->value && p->value <= p->p90, "plateau %d: %g <= %g <= %g", i, p->p10,
              p->value, p->p90);
    cr_expect(p->size_lo <= p->size_hi && p->last - p->first + 1 >= 3);
}

/* Boundary i within a factor of the true edge. */
static void expect_boundary(const rg__plateau_set *s, int i, double want, double factor) {
    double b = (double)s->boundary[i];
    cr_expect(b >= want / factor && b <= want * factor,
              "boundary %d at %.0f KiB, want %.0f KiB (x/ %.2f)", i, b / KIB, want / KIB, factor);
}

static void expect_four_levels(const rg__plateau_set *s, double rel, double factor) {
    cr_assert_eq(s->count, 4, "found %d plateaus, want 4", s->count);
    static const char *const names[4] = {"L1", "L2", "L3", "DRAM"};
    for (int i = 0; i < 4; i++)
        expect_level(s, i, names[i], levels[i], rel);
    for (int i = 0; i < 3; i++)
        expect_boundary(s, i, edges[i], factor);
}

Test(plateau, clean_staircase) {
    rg_sweep_point p[NPTS];
    rg__plateau_set s = detect(p, make(p, NPTS, staircase, 0, 0), 32 * MIB);
    expect_four_levels(&s, 1e-9, 1.1);
    /* The plateaus are exactly the points of each level. */
    cr_expect_eq(s.plateaus[0].first, 0);
    cr_expect_eq(s.plateaus[0].size_hi, size_at(11));
    cr_expect_eq(s.plateaus[1].size_lo, 32 * KIB);
    cr_expect_eq(s.plateaus[3].size_hi, 256 * MIB);
}

Test(plateau, noise_10_percent) {
    /* Several noise draws: the rule must not depend on a lucky one. */
    for (uint64_t seed = 1; seed <= 20; seed++) {
        rg_sweep_point p[NPTS];
        rg__plateau_set s = detect(p, make(p, NPTS, staircase, seed, 0.10), 32 * MIB);
        cr_expect_eq(s.count, 4, "seed %llu: %d plateaus", (unsigned long long)seed, s.count);
        if (s.count == 4) expect_four_levels(&s, 0.08, 1.25);
    }
}

Test(plateau, smooth_transitions) {
    rg_sweep_point p[NPTS];
    rg__plateau_set s = detect(p, make(p, NPTS, smooth, 0, 0), 32 * MIB);
    expect_four_levels(&s, 0.05, 1.25);
    /* Points inside a step are not part of either level. */
    for (int i = 0; i + 1 < s.count; i++)
        cr_expect_lt(s.plateaus[i].last + 1, s.plateaus[i + 1].first, "step %d has no points", i);
    for (uint64_t seed = 1; seed <= 10; seed++) {
        rg_sweep_point q[NPTS];
        s = detect(q, make(q, NPTS, smooth, seed, 0.05), 32 * MIB);
        cr_expect_eq(s.count, 4, "seed %llu: %d plateaus", (unsigned long long)seed, s.count);
        if (s.count == 4) expect_four_levels(&s, 0.05, 1.3);
    }
}

/* A VM where the last-level cache is no faster than memory: L1, L2, then one level. */
static double vm_like(int64_t bytes) {
    return (double)bytes < edges[0] ? 700 : (double)bytes < edges[1] ? 250 : 30;
}

Test(plateau, vm_three_levels) {
    rg_sweep_point p[NPTS];
    rg__plateau_set s = detect(p, make(p, NPTS, vm_like, 3, 0.03), 32 * MIB);
    cr_assert_eq(s.count, 3, "found %d plateaus, want 3", s.count);
    expect_level(&s, 0, "L1", 700, 0.03);
    expect_level(&s, 1, "L2", 250, 0.03);
    expect_level(&s, 2, "DRAM", 30, 0.03);
    expect_boundary(&s, 1, edges[1], 1.25);
    /* A sweep that stops short of twice the LLC estimate cannot call its last level memory. */
    int n = 0;
    while (n < NPTS && size_at(n) <= 48 * MIB)
        n++;
    s = detect(p, n, 32 * MIB);
    cr_assert_eq(s.count, 3);
    cr_expect_str_eq(s.plateaus[2].level, "L3");
    /* Nor can one that does not know the LLC. */
    s = detect(p, NPTS, 0);
    cr_assert_eq(s.count, 3);
    cr_expect_str_eq(s.plateaus[2].level, "L3");
}

/* With hwloc's capacities, a plateau that starts beyond a level is not that level. */
Test(plateau, names_follow_capacities) {
    rg_sweep_point p[NPTS];
    int n = make(p, NPTS, staircase, 0, 0), skip = 16; /* start at 64 KiB: no L1 plateau */
    rg__plateau_opts o = {.cache_bytes = {32 * KIB, 1 * MIB, 32 * MIB}};
    rg__plateau_set s;
    cr_assert_eq(rg__plateau_detect(p + skip, n - skip, &o, &s), RG_OK);
    cr_assert_eq(s.count, 3, "found %d plateaus, want 3", s.count);
    cr_expect_str_eq(s.plateaus[0].level, "L2");
    cr_expect_str_eq(s.plateaus[1].level, "L3");
    cr_expect_str_eq(s.plateaus[2].level, "DRAM");
    /* Without capacities the names are only an order. */
    s = detect(p + skip, n - skip, 0);
    cr_assert_eq(s.count, 3);
    cr_expect_str_eq(s.plateaus[0].level, "L1");
    cr_expect_str_eq(s.plateaus[2].level, "L3");
    /* A last plateau that starts beyond the LLC is memory, however short the sweep. */
    int m = 0;
    while (m < NPTS && size_at(m) <= 48 * MIB)
        m++;
    make(p, m, vm_like, 0, 0);
    o.cache_bytes[2] = 512 * KIB;
    cr_assert_eq(rg__plateau_detect(p, m, &o, &s), RG_OK);
    cr_assert_eq(s.count, 3, "found %d plateaus, want 3", s.count);
    cr_expect_str_eq(s.plateaus[2].level, "DRAM");
}

/* A level that falls 6% per octave is still one level, not several. */
static double sloped_l3(int64_t bytes) {
    double v = staircase(bytes);
    if (v == levels[2]) v *= pow((double)bytes / (double)edges[1], -0.09);
    return v;
}

Test(plateau, sloped_level) {
    rg_sweep_point p[NPTS];
    rg__plateau_set s = detect(p, make(p, NPTS, sloped_l3, 0, 0), 32 * MIB);
    cr_assert_eq(s.count, 4, "found %d plateaus, want 4", s.count);
    cr_expect_str_eq(s.plateaus[2].level, "L3");
    const rg__plateau *l3 = &s.plateaus[2];
    cr_expect(l3->size_hi >= 8 * l3->size_lo, "L3 spans %lld..%lld bytes", (long long)l3->size_lo,
              (long long)l3->size_hi);
    cr_expect(l3->p10 < 0.9 * l3->p90, "the slope shows in the spread: %g..%g", l3->p10, l3->p90);
}

Test(plateau, no_clear_plateau) {
    /* The rate halves every two octaves: it never holds still. */
    rg_sweep_point p[NPTS];
    for (int i = 0; i < NPTS; i++)
        p[i] = (rg_sweep_point){size_at(i), 1000 * exp2(-i / 8.0), 0, 0};
    rg__plateau_set s = detect(p, NPTS, 32 * MIB);
    cr_expect_eq(s.count, 0, "found %d plateaus in a steady decline", s.count);
}

Test(plateau, too_few_points) {
    rg_sweep_point p[2] = {{4096, 700, 0, 0}, {8192, 690, 0, 0}};
    rg__plateau_set s = detect(p, 2, 32 * MIB);
    cr_expect_eq(s.count, 0);
    s = detect(NULL, 0, 32 * MIB);
    cr_expect_eq(s.count, 0);
    /* Three flat points are one plateau; with llc unknown it is not called memory. */
    rg_sweep_point q[3] = {{4096, 700, 0, 0}, {8192, 690, 0, 0}, {16384, 705, 0, 0}};
    s = detect(q, 3, 0);
    cr_assert_eq(s.count, 1);
    cr_expect_str_eq(s.plateaus[0].level, "L1");
    cr_expect_eq(s.plateaus[0].value, 700);
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
