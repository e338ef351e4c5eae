#include "tz.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"
#include "util.h"

/* Largest zone file we accept; real ones are under 4 KiB. */
#define TZ_MAX_FILE (256 * 1024)
#define TZ_MAX_NAME 64
/* RFC 8536 3.2: the range of a local time type's offset from UTC, in seconds. */
#define TZ_MIN_UTOFF (-89999)
#define TZ_MAX_UTOFF 93599
/* RFC 8536 3.3.1: a POSIX TZ string's hours run to 24 for offsets, 167 for rule times. */
#define TZ_MAX_OFFSET_H 24
#define TZ_MAX_RULE_H   167
#define SECS_PER_DAY    86400
#define SECS_PER_HOUR   3600
/* The rule time when none is given: 02:00 local. */
#define TZ_DEFAULT_RULE_TIME (2 * SECS_PER_HOUR)

const char *tz_dir = "/usr/share/zoneinfo";

/* One end of daylight time in a POSIX TZ rule: Jn, n, or Mm.w.d, at secs local. */
struct tz_date {
	char kind; /* 'J' (1..365, no Feb 29), 'D' (0..365), 'M' (month.week.day) */
	int n, month, week, wday;
	int32_t secs;
};

/*
 * The TZif v2+ footer (RFC 8536 3.3): the rule for instants after the last
 * transition.  Offsets are east of UTC (the POSIX string's sign flipped).
 */
struct tz_rule {
	int present;
	int has_dst;
	int32_t std_off, dst_off;
	struct tz_date start, end; /* daylight time begins (in std time), ends (in dst time) */
};

struct tz {
	size_t n;        /* transitions */
	int64_t *at;     /* transition instants, ascending */
	int32_t *offset; /* offset in effect from at[i] on */
	int32_t initial; /* offset before the first transition */
	struct tz_rule rule;
};

struct tz_entry {
	char name[TZ_MAX_NAME];
	struct tz *zone;
	struct tz_entry *next;
};

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static struct tz_entry *cache;

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct header {
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static int read_header(const unsigned char *p, size_t len, struct header *h)
{
	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return -1;
	h->isutcnt = be32(p + 20);
	h->isstdcnt = be32(p + 24);
	h->leapcnt = be32(p + 28);
	h->timecnt = be32(p + 32);
	h->typecnt = be32(p + 36);
	h->charcnt = be32(p + 40);
	if (h->typecnt == 0 || h->typecnt > 256 || h->timecnt > 100000 || h->leapcnt > 10000 ||
	    h->charcnt > 10000 || h->isutcnt > 256 || h->isstdcnt > 256)
		return -1;
	return 0;
}

/* Bytes of a data block after its header, with times of tsize bytes. */
static size_t block_len(const struct header *h, size_t tsize)
{
	return h->timecnt * tsize + h->timecnt + h->typecnt * 6 + h->charcnt +
	       h->leapcnt * (tsize + 4) + h->isstdcnt + h->isutcnt;
}

/* A zone abbreviation: letters, or anything but '>' inside <...>.  Advances *p. */
static int rule_name(const char **p)
{
	const char *s = *p;
	size_t n = 0;

	if (*s == '<') {
		s++;
		while (s[n] != '\0' && s[n] != '>')
			n++;
		if (s[n] != '>' || n < 3)
			return -1;
		*p = s + n + 1;
		return 0;
	}
	while ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z'))
		n++;
	if (n < 3)
		return -1;
	*p = s + n;
	return 0;
}

/* [+-]hh[:mm[:ss]] with hh <= max_h, as seconds.  Advances *p. */
static int rule_time(const char **p, int max_h, int32_t *out)
{
	const char *s = *p;
	int sign = 1, part[3] = {0, 0, 0}, k = 0;

	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	for (;;) {
		int digits = 0, v = 0;

		while (*s >= '0' && *s <= '9' && digits < 3) {
			v = v * 10 + (*s++ - '0');
			digits++;
		}
		if (digits == 0 || (k > 0 && (digits != 2 || v > 59)) || (k == 0 && v > max_h))
			return -1;
		part[k++] = v;
		if (k == 3 || *s != ':')
			break;
		s++;
	}
	*out = sign * (part[0] * SECS_PER_HOUR + part[1] * 60 + part[2]);
	*p = s;
	return 0;
}

static int rule_number(const char **p, int lo, int hi, int *out)
{
	const char *s = *p;
	int v = 0, digits = 0;

	while (*s >= '0' && *s <= '9' && digits < 4) {
		v = v * 10 + (*s++ - '0');
		digits++;
	}
	if (digits == 0 || v < lo || v > hi)
		return -1;
	*out = v;
	*p = s;
	return 0;
}

/* ",Jn[/time]", ",n[/time]" or ",Mm.w.d[/time]".  Advances *p. */
static int rule_date(const char **p, struct tz_date *d)
{
	const char *s = *p;

	if (*s++ != ',')
		return -1;
	if (*s == 'J') {
		s++;
		d->kind = 'J';
		if (rule_number(&s, 1, 365, &d->n) != 0)
			return -1;
	} else if (*s == 'M') {
		s++;
		d->kind = 'M';
		if (rule_number(&s, 1, 12, &d->month) != 0 || *s++ != '.' ||
		    rule_number(&s, 1, 5, &d->week) != 0 || *s++ != '.' ||
		    rule_number(&s, 0, 6, &d->wday) != 0)
			return -1;
	} else {
		d->kind = 'D';
		if (rule_number(&s, 0, 365, &d->n) != 0)
			return -1;
	}
	d->secs = TZ_DEFAULT_RULE_TIME;
	if (*s == '/') {
		s++;
		if (rule_time(&s, TZ_MAX_RULE_H, &d->secs) != 0)
			return -1;
	}
	*p = s;
	return 0;
}

/* A POSIX TZ string ("EST5EDT,M3.2.0,M11.1.0", "<+0530>-5:30") into r.  0, or -1. */
static int parse_rule(const char *s, struct tz_rule *r)
{
	int32_t off;

	memset(r, 0, sizeof *r);
	if (rule_name(&s) != 0 || rule_time(&s, TZ_MAX_OFFSET_H, &off) != 0)
		return -1;
	r->std_off = -off; /* POSIX counts west of Greenwich as positive */
	r->dst_off = r->std_off + SECS_PER_HOUR;
	if (*s != '\0') {
		if (rule_name(&s) != 0)
			return -1;
		r->has_dst = 1;
		if (*s != ',' && *s != '\0') {
			if (rule_time(&s, TZ_MAX_OFFSET_H, &off) != 0)
				return -1;
			r->dst_off = -off;
		}
		/* A daylight name without dates: POSIX leaves the dates open; the US rule is the
		 * usual default. */
		if (*s == '\0') {
			r->start = (struct tz_date){'M', 0, 3, 2, 0, TZ_DEFAULT_RULE_TIME};
			r->end = (struct tz_date){'M', 0, 11, 1, 0, TZ_DEFAULT_RULE_TIME};
		} else if (rule_date(&s, &r->start) != 0 || rule_date(&s, &r->end) != 0) {
			return -1;
		}
	}
	if (*s != '\0')
		return -1;
	r->present = 1;
	return 0;
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The local midnight (seconds since the epoch, as if UTC) of d's day in year. */
static int64_t rule_day(const struct tz_date *d, int year)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t jan1 = timefmt_days_from_civil(year, 1, 1), day;

	if (d->kind == 'J') {
		day = jan1 + d->n - 1 + (is_leap(year) && d->n >= 60);
	} else if (d->kind == 'D') {
		day = jan1 + d->n;
	} else {
		int64_t first = timefmt_days_from_civil(year, d->month, 1);
		/* 1970-01-01 was a Thursday (4). */
		int wday1 = (int)(((first % 7) + 7 + 4) % 7);
		int len = mdays[d->month - 1] + (d->month == 2 && is_leap(year));

		day = first + (d->wday - wday1 + 7) % 7 + (int64_t)(d->week - 1) * 7;
		while (day >= first + len)
			day -= 7;
	}
	return day * SECS_PER_DAY;
}

static int32_t rule_offset(const struct tz_rule *r, int64_t t)
{
	int64_t start, end;
	int year, month, mday;

	if (!r->has_dst)
		return r->std_off;
	timefmt_civil_from_days((t + r->std_off) / SECS_PER_DAY -
	                            ((t + r->std_off) % SECS_PER_DAY < 0),
	                        &year, &month, &mday);
	/* Daylight time begins at a standard-time wall clock, ends at a daylight one. */
	start = rule_day(&r->start, year) + r->start.secs - r->std_off;
	end = rule_day(&r->end, year) + r->end.secs - r->dst_off;
	if (start < end)
		return t >= start && t < end ? r->dst_off : r->std_off;
	/* Southern hemisphere: daylight time spans the new year. */
	return t >= end && t < start ? r->std_off : r->dst_off;
}

struct tz *tz_parse(const unsigned char *buf, size_t len)
{
	struct header h;
	const unsigned char *p = buf, *times, *idx, *types;
	size_t tsize = 4, i;
	struct tz *z;

	if (read_header(p, len, &h) != 0)
		return NULL;
	/* Version 2+: skip the 32-bit block and read the 64-bit one. */
	if (p[4] >= '2') {
		size_t skip = 44 + block_len(&h, 4);

		if (skip > len || read_header(p + skip, len - skip, &h) != 0)
			return NULL;
		p += skip;
		len -= skip;
		tsize = 8;
	}
	if (44 + block_len(&h, tsize) > len)
		return NULL;
	times = p + 44;
	idx = times + h.timecnt * tsize;
	types = idx + h.timecnt;

	z = xcalloc(1, sizeof *z);
	z->n = h.timecnt;
	z->at = xcalloc(z->n + 1, sizeof *z->at);
	z->offset = xcalloc(z->n + 1, sizeof *z->offset);
	/* RFC 8536 3.2: an offset is within -89999..93599 s (under a day either way). */
	for (i = 0; i < h.typecnt; i++) {
		int32_t off = (int32_t)be32(types + 6 * i);

		if (off < TZ_MIN_UTOFF || off > TZ_MAX_UTOFF)
			goto bad;
	}
	/* RFC 8536 3.2: before the first transition, the first type applies. */
	z->initial = (int32_t)be32(types);
	for (i = 0; i < z->n; i++) {
		if (idx[i] >= h.typecnt)
			goto bad;
		z->at[i] = tsize == 8 ? be64(times + 8 * i) : (int32_t)be32(times + 4 * i);
		z->offset[i] = (int32_t)be32(types + 6 * idx[i]);
		if (i > 0 && z->at[i] <= z->at[i - 1])
			goto bad;
	}
	/* Version 2+: "\n<POSIX TZ string>\n" follows the 64-bit block. */
	if (tsize == 8) {
		const char *foot = (const char *)(p + 44 + block_len(&h, tsize));
		size_t left = len - (44 + block_len(&h, tsize));

		if (left >= 2 && foot[0] == '\n') {
			const char *nl = memchr(foot + 1, '\n', left - 1);
			char rule[128];
			size_t rlen = nl != NULL ? (size_t)(nl - foot - 1) : 0;

			if (nl == NULL || rlen >= sizeof rule)
				goto bad;
			memcpy(rule, foot + 1, rlen);
			rule[rlen] = '\0';
			if (rlen > 0 && parse_rule(rule, &z->rule) != 0)
				goto bad;
		}
	}
	return z;
bad:
	tz_free(z);
	return NULL;
}

void tz_free(struct tz *z)
{
	if (z == NULL)
		return;
	free(z->at);
	free(z->offset);
	free(z);
}

int32_t tz_offset_at(const struct tz *z, int64_t t)
{
	size_t lo = 0, hi = z->n;

	/* After the last transition (or with none), the footer's rule decides. */
	if (z->rule.present && (z->n == 0 || t > z->at[z->n - 1]))
		return rule_offset(&z->rule, t);
	if (z->n == 0 || t < z->at[0])
		return z->initial;
	/* The last transition at or before t. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->at[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->offset[lo];
}

int64_t tz_local_to_utc(const struct tz *z, int64_t local)
{
	/*
	 * Try the offset in effect a day before and a day after: the wall time
	 * maps to t = local - off for whichever offsets are consistent.  Both
	 * consistent: an overlap, take the earlier instant.  Neither: a gap,
	 * use the offset from before it.
	 */
	int32_t before = tz_offset_at(z, local - 86400 - 14 * 3600);
	int32_t after = tz_offset_at(z, local + 86400 + 14 * 3600);
	int64_t t1 = local - before, t2 = local - after;
	int ok1 = tz_offset_at(z, t1) == before, ok2 = tz_offset_at(z, t2) == after;

	if (ok1 && ok2)
		return t1 < t2 ? t1 : t2;
	if (ok1)
		return t1;
	if (ok2)
		return t2;
	return t1;
}

/* A zone name: letters, digits, '_', '-', '+', and '/' between parts; no dot segments. */
static int name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= TZ_MAX_NAME || name[0] == '/' || name[n - 1] == '/' ||
	    strstr(name, "//") != NULL)
		return 0;
	for (const char *p = name; *p != '\0'; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '+' || c == '/'))
			return 0;
	}
	return 1;
}

static struct tz *load(const char *name)
{
	char path[512];
	unsigned char *buf = NULL;
	size_t len = 0;
	struct tz *z = NULL;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tz_dir, name);
	f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	buf = xmalloc(TZ_MAX_FILE);
	len = fread(buf, 1, TZ_MAX_FILE, f);
	if (!ferror(f) && len < TZ_MAX_FILE)
		z = tz_parse(buf, len);
	fclose(f);
	free(buf);
	return z;
}

const struct tz *tz_get(const char *name)
{
	struct tz_entry *e;
	struct tz *z = NULL;

	if (!name_ok(name))
		return NULL;
	pthread_mutex_lock(&cache_mu);
	for (e = cache; e != NULL; e = e->next) {
		if (strcmp(e->name, name) == 0) {
			z = e->zone;
			goto out;
		}
	}
	/* "UTC" works even without tzdata. */
	if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0) {
		z = load(name);
		if (z == NULL)
			z = xcalloc(1, sizeof *z);
	} else {
		z = load(name);
	}
	if (z != NULL) {
		e = xcalloc(1, sizeof *e);
		snprintf(e->name, sizeof e->name, "%s", name);
		e->zone = z;
		e->next = cache;
		cache = e;
	}
out:
	pthread_mutex_unlock(&cache_mu);
	return z;
}

void tz_release_all(void)
{
	pthread_mutex_lock(&cache_mu);
	while (cache != NULL) {
		struct tz_entry *e = cache;

		cache = e->next;
		tz_free(e->zone);
		free(e);
	}
	pthread_mutex_unlock(&cache_mu);
}
