/* report_internal.h: what the report model's files share (not for the writers). */
#ifndef RG_REPORT_INTERNAL_H
#define RG_REPORT_INTERNAL_H

#include "case_params.h"
#include "report_model.h"

/* The time and speed a row stands for: the median, when the case ran ok; else NaN / 0. */
double rg__report_time(const rg_report_row *row);

/* Fill rep->pairs and rep->crossovers; rep->matches; rep->steps. Return 0 or RG_ENOMEM. */
int rg__report_pairs(rg_report *rep);
int rg__report_matches(rg_report *rep);
int rg__report_steps(rg_report *rep);

#endif /* RG_REPORT_INTERNAL_H */
