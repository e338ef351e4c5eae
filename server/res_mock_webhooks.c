#include "res_mock_webhooks.h"

#include "control.h"
#include "message.h"
#include "sign.h"
#include "store.h"
#include "view.h"

#define MAX_LOG_ROWS 10000

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
enum status res_mock_webhooks_list(struct req *rq, struct res *rs)
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
	if (req_param_seconds(rq, "wait", CONTROL_MAX_WAIT_S, &wait_ms, &e) != 0 ||
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

enum status res_mock_webhooks_key(struct req *rq, struct res *rs)
{
	(void)rq;
	return res_ok(rs, view_webhook_key(sign_public_key_b64()));
}
