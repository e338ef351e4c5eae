#include "feed.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "notify.h"

struct event {
	uint64_t id;
	char *tenant; /* NULL: everyone's */
	char *text;   /* the SSE text */
	size_t len;
};

static struct {
	pthread_mutex_t mu;
	struct event ring[FEED_MAX_EVENTS];
	size_t head, count; /* the oldest kept, and how many */
	size_t bytes;
	uint64_t last;
} f = {.mu = PTHREAD_MUTEX_INITIALIZER};

static atomic_int watched;
static atomic_int readers;

int feed_join(int cap)
{
	int n = atomic_load(&readers);

	do {
		if (n >= cap)
			return 0;
	} while (!atomic_compare_exchange_weak(&readers, &n, n + 1));
	atomic_store(&watched, 1);
	return 1;
}

void feed_leave(void)
{
	atomic_fetch_sub(&readers, 1);
}

int feed_readers(void)
{
	return atomic_load(&readers);
}

int feed_watched(void)
{
	return atomic_load(&watched);
}

static void drop_oldest(void)
{
	struct event *e = &f.ring[f.head];

	f.bytes -= e->len;
	free(e->tenant);
	free(e->text);
	memset(e, 0, sizeof *e);
	f.head = (f.head + 1) % FEED_MAX_EVENTS;
	f.count--;
}

void feed_publish(const char *type, const char *tenant, const char *data)
{
	struct buf b;
	struct event *e;
	struct notify_event ne;
	size_t n = strlen(data);

	buf_init(&b);
	pthread_mutex_lock(&f.mu);
	buf_addf(&b, "id: %" PRIu64 "\nevent: %s\ndata: ", f.last + 1, type);
	/* SSE data is one line here: JSON text has no raw line breaks. */
	if (n > FEED_MAX_DATA || memchr(data, '\n', n) != NULL || memchr(data, '\r', n) != NULL)
		buf_adds(&b, "{\"truncated\":true}");
	else
		buf_add(&b, data, n);
	buf_adds(&b, "\n\n");
	while (f.count > 0 && (f.count == FEED_MAX_EVENTS || f.bytes + b.len > FEED_MAX_BYTES))
		drop_oldest();
	e = &f.ring[(f.head + f.count) % FEED_MAX_EVENTS];
	e->id = ++f.last;
	e->tenant = tenant != NULL ? xstrdup(tenant) : NULL;
	e->text = buf_detach(&b, &e->len);
	f.bytes += e->len;
	f.count++;
	pthread_mutex_unlock(&f.mu);
	memset(&ne, 0, sizeof ne);
	ne.kind = NOTIFY_FEED;
	ne.tenant = tenant;
	notify_bump(&ne);
}

void feed_publish_json(const char *type, const char *tenant, json_t *data)
{
	char *text = data != NULL ? json_dumps(data, JSON_COMPACT) : NULL;

	if (text != NULL)
		feed_publish(type, tenant, text);
	free(text);
	json_decref(data);
}

uint64_t feed_read(uint64_t after, const char *tenant, struct buf *b, size_t max, uint64_t *missed)
{
	uint64_t seen = after, oldest;

	pthread_mutex_lock(&f.mu);
	/* A reader too far behind drops its backlog: it reloads rather than replays. */
	if (after < f.last && f.last - after > FEED_MAX_LAG) {
		*missed = f.last - after;
		buf_addf(b, "event: resync\ndata: {\"missed\":%" PRIu64 "}\n\n", *missed);
		seen = f.last;
		pthread_mutex_unlock(&f.mu);
		return seen;
	}
	oldest = f.count > 0 ? f.ring[f.head].id : f.last + 1;
	*missed = after + 1 < oldest && after < f.last ? oldest - after - 1 : 0;
	/* The ring moved on past the reader's place: it should load afresh. */
	if (*missed > 0)
		buf_addf(b, "event: resync\ndata: {\"missed\":%" PRIu64 "}\n\n", *missed);
	/* Ids are consecutive: the first one after `after` is found by arithmetic. */
	for (size_t i = after >= oldest ? (size_t)(after - oldest + 1) : 0;
	     i < f.count && b->len <= max; i++) {
		const struct event *e = &f.ring[(f.head + i) % FEED_MAX_EVENTS];

		seen = e->id;
		if (tenant == NULL || e->tenant == NULL || strcmp(e->tenant, tenant) == 0)
			buf_add(b, e->text, e->len);
	}
	pthread_mutex_unlock(&f.mu);
	return seen;
}

uint64_t feed_last(void)
{
	uint64_t n;

	pthread_mutex_lock(&f.mu);
	n = f.last;
	pthread_mutex_unlock(&f.mu);
	return n;
}

void feed_clear(void)
{
	pthread_mutex_lock(&f.mu);
	while (f.count > 0)
		drop_oldest();
	pthread_mutex_unlock(&f.mu);
}
