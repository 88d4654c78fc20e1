/* csv_field.h: one CSV field, quoted as RFC 4180 says, for every CSV printer. */
#ifndef RG_CSV_FIELD_H
#define RG_CSV_FIELD_H

#include <stdio.h>

/* Writes s (NULL: empty), in double quotes (inner quotes doubled) when it holds a comma, a
 * quote, a line break or outer spaces; as it is otherwise. */
void rg__csv_field(FILE *f, const char *s);

#endif /* RG_CSV_FIELD_H */
