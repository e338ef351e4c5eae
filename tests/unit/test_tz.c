#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"
#include "tz.h"
#include "unit.h"

/* Seconds since the epoch of a UTC (or wall-clock) civil time. */
static int64_t civil(int y, int mo, int d, int h, int mi)
{
	return timefmt_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60;
}

static void test_utc_and_bad_names(void)
{
	const struct tz *z = tz_get("UTC");

	CHECK(z != NULL);
	if (z != NULL)
		CHECK_INT(tz_local_to_utc(z, civil(2024, 11, 12, 9, 0)), civil(2024, 11, 12, 9, 0));
	CHECK(tz_get("Mars/Olympus_Mons") == NULL);
	CHECK(tz_get("../../etc/passwd") == NULL);
	CHECK(tz_get("/etc/localtime") == NULL);
	CHECK(tz_get("") == NULL);
	CHECK(tz_get("America/./New_York") == NULL);
	CHECK(tz_get("America") == NULL); /* a directory, not a zone */
}

static void test_new_york(void)
{
	const struct tz *z = tz_get("America/New_York");

	if (z == NULL) {
		unit_fail(__FILE__, __LINE__, "America/New_York missing: is tzdata installed?");
		return;
	}
	/* Winter: UTC-5; summer: UTC-4. */
	CHECK_INT(tz_offset_at(z, civil(2024, 1, 15, 12, 0)), -5 * 3600);
	CHECK_INT(tz_offset_at(z, civil(2024, 7, 15, 12, 0)), -4 * 3600);
	CHECK_INT(tz_local_to_utc(z, civil(2024, 11, 12, 0, 0)), civil(2024, 11, 12, 5, 0));
	CHECK_INT(tz_local_to_utc(z, civil(2024, 7, 1, 0, 0)), civil(2024, 7, 1, 4, 0));
	/* 2024-03-10 02:30 does not exist: the offset before the gap (-5) applies. */
	CHECK_INT(tz_local_to_utc(z, civil(2024, 3, 10, 2, 30)), civil(2024, 3, 10, 7, 30));
	/* 2024-11-03 01:30 happens twice: the earlier (EDT, -4). */
	CHECK_INT(tz_local_to_utc(z, civil(2024, 11, 3, 1, 30)), civil(2024, 11, 3, 5, 30));
}

static void test_kolkata_and_parse_errors(void)
{
	const struct tz *z = tz_get("Asia/Kolkata");
	static const unsigned char junk[] = "TZjf0000000000000000000000000000000000000000000";

	if (z != NULL)
		CHECK_INT(tz_local_to_utc(z, civil(2024, 11, 12, 5, 30)), civil(2024, 11, 12, 0, 0));
	else
		unit_fail(__FILE__, __LINE__, "Asia/Kolkata missing");
	CHECK(tz_parse(junk, sizeof junk) == NULL);
	CHECK(tz_parse((const unsigned char *)"TZif2", 5) == NULL);
}

const struct unit_test unit_tz[] = {
	{"utc_and_bad_names", test_utc_and_bad_names},
	{"new_york", test_new_york},
	{"kolkata_and_parse_errors", test_kolkata_and_parse_errors},
	{NULL, NULL},
};
