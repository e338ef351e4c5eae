#include "res_mock.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "clock.h"
#include "config.h"
#include "jsonin.h"
#include "lifecycle.h"
#include "longread.h"
#include "message.h"
#include "profile.h"
#include "intake.h"
#include "sign.h"
#include "store.h"
#include "timefmt.h"
#include "util.h"
#include "view.h"
#include "view_account.h"

#define MAX_WAIT_S   60
#define MAX_LOG_ROWS 10000
/* Messages a step of the control API's search reads (longread.h). */
#define FIND_BATCH 512

enum status res_mock_profile_put(struct req *rq, struct res *rs)
{
	struct profile p;
	struct apierr e;
	enum status status;
	int rc;

	apierr_init(&e);
	if (!profile_id_ok(rq->captures[0]))
		return res_fail(rs, APIERR_BAD_REQUEST,
		                "A profile id is 1-128 characters without spaces or slashes.");
	/* An existing profile (anyone's) is updated in place; else a global one is made. */
	rc = store_profile_get(rq->captures[0], NULL, &p);
	if (rc == STORE_ERROR)
		return res_fail(rs, APIERR_INTERNAL, "The profile could not be read.");
	if (rc == STORE_OK && profile_update(rq->json, PROFILE_MOCK, clock_now(), &p, &e) != 0) {
		profile_release(&p);
		return res_error(rs, &e);
	}
	if (rc == STORE_NOT_FOUND &&
	    profile_from_json(rq->json, rq->captures[0], clock_now(), &p, &e) != 0)
		return res_error(rs, &e);
	if (store_profile_put(&p) != STORE_OK)
		status = res_fail(rs, APIERR_INTERNAL, "The profile could not be stored.");
	else
		status = res_ok(rs, view_data(view_mock_profile(&p)));
	profile_release(&p);
	return status;
}

enum status res_mock_profile_get(struct req *rq, struct res *rs)
{
	struct profile p;
	enum status status;
	int rc = store_profile_get(rq->captures[0], NULL, &p);

	if (rc == STORE_NOT_FOUND)
		return res_fail(rs, APIERR_NOT_FOUND, "No messaging profile has that id.");
	if (rc != STORE_OK)
		return res_fail(rs, APIERR_INTERNAL, "The profile could not be read.");
	status = res_ok(rs, view_data(view_mock_profile(&p)));
	profile_release(&p);
	return status;
}

/*
 * Whose inbound message this is (docs/behaviour.md §6): the body's tenant; else the
 * tenant that last sent from the `to` number; else global (NULL).
 */
static int inbound_tenant(struct req *rq, const char *to, char **tenant, struct apierr *e)
{
	const char *t = NULL;

	*tenant = NULL;
	if (jsonin_string(rq->json, "", "tenant", JSONIN_NONEMPTY, &t, e) < 0)
		return -1;
	if (t != NULL) {
		*tenant = xstrdup(config.tenancy_shared ? AUTH_SHARED_TENANT : t);
		return 0;
	}
	if (store_last_sender_tenant(to, tenant) == STORE_ERROR)
		return apierr_at(e, APIERR_INTERNAL, NULL, "The messages could not be read.");
	return 0;
}

enum status res_mock_inbound(struct req *rq, struct res *rs)
{
	struct message m;
	struct apierr e;
	int64_t now = clock_now();
	enum status status;

	apierr_init(&e);
	if (message_from_json(rq->json, MESSAGE_INBOUND, now, &m, &e) != 0)
		return res_error(rs, &e);
	if (inbound_tenant(rq, m.to, &m.tenant, &e) != 0 || intake_inbound(&m, &e) != 0)
		status = res_error(rs, &e);
	else
		status = res_ok(rs, view_data(view_message(&m, now)));
	message_release(&m);
	return status;
}

static int add_attempt(const struct attempt *a, void *arg)
{
	json_array_append_new(arg, view_attempt(a));
	return 0;
}

static int add_attempt_detail(const struct attempt *a, void *arg)
{
	json_array_append_new(arg, view_attempt_detail(a));
	return 0;
}

/*
 * GET /_mock/webhooks?message_id=&event_type=&url=&tenant=&limit=&detail=&wait=SECONDS: the
 * newest limit attempts (10,000 by default), oldest first, with what each sent and got back
 * when detail is true (docs/behaviour.md §6.1).
 */
enum status res_mock_webhooks(struct req *rq, struct res *rs)
{
	const char *event_type = query_get(&rq->query, "event_type");
	struct store_attempt_query q = {.message_id = query_get(&rq->query, "message_id"),
	                                .event_type = event_type,
	                                .url = query_get(&rq->query, "url"),
	                                .tenant = query_get(&rq->query, "tenant")};
	struct apierr e;
	int64_t wait_ms;
	long limit;
	json_t *arr;

	apierr_init(&e);
	if (event_type != NULL && model_event_from_name(event_type) < 0) {
		apierr_param(&e, APIERR_BAD_REQUEST, "event_type",
		             "'event_type' must be message.sent, message.finalized or "
		             "message.received.");
		return res_error(rs, &e);
	}
	if (req_param_seconds(rq, "wait", MAX_WAIT_S, &wait_ms, &e) != 0 ||
	    req_param_long(rq, "limit", MAX_LOG_ROWS, 1, MAX_LOG_ROWS, &limit, &e) != 0 ||
	    req_param_bool(rq, "detail", &q.detail, &e) != 0)
		return res_error(rs, &e);
	arr = json_array();
	q.limit = (size_t)limit;
	if (store_attempts_list(&q, q.detail ? add_attempt_detail : add_attempt, arr) < 0) {
		json_decref(arr);
		return res_fail(rs, APIERR_INTERNAL, "The delivery log could not be read.");
	}
	if (json_array_size(arr) == 0 && wait_ms > 0 && !rq->wait_expired) {
		struct notify_filter f = {.kinds = NOTIFY_ATTEMPT,
		                          .message_id = q.message_id,
		                          .event_type = q.event_type,
		                          .url = q.url,
		                          .tenant = q.tenant};

		json_decref(arr);
		return res_wait(rs, wait_ms, &f);
	}
	return res_ok(rs, view_data(arr));
}

enum status res_mock_webhook_key(struct req *rq, struct res *rs)
{
	(void)rq;
	return res_ok(rs, view_webhook_key(sign_public_key_b64()));
}

struct listing {
	int status; /* the wanted msg_status, or -1 */
	/* number: to or from; with peer, the conversation of the two; text: a substring. */
	const char *number, *peer, *text;
	long skip, take;
	long matched;
	json_t *arr;
	int64_t now;
};

/* Whether m is from a to b, or from b to a (b NULL: any other number). */
static int between(const struct message *m, const char *a, const char *b)
{
	if (strcmp(m->from, a) == 0)
		return b == NULL || strcmp(m->to, b) == 0;
	if (strcmp(m->to, a) == 0)
		return b == NULL || strcmp(m->from, b) == 0;
	return 0;
}

/* A case-insensitive substring (ASCII letters fold). */
static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return n == 0;
}

static int list_one(const struct message *m, void *arg)
{
	struct listing *l = arg;

	if (l->number != NULL && !between(m, l->number, l->peer))
		return 0;
	if (l->text != NULL && !contains(m->text != NULL ? m->text : "", l->text))
		return 0;

	if (l->status >= 0) {
		struct lifecycle_state st;

		message_state(m, l->now, &st);
		if ((int)st.status != l->status)
			return 0;
	}
	l->matched++;
	if (l->skip > 0) {
		l->skip--;
		return 0;
	}
	if ((long)json_array_size(l->arr) < l->take)
		json_array_append_new(l->arr, view_mock_message(m, l->now, 0));
	return 0;
}

/* A status name in either vocabulary, or -1. */
static int status_from_name(const char *name)
{
	for (int s = 0; s < MSG_STATUS_COUNT; s++)
		if (strcmp(lifecycle_status_name((enum msg_status)s, VOCAB_CURRENT), name) == 0)
			return s;
	return -1;
}

/* GET /_mock/messages read a step at a time (longread.h): filters borrowed from the request. */
struct search {
	struct longread lr;
	struct listing l;
	const char *to, *from, *tenant, *direction;
	int64_t seq; /* where the next step goes on (store_messages_find()) */
	long page, size;
};

static int search_step(struct longread *lr)
{
	struct search *s = (struct search *)(void *)lr;
	int got = store_messages_find(s->to, s->from, s->tenant, s->direction, &s->seq, FIND_BATCH,
	                              list_one, &s->l);

	return got < 0 ? -1 : got < FIND_BATCH ? 1 : 0;
}

static void search_free(void *p)
{
	struct search *s = p;

	json_decref(s->l.arr);
	free(s);
}

static enum status search_done(struct req *rq, struct res *rs)
{
	struct search *s = rq->later;
	int rc = ticket_result(&s->lr.ticket);
	json_t *arr = s->l.arr;

	if (rc != LONGREAD_OK)
		return res_unread(rs, rc);
	s->l.arr = NULL;
	return res_ok(rs, view_page(arr, s->page, s->size, s->l.matched, 0));
}

/* GET /_mock/messages: every tenant's messages, newest first, filtered and paged. */
enum status res_mock_messages(struct req *rq, struct res *rs)
{
	const char *status = query_get(&rq->query, "status");
	const char *direction = query_get(&rq->query, "direction");
	struct search *s;
	struct apierr e;
	long page, size;
	int want = -1;

	apierr_init(&e);
	if (status != NULL && (want = status_from_name(status)) < 0)
		return apierr_param(&e, APIERR_BAD_REQUEST, "status",
		                    "'%.32s' is not a message status.", status),
		       res_error(rs, &e);
	if (direction != NULL && model_direction_from_name(direction) < 0)
		return apierr_param(&e, APIERR_BAD_REQUEST, "direction",
		                    "'direction' must be inbound or outbound."),
		       res_error(rs, &e);
	if (req_param_long(rq, "page", 1, 1, REQ_MAX_PAGE, &page, &e) != 0 ||
	    req_param_long(rq, "per_page", 20, 1, 250, &size, &e) != 0)
		return res_error(rs, &e);
	s = xcalloc(1, sizeof *s);
	s->lr.step = search_step;
	s->l.status = want;
	s->l.number = query_get(&rq->query, "number");
	s->l.peer = s->l.number != NULL ? query_get(&rq->query, "peer") : NULL;
	s->l.text = query_get(&rq->query, "text");
	s->l.skip = (page - 1) * size;
	s->l.take = size;
	s->l.arr = json_array();
	s->l.now = clock_now();
	s->to = query_get(&rq->query, "to");
	s->from = query_get(&rq->query, "from");
	s->tenant = query_get(&rq->query, "tenant");
	s->direction = direction;
	s->seq = STORE_FIND_FIRST;
	s->page = page;
	s->size = size;
	/* The control API's reads take one turn among the tenants' (longread.h). */
	return res_read_long(rq, rs, &s->lr, NULL, s, search_free, search_done);
}

static int first_one(const struct message *m, void *arg)
{
	struct listing *l = arg;

	json_array_append_new(l->arr, view_mock_message(m, l->now, 1));
	return 1;
}

/* Adds {status, at} when the state at t differs from the last one added; t past now: not yet. */
static void step(json_t *timeline, const struct message *m, int64_t t, int64_t now, int *last)
{
	struct lifecycle_state st;
	char at[TIMEFMT_LEN];

	if (t < 0 || t > now)
		return;
	message_state(m, t, &st);
	if ((int)st.status == *last)
		return;
	*last = (int)st.status;
	json_array_append_new(
	    timeline,
	    json_pack("{s:s, s:s}", "status",
	              lifecycle_status_name(st.status, (enum vocabulary)config.vocabulary), "at",
	              timefmt_iso_ms(t, at)));
}

/*
 * GET /_mock/messages/{id}: a message of any tenant, data exactly as GET
 * /v2/messages/{id} answers it; meta: its tenant and the statuses it went
 * through so far on the virtual clock (docs/inspector.md §3).
 */
enum status res_mock_message(struct req *rq, struct res *rs)
{
	struct message m;
	struct lifecycle_state fin;
	int64_t now = clock_now(), start, cand[6];
	json_t *timeline = json_array();
	enum status status;
	int last = -1, rc;

	rc = store_message_get(rq->captures[0], NULL, &m);
	if (rc != STORE_OK) {
		json_decref(timeline);
		return res_fail(rs, rc == STORE_NOT_FOUND ? APIERR_NOT_FOUND : APIERR_INTERNAL,
		                rc == STORE_NOT_FOUND ? "No message has that id."
		                                      : "The message could not be read.");
	}
	message_state(&m, INT64_MAX / 4, &fin);
	start = m.send_at >= 0 ? m.send_at : m.received_at;
	/* The instants a status can change at, in order; each kept when the status moved. */
	cand[0] = m.received_at;
	cand[1] = m.direction == DIR_INBOUND ? -1 : start;
	cand[2] = m.direction == DIR_INBOUND ? -1 : start + config.timing.sending;
	cand[3] = fin.sent_at;
	cand[4] = m.cancelled_at >= 0 ? m.cancelled_at : fin.completed_at;
	cand[5] = m.delivered_at;
	for (int i = 0; i < 6; i++)
		step(timeline, &m, cand[i], now, &last);
	status = res_ok(rs, json_pack("{s:o, s:{s:o, s:o}}", "data", view_message(&m, now), "meta",
	                              "tenant", view_tenant(m.tenant), "timeline", timeline));
	message_release(&m);
	return status;
}

/* GET /_mock/messages/latest?to=&tenant=&wait=: the newest message to a number, with its OTP. */
enum status res_mock_latest(struct req *rq, struct res *rs)
{
	const char *to = query_get(&rq->query, "to");
	const char *tenant = query_get(&rq->query, "tenant");
	struct listing l;
	struct apierr e;
	int64_t wait_ms, seq;
	json_t *found;

	apierr_init(&e);
	if (to == NULL || *to == '\0')
		return apierr_param(&e, APIERR_MISSING, "to", "Give the number as ?to=."),
		       res_error(rs, &e);
	if (req_param_seconds(rq, "wait", MAX_WAIT_S, &wait_ms, &e) != 0)
		return res_error(rs, &e);
	memset(&l, 0, sizeof l);
	l.arr = json_array();
	l.now = clock_now();
	seq = STORE_FIND_FIRST;
	/* One row by an index (schema 0011): never a long read. */
	if (store_messages_find(to, NULL, tenant, NULL, &seq, 1, first_one, &l) < 0) {
		json_decref(l.arr);
		return res_fail(rs, APIERR_INTERNAL, "The messages could not be read.");
	}
	if (json_array_size(l.arr) == 0) {
		json_decref(l.arr);
		if (wait_ms > 0 && !rq->wait_expired) {
			struct notify_filter f = {
			    .kinds = NOTIFY_MESSAGE, .to = to, .tenant = tenant};

			return res_wait(rs, wait_ms, &f); /* a message to that number wakes it */
		}
		return res_fail(rs, APIERR_NOT_FOUND, "No message to that number yet.");
	}
	found = json_incref(json_array_get(l.arr, 0));
	json_decref(l.arr);
	return res_ok(rs, view_data(found));
}
