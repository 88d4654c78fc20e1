/* fuzz_cli.c: the command line. The input is split at newlines into arguments (at most 32),
 * "ridge" put before them, and only parsed and checked (rg__cli_check): a fuzzer must not
 * start measurements or write files wherever its bytes point. Every outcome is an exit code
 * of the documented set. */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *text = malloc(size + 1);
    if (!text) abort();
    memcpy(text, data, size);
    text[size] = '\0';
    char *argv[MAX_ARGS + 2] = {"ridge"};
    int argc = 1;
    for (char *p = text; argc <= MAX_ARGS;) {
        argv[argc++] = p;
        char *nl = strchr(p, '\n');
        if (!nl) break;
        *nl = '\0';
        p = nl + 1;
    }
    argv[argc] = NULL;
    int code = rg__cli_check(argc, argv);
    if (code != 0 && code != 2) abort(); /* options alone give ok or a usage error */
    free(text);
    return 0;
}
