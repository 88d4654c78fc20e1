/* cli_ceilings.c: `ridge ceilings`: measures the machine's ceilings on the harness's pinned
 * threads, prints them (with the level boundaries beside hwloc's cache sizes), saves them. */
#include "ceilings.h"
#include "ceilings_table.h"
#include "cli_common.h"
#include "harness.h"
#include "svg_axes.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_ceilings[] =
    "usage: ridge ceilings [options]\n"
    "  -t, --threads N     threads of the all-threads measurements (default: one per allowed\n"
    "                      core); every ceiling is also measured on 1 thread\n"
    "      --pin POLICY    compact, scatter or none (default: compact)\n"
    "      --quick         a rough form in a second or two (fewer points and repetitions)\n"
    "      --pages KIND    huge or small pages for the probes' arrays (default: huge)\n"
    "  -o, --out FILE      also write a results file holding the ceilings and sweeps\n"
    "                      (default: none; '-': none)\n"
    "      --json          print that results document on stdout instead of the tables\n"
    "  -q, --quiet         no tables on stdout\n"
    "  -h, --help          this text\n";

enum { OPT_PIN = 256, OPT_QUICK, OPT_JSON, OPT_PAGES };

typedef struct {
    rg__ceilings_form form;
    const char *out;
    int json;
} ceilings_cli;

static int parse(int argc, char **argv, rg_harness *h, ceilings_cli *o) {
    static const struct option longs[] = {{"threads", required_argument, 0, 't'},
                                          {"pin", required_argument, 0, OPT_PIN},
                                          {"quick", no_argument, 0, OPT_QUICK},
                                          {"out", required_argument, 0, 'o'},
                                          {"json", no_argument, 0, OPT_JSON},
                                          {"quiet", no_argument, 0, 'q'},
                                          {"pages", required_argument, 0, OPT_PAGES},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    int c, code = 0;
    rg__reset_getopt();
    while (code == 0 && (c = getopt_long(argc, argv, ":t:o:qh", longs, NULL)) != -1) {
        switch (c) {
        case 't':
            code = rg__parse_positive_int("ceilings", "--threads", optarg, RG_PIN_MAX_THREADS,
                                          &h->opts.threads);
            break;
        case OPT_PIN:
            if (rg__pin_parse(optarg, &h->opts.pin))
                code = rg__usage_error(
                    "ceilings", "--pin: unknown policy '%s' (valid: compact,scatter,none)", optarg);
            break;
        case OPT_PAGES:
            if (rg__pages_parse(optarg, &h->opts.pages))
                code = rg__usage_error("ceilings", "--pages: unknown kind '%s' (valid: huge,small)",
                                       optarg);
            break;
        case OPT_QUICK:
            o->form = RG_CEILINGS_QUICK;
            break;
        case 'o':
            if (!optarg[0])
                code = rg__usage_error("ceilings", "--out: empty file name ('-' for none)");
            o->out = optarg;
            break;
        case OPT_JSON:
            o->json = 1;
            break;
        case 'q':
            h->opts.quiet = 1;
            break;
        case 'h':
            fputs(usage_ceilings, stdout);
            return -1;
        default:
            code = rg__bad_option("ceilings", argc, argv, c);
            break;
        }
    }
    if (code == 0 && optind < argc)
        code = rg__usage_error("ceilings", "unexpected argument '%s' (see 'ridge ceilings --help')",
                               argv[optind]);
    return code;
}

/* hwloc's capacity of the level below a boundary, for `threads` threads on their own cores:
 * L1d and L2 are per core, L3 is shared. 0 when hwloc has no such level. */
static int64_t hwloc_size(const rg_sysinfo *s, const char *level, int threads) {
    if (!strcmp(level, "L1")) return s->l1d * threads;
    if (!strcmp(level, "L2")) return s->l2 * threads;
    if (!strcmp(level, "L3")) return s->l3;
    return 0;
}

static void print_boundaries(FILE *out, const rg__ceilings_detail *d, const rg_sysinfo *s) {
    fputs("level boundaries: working set (all threads) where the rate falls halfway to the "
          "next level [hwloc's size]\n",
          out);
    for (int i = 0; i < d->nsweeps; i++) {
        const rg__plateau_set *lv = &d->sweeps[i].levels;
        fprintf(out, "  %-14s %2d thread%s ", d->sweeps[i].method, d->sweeps[i].threads,
                d->sweeps[i].threads > 1 ? "s" : " ");
        if (lv->count < 2) fputs(lv->count ? " one level only" : " no plateau found", out);
        for (int k = 0; k + 1 < lv->count; k++) {
            char at[24], hw[24] = "-";
            rg__svg_fmt_bytes(at, sizeof at, (double)lv->boundary[k]);
            int64_t size = hwloc_size(s, lv->plateaus[k].level, d->sweeps[i].threads);
            if (size > 0) rg__svg_fmt_bytes(hw, sizeof hw, (double)size);
            fprintf(out, "  %s|%s %s [%s]", lv->plateaus[k].level, lv->plateaus[k + 1].level,
                    lv->stepless[k] ? "no step, cut at" : at, hw);
        }
        fputs("\n", out);
    }
}

static int write_results(const rg_results *r, const char *path) {
    char err[256] = "";
    int rc = rg_results_write_json(r, path, err, sizeof err);
    if (rc)
        fprintf(stderr, "ridge ceilings: cannot write %s: %s\n", path,
                err[0] ? err : rg_status_message(rc));
    return rc ? 1 : 0;
}

/* Measures with the harness set up as `ridge run` sets it up; returns the exit code. */
static int measure(rg_harness *h, const ceilings_cli *o, const char *command) {
    rg_results res;
    rg_results_init(&res);
    char err[512] = "";
    int code = 1, rc;
    if ((rc = rg__topo_load(&h->topo))) {
        fprintf(stderr, "ridge ceilings: cannot load the hwloc topology: %s\n",
                rg_status_message(rc));
        goto done;
    }
    if ((rc = rg__start_threads(h, err, sizeof err))) {
        code = rg__usage_error("ceilings", "%s", err);
        goto done;
    }
    rg__sysinfo_fill(h->topo, &h->sys, NULL);
    snprintf(h->sys.pages, sizeof h->sys.pages, "%s", rg__pages_name(h->opts.pages));
    snprintf(res.command, sizeof res.command, "%s", command);
    res.system = h->sys;
    rg__ceilings_detail d;
    if ((rc = rg__ceilings_measure(h, o->form, &res, &d, err, sizeof err))) {
        fprintf(stderr, "ridge ceilings: %s\n", err);
        goto done;
    }
    code = 0;
    if (d.interrupted) {
        snprintf(res.ceilings_note, sizeof res.ceilings_note, "incomplete: interrupted");
        res.interrupted = 1;
        code = 130;
    } else if (d.suspect[0]) {
        snprintf(res.ceilings_note, sizeof res.ceilings_note, "%s", d.suspect);
        fprintf(stderr, "ridge ceilings: warning: %s\n", d.suspect);
    }
    if (o->json) {
        if (write_results(&res, "/dev/stdout")) code = 1;
    } else if (!h->opts.quiet) {
        rg_ceilings_print(stdout, &res, NULL);
        print_boundaries(stdout, &d, &h->sys);
        printf("%s form, measured in %.1f s\n", rg__ceilings_form_name(o->form), d.seconds);
    }
    if (o->out && strcmp(o->out, "-") != 0 && write_results(&res, o->out) && code == 0) code = 1;
    for (int i = 0; i < h->nwarn; i++)
        fprintf(stderr, "ridge ceilings: warning: %s\n", h->warn[i]);
done:
    rg_results_free(&res);
    rg_pool_destroy(h->pool);
    h->pool = NULL;
    rg__topo_free(h->topo);
    h->topo = NULL;
    return code;
}

static int ceilings_main(int argc, char **argv, const char *command) {
    rg_harness *h = calloc(1, sizeof *h);
    if (!h) return rg__usage_error("ceilings", "out of memory");
    h->opts.pin = RG_PIN_COMPACT;
    ceilings_cli o = {.form = RG_CEILINGS_FULL};
    int code = parse(argc, argv, h, &o);
    if (code == 0 && command) {
        h->progress = !h->opts.quiet && !o.json && isatty(STDERR_FILENO);
        rg__cli_signals saved;
        h->stop = rg__cli_signals_install(&saved);
        code = measure(h, &o, command);
        rg__cli_signals_restore(&saved);
    }
    free(h);
    return code < 0 ? 0 : code;
}

const rg__cli_command rg__cli_ceilings = {
    "ceilings",
    "measure the machine's compute peaks and memory bandwidth per level (the roofline's roofs)",
    usage_ceilings, ceilings_main};
