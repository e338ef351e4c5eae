#include "res_mock_messages.h"

#include <string.h>

#include "auth.h"
#include "clock.h"
#include "config.h"
#include "control.h"
#include "intake.h"
#include "jsonin.h"
#include "lifecycle.h"
#include "longread.h"
#include "message.h"
#include "store.h"
#include "ticket.h"
#include "view.h"
#include "util.h"

/* Messages a step of the control API's search reads (longread.h). */
#define FIND_BATCH 512

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

enum status res_mock_messages_inbound(struct req *rq, struct res *rs)
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
enum status res_mock_messages_list(struct req *rq, struct res *rs)
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

/*
 * GET /_mock/messages/{id}: a message of any tenant, data exactly as GET
 * /v2/messages/{id} answers it; meta: its tenant and the statuses it went
 * through so far on the virtual clock (docs/inspector.md §3).
 */
enum status res_mock_messages_get(struct req *rq, struct res *rs)
{
	struct message m;
	enum status status;
	int rc = store_message_get(rq->captures[0], NULL, &m);

	if (rc != STORE_OK)
		return res_fail(rs, rc == STORE_NOT_FOUND ? APIERR_NOT_FOUND : APIERR_INTERNAL,
		                rc == STORE_NOT_FOUND ? "No message has that id."
		                                      : "The message could not be read.");
	status = res_ok(rs, view_mock_message_detail(&m, clock_now()));
	message_release(&m);
	return status;
}

/* GET /_mock/messages/latest?to=&tenant=&wait=: the newest message to a number, with its OTP. */
enum status res_mock_messages_latest(struct req *rq, struct res *rs)
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
	if (req_param_seconds(rq, "wait", CONTROL_MAX_WAIT_S, &wait_ms, &e) != 0)
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
