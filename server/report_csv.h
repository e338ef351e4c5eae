/*
 * report_csv: the report file (docs/behaviour.md §4.4): RFC 4180 output,
 * every field quoted, quotes doubled, rows ended by CRLF, so commas, quotes
 * and newlines in a field survive a round trip through any RFC 4180
 * reader; the header row and one message's row.
 * Calls: lifecycle, message, model, report, timefmt, util, jansson.
 */
#ifndef MDRMOCK_REPORT_CSV_H
#define MDRMOCK_REPORT_CSV_H

#include "lifecycle.h"
#include "model.h"
#include "util.h"

/* The most rows a report file's ?rows= preview asks for (docs/behaviour.md §4.4). */
#define REPORT_CSV_MAX_ROWS 1000

/* Appends one quoted field, preceded by a comma unless it starts a row. */
void report_csv_field(struct buf *b, const char *s, int first);
/* Ends a row. */
void report_csv_end_row(struct buf *b);

/* The header row; "Message Body" last when include_body. */
void report_csv_header(struct buf *b, int include_body);
/*
 * The length of the first rows records of the n bytes of RFC 4180 text at p (line breaks
 * inside quoted fields do not end a record); n when it has no more than rows, 0 for none.
 */
size_t report_csv_cut(const char *p, size_t n, size_t rows);

/* A message's row with its state as of the report's completion. */
void report_csv_row(struct buf *b, const struct message *m, const struct lifecycle_state *st,
                    int include_body);

#endif
