#include "phone.h"

#include <string.h>

#include "ids.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

enum phone_kind phone_classify(const char *s)
{
	size_t n = strlen(s), i;
	int letters = 0;

	if (s[0] == '+') {
		if (n < 9 || n > 16 || s[1] == '0')
			return PHONE_INVALID;
		for (i = 1; i < n; i++)
			if (!is_digit(s[i]))
				return PHONE_INVALID;
		return PHONE_E164;
	}
	if (n == 5 || n == 6) {
		for (i = 0; i < n && is_digit(s[i]); i++)
			;
		if (i == n)
			return PHONE_SHORT_CODE;
	}
	if (n < 1 || n > 11 || s[0] == ' ' || s[n - 1] == ' ')
		return PHONE_INVALID;
	for (i = 0; i < n; i++) {
		if (is_letter(s[i]))
			letters++;
		else if (!is_digit(s[i]) && s[i] != ' ')
			return PHONE_INVALID;
	}
	return letters ? PHONE_ALPHANUMERIC : PHONE_INVALID;
}

/* MOCK: a small table of real US carrier names, picked by a hash of the number. */
static const struct {
	const char *carrier;
	const char *line_type;
} carriers[] = {
    {"T-MOBILE USA, INC.", "Wireless"},
    {"CELLCO PARTNERSHIP DBA VERIZON WIRELESS", "Wireless"},
    {"AT&T MOBILITY", "Wireless"},
    {"T-MOBILE USA, INC.", "Wireless"},
    {"BANDWIDTH.COM CLEC, LLC", "VoIP"},
    {"LEVEL 3 COMMUNICATIONS, LLC", "Wireline"},
    {"CELLCO PARTNERSHIP DBA VERIZON WIRELESS", "Wireless"},
    {"ONVOY, LLC", "VoIP"},
};

void phone_carrier(const char *number, int own, const char **carrier, const char **line_type)
{
	if (phone_classify(number) != PHONE_E164) {
		/* Short codes and sender ids have no carrier of their own. */
		*carrier = "";
		*line_type = "";
	} else if (own) {
		*carrier = "TELNYX LLC";
		*line_type = "VoIP";
	} else {
		size_t i = ids_hash(number) % (sizeof carriers / sizeof carriers[0]);

		*carrier = carriers[i].carrier;
		*line_type = carriers[i].line_type;
	}
}
