/* cli_run.c: `ridge run`: options into rg_run_opts, then the harness (run.c). */
#include "cli_common.h"
#include "harness.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_run[] =
    "usage: ridge run [options]\n"
    "  -s, --suite NAME|FILE   suite name or .json path (default: default)\n"
    "      --shape M,N,K[,TA,TB]  one GEMM case instead of a suite (TA, TB: N or T)\n"
    "      --op LIST           comma list of ops to run (default: all)\n"
    "      --impl LIST         comma list of implementations (default: all)\n"
    "      --device LIST       comma list of devices (default: all)\n"
    "      --dtype LIST        comma list of dtypes (default: all)\n"
    "  -t, --threads N         threads for every implementation (default: one per allowed core)\n"
    "      --pin POLICY        compact, scatter or none (default: compact)\n"
    "      --cache MODE        warm or cold (default: warm)\n"
    "      --pages KIND        huge or small: page size asked for buffers of 2 MiB and more\n"
    "                          (default: huge, madvise(MADV_HUGEPAGE); docs/method.md)\n"
    "      --min-time S        minimum sampling time per case, seconds (default: 0.5)\n"
    "      --max-time S        sampling time budget per case, seconds (default: 5)\n"
    "      --target-ci PCT     stop when the median's 95% CI half-width is under PCT%\n"
    "                          of the median (default: 1)\n"
    "      --seed N            seed of the input data and sampled checks (default: 1)\n"
    "      --isa NAME          ridge's code path: auto, avx512, avx2 or scalar (default: auto,\n"
    "                          the best this CPU runs; baselines are not affected)\n"
    "      --rounds N          measure the suite N times, each round a process of its own\n"
    "                          with 1/N of the time budget and seed + round; samples pooled\n"
    "                          and each round's median kept for ridge compare (default: 1;\n"
    "                          see docs/compare.md: gating separate runs)\n"
    "      --no-ceilings       do not measure the machine's ceilings (compute peaks, memory\n"
    "                          bandwidth per level) before the cases\n"
    "      --label NAME        this machine's name in reports (default: the hostname)\n"
    "      --price USD         what an hour of this machine costs, for reports' cost columns\n"
    "      --slowdown PCT      test aid, not a benchmark setting: ridge's own times are made\n"
    "                          PCT% slower by a busy-wait in each timed sample (for measuring\n"
    "                          the regression gate; see docs/cli.md)\n"
    "  -o, --out FILE          results file (default: results.json; '-': none)\n"
    "  -q, --quiet             no table or summary on stdout\n"
    "  -h, --help              this text\n";

enum {
    OPT_SHAPE = 256,
    OPT_OP,
    OPT_IMPL,
    OPT_DEVICE,
    OPT_DTYPE,
    OPT_PIN,
    OPT_CACHE,
    OPT_PAGES,
    OPT_MIN_TIME,
    OPT_MAX_TIME,
    OPT_TARGET_CI,
    OPT_SEED,
    OPT_ISA,
    OPT_NO_CEILINGS,
    OPT_ROUNDS,
    OPT_LABEL,
    OPT_PRICE,
    OPT_SLOWDOWN
};

static void run_opts_default(rg_run_opts *o) {
    memset(o, 0, sizeof *o);
    o->suite = "default";
    o->pin = RG_PIN_COMPACT;
    o->cache = RG_CACHE_WARM;
    o->min_time = 0.5;
    o->max_time = 5.0;
    o->target_ci_pct = 1.0;
    o->seed = 1;
    o->out = "results.json";
    o->price_usd_per_hour = NAN;
    o->rounds = 1;
}

/* --shape M,N,K[,TA,TB] (cli_common.h): `ridge run` and `ridge ab` share it. */
int rg__parse_shape(const char *cmd, const char *v, rg_case *c) {
    memset(c, 0, sizeof *c);
    strcpy(c->op, "gemm");
    strcpy(c->dtype, "f32");
    static const char *const keys[] = {"M", "N", "K", "transA", "transB"};
    char buf[256];
    if (strlen(v) >= sizeof buf) return rg__usage_error(cmd, "--shape: value too long");
    strcpy(buf, v);
    int n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save), n++) {
        if (n >= 5) break;
        rg_param *p = &c->params[n];
        strcpy(p->key, keys[n]);
        if (n < 3) {
            int rc = rg__parse_i64(tok, &p->ival);
            if (rc == RG_EOVERFLOW)
                return rg__usage_error(cmd, "--shape: %s = '%s' overflows 64-bit integers", keys[n],
                                       tok);
            if (rc)
                return rg__usage_error(cmd, "--shape: %s: expected an integer, got '%s'", keys[n],
                                       tok);
        } else {
            if (strcmp(tok, "N") && strcmp(tok, "T"))
                return rg__usage_error(cmd, "--shape: %s: expected N or T, got '%s'", keys[n], tok);
            p->is_str = 1;
            strcpy(p->sval, tok);
        }
    }
    int commas = 0;
    for (const char *s = v; *s; s++)
        commas += *s == ',';
    if ((n != 3 && n != 5) || commas != n - 1)
        return rg__usage_error(cmd, "--shape: expected M,N,K or M,N,K,TA,TB, got '%s'", v);
    c->nparams = n;
    /* Sizes are checked now (the op's own rules), so a bad shape never reaches allocation. */
    void *problem = NULL;
    char err[256];
    const rg_op *op = rg__op_find("gemm");
    if (op->prepare(c, &problem, err, sizeof err) != 0)
        return rg__usage_error(cmd, "--shape: %s", err);
    op->destroy(problem);
    return 0;
}

/* The names ridge's results use (README, docs/results-schema.md), whether or not this build
 * implements them yet, so that a known name gets a better message than "unknown". */
static const char *const vocabulary[4] = {
    "gemm,attention,relu,gelu,gelu_tanh,silu,softmax,rmsnorm,layernorm",
    "ridge,openblas,onednn,cublas,cudnn", "cpu,gpu", "f32,bf16,f16,i8"};

/* Every name in a comma list must exist for this registry field (0 op, 1 impl, 2 device,
 * 3 dtype). */
static int check_names(const char *opt, const char *list, int field) {
    if (!list) return 0;
    char valid[256] = "";
    for (size_t i = 0; i < rg__registry_count(); i++) {
        const rg_impl *r = rg__registry_get(i);
        const char *name = field == 0   ? r->op->name
                           : field == 1 ? r->impl
                           : field == 2 ? r->device
                                        : r->dtype;
        if (!rg__list_has(valid, name)) {
            size_t u = strlen(valid);
            snprintf(valid + u, sizeof valid - u, "%s%s", u ? "," : "", name);
        }
    }
    const char *p = list;
    for (;;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), p);
        if (len > 0 && !rg__list_has(valid, name) && rg__list_has(vocabulary[field], name))
            return rg__usage_error("run",
                                   "%s: '%s' has no implementation in this build (available: %s)",
                                   opt, name, valid);
        if (!rg__list_has(valid, name) || len == 0)
            return rg__usage_error("run", "%s: unknown name '%s' (valid: %s)", opt, name, valid);
        if (!e) return 0;
        p = e + 1;
    }
}

static int run_main(int argc, char **argv, const char *command) {
    static const struct option longs[] = {{"suite", required_argument, 0, 's'},
                                          {"shape", required_argument, 0, OPT_SHAPE},
                                          {"op", required_argument, 0, OPT_OP},
                                          {"impl", required_argument, 0, OPT_IMPL},
                                          {"device", required_argument, 0, OPT_DEVICE},
                                          {"dtype", required_argument, 0, OPT_DTYPE},
                                          {"threads", required_argument, 0, 't'},
                                          {"pin", required_argument, 0, OPT_PIN},
                                          {"cache", required_argument, 0, OPT_CACHE},
                                          {"pages", required_argument, 0, OPT_PAGES},
                                          {"min-time", required_argument, 0, OPT_MIN_TIME},
                                          {"max-time", required_argument, 0, OPT_MAX_TIME},
                                          {"target-ci", required_argument, 0, OPT_TARGET_CI},
                                          {"seed", required_argument, 0, OPT_SEED},
                                          {"isa", required_argument, 0, OPT_ISA},
                                          {"no-ceilings", no_argument, 0, OPT_NO_CEILINGS},
                                          {"rounds", required_argument, 0, OPT_ROUNDS},
                                          {"label", required_argument, 0, OPT_LABEL},
                                          {"price", required_argument, 0, OPT_PRICE},
                                          {"slowdown", required_argument, 0, OPT_SLOWDOWN},
                                          {"out", required_argument, 0, 'o'},
                                          {"quiet", no_argument, 0, 'q'},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    rg_harness *h = calloc(1, sizeof *h);
    if (!h) return rg__usage_error("run", "out of memory");
    rg_run_opts *o = &h->opts;
    run_opts_default(o);
    int have_suite = 0, have_min_time = 0, code = 0, c;
    int64_t seed;
    rg__reset_getopt();
    while (code == 0 && (c = getopt_long(argc, argv, ":s:t:o:qh", longs, NULL)) != -1) {
        switch (c) {
        case 's':
            o->suite = optarg, have_suite = 1;
            break;
        case OPT_SHAPE:
            code = rg__parse_shape("run", optarg, &o->shape_case), o->have_shape = 1;
            break;
        case OPT_OP:
            code = check_names("--op", o->op_filter = optarg, 0);
            break;
        case OPT_IMPL:
            code = check_names("--impl", o->impl_filter = optarg, 1);
            break;
        case OPT_DEVICE:
            code = check_names("--device", o->device_filter = optarg, 2);
            break;
        case OPT_DTYPE:
            code = check_names("--dtype", o->dtype_filter = optarg, 3);
            break;
        case 't':
            code =
                rg__parse_positive_int("run", "--threads", optarg, RG_PIN_MAX_THREADS, &o->threads);
            break;
        case OPT_PIN:
            if (rg__pin_parse(optarg, &o->pin))
                code = rg__usage_error(
                    "run", "--pin: unknown policy '%s' (valid: compact,scatter,none)", optarg);
            break;
        case OPT_CACHE:
            if (!strcmp(optarg, "warm") || !strcmp(optarg, "cold"))
                o->cache = optarg[0] == 'c' ? RG_CACHE_COLD : RG_CACHE_WARM;
            else
                code =
                    rg__usage_error("run", "--cache: unknown mode '%s' (valid: warm,cold)", optarg);
            break;
        case OPT_PAGES:
            if (rg__pages_parse(optarg, &o->pages))
                code = rg__usage_error("run", "--pages: unknown kind '%s' (valid: huge,small)",
                                       optarg);
            break;
        case OPT_MIN_TIME:
            code = rg__parse_seconds("run", "--min-time", optarg, 1, &o->min_time),
            have_min_time = 1;
            break;
        case OPT_MAX_TIME:
            code = rg__parse_seconds("run", "--max-time", optarg, 0, &o->max_time);
            break;
        case OPT_TARGET_CI:
            if (rg__parse_f64(optarg, &o->target_ci_pct) || !(o->target_ci_pct > 0) ||
                o->target_ci_pct > 100)
                code = rg__usage_error(
                    "run", "--target-ci: expected a percentage in (0, 100], got '%s'", optarg);
            break;
        case OPT_SEED:
            if (rg__parse_i64(optarg, &seed) || seed < 0)
                code = rg__usage_error("run", "--seed: expected a non-negative integer, got '%s'",
                                       optarg);
            else
                o->seed = (uint64_t)seed;
            break;
        case OPT_ISA:
            if (rg_isa_parse(optarg, &o->isa) != RG_OK)
                code = rg__usage_error(
                    "run", "--isa: unknown ISA '%s' (valid: auto,avx512,avx2,scalar)", optarg);
            else if (!rg_isa_supported(o->isa))
                code = rg__usage_error("run", "--isa: %s cannot run on this CPU (best here: %s)",
                                       optarg, rg_isa_name(rg_cpu_best_isa()));
            break;
        case OPT_ROUNDS:
            code = rg__parse_positive_int("run", "--rounds", optarg, 100, &o->rounds);
            break;
        case OPT_NO_CEILINGS:
            o->no_ceilings = 1;
            break;
        case OPT_LABEL:
            if (!optarg[0] || strlen(optarg) >= sizeof(((rg_sysinfo *)0)->label) ||
                strpbrk(optarg, "=,\n\t"))
                code = rg__usage_error("run",
                                       "--label: expected a name of 1 to 63 characters without "
                                       "'=', ',' or control characters, got '%s'",
                                       optarg);
            o->label = optarg;
            break;
        case OPT_PRICE:
            code = rg__parse_price("run", "--price", optarg, &o->price_usd_per_hour);
            break;
        case OPT_SLOWDOWN:
            if (rg__parse_f64(optarg, &o->slowdown_pct) || !(o->slowdown_pct >= 0) ||
                o->slowdown_pct > 1000)
                code = rg__usage_error(
                    "run", "--slowdown: expected a percentage from 0 to 1000, got '%s'", optarg);
            break;
        case 'o':
            if (!optarg[0]) code = rg__usage_error("run", "--out: empty file name ('-' for none)");
            o->out = optarg;
            break;
        case 'q':
            o->quiet = 1;
            break;
        case 'h':
            fputs(usage_run, stdout);
            free(h);
            return 0;
        default:
            code = rg__bad_option("run", argc, argv, c);
            break;
        }
    }
    if (code == 0 && optind < argc)
        code = rg__usage_error("run", "unexpected argument '%s' (see 'ridge run --help')",
                               argv[optind]);
    if (code == 0 && have_suite && o->have_shape)
        code = rg__usage_error("run", "--shape and --suite cannot be combined");
    /* A budget below the default minimum lowers the minimum; two explicit values must agree. */
    if (code == 0 && o->min_time > o->max_time && have_min_time)
        code =
            rg__usage_error("run", "--min-time %g exceeds --max-time %g", o->min_time, o->max_time);
    else if (o->min_time > o->max_time)
        o->min_time = o->max_time;
    if (code || !command) {
        free(h);
        return code;
    }
    char exe_dir[512] = "", err[512] = "";
    rg__exe_dir(exe_dir, sizeof exe_dir);
    h->progress = !o->quiet && isatty(STDERR_FILENO);
    rg__cli_signals saved;
    h->stop = rg__cli_signals_install(&saved);
    o->argc = argc - 1; /* the rounds' children get the same arguments */
    o->argv = argv + 1;
    code = rg__run(h, exe_dir, command, err, sizeof err);
    rg__cli_signals_restore(&saved);
    if (code == 2) rg__usage_error("run", "%s", err[0] ? err : "input error");
    free(h);
    return code;
}

const rg__cli_command rg__cli_run = {"run",
                                     "measure a suite of cases for every implementation, "
                                     "verify, save results",
                                     usage_run, run_main};
