#include "view_records.h"

#include <string.h>

#include "ids.h"
#include "message.h"
#include "phone.h"
#include "report.h"
#include "util.h"
#include "view.h"

/* MOCK: +1 numbers and short codes are US; the mock knows no other country's plan here. */
static void country(json_t *o, const char *key, const char *number)
{
	enum phone_kind k = phone_classify(number);

	if (k == PHONE_SHORT_CODE || (k == PHONE_E164 && strncmp(number, "+1", 2) == 0))
		json_object_set_new(o, key, json_string("US"));
}

static void opt_string(json_t *o, const char *key, const char *s)
{
	if (s != NULL)
		json_object_set_new(o, key, json_string(s));
}

/* A time the type has as a plain string: absent rather than null. */
static void opt_time(json_t *o, const char *key, int64_t ms)
{
	if (ms >= 0)
		json_object_set_new(o, key, view_time_ms(ms));
}

/* The stored tags as one comma-separated string (docs/behaviour.md §5). */
static json_t *tags_string(const char *tags)
{
	struct buf b;
	json_t *out;

	buf_init(&b);
	report_join_tags_text(tags, &b);
	out = json_stringn(b.len > 0 ? b.data : "", b.len);
	buf_release(&b);
	return out;
}

json_t *view_detail_record(const struct message *m, const struct lifecycle_state *st,
                           enum mdr_status status)
{
	int outbound = m->direction == DIR_OUTBOUND;
	const char *remote = outbound ? m->to : m->from, *own = outbound ? m->from : m->to;
	const char *carrier, *line_type;
	char org[IDS_UUID_LEN + 1], cost[32], rate[32];
	json_t *o = json_object(), *errors = json_array();

	ids_uuid_from_name(m->tenant != NULL ? m->tenant : "", org);
	phone_carrier(remote, 0, &carrier, &line_type);
	if (st->error != NULL)
		json_array_append_new(errors, json_string(st->error->code));
	json_object_set_new(o, "record_type", json_string("message_detail_record"));
	json_object_set_new(o, "uuid", json_string(m->id));
	json_object_set_new(o, "user_id", json_string(org));
	json_object_set_new(o, "direction", json_string(model_direction_name(m->direction)));
	json_object_set_new(o, "message_type", json_string(model_type_name(m->mms)));
	json_object_set_new(o, "status", json_string(records_status_name(status, 0)));
	json_object_set_new(o, "delivery_status",
	                    json_string(lifecycle_status_name(st->status, VOCAB_CURRENT)));
	json_object_set_new(o, "cli", json_string(m->from));
	json_object_set_new(o, "cld", json_string(m->to));
	json_object_set_new(o, "parts", json_integer(m->parts));
	json_object_set_new(o, "cost", json_string(message_cost(m, cost, sizeof cost)));
	json_object_set_new(o, "rate", json_string(message_rate(m, rate, sizeof rate)));
	json_object_set_new(o, "carrier_fee", json_string("0.0000"));
	json_object_set_new(o, "currency", json_string("USD"));
	json_object_set_new(o, "carrier", json_string(carrier));
	country(o, "country_code", remote);
	country(o, "source_country_code", own);
	json_object_set_new(o, "on_net", json_false());
	json_object_set_new(o, "fteu", json_false());
	json_object_set_new(o, "errors", errors);
	opt_string(o, "profile_id", m->profile_id);
	opt_string(o, "profile_name", m->profile_name);
	json_object_set_new(o, "tags", tags_string(m->tags));
	opt_string(o, "delivery_status_webhook_url", m->webhook_url);
	opt_string(o, "delivery_status_failover_url", m->webhook_failover_url);
	json_object_set_new(o, "created_at", view_time_ms(m->received_at));
	opt_time(o, "sent_at", st->sent_at);
	opt_time(o, "completed_at", st->completed_at);
	json_object_set_new(
	    o, "updated_at",
	    view_time_ms(st->completed_at >= 0 ? st->completed_at : m->received_at));
	return o;
}

json_t *view_mdr(const struct message *m, const struct lifecycle_state *st, enum mdr_status status)
{
	char cost[32], rate[32];
	json_t *o = json_object();

	(void)st;
	json_object_set_new(o, "record_type", json_string("mdr_report"));
	json_object_set_new(o, "id", json_string(m->id));
	json_object_set_new(o, "created_at", view_time_ms(m->received_at));
	json_object_set_new(o, "direction",
	                    json_string(m->direction == DIR_OUTBOUND ? "OUTBOUND" : "INBOUND"));
	json_object_set_new(o, "message_type", json_string(model_type_name(m->mms)));
	json_object_set_new(o, "status", json_string(records_status_name(status, 1)));
	json_object_set_new(o, "cli", json_string(m->from));
	json_object_set_new(o, "cld", json_string(m->to));
	json_object_set_new(o, "parts", json_integer(m->parts));
	json_object_set_new(o, "cost", json_string(message_cost(m, cost, sizeof cost)));
	json_object_set_new(o, "rate", json_string(message_rate(m, rate, sizeof rate)));
	json_object_set_new(o, "currency", json_string("USD"));
	opt_string(o, "profile_name", m->profile_name);
	return o;
}
