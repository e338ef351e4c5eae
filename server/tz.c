#include "tz.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Largest zone file we accept; real ones are under 4 KiB. */
#define TZ_MAX_FILE (256 * 1024)
#define TZ_MAX_NAME 64

const char *tz_dir = "/usr/share/zoneinfo";

struct tz {
	size_t n;        /* transitions */
	int64_t *at;     /* transition instants, ascending */
	int32_t *offset; /* offset in effect from at[i] on */
	int32_t initial; /* offset before the first transition */
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
