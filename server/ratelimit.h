/*
 * ratelimit: what the x-ratelimit-* headers of a v2 answer say
 * (docs/behaviour.md §1.4).  upstream: Telnyx sends x-ratelimit-limit,
 * x-ratelimit-remaining and x-ratelimit-reset (seconds until the window
 * resets) on its answers.  MOCK: a fixed window of real time per tenant, a
 * limit from --rate-limit; the count is reported, never enforced (a 429 is an
 * injected fault's job).  A bounded table: tenants that hash alike share a
 * counter.  Thread-safe.
 * Calls: clock, ids.
 */
#ifndef MDRMOCK_RATELIMIT_H
#define MDRMOCK_RATELIMIT_H

#include <stdint.h>

/* The window, in real seconds. */
#define RATELIMIT_WINDOW_S 60

struct ratelimit {
	long limit;
	long remaining; /* never below 0 */
	long reset;     /* whole seconds until the window resets, at least 1 */
};

/* Counts one request of tenant against limit per window and fills out. */
void ratelimit_take(const char *tenant, long limit, struct ratelimit *out);

/* Forgets every count (a full reset). */
void ratelimit_clear(void);

#endif
