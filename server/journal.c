#include "journal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"
#include "util.h"

struct entry {
	int64_t at_ms;
	char method[8];
	char *path;
	char *query;
	char *tenant;
	int status;
	int64_t latency_us;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct entry *ring;
static size_t cap, head, count; /* head: the next slot written */
static uint64_t total, dropped;

static void entry_free(struct entry *e)
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

void journal_add(int64_t at_ms, const char *method, const char *path, const char *query,
		 const char *tenant, int status, int64_t latency_us)
{
	struct entry *e;

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
	e->at_ms = at_ms;
	for (size_t i = 0; i + 1 < sizeof e->method && method[i] != '\0'; i++)
		e->method[i] = method[i];
	e->path = xstrdup(path);
	e->query = query != NULL && *query != '\0' ? xstrdup(query) : NULL;
	e->tenant = tenant != NULL ? xstrdup(tenant) : NULL;
	e->status = status;
	e->latency_us = latency_us;
	head = (head + 1) % cap;
	pthread_mutex_unlock(&mu);
}

json_t *journal_json(size_t limit)
{
	json_t *arr = json_array(), *out;
	char at[TIMEFMT_LEN];
	size_t n, first;

	pthread_mutex_lock(&mu);
	n = cap == 0 ? 0 : count < limit ? count : limit;
	first = cap == 0 ? 0 : (head + cap - n) % cap;
	for (size_t i = 0; i < n && cap > 0; i++) {
		const struct entry *e = &ring[(first + i) % cap];

		json_array_append_new(
			arr, json_pack("{s:s, s:s, s:s, s:o, s:o, s:i, s:f}", "time",
				       timefmt_iso_ms(e->at_ms, at), "method", e->method, "path",
				       e->path, "query", e->query ? json_string(e->query) : json_null(),
				       "tenant", e->tenant ? json_string(e->tenant) : json_null(),
				       "status", e->status, "latency_ms", (double)e->latency_us / 1000.0));
	}
	out = json_pack("{s:o, s:{s:I, s:I, s:I}}", "data", arr, "meta", "size", (json_int_t)cap,
			"dropped", (json_int_t)dropped, "total", (json_int_t)total);
	pthread_mutex_unlock(&mu);
	return out;
}
