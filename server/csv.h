/*
 * csv: RFC 4180 output (CONTRACT 4.4): every field quoted, quotes doubled,
 * rows ended by CRLF.  Commas, quotes and newlines in a field survive a
 * round trip through any RFC 4180 reader.  Calls util.
 */
#ifndef MDRMOCK_CSV_H
#define MDRMOCK_CSV_H

#include "util.h"

/* Appends one quoted field, preceded by a comma unless it starts a row. */
void csv_field(struct buf *b, const char *s, int first);
/* Ends a row. */
void csv_end_row(struct buf *b);

#endif
