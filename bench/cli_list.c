/* cli_list.c: `ridge list`: ops, implementations (and whether they run here), suites. */
#include "cli_common.h"
#include "harness.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage_list[] =
    "usage: ridge list\n"
    "  lists ops, implementations (device, dtype, available here or why not) and suites\n";

static void print_suite(void *u, const char *name, const char *path, long ncases) {
    if (ncases < 0)
        printf("  %-10s (malformed)  %s\n", name, path);
    else
        printf("  %-10s %4ld cases  %s\n", name, ncases, path);
}

static int list_main(int argc, char **argv, const char *command) {
    static const struct option longs[] = {{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    rg__reset_getopt();
    while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        if (c == 'h') return fputs(usage_list, stdout), 0;
        return rg__bad_option("list", argc, argv, c);
    }
    if (optind < argc) return rg__usage_error("list", "unexpected argument '%s'", argv[optind]);
    if (!command) return 0;
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
        printf("  %-10s shape axes:", op->name);
        for (int a = 0; op->default_axes[a]; a++)
            printf(" %s", op->default_axes[a]);
        printf("\n");
    }
    printf("implementations:\n  %-10s %-10s %-6s %-6s %s\n", "OP", "IMPL", "DEVICE", "DTYPE",
           "AVAILABLE");
    rg_harness h;
    memset(&h, 0, sizeof h);
    h.exec.isa = RG_ISA_AUTO;
    for (size_t i = 0; i < rg__registry_count(); i++) {
        const rg_impl *r = rg__registry_get(i);
        char why[160] = "", isa[32] = "";
        int ok = r->available(why, sizeof why);
        if (ok) r->isa(&h, isa, sizeof isa);
        printf("  %-10s %-10s %-6s %-6s %s (%s)\n", r->op->name, r->impl, r->device, r->dtype,
               ok ? "yes" : "no", ok ? isa : why);
    }
    printf("suites:\n");
    char exe_dir[512] = "";
    rg__exe_dir(exe_dir, sizeof exe_dir);
    rg__suite_list(exe_dir, print_suite, NULL);
    return 0;
}

const rg__cli_command rg__cli_list = {
    "list", "list ops, implementations (and whether they run here) and suites", usage_list,
    list_main};
