/*
 * intake: the one path every new message takes into the store, sent by a
 * client or arriving inbound (docs/behaviour.md §2.1, §2.4): its messaging
 * profile, the opt-out check, a fresh id, its webhook events committed with
 * it, then the webhook worker and waiting requests told.  Handlers call it;
 * it never answers HTTP.
 * Calls: apierr, autoresp, clock, feed, ids, message, model, notify, phone, profile, store,
 *   ticket, util, view, webhook.
 */
#ifndef MDRMOCK_INTAKE_H
#define MDRMOCK_INTAKE_H

#include <stdint.h>

#include "apierr.h"
#include "model.h"
#include "store.h"

/*
 * An outbound message from a client: m was validated (message_from_json)
 * and m->tenant is set.  Refuses a send that an opt-out blocks (40300,
 * docs/behaviour.md §2.3) and a profile id that does not exist.
 * Returns 0 with m->id drawn, or -1 with e set and nothing stored.
 */
int intake_send(struct message *m, struct apierr *e);

/*
 * The same in two parts, for the group commit (store.h): intake_send_start() checks and
 * hands m to the store in s (0; -1 with e set, nothing handed over, nothing to end); once
 * s->w.ticket is done, intake_send_end() tells the webhook worker and waiting requests
 * (0), or sets e when the store failed (-1).  m and s must live until then;
 * intake_send_release() frees what s holds, once it started, ended or not.
 */
struct intake_send {
	struct message *m;
	struct profile p;
	struct outbox_event ev[2];
	struct number number;
	char default_id[IDS_UUID_LEN + 1];
	struct store_send w;
};
int intake_send_start(struct intake_send *s, struct message *m, struct apierr *e);
int intake_send_end(struct intake_send *s, struct apierr *e);
void intake_send_release(struct intake_send *s);

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
