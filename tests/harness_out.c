/* harness_out.c: `ridge run --out`: a results file that cannot be written is refused before
 * anything is measured (exit 2, one line); a write that fails after measuring (a full disk) is
 * one line and exit 1; a file that is not regular (/dev/null) is written in place. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_capture.h"

/* Sampling times that would make a measured run last seconds: a refusal must come first. */
#define SLOW "--min-time", "5", "--max-time", "5"

/* A fresh folder for one test, readable by everyone (the read-only test runs as nobody). */
static void make_dir(char *dir) {
    strcpy(dir, "/tmp/ridge_out_XXXXXX");
    cr_assert(mkdtemp(dir), "mkdtemp failed");
    cr_assert_eq(chmod(dir, 0755), 0);
}

/* How many entries a folder holds besides . and .. */
static int entries(const char *dir) {
    DIR *d = opendir(dir);
    cr_assert(d, "cannot open %s", dir);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

/* Exit 2, one line naming the path, and no table: nothing was measured. */
static void expect_refused(const char *path, const char *reason) {
    cli_out o = RUN("run", "--shape", "64,64,64", "--no-ceilings", SLOW, "--out", path);
    expect_usage_error(o, path);
    cr_expect(strstr(o.err, "--out") && strstr(o.err, reason), "'%s' not said in: %s", reason,
              o.err);
    cr_expect_eq(o.out[0], '\0', "something was measured: %s", o.out);
}

Test(out, missing_folder_refused_up_front, .timeout = 60) {
    expect_refused("/nonexistent/dir/results.json", "No such file or directory");
}

Test(out, folder_as_file_refused_up_front, .timeout = 60) {
    char dir[32];
    make_dir(dir);
    expect_refused(dir, "Is a directory");
    char slash[40];
    snprintf(slash, sizeof slash, "%s/", dir);
    expect_refused(slash, "Is a directory");
    cr_expect_eq(entries(dir), 0, "the check left a file in %s", dir);
    rmdir(dir);
}

Test(out, path_under_a_file_refused_up_front, .timeout = 60) {
    char dir[32], file[64], under[80];
    make_dir(dir);
    snprintf(file, sizeof file, "%s/plain", dir);
    FILE *f = fopen(file, "w");
    cr_assert(f);
    fclose(f);
    snprintf(under, sizeof under, "%s/results.json", file);
    expect_refused(under, "Not a directory");
    cr_expect_eq(entries(dir), 1);
    unlink(file);
    rmdir(dir);
}

/* Root writes anywhere, so as root the check runs as nobody (this test's process only). */
Test(out, read_only_folder_refused_up_front, .timeout = 60) {
    char dir[32], path[64];
    make_dir(dir);
    cr_assert_eq(chmod(dir, 0555), 0);
    snprintf(path, sizeof path, "%s/results.json", dir);
    int was_root = geteuid() == 0;
    if (was_root && seteuid(65534) != 0) {
        rmdir(dir);
        cr_skip_test("running as root and cannot switch to an unprivileged user");
    }
    expect_refused(path, "Permission denied");
    if (was_root) cr_assert_eq(seteuid(0), 0);
    cr_expect_eq(entries(dir), 0);
    rmdir(dir);
}

/* The check creates and removes its probe: after a run only the results file is there. */
Test(out, check_leaves_only_the_results_file, .timeout = 120) {
    char dir[32], path[64];
    make_dir(dir);
    snprintf(path, sizeof path, "%s/results.json", dir);
    cli_out o = RUN("run", "--shape", "32,32,32", "--impl", "ridge", "--no-ceilings", "--min-time",
                    "0.01", "--max-time", "0.02", "--quiet", "--out", path);
    cr_assert_eq(o.code, 0, "exit %d, stderr: %s", o.code, o.err);
    cr_expect_eq(entries(dir), 1, "more than the results file in %s", dir);
    unlink(path);
    rmdir(dir);
}

/* A full disk shows only when writing: the run is lost, said once, exit 1 (docs/cli.md). */
Test(out, full_disk_is_one_line_and_exit_1, .timeout = 120) {
    if (access("/dev/full", W_OK) != 0) cr_skip_test("no /dev/full here");
    cli_out o = RUN("run", "--shape", "32,32,32", "--impl", "ridge", "--no-ceilings", "--min-time",
                    "0.01", "--max-time", "0.02", "--quiet", "--out", "/dev/full");
    cr_expect_eq(o.code, 1, "exit %d, stderr: %s", o.code, o.err);
    const char *want = "ridge run: cannot write results to '/dev/full': No space left on device\n";
    cr_expect(strstr(o.err, want), "'%s' not in: %s", want, o.err);
    int said = 0;
    for (const char *p = o.err; (p = strstr(p, "/dev/full")); p++)
        said++;
    cr_expect_eq(said, 1, "/dev/full said %d times: %s", said, o.err);
}

/* /dev/null is not a regular file: written in place, as before (no temporary file in /dev). */
Test(out, dev_null_written_in_place, .timeout = 120) {
    cli_out o = RUN("run", "--shape", "32,32,32", "--impl", "ridge", "--no-ceilings", "--min-time",
                    "0.01", "--max-time", "0.02", "--quiet", "--out", "/dev/null");
    cr_expect_eq(o.code, 0, "exit %d, stderr: %s", o.code, o.err);
    cr_expect_eq(o.err[0], '\0', "%s", o.err);
}
