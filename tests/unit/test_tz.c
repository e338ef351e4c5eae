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

/* The zone file dir/name parsed directly (no cache), or NULL. */
static struct tz *load(const char *dir, const char *name)
{
	char path[256];
	unsigned char buf[8192];
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "tests/unit/tz/%s/%s", dir, name);
	f = fopen(path, "rb");
	if (f == NULL) {
		unit_fail(__FILE__, __LINE__, "cannot open %s", path);
		return NULL;
	}
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	return tz_parse(buf, n);
}

static const char *const builds[] = {"fat", "slim"};

/* Transitions by the rule (second Sunday of March, first of November), before and after 2037. */
static void test_new_york_fat_and_slim(void)
{
	for (size_t b = 0; b < 2; b++) {
		struct tz *z = load(builds[b], "America/New_York");

		CHECK(z != NULL);
		if (z == NULL)
			continue;
		CHECK_INT(tz_offset_at(z, civil(2000, 7, 1, 12, 0)),
		          -5 * 3600); /* no DST before 2007 */
		CHECK_INT(tz_offset_at(z, civil(2024, 1, 15, 12, 0)), -5 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2024, 7, 15, 12, 0)), -4 * 3600);
		/* 2024-03-10 02:00 EST = 07:00 UTC; 2024-11-03 02:00 EDT = 06:00 UTC. */
		CHECK_INT(tz_offset_at(z, civil(2024, 3, 10, 7, 0) - 1), -5 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2024, 3, 10, 7, 0)), -4 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2024, 11, 3, 6, 0) - 1), -4 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2024, 11, 3, 6, 0)), -5 * 3600);
		/* Past the fat file's 2037: the footer goes on. 2040-03-11 and 2040-11-04. */
		CHECK_INT(tz_offset_at(z, civil(2040, 1, 15, 12, 0)), -5 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2040, 3, 11, 7, 0) - 1), -5 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2040, 3, 11, 7, 0)), -4 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2040, 11, 4, 6, 0)), -5 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2100, 7, 1, 0, 0)), -4 * 3600);
		/* Wall clock to UTC: plain, the spring gap, the autumn overlap. */
		CHECK_INT(tz_local_to_utc(z, civil(2024, 11, 12, 0, 0)), civil(2024, 11, 12, 5, 0));
		CHECK_INT(tz_local_to_utc(z, civil(2024, 7, 1, 0, 0)), civil(2024, 7, 1, 4, 0));
		CHECK_INT(tz_local_to_utc(z, civil(2024, 3, 10, 2, 30)), civil(2024, 3, 10, 7, 30));
		CHECK_INT(tz_local_to_utc(z, civil(2024, 11, 3, 1, 30)), civil(2024, 11, 3, 5, 30));
		CHECK_INT(tz_local_to_utc(z, civil(2045, 7, 1, 0, 0)), civil(2045, 7, 1, 4, 0));
		tz_free(z);
	}
}

/* A southern zone: daylight time spans the new year; rule times in standard time. */
static void test_sydney_fat_and_slim(void)
{
	for (size_t b = 0; b < 2; b++) {
		struct tz *z = load(builds[b], "Australia/Sydney");

		CHECK(z != NULL);
		if (z == NULL)
			continue;
		CHECK_INT(tz_offset_at(z, civil(2024, 1, 15, 0, 0)), 11 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2024, 7, 15, 0, 0)), 10 * 3600);
		/* 2024-04-07 02:00 AEST = 04-06 16:00 UTC; 2024-10-06 02:00 AEST = 10-05 16:00 UTC.
		 */
		CHECK_INT(tz_offset_at(z, civil(2024, 4, 6, 16, 0) - 1), 11 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2024, 4, 6, 16, 0)), 10 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2024, 10, 5, 16, 0) - 1), 10 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2024, 10, 5, 16, 0)), 11 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2040, 12, 25, 0, 0)), 11 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2041, 1, 1, 0, 0)), 11 * 3600);
		CHECK_INT(tz_offset_at(z, civil(2040, 6, 1, 0, 0)), 10 * 3600);
		tz_free(z);
	}
}

static void test_fixed_offset_fat_and_slim(void)
{
	for (size_t b = 0; b < 2; b++) {
		struct tz *z = load(builds[b], "Asia/Kolkata");

		CHECK(z != NULL);
		if (z == NULL)
			continue;
		CHECK_INT(tz_offset_at(z, civil(2024, 1, 1, 0, 0)), 5 * 3600 + 1800);
		CHECK_INT(tz_offset_at(z, civil(2060, 7, 1, 0, 0)), 5 * 3600 + 1800);
		tz_free(z);
	}
}

/* A footer that is not a POSIX TZ string makes the file unreadable, not half-read. */
static void test_bad_footer(void)
{
	static const char *const bad[] = {"EST",
	                                  "EST5EDT,M3.2.0",
	                                  "EST5EDT,M13.1.0,M11.1.0",
	                                  "EST5EDT,M3.2.0,M11.1.0/200",
	                                  "X5",
	                                  "<+05>",
	                                  "EST5x"};
	unsigned char buf[8192];
	size_t n, cut;
	FILE *f = fopen("tests/unit/tz/slim/America/New_York", "rb");

	CHECK(f != NULL);
	if (f == NULL)
		return;
	n = fread(buf, 1, sizeof buf - 64, f);
	fclose(f);
	/* The footer is the last line: find the newline before it. */
	for (cut = n - 1; cut > 0 && buf[cut - 1] != '\n'; cut--)
		;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t len = strlen(bad[i]);
		struct tz *z;

		memcpy(buf + cut, bad[i], len);
		buf[cut + len] = '\n';
		z = tz_parse(buf, cut + len + 1);
		if (z != NULL)
			unit_fail(__FILE__, __LINE__, "accepted footer %s", bad[i]);
		tz_free(z);
	}
	memcpy(buf + cut, "<-03>3\n", 7);
	{
		struct tz *z = tz_parse(buf, cut + 7);

		CHECK(z != NULL);
		if (z != NULL)
			CHECK_INT(tz_offset_at(z, civil(2050, 1, 1, 0, 0)), -3 * 3600);
		tz_free(z);
	}
}

static void test_kolkata_and_parse_errors(void)
{
	const struct tz *z = tz_get("Asia/Kolkata");
	static const unsigned char junk[] = "TZjf0000000000000000000000000000000000000000000";

	if (z != NULL)
		CHECK_INT(tz_local_to_utc(z, civil(2024, 11, 12, 5, 30)),
		          civil(2024, 11, 12, 0, 0));
	else
		unit_fail(__FILE__, __LINE__, "Asia/Kolkata missing");
	CHECK(tz_parse(junk, sizeof junk) == NULL);
	CHECK(tz_parse((const unsigned char *)"TZif2", 5) == NULL);
}

const struct unit_test unit_tz[] = {
    {"utc_and_bad_names", test_utc_and_bad_names},
    {"America/New_York, fat and slim", test_new_york_fat_and_slim},
    {"Australia/Sydney, fat and slim", test_sydney_fat_and_slim},
    {"a fixed offset, fat and slim", test_fixed_offset_fat_and_slim},
    {"a malformed footer", test_bad_footer},
    {"kolkata_and_parse_errors", test_kolkata_and_parse_errors},
    {NULL, NULL},
};
