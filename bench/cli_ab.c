/* cli_ab.c: `ridge ab OLD NEW`: options, the paired rounds (ab.c), the two results files and a
 * summary of the paired ratios. */
#include "ab.h"
#include "cli_common.h"
#include "file_write.h"
#include "stats.h"
#include "table.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_ROUNDS 20
#define MAX_ROUNDS 1000
#define MAX_SIDE_OPTS 16

static const char usage_ab[] =
    "usage: ridge ab OLD NEW [options]\n"
    "Runs each case on two ridge executables (they may be the same file with different\n"
    "--a-opt/--b-opt) in alternating order, A B then B A, round after round, on the same\n"
    "pinned cores; writes PREFIX-a.json and PREFIX-b.json, whose samples are the rounds'\n"
    "medians (judge them with 'ridge compare PREFIX-a.json PREFIX-b.json --paired').\n"
    "  -s, --suite NAME|FILE   suite name or .json path (default: quick)\n"
    "      --shape M,N,K[,TA,TB]  one GEMM case instead of a suite\n"
    "      --rounds R          rounds per case, 2 to 1000 (default: 20)\n"
    "      --a-opt OPTS        run options for side A only, split at spaces (repeatable),\n"
    "                          e.g. --a-opt=--isa=avx2\n"
    "      --b-opt OPTS        the same for side B, e.g. --b-opt='--slowdown 5'\n"
    "  -o, --out PREFIX        results files PREFIX-a.json, PREFIX-b.json (default: ab)\n"
    "  -v, --verbose           each child's command line on stderr\n"
    "  -q, --quiet             no summary on stdout\n"
    "  -h, --help              this text\n"
    "Given to both sides' `ridge run` (see 'ridge run --help'): -t/--threads, --pin, --cache,\n"
    "--seed, --isa, --op, --impl, --device, --dtype, --target-ci, and --min-time, --max-time\n"
    "(the sampling of one round: default 0.05 and 0.25 s).\n";

enum { OPT_SHAPE = 256, OPT_ROUNDS, OPT_A_OPT, OPT_B_OPT, OPT_PASS };

/* Options handed to both sides unchanged (with their value). */
static const struct option pass[] = {
    {"threads", required_argument, 0, OPT_PASS},  {"pin", required_argument, 0, OPT_PASS},
    {"cache", required_argument, 0, OPT_PASS},    {"seed", required_argument, 0, OPT_PASS},
    {"isa", required_argument, 0, OPT_PASS},      {"op", required_argument, 0, OPT_PASS},
    {"impl", required_argument, 0, OPT_PASS},     {"device", required_argument, 0, OPT_PASS},
    {"dtype", required_argument, 0, OPT_PASS},    {"target-ci", required_argument, 0, OPT_PASS},
    {"min-time", required_argument, 0, OPT_PASS}, {"max-time", required_argument, 0, OPT_PASS},
    {"pages", required_argument, 0, OPT_PASS}};
#define NPASS (int)(sizeof pass / sizeof pass[0])

typedef struct {
    rg__ab_opts ab;
    const char *suite, *prefix, *op, *dtype, *impl;
    int have_shape, have_suite, quiet;
    rg_case shape;
    char *owned[2 * MAX_SIDE_OPTS]; /* copies of --a-opt/--b-opt values, split in place */
    int nowned;
} ab_cli;

/* --a-opt/--b-opt: the value's words go to that side. */
static int add_side_opts(ab_cli *c, int side, const char *v) {
    const char *name = side ? "--b-opt" : "--a-opt";
    char *copy = c->nowned < 2 * MAX_SIDE_OPTS ? strdup(v) : NULL;
    if (!copy) return rg__usage_error("ab", "%s: too many values", name);
    c->owned[c->nowned++] = copy;
    rg__ab_side *s = &c->ab.side[side];
    for (char *save = NULL, *w = strtok_r(copy, " \t", &save); w;
         w = strtok_r(NULL, " \t", &save)) {
        if (s->nargs == RG_AB_MAX_ARGS) return rg__usage_error("ab", "%s: too many options", name);
        s->args[s->nargs++] = w;
    }
    return 0;
}

static int add_pass(ab_cli *c, const char *name, const char *v) {
    if (c->ab.nargs + 2 > RG_AB_MAX_ARGS) return rg__usage_error("ab", "too many run options");
    c->ab.args[c->ab.nargs++] = name;
    c->ab.args[c->ab.nargs++] = v;
    if (!strcmp(name, "--op")) c->op = v;
    if (!strcmp(name, "--dtype")) c->dtype = v;
    if (!strcmp(name, "--impl")) c->impl = v;
    return 0;
}

static int parse(ab_cli *c, int argc, char **argv) {
    struct option longs[NPASS + 11] = {{"suite", required_argument, 0, 's'},
                                       {"shape", required_argument, 0, OPT_SHAPE},
                                       {"rounds", required_argument, 0, OPT_ROUNDS},
                                       {"a-opt", required_argument, 0, OPT_A_OPT},
                                       {"b-opt", required_argument, 0, OPT_B_OPT},
                                       {"out", required_argument, 0, 'o'},
                                       {"verbose", no_argument, 0, 'v'},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"help", no_argument, 0, 'h'}};
    memcpy(&longs[9], pass, sizeof pass);
    c->suite = "quick";
    c->prefix = "ab";
    c->ab.rounds = DEFAULT_ROUNDS;
    int code = 0, ch, idx;
    /* pass[]'s names with their dashes, in its order. */
    static const char *const pass_names[] = {
        "--threads", "--pin",   "--cache",     "--seed",     "--isa",      "--op",   "--impl",
        "--device",  "--dtype", "--target-ci", "--min-time", "--max-time", "--pages"};
    _Static_assert(sizeof pass_names / sizeof pass_names[0] == NPASS,
                   "pass_names must name every option of pass[]");
    rg__reset_getopt();
    while (!code && (ch = getopt_long(argc, argv, ":s:t:o:vqh", longs, &idx)) != -1) {
        switch (ch) {
        case 's':
            c->suite = optarg, c->have_suite = 1;
            break;
        case OPT_SHAPE:
            code = rg__parse_shape("ab", optarg, &c->shape), c->have_shape = 1;
            break;
        case OPT_ROUNDS:
            if ((code = rg__parse_positive_int("ab", "--rounds", optarg, MAX_ROUNDS,
                                               &c->ab.rounds)) == 0 &&
                c->ab.rounds < 2)
                code =
                    rg__usage_error("ab", "--rounds: at least 2 rounds pair up, got '%s'", optarg);
            break;
        case OPT_A_OPT:
        case OPT_B_OPT:
            code = add_side_opts(c, ch == OPT_B_OPT, optarg);
            break;
        case 't':
            code = add_pass(c, "--threads", optarg);
            break;
        case OPT_PASS:
            code = add_pass(c, pass_names[idx - 9], optarg);
            break;
        case 'o':
            if (!optarg[0]) code = rg__usage_error("ab", "--out: empty prefix");
            c->prefix = optarg;
            break;
        case 'v':
            c->ab.verbose = 1;
            break;
        case 'q':
            c->quiet = 1;
            break;
        case 'h':
            fputs(usage_ab, stdout);
            return -1;
        default:
            code = rg__bad_option("ab", argc, argv, ch);
            break;
        }
    }
    if (code) return code;
    if (argc - optind != 2)
        return rg__usage_error("ab",
                               "expected two ridge executables OLD NEW, got %d arguments "
                               "(see 'ridge ab --help')",
                               argc - optind);
    c->ab.side[0].exe = argv[optind];
    c->ab.side[1].exe = argv[optind + 1];
    if (c->have_suite && c->have_shape)
        return rg__usage_error("ab", "--shape and --suite cannot be combined");
    return 0;
}

/* The suite's cases that the filters leave (a side would refuse a case none matches). */
static int load_cases(ab_cli *c, rg_suite *s) {
    char err[512] = "", exe_dir[512] = "";
    if (c->have_shape) {
        s->cases = malloc(sizeof *s->cases);
        if (!s->cases) return rg__usage_error("ab", "out of memory");
        s->cases[0] = c->shape;
        s->count = 1;
        snprintf(s->name, sizeof s->name, "--shape");
        return 0;
    }
    rg__exe_dir(exe_dir, sizeof exe_dir);
    if (rg__suite_load(c->suite, exe_dir, s, err, sizeof err))
        return rg__usage_error("ab", "%s", err);
    size_t kept = 0;
    for (size_t i = 0; i < s->count; i++) {
        const rg_case *k = &s->cases[i];
        int impl_ok = k->nimpls == 0 || !c->impl;
        for (int j = 0; j < k->nimpls && !impl_ok; j++)
            impl_ok = rg__list_has(c->impl, k->impls[j]);
        if (impl_ok && rg__list_has(c->op, k->op) && rg__list_has(c->dtype, k->dtype))
            s->cases[kept++] = *k;
    }
    s->count = kept;
    if (!kept) return rg__usage_error("ab", "no case of suite '%s' matches the filters", s->name);
    return 0;
}

static void print_time(char *buf, size_t len, double s) {
    if (s < 1e-3)
        snprintf(buf, len, "%.1f us", s * 1e6);
    else
        snprintf(buf, len, "%.3f ms", s * 1e3);
}

/* Per case: the sides' medians and the paired ratios B/A (median, the median's 95% CI from
 * order statistics, min..max). Judging is `ridge compare --paired`'s. */
static void summary(const rg_results out[2], int rounds) {
    printf("%-28s %-9s %11s %11s %7s %17s %17s\n", "case", "impl", "A median", "B median", "B/A",
           "ci95", "min..max");
    double logsum = 0;
    int n = 0;
    double *ratios = malloc((size_t)rounds * sizeof *ratios);
    for (size_t i = 0; ratios && i < out[0].count && i < out[1].count; i++) {
        const rg_result *a = &out[0].results[i], *b = &out[1].results[i];
        char label[160], ta[24], tb[24], ci[40], mm[40];
        rg_table_case_label(a, label, sizeof label);
        if (a->status != RG_CASE_OK || b->status != RG_CASE_OK) {
            printf("%-28s %-9s %s\n", label, a->impl, rg_case_status_name(a->status));
            continue;
        }
        double lo = INFINITY, hi = -INFINITY;
        for (int r = 0; r < rounds; r++) {
            ratios[r] = b->samples[r] / a->samples[r];
            lo = fmin(lo, ratios[r]);
            hi = fmax(hi, ratios[r]);
        }
        rg_time_stats st;
        if (rg__stats_compute(ratios, rounds, &st)) continue;
        print_time(ta, sizeof ta, a->time.median);
        print_time(tb, sizeof tb, b->time.median);
        snprintf(ci, sizeof ci, "[%.3f, %.3f]", st.ci_lo, st.ci_hi);
        snprintf(mm, sizeof mm, "%.3f..%.3f", lo, hi);
        printf("%-28s %-9s %11s %11s %6.3fx %17s %17s\n", label, a->impl, ta, tb, st.median, ci,
               mm);
        logsum += log(st.median);
        n++;
    }
    free(ratios);
    if (n)
        printf("B/A geomean of the paired medians %.3fx over %d cases, %d rounds each (> 1: B "
               "slower)\n",
               exp(logsum / n), n, rounds);
}

/* Side 0's or 1's results file: PREFIX-a.json, PREFIX-b.json. */
static void side_path(const ab_cli *c, int side, char *buf, size_t len) {
    snprintf(buf, len, "%s-%c.json", c->prefix, "ab"[side]);
}

/* Both files or neither: a second file that cannot be written takes the first with it. */
static int write_both(const ab_cli *c, const rg_results out[2]) {
    char path[2][600], err[256] = "";
    for (int side = 0; side < 2; side++) {
        side_path(c, side, path[side], sizeof path[side]);
        if (rg_results_write_json(&out[side], path[side], err, sizeof err)) {
            if (side) unlink(path[0]);
            fprintf(stderr, "ridge ab: cannot write %s: %s\n", path[side], err);
            return 1;
        }
    }
    if (!c->quiet)
        printf("results written to %s and %s (ridge compare %s %s --paired)\n", path[0], path[1],
               path[0], path[1]);
    return 0;
}

static int ab_main(int argc, char **argv, const char *command) {
    ab_cli c;
    memset(&c, 0, sizeof c);
    rg_suite suite;
    memset(&suite, 0, sizeof suite);
    rg_results out[2];
    rg_results_init(&out[0]);
    rg_results_init(&out[1]);
    char err[512] = "", version[2][512];
    int code = parse(&c, argc, argv);
    if (code < 0 || (code == 0 && !command)) {
        code = 0; /* --help, or the options' check alone */
        goto done;
    }
    /* Both results files must be writable before the first round runs. */
    for (int side = 0; side < 2 && !code; side++) {
        char path[600];
        side_path(&c, side, path, sizeof path);
        int e = rg__file_write_check(path);
        if (e) code = rg__usage_error("ab", "--out: cannot write '%s': %s", path, strerror(e));
    }
    for (int side = 0; side < 2 && !code; side++)
        if (rg__ab_check_exe(c.ab.side[side].exe, version[side], sizeof version[side], err,
                             sizeof err))
            code = rg__usage_error("ab", "%s: %s", side ? "NEW" : "OLD", err);
    if (code || (code = load_cases(&c, &suite))) goto done;
    c.ab.progress = !c.quiet && isatty(STDERR_FILENO);
    rg__cli_signals saved;
    c.ab.stop = rg__cli_signals_install(&saved);
    code = rg__ab_run(&c.ab, &suite, command, out, err, sizeof err);
    rg__cli_signals_restore(&saved);
    if (code == 1 || code == 2) {
        fprintf(stderr, "ridge ab: %s\n", err);
        goto done;
    }
    if (!c.quiet) {
        printf("A: %s (%s)\nB: %s (%s)\n", c.ab.side[0].exe, version[0], c.ab.side[1].exe,
               version[1]);
        summary(out, c.ab.rounds);
    }
    if (write_both(&c, out) && code == 0) code = 1;
done:
    rg_results_free(&out[0]);
    rg_results_free(&out[1]);
    rg__suite_free(&suite);
    for (int i = 0; i < c.nowned; i++)
        free(c.owned[i]);
    return code;
}

const rg__cli_command rg__cli_ab = {"ab",
                                    "paired runs of two ridge builds or variants, case by case "
                                    "in alternating order",
                                    usage_ab, ab_main};
