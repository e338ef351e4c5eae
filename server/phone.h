/*
 * phone: what kind of address a string is (docs/behaviour.md §2.1), and the carrier
 * and line type the mock reports for a number (docs/behaviour.md §2.2: deterministic
 * from the number).  Pure functions.
 * Calls: ids.
 */
#ifndef MDRMOCK_PHONE_H
#define MDRMOCK_PHONE_H

enum phone_kind {
	PHONE_INVALID,
	PHONE_E164,        /* '+' and 8-15 digits, the first not 0 */
	PHONE_SHORT_CODE,  /* 5 or 6 digits */
	PHONE_ALPHANUMERIC /* 1-11 letters, digits and inner spaces, at least one letter */
};

enum phone_kind phone_classify(const char *s);

/*
 * The carrier and line type reported for number.  own is 1 for the
 * customer's side (an outbound message's from, an inbound message's to),
 * which is a Telnyx number.  The strings are static.
 */
void phone_carrier(const char *number, int own, const char **carrier, const char **line_type);

#endif
