/* harness_energy.c: the RAPL meter over fake powercap trees; runs record energy or say why not.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "harness.h"
#include "results.h"

#define PACKAGE_RANGE_UJ 262143328850ull /* a real Intel max_energy_range_uj */

/* A powercap class folder in a temporary directory, shaped like /sys/class/powercap. */
typedef struct {
    char root[64];
} fake;

static void fake_put(const fake *f, const char *zone, const char *file, const char *text) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s/%s", f->root, zone, file);
    FILE *fp = fopen(path, "w"); /* truncates in place: an open descriptor sees the new text */
    cr_assert(fp, "cannot write %s: %s", path, strerror(errno));
    fputs(text, fp);
    cr_assert_eq(fclose(fp), 0);
}

static void fake_set(const fake *f, const char *zone, uint64_t uj) {
    char text[32];
    snprintf(text, sizeof text, "%llu\n", (unsigned long long)uj);
    fake_put(f, zone, "energy_uj", text);
}

/* A zone folder with name, max_energy_range_uj and energy_uj. */
static void fake_zone(const fake *f, const char *zone, const char *name, uint64_t range_uj,
                      uint64_t uj) {
    char path[256], text[32];
    snprintf(path, sizeof path, "%s/%s", f->root, zone);
    cr_assert_eq(mkdir(path, 0755), 0, "mkdir %s: %s", path, strerror(errno));
    snprintf(text, sizeof text, "%s\n", name);
    fake_put(f, zone, "name", text);
    snprintf(text, sizeof text, "%llu\n", (unsigned long long)range_uj);
    fake_put(f, zone, "max_energy_range_uj", text);
    fake_set(f, zone, uj);
}

static void fake_make(fake *f) {
    snprintf(f->root, sizeof f->root, "/tmp/ridge-energy-XXXXXX");
    cr_assert(mkdtemp(f->root), "mkdtemp: %s", strerror(errno));
    cr_assert_eq(chmod(f->root, 0755), 0); /* traversable by the unprivileged user below */
}

/* Two packages with what a real tree also holds and must not be added: the control type
 * folder, core and dram subzones, the platform (psys) domain and the MMIO duplicate. */
static void fake_machine(fake *f) {
    fake_make(f);
    char path[256];
    snprintf(path, sizeof path, "%s/intel-rapl", f->root);
    cr_assert_eq(mkdir(path, 0755), 0);
    fake_put(f, "intel-rapl", "enabled", "1\n");
    fake_zone(f, "intel-rapl:1", "package-1", PACKAGE_RANGE_UJ, 2000000);
    fake_zone(f, "intel-rapl:0", "package-0", PACKAGE_RANGE_UJ, 1000000);
    fake_zone(f, "intel-rapl:0:0", "core", PACKAGE_RANGE_UJ, 500000);
    fake_zone(f, "intel-rapl:1:0", "dram", PACKAGE_RANGE_UJ, 500000);
    fake_zone(f, "intel-rapl:2", "psys", PACKAGE_RANGE_UJ, 9000000);
    fake_zone(f, "intel-rapl-mmio:0", "package-0", PACKAGE_RANGE_UJ, 1000000);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void fake_remove(const fake *f) {
    nftw(f->root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Opening must fail with rc and a note containing want, and leave no meter. */
static void expect_unavailable(const char *root, int rc, const char *want) {
    rg__energy_meter *m = (rg__energy_meter *)&m; /* must be reset to NULL */
    char note[192];
    int got = rg__energy_open(root, &m, note, sizeof note);
    cr_expect_eq(got, rc, "rc %d (want %d), note: %s", got, rc, note);
    cr_expect_null(m);
    cr_expect(strstr(note, want), "'%s' not in the note: %s", want, note);
}

Test(energy, sums_package_domains_only) {
    fake f;
    fake_machine(&f);
    rg__energy_meter *m = NULL;
    char note[192];
    int rc = rg__energy_open(f.root, &m, note, sizeof note);
    cr_assert_eq(rc, 0, "rc %d: %s", rc, note);
    const char *p0 = strstr(note, "package-0 (intel-rapl:0)"),
               *p1 = strstr(note, "package-1 (intel-rapl:1)");
    cr_expect(p0 && p1 && p0 < p1, "packages missing or out of order: %s", note);
    cr_expect(!strstr(note, "psys") && !strstr(note, "core (") && !strstr(note, "mmio"),
              "a non-package domain was added: %s", note);
    double j = -1;
    cr_assert_eq(rg__energy_read(m, &j), 0);
    cr_expect_eq(j, 0.0, "%g J before any change", j);
    /* Only the packages' increments count: 1.5 J + 0.25 J. */
    fake_set(&f, "intel-rapl:0", 2500000);
    fake_set(&f, "intel-rapl:1", 2250000);
    fake_set(&f, "intel-rapl:0:0", 99000000);
    fake_set(&f, "intel-rapl:1:0", 99000000);
    fake_set(&f, "intel-rapl:2", 99000000);
    fake_set(&f, "intel-rapl-mmio:0", 99000000);
    cr_assert_eq(rg__energy_read(m, &j), 0);
    cr_expect(fabs(j - 1.75) < 1e-9, "%.9f J (want 1.75)", j);
    cr_assert_eq(rg__energy_read(m, &j), 0);
    cr_expect(fabs(j - 1.75) < 1e-9, "%.9f J after no change (want 1.75)", j);
    rg__energy_close(m);
    fake_remove(&f);
}

Test(energy, wrap_around) {
    fake f;
    fake_make(&f);
    fake_zone(&f, "intel-rapl:0", "package-0", 1000000, 999000);
    rg__energy_meter *m = NULL;
    char note[192];
    cr_assert_eq(rg__energy_open(f.root, &m, note, sizeof note), 0, "%s", note);
    fake_set(&f, "intel-rapl:0", 500); /* 1000 uJ to the top, then 500 from 0 */
    double j = -1;
    cr_assert_eq(rg__energy_read(m, &j), 0);
    cr_expect(fabs(j - 1500e-6) < 1e-12, "%.9f J (want 0.0015)", j);
    fake_set(&f, "intel-rapl:0", 2500);
    cr_assert_eq(rg__energy_read(m, &j), 0);
    cr_expect(fabs(j - 3500e-6) < 1e-12, "%.9f J (want 0.0035)", j);
    rg__energy_close(m);
    fake_remove(&f);
}

Test(energy, missing_powercap) {
    fake f;
    fake_make(&f);
    char root[128];
    snprintf(root, sizeof root, "%s/absent", f.root);
    expect_unavailable(root, RG_EUNSUPPORTED, "does not exist");
    fake_remove(&f);
}

Test(energy, no_package_domain) {
    fake f;
    fake_make(&f);
    fake_zone(&f, "intel-rapl:0:0", "core", PACKAGE_RANGE_UJ, 1);
    fake_zone(&f, "intel-rapl:1", "psys", PACKAGE_RANGE_UJ, 1);
    fake_zone(&f, "intel-rapl-mmio:0", "package-0", PACKAGE_RANGE_UJ, 1);
    expect_unavailable(f.root, RG_EUNSUPPORTED, "no RAPL package domain");
    fake_remove(&f);
}

Test(energy, counter_not_a_file) {
    fake f;
    fake_make(&f);
    fake_zone(&f, "intel-rapl:0", "package-0", PACKAGE_RANGE_UJ, 1);
    char path[256];
    snprintf(path, sizeof path, "%s/intel-rapl:0/energy_uj", f.root);
    cr_assert_eq(remove(path), 0);
    cr_assert_eq(mkdir(path, 0755), 0);
    expect_unavailable(f.root, RG_EIO, "energy_uj: Is a directory");
    fake_remove(&f);
}

/* Since Linux 5.10 energy_uj is 0400 root. Root reads it anyway, so as root the check runs
 * with the effective user switched to nobody (this test's process only). */
Test(energy, counter_needs_root) {
    fake f;
    fake_make(&f);
    fake_zone(&f, "intel-rapl:0", "package-0", PACKAGE_RANGE_UJ, 1);
    char path[256];
    snprintf(path, sizeof path, "%s/intel-rapl:0/energy_uj", f.root);
    cr_assert_eq(chmod(path, 0), 0);
    int was_root = geteuid() == 0;
    if (was_root && seteuid(65534) != 0) {
        fake_remove(&f);
        cr_skip_test("running as root and cannot switch to an unprivileged user");
    }
    expect_unavailable(f.root, RG_EUNSUPPORTED, "needs root");
    if (was_root) cr_assert_eq(seteuid(0), 0);
    fake_remove(&f);
}

Test(energy, bad_values) {
    fake f;
    fake_make(&f);
    fake_zone(&f, "intel-rapl:0", "package-0", PACKAGE_RANGE_UJ, 1);
    fake_put(&f, "intel-rapl:0", "energy_uj", "n/a\n");
    expect_unavailable(f.root, RG_EIO, "energy_uj does not hold a counter value");
    fake_set(&f, "intel-rapl:0", 1);
    fake_put(&f, "intel-rapl:0", "max_energy_range_uj", "0\n"); /* no range: wraps unknowable */
    expect_unavailable(f.root, RG_EIO, "max_energy_range_uj does not hold a counter value");
    char path[256];
    snprintf(path, sizeof path, "%s/intel-rapl:0/max_energy_range_uj", f.root);
    cr_assert_eq(remove(path), 0);
    expect_unavailable(f.root, RG_EIO, "max_energy_range_uj: No such file or directory");
    fake_remove(&f);
}

Test(energy, read_error_keeps_value) {
    fake f;
    fake_make(&f);
    fake_zone(&f, "intel-rapl:0", "package-0", PACKAGE_RANGE_UJ, 10);
    rg__energy_meter *m = NULL;
    char note[192];
    cr_assert_eq(rg__energy_open(f.root, &m, note, sizeof note), 0, "%s", note);
    fake_put(&f, "intel-rapl:0", "energy_uj", "");
    double j = 42;
    cr_expect_eq(rg__energy_read(m, &j), RG_EIO);
    cr_expect_eq(j, 42.0);
    fake_set(&f, "intel-rapl:0", 20); /* a later good read counts from the last good one */
    cr_assert_eq(rg__energy_read(m, &j), 0);
    cr_expect(fabs(j - 10e-6) < 1e-12, "%.9f J (want 1e-5)", j);
    rg__energy_close(m);
    rg__energy_close(NULL);
    fake_remove(&f);
}

/* A NULL root means $RIDGE_POWERCAP_ROOT; the system block and `ridge sysinfo` show it. */
Test(energy, sysinfo_from_environment) {
    fake f;
    fake_machine(&f);
    cr_assert_eq(setenv("RIDGE_POWERCAP_ROOT", f.root, 1), 0);
    rg_sysinfo s;
    memset(&s, 0, sizeof s);
    rg__energy_meter *m = NULL;
    rg__sysinfo_energy(&s, &m);
    cr_expect_not_null(m);
    cr_expect_str_eq(s.energy_source, "rapl");
    cr_expect(strstr(s.energy_note, "package-1 (intel-rapl:1)"), "note: %s", s.energy_note);
    rg__energy_close(m);
    char text[1024] = "";
    FILE *fp = tmpfile();
    cr_assert(fp);
    rg__sysinfo_print(fp, &s);
    rewind(fp);
    text[fread(text, 1, sizeof text - 1, fp)] = '\0';
    fclose(fp);
    cr_expect(strstr(text, "energy             rapl: sum of RAPL package-0"), "printed: %s", text);
    setenv("RIDGE_POWERCAP_ROOT", "/nonexistent-powercap", 1);
    rg__sysinfo_energy(&s, NULL);
    cr_expect_str_eq(s.energy_source, "");
    cr_expect(strstr(s.energy_note, "/nonexistent-powercap does not exist"), "note: %s",
              s.energy_note);
    fake_remove(&f);
}

/* A whole run through the CLI: energy_j per call where a meter exists (0 here: the fake
 * counters stand still), NaN with the reason in the system block where none does. */
static void run_tiny(const char *powercap, const char *out, rg_results *r) {
    cr_assert_eq(setenv("RIDGE_POWERCAP_ROOT", powercap, 1), 0);
    const char *argv[] = {"ridge", "run",     "--shape",    "64,64,64",      "--impl",
                          "ridge", "--quiet", "--min-time", "0.01",          "--max-time",
                          "0.05",  "--out",   out,          "--no-ceilings", NULL};
    int code = rg__cli_main((int)(sizeof argv / sizeof argv[0]) - 1, (char **)argv);
    cr_assert_eq(code, 0, "ridge run exited %d", code);
    char err[256] = "";
    rg_results_init(r);
    cr_assert_eq(rg_results_read_json(out, r, err, sizeof err), 0, "%s", err);
    cr_assert_eq(r->count, 1);
    cr_assert_eq(r->results[0].status, RG_CASE_OK, "%s", r->results[0].reason);
}

Test(energy, run_records_energy) {
    fake f;
    fake_machine(&f);
    char out[128], missing[128];
    snprintf(out, sizeof out, "%s/r.json", f.root);
    rg_results r;
    run_tiny(f.root, out, &r);
    cr_expect_str_eq(r.system.energy_source, "rapl");
    cr_expect(strstr(r.system.energy_note, "package-0"), "note: %s", r.system.energy_note);
    cr_expect_eq(r.results[0].energy_j, 0.0, "energy_j %g (want 0)", r.results[0].energy_j);
    rg_results_free(&r);
    snprintf(missing, sizeof missing, "%s/absent", f.root);
    run_tiny(missing, out, &r);
    cr_expect_str_eq(r.system.energy_source, "");
    cr_expect(strstr(r.system.energy_note, "does not exist"), "note: %s", r.system.energy_note);
    cr_expect(isnan(r.results[0].energy_j), "energy_j %g (want NaN)", r.results[0].energy_j);
    rg_results_free(&r);
    fake_remove(&f);
}

/* A counter that advances every `period` seconds by the energy since its last step (true power
 * `watts`, from phase `phase`), read every `dt` seconds for `span` seconds. */
static int stepped(double watts, double period, double phase, double dt, double span, double *t,
                   double *e, int cap) {
    int n = 0;
    for (double now = 0; now <= span && n < cap; now += dt, n++) {
        double last_step = floor((now - phase) / period) * period + phase;
        t[n] = now;
        e[n] = 1000.0 + watts * (last_step > 0 ? last_step : 0);
    }
    return n;
}

Test(energy, stepped_counter_power) {
    double t[1200], e[1200], w;
    /* 50 ms steps read every 5 ms over 1 s: each end off by at most one reading. */
    for (int k = 0; k < 10; k++) {
        int n = stepped(300.0, 0.05, 0.0037 * k, 0.005, 1.0, t, e, 1200);
        cr_assert_eq(rg__energy_steps_power(t, e, n, &w), 0);
        cr_assert(fabs(w - 300.0) <= 300.0 * 0.012, "phase %d: %.2f W, not 300 +- 1.2%%", k, w);
    }
    /* Readings slower than the steps still average right over the span. */
    int n = stepped(650.0, 0.02, 0.011, 0.047, 2.0, t, e, 1200);
    cr_assert_eq(rg__energy_steps_power(t, e, n, &w), 0);
    cr_assert(fabs(w - 650.0) <= 650.0 * 0.05, "%.2f W", w);
}

Test(energy, stepped_counter_refuses_too_few_steps) {
    double t[300], e[300], w = -1;
    int n = stepped(300.0, 10.0, 0.5, 0.005, 1.0, t, e, 300); /* one step in the window */
    cr_assert_eq(rg__energy_steps_power(t, e, n, &w), RG_EUNSUPPORTED);
    n = stepped(300.0, 10.0, 5.0, 0.005, 1.0, t, e, 300); /* none */
    cr_assert_eq(rg__energy_steps_power(t, e, n, &w), RG_EUNSUPPORTED);
    n = stepped(300.0, 0.1, 0.0, 0.005, 1.0, t, e, 300);
    for (int i = 0; i < n; i++) /* steps only in the first tenth of the readings */
        if (t[i] > 0.15) e[i] = e[i - 1];
    cr_assert_eq(rg__energy_steps_power(t, e, n, &w), RG_EUNSUPPORTED);
    cr_assert_eq(w, -1);
}
