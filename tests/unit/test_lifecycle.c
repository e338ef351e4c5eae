#include "lifecycle.h"
#include "unit.h"

static const struct lifecycle_timing T = {500, 1000, 3000, 72000, 60000};
#define T0 1000000LL

static struct lifecycle_state at(enum scenario s, int64_t now)
{
	struct lifecycle_state st;

	lifecycle_outbound(&T, s, T0, -1, now, &st);
	return st;
}

static void test_scenario_from_number(void)
{
	CHECK_INT(lifecycle_scenario("+18665550100"), SCENARIO_DELIVERED);
	CHECK_INT(lifecycle_scenario("+18665550101"), SCENARIO_DELIVERY_FAILED);
	CHECK_INT(lifecycle_scenario("+13125550102"), SCENARIO_SENDING_FAILED);
	CHECK_INT(lifecycle_scenario("+18665550103"), SCENARIO_UNCONFIRMED);
	CHECK_INT(lifecycle_scenario("+18665550104"), SCENARIO_SPAM);
	CHECK_INT(lifecycle_scenario("+18665550105"), SCENARIO_SLOW);
	CHECK_INT(lifecycle_scenario("+18665550106"), SCENARIO_REJECTED);
	CHECK_INT(lifecycle_scenario("+18665550107"), SCENARIO_DELIVERED);
	CHECK_INT(lifecycle_scenario("+18665550002"), SCENARIO_DELIVERED);
	CHECK_INT(lifecycle_scenario("12345"), SCENARIO_DELIVERED);
}

static void test_delivered_boundaries(void)
{
	struct lifecycle_state st;

	CHECK_INT(at(SCENARIO_DELIVERED, T0).status, MSG_QUEUED);
	CHECK_INT(at(SCENARIO_DELIVERED, T0 + 499).status, MSG_QUEUED);
	CHECK_INT(at(SCENARIO_DELIVERED, T0 + 500).status, MSG_SENDING);
	CHECK_INT(at(SCENARIO_DELIVERED, T0 + 999).status, MSG_SENDING);
	st = at(SCENARIO_DELIVERED, T0 + 999);
	CHECK_INT(st.sent_at, -1);
	st = at(SCENARIO_DELIVERED, T0 + 1000);
	CHECK_INT(st.status, MSG_SENT);
	CHECK_INT(st.sent_at, T0 + 1000);
	CHECK_INT(st.completed_at, -1);
	CHECK_INT(st.final, 0);
	CHECK_INT(at(SCENARIO_DELIVERED, T0 + 2999).status, MSG_SENT);
	st = at(SCENARIO_DELIVERED, T0 + 3000);
	CHECK_INT(st.status, MSG_DELIVERED);
	CHECK_INT(st.completed_at, T0 + 3000);
	CHECK_INT(st.final, 1);
	CHECK_INT(st.failed, 0);
	CHECK(st.error == NULL);
	/* The state never changes after the final step. */
	CHECK_INT(at(SCENARIO_DELIVERED, T0 + 86400000LL * 365).status, MSG_DELIVERED);
}

static void test_delivery_failed(void)
{
	struct lifecycle_state st = at(SCENARIO_DELIVERY_FAILED, T0 + 2999);

	CHECK_INT(st.status, MSG_SENT);
	st = at(SCENARIO_DELIVERY_FAILED, T0 + 3000);
	CHECK_INT(st.status, MSG_DELIVERY_FAILED);
	CHECK_INT(st.failed, 1);
	CHECK_INT(st.sent_at, T0 + 1000);
	CHECK(st.error != NULL);
	CHECK_STR(st.error->code, "40008");
	CHECK_STR(st.error->title, "Undeliverable");
}

static void test_sending_failed_never_sent(void)
{
	struct lifecycle_state st = at(SCENARIO_SENDING_FAILED, T0 + 999);

	CHECK_INT(st.status, MSG_SENDING);
	st = at(SCENARIO_SENDING_FAILED, T0 + 1000);
	CHECK_INT(st.status, MSG_SENDING_FAILED);
	CHECK_INT(st.sent_at, -1);
	CHECK_INT(st.completed_at, T0 + 1000);
	CHECK_INT(st.failed, 1);
	CHECK_STR(st.error->code, "40001");
	/* Still never sent much later. */
	st = at(SCENARIO_SENDING_FAILED, T0 + 100000);
	CHECK_INT(st.status, MSG_SENDING_FAILED);
	CHECK_INT(st.sent_at, -1);
}

static void test_unconfirmed_after_72s(void)
{
	struct lifecycle_state st = at(SCENARIO_UNCONFIRMED, T0 + 3000);

	CHECK_INT(st.status, MSG_SENT);
	CHECK_INT(at(SCENARIO_UNCONFIRMED, T0 + 71999).status, MSG_SENT);
	st = at(SCENARIO_UNCONFIRMED, T0 + 72000);
	CHECK_INT(st.status, MSG_DELIVERY_UNCONFIRMED);
	CHECK_INT(st.completed_at, T0 + 72000);
	CHECK_INT(st.failed, 0);
	CHECK(st.error == NULL);
}

static void test_spam(void)
{
	struct lifecycle_state st = at(SCENARIO_SPAM, T0 + 3000);

	CHECK_INT(st.status, MSG_DELIVERY_FAILED);
	CHECK_STR(st.error->code, "40002");
	CHECK_STR(st.error->title, "Blocked as spam");
}

static void test_slow_after_60s(void)
{
	CHECK_INT(at(SCENARIO_SLOW, T0 + 3000).status, MSG_SENT);
	CHECK_INT(at(SCENARIO_SLOW, T0 + 59999).status, MSG_SENT);
	CHECK_INT(at(SCENARIO_SLOW, T0 + 60000).status, MSG_DELIVERED);
	CHECK_INT(at(SCENARIO_SLOW, T0 + 60000).completed_at, T0 + 60000);
}

static void test_scheduled(void)
{
	struct lifecycle_state st;
	int64_t send_at = T0 + 600000;

	lifecycle_outbound(&T, SCENARIO_DELIVERED, T0, send_at, T0 + 1000, &st);
	CHECK_INT(st.status, MSG_SCHEDULED);
	lifecycle_outbound(&T, SCENARIO_DELIVERED, T0, send_at, send_at - 1, &st);
	CHECK_INT(st.status, MSG_SCHEDULED);
	lifecycle_outbound(&T, SCENARIO_DELIVERED, T0, send_at, send_at, &st);
	CHECK_INT(st.status, MSG_QUEUED);
	lifecycle_outbound(&T, SCENARIO_DELIVERED, T0, send_at, send_at + 1000, &st);
	CHECK_INT(st.status, MSG_SENT);
	CHECK_INT(st.sent_at, send_at + 1000);
	lifecycle_outbound(&T, SCENARIO_DELIVERED, T0, send_at, send_at + 3000, &st);
	CHECK_INT(st.status, MSG_DELIVERED);
	/* A send_at not after the acceptance starts at once. */
	lifecycle_outbound(&T, SCENARIO_DELIVERED, T0, T0 - 5, T0, &st);
	CHECK_INT(st.status, MSG_QUEUED);
}

static void test_before_start_is_queued(void)
{
	/* A clock behind the record (restart on a real clock) shows it queued. */
	CHECK_INT(at(SCENARIO_DELIVERED, T0 - 10000).status, MSG_QUEUED);
}

static void test_custom_timing(void)
{
	static const struct lifecycle_timing fast = {0, 0, 0, 0, 0};
	struct lifecycle_state st;

	lifecycle_outbound(&fast, SCENARIO_DELIVERED, T0, -1, T0, &st);
	CHECK_INT(st.status, MSG_DELIVERED);
	lifecycle_outbound(&fast, SCENARIO_SENDING_FAILED, T0, -1, T0, &st);
	CHECK_INT(st.status, MSG_SENDING_FAILED);
}

static void test_inbound(void)
{
	struct lifecycle_state st;

	lifecycle_inbound(T0, -1, T0 + 100000, &st);
	CHECK_INT(st.status, MSG_RECEIVED);
	CHECK_INT(st.final, 0);
	lifecycle_inbound(T0, T0 + 50, T0 + 49, &st);
	CHECK_INT(st.status, MSG_RECEIVED);
	lifecycle_inbound(T0, T0 + 50, T0 + 50, &st);
	CHECK_INT(st.status, MSG_DELIVERED);
	CHECK_INT(st.completed_at, T0 + 50);
	CHECK_INT(st.failed, 0);
}

static void test_vocabularies(void)
{
	CHECK_STR(lifecycle_status_name(MSG_DELIVERY_FAILED, VOCAB_CURRENT), "delivery_failed");
	CHECK_STR(lifecycle_status_name(MSG_DELIVERY_FAILED, VOCAB_LEGACY), "failed");
	CHECK_STR(lifecycle_status_name(MSG_SENDING_FAILED, VOCAB_LEGACY), "gw_timeout");
	CHECK_STR(lifecycle_status_name(MSG_DELIVERY_UNCONFIRMED, VOCAB_LEGACY), "dlr_timeout");
	CHECK_STR(lifecycle_status_name(MSG_SENDING, VOCAB_LEGACY), "queued");
	CHECK_STR(lifecycle_status_name(MSG_QUEUED, VOCAB_LEGACY), "queued");
	CHECK_STR(lifecycle_status_name(MSG_SENT, VOCAB_LEGACY), "sent");
	CHECK_STR(lifecycle_status_name(MSG_DELIVERED, VOCAB_LEGACY), "delivered");
	CHECK_STR(lifecycle_status_name(MSG_RECEIVED, VOCAB_LEGACY), "received");
	for (int v = 0; v < VOCAB_COUNT; v++)
		for (int s = 0; s < MSG_STATUS_COUNT; s++)
			CHECK(lifecycle_status_name((enum msg_status)s, (enum vocabulary)v) !=
			      NULL);
}

/* A cancelled scheduled message: final, never sent, with the errors in reports. */
static void test_cancelled(void)
{
	struct lifecycle_state st;

	lifecycle_cancelled(T0 + 5000, &st);
	CHECK_INT(st.status, MSG_CANCELLED);
	CHECK_INT(st.final, 1);
	CHECK_INT(st.failed, 1);
	CHECK_INT(st.sent_at, -1);
	CHECK_INT(st.completed_at, T0 + 5000);
	CHECK(st.error == NULL);
	CHECK_STR(lifecycle_status_name(MSG_CANCELLED, VOCAB_CURRENT), "cancelled");
	CHECK_STR(lifecycle_status_name(MSG_CANCELLED, VOCAB_LEGACY), "cancelled");
}

const struct unit_test unit_lifecycle[] = {
    {"cancelled: final, never sent, an error class", test_cancelled},
    {"scenario_from_number", test_scenario_from_number},
    {"delivered_boundaries", test_delivered_boundaries},
    {"delivery_failed", test_delivery_failed},
    {"sending_failed_never_sent", test_sending_failed_never_sent},
    {"unconfirmed_after_72s", test_unconfirmed_after_72s},
    {"spam", test_spam},
    {"slow_after_60s", test_slow_after_60s},
    {"scheduled", test_scheduled},
    {"before_start_is_queued", test_before_start_is_queued},
    {"custom_timing", test_custom_timing},
    {"inbound", test_inbound},
    {"vocabularies", test_vocabularies},
    {NULL, NULL},
};
