#include "intake.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "ids.h"
#include "notify.h"
#include "profile.h"
#include "store.h"
#include "util.h"
#include "webhook.h"

/* Enough redraws to get past every id a seeded run already stored. */
#define MAX_ID_DRAWS 1000000

/*
 * Loads the profile m names into p (*has = 1; released with
 * profile_release()), or *has = 0 when it names none.  An unknown profile
 * is -1 with e pointing at /messaging_profile_id.
 */
static int load_profile(const struct message *m, struct profile *p, int *has, struct apierr *e)
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

/*
 * Stores m under a fresh id with its webhook events (p: its profile, or
 * NULL), then tells the webhook worker and waiting requests.
 */
static int commit(struct message *m, const struct profile *p, struct apierr *e)
{
	struct outbox_event ev[2];
	size_t nev = webhook_events_for(m, p, ev);
	int rc = STORE_CONFLICT;

	/* Inbound with no webhook to wait for: handed over at once (docs/behaviour.md §2.4). */
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
		return apierr_at(e, APIERR_INTERNAL, NULL, "The message could not be stored.");
	if (nev > 0)
		webhook_wake();
	notify_bump();
	return 0;
}

int intake_send(struct message *m, struct apierr *e)
{
	struct profile p;
	int has = 0, blocked, rc = -1;

	if (load_profile(m, &p, &has, e) != 0)
		return -1;
	blocked = store_block_exists(m->tenant, m->from, m->to);
	if (blocked < 0) {
		apierr_at(e, APIERR_INTERNAL, NULL, "The opt-outs could not be read.");
		goto out;
	}
	if (blocked) {
		/* upstream wording for an opt-out (docs/behaviour.md §2.3). */
		apierr_at(
		    e, APIERR_BLOCKED, "/to",
		    "Messages cannot be sent from '%.32s' to '%.32s' due to an existing block "
		    "rule.",
		    m->from, m->to);
		goto out;
	}
	rc = commit(m, has ? &p : NULL, e);
out:
	if (has)
		profile_release(&p);
	return rc;
}

int intake_inbound(struct message *m, struct apierr *e)
{
	struct profile p;
	int has = 0, keyword, rc;

	if (load_profile(m, &p, &has, e) != 0)
		return -1;
	rc = commit(m, has ? &p : NULL, e);
	if (has)
		profile_release(&p);
	if (rc != 0)
		return -1;
	/* STOP from X to Y blocks Y -> X; START lifts it (docs/behaviour.md §2.3). */
	keyword = intake_keyword(m->text);
	if (keyword != 0 && store_block_set(m->tenant, m->to, m->from, keyword > 0) != STORE_OK)
		return apierr_at(e, APIERR_INTERNAL, NULL, "The opt-out could not be stored.");
	return 0;
}

int intake_keyword(const char *text)
{
	static const char *const stop[] = {"STOP", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"};
	size_t n;

	while (isspace((unsigned char)*text))
		text++;
	n = strlen(text);
	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	for (size_t i = 0; i < ARRAY_LEN(stop); i++)
		if (strlen(stop[i]) == n && strncasecmp(text, stop[i], n) == 0)
			return 1;
	if (n == 5 && strncasecmp(text, "START", 5) == 0)
		return -1;
	return 0;
}
