/* cli_compare.c: `ridge compare`: the regression gate between a BASE and a NEW results file
 * (docs/compare.md). */
#include "cli_common.h"
#include "compare.h"
#include "file_write.h"
#include "harness.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_compare[] =
    "usage: ridge compare BASE.json NEW.json [options]\n"
    "      --threshold PCT     slowdown that fails the gate, in percent (default 5, with\n"
    "                          --paired 4; per-op thresholds in --config override it)\n"
    "      --alpha A           the gate's false-alarm rate over all its cases (default 0.05):\n"
    "                          each case's interval is at 1 - A/cases (Bonferroni)\n"
    "      --config FILE       thresholds: {\"schema\": \"ridge-compare-config/1\",\n"
    "                          \"default_threshold_pct\": 5, \"ops\": {\"gemm\": 3},\n"
    "                          \"alpha\": 0.05}\n"
    "      --format FMT        text, md, json or junit (default text)\n"
    "  -o, --out FILE          write there (default: stdout)\n"
    "      --paired            sample i of BASE and NEW were measured back to back (ridge ab)\n"
    "  -h, --help              this text\n"
    "Exit codes: 0 no regression, 1 a regression or a case failing verification in NEW,\n"
    "2 bad input. See docs/compare.md.\n";

enum { OPT_THRESHOLD = 256, OPT_CONFIG, OPT_FORMAT, OPT_PAIRED, OPT_ALPHA };
enum { FMT_TEXT, FMT_MD, FMT_JSON, FMT_JUNIT };
static const char *const format_names[] = {"text", "md", "json", "junit"};

typedef struct {
    const rg_compare *cmp;
    int format, color;
} write_ctx;

static int write_to(FILE *f, void *ctx) {
    const write_ctx *w = ctx;
    int rc = w->format == FMT_MD      ? rg_compare_write_md(f, w->cmp)
             : w->format == FMT_JSON  ? rg_compare_write_json(f, w->cmp)
             : w->format == FMT_JUNIT ? rg_compare_write_junit(f, w->cmp)
                                      : rg_compare_write_text(f, w->cmp, w->color);
    return rc == RG_OK ? 0 : rc == RG_ENOMEM ? ENOMEM : EIO;
}

static int parse_threshold(const char *v, double *out) {
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (errno || end == v || *end || !(x > 0 && x < 100))
        return rg__usage_error("compare",
                               "--threshold: expected a percentage in (0, 100), got '%s'", v);
    *out = x;
    return 0;
}

static int parse_alpha(const char *v, double *out) {
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (errno || end == v || *end || !(x > 0 && x < 0.5))
        return rg__usage_error("compare", "--alpha: expected a number in (0, 0.5), got '%s'", v);
    *out = x;
    return 0;
}

static int compare_main(int argc, char **argv, const char *command) {
    static const struct option longs[] = {{"threshold", required_argument, 0, OPT_THRESHOLD},
                                          {"config", required_argument, 0, OPT_CONFIG},
                                          {"format", required_argument, 0, OPT_FORMAT},
                                          {"out", required_argument, 0, 'o'},
                                          {"paired", no_argument, 0, OPT_PAIRED},
                                          {"alpha", required_argument, 0, OPT_ALPHA},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    const char *out = NULL, *config = NULL;
    int format = FMT_TEXT, paired = 0, c;
    double threshold = 0, alpha = 0;
    rg__reset_getopt();
    while ((c = getopt_long(argc, argv, ":o:h", longs, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage_compare, stdout);
            return 0;
        } else if (c == 'o') {
            out = optarg;
        } else if (c == OPT_THRESHOLD) {
            if (parse_threshold(optarg, &threshold)) return 2;
        } else if (c == OPT_ALPHA) {
            if (parse_alpha(optarg, &alpha)) return 2;
        } else if (c == OPT_CONFIG) {
            config = optarg;
        } else if (c == OPT_PAIRED) {
            paired = 1;
        } else if (c == OPT_FORMAT) {
            format = -1;
            for (int i = 0; i < 4; i++)
                if (!strcmp(optarg, format_names[i])) format = i;
            if (format < 0)
                return rg__usage_error(
                    "compare", "--format: unknown format '%s' (valid: text, md, json, junit)",
                    optarg);
        } else {
            return rg__bad_option("compare", argc, argv, c);
        }
    }
    if (argc - optind != 2)
        return rg__usage_error("compare",
                               "expected BASE.json and NEW.json, got %d file%s "
                               "(see 'ridge compare --help')",
                               argc - optind, argc - optind == 1 ? "" : "s");
    if (!command) return 0;
    char err[512] = "";
    rg_compare_config cfg;
    rg_compare_config_init(&cfg);
    if (config && rg_compare_config_read(config, &cfg, err, sizeof err))
        return rg__usage_error("compare", "%s", err);
    if (threshold > 0) cfg.default_pct = threshold;
    if (alpha > 0) cfg.alpha = alpha;
    rg_compare cmp;
    if (rg_compare_load(&cmp, argv[optind], argv[optind + 1], &cfg, paired, err, sizeof err))
        return rg__usage_error("compare", "%s", err);
    int to_file = out && strcmp(out, "-");
    write_ctx w = {&cmp, format, !to_file && isatty(STDOUT_FILENO) && !getenv("NO_COLOR")};
    int e = to_file ? rg__file_write(out, write_to, &w) : write_to(stdout, &w);
    int rc = cmp.nfails ? 1 : 0;
    rg_compare_free(&cmp);
    if (e)
        return rg__usage_error("compare", "cannot write to '%s': %s", to_file ? out : "stdout",
                               strerror(e));
    return rc;
}

const rg__cli_command rg__cli_compare = {
    "compare", "the regression gate: judge NEW results against BASE (exit 1 on a regression)",
    usage_compare, compare_main};
