/* cli_report.c: `ridge report`: results files in, one HTML, Markdown or CSV report out. */
#include "cli_common.h"
#include "file_write.h"
#include "harness.h"
#include "report_model.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage_report[] =
    "usage: ridge report RESULTS.json... [options]\n"
    "  -o, --out FILE          write the report to FILE (default: stdout)\n"
    "      --format FMT        html, md or csv (default: from FILE's extension, else md)\n"
    "      --price LABEL=USD   what an hour of machine LABEL costs (repeatable; overrides the\n"
    "                          price recorded in its results file)\n"
    "  -h, --help              this text\n"
    "Files of one machine label are merged; several machines are compared. See\n"
    "docs/report.md.\n";

enum { OPT_FORMAT = 256, OPT_PRICE };

typedef int (*report_writer)(FILE *f, const rg_report *rep);

static const struct {
    const char *name, *ext;
    report_writer write;
} formats[] = {{"html", ".html", rg_report_write_html},
               {"md", ".md", rg_report_write_md},
               {"csv", ".csv", rg_report_write_csv}};
#define NFORMATS (sizeof formats / sizeof formats[0])

static int find_format(const char *name) {
    for (size_t i = 0; i < NFORMATS; i++)
        if (!strcmp(name, formats[i].name)) return (int)i;
    return -1;
}

/* The format an output file's extension names (.htm too), or -1. */
static int format_of_path(const char *path) {
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot || strchr(dot, '/')) return -1;
    if (!strcasecmp(dot, ".htm")) return find_format("html");
    for (size_t i = 0; i < NFORMATS; i++)
        if (!strcasecmp(dot, formats[i].ext)) return (int)i;
    return -1;
}

/* --price LABEL=USD: the label is everything before the last '='. */
static int parse_price(const char *v, rg_report_price *p, char *label, size_t len) {
    const char *eq = strrchr(v, '=');
    if (!eq || eq == v || (size_t)(eq - v) >= len)
        return rg__usage_error("report", "--price: expected LABEL=USD_PER_HOUR, got '%s'", v);
    memcpy(label, v, (size_t)(eq - v));
    label[eq - v] = '\0';
    p->label = label;
    return rg__parse_price("report", "--price", eq + 1, &p->usd_per_hour);
}

typedef struct {
    report_writer write;
    const rg_report *rep;
} write_ctx;

static int write_to(FILE *f, void *ctx) {
    const write_ctx *w = ctx;
    int rc = w->write(f, w->rep);
    return rc == RG_OK ? 0 : rc == RG_ENOMEM ? ENOMEM : errno ? errno : EIO;
}

static int report_main(int argc, char **argv, const char *command) {
    static const struct option longs[] = {{"out", required_argument, 0, 'o'},
                                          {"format", required_argument, 0, OPT_FORMAT},
                                          {"price", required_argument, 0, OPT_PRICE},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    const char *out = NULL;
    int format = -1, c, rc = 2;
    rg_report_price *prices = calloc((size_t)argc, sizeof *prices);
    char(*labels)[64] = calloc((size_t)argc, sizeof *labels);
    size_t nprices = 0;
    if (!prices || !labels) {
        free(prices);
        free(labels);
        return rg__usage_error("report", "out of memory");
    }
    rg__reset_getopt();
    while ((c = getopt_long(argc, argv, ":o:h", longs, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage_report, stdout);
            rc = 0;
            goto done;
        } else if (c == 'o') {
            out = optarg;
        } else if (c == OPT_FORMAT) {
            if ((format = find_format(optarg)) < 0) {
                rg__usage_error("report", "--format: unknown format '%s' (valid: html, md, csv)",
                                optarg);
                goto done;
            }
        } else if (c == OPT_PRICE) {
            if (parse_price(optarg, &prices[nprices], labels[nprices], sizeof labels[0])) goto done;
            nprices++;
        } else {
            rg__bad_option("report", argc, argv, c);
            goto done;
        }
    }
    if (optind >= argc) {
        rg__usage_error("report", "no results files given (see 'ridge report --help')");
        goto done;
    }
    if (format < 0) format = out ? format_of_path(out) : -1;
    if (format < 0) format = find_format("md");
    if (!command) {
        rc = 0;
        goto done;
    }
    rg_report rep;
    char err[512] = "";
    int lrc = rg_report_load(&rep, (const char *const *)argv + optind, (size_t)(argc - optind),
                             prices, nprices, err, sizeof err);
    if (lrc != RG_OK) {
        rg__usage_error("report", "%s", err[0] ? err : rg_status_message(lrc));
        goto done;
    }
    write_ctx w = {formats[format].write, &rep};
    int e = out && strcmp(out, "-") ? rg__file_write(out, write_to, &w) : write_to(stdout, &w);
    rg_report_free(&rep);
    if (e) {
        rg__usage_error("report", "cannot write the report to '%s': %s", out ? out : "stdout",
                        strerror(e));
        goto done;
    }
    rc = 0;
done:
    free(prices);
    free(labels);
    return rc;
}

const rg__cli_command rg__cli_report = {
    "report", "render results files as an HTML, Markdown or CSV report", usage_report, report_main};
