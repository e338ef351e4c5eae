/*
 * notify: "something a waiting request may want has happened" (a webhook
 * attempt was logged, a message arrived).  Producers call notify_bump()
 * with what happened; the HTTP layer listens and re-runs only the waiting
 * requests (wait=SECONDS on the control API) whose filter matches it, so a
 * new row costs one comparison per waiter, not a query per waiter.  Keeps
 * producers from depending on the HTTP layer.
 * Calls: only libc.
 */
#ifndef MDRMOCK_NOTIFY_H
#define MDRMOCK_NOTIFY_H

enum notify_kind {
	NOTIFY_MESSAGE = 1, /* a message was stored */
	NOTIFY_ATTEMPT = 2, /* a delivery attempt was logged */
	NOTIFY_FEED = 4     /* an event went into the live feed (feed.h) */
};

/* What happened; strings borrowed for the call, NULL when they do not apply. */
struct notify_event {
	enum notify_kind kind;
	const char *tenant; /* NULL: a global record */
	const char *to, *from;
	const char *message_id, *event_type, *url;
};

/* What a waiter waits for: any of kinds (a mask), every non-NULL field equal. */
struct notify_filter {
	unsigned kinds; /* 0: nothing wakes it before its deadline */
	const char *tenant;
	const char *to, *from;
	const char *message_id, *event_type, *url;
};

/* 1 when e is what f waits for. */
int notify_match(const struct notify_filter *f, const struct notify_event *e);

typedef void (*notify_fn)(const struct notify_event *e);

/*
 * Sets the one listener (NULL for none).  Safe while other threads bump: a
 * bump sees the old listener or the new one, never a torn pointer.
 */
void notify_set_listener(notify_fn fn);
/* Tells the listener, if any. */
void notify_bump(const struct notify_event *e);

#endif
