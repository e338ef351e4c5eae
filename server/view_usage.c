#include "view_usage.h"

#include <stdio.h>
#include <stdlib.h>

#include "message.h"
#include "report_csv.h"
#include "sign.h"
#include "timefmt.h"
#include "view.h"

static json_t *count(int64_t n)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%lld", (long long)n);
	return json_string(buf);
}

/* upstream MdrUsageRecord: every figure a string. */
static json_t *row(const struct usage_sums *s, const struct usage_group *g)
{
	char money[32];
	json_t *o = json_object();

	json_object_set_new(o, "product", json_string("messaging"));
	json_object_set_new(o, "direction", json_string(model_direction_name(g->direction)));
	json_object_set_new(o, "message_type", json_string(model_type_name(g->mms)));
	if (s->aggregation == USAGE_PROFILE)
		json_object_set_new(o, "profile_id", json_string(g->key));
	if (s->aggregation == USAGE_TAGS)
		json_object_set_new(o, "tags", json_string(g->key));
	json_object_set_new(o, "sent", count(g->sent));
	json_object_set_new(o, "delivered", count(g->delivered));
	json_object_set_new(o, "received", count(g->received));
	json_object_set_new(o, "parts", count(g->parts));
	json_object_set_new(o, "cost", json_string(message_money(g->cost_e4, money, sizeof money)));
	json_object_set_new(o, "carrier_passthrough_fee", json_string("0.0000"));
	json_object_set_new(o, "currency", json_string("USD"));
	return o;
}

static json_t *rows(const struct usage_sums *s)
{
	json_t *a = json_array();

	for (size_t i = 0; i < s->n; i++)
		json_array_append_new(a, row(s, &s->g[i]));
	return a;
}

static json_t *time_offset(int64_t ms)
{
	char buf[TIMEFMT_LEN];

	return json_string(timefmt_iso_offset(ms, buf));
}

char *view_usage_url(const struct usage_row *u, const char *base_url)
{
	char token[SIGN_TOKEN_LEN + 1];

	return xasprintf("%s/downloads/usage/%s/%s.csv?token=%s", base_url, u->id, u->id,
	                 sign_download_token(u->id, token));
}

json_t *view_usage(const struct usage_row *u, const struct report_state *st,
                   const struct usage_sums *sums, const char *base_url)
{
	int v2 = u->origin == USAGE_V2;
	json_t *o = json_object(),
	       *profiles = json_loads(u->profiles ? u->profiles : "[]", 0, NULL);

	if (!json_is_array(profiles)) {
		json_decref(profiles);
		profiles = json_array();
	}
	json_object_set_new(o, "record_type", json_string("mdr_usage_report"));
	json_object_set_new(o, "id", json_string(u->id));
	if (v2) {
		struct buf b;

		json_object_set_new(o, "aggregation_type",
		                    json_string(usage_aggregation_name(u->aggregation)));
		json_object_set_new(o, "start_date", time_offset(u->start_ms));
		json_object_set_new(o, "end_date", time_offset(u->end_ms));
		buf_init(&b);
		report_join_tags(profiles,
		                 &b); /* the ids, joined by commas as the request gave them */
		if (b.len > 0)
			json_object_set_new(o, "profiles", json_stringn(b.data, b.len));
		buf_release(&b);
		json_decref(profiles);
		json_object_set_new(o, "status", json_string(report_status_name(st->status)));
	} else {
		json_object_set_new(o, "aggregation_type", json_integer(u->aggregation));
		json_object_set_new(o, "start_time", time_offset(u->start_ms));
		json_object_set_new(o, "end_time", time_offset(u->end_ms));
		json_object_set_new(o, "profiles", profiles);
		json_object_set_new(o, "status", json_integer(st->status));
	}
	json_object_set_new(o, "connections", json_array());
	if (sums != NULL) {
		char *url = view_usage_url(u, base_url);

		json_object_set_new(o, "report_url", json_string(url));
		free(url);
		/* MOCK: legacy result holds the same rows (docs/behaviour.md §5.1). */
		json_object_set_new(o, "result",
		                    v2 ? rows(sums) : json_pack("{s:o}", "records", rows(sums)));
	}
	json_object_set_new(o, "created_at", time_offset(u->created_at));
	json_object_set_new(o, "updated_at", time_offset(st->updated_at));
	return o;
}

json_t *view_mock_usage(const struct usage_row *u, int64_t now, const char *base_url)
{
	int v2 = u->origin == USAGE_V2;
	struct report_state st;
	char *url = NULL;
	json_t *o;

	usage_state(u, now, &st);
	if (st.downloadable)
		url = view_usage_url(u, base_url);
	o = view_mock_report_item(
	    v2 ? "usage_report" : "legacy_usage_report",
	    v2 ? "/v2/reports/mdr_usage_reports" : "/v2/legacy/reporting/usage_reports/messaging",
	    u->tenant, u->id, &st, u->created_at, NULL, url, view_usage(u, &st, NULL, base_url));
	free(url);
	return o;
}

void view_usage_csv(const struct usage_sums *s, struct buf *b)
{
	static const char *const cols[] = {"Direction", "Message Type", "Key",
	                                   "Sent",      "Delivered",    "Received",
	                                   "Parts",     "Cost",         "Currency"};
	char money[32], n[4][24];

	for (size_t i = 0; i < ARRAY_LEN(cols); i++)
		report_csv_field(b,
		                 i == 2 ? (s->aggregation == USAGE_PROFILE ? "Profile ID"
		                           : s->aggregation == USAGE_TAGS  ? "Tags"
		                                                           : "Key")
		                        : cols[i],
		                 i == 0);
	report_csv_end_row(b);
	for (size_t i = 0; i < s->n; i++) {
		const struct usage_group *g = &s->g[i];

		snprintf(n[0], sizeof n[0], "%lld", (long long)g->sent);
		snprintf(n[1], sizeof n[1], "%lld", (long long)g->delivered);
		snprintf(n[2], sizeof n[2], "%lld", (long long)g->received);
		snprintf(n[3], sizeof n[3], "%lld", (long long)g->parts);
		report_csv_field(b, model_direction_name(g->direction), 1);
		report_csv_field(b, model_type_name(g->mms), 0);
		report_csv_field(b, g->key, 0);
		for (int k = 0; k < 4; k++)
			report_csv_field(b, n[k], 0);
		report_csv_field(b, message_money(g->cost_e4, money, sizeof money), 0);
		report_csv_field(b, "USD", 0);
		report_csv_end_row(b);
	}
}
