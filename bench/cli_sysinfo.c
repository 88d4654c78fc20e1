/* cli_sysinfo.c: `ridge sysinfo`: the machine and software description results record. */
#include "cli_common.h"
#include "harness.h"
#include "results_json.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage_sysinfo[] =
    "usage: ridge sysinfo [--json]\n"
    "      --json   print the system block as JSON (as written in results files)\n";

static int sysinfo_main(int argc, char **argv, const char *command) {
    static const struct option longs[] = {
        {"json", no_argument, 0, 'j'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c, json = 0;
    rg__reset_getopt();
    while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        if (c == 'h') return fputs(usage_sysinfo, stdout), 0;
        if (c == 'j')
            json = 1;
        else
            return rg__bad_option("sysinfo", argc, argv, c);
    }
    if (optind < argc) return rg__usage_error("sysinfo", "unexpected argument '%s'", argv[optind]);
    if (!command) return 0;
    rg_topo *topo = NULL;
    int rc = rg__topo_load(&topo);
    if (rc)
        return rg__usage_error("sysinfo", "cannot load the hwloc topology: %s",
                               rg_status_message(rc));
    rg_sysinfo s;
    rg__sysinfo_fill(topo, &s, NULL);
    rg__topo_free(topo);
    if (!json) {
        rg__sysinfo_print(stdout, &s);
        return 0;
    }
    char err[256] = "";
    rc = rg_sysinfo_print_json(stdout, &s, err, sizeof err);
    return rc ? rg__usage_error("sysinfo", "%s", err[0] ? err : rg_status_message(rc)) : 0;
}

const rg__cli_command rg__cli_sysinfo = {
    "sysinfo", "print the machine and software description recorded in results", usage_sysinfo,
    sysinfo_main};
