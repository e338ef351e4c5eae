#include <stdio.h>
#include <stdlib.h>

#include "encoding.h"
#include "unit.h"

/* n copies of a UTF-8 string s. */
static char *rep(const char *s, int n)
{
	size_t len = strlen(s);
	char *out = malloc(len * (size_t)n + 1);

	for (int i = 0; i < n; i++)
		memcpy(out + len * (size_t)i, s, len);
	out[len * (size_t)n] = '\0';
	return out;
}

static struct encoding_info analyze(const char *s, enum encoding_request want, int *rc)
{
	struct encoding_info info = {ENCODING_GSM7, 0, 0};

	*rc = encoding_analyze(s, strlen(s), want, &info);
	return info;
}

static void check_parts(const char *unit, int count, enum encoding_kind kind, size_t units,
                        int parts)
{
	char *s = rep(unit, count);
	int rc;
	struct encoding_info info = analyze(s, ENCODING_AUTO, &rc);

	CHECK_INT(rc, 0);
	CHECK_INT(info.kind, kind);
	CHECK_INT(info.units, units);
	CHECK_INT(info.parts, parts);
	free(s);
}

static void test_gsm_boundaries(void)
{
	check_parts("a", 1, ENCODING_GSM7, 1, 1);
	check_parts("a", 160, ENCODING_GSM7, 160, 1);
	check_parts("a", 161, ENCODING_GSM7, 161, 2);
	check_parts("a", 306, ENCODING_GSM7, 306, 2);
	check_parts("a", 307, ENCODING_GSM7, 307, 3);
	check_parts("a", 459, ENCODING_GSM7, 459, 3);
	check_parts("a", 460, ENCODING_GSM7, 460, 4);
}

static void test_gsm_extension_counts_double(void)
{
	check_parts("^", 80, ENCODING_GSM7, 160, 1);
	check_parts("^", 81, ENCODING_GSM7, 162, 2);
	check_parts("{", 1, ENCODING_GSM7, 2, 1);
	check_parts("\\", 1, ENCODING_GSM7, 2, 1);
	/* Each escaped character of Telnyx's set: ~^|\{}[] */
	check_parts("~^|\\{}[]", 1, ENCODING_GSM7, 16, 1);
}

static void test_gsm_escape_not_split(void)
{
	/* 152 'a' then '[' (2 septets): 154 > 153, so the escape moves to part 2. */
	char *s = rep("a", 152), *t = malloc(200);
	int rc;
	struct encoding_info info;

	snprintf(t, 200, "%s[%s", s, "bbbbbbbbbb");
	info = analyze(t, ENCODING_AUTO, &rc);
	CHECK_INT(rc, 0);
	CHECK_INT(info.units, 164);
	CHECK_INT(info.parts, 2);
	free(s);
	free(t);
	/*
	 * 152 'a', '[', 152 'b': 306 septets would fit two parts of 153 if the
	 * escape pair could straddle them; it cannot, so it takes three.
	 */
	s = rep("a", 152);
	{
		char *b = rep("b", 152);

		t = malloc(400);
		snprintf(t, 400, "%s[%s", s, b);
		free(b);
	}
	info = analyze(t, ENCODING_AUTO, &rc);
	CHECK_INT(info.units, 306);
	CHECK_INT(info.parts, 3);
	free(s);
	free(t);
}

static void test_gsm_basic_non_ascii(void)
{
	int rc;
	struct encoding_info info =
	    analyze("\xc3\xa9t\xc3\xa9 \xc2\xa3 @$_", ENCODING_AUTO, &rc); /* été £ @$_ */
	/* Every non-ASCII character of Telnyx's set, one septet each. */
	static const char latin[] = "£¥èéùìòØøÅåÆæßÉ¡ÄÖÑÜ¿äöñüà";

	CHECK_INT(rc, 0);
	CHECK_INT(info.kind, ENCODING_GSM7);
	CHECK_INT(info.units, 9);
	info = analyze(latin, ENCODING_AUTO, &rc);
	CHECK_INT(info.kind, ENCODING_GSM7);
	CHECK_INT(info.units, 26);
}

/*
 * GSM 03.38 characters Telnyx's set leaves out fall back to UCS-2, each on
 * its own in an otherwise plain text: the euro sign, Greek capitals, ¤, §,
 * Ç, form feed (docs/behaviour.md §2.2).
 */
static void test_outside_telnyx_gsm7(void)
{
	static const char *const outside[] = {"€", "Δ", "Φ", "Γ", "Λ", "Ω", "Π", "Ψ",
	                                      "Σ", "Θ", "Ξ", "¤", "§", "Ç", "\f"};

	for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
		char text[32];
		int rc;
		struct encoding_info info;

		snprintf(text, sizeof text, "a%sb", outside[i]);
		info = analyze(text, ENCODING_AUTO, &rc);
		if (info.kind != ENCODING_UCS2)
			unit_fail(__FILE__, __LINE__, "'%s' stayed GSM-7", outside[i]);
		CHECK_INT(rc, 0);
		analyze(text, ENCODING_WANT_GSM7, &rc);
		CHECK_INT(rc, -1);
	}
}

static void test_non_gsm_is_ucs2(void)
{
	int rc;
	struct encoding_info info = analyze("price `5`", ENCODING_AUTO, &rc);

	CHECK_INT(info.kind, ENCODING_UCS2);
	info = analyze("\xd0\x9f\xd1\x80\xd0\xb8", ENCODING_AUTO, &rc); /* Cyrillic */
	CHECK_INT(info.kind, ENCODING_UCS2);
	CHECK_INT(info.units, 3);
	info = analyze("tab\there", ENCODING_AUTO, &rc);
	CHECK_INT(info.kind, ENCODING_UCS2);
}

static void test_ucs2_boundaries(void)
{
	check_parts("\xd0\x96", 70, ENCODING_UCS2, 70, 1);
	check_parts("\xd0\x96", 71, ENCODING_UCS2, 71, 2);
	check_parts("\xd0\x96", 134, ENCODING_UCS2, 134, 2);
	check_parts("\xd0\x96", 135, ENCODING_UCS2, 135, 3);
	/* An emoji is a surrogate pair: two units. */
	check_parts("\xf0\x9f\x98\x80", 35, ENCODING_UCS2, 70, 1);
	check_parts("\xf0\x9f\x98\x80", 36, ENCODING_UCS2, 72, 2);
}

static void test_requested_encoding(void)
{
	int rc;
	struct encoding_info info;

	info = analyze("hello", ENCODING_WANT_UCS2, &rc);
	CHECK_INT(rc, 0);
	CHECK_INT(info.kind, ENCODING_UCS2);
	info = analyze("hello", ENCODING_WANT_GSM7, &rc);
	CHECK_INT(rc, 0);
	CHECK_INT(info.kind, ENCODING_GSM7);
	analyze("\xd0\x96", ENCODING_WANT_GSM7, &rc);
	CHECK_INT(rc, -1);
}

static void test_invalid_utf8(void)
{
	int rc;

	analyze("\xff", ENCODING_AUTO, &rc);
	CHECK_INT(rc, -1);
	analyze("\xc3", ENCODING_AUTO, &rc); /* truncated */
	CHECK_INT(rc, -1);
	analyze("\xc0\xaf", ENCODING_AUTO, &rc); /* overlong '/' */
	CHECK_INT(rc, -1);
	analyze("\xed\xa0\x80", ENCODING_AUTO, &rc); /* a surrogate */
	CHECK_INT(rc, -1);
}

static void test_empty_and_names(void)
{
	int rc;
	struct encoding_info info = analyze("", ENCODING_AUTO, &rc);

	CHECK_INT(rc, 0);
	CHECK_INT(info.parts, 1);
	CHECK_STR(encoding_name(ENCODING_GSM7), "GSM-7");
	CHECK_STR(encoding_name(ENCODING_UCS2), "UCS-2");
	CHECK_INT(encoding_from_name("UCS-2"), ENCODING_UCS2);
	CHECK_INT(encoding_from_name("utf-8"), -1);
}

const struct unit_test unit_encoding[] = {
    {"gsm_boundaries", test_gsm_boundaries},
    {"gsm_extension_counts_double", test_gsm_extension_counts_double},
    {"gsm_escape_not_split", test_gsm_escape_not_split},
    {"gsm_basic_non_ascii", test_gsm_basic_non_ascii},
    {"non_gsm_is_ucs2", test_non_gsm_is_ucs2},
    {"outside Telnyx's GSM-7 set: UCS-2", test_outside_telnyx_gsm7},
    {"ucs2_boundaries", test_ucs2_boundaries},
    {"requested_encoding", test_requested_encoding},
    {"invalid_utf8", test_invalid_utf8},
    {"empty_and_names", test_empty_and_names},
    {NULL, NULL},
};
