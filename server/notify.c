#include "notify.h"

#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

/*
 * Atomic: the HTTP layer sets and clears it while the webhook worker and
 * the request threads may be bumping (docs/design.md §5).
 */
static _Atomic(notify_fn) listener;

void notify_set_listener(notify_fn fn)
{
	atomic_store(&listener, fn);
}

void notify_bump(const struct notify_event *e)
{
	notify_fn fn = atomic_load(&listener);

	if (fn != NULL)
		fn(e);
}

/* A filter field: NULL takes anything; else the event's must be equal. */
static int same(const char *want, const char *got)
{
	return want == NULL || (got != NULL && strcmp(want, got) == 0);
}

int notify_match(const struct notify_filter *f, const struct notify_event *e)
{
	return (f->kinds & (unsigned)e->kind) != 0 && same(f->tenant, e->tenant) &&
	       same(f->to, e->to) && same(f->from, e->from) && same(f->message_id, e->message_id) &&
	       same(f->event_type, e->event_type) && same(f->url, e->url);
}
