/* sysinfo_json.c: `ridge sysinfo --json`: the system block exactly as results files hold it. */
#include "harness.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The results writer is the one serializer of rg_sysinfo: write an empty run to a temporary
 * file and print its "system" object, so the two can never disagree. */
int rg__sysinfo_print_json(FILE *out, const rg_sysinfo *s, char *err, size_t errlen) {
    const char *tmp = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/ridge-sysinfo-%ld.json", tmp && *tmp ? tmp : "/tmp",
             (long)getpid());
    rg_results r;
    rg_results_init(&r);
    r.system = *s;
    int rc = rg_results_write_json(&r, path, err, errlen);
    rg_results_free(&r);
    if (rc) return rc;
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    unlink(path);
    json_t *sys = root ? json_object_get(root, "system") : NULL;
    if (!sys) {
        snprintf(err, errlen, "cannot read back the system block: %s", root ? "missing" : jerr.text);
        json_decref(root);
        return RG_EPARSE;
    }
    rc = json_dumpf(sys, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 ? 0 : RG_EIO;
    fputc('\n', out);
    json_decref(root);
    return rc;
}
