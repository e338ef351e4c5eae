#include "timefmt.h"

#include <stdio.h>
#include <string.h>

#define MS_PER_DAY 86400000LL

/*
 * Howard Hinnant's civil-from-days algorithms: exact for every date of the
 * proleptic Gregorian calendar, no tables, no libc time functions.
 */
int64_t timefmt_days_from_civil(int year, int month, int day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void timefmt_civil_from_days(int64_t days, int *year, int *month, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;

	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Reads exactly n digits at *p into *out, advancing *p.  0 or -1. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		char c = (*p)[i];

		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

int timefmt_parse(const char *s, struct timefmt_parts *out)
{
	struct timefmt_parts t;
	const char *p = s;

	memset(&t, 0, sizeof t);
	if (digits(&p, 4, &t.year) || *p++ != '-' || digits(&p, 2, &t.month) || *p++ != '-' ||
	    digits(&p, 2, &t.day))
		return -1;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if (digits(&p, 2, &t.hour) || *p++ != ':' || digits(&p, 2, &t.minute) || *p++ != ':' ||
	    digits(&p, 2, &t.second))
		return -1;
	if (*p == '.') {
		int n = 0;

		p++;
		while (*p >= '0' && *p <= '9') {
			if (n < 3)
				t.millis = t.millis * 10 + (*p - '0');
			n++;
			p++;
		}
		if (n == 0)
			return -1;
		for (; n < 3; n++)
			t.millis *= 10;
	}
	if (*p == 'Z' || *p == 'z') {
		t.has_offset = 1;
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1, oh, om;

		p++;
		if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) || oh > 23 || om > 59)
			return -1;
		t.has_offset = 1;
		t.offset_minutes = sign * (oh * 60 + om);
	}
	if (*p != '\0')
		return -1;
	if (t.year < 1 || t.month < 1 || t.month > 12 || t.day < 1 ||
	    t.day > month_days(t.year, t.month) || t.hour > 23 || t.minute > 59 || t.second > 59)
		return -1;
	*out = t;
	return 0;
}

int64_t timefmt_parts_ms(const struct timefmt_parts *p)
{
	int64_t days = timefmt_days_from_civil(p->year, p->month, p->day);
	int64_t secs = days * 86400 + p->hour * 3600 + p->minute * 60 + p->second;

	secs -= (int64_t)p->offset_minutes * 60;
	return secs * 1000 + p->millis;
}

int timefmt_parse_ms(const char *s, int64_t *ms)
{
	struct timefmt_parts t;

	if (timefmt_parse(s, &t) != 0 || !t.has_offset)
		return -1;
	*ms = timefmt_parts_ms(&t);
	return 0;
}

int timefmt_parse_duration(const char *s, int64_t *ms)
{
	/* Whole days of a few thousand years keep every product far below 2^63. */
	const double limit = 1e15;
	double total = 0;
	const char *p = s;

	if (*p == '\0')
		return -1;
	while (*p != '\0') {
		double v = 0, scale = 1;
		int seen = 0;

		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (*p++ - '0');
			seen = 1;
			if (v > limit)
				return -1;
		}
		if (*p == '.') {
			p++;
			while (*p >= '0' && *p <= '9') {
				scale /= 10;
				v += (*p++ - '0') * scale;
				seen = 1;
			}
		}
		if (!seen)
			return -1;
		if (strncmp(p, "ms", 2) == 0) {
			p += 2;
		} else if (*p == 's' || *p == '\0') {
			v *= 1000;
			p += *p == 's';
		} else if (*p == 'm') {
			v *= 60000;
			p++;
		} else if (*p == 'h') {
			v *= 3600000;
			p++;
		} else if (*p == 'd') {
			v *= (double)MS_PER_DAY;
			p++;
		} else {
			return -1;
		}
		total += v;
		if (total > limit)
			return -1;
	}
	*ms = (int64_t)(total + 0.5);
	return 0;
}

struct civil {
	int year, month, day, hour, minute, second, millis;
};

/* MOCK: the last instant written, 9999-12-31T23:59:59.999Z: a later one is shown as it. */
#define LAST_MS 253402300799999LL

static void split(int64_t ms, struct civil *c)
{
	int64_t days, rem;

	if (ms > LAST_MS)
		ms = LAST_MS;
	days = ms >= 0 ? ms / MS_PER_DAY : -((-ms + MS_PER_DAY - 1) / MS_PER_DAY);
	rem = ms - days * MS_PER_DAY;

	timefmt_civil_from_days(days, &c->year, &c->month, &c->day);
	c->hour = (int)(rem / 3600000);
	c->minute = (int)(rem / 60000 % 60);
	c->second = (int)(rem / 1000 % 60);
	c->millis = (int)(rem % 1000);
}

char *timefmt_iso_ms(int64_t ms, char out[TIMEFMT_LEN])
{
	struct civil c;

	split(ms, &c);
	snprintf(out, TIMEFMT_LEN, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year, c.month, c.day,
	         c.hour, c.minute, c.second, c.millis);
	return out;
}

char *timefmt_iso_ms_offset(int64_t ms, char out[TIMEFMT_LEN])
{
	struct civil c;

	split(ms, &c);
	snprintf(out, TIMEFMT_LEN, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+00:00", c.year, c.month,
	         c.day, c.hour, c.minute, c.second, c.millis);
	return out;
}

char *timefmt_iso_offset(int64_t ms, char out[TIMEFMT_LEN])
{
	struct civil c;

	split(ms, &c);
	snprintf(out, TIMEFMT_LEN, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", c.year, c.month, c.day,
	         c.hour, c.minute, c.second);
	return out;
}

char *timefmt_csv(int64_t ms, char out[TIMEFMT_LEN])
{
	struct civil c;

	split(ms, &c);
	snprintf(out, TIMEFMT_LEN, "%04d-%02d-%02d %02d:%02d:%02d", c.year, c.month, c.day, c.hour,
	         c.minute, c.second);
	return out;
}
