/* report_html_charts.h: the charts of one machine's device in the HTML report, built from the
 * report model (internal to report_html*.c). */
#ifndef RG_REPORT_HTML_CHARTS_H
#define RG_REPORT_HTML_CHARTS_H

#include <stdio.h>

#include "report_model.h"

/* Writes <figure class="roofline"> holding the device's roofline (roofs and slopes at its
 * largest measured thread count, every verified case with a flop and byte count) or, when
 * there is nothing to draw, a note saying so. Returns 0, RG_ENOMEM or RG_EIO. */
int rg__html_roofline(FILE *f, const rg_report *rep, size_t machine, const char *device);

/* Writes <figure class="sweep"> with the device's bandwidth sweeps and its cache sizes;
 * nothing when the device has no sweep. Same returns. */
int rg__html_sweep(FILE *f, const rg_report *rep, size_t machine, const char *device);

#endif /* RG_REPORT_HTML_CHARTS_H */
