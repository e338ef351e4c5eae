#include <jansson.h>
#include <string.h>

#include "config.h"
#include "message.h"
#include "unit.h"

#define T0 1700000000000LL

/* Parses src and validates it; returns the validator's result, leaving m and e filled. */
static int validate(const char *src, enum message_source from, struct message *m, struct apierr *e)
{
	json_t *body = json_loads(src, 0, NULL);
	int rc;

	apierr_init(e);
	if (body == NULL) {
		unit_fail(__FILE__, __LINE__, "bad test JSON: %s", src);
		return -2;
	}
	rc = message_from_json(body, from, T0, m, e);
	json_decref(body);
	return rc;
}

/* Expects src to be refused with code at pointer. */
static void refused(const char *src, const char *code, const char *pointer)
{
	struct message m;
	struct apierr e;

	if (validate(src, MESSAGE_API, &m, &e) != -1) {
		unit_fail(__FILE__, __LINE__, "accepted: %s", src);
		message_release(&m);
		return;
	}
	CHECK_STR(apierr_code(&e), code);
	CHECK_STR(e.pointer, pointer);
	CHECK(m.to == NULL && m.text == NULL);
}

static void test_minimal_sms(void)
{
	struct message m;
	struct apierr e;

	CHECK_INT(validate("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"Hi\"}",
	                   MESSAGE_API, &m, &e),
	          0);
	CHECK_STR(m.from, "+18445550001");
	CHECK_STR(m.to, "+18665550002");
	CHECK_STR(m.text, "Hi");
	CHECK_STR(m.id, "");
	CHECK(m.tenant == NULL);
	CHECK_INT(m.mms, 0);
	CHECK_INT(m.parts, 1);
	CHECK_INT(m.encoding, ENCODING_GSM7);
	CHECK_INT(m.direction, DIR_OUTBOUND);
	CHECK_INT(m.received_at, T0);
	CHECK_INT(m.send_at, -1);
	CHECK_INT(m.use_profile_webhooks, 1);
	CHECK_STR(m.media_urls, "[]");
	CHECK_STR(m.tags, "[]");
	message_release(&m);
}

static void test_mms_and_fields(void)
{
	struct message m;
	struct apierr e;

	CHECK_INT(
	    validate("{\"from\":\"Shop\",\"to\":[\"+18665550002\"],\"subject\":\"S\","
	             "\"media_urls\":[\"https://example.com/a.png\"],\"tags\":[\"x\",\"y\"],"
	             "\"webhook_url\":\"http://127.0.0.1:9/h\",\"use_profile_webhooks\":false,"
	             "\"send_at\":\"2023-11-14T22:13:30Z\"}",
	             MESSAGE_API, &m, &e),
	    0);
	CHECK_INT(m.mms, 1);
	CHECK_INT(m.parts, 1);
	CHECK_STR(m.text, "");
	CHECK_STR(m.subject, "S");
	CHECK_STR(m.to, "+18665550002");
	CHECK_STR(m.media_urls, "[\"https://example.com/a.png\"]");
	CHECK_STR(m.tags, "[\"x\",\"y\"]");
	CHECK_STR(m.webhook_url, "http://127.0.0.1:9/h");
	CHECK(m.webhook_failover_url == NULL);
	CHECK_INT(m.use_profile_webhooks, 0);
	CHECK_INT(m.send_at, T0 + 10000); /* 2023-11-14T22:13:20Z is T0 */
	message_release(&m);
}

static void test_send_at_past_is_immediate(void)
{
	struct message m;
	struct apierr e;

	CHECK_INT(validate("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"a\","
	                   "\"send_at\":\"2020-01-01T00:00:00Z\"}",
	                   MESSAGE_API, &m, &e),
	          0);
	CHECK_INT(m.send_at, -1);
	message_release(&m);
}

static void test_profile_pool_number(void)
{
	struct message a, b;
	struct apierr e;
	const char *src =
	    "{\"messaging_profile_id\":\"p-1\",\"to\":\"+18665550002\",\"text\":\"a\"}";

	/* A client's send without from leaves the sender to the pool (intake.c). */
	CHECK_INT(validate(src, MESSAGE_API, &a, &e), 0);
	CHECK(a.from == NULL);
	CHECK_STR(a.profile_id, "p-1");
	message_release(&a);
	/* Inbound and fixtures need one. */
	CHECK_INT(validate(src, MESSAGE_INBOUND, &b, &e), -1);
	CHECK_STR(e.pointer, "/from");
}

static void test_encoding_and_parts(void)
{
	struct message m;
	struct apierr e;

	CHECK_INT(
	    validate(
	        "{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"\\u00e9t\\u00e9 "
	        "\\u2603\"}",
	        MESSAGE_API, &m, &e),
	    0);
	CHECK_INT(m.encoding, ENCODING_UCS2);
	message_release(&m);
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"\\u2603\","
	        "\"encoding\":\"gsm7\"}",
	        "10015", "/encoding");
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"a\","
	        "\"encoding\":\"latin1\"}",
	        "10015", "/encoding");
}

static void test_refusals(void)
{
	refused("{\"from\":\"+18445550001\",\"text\":\"a\"}", "10004", "/to");
	refused("{\"from\":\"+18445550001\",\"to\":null,\"text\":\"a\"}", "10004", "/to");
	refused("{\"from\":\"+18445550001\",\"to\":\"12\",\"text\":\"a\"}", "40310", "/to");
	refused("{\"from\":\"+18445550001\",\"to\":[\"+1\"],\"text\":\"a\"}", "40310", "/to/0");
	refused("{\"from\":\"+18445550001\",\"to\":[],\"text\":\"a\"}", "10015", "/to");
	refused("{\"from\":\"+18445550001\",\"to\":[1],\"text\":\"a\"}", "10015", "/to/0");
	refused("{\"from\":\"+18445550001\",\"to\":7,\"text\":\"a\"}", "10015", "/to");
	refused("{\"to\":\"+18665550002\",\"text\":\"a\"}", "10004", "/from");
	refused("{\"from\":\"not a number!\",\"to\":\"+18665550002\",\"text\":\"a\"}", "10016",
	        "/from");
	refused("{\"from\":5,\"to\":\"+18665550002\",\"text\":\"a\"}", "10015", "/from");
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550002\"}", "10004", "/text");
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"\"}", "10015",
	        "/text");
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":[]}", "10015",
	        "/text");
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"a\","
	        "\"type\":\"FAX\"}",
	        "10015", "/type");
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"type\":\"SMS\","
	        "\"media_urls\":[\"https://e.com/a\"]}",
	        "10015", "/type");
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"a\","
	        "\"media_urls\":[\"https://e.com/a\",\"ftp://e.com/b\"]}",
	        "10015", "/media_urls/1");
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"a\","
	        "\"media_urls\":[\"https://e.com/a\",3]}",
	        "10015", "/media_urls/1");
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"a\","
	        "\"webhook_url\":\"localhost/hook\"}",
	        "10015", "/webhook_url");
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"a\","
	        "\"webhook_failover_url\":\"https:///x\"}",
	        "10015", "/webhook_failover_url");
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"a\","
	        "\"use_profile_webhooks\":\"yes\"}",
	        "10015", "/use_profile_webhooks");
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"a\","
	        "\"tags\":[\"a\",{}]}",
	        "10015", "/tags/1");
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"a\","
	        "\"send_at\":\"tomorrow\"}",
	        "10015", "/send_at");
	refused("{\"from\":\"+18445550001\",\"to\":\"+18665550106\",\"text\":\"a\"}", "40300",
	        "/to");
}

static void test_api_cannot_set_fixture_fields(void)
{
	struct message m;
	struct apierr e;

	/* Unknown fields are ignored by the API; in particular it cannot choose the id. */
	CHECK_INT(validate("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"a\","
	                   "\"id\":\"834f3d53-8a3c-4aa0-a733-7f2d682a72df\",\"tenant\":\"x\"}",
	                   MESSAGE_API, &m, &e),
	          0);
	CHECK_STR(m.id, "");
	CHECK(m.tenant == NULL);
	message_release(&m);
}

static void test_fixture_fields(void)
{
	struct message m;
	struct apierr e;

	CHECK_INT(validate("{\"id\":\"834f3d53-8a3c-4aa0-a733-7f2d682a72df\",\"tenant\":\"k\","
	                   "\"direction\":\"inbound\",\"received_at\":\"2019-01-23T18:10:02.574Z\","
	                   "\"from\":\"+18665550002\",\"to\":\"+18445550001\",\"text\":\"hey\"}",
	                   MESSAGE_FIXTURE, &m, &e),
	          0);
	CHECK_STR(m.id, "834f3d53-8a3c-4aa0-a733-7f2d682a72df");
	CHECK_STR(m.tenant, "k");
	CHECK_INT(m.direction, DIR_INBOUND);
	CHECK_INT(m.received_at, 1548267002574LL);
	CHECK_INT(m.delivered_at, 1548267002574LL);
	message_release(&m);

	CHECK_INT(validate("{\"id\":\"nope\",\"from\":\"+1844555000\",\"to\":\"+18445550001\","
	                   "\"text\":\"a\"}",
	                   MESSAGE_FIXTURE, &m, &e),
	          -1);
	CHECK_STR(e.pointer, "/id");
	CHECK_INT(validate("{\"direction\":\"sideways\",\"from\":\"+18445550001\","
	                   "\"to\":\"+18445550001\",\"text\":\"a\"}",
	                   MESSAGE_FIXTURE, &m, &e),
	          -1);
	CHECK_STR(e.pointer, "/direction");
	CHECK_INT(validate("{\"received_at\":\"2019-01-23 18:10\",\"from\":\"+18445550001\","
	                   "\"to\":\"+18445550001\",\"text\":\"a\"}",
	                   MESSAGE_FIXTURE, &m, &e),
	          -1);
	CHECK_STR(e.pointer, "/received_at");
}

static void test_state_follows_scenario(void)
{
	struct message m;
	struct apierr e;
	struct lifecycle_state st;

	CHECK_INT(validate("{\"from\":\"+18445550001\",\"to\":\"+18665550101\",\"text\":\"a\"}",
	                   MESSAGE_API, &m, &e),
	          0);
	message_state(&m, T0, &st);
	CHECK_INT(st.status, MSG_QUEUED);
	message_state(&m, T0 + 3600 * 1000, &st);
	CHECK_INT(st.status, MSG_DELIVERY_FAILED);
	CHECK(st.error != NULL && strcmp(st.error->code, "40008") == 0);
	message_release(&m);
}

static void test_cost(void)
{
	struct message m;
	char b[32];

	memset(&m, 0, sizeof m);
	m.cancelled_at = -1;
	m.parts = 1;
	CHECK_STR(message_cost(&m, b, sizeof b), "0.0040");
	m.parts = 3;
	CHECK_STR(message_cost(&m, b, sizeof b), "0.0120");
	m.mms = 1;
	m.parts = 1;
	CHECK_STR(message_cost(&m, b, sizeof b), "0.0150");
	m.parts = 0;
	CHECK_STR(message_cost(&m, b, sizeof b), "0.0000");
	config.sms_rate = 123456;
	m.mms = 0;
	m.parts = 1;
	CHECK_STR(message_cost(&m, b, sizeof b), "12.3456");
	config.sms_rate = 40;
	/* A cancelled message was never sent. */
	m.cancelled_at = 1000;
	CHECK_STR(message_cost(&m, b, sizeof b), "0.0000");
}

const struct unit_test unit_message[] = {
    {"cost: parts times the rate, four places", test_cost},
    {"minimal_sms", test_minimal_sms},
    {"mms_and_fields", test_mms_and_fields},
    {"send_at_past_is_immediate", test_send_at_past_is_immediate},
    {"profile_pool_number", test_profile_pool_number},
    {"encoding_and_parts", test_encoding_and_parts},
    {"refusals", test_refusals},
    {"api_cannot_set_fixture_fields", test_api_cannot_set_fixture_fields},
    {"fixture_fields", test_fixture_fields},
    {"state_follows_scenario", test_state_follows_scenario},
    {NULL, NULL},
};
