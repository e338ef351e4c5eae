/*
 * encoding: which SMS alphabet a text needs and how many parts it takes
 * (docs/behaviour.md §2.2).  GSM-7 is Telnyx's own GSM-7 set (printable ASCII
 * but the grave accent, newline, carriage return and some Latin-1 letters),
 * whose characters ~^|\{}[] take two septets; anything else is UCS-2,
 * counted in UTF-16 code units.  One part holds 160 septets / 70 units; longer texts
 * split into parts of 153 / 67, never splitting an escape pair or a
 * surrogate pair.  Pure functions.
 * Calls: only libc.
 */
#ifndef MDRMOCK_ENCODING_H
#define MDRMOCK_ENCODING_H

#include <stddef.h>

enum encoding_kind { ENCODING_GSM7, ENCODING_UCS2, ENCODING_KIND_COUNT };

/* The request's "encoding" field. */
enum encoding_request { ENCODING_AUTO, ENCODING_WANT_GSM7, ENCODING_WANT_UCS2 };

struct encoding_info {
	enum encoding_kind kind;
	size_t units; /* septets for GSM-7, UTF-16 code units for UCS-2 */
	int parts;    /* at least 1 */
};

/*
 * Analyses len bytes of UTF-8.  Returns 0, or -1 when the text is not valid
 * UTF-8 or GSM-7 was requested for a text outside the GSM alphabet.
 */
int encoding_analyze(const char *text, size_t len, enum encoding_request want,
                     struct encoding_info *out);

/* "GSM-7" or "UCS-2". */
const char *encoding_name(enum encoding_kind kind);
/* The inverse of encoding_name(); -1 when unknown. */
int encoding_from_name(const char *name);

#endif
