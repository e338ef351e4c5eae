/*
 * journal: the last --journal-size API requests (CONTRACT 6, GET
 * /_mock/requests), oldest dropped first and counted.  In memory; a full
 * reset empties it.  The HTTP layer adds each request once it completes.
 * Calls timefmt, util.
 */
#ifndef MDRMOCK_JOURNAL_H
#define MDRMOCK_JOURNAL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Sizes the ring (0 keeps nothing). */
void journal_init(size_t size);
void journal_release(void);

/* Records a request; at_ms is real time, tenant may be NULL. */
void journal_add(int64_t at_ms, const char *method, const char *path, const char *query,
		 const char *tenant, int status, int64_t latency_us);

/*
 * {"data": [oldest .. newest], "meta": {"size", "dropped", "total"}}: at
 * most limit entries, the newest ones.  New reference.
 */
json_t *journal_json(size_t limit);

void journal_clear(void);

#endif
