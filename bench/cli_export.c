/* cli_export.c: `ridge export`: one results file in another tool's format (Google Benchmark's
 * JSON or one CSV table). */
#include "cli_common.h"
#include "export.h"
#include "file_write.h"
#include "harness.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <strings.h>

static const char usage_export[] =
    "usage: ridge export RESULTS.json [options]\n"
    "  -o, --out FILE     write to FILE (default: stdout)\n"
    "      --format FMT   gbench (Google Benchmark JSON) or csv (default: from FILE's\n"
    "                     extension, .csv or .json, else gbench)\n"
    "  -h, --help         this text\n"
    "Field mapping: docs/export.md.\n";

enum { OPT_FORMAT = 256 };

typedef struct {
    int csv;
    const rg_results *r;
    char err[256];
} export_ctx;

static int write_to(FILE *f, void *ctx) {
    export_ctx *x = ctx;
    int rc = x->csv ? rg_export_csv(f, x->r) : rg_export_gbench(f, x->r, x->err, sizeof x->err);
    return rc == RG_OK       ? 0
           : rc == RG_ENOMEM ? ENOMEM
           : rc == RG_EINVAL ? EINVAL
           : errno           ? errno
                             : EIO;
}

/* 1 for csv, 0 for gbench, -1 unknown. */
static int parse_format(const char *name) {
    return !strcmp(name, "csv") ? 1 : !strcmp(name, "gbench") ? 0 : -1;
}

static int format_of_path(const char *path) {
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot || strchr(dot, '/')) return -1;
    return !strcasecmp(dot, ".csv") ? 1 : !strcasecmp(dot, ".json") ? 0 : -1;
}

static int export_main(int argc, char **argv, const char *command) {
    static const struct option longs[] = {{"out", required_argument, 0, 'o'},
                                          {"format", required_argument, 0, OPT_FORMAT},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    const char *out = NULL;
    int csv = -1, c;
    rg__reset_getopt();
    while ((c = getopt_long(argc, argv, ":o:h", longs, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage_export, stdout);
            return 0;
        } else if (c == 'o') {
            out = optarg;
        } else if (c == OPT_FORMAT) {
            if ((csv = parse_format(optarg)) < 0)
                return rg__usage_error(
                    "export", "--format: unknown format '%s' (valid: gbench, csv)", optarg);
        } else {
            return rg__bad_option("export", argc, argv, c);
        }
    }
    if (optind >= argc)
        return rg__usage_error("export", "no results file given (see 'ridge export --help')");
    if (argc - optind > 1)
        return rg__usage_error("export", "one results file at a time (got %d)", argc - optind);
    if (csv < 0) csv = out ? format_of_path(out) : -1;
    if (csv < 0) csv = 0;
    if (!command) return 0;
    rg_results r;
    rg_results_init(&r);
    char err[512] = "";
    int rc = rg_results_read_json(argv[optind], &r, err, sizeof err);
    if (rc != RG_OK) {
        rg_results_free(&r);
        return rg__usage_error("export", "%s", err[0] ? err : rg_status_message(rc));
    }
    export_ctx x = {csv, &r, ""};
    int e = out && strcmp(out, "-") ? rg__file_write(out, write_to, &x) : write_to(stdout, &x);
    rg_results_free(&r);
    if (e)
        return rg__usage_error("export", "cannot write '%s': %s", out ? out : "stdout",
                               x.err[0] ? x.err : strerror(e));
    return 0;
}

const rg__cli_command rg__cli_export = {
    "export", "write a results file as Google Benchmark JSON or CSV", usage_export, export_main};
