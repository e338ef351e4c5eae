/*
 * intake: the one path every new message takes into the store, sent by a
 * client or arriving inbound (docs/behaviour.md §2.1, §2.4): its messaging
 * profile, the opt-out check, a fresh id, its webhook events committed with
 * it, then the webhook worker and waiting requests told.  Handlers call it;
 * it never answers HTTP.
 * Calls: apierr, autoresp, clock, feed, ids, message, model, notify, phone, profile, store, util,
 *   view, webhook.
 */
#ifndef MDRMOCK_INTAKE_H
#define MDRMOCK_INTAKE_H

#include <stdint.h>

#include "apierr.h"
#include "model.h"

/*
 * An outbound message from a client: m was validated (message_from_json)
 * and m->tenant is set.  Refuses a send that an opt-out blocks (40300,
 * docs/behaviour.md §2.3) and a profile id that does not exist.
 * Returns 0 with m->id drawn, or -1 with e set and nothing stored.
 */
int intake_send(struct message *m, struct apierr *e);

/*
 * An inbound message (the control API): stored like a send, then an
 * opt-out keyword from X to Y blocks Y -> X and START lifts it, in m's
 * tenant.  Returns 0 with m->id drawn, or -1 with e set.
 */
int intake_inbound(struct message *m, struct apierr *e);

/*
 * tenant's default profile into p (released with profile_release()), made
 * at now on first use (docs/behaviour.md §2.5).  0, or -1 with e set.
 */
int intake_default_profile(const char *tenant, int64_t now, struct profile *p, struct apierr *e);

/*
 * Makes number (+E.164 or a short code) one of tenant's, in its default
 * profile, made at at, unless it is already (docs/behaviour.md §2.5).
 * 0, or -1 with e set.
 */
int intake_number(const char *tenant, const char *number, int64_t at, struct apierr *e);

/*
 * 1 when text is an opt-out keyword (STOP, UNSUBSCRIBE, CANCEL, END, QUIT),
 * -1 an opt-in (START), 0 neither; case-insensitive, surrounding spaces
 * ignored.
 */
int intake_keyword(const char *text);

#endif
