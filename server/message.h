/*
 * message: turning a send request into a message (docs/behaviour.md §2.1), the one
 * validation used by POST /v2/messages and by the fixture loader alike, and
 * the message's state at an instant.
 * Calls: apierr, config, jsonin, lifecycle, model, phone, timefmt, util, jansson.
 */
#ifndef MDRMOCK_MESSAGE_H
#define MDRMOCK_MESSAGE_H

#include <jansson.h>

#include "apierr.h"
#include "lifecycle.h"
#include "model.h"

/* upstream: a message is split into at most this many parts (docs/behaviour.md §2.2). */
#define MESSAGE_MAX_PARTS 10

enum message_source {
	MESSAGE_API,     /* a client's POST /v2/messages */
	MESSAGE_FIXTURE, /* a fixture record: may also set id, received_at, direction, tenant */
	MESSAGE_INBOUND, /* POST /_mock/inbound: from the outside world to one of our numbers */
};

/*
 * Validates body and fills m (zeroed first).  now is the acceptance time
 * for records that do not give one.  Returns 0 with m owning its strings, or
 * -1 with e set and m empty.  The API's id is left "" for the caller.
 */
int message_from_json(json_t *body, enum message_source src, int64_t now, struct message *m,
                      struct apierr *e);

void message_release(struct message *m);

/* An http(s) URL with a host and no spaces; else -1 with e at ptr ("what must be ..."). */
int message_check_url(const char *url, const char *ptr, const char *what, struct apierr *e);

/*
 * The first run of 4 to 8 digits in text (a one-time code) into out: 1, or
 * 0 with out "" (docs/behaviour.md §6).
 */
int message_otp(const char *text, char out[9]);

/*
 * What m costs once final, as Telnyx writes money: a decimal string with
 * four places ("0.0040"), its parts times the configured rate of its type
 * (docs/behaviour.md §2.2).  Writes out and returns it.
 */
char *message_cost(const struct message *m, char *out, size_t outlen);

/* The message's lifecycle state at now. */
void message_state(const struct message *m, int64_t now, struct lifecycle_state *st);

#endif
