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

enum status res_messages_send(struct req *rq, struct res *rs)
{
	struct message m;
	struct apierr e;
	int64_t now = clock_now();
	enum status status;

	apierr_init(&e);
	if (message_from_json(rq->json, MESSAGE_API, now, &m, &e) != 0)
		return res_error(rs, &e);
	m.tenant = xstrdup(rq->tenant);
	if (intake_send(&m, &e) != 0)
		status = res_error(rs, &e);
	else
		status = res_ok(rs, view_data(view_message(&m, now)));
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
	/* upstream: only messages up to 10 days old; MOCK: fixtures are exempt (docs/behaviour.md
	 * §2.2). */
	if (!m.fixture && now - m.received_at > config.retrieval_window)
		status = res_fail(rs, APIERR_NOT_FOUND,
		                  "The message is older than the retrieval window (10 days by "
		                  "default); it is still in MDR reports.");
	else
		status = res_ok(rs, view_data(view_message(&m, now)));
	message_release(&m);
	return status;
}
