#include "res_messages.h"

#include <stdio.h>

#include "clock.h"
#include "config.h"
#include "ids.h"
#include "intake.h"
#include "message.h"
#include "store.h"
#include "util.h"
#include "view.h"

/* One core for every send endpoint: its rules, then the one intake (docs/behaviour.md §2.1). */
static enum status send_as(struct req *rq, struct res *rs, enum message_kind kind)
{
	struct message m;
	struct apierr e;
	int64_t now = clock_now();
	enum status status;

	apierr_init(&e);
	if (message_from_send(rq->json, kind, now, &m, &e) != 0)
		return res_error(rs, &e);
	m.tenant = xstrdup(rq->tenant);
	if (intake_send(&m, &e) != 0)
		status = res_error(rs, &e);
	else
		status = res_ok(rs, view_data(view_message(&m, now)));
	message_release(&m);
	return status;
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
	status = res_ok(rs, view_message(&m, now));
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
