/*
 * webhook: delivery-status webhooks (docs/behaviour.md §3).  A message's events are
 * rows in the outbox, written with the message; one worker thread with its
 * own database connection and a curl multi handle delivers many at once as
 * the virtual clock reaches them, at most --webhook-concurrency per tenant:
 * each target URL in turn (message URL, its failover, then the profile's
 * two when use_profile_webhooks), up to --webhook-attempts per URL with a
 * --webhook-timeout deadline and a doubling backoff, signed with sign.c,
 * every attempt logged; a message's events one after another.
 * Each attempt's body and signature are made on a helper thread (offload.h).
 * Calls: clock, config, curlrt, feed, ids, lifecycle, log, message, model, notify, offload,
 *   profile, sign, store, timefmt, util, view.
 */
#ifndef MDRMOCK_WEBHOOK_H
#define MDRMOCK_WEBHOOK_H

#include <stddef.h>

#include "model.h"

#define WEBHOOK_MAX_TARGETS 4
/* Deliveries in flight at once, all tenants together (docs/behaviour.md §3.4). */
#define WEBHOOK_MAX_JOBS 256
/* Of those, the slots only a tenant with no delivery in flight may take (one each). */
#define WEBHOOK_RESERVE 64
/* The bytes of a receiver's answer kept in the delivery log (docs/behaviour.md §3.3). */
#define WEBHOOK_RESPONSE_KEEP 4096

/*
 * The events of a new message with their due times (virtual) and fresh ids:
 * outbound message.sent (unless it never reaches sent) and
 * message.finalized; inbound message.received.  None when the message
 * has nowhere to send them (no URL of its own and no profile with one,
 * given as p, NULL when none).  Returns the count (at most 2).
 */
size_t webhook_events_for(const struct message *m, const struct profile *p,
                          struct outbox_event out[2]);

/*
 * The target URLs of m's events, in order, borrowed from m and p
 * (docs/behaviour.md §3): the message's webhook_url and webhook_failover_url, then
 * with use_profile_webhooks (always for inbound) the profile's two.
 * Absent and repeated URLs are skipped.  Returns the count.
 */
size_t webhook_targets(const struct message *m, const struct profile *p,
                       const char *out[WEBHOOK_MAX_TARGETS]);

/* The request body of one attempt, a new string. */
char *webhook_body(const struct outbox_event *ev, const struct message *m, int attempt,
                   const char *url);

/* Starts and stops the worker.  0, or -1 with err. */
int webhook_start(char *err, size_t errlen);
void webhook_stop(void);

/* Something changed (a new event, the clock moved): look again. */
void webhook_wake(void);

#endif
