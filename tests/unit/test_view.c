#include <jansson.h>
#include <string.h>

#include "config.h"
#include "message.h"
#include "unit.h"
#include "view.h"

#define T0 1700000000000LL

static int make(const char *src, struct message *m)
{
	json_t *body = json_loads(src, 0, NULL);
	struct apierr e;
	int rc;

	apierr_init(&e);
	rc = message_from_json(body, MESSAGE_API, T0, m, &e);
	json_decref(body);
	if (rc != 0)
		unit_fail(__FILE__, __LINE__, "refused: %s", e.detail);
	snprintf(m->id, sizeof m->id, "%s", "00000000-0000-4000-8000-000000000001");
	return rc;
}

static const char *str(json_t *o, const char *path)
{
	return json_string_value(json_object_get(o, path));
}

static const char *to_status(json_t *o)
{
	return str(json_array_get(json_object_get(o, "to"), 0), "status");
}

static void test_shape_while_queued(void)
{
	struct message m;
	json_t *o;
	static const char *const keys[] = {"record_type",
	                                   "id",
	                                   "direction",
	                                   "type",
	                                   "messaging_profile_id",
	                                   "organization_id",
	                                   "from",
	                                   "to",
	                                   "cc",
	                                   "text",
	                                   "subject",
	                                   "media",
	                                   "webhook_url",
	                                   "webhook_failover_url",
	                                   "encoding",
	                                   "parts",
	                                   "num_chars",
	                                   "tags",
	                                   "cost",
	                                   "cost_breakdown",
	                                   "tcr_campaign_id",
	                                   "tcr_campaign_billable",
	                                   "tcr_campaign_registered",
	                                   "smart_encoding_applied",
	                                   "wait_seconds",
	                                   "received_at",
	                                   "sent_at",
	                                   "completed_at",
	                                   "valid_until",
	                                   "errors"};

	if (make("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"Hello\"}", &m) != 0)
		return;
	o = view_message(&m, T0);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (json_object_get(o, keys[i]) == NULL)
			unit_fail(__FILE__, __LINE__, "missing %s", keys[i]);
	CHECK_INT(json_object_size(o), sizeof keys / sizeof keys[0]);
	CHECK_STR(str(o, "record_type"), "message");
	CHECK_STR(str(o, "direction"), "outbound");
	CHECK_STR(str(o, "type"), "SMS");
	CHECK_STR(str(o, "encoding"), "GSM-7");
	CHECK_STR(to_status(o), "queued");
	CHECK_STR(str(json_object_get(o, "from"), "carrier"), "TELNYX LLC");
	CHECK(json_object_get(json_object_get(o, "from"), "status") == NULL);
	CHECK_STR(str(o, "received_at"), "2023-11-14T22:13:20.000Z");
	CHECK(json_is_null(json_object_get(o, "sent_at")));
	CHECK(json_is_null(json_object_get(o, "cost")));
	CHECK_STR(str(o, "valid_until"), "2023-11-15T02:13:20.000Z");
	CHECK_INT(json_array_size(json_object_get(o, "errors")), 0);
	json_decref(o);
	message_release(&m);
}

static void test_final_has_cost_and_times(void)
{
	struct message m;
	json_t *o;

	if (make("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"Hello\"}", &m) != 0)
		return;
	o = view_message(&m, T0 + config.timing.final);
	CHECK_STR(to_status(o), "delivered");
	CHECK_STR(str(json_object_get(o, "cost"), "amount"), "0.0040");
	CHECK_STR(str(json_object_get(o, "cost"), "currency"), "USD");
	CHECK(json_is_string(json_object_get(o, "sent_at")));
	CHECK(json_is_string(json_object_get(o, "completed_at")));
	CHECK(json_is_null(json_object_get(o, "valid_until")));
	json_decref(o);
	/* One millisecond before the final step it is still sent, without a cost. */
	o = view_message(&m, T0 + config.timing.final - 1);
	CHECK_STR(to_status(o), "sent");
	CHECK(json_is_null(json_object_get(o, "cost")));
	json_decref(o);
	message_release(&m);
}

static void test_failure_and_legacy_vocabulary(void)
{
	struct message m;
	json_t *o, *err;
	int saved = config.vocabulary;

	if (make("{\"from\":\"+18445550001\",\"to\":\"+18665550101\",\"text\":\"Hello\"}", &m) != 0)
		return;
	o = view_message(&m, T0 + 3600 * 1000);
	CHECK_STR(to_status(o), "delivery_failed");
	err = json_array_get(json_object_get(o, "errors"), 0);
	CHECK_STR(str(err, "code"), "40008");
	json_decref(o);
	config.vocabulary = VOCAB_LEGACY;
	o = view_message(&m, T0 + 3600 * 1000);
	CHECK_STR(to_status(o), "failed");
	json_decref(o);
	o = view_message(&m, T0);
	CHECK_STR(to_status(o), "queued");
	json_decref(o);
	config.vocabulary = saved;
	message_release(&m);
}

static void test_mms_and_multipart_cost(void)
{
	struct message m;
	json_t *o, *media;
	char text[400];

	if (make("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"subject\":\"s\","
	         "\"media_urls\":[\"https://e.com/a.png\"]}",
	         &m) != 0)
		return;
	o = view_message(&m, T0 + config.timing.final);
	CHECK_STR(str(o, "type"), "MMS");
	media = json_array_get(json_object_get(o, "media"), 0);
	CHECK_STR(str(media, "url"), "https://e.com/a.png");
	CHECK_STR(str(json_object_get(o, "cost"), "amount"), "0.0150");
	json_decref(o);
	message_release(&m);

	/* 161 GSM-7 characters: two parts, twice the SMS rate. */
	memset(text, 'a', 161);
	text[161] = '\0';
	{
		char src[512];

		snprintf(src, sizeof src,
		         "{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"%s\"}",
		         text);
		if (make(src, &m) != 0)
			return;
	}
	o = view_message(&m, T0 + config.timing.final);
	CHECK_INT(json_integer_value(json_object_get(o, "parts")), 2);
	CHECK_STR(str(json_object_get(o, "cost"), "amount"), "0.0080");
	json_decref(o);
	message_release(&m);
}

static void test_organization_is_per_tenant(void)
{
	struct message a, b;
	json_t *oa, *ob;

	if (make("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"x\"}", &a) != 0 ||
	    make("{\"from\":\"+18445550001\",\"to\":\"+18665550002\",\"text\":\"x\"}", &b) != 0)
		return;
	b.tenant = strdup("other");
	oa = view_message(&a, T0);
	ob = view_message(&b, T0);
	CHECK(strcmp(str(oa, "organization_id"), str(ob, "organization_id")) != 0);
	json_decref(oa);
	json_decref(ob);
	message_release(&a);
	message_release(&b);
}

const struct unit_test unit_view[] = {
    {"shape_while_queued", test_shape_while_queued},
    {"final_has_cost_and_times", test_final_has_cost_and_times},
    {"failure_and_legacy_vocabulary", test_failure_and_legacy_vocabulary},
    {"mms_and_multipart_cost", test_mms_and_multipart_cost},
    {"organization_is_per_tenant", test_organization_is_per_tenant},
    {NULL, NULL},
};
