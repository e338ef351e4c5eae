#include "journal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct journal_entry *ring;
static size_t cap, head, count; /* head: the next slot written */
static uint64_t total, dropped;

static void entry_free(struct journal_entry *e)
{
	free(e->path);
	free(e->query);
	free(e->tenant);
	memset(e, 0, sizeof *e);
}

void journal_init(size_t size)
{
	journal_release();
	pthread_mutex_lock(&mu);
	cap = size;
	ring = size ? xcalloc(size, sizeof *ring) : NULL;
	pthread_mutex_unlock(&mu);
}

void journal_clear(void)
{
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < cap; i++)
		entry_free(&ring[i]);
	head = count = 0;
	total = dropped = 0;
	pthread_mutex_unlock(&mu);
}

void journal_release(void)
{
	journal_clear();
	pthread_mutex_lock(&mu);
	free(ring);
	ring = NULL;
	cap = 0;
	pthread_mutex_unlock(&mu);
}

/*
 * A copy of s that is well-formed UTF-8 of at most JOURNAL_MAX_TEXT bytes: a
 * byte that does not start or continue a character becomes '?', and a longer
 * text is cut at a character's end, setting *cut.
 */
static char *text_copy(const char *s, int *cut)
{
	size_t n = strlen(s), j = 0;
	char *out = xmalloc((n < JOURNAL_MAX_TEXT ? n : JOURNAL_MAX_TEXT) + 1);
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t k =
		    utf8_char_len(p + i, n - i); /* 0: not a character, one '?' for the byte */

		if (j + (k ? k : 1) > JOURNAL_MAX_TEXT) {
			*cut = 1;
			break;
		}
		if (k == 0) {
			out[j++] = '?';
			i++;
		} else {
			memcpy(out + j, s + i, k);
			j += k;
			i += k;
		}
	}
	out[j] = '\0';
	return out;
}

void journal_add(int64_t at_ms, const char *method, const char *path, const char *query,
                 const char *tenant, int status, int64_t latency_us, int injected)
{
	struct journal_entry *e;

	pthread_mutex_lock(&mu);
	total++;
	if (cap == 0) {
		dropped++;
		pthread_mutex_unlock(&mu);
		return;
	}
	e = &ring[head];
	if (count == cap) {
		entry_free(e);
		dropped++;
	} else {
		count++;
	}
	e->seq = total;
	e->at_ms = at_ms;
	for (size_t i = 0; i + 1 < sizeof e->method && method[i] != '\0'; i++)
		e->method[i] = method[i];
	e->truncated = 0;
	e->path = text_copy(path, &e->truncated);
	e->query = query != NULL && *query != '\0' ? text_copy(query, &e->truncated) : NULL;
	e->tenant = tenant != NULL ? xstrdup(tenant) : NULL;
	e->status = status;
	e->injected = injected;
	e->latency_us = latency_us;
	head = (head + 1) % cap;
	pthread_mutex_unlock(&mu);
}

static int wanted(const struct journal_entry *e, const struct journal_query *q)
{
	return e->seq > q->after &&
	       (q->tenant == NULL || (e->tenant != NULL && strcmp(e->tenant, q->tenant) == 0));
}

void journal_each(const struct journal_query *q, journal_fn fn, void *arg,
                  struct journal_meta *meta)
{
	size_t first = 0, n = 0;

	pthread_mutex_lock(&mu);
	/* The entries, oldest first, are ring[(head + cap - count + i) % cap] for i < count. */
	if (cap > 0 && q->after == 0) {
		/* The newest limit wanted ones: found walking back from the newest. */
		size_t i = count;

		while (i > 0 && n < q->limit) {
			i--;
			n += wanted(&ring[(head + cap - count + i) % cap], q);
		}
		first = i;
	}
	for (size_t i = first, k = 0; cap > 0 && i < count && k < q->limit; i++) {
		const struct journal_entry *e = &ring[(head + cap - count + i) % cap];

		if (wanted(e, q)) {
			fn(e, arg);
			k++;
		}
	}
	meta->size = cap;
	meta->dropped = dropped;
	meta->total = total;
	pthread_mutex_unlock(&mu);
}
