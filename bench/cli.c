/* cli.c: the `ridge` command line: the table of subcommands, help and --version. Each
 * subcommand lives in its own cli_<name>.c. */
#include "cli.h"
#include "cli_common.h"
#include "harness.h"

#include <stdio.h>
#include <string.h>

/* Add a subcommand here and its `extern` in cli_common.h. */
static const rg__cli_command *const commands[] = {
    &rg__cli_run,      &rg__cli_list,   &rg__cli_sysinfo, &rg__cli_report,
    &rg__cli_ceilings, &rg__cli_export, &rg__cli_compare, &rg__cli_ab};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_usage(FILE *f) {
    fputs("usage: ridge <command> [options]\n\ncommands:\n", f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
    fputs("  help [command]   this text, or a command's options\n"
          "  --version        print the version\n"
          "\n"
          "exit codes: 0 ok, 1 a case failed verification or errored (or a regression), 2 usage\n"
          "or input error, 130 interrupted (results so far are saved). See docs/cli.md.\n",
          f);
}

static const rg__cli_command *find(const char *name) {
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i]->name, name)) return commands[i];
    return NULL;
}

static void valid_names(char *buf, size_t len) {
    buf[0] = '\0';
    for (size_t i = 0; i < NCOMMANDS; i++) {
        size_t u = strlen(buf);
        snprintf(buf + u, len - u, "%s%s", i ? "," : "", commands[i]->name);
    }
}

static void join_command(int argc, char **argv, char *out, size_t len) {
    out[0] = '\0';
    for (int i = 0; i < argc; i++) {
        size_t u = strlen(out);
        snprintf(out + u, len - u, "%s%s", i ? " " : "", argv[i]);
    }
}

/* check_only: the options are parsed and checked, nothing is run, read or written. */
static int dispatch(int argc, char **argv, int check_only) {
    if (argc < 2) {
        print_usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    char command[512], names[128];
    join_command(argc, argv, command, sizeof command);
    valid_names(names, sizeof names);
    const rg__cli_command *c = find(cmd);
    if (c) return c->run(argc - 1, argv + 1, check_only ? NULL : command);
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("ridge %s (git %s)\n", RG_VERSION_STRING, rg__git_commit);
        return 0;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        const char *topic = argc > 2 ? argv[2] : NULL;
        if (!topic) {
            print_usage(stdout);
            return 0;
        }
        if (!(c = find(topic)))
            return rg__usage_error("help", "unknown command '%s' (valid: %s)", topic, names);
        fputs(c->usage, stdout);
        return 0;
    }
    return rg__usage_error(NULL, "unknown command '%s' (valid: %s,help,--version)", cmd, names);
}

int rg__cli_main(int argc, char **argv) {
    return dispatch(argc, argv, 0);
}

int rg__cli_check(int argc, char **argv) {
    return dispatch(argc, argv, 1);
}
