#include <stdint.h>
#include "timefmt.h"
#include "unit.h"

static void test_civil_round_trip(void)
{
	int y, m, d;

	CHECK_INT(timefmt_days_from_civil(1970, 1, 1), 0);
	CHECK_INT(timefmt_days_from_civil(2000, 3, 1), 11017);
	CHECK_INT(timefmt_days_from_civil(1969, 12, 31), -1);
	for (int64_t days = -800000; days < 800000; days += 997) {
		timefmt_civil_from_days(days, &y, &m, &d);
		CHECK_INT(timefmt_days_from_civil(y, m, d), days);
	}
}

static void test_parse_forms(void)
{
	int64_t ms;

	CHECK_INT(timefmt_parse_ms("2019-01-23T18:10:02.574Z", &ms), 0);
	CHECK_INT(ms, 1548267002574LL);
	CHECK_INT(timefmt_parse_ms("2019-01-23T18:10:02Z", &ms), 0);
	CHECK_INT(ms, 1548267002000LL);
	CHECK_INT(timefmt_parse_ms("2019-01-23T19:10:02.5+01:00", &ms), 0);
	CHECK_INT(ms, 1548267002500LL);
	CHECK_INT(timefmt_parse_ms("2019-01-23t13:10:02.574123-05:00", &ms), 0);
	CHECK_INT(ms, 1548267002574LL);
	CHECK_INT(timefmt_parse_ms("2024-02-29 00:00:00+00:00", &ms), 0);
}

static void test_parse_rejects(void)
{
	int64_t ms;
	struct timefmt_parts p;

	CHECK_INT(timefmt_parse_ms("2019-01-23T18:10:02", &ms), -1); /* no offset */
	CHECK_INT(timefmt_parse("2019-01-23T18:10:02", &p), 0);
	CHECK_INT(p.has_offset, 0);
	CHECK_INT(timefmt_parse_ms("2023-02-29T00:00:00Z", &ms), -1);
	CHECK_INT(timefmt_parse_ms("2019-13-01T00:00:00Z", &ms), -1);
	CHECK_INT(timefmt_parse_ms("2019-04-31T00:00:00Z", &ms), -1);
	CHECK_INT(timefmt_parse_ms("2019-01-01T24:00:00Z", &ms), -1);
	CHECK_INT(timefmt_parse_ms("2019-01-01T00:60:00Z", &ms), -1);
	CHECK_INT(timefmt_parse_ms("2019-01-01T00:00:00.Z", &ms), -1);
	CHECK_INT(timefmt_parse_ms("2019-01-01T00:00:00+0100", &ms), -1);
	CHECK_INT(timefmt_parse_ms("2019-01-01T00:00:00Zjunk", &ms), -1);
	CHECK_INT(timefmt_parse_ms("2019-1-01T00:00:00Z", &ms), -1);
	CHECK_INT(timefmt_parse_ms("", &ms), -1);
	CHECK_INT(timefmt_parse_ms("yesterday", &ms), -1);
}

static void test_format(void)
{
	char b[TIMEFMT_LEN];

	CHECK_STR(timefmt_iso_ms(1548267002574LL, b), "2019-01-23T18:10:02.574Z");
	CHECK_STR(timefmt_iso_offset(1731405268000LL, b), "2024-11-12T09:54:28+00:00");
	CHECK_STR(timefmt_csv(1731405268999LL, b), "2024-11-12 09:54:28");
	CHECK_STR(timefmt_iso_ms(0, b), "1970-01-01T00:00:00.000Z");
	CHECK_STR(timefmt_iso_ms(-1, b), "1969-12-31T23:59:59.999Z");
	/* Past year 9999: the last instant, never a five-digit year. */
	CHECK_STR(timefmt_iso_ms(253402300799999LL, b), "9999-12-31T23:59:59.999Z");
	CHECK_STR(timefmt_iso_offset(253402300800000LL + 14400000, b), "9999-12-31T23:59:59+00:00");
	CHECK_STR(timefmt_iso_ms(INT64_MAX, b), "9999-12-31T23:59:59.999Z");
}

static void test_durations(void)
{
	int64_t ms;

	CHECK_INT(timefmt_parse_duration("31d", &ms), 0);
	CHECK_INT(ms, 31LL * 86400000);
	CHECK_INT(timefmt_parse_duration("1h30m", &ms), 0);
	CHECK_INT(ms, 5400000);
	CHECK_INT(timefmt_parse_duration("0.5s", &ms), 0);
	CHECK_INT(ms, 500);
	CHECK_INT(timefmt_parse_duration("250ms", &ms), 0);
	CHECK_INT(ms, 250);
	CHECK_INT(timefmt_parse_duration("90", &ms), 0);
	CHECK_INT(ms, 90000);
	CHECK_INT(timefmt_parse_duration("2m", &ms), 0);
	CHECK_INT(ms, 120000);
	CHECK_INT(timefmt_parse_duration("", &ms), -1);
	CHECK_INT(timefmt_parse_duration("-5s", &ms), -1);
	CHECK_INT(timefmt_parse_duration("5w", &ms), -1);
	CHECK_INT(timefmt_parse_duration("s", &ms), -1);
	CHECK_INT(timefmt_parse_duration("99999999999999999999d", &ms), -1);
}

const struct unit_test unit_timefmt[] = {
    {"civil_round_trip", test_civil_round_trip},
    {"parse_forms", test_parse_forms},
    {"parse_rejects", test_parse_rejects},
    {"format", test_format},
    {"durations", test_durations},
    {NULL, NULL},
};
