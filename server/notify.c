#include "notify.h"

#include <stdatomic.h>
#include <stddef.h>

/*
 * Atomic: the HTTP layer sets and clears it while the webhook worker and
 * the request threads may be bumping (docs/design.md §5).
 */
static _Atomic(notify_fn) listener;

void notify_set_listener(notify_fn fn)
{
	atomic_store(&listener, fn);
}

void notify_bump(void)
{
	notify_fn fn = atomic_load(&listener);

	if (fn != NULL)
		fn();
}
