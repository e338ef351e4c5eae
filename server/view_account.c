#include "view_account.h"

#include <string.h>

#include "ids.h"
#include "phone.h"
#include "profile.h"
#include "view.h"

static json_t *str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* A stored JSON array (tags, keywords), parsed; [] when unreadable. */
static json_t *tags_of(const char *text)
{
	json_t *tags = json_loads(text != NULL ? text : "[]", 0, NULL);

	if (json_is_array(tags))
		return tags;
	json_decref(tags);
	return json_array();
}

json_t *view_messaging_profile(const struct profile *p)
{
	json_t *o = json_object(), *settings, *v;
	char org[IDS_UUID_LEN + 1];
	const char *key;

	ids_uuid_from_name(p->tenant != NULL ? p->tenant : "", org);
	json_object_set_new(o, "record_type", json_string("messaging_profile"));
	json_object_set_new(o, "id", json_string(p->id));
	json_object_set_new(o, "name", json_string(p->name != NULL ? p->name : ""));
	json_object_set_new(o, "organization_id", json_string(org));
	json_object_set_new(o, "webhook_url", str_or_null(p->webhook_url));
	json_object_set_new(o, "webhook_failover_url", str_or_null(p->webhook_failover_url));
	settings = json_loads(p->settings != NULL ? p->settings : "{}", 0, NULL);
	json_object_foreach(settings, key, v)
	{
		json_object_set(o, key, v);
	}
	json_decref(settings);
	json_object_set_new(o, "created_at", view_time_ms(p->created_at));
	json_object_set_new(o, "updated_at", view_time_ms(p->updated_at));
	return o;
}

json_t *view_mock_profile(const struct profile *p)
{
	json_t *o = view_messaging_profile(p);

	json_object_set_new(o, "tenant", view_tenant(p->tenant));
	json_object_set_new(o, "connection_id", str_or_null(p->connection_id));
	return o;
}

/* MOCK: every number sends and receives SMS and MMS at home and abroad. */
static json_t *feature_set(void)
{
	return json_pack("{s:b, s:b, s:b}", "domestic_two_way", 1, "international_inbound", 1,
	                 "international_outbound", 1);
}

json_t *view_number(const struct number *n)
{
	json_t *o = json_object();
	int short_code = phone_classify(n->phone_number) == PHONE_SHORT_CODE;
	char org[IDS_UUID_LEN + 1];

	ids_uuid_from_name(n->tenant != NULL ? n->tenant : "", org);
	json_object_set_new(o, "record_type", json_string("messaging_phone_number"));
	json_object_set_new(o, "id", json_string(n->id));
	json_object_set_new(o, "phone_number", json_string(n->phone_number));
	json_object_set_new(o, "messaging_profile_id", json_string(n->profile_id));
	json_object_set_new(o, "organization_id", json_string(org));
	/* MOCK: +1 numbers and short codes are US; others are shown as their country is unknown. */
	json_object_set_new(
	    o, "country_code",
	    json_string(short_code || strncmp(n->phone_number, "+1", 2) == 0 ? "US" : "ZZ"));
	json_object_set_new(o, "type", json_string(profile_number_type(n->phone_number)));
	json_object_set_new(o, "traffic_type", json_string("A2P"));
	json_object_set_new(o, "messaging_product", json_string("A2P"));
	json_object_set_new(o, "eligible_messaging_products", json_pack("[s]", "A2P"));
	json_object_set_new(o, "features",
	                    json_pack("{s:o, s:o}", "sms", feature_set(), "mms", feature_set()));
	json_object_set_new(o, "health",
	                    json_pack("{s:f, s:i, s:f, s:f}", "inbound_outbound_ratio", 0.0,
	                              "message_count", 0, "spam_ratio", 0.0, "success_ratio", 1.0));
	json_object_set_new(o, "tags", tags_of(n->tags));
	json_object_set_new(o, "created_at", view_time_ms(n->created_at));
	json_object_set_new(o, "updated_at", view_time_ms(n->updated_at));
	return o;
}

json_t *view_optout(const struct optout *o)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o}", "from", o->from, "to", o->to, "keyword",
	                 str_or_null(o->keyword), "messaging_profile_id",
	                 str_or_null(o->profile_id), "created_at", view_time_ms(o->created_at));
}

json_t *view_short_code(const struct number *n)
{
	json_t *o = json_object();

	json_object_set_new(o, "record_type", json_string("short_code"));
	json_object_set_new(o, "id", json_string(n->id));
	json_object_set_new(o, "short_code", json_string(n->phone_number));
	json_object_set_new(o, "messaging_profile_id", json_string(n->profile_id));
	json_object_set_new(o, "country_code", json_string("US"));
	json_object_set_new(o, "tags", tags_of(n->tags));
	json_object_set_new(o, "created_at", view_time_ms(n->created_at));
	json_object_set_new(o, "updated_at", view_time_ms(n->updated_at));
	return o;
}

json_t *view_profile_metrics(const struct profile *p, const char *time_frame)
{
	return json_pack("{s:s, s:s}", "messaging_profile_id", p->id, "time_frame", time_frame);
}

json_t *view_autoresp(const struct autoresp *a)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(a->id));
	json_object_set_new(o, "op", json_string(model_autoresp_op_name(a->op)));
	json_object_set_new(o, "keywords", tags_of(a->keywords));
	json_object_set_new(o, "country_code", json_string(a->country_code));
	if (a->resp_text != NULL)
		json_object_set_new(o, "resp_text", json_string(a->resp_text));
	json_object_set_new(o, "created_at", view_time_ms(a->created_at));
	json_object_set_new(o, "updated_at", view_time_ms(a->updated_at));
	return o;
}
