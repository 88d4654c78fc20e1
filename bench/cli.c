/* cli.c: the `ridge` command line: subcommands, options, usage errors and exit codes. */
#include "cli.h"
#include "harness.h"
#include "results_json.h"

#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The one global: set by SIGINT/SIGTERM, read between cases. */
static volatile sig_atomic_t stop_flag;

static void on_signal(int sig) {
    stop_flag = 1;
}

static const char usage_main[] =
    "usage: ridge <command> [options]\n"
    "\n"
    "commands:\n"
    "  run       measure a suite of cases for every implementation, verify, save results\n"
    "  list      list ops, implementations (and whether they run here) and suites\n"
    "  sysinfo   print the machine and software description recorded in results\n"
    "  help [command]   this text, or a command's options\n"
    "  --version        print the version\n"
    "\n"
    "exit codes: 0 ok, 1 a case failed verification or errored, 2 usage or input error,\n"
    "130 interrupted (results so far are saved). See docs/cli.md.\n";

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
    "      --min-time S        minimum sampling time per case, seconds (default: 0.5)\n"
    "      --max-time S        sampling time budget per case, seconds (default: 5)\n"
    "      --target-ci PCT     stop when the median's 95% CI half-width is under PCT%\n"
    "                          of the median (default: 1)\n"
    "      --seed N            seed of the input data and sampled checks (default: 1)\n"
    "      --isa NAME          ridge's code path: auto, avx512, avx2 or scalar (default: auto,\n"
    "                          the best this CPU runs; baselines are not affected)\n"
    "  -o, --out FILE          results file (default: results.json; '-': none)\n"
    "  -q, --quiet             no table or summary on stdout\n"
    "  -h, --help              this text\n";

static const char usage_list[] =
    "usage: ridge list\n"
    "  lists ops, implementations (device, dtype, available here or why not) and suites\n";

static const char usage_sysinfo[] =
    "usage: ridge sysinfo [--json]\n"
    "      --json   print the system block as JSON (as written in results files)\n";

/* Prints one line "ridge <cmd>: <message>" on stderr; returns exit code 2. */
static int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int usage_error(const char *cmd, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "ridge%s%s: %s\n", cmd ? " " : "", cmd ? cmd : "", msg);
    return 2;
}

/* The option getopt rejected, named as the user wrote it. */
static int bad_option(const char *cmd, int argc, char **argv, int c) {
    const char *arg = optind - 1 < argc ? argv[optind - 1] : "?";
    if (c == ':') return usage_error(cmd, "%s: missing value", arg);
    if (optopt && optopt != '?' && strncmp(arg, "--", 2) != 0)
        return usage_error(cmd, "unknown option '-%c' (see 'ridge %s --help')", optopt, cmd);
    return usage_error(cmd, "unknown option '%s' (see 'ridge %s --help')", arg, cmd);
}

static void reset_getopt(void) {
    optind = 0; /* glibc: 0 forces a full re-initialisation between calls */
    opterr = 0;
}

/* ---- run ---------------------------------------------------------------------------------- */

enum {
    OPT_SHAPE = 256,
    OPT_OP,
    OPT_IMPL,
    OPT_DEVICE,
    OPT_DTYPE,
    OPT_PIN,
    OPT_CACHE,
    OPT_MIN_TIME,
    OPT_MAX_TIME,
    OPT_TARGET_CI,
    OPT_SEED,
    OPT_ISA
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
}

static int parse_positive_int(const char *opt, const char *v, int max, int *out) {
    int64_t x;
    if (rg__parse_i64(v, &x) != 0 || x < 1 || x > max)
        return usage_error("run", "%s: expected a positive integer up to %d, got '%s'", opt, max,
                           v);
    *out = (int)x;
    return 0;
}

static int parse_seconds(const char *opt, const char *v, int allow_zero, double *out) {
    double x;
    if (rg__parse_f64(v, &x) != 0 || x < 0 || (!allow_zero && x == 0) || x > 86400)
        return usage_error("run", "%s: expected seconds %s 0 (up to 86400), got '%s'", opt,
                           allow_zero ? ">=" : ">", v);
    *out = x;
    return 0;
}

/* --shape M,N,K[,TA,TB]: one GEMM f32 case; the op checks sizes and overflow later. */
static int parse_shape(const char *v, rg_case *c) {
    memset(c, 0, sizeof *c);
    strcpy(c->op, "gemm");
    strcpy(c->dtype, "f32");
    static const char *const keys[] = {"M", "N", "K", "transA", "transB"};
    char buf[256];
    if (strlen(v) >= sizeof buf) return usage_error("run", "--shape: value too long");
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
                return usage_error("run", "--shape: %s = '%s' overflows 64-bit integers", keys[n],
                                   tok);
            if (rc)
                return usage_error("run", "--shape: %s: expected an integer, got '%s'", keys[n],
                                   tok);
        } else {
            if (strcmp(tok, "N") && strcmp(tok, "T"))
                return usage_error("run", "--shape: %s: expected N or T, got '%s'", keys[n], tok);
            p->is_str = 1;
            strcpy(p->sval, tok);
        }
    }
    int commas = 0;
    for (const char *s = v; *s; s++)
        commas += *s == ',';
    if ((n != 3 && n != 5) || commas != n - 1)
        return usage_error("run", "--shape: expected M,N,K or M,N,K,TA,TB, got '%s'", v);
    c->nparams = n;
    /* Sizes are checked now (the op's own rules), so a bad shape never reaches allocation. */
    void *problem = NULL;
    char err[256];
    const rg_op *op = rg__op_find("gemm");
    if (op->prepare(c, &problem, err, sizeof err) != 0)
        return usage_error("run", "--shape: %s", err);
    op->destroy(problem);
    return 0;
}

/* The names ridge's results use (README, docs/results-schema.md), whether or not this build
 * implements them yet, so that a known name gets a better message than "unknown". */
static const char *const vocabulary[4] = {
    "gemm,attention,relu,gelu_erf,gelu_tanh,silu,softmax,rmsnorm,layernorm",
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
            return usage_error("run",
                               "%s: '%s' has no implementation in this build (available: %s)", opt,
                               name, valid);
        if (!rg__list_has(valid, name) || len == 0)
            return usage_error("run", "%s: unknown name '%s' (valid: %s)", opt, name, valid);
        if (!e) return 0;
        p = e + 1;
    }
}

static void join_command(int argc, char **argv, char *out, size_t len) {
    out[0] = '\0';
    for (int i = 0; i < argc; i++) {
        size_t u = strlen(out);
        snprintf(out + u, len - u, "%s%s", i ? " " : "", argv[i]);
    }
}

static int cmd_run(int argc, char **argv, const char *command) {
    static const struct option longs[] = {{"suite", required_argument, 0, 's'},
                                          {"shape", required_argument, 0, OPT_SHAPE},
                                          {"op", required_argument, 0, OPT_OP},
                                          {"impl", required_argument, 0, OPT_IMPL},
                                          {"device", required_argument, 0, OPT_DEVICE},
                                          {"dtype", required_argument, 0, OPT_DTYPE},
                                          {"threads", required_argument, 0, 't'},
                                          {"pin", required_argument, 0, OPT_PIN},
                                          {"cache", required_argument, 0, OPT_CACHE},
                                          {"min-time", required_argument, 0, OPT_MIN_TIME},
                                          {"max-time", required_argument, 0, OPT_MAX_TIME},
                                          {"target-ci", required_argument, 0, OPT_TARGET_CI},
                                          {"seed", required_argument, 0, OPT_SEED},
                                          {"isa", required_argument, 0, OPT_ISA},
                                          {"out", required_argument, 0, 'o'},
                                          {"quiet", no_argument, 0, 'q'},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    rg_harness *h = calloc(1, sizeof *h);
    if (!h) return usage_error("run", "out of memory");
    rg_run_opts *o = &h->opts;
    run_opts_default(o);
    int have_suite = 0, have_min_time = 0, code = 0, c;
    int64_t seed;
    reset_getopt();
    while (code == 0 && (c = getopt_long(argc, argv, ":s:t:o:qh", longs, NULL)) != -1) {
        switch (c) {
        case 's':
            o->suite = optarg, have_suite = 1;
            break;
        case OPT_SHAPE:
            code = parse_shape(optarg, &o->shape_case), o->have_shape = 1;
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
            code = parse_positive_int("--threads", optarg, RG_PIN_MAX_THREADS, &o->threads);
            break;
        case OPT_PIN:
            if (rg__pin_parse(optarg, &o->pin))
                code = usage_error(
                    "run", "--pin: unknown policy '%s' (valid: compact,scatter,none)", optarg);
            break;
        case OPT_CACHE:
            if (!strcmp(optarg, "warm") || !strcmp(optarg, "cold"))
                o->cache = optarg[0] == 'c' ? RG_CACHE_COLD : RG_CACHE_WARM;
            else
                code = usage_error("run", "--cache: unknown mode '%s' (valid: warm,cold)", optarg);
            break;
        case OPT_MIN_TIME:
            code = parse_seconds("--min-time", optarg, 1, &o->min_time), have_min_time = 1;
            break;
        case OPT_MAX_TIME:
            code = parse_seconds("--max-time", optarg, 0, &o->max_time);
            break;
        case OPT_TARGET_CI:
            if (rg__parse_f64(optarg, &o->target_ci_pct) || !(o->target_ci_pct > 0) ||
                o->target_ci_pct > 100)
                code = usage_error(
                    "run", "--target-ci: expected a percentage in (0, 100], got '%s'", optarg);
            break;
        case OPT_SEED:
            if (rg__parse_i64(optarg, &seed) || seed < 0)
                code =
                    usage_error("run", "--seed: expected a non-negative integer, got '%s'", optarg);
            else
                o->seed = (uint64_t)seed;
            break;
        case OPT_ISA:
            if (rg_isa_parse(optarg, &o->isa) != RG_OK)
                code = usage_error(
                    "run", "--isa: unknown ISA '%s' (valid: auto,avx512,avx2,scalar)", optarg);
            else if (!rg_isa_supported(o->isa))
                code = usage_error("run", "--isa: %s cannot run on this CPU (best here: %s)",
                                   optarg, rg_isa_name(rg_cpu_best_isa()));
            break;
        case 'o':
            if (!optarg[0]) code = usage_error("run", "--out: empty file name ('-' for none)");
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
            code = bad_option("run", argc, argv, c);
            break;
        }
    }
    if (code == 0 && optind < argc)
        code =
            usage_error("run", "unexpected argument '%s' (see 'ridge run --help')", argv[optind]);
    if (code == 0 && have_suite && o->have_shape)
        code = usage_error("run", "--shape and --suite cannot be combined");
    /* A budget below the default minimum lowers the minimum; two explicit values must agree. */
    if (code == 0 && o->min_time > o->max_time && have_min_time)
        code = usage_error("run", "--min-time %g exceeds --max-time %g", o->min_time, o->max_time);
    else if (o->min_time > o->max_time)
        o->min_time = o->max_time;
    if (code) {
        free(h);
        return code;
    }
    char exe_dir[512] = "", err[512] = "";
    rg__exe_dir(exe_dir, sizeof exe_dir);
    stop_flag = 0;
    h->stop = &stop_flag;
    h->progress = !o->quiet && isatty(STDERR_FILENO);
    struct sigaction sa = {.sa_handler = on_signal}, old_int, old_term;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    code = rg__run(h, exe_dir, command, err, sizeof err);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (code == 2) usage_error("run", "%s", err[0] ? err : "input error");
    free(h);
    return code;
}

/* ---- list ---------------------------------------------------------------------------------- */

static void print_suite(void *u, const char *name, const char *path, long ncases) {
    if (ncases < 0)
        printf("  %-10s (malformed)  %s\n", name, path);
    else
        printf("  %-10s %4ld cases  %s\n", name, ncases, path);
}

static int cmd_list(int argc, char **argv) {
    static const struct option longs[] = {{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    reset_getopt();
    while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        if (c == 'h') return fputs(usage_list, stdout), 0;
        return bad_option("list", argc, argv, c);
    }
    if (optind < argc) return usage_error("list", "unexpected argument '%s'", argv[optind]);
    printf("ops:\n");
    const char *seen_ops[16];
    int nops = 0;
    for (size_t i = 0; i < rg__registry_count(); i++) {
        const rg_op *op = rg__registry_get(i)->op;
        int dup = 0;
        for (int k = 0; k < nops; k++)
            dup |= seen_ops[k] == op->name;
        if (dup || nops == 16) continue;
        seen_ops[nops++] = op->name;
        printf("  %-8s shape axes:", op->name);
        for (int a = 0; op->default_axes[a]; a++)
            printf(" %s", op->default_axes[a]);
        printf("\n");
    }
    printf("implementations:\n  %-8s %-10s %-6s %-6s %s\n", "OP", "IMPL", "DEVICE", "DTYPE",
           "AVAILABLE");
    rg_harness h;
    memset(&h, 0, sizeof h);
    h.exec.isa = RG_ISA_AUTO;
    for (size_t i = 0; i < rg__registry_count(); i++) {
        const rg_impl *r = rg__registry_get(i);
        char why[160] = "", isa[32] = "";
        int ok = r->available(why, sizeof why);
        if (ok) r->isa(&h, isa, sizeof isa);
        printf("  %-8s %-10s %-6s %-6s %s (%s)\n", r->op->name, r->impl, r->device, r->dtype,
               ok ? "yes" : "no", ok ? isa : why);
    }
    printf("suites:\n");
    char exe_dir[512] = "";
    rg__exe_dir(exe_dir, sizeof exe_dir);
    rg__suite_list(exe_dir, print_suite, NULL);
    return 0;
}

/* ---- sysinfo ------------------------------------------------------------------------------- */

static int cmd_sysinfo(int argc, char **argv) {
    static const struct option longs[] = {
        {"json", no_argument, 0, 'j'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c, json = 0;
    reset_getopt();
    while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        if (c == 'h') return fputs(usage_sysinfo, stdout), 0;
        if (c == 'j')
            json = 1;
        else
            return bad_option("sysinfo", argc, argv, c);
    }
    if (optind < argc) return usage_error("sysinfo", "unexpected argument '%s'", argv[optind]);
    rg_topo *topo = NULL;
    int rc = rg__topo_load(&topo);
    if (rc)
        return usage_error("sysinfo", "cannot load the hwloc topology: %s", rg_status_message(rc));
    rg_sysinfo s;
    rg__sysinfo_fill(topo, &s);
    rg__topo_free(topo);
    if (!json) {
        rg__sysinfo_print(stdout, &s);
        return 0;
    }
    char err[256] = "";
    rc = rg_sysinfo_print_json(stdout, &s, err, sizeof err);
    return rc ? usage_error("sysinfo", "%s", err[0] ? err : rg_status_message(rc)) : 0;
}

/* ---- dispatch ------------------------------------------------------------------------------ */

int rg__cli_main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage_main, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    char command[512];
    join_command(argc, argv, command, sizeof command);
    if (!strcmp(cmd, "run")) return cmd_run(argc - 1, argv + 1, command);
    if (!strcmp(cmd, "list")) return cmd_list(argc - 1, argv + 1);
    if (!strcmp(cmd, "sysinfo")) return cmd_sysinfo(argc - 1, argv + 1);
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("ridge %s (git %s)\n", RG_VERSION_STRING, rg__git_commit);
        return 0;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        const char *topic = argc > 2 ? argv[2] : NULL;
        if (!topic)
            fputs(usage_main, stdout);
        else if (!strcmp(topic, "run"))
            fputs(usage_run, stdout);
        else if (!strcmp(topic, "list"))
            fputs(usage_list, stdout);
        else if (!strcmp(topic, "sysinfo"))
            fputs(usage_sysinfo, stdout);
        else
            return usage_error("help", "unknown command '%s' (valid: run,list,sysinfo)", topic);
        return 0;
    }
    return usage_error(NULL, "unknown command '%s' (valid: run,list,sysinfo,help,--version)", cmd);
}
