/*
 * journal: the last --journal-size API requests (docs/behaviour.md §6, GET
 * /_mock/requests), oldest dropped first and counted.  In memory; a full
 * reset empties it.  The HTTP layer adds each request once it completes.
 * Calls: util.
 */
#ifndef MDRMOCK_JOURNAL_H
#define MDRMOCK_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

/* Sizes the ring (0 keeps nothing). */
void journal_init(size_t size);
void journal_release(void);

/* Records a request; at_ms is real time, tenant may be NULL. */
void journal_add(int64_t at_ms, const char *method, const char *path, const char *query,
                 const char *tenant, int status, int64_t latency_us, int injected);

/*
 * MOCK: a journaled path or query keeps at most this many bytes, and bytes that
 * are not UTF-8 show as '?' (docs/behaviour.md §6.3): one entry stays small
 * and always prints as JSON.
 */
#define JOURNAL_MAX_TEXT 2048

struct journal_entry {
	uint64_t seq;  /* 1 for the first request since the start or a reset */
	int64_t at_ms; /* real time */
	char method[8];
	char *path;
	char *query;   /* NULL when none */
	int truncated; /* the path or the query was cut at JOURNAL_MAX_TEXT */
	int injected;  /* a fault (docs/behaviour.md §6.2) answered or delayed it */
	char *tenant;  /* NULL when none */
	int status;
	int64_t latency_us;
};

struct journal_meta {
	size_t size;      /* the ring's size */
	uint64_t dropped; /* entries pushed out */
	uint64_t total;   /* entries ever added */
};

typedef void (*journal_fn)(const struct journal_entry *e, void *arg);

/* Which entries: of tenant (NULL: anyone's), with seq after `after`, at most limit. */
struct journal_query {
	uint64_t after; /* 0: the newest limit; else the oldest limit after it */
	const char *tenant;
	size_t limit;
};

/*
 * Calls fn for the entries q selects, oldest first, each borrowed for the
 * call (fn must not call back into the journal), and fills meta.
 */
void journal_each(const struct journal_query *q, journal_fn fn, void *arg,
                  struct journal_meta *meta);

void journal_clear(void);

#endif
