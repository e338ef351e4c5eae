#include "res_mock_events.h"

#include <string.h>

#include "apierr.h"
#include "clock.h"
#include "config.h"
#include "feed.h"
#include "notify.h"
#include "query.h"

/* Events taken from the feed per read, about (whole events: one may be larger). */
#define READ_BYTES (48 * 1024)

struct events {
	uint64_t cursor; /* the last event looked at */
	char *tenant;    /* NULL: every tenant's */
	struct buf out;  /* text not yet sent */
	size_t off;
	int64_t wrote_us; /* when something was last sent (the heartbeat's clock) */
};

static void events_free(void *state)
{
	struct events *ev = state;

	buf_release(&ev->out);
	free(ev->tenant);
	free(ev);
	feed_leave();
}

static long events_read(void *state, char *dst, size_t max)
{
	struct events *ev = state;
	size_t n;

	if (ev->off >= ev->out.len) {
		uint64_t missed;

		ev->out.len = ev->off = 0;
		ev->cursor = feed_read(ev->cursor, ev->tenant, &ev->out, READ_BYTES, &missed);
		if (ev->out.len == 0) {
			if (clock_real_us() - ev->wrote_us < FEED_HEARTBEAT_S * 1000000LL)
				return RES_STREAM_WAIT;
			buf_adds(&ev->out, ": keep-alive\n\n");
		}
	}
	n = ev->out.len - ev->off < max ? ev->out.len - ev->off : max;
	memcpy(dst, ev->out.data + ev->off, n);
	ev->off += n;
	ev->wrote_us = clock_real_us();
	return (long)n;
}

/* An event id: digits only, at most 2^63. */
static int parse_id(const char *s, uint64_t *out)
{
	unsigned long long v;

	if (parse_uint(s, INT64_MAX, &v) != 0)
		return -1;
	*out = v;
	return 0;
}

enum status res_mock_events(struct req *rq, struct res *rs)
{
	struct events *ev;
	const char *tenant = query_get(&rq->query, "tenant");
	const char *since = query_get(&rq->query, "last_event_id");
	uint64_t cursor;

	if (since != NULL && parse_id(since, &cursor) != 0)
		return res_fail(rs, APIERR_BAD_REQUEST,
		                "last_event_id must be an event id (digits).");
	/* Readers are bounded: each costs its buffers, and every event is written to each. */
	if (!feed_join((int)config.event_streams)) {
		res_fail(rs, APIERR_BUSY,
		         "The server has as many event streams open as --event-streams allows; try "
		         "again later.");
		rs->retry_after = FEED_RETRY_S;
		return rs->status;
	}
	/* A reconnecting EventSource sends Last-Event-ID; a bad one starts from now. */
	if (since == NULL && parse_id(rq->last_event_id, &cursor) != 0)
		cursor = feed_last();
	ev = xcalloc(1, sizeof *ev);
	ev->cursor = cursor;
	ev->tenant = tenant != NULL && *tenant != '\0' ? xstrdup(tenant) : NULL;
	buf_init(&ev->out);
	/* The browser reconnects 2 s after a drop, resuming from the last id it saw. */
	buf_adds(&ev->out, "retry: 2000\n\n");
	ev->wrote_us = clock_real_us();
	res_stream(rs, "text/event-stream", events_read, events_free, ev);
	rs->stream.wait_for.kinds = NOTIFY_FEED;
	rs->stream.wait_ms = FEED_HEARTBEAT_S * 1000;
	/* A stopping server says so; the browser reconnects to the next one (inspector.md §2). */
	rs->stream.final = "event: shutdown\ndata: {}\n\n";
	return S_OK;
}
