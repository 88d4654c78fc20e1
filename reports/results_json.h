/* results_json.h: JSON printers beyond whole results files (those are in results.h). */
#ifndef RG_RESULTS_JSON_H
#define RG_RESULTS_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "results.h"

/* Prints the "system" object exactly as results files hold it (same keys, same encoding),
 * followed by a newline, to out. Returns 0, RG_EINVAL (e.g. invalid UTF-8, with err set),
 * RG_ENOMEM, or RG_EIO when out reports an error. */
int rg_sysinfo_print_json(FILE *out, const rg_sysinfo *s, char *err, size_t errlen);

#endif /* RG_RESULTS_JSON_H */
