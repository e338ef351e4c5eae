#include "res_messages.h"

#include <stdio.h>
#include <stdlib.h>

#include "clock.h"
#include "config.h"
#include "ids.h"
#include "intake.h"
#include "message.h"
#include "store.h"
#include "util.h"
#include "view.h"

/* A send waiting for the store's group commit (docs/design.md §7). */
struct pending_send {
	struct message m;
	struct intake_send in;
	int started; /* in holds something to release */
	int64_t now;
};

static void pending_free(void *later)
{
	struct pending_send *ps = later;

	if (ps->started)
		intake_send_release(&ps->in);
	message_release(&ps->m);
	free(ps);
}

/* The second part of a send, once its message is in the WAL: the answer. */
static enum status send_done(struct req *rq, struct res *rs)
{
	struct pending_send *ps = rq->later;
	struct apierr e;

	apierr_init(&e);
	if (intake_send_end(&ps->in, &e) != 0)
		return res_error(rs, &e);
	return res_ok(rs, view_data(view_message(&ps->m, ps->now)));
}

/* One core for every send endpoint: its rules, then the one intake (docs/behaviour.md §2.1). */
static enum status send_as(struct req *rq, struct res *rs, enum message_kind kind)
{
	struct pending_send *ps = xcalloc(1, sizeof *ps);
	struct apierr e;
	enum status status;

	apierr_init(&e);
	ps->now = clock_now();
	if (message_from_send(rq->json, kind, ps->now, &ps->m, &e) != 0) {
		free(ps);
		return res_error(rs, &e);
	}
	ps->m.tenant = xstrdup(rq->tenant);
	if (intake_send_start(&ps->in, &ps->m, &e) != 0) {
		status = res_error(rs, &e);
		pending_free(ps);
		return status;
	}
	ps->started = 1;
	return res_defer(rq, rs, ps, pending_free, &ps->in.w.ticket, send_done);
}

enum status res_messages_send(struct req *rq, struct res *rs)
{
	return send_as(rq, rs, MESSAGE_KIND_ANY);
}

enum status res_messages_send_long_code(struct req *rq, struct res *rs)
{
	return send_as(rq, rs, MESSAGE_KIND_LONG_CODE);
}

enum status res_messages_send_short_code(struct req *rq, struct res *rs)
{
	return send_as(rq, rs, MESSAGE_KIND_SHORT_CODE);
}

enum status res_messages_send_number_pool(struct req *rq, struct res *rs)
{
	return send_as(rq, rs, MESSAGE_KIND_NUMBER_POOL);
}

enum status res_messages_send_alphanumeric(struct req *rq, struct res *rs)
{
	return send_as(rq, rs, MESSAGE_KIND_ALPHANUMERIC);
}

enum status res_messages_schedule(struct req *rq, struct res *rs)
{
	return send_as(rq, rs, MESSAGE_KIND_SCHEDULE);
}

/*
 * POST /v2/messages/group_mms (docs/behaviour.md §2.1): one message per
 * recipient, sharing a group id; each lists the others in cc.  The answer is
 * the first, whose id GET /v2/messages/group/{id} takes.
 */
enum status res_messages_group_mms(struct req *rq, struct res *rs)
{
	struct message m[MESSAGE_GROUP_MAX];
	char group[IDS_UUID_LEN + 1];
	int64_t now = clock_now();
	enum status status;
	struct apierr e;
	size_t n = 0, made = 0;
	json_t *to;

	apierr_init(&e);
	if (message_group_to(rq->json, &to, &e) != 0)
		return res_error(rs, &e);
	ids_uuid(group);
	for (n = 0; n < json_array_size(to); n++) {
		json_t *one = json_copy(rq->json), *cc = json_copy(to);
		int rc;

		json_object_set(one, "to", json_array_get(to, n));
		rc = message_from_send(one, MESSAGE_KIND_GROUP_MMS, now, &m[n], &e);
		json_decref(one);
		if (rc != 0) {
			json_decref(cc);
			goto out;
		}
		json_array_remove(cc, n);
		m[n].cc = json_dumps(cc, JSON_COMPACT);
		json_decref(cc);
		m[n].tenant = xstrdup(rq->tenant);
		m[n].group_id = xstrdup(group);
		made = n + 1;
	}
	/* A blocked recipient refuses the whole group before any member is stored. */
	for (size_t i = 0; i < n; i++) {
		int blocked = store_block_find(m[i].tenant, m[i].from, m[i].to);

		if (blocked != STORE_NOT_FOUND) {
			apierr_at(
			    &e, blocked == STORE_ERROR ? APIERR_INTERNAL : APIERR_BLOCKED, "/to",
			    "Messages cannot be sent from '%.32s' to '%.32s' due to an existing "
			    "block rule.",
			    m[i].from, m[i].to);
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (intake_send(&m[i], &e) != 0)
			goto out;
	status = res_ok(rs, view_data(view_message(&m[0], now)));
	for (size_t i = 0; i < made; i++)
		message_release(&m[i]);
	return status;
out:
	for (size_t i = 0; i < made; i++)
		message_release(&m[i]);
	return res_error(rs, &e);
}

static int add_member(const struct message *m, void *arg)
{
	json_t *arr = arg;

	json_array_append_new(arr, view_message(m, clock_now()));
	return 0;
}

/* GET /v2/messages/group/{message_id}: every member of the group, in order. */
enum status res_messages_group(struct req *rq, struct res *rs)
{
	char id[IDS_UUID_LEN + 1];
	json_t *arr;
	int n;

	if (ids_normalize(rq->captures[0], id) != 0)
		return res_fail(rs, APIERR_NOT_FOUND, "No group message has that id.");
	arr = json_array();
	n = store_message_group(id, rq->tenant, add_member, arr);
	if (n <= 0) {
		json_decref(arr);
		return n < 0 ? res_fail(rs, APIERR_INTERNAL, "The group could not be read.")
		             : res_fail(rs, APIERR_NOT_FOUND, "No group message has that id.");
	}
	return res_ok(rs, json_pack("{s:o}", "data", arr));
}

/*
 * The caller's message named by the path's {id} into m (released by the
 * caller): 1, or 0 with the 404 or 500 already in rs.
 */
static int load_message(struct req *rq, struct res *rs, struct message *m)
{
	char id[IDS_UUID_LEN + 1];
	int rc;

	if (ids_normalize(rq->captures[0], id) != 0)
		return res_fail(rs, APIERR_NOT_FOUND, "No message has that id."), 0;
	rc = store_message_get(id, rq->tenant, m);
	if (rc == STORE_ERROR)
		return res_fail(rs, APIERR_INTERNAL, "The message could not be read."), 0;
	if (rc == STORE_NOT_FOUND)
		return res_fail(rs, APIERR_NOT_FOUND, "No message has that id."), 0;
	return 1;
}

/* upstream: a scheduled message can be cancelled while send_at is more than a minute ahead. */
#define CANCEL_NOTICE_MS 60000

/* DELETE /v2/messages/{id}: cancel a scheduled message (docs/behaviour.md §2.3). */
enum status res_messages_cancel(struct req *rq, struct res *rs)
{
	struct lifecycle_state st;
	struct message m;
	int64_t now = clock_now();
	enum status status;
	int rc;

	if (!load_message(rq, rs, &m))
		return rs->status;
	message_state(&m, now, &st);
	if (m.fixture || st.status != MSG_SCHEDULED || m.send_at - now <= CANCEL_NOTICE_MS) {
		status =
		    res_fail(rs, APIERR_FORBIDDEN,
		             "Only a scheduled message whose send_at is more than a minute ahead "
		             "can be cancelled.");
		goto out;
	}
	rc = store_message_cancel(m.id, now);
	if (rc == STORE_ERROR) {
		status = res_fail(rs, APIERR_INTERNAL, "The message could not be cancelled.");
		goto out;
	}
	if (rc == STORE_NOT_FOUND) { /* cancelled meanwhile by another request */
		status = res_fail(rs, APIERR_FORBIDDEN, "The message is already cancelled.");
		goto out;
	}
	m.cancelled_at = now;
	/* upstream: the answer is the message itself, not wrapped in data. */
	status = res_ok(rs, view_cancelled_message(&m, now));
out:
	message_release(&m);
	return status;
}

enum status res_messages_get(struct req *rq, struct res *rs)
{
	struct message m;
	int64_t now = clock_now();
	enum status status;

	if (!load_message(rq, rs, &m))
		return rs->status;
	/* upstream: up to 10 days old; MOCK: fixtures are exempt (docs/behaviour.md §2.2). */
	if (!m.fixture && now - m.received_at > config.retrieval_window)
		status = res_fail(rs, APIERR_NOT_FOUND,
		                  "The message is older than the retrieval window (10 days by "
		                  "default); it is still in MDR reports.");
	else
		status = res_ok(rs, view_data(view_message(&m, now)));
	message_release(&m);
	return status;
}

/*
 * MOCK: WhatsApp and RCS are other channels than the SMS and MMS this mock
 * plays (docs/behaviour.md §2.1): their calls answer what Telnyx answers an
 * account without them, 403 10010, and store nothing.
 */
enum status res_messages_other_channel(struct req *rq, struct res *rs)
{
	(void)rq;
	return res_fail(rs, APIERR_NOT_ENABLED,
	                "This account has no WhatsApp or RCS messaging: mdrmock plays SMS and MMS "
	                "only.");
}
