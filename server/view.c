#include "view.h"

#include <string.h>

#include "config.h"
#include "lifecycle.h"
#include "message.h"
#include "phone.h"
#include "timefmt.h"

/* MOCK: a queued message stays valid for four hours (Telnyx's default validity period). */
#define VALIDITY_MS (4LL * 3600 * 1000)

json_t *view_data(json_t *obj)
{
	json_t *root = json_object();

	json_object_set_new(root, "data", obj);
	return root;
}

json_t *view_time_ms(int64_t ms)
{
	char buf[TIMEFMT_LEN];

	return ms < 0 ? json_null() : json_string(timefmt_iso_ms(ms, buf));
}

static json_t *str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *party(const char *number, int own, const char *status)
{
	const char *carrier, *line_type;
	json_t *o = json_object();

	phone_carrier(number, own, &carrier, &line_type);
	json_object_set_new(o, "phone_number", json_string(number));
	if (status != NULL)
		json_object_set_new(o, "status", json_string(status));
	json_object_set_new(o, "carrier", json_string(carrier));
	json_object_set_new(o, "line_type", json_string(line_type));
	return o;
}

/* A stored JSON array, parsed; [] when it is empty or unreadable. */
static json_t *stored_array(const char *text)
{
	json_t *a;

	if (text == NULL || strcmp(text, "[]") == 0)
		return json_array();
	a = json_loads(text, 0, NULL);
	if (!json_is_array(a)) {
		json_decref(a);
		return json_array();
	}
	return a;
}

static json_t *media(const char *urls)
{
	json_t *in = stored_array(urls), *out = json_array(), *v;
	size_t i;

	json_array_foreach(in, i, v)
	{
		json_array_append_new(out, json_pack("{sOsnsnsn}", "url", v, "content_type",
						     "sha256", "size"));
	}
	json_decref(in);
	return out;
}

json_t *view_message(const struct message *m, int64_t now)
{
	struct lifecycle_state st;
	char org[IDS_UUID_LEN + 1], money[32];
	int outbound = m->direction == DIR_OUTBOUND;
	json_t *o = json_object(), *to = json_array(), *errors = json_array();

	message_state(m, now, &st);
	ids_uuid_from_name(m->tenant != NULL ? m->tenant : "", org);
	json_array_append_new(
		to, party(m->to, !outbound,
			  lifecycle_status_name(st.status, (enum vocabulary)config.vocabulary)));
	if (st.error != NULL)
		json_array_append_new(errors, json_pack("{ssssss}", "code", st.error->code,
							"title", st.error->title, "detail",
							st.error->detail));

	json_object_set_new(o, "record_type", json_string("message"));
	json_object_set_new(o, "id", json_string(m->id));
	json_object_set_new(o, "direction", json_string(outbound ? "outbound" : "inbound"));
	json_object_set_new(o, "type", json_string(m->mms ? "MMS" : "SMS"));
	json_object_set_new(o, "messaging_profile_id", str_or_null(m->profile_id));
	json_object_set_new(o, "organization_id", json_string(org));
	json_object_set_new(o, "from", party(m->from, outbound, NULL));
	json_object_set_new(o, "to", to);
	json_object_set_new(o, "cc", json_array());
	json_object_set_new(o, "text", json_string(m->text));
	json_object_set_new(o, "subject", str_or_null(m->subject));
	json_object_set_new(o, "media", media(m->media_urls));
	json_object_set_new(o, "webhook_url", str_or_null(m->webhook_url));
	json_object_set_new(o, "webhook_failover_url", str_or_null(m->webhook_failover_url));
	json_object_set_new(o, "encoding", json_string(encoding_name(m->encoding)));
	json_object_set_new(o, "parts", json_integer(m->parts));
	json_object_set_new(o, "tags", stored_array(m->tags));
	if (st.final) {
		int64_t rate = m->mms ? config.mms_rate : config.sms_rate;

		json_object_set_new(o, "cost",
				    json_pack("{ssss}", "amount",
					      config_format_money(rate * m->parts, money,
								  sizeof money),
					      "currency", "USD"));
	} else {
		json_object_set_new(o, "cost", json_null());
	}
	json_object_set_new(o, "received_at", view_time_ms(m->received_at));
	json_object_set_new(o, "sent_at", view_time_ms(st.sent_at));
	json_object_set_new(o, "completed_at", view_time_ms(st.completed_at));
	if (outbound && (st.status == MSG_SCHEDULED || st.status == MSG_QUEUED)) {
		int64_t start = m->send_at > m->received_at ? m->send_at : m->received_at;

		json_object_set_new(o, "valid_until", view_time_ms(start + VALIDITY_MS));
	} else {
		json_object_set_new(o, "valid_until", json_null());
	}
	json_object_set_new(o, "errors", errors);
	return o;
}
