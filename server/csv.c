#include "csv.h"

#include <string.h>

void csv_field(struct buf *b, const char *s, int first)
{
	const char *q;

	if (!first)
		buf_addc(b, ',');
	buf_addc(b, '"');
	/* Copy runs between quotes in one go; each quote is written twice. */
	while ((q = strchr(s, '"')) != NULL) {
		buf_add(b, s, (size_t)(q - s) + 1);
		buf_addc(b, '"');
		s = q + 1;
	}
	buf_adds(b, s);
	buf_addc(b, '"');
}

void csv_end_row(struct buf *b)
{
	buf_add(b, "\r\n", 2);
}
