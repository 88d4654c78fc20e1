/* compare_fixture.h: synthetic sample sets and results files for the regression gate's
 * tests. */
#ifndef RG_COMPARE_FIXTURE_H
#define RG_COMPARE_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results.h"
#include "results_fixture.h"

/* A uniform number in [-1, 1) from a seeded LCG (tests need no better). */
static inline double fx_noise(uint64_t *s) {
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(*s >> 11) * 0x1p-52 - 1.0;
}

/* n samples around t: relative uniform noise of +-rel; every k-th (k > 0) is an outlier times
 * tail; drift (>= 0) makes the machine slow down linearly by that fraction over the run. */
static inline void fx_samples(double *x, int n, double t, double rel, int k, double tail,
                              double drift, uint64_t seed) {
    uint64_t s = seed;
    for (int i = 0; i < n; i++) {
        x[i] = t * (1.0 + rel * fx_noise(&s)) * (1.0 + drift * i / (n > 1 ? n - 1 : 1));
        if (k > 0 && i % k == k - 1) x[i] *= tail;
    }
}

/* A gemm case of size mnk with n samples around t (noise rel). */
static inline rg_result fx_case(const char *impl, int64_t mnk, double t, double rel, int n,
                                uint64_t seed) {
    rg_result r = fixture_gemm(impl, mnk, 2, 100.0, RG_CASE_OK, n);
    fx_samples(r.samples, n, t, rel, 0, 1, 0, seed);
    r.time.median = t;
    return r;
}

/* A temporary folder with files for one test; removed by fx_dir_remove. */
typedef struct {
    char dir[64];
    char path[8][96];
    int n;
} fx_dir;

static inline void fx_dir_make(fx_dir *d) {
    memset(d, 0, sizeof *d);
    snprintf(d->dir, sizeof d->dir, "/tmp/ridge-compare-XXXXXX");
    cr_assert(mkdtemp(d->dir));
}

/* A file name in the folder (not created). */
static inline const char *fx_dir_path(fx_dir *d, const char *name) {
    cr_assert(d->n < 8);
    char dir[sizeof d->dir]; /* a copy: source and destination are parts of one struct */
    memcpy(dir, d->dir, sizeof dir);
    snprintf(d->path[d->n], sizeof d->path[0], "%s/%s", dir, name);
    return d->path[d->n++];
}

static inline void fx_dir_remove(fx_dir *d) {
    for (int i = 0; i < d->n; i++)
        unlink(d->path[i]);
    rmdir(d->dir);
}

/* Writes r (consumed) as a results file. */
static inline void fx_write(rg_results *r, const char *path) {
    char err[256] = "";
    snprintf(r->schema, sizeof r->schema, "%s", RG_RESULTS_SCHEMA);
    fixture_system(&r->system);
    cr_assert_eq(rg_results_write_json(r, path, err, sizeof err), 0, "%s", err);
    rg_results_free(r);
}

static inline void fx_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs(text, f);
    fclose(f);
}

#endif /* RG_COMPARE_FIXTURE_H */
