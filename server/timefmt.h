/*
 * timefmt: instants as int64 milliseconds since the Unix epoch (UTC), and
 * their text forms.  Pure functions with no time zone database and no
 * global state, so they are safe on any thread and easy to test.
 * Calls: only libc.
 */
#ifndef MDRMOCK_TIMEFMT_H
#define MDRMOCK_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

/* Days between 1970-01-01 and the given civil date (proleptic Gregorian). */
int64_t timefmt_days_from_civil(int year, int month, int day);
/* The inverse of timefmt_days_from_civil(). */
void timefmt_civil_from_days(int64_t days, int *year, int *month, int *day);

/* The fields of an RFC 3339 date-time as written. */
struct timefmt_parts {
	int year, month, day, hour, minute, second, millis;
	int has_offset;     /* 0 when the text had no Z / +hh:mm */
	int offset_minutes; /* east of UTC */
};

/*
 * Parses "YYYY-MM-DDTHH:MM:SS[.fff...][Z|+hh:mm|-hh:mm]" (T may be t or a
 * space; digits after the third of a fraction are ignored).  Checks that
 * every field is in range, including the day of the month.  Returns 0, or -1
 * when s is not such a date-time.
 */
int timefmt_parse(const char *s, struct timefmt_parts *out);

/* The instant of parts, read as UTC when it has no offset. */
int64_t timefmt_parts_ms(const struct timefmt_parts *p);

/* Parses an RFC 3339 date-time that must carry an offset.  0 or -1. */
int timefmt_parse_ms(const char *s, int64_t *ms);

/*
 * Parses a duration: one or more <number><unit> terms ("31d", "1h30m",
 * "0.5s", "250ms"); a bare number is seconds.  Units ms, s, m, h, d.
 * Returns 0 with the total in *ms, or -1 (negative, empty, overflow, junk).
 */
int timefmt_parse_duration(const char *s, int64_t *ms);

#define TIMEFMT_LEN 32

/* "2019-01-23T18:10:02.574Z": messages (docs/behaviour.md §1.5). */
char *timefmt_iso_ms(int64_t ms, char out[TIMEFMT_LEN]);
/* "2019-12-09T21:32:14.148+00:00": a webhook's occurred_at (docs/behaviour.md §3). */
char *timefmt_iso_ms_offset(int64_t ms, char out[TIMEFMT_LEN]);
/* "2024-11-12T09:54:28+00:00": v1 MDR requests (docs/behaviour.md §1.5). */
char *timefmt_iso_offset(int64_t ms, char out[TIMEFMT_LEN]);
/* "2024-11-12 09:54:28": report CSV (docs/behaviour.md §4.4). */
char *timefmt_csv(int64_t ms, char out[TIMEFMT_LEN]);

#endif
