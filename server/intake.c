#include "intake.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "autoresp.h"
#include "clock.h"
#include "feed.h"
#include "ids.h"
#include "message.h"
#include "notify.h"
#include "phone.h"
#include "profile.h"
#include "store.h"
#include "ticket.h"
#include "util.h"
#include "view.h"
#include "webhook.h"

int intake_default_profile(const char *tenant, int64_t now, struct profile *p, struct apierr *e)
{
	char id[IDS_UUID_LEN + 1];
	int rc;

	profile_default_id(tenant, id);
	rc = store_profile_get(id, tenant, p);
	if (rc == STORE_NOT_FOUND) {
		profile_default(tenant, now, p);
		rc = store_profile_add(p);
		if (rc == STORE_CONFLICT) { /* made meanwhile by another request */
			profile_release(p);
			rc = store_profile_get(id, tenant, p);
		}
	}
	if (rc != STORE_OK)
		return apierr_at(e, APIERR_INTERNAL, NULL,
		                 "The default profile could not be made.");
	return 0;
}

/* The tenant's number on m's side of the conversation, or NULL (an alphanumeric sender). */
static const char *own_number(const struct message *m)
{
	const char *n = m->direction == DIR_OUTBOUND ? m->from : m->to;
	enum phone_kind k = n != NULL ? phone_classify(n) : PHONE_INVALID;

	return m->tenant != NULL && (k == PHONE_E164 || k == PHONE_SHORT_CODE) ? n : NULL;
}

/*
 * Loads m's messaging profile into p (released with profile_release()): the
 * one it names, else its number's, else the tenant's default, and sets
 * m->profile_id; *known tells whether m's own number is already the tenant's
 * (or it names a profile).  An unknown profile is -1 with e at /messaging_profile_id.
 */
static int load_profile(struct message *m, struct profile *p, int *known, struct apierr *e)
{
	const char *number = own_number(m);
	struct number n;
	int rc;

	*known = 0;
	if (m->profile_id != NULL) {
		rc = store_profile_get(m->profile_id, m->tenant, p);
		if (rc == STORE_NOT_FOUND)
			return apierr_at(e, APIERR_BAD_REQUEST, "/messaging_profile_id",
			                 "No messaging profile has the id '%.64s' (create one with "
			                 "POST /v2/messaging_profiles).",
			                 m->profile_id);
		if (rc != STORE_OK)
			return apierr_at(e, APIERR_INTERNAL, NULL,
			                 "The profile could not be read.");
		return 0;
	}
	rc = number != NULL ? store_number_get(m->tenant, number, &n) : STORE_NOT_FOUND;
	if (rc == STORE_ERROR)
		return apierr_at(e, APIERR_INTERNAL, NULL, "The number could not be read.");
	if (rc == STORE_OK) {
		*known = 1;
		rc = store_profile_get(n.profile_id, m->tenant, p);
		store_number_release(&n);
		if (rc == STORE_ERROR)
			return apierr_at(e, APIERR_INTERNAL, NULL,
			                 "The profile could not be read.");
	}
	if (rc != STORE_OK && intake_default_profile(m->tenant, m->received_at, p, e) != 0)
		return -1;
	m->profile_id = xstrdup(p->id);
	return 0;
}

/*
 * A message without a sender takes one from its profile's number pool
 * (docs/behaviour.md §2.5): 0 with m->from set, or -1 with e set.
 */
static int pick_sender(struct message *m, const struct profile *p, struct apierr *e)
{
	char **pool = NULL, *sticky = NULL, *last = NULL;
	size_t n = 0;
	int i = -1;

	if (!profile_pool_enabled(p))
		return apierr_at(e, APIERR_BAD_REQUEST, "/messaging_profile_id",
		                 "The messaging profile has no number pool: set its "
		                 "number_pool_settings, or send with 'from'.");
	if (m->tenant != NULL &&
	    (store_pool_numbers(m->tenant, p->id, &pool, &n) != STORE_OK ||
	     store_pool_last(m->tenant, p->id, m->to, &sticky) == STORE_ERROR ||
	     store_pool_last(m->tenant, p->id, NULL, &last) == STORE_ERROR)) {
		apierr_at(e, APIERR_INTERNAL, NULL, "The number pool could not be read.");
		goto out;
	}
	i = n > 0 ? profile_pool_pick(p, pool, n, sticky, last) : -1;
	if (i < 0)
		apierr_at(
		    e, APIERR_BAD_REQUEST, "/messaging_profile_id",
		    "No number of the messaging profile can send: assign numbers to it with "
		    "PATCH /v2/phone_numbers/{id}/messaging (a weight of 0 leaves a kind out).");
	else
		m->from = xstrdup(pool[i]);
out:
	for (size_t k = 0; k < n; k++)
		free(pool[k]);
	free(pool);
	free(sticky);
	free(last);
	return i < 0 ? -1 : 0;
}

int intake_number(const char *tenant, const char *number, int64_t at, struct apierr *e)
{
	char id[IDS_UUID_LEN + 1];
	struct number n;

	memset(&n, 0, sizeof n);
	profile_number_id(tenant, number, n.id);
	profile_default_id(tenant, id);
	n.tenant = (char *)tenant;
	n.phone_number = (char *)number;
	n.profile_id = id;
	n.created_at = n.updated_at = at;
	if (store_number_add(&n) == STORE_ERROR)
		return apierr_at(e, APIERR_INTERNAL, NULL, "The number could not be stored.");
	return 0;
}

/* Makes m's number one of its tenant's, in the default profile, unless it is already. */
static int register_number(const struct message *m, struct apierr *e)
{
	const char *number = own_number(m);

	return number != NULL ? intake_number(m->tenant, number, m->received_at, e) : 0;
}

/* The events m takes (p: its profile, or NULL) into ev; an inbound one without any is
 * handed over at once (docs/behaviour.md §2.4).  How many. */
static size_t prepare(struct message *m, const struct profile *p, struct outbox_event *ev)
{
	size_t nev = webhook_events_for(m, p, ev);

	if (m->direction == DIR_INBOUND && nev == 0)
		m->delivered_at = m->received_at;
	return nev;
}

/* After m is stored with nev events: the webhook worker and waiting requests told. */
static void stored(const struct message *m, size_t nev)
{
	struct notify_event ne = {
	    .kind = NOTIFY_MESSAGE, .tenant = m->tenant, .to = m->to, .from = m->from};

	if (nev > 0)
		webhook_wake();
	notify_bump(&ne);
	/* The inspector's live list (docs/inspector.md §2). */
	if (feed_watched())
		feed_publish_json("message.created", m->tenant,
		                  view_mock_message(m, clock_now(), 0));
}

/*
 * Stores m under a fresh id with its webhook events (p: its profile, or
 * NULL), then tells the webhook worker and waiting requests.
 */
static int commit(struct message *m, const struct profile *p, struct apierr *e)
{
	struct outbox_event ev[2];
	size_t nev = prepare(m, p, ev);
	int rc = STORE_CONFLICT;

	/*
	 * Only a seeded run restarted on a database it filled before can draw
	 * an id that exists; it then moves on through its sequence.
	 */
	for (int i = 0; rc == STORE_CONFLICT && i < STORE_MAX_ID_DRAWS; i++) {
		ids_uuid(m->id);
		rc = store_message_insert_events(m, ev, nev);
	}
	if (rc != STORE_OK)
		return apierr_at(e, APIERR_INTERNAL, NULL, "The message could not be stored.");
	stored(m, nev);
	return 0;
}

/* The keyword text is, trimmed and in capitals, into out. */
static void keyword_of(const char *text, char *out, size_t outlen)
{
	size_t n = 0;

	while (isspace((unsigned char)*text))
		text++;
	for (; *text != '\0' && !isspace((unsigned char)*text) && n + 1 < outlen; text++)
		out[n++] = (char)toupper((unsigned char)*text);
	out[n] = '\0';
}

static void redraw(struct message *m)
{
	ids_uuid(m->id);
}

int intake_send_start(struct intake_send *s, struct message *m, struct apierr *e)
{
	const char *number;
	int blocked, known;

	memset(s, 0, sizeof *s);
	s->m = m;
	if (load_profile(m, &s->p, &known, e) != 0 ||
	    (m->from == NULL && pick_sender(m, &s->p, e) != 0))
		goto fail;
	blocked = store_block_find(m->tenant, m->from, m->to);
	if (blocked == STORE_ERROR) {
		apierr_at(e, APIERR_INTERNAL, NULL, "The opt-outs could not be read.");
		goto fail;
	}
	if (blocked == STORE_OK) {
		/* upstream wording for an opt-out (docs/behaviour.md §2.3). */
		apierr_at(
		    e, APIERR_BLOCKED, "/to",
		    "Messages cannot be sent from '%.32s' to '%.32s' due to an existing block "
		    "rule.",
		    m->from, m->to);
		goto fail;
	}
	s->w.nev = prepare(m, &s->p, s->ev);
	s->w.m = m;
	s->w.ev = s->ev;
	s->w.redraw = redraw;
	/* The sender becomes one of the tenant's numbers, in its default profile
	 * (docs/behaviour.md §2.5), in the same transaction. */
	number = own_number(m);
	if (!known && number != NULL) {
		profile_number_id(m->tenant, number, s->number.id);
		profile_default_id(m->tenant, s->default_id);
		s->number.tenant = m->tenant;
		s->number.phone_number = (char *)number;
		s->number.profile_id = s->default_id;
		s->number.created_at = s->number.updated_at = m->received_at;
		s->w.number = &s->number;
	}
	ids_uuid(m->id);
	ticket_init(&s->w.ticket);
	store_send(&s->w);
	return 0;
fail:
	profile_release(&s->p);
	return -1;
}

int intake_send_end(struct intake_send *s, struct apierr *e)
{
	if (ticket_result(&s->w.ticket) != STORE_OK)
		return apierr_at(e, APIERR_INTERNAL, NULL, "The message could not be stored.");
	stored(s->m, s->w.nev);
	return 0;
}

int intake_send(struct message *m, struct apierr *e)
{
	struct intake_send s;
	int rc;

	if (intake_send_start(&s, m, e) != 0)
		return -1;
	ticket_wait(&s.w.ticket);
	rc = intake_send_end(&s, e);
	intake_send_release(&s);
	return rc;
}

void intake_send_release(struct intake_send *s)
{
	profile_release(&s->p);
}

/* The first setting that answers the inbound message, copied into the caller's. */
struct answer_hunt {
	const struct message *m;
	struct autoresp *hit;
	int found;
};

static int hunt(const struct autoresp *a, void *arg)
{
	struct answer_hunt *h = arg;

	if (!autoresp_matches(a, h->m->text, h->m->from))
		return 0;
	h->found = 1;
	h->hit->op = a->op;
	h->hit->resp_text = a->resp_text != NULL ? xstrdup(a->resp_text) : NULL;
	return 1;
}

/*
 * MOCK: the reply a setting's resp_text makes (docs/behaviour.md §2.5), from the
 * number the message came to, through the same validation as a client's send; a
 * text the validation refuses sends nothing.
 */
static int reply(const struct message *m, const char *text, const struct profile *p,
                 struct apierr *e)
{
	json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "from", m->to, "to", m->from, "text", text,
	                         "messaging_profile_id", m->profile_id);
	struct message r;
	struct apierr ignored;
	int rc = 0;

	apierr_init(&ignored);
	if (message_from_json(body, MESSAGE_API, m->received_at, &r, &ignored) == 0) {
		r.tenant = xstrdup(m->tenant);
		rc = commit(&r, p, e);
		message_release(&r);
	}
	json_decref(body);
	return rc;
}

/*
 * The profile's auto-response settings for an inbound message: 1 when one
 * answered it (its reply sent, its opt-out or opt-in applied), 0 when none
 * did, -1 with e set.
 */
static int autorespond(const struct message *m, const struct profile *p, const char *word,
                       struct apierr *e)
{
	struct store_autoresp_query q = {m->profile_id, m->tenant, NULL,     INT64_MIN,
	                                 INT64_MAX,     INT64_MIN, INT64_MAX};
	struct autoresp hit;
	struct answer_hunt h = {m, &hit, 0};
	int rc = 0;

	if (m->tenant == NULL || m->profile_id == NULL)
		return 0;
	memset(&hit, 0, sizeof hit);
	if (store_autoresp_list(&q, hunt, &h) < 0)
		return apierr_at(e, APIERR_INTERNAL, NULL, "The auto-responses could not be read.");
	if (!h.found)
		return 0;
	if (hit.resp_text != NULL)
		rc = reply(m, hit.resp_text, p, e);
	if (rc == 0 && hit.op != AUTORESP_INFO) {
		struct optout o = {m->tenant,    m->to,         m->from,
		                   (char *)word, m->profile_id, m->received_at};

		if (store_block_set(&o, hit.op == AUTORESP_STOP) != STORE_OK)
			rc =
			    apierr_at(e, APIERR_INTERNAL, NULL, "The opt-out could not be stored.");
	}
	free(hit.resp_text);
	return rc < 0 ? -1 : 1;
}

int intake_inbound(struct message *m, struct apierr *e)
{
	struct profile p;
	char word[AUTORESP_MAX_KEYWORD + 1];
	int keyword, rc, known;

	memset(&p, 0, sizeof p);
	if (load_profile(m, &p, &known, e) != 0 || commit(m, &p, e) != 0 ||
	    (!known && register_number(m, e) != 0)) {
		profile_release(&p);
		return -1;
	}
	keyword_of(m->text, word, sizeof word);
	rc = autorespond(m, &p, word, e);
	profile_release(&p);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	/* STOP from X to Y blocks Y -> X; START lifts it (docs/behaviour.md §2.3). */
	keyword = intake_keyword(m->text);
	if (keyword != 0) {
		struct optout o = {m->tenant, m->to, m->from, word, m->profile_id, m->received_at};

		if (store_block_set(&o, keyword > 0) != STORE_OK)
			return apierr_at(e, APIERR_INTERNAL, NULL,
			                 "The opt-out could not be stored.");
	}
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
