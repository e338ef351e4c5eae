#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "intake.h"
#include "store.h"
#include "unit.h"
#include "webhook.h"

static struct message outbound(const char *to)
{
	struct message m;

	memset(&m, 0, sizeof m);
	m.direction = DIR_OUTBOUND;
	m.from = "+18445550001";
	m.to = (char *)to;
	m.text = "x";
	m.tags = "[]";
	m.media_urls = "[]";
	m.parts = 1;
	m.received_at = 1000000;
	m.send_at = -1;
	m.delivered_at = -1;
	m.cancelled_at = -1;
	m.use_profile_webhooks = 1;
	return m;
}

static void test_target_order(void)
{
	struct message m = outbound("+18665550002");
	struct profile p = {.webhook_url = "https://p/1", .webhook_failover_url = "https://p/2"};
	const char *t[WEBHOOK_MAX_TARGETS];

	m.webhook_url = "https://m/1";
	m.webhook_failover_url = "https://m/2";
	CHECK_INT(webhook_targets(&m, &p, t), 4);
	CHECK_STR(t[0], "https://m/1");
	CHECK_STR(t[1], "https://m/2");
	CHECK_STR(t[2], "https://p/1");
	CHECK_STR(t[3], "https://p/2");
	m.use_profile_webhooks = 0;
	CHECK_INT(webhook_targets(&m, &p, t), 2);
	/* Absent and repeated URLs are skipped. */
	m.use_profile_webhooks = 1;
	m.webhook_url = NULL;
	m.webhook_failover_url = "https://p/1";
	CHECK_INT(webhook_targets(&m, &p, t), 2);
	CHECK_STR(t[0], "https://p/1");
	CHECK_STR(t[1], "https://p/2");
	CHECK_INT(webhook_targets(&m, NULL, t), 1);
	/* Inbound messages go to the profile. */
	m = outbound("+18445550001");
	m.direction = DIR_INBOUND;
	m.use_profile_webhooks = 0;
	CHECK_INT(webhook_targets(&m, &p, t), 2);
}

static void test_events(void)
{
	struct message m = outbound("+18665550002");
	struct profile none = {0}, with = {.webhook_url = "https://p/1"};
	struct outbox_event ev[2];

	/* Nowhere to send: no events. */
	CHECK_INT(webhook_events_for(&m, NULL, ev), 0);
	CHECK_INT(webhook_events_for(&m, &none, ev), 0);
	m.use_profile_webhooks = 0;
	CHECK_INT(webhook_events_for(&m, &with, ev), 0);
	m.use_profile_webhooks = 1;
	CHECK_INT(webhook_events_for(&m, &with, ev), 2);
	CHECK_INT(ev[0].type, EVENT_SENT);
	CHECK_INT(ev[0].due_at, m.received_at + config.timing.sent);
	CHECK_INT(ev[1].type, EVENT_FINALIZED);
	CHECK_INT(ev[1].due_at, m.received_at + config.timing.final);
	CHECK(strcmp(ev[0].event_id, ev[1].event_id) != 0);
	/* Never sent: only the final event, at the failure. */
	m = outbound("+18665550102");
	m.webhook_url = "https://m/1";
	CHECK_INT(webhook_events_for(&m, NULL, ev), 1);
	CHECK_INT(ev[0].type, EVENT_FINALIZED);
	CHECK_INT(ev[0].due_at, m.received_at + config.timing.sent);
	/* Scheduled: from send_at. */
	m = outbound("+18665550002");
	m.webhook_url = "https://m/1";
	m.send_at = m.received_at + 60000;
	CHECK_INT(webhook_events_for(&m, NULL, ev), 2);
	CHECK_INT(ev[0].due_at, m.send_at + config.timing.sent);
	/* Inbound: message.received when its profile has a URL. */
	m = outbound("+18445550001");
	m.direction = DIR_INBOUND;
	CHECK_INT(webhook_events_for(&m, NULL, ev), 0);
	CHECK_INT(webhook_events_for(&m, &with, ev), 1);
	CHECK_INT(ev[0].type, EVENT_RECEIVED);
	CHECK_INT(ev[0].due_at, m.received_at);
}

static void test_keywords(void)
{
	CHECK_INT(intake_keyword("STOP"), 1);
	CHECK_INT(intake_keyword("  stop\n"), 1);
	CHECK_INT(intake_keyword("Unsubscribe"), 1);
	CHECK_INT(intake_keyword("cancel"), 1);
	CHECK_INT(intake_keyword("END"), 1);
	CHECK_INT(intake_keyword("quit"), 1);
	CHECK_INT(intake_keyword("Start"), -1);
	CHECK_INT(intake_keyword("stop it"), 0);
	CHECK_INT(intake_keyword("STOPP"), 0);
	CHECK_INT(intake_keyword(""), 0);
}

static void test_body_envelope(void)
{
	struct message m = outbound("+18665550002");
	struct outbox_event ev = {.type = EVENT_FINALIZED, .due_at = 1575927134148LL};
	char *body;

	memcpy(ev.event_id, "00000000-0000-4000-8000-000000000009", 37);
	memcpy(m.id, "00000000-0000-4000-8000-000000000001", 37);
	body = webhook_body(&ev, &m, 2, "https://h/x");
	CHECK(strstr(body, "\"record_type\":\"event\"") != NULL);
	CHECK(strstr(body, "\"event_type\":\"message.finalized\"") != NULL);
	CHECK(strstr(body, "\"occurred_at\":\"2019-12-09T21:32:14.148+00:00\"") != NULL);
	CHECK(strstr(body, "\"meta\":{\"attempt\":2,\"delivered_to\":\"https://h/x\"}") != NULL);
	CHECK(strstr(body, "\"payload\":{\"record_type\":\"message\"") != NULL);
	free(body);
}

const struct unit_test unit_webhook[] = {
    {"target_order", test_target_order},
    {"events", test_events},
    {"keywords", test_keywords},
    {"body_envelope", test_body_envelope},
    {NULL, NULL},
};
