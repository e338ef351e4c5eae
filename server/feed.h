/*
 * feed: the live feed behind GET /_mock/events (docs/inspector.md §2), the
 * events the inspector shows as they happen: a message stored or changed, a
 * webhook attempt logged, a report requested, the clock moved, a reset.
 * Producers publish an event's type, tenant and JSON data; it is kept,
 * ready as Server-Sent Events text, in a ring of at most FEED_MAX_EVENTS
 * events and FEED_MAX_BYTES bytes (the oldest dropped), numbered from 1 in
 * order, and readers take what came after the last one they saw.  A reader more
 * than FEED_MAX_LAG events behind gets a resync instead of its backlog; at most
 * --event-streams readers at once (feed_join()).
 * Calls: notify, util, jansson.
 */
#ifndef MDRMOCK_FEED_H
#define MDRMOCK_FEED_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util.h"

#define FEED_MAX_EVENTS 4096
#define FEED_MAX_BYTES  (8u << 20)
/* Seconds a reader refused for the cap is told to wait (Retry-After). */
#define FEED_RETRY_S 5
/* A reader further behind than this gets "resync" and starts from the newest event. */
#define FEED_MAX_LAG 256
/* The largest data of one event; larger data is replaced by {"truncated":true}. */
#define FEED_MAX_DATA (256u << 10)

/*
 * Adds an event: type ("message.created"), the tenant it belongs to (the
 * API key; NULL: everyone's, such as the clock), data (one line of JSON,
 * copied).  Wakes the readers that wait (notify.h, NOTIFY_FEED).
 */
void feed_publish(const char *type, const char *tenant, const char *data);

/*
 * Appends to b, as SSE text ("id: N\nevent: TYPE\ndata: JSON\n\n"), the
 * events after id `after` that tenant may see (its own and everyone's;
 * tenant NULL: all), whole events, stopping once b holds more than max
 * bytes.  Returns the id of the last event looked at (after, when none).
 * *missed is how many events after `after` were dropped before they could
 * be read (the ring moved on), 0 when none; when not 0, b starts with an
 * event "resync" whose data is {"missed": N}.  A reader more than
 * FEED_MAX_LAG events behind gets that resync alone, for every event it has
 * not read, and its place moves to the newest (its backlog is dropped).
 */
/* feed_publish() of data as compact JSON; takes the reference (NULL: nothing published). */
void feed_publish_json(const char *type, const char *tenant, json_t *data);

uint64_t feed_read(uint64_t after, const char *tenant, struct buf *b, size_t max, uint64_t *missed);

/*
 * Producers skip building an event's data while nobody ever subscribed:
 * the feed records from the first GET /_mock/events on (feed_join()).
 */
int feed_watched(void);

/*
 * A reader joins the feed (subscribing it): 1, or 0 when cap readers are already there;
 * feed_leave() when it goes.
 */
int feed_join(int cap);
void feed_leave(void);
int feed_readers(void);

/* The id of the newest event (0 before the first). */
uint64_t feed_last(void);

/* Forgets every event (tests; the numbering goes on). */
void feed_clear(void);

#endif
