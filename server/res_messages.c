#include "res_messages.h"

#include <stdio.h>

#include "clock.h"
#include "config.h"
#include "ids.h"
#include "message.h"
#include "notify.h"
#include "store.h"
#include "webhook.h"
#include "timefmt.h"
#include "util.h"
#include "view.h"

/* Enough redraws to get past every id a seeded run already stored. */
#define MAX_ID_DRAWS 1000000

int res_messages_profile(const struct message *m, struct profile *p, int *has,
			 struct apierr *e)
{
	int rc;

	*has = 0;
	if (m->profile_id == NULL)
		return 0;
	rc = store_profile_get(m->profile_id, p);
	if (rc == STORE_NOT_FOUND)
		return apierr_at(e, APIERR_BAD_REQUEST, "/messaging_profile_id",
				 "No messaging profile has the id '%.64s' (create it with PUT "
				 "/_mock/messaging_profiles/{id}).",
				 m->profile_id);
	if (rc != STORE_OK)
		return apierr_at(e, APIERR_INTERNAL, NULL, "The profile could not be read.");
	*has = 1;
	return 0;
}

int res_messages_store(struct message *m, const struct profile *p)
{
	struct outbox_event ev[2];
	size_t nev = webhook_events_for(m, p, ev);
	int rc = STORE_CONFLICT;

	/* An inbound message with no webhook to wait for is handed over at once (CONTRACT 2.4). */
	if (m->direction == DIR_INBOUND && nev == 0)
		m->delivered_at = m->received_at;
	/*
	 * Only a seeded run restarted on a database it filled before can draw
	 * an id that exists; it then moves on through its sequence.
	 */
	for (int i = 0; rc == STORE_CONFLICT && i < MAX_ID_DRAWS; i++) {
		ids_uuid(m->id);
		rc = store_message_insert_events(m, ev, nev);
	}
	if (rc != STORE_OK)
		return STORE_ERROR;
	if (nev > 0)
		webhook_wake();
	notify_bump();
	return STORE_OK;
}

enum status res_messages_send(struct req *rq, struct res *rs)
{
	struct message m;
	struct profile p;
	struct apierr e;
	int64_t now = clock_now();
	enum status status;
	int has_profile;

	apierr_init(&e);
	if (message_from_json(rq->json, MESSAGE_API, now, &m, &e) != 0)
		return res_error(rs, &e);
	if (res_messages_profile(&m, &p, &has_profile, &e) != 0) {
		message_release(&m);
		return res_error(rs, &e);
	}
	if (store_block_exists(rq->tenant, m.from, m.to)) {
		/* upstream wording for an opt-out (CONTRACT 2.3). */
		apierr_at(&e, APIERR_BLOCKED, "/to",
			  "Messages cannot be sent from '%.32s' to '%.32s' due to an existing block "
			  "rule.",
			  m.from, m.to);
		status = res_error(rs, &e);
	} else {
		m.tenant = xstrdup(rq->tenant);
		if (res_messages_store(&m, has_profile ? &p : NULL) != STORE_OK)
			status = res_fail(rs, APIERR_INTERNAL, "The message could not be stored.");
		else
			status = res_ok(rs, view_data(view_message(&m, now)));
	}
	if (has_profile)
		store_profile_release(&p);
	message_release(&m);
	return status;
}

enum status res_messages_get(struct req *rq, struct res *rs)
{
	char id[IDS_UUID_LEN + 1];
	struct message m;
	int64_t now = clock_now();
	enum status status;
	int rc;

	if (ids_normalize(rq->captures[0], id) != 0)
		return res_fail(rs, APIERR_NOT_FOUND, "No message has that id.");
	rc = store_message_get(id, rq->tenant, &m);
	if (rc == STORE_ERROR)
		return res_fail(rs, APIERR_INTERNAL, "The message could not be read.");
	if (rc == STORE_NOT_FOUND)
		return res_fail(rs, APIERR_NOT_FOUND, "No message has that id.");
	/* upstream: only messages up to 10 days old; MOCK: fixtures are exempt (CONTRACT 2.2). */
	if (!m.fixture && now - m.received_at > config.retrieval_window)
		status = res_fail(rs, APIERR_NOT_FOUND,
				  "The message is older than the retrieval window (10 days by "
				  "default); it is still in MDR reports.");
	else
		status = res_ok(rs, view_data(view_message(&m, now)));
	message_release(&m);
	return status;
}
