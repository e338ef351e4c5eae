#include "view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fault.h"
#include "journal.h"
#include "lifecycle.h"
#include "message.h"
#include "phone.h"
#include "profile.h"
#include "report.h"
#include "sign.h"
#include "tenants.h"
#include "timefmt.h"
#include "version.h"

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

json_t *view_tenant(const char *tenant)
{
	char shown[TENANTS_SHOW_LEN + 1];

	return tenant != NULL ? json_string(tenants_show(tenant, shown)) : json_null();
}

static void tenant_row(const char *shown, const char *label, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s}", "tenant", shown, "label", label));
}

json_t *view_tenants(void)
{
	json_t *arr = json_array();

	tenants_each(tenant_row, arr);
	return view_data(arr);
}

json_t *view_tenant_label(const char *tenant, const char *label)
{
	return view_data(json_pack("{s:o, s:o}", "tenant", view_tenant(tenant), "label",
	                           label != NULL ? json_string(label) : json_null()));
}

json_t *view_mock_message_detail(const struct message *m, int64_t now)
{
	struct message_step steps[MESSAGE_TIMELINE_MAX];
	size_t n = message_timeline(m, now, steps);
	json_t *timeline = json_array();
	char at[TIMEFMT_LEN];

	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    timeline, json_pack("{s:s, s:s}", "status",
		                        lifecycle_status_name(steps[i].status,
		                                              (enum vocabulary)config.vocabulary),
		                        "at", timefmt_iso_ms(steps[i].at, at)));
	return json_pack("{s:o, s:{s:o, s:o}}", "data", view_message(m, now), "meta", "tenant",
	                 view_tenant(m->tenant), "timeline", timeline);
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

/*
 * upstream: outbound media carry content_type, sha256 and size, null until
 * known; inbound media carry content_type, size and hash_sha256.  MOCK: the
 * media is never fetched, so an inbound one's type follows its URL and its
 * size and hash are a pure function of the URL (docs/behaviour.md §2.4).
 */
static json_t *media(const char *urls, int inbound)
{
	json_t *in = stored_array(urls), *out = json_array(), *v;
	size_t i;

	json_array_foreach(in, i, v)
	{
		const char *url = json_string_value(v);
		char hash[SIGN_SHA256_HEX_LEN + 1];
		long size;

		if (url == NULL)
			continue;
		if (!inbound) {
			json_array_append_new(out, json_pack("{sOsnsnsn}", "url", v, "content_type",
			                                     "sha256", "size"));
			continue;
		}
		size = message_media_size(url, hash);
		json_array_append_new(out,
		                      json_pack("{s:O, s:s, s:I, s:s}", "url", v, "content_type",
		                                message_media_type(url), "size", (json_int_t)size,
		                                "hash_sha256", hash));
	}
	json_decref(in);
	return out;
}

/* A group member's other recipients, each with the member's own status. */
static json_t *cc_of(const struct message *m, const char *status)
{
	json_t *in = stored_array(m->cc), *out = json_array(), *v;
	size_t i;

	json_array_foreach(in, i, v)
	{
		if (json_is_string(v))
			json_array_append_new(out, party(json_string_value(v), 0, status));
	}
	json_decref(in);
	return out;
}

json_t *view_message(const struct message *m, int64_t now)
{
	struct lifecycle_state st;
	char org[IDS_UUID_LEN + 1], profile[IDS_UUID_LEN + 1], money[32];
	int outbound = m->direction == DIR_OUTBOUND;
	json_t *o = json_object(), *to = json_array(), *errors = json_array();

	message_state(m, now, &st);
	ids_uuid_from_name(m->tenant != NULL ? m->tenant : "", org);
	json_array_append_new(
	    to, party(m->to, !outbound,
	              lifecycle_status_name(st.status, (enum vocabulary)config.vocabulary)));
	if (st.error != NULL)
		json_array_append_new(errors,
		                      json_pack("{ssssss}", "code", st.error->code, "title",
		                                st.error->title, "detail", st.error->detail));

	json_object_set_new(o, "record_type", json_string("message"));
	json_object_set_new(o, "id", json_string(m->id));
	json_object_set_new(o, "direction", json_string(model_direction_name(m->direction)));
	json_object_set_new(o, "type", json_string(model_type_name(m->mms)));
	/* Stored without a profile: its tenant's default (docs/behaviour.md §2.5). */
	if (m->profile_id == NULL)
		profile_default_id(m->tenant, profile);
	json_object_set_new(o, "messaging_profile_id",
	                    json_string(m->profile_id != NULL ? m->profile_id : profile));
	json_object_set_new(o, "organization_id", json_string(org));
	/* upstream: an inbound message's from has a status too (received, then delivered). */
	json_object_set_new(
	    o, "from",
	    party(m->from, outbound,
	          outbound ? NULL : (st.status == MSG_DELIVERED ? "delivered" : "received")));
	json_object_set_new(o, "to", to);
	json_object_set_new(
	    o, "cc",
	    cc_of(m, lifecycle_status_name(st.status, (enum vocabulary)config.vocabulary)));
	json_object_set_new(o, "text", json_string(m->text));
	json_object_set_new(o, "subject", str_or_null(m->subject));
	json_object_set_new(o, "media", media(m->media_urls, !outbound));
	json_object_set_new(o, "webhook_url", str_or_null(m->webhook_url));
	json_object_set_new(o, "webhook_failover_url", str_or_null(m->webhook_failover_url));
	json_object_set_new(o, "encoding", json_string(encoding_name(m->encoding)));
	json_object_set_new(o, "parts", json_integer(m->parts));
	json_object_set_new(o, "num_chars", json_integer((json_int_t)message_num_chars(m->text)));
	json_object_set_new(o, "tags", stored_array(m->tags));
	if (st.final) {
		message_cost(m, money, sizeof money);
		json_object_set_new(o, "cost",
		                    json_pack("{ssss}", "amount", money, "currency", "USD"));
		/* MOCK: the whole cost is the rate; no carrier fee. */
		json_object_set_new(o, "cost_breakdown",
		                    json_pack("{s:{s:s, s:s}, s:{s:s, s:s}}", "rate", "amount",
		                              money, "currency", "USD", "carrier_fee", "amount",
		                              "0.0000", "currency", "USD"));
	} else {
		json_object_set_new(o, "cost", json_null());
		json_object_set_new(o, "cost_breakdown", json_null());
	}
	/* MOCK: no 10DLC campaigns here; nothing waits for a rate limit, no smart encoding. */
	json_object_set_new(o, "tcr_campaign_id", json_null());
	json_object_set_new(o, "tcr_campaign_billable", json_false());
	json_object_set_new(o, "tcr_campaign_registered", json_null());
	if (outbound) {
		json_object_set_new(o, "smart_encoding_applied", json_false());
		json_object_set_new(o, "wait_seconds", json_integer(0));
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

static json_t *time_offset(int64_t ms)
{
	char buf[TIMEFMT_LEN];

	return json_string(timefmt_iso_offset(ms, buf));
}

char *view_report_url(const struct report *r, const char *base_url)
{
	const char *name = r->row.name != NULL ? r->row.name : r->row.id;
	char token[SIGN_TOKEN_LEN + 1];
	struct buf b;

	buf_init(&b);
	buf_addf(&b, "%s/downloads/%s/", base_url, r->row.id);
	/* RFC 3986 unreserved characters pass; everything else is %XX. */
	for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~')
			buf_addc(&b, (char)*p);
		else
			buf_addf(&b, "%%%02X", *p);
	}
	buf_adds(&b, ".csv?token=");
	buf_adds(&b, sign_download_token(r->row.id, token));
	return buf_detach(&b, NULL);
}

static json_t *report_url(const struct report *r, const struct report_state *st,
                          const char *base_url)
{
	char *url;
	json_t *v;

	if (!st->downloadable)
		return json_null();
	url = view_report_url(r, base_url);
	v = json_string(url);
	free(url);
	return v;
}

json_t *view_mock_report_item(const char *kind, const char *collection, const char *tenant,
                              const char *id, const struct report_state *st, int64_t created_at,
                              const char *name, const char *download_url, json_t *report)
{
	static const char *const words[] = {[REPORT_PENDING] = "pending",
	                                    [REPORT_COMPLETE] = "complete",
	                                    [REPORT_FAILED] = "failed",
	                                    [REPORT_EXPIRED] = "expired"};
	int s = (int)st->status;
	char *path = xasprintf("%s/%s", collection, id);
	json_t *o;

	o = json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o}", "id", id, "kind", kind,
	              "path", path, "tenant", view_tenant(tenant), "status",
	              s >= REPORT_PENDING && s <= REPORT_EXPIRED ? words[s] : "pending", "name",
	              str_or_null(name), "created_at", time_offset(created_at), "updated_at",
	              time_offset(st->updated_at), "download_url", str_or_null(download_url),
	              "report", report);
	free(path);
	return o;
}

json_t *view_mock_report(const struct report *r, int64_t now, const char *base_url)
{
	int v1 = r->row.origin == REPORT_V1;
	struct report_state st;
	char *url = NULL;
	json_t *o;

	report_state(&r->row, now, &st);
	if (st.downloadable)
		url = view_report_url(r, base_url);
	o = view_mock_report_item(
	    v1 ? "mdr_request" : "batch_mdr_report",
	    v1 ? "/reporting/mdr_requests" : "/v2/legacy/reporting/batch_detail_records/messaging",
	    r->row.tenant, r->row.id, &st, r->row.created_at, r->row.name, url,
	    v1 ? view_report_v1(r, now, base_url) : view_report_v2(r, now, base_url));
	free(url);
	return o;
}

json_t *view_report_v1(const struct report *r, int64_t now, const char *base_url)
{
	struct report_state st;
	json_t *o = json_object(), *spec = r->spec;

	report_state(&r->row, now, &st);
	json_object_set_new(o, "id", json_string(r->row.id));
	json_object_set_new(o, "start_time", time_offset(r->row.start_ms));
	json_object_set_new(o, "end_time", time_offset(r->row.end_ms));
	json_object_set(o, "call_types", json_object_get(spec, "call_types"));
	json_object_set(o, "record_types", json_object_get(spec, "record_types"));
	json_object_set(o, "connections", json_object_get(spec, "connections"));
	json_object_set_new(o, "report_name", str_or_null(r->row.name));
	json_object_set_new(o, "status", json_integer(st.status));
	json_object_set_new(o, "report_url", report_url(r, &st, base_url));
	json_object_set(o, "filters", json_object_get(spec, "filters"));
	json_object_set_new(o, "created_at", time_offset(r->row.created_at));
	json_object_set_new(o, "updated_at", time_offset(st.updated_at));
	json_object_set(o, "profiles", json_object_get(spec, "profiles"));
	return o;
}

/*
 * The filters as the v2 view types them (upstream: tags_list is one string):
 * a list of tags is joined by commas.  New reference.
 */
static json_t *filters_v2(json_t *filters)
{
	json_t *out = json_array(), *f, *tags;
	size_t i;

	json_array_foreach(filters, i, f)
	{
		json_t *copy = json_copy(f);

		tags = json_object_get(f, "tags_list");
		if (json_is_array(tags)) {
			struct buf b;

			buf_init(&b);
			report_join_tags(tags, &b);
			json_object_set_new(copy, "tags_list", json_string(b.data ? b.data : ""));
			buf_release(&b);
		}
		json_array_append_new(out, copy);
	}
	return out;
}

json_t *view_report_v2(const struct report *r, int64_t now, const char *base_url)
{
	static const char *const records[] = {[RECORD_COMPLETE] = "COMPLETED",
	                                      [RECORD_INCOMPLETE] = "INCOMPLETE",
	                                      [RECORD_ERRORS] = "ERRORS"};
	struct report_state st;
	json_t *o = json_object(), *dirs = json_array(), *types = json_array(), *v;
	size_t i;

	report_state(&r->row, now, &st);
	if (r->directions & (1u << DIR_INBOUND))
		json_array_append_new(dirs, json_string("INBOUND"));
	if (r->directions & (1u << DIR_OUTBOUND))
		json_array_append_new(dirs, json_string("OUTBOUND"));
	json_array_foreach(json_object_get(r->spec, "record_types"), i, v)
	{
		json_array_append_new(types, json_string(records[json_integer_value(v)]));
	}
	json_object_set_new(o, "id", json_string(r->row.id));
	json_object_set_new(o, "record_type", json_string("mdr_report"));
	json_object_set_new(o, "start_date", time_offset(r->row.start_ms));
	json_object_set_new(o, "end_date", time_offset(r->row.end_ms));
	json_object_set_new(o, "directions", dirs);
	json_object_set_new(o, "record_types", types);
	json_object_set(o, "connections", json_object_get(r->spec, "connections"));
	json_object_set(o, "profiles", json_object_get(r->spec, "profiles"));
	json_object_set_new(o, "filters", filters_v2(json_object_get(r->spec, "filters")));
	/* upstream types: both are strings, never null: absent until there is one. */
	if (r->row.name != NULL)
		json_object_set_new(o, "report_name", json_string(r->row.name));
	json_object_set_new(o, "status", json_string(report_status_name(st.status)));
	if (st.downloadable)
		json_object_set_new(o, "report_url", report_url(r, &st, base_url));
	json_object_set_new(o, "created_at", time_offset(r->row.created_at));
	json_object_set_new(o, "updated_at", time_offset(st.updated_at));
	return o;
}

json_t *view_errors(const struct apierr *e)
{
	json_t *err = json_object();
	/* detail may quote client input, and json_string() refuses invalid UTF-8. */
	json_t *detail = json_string(e->detail);

	if (detail == NULL)
		detail = json_string("The request is invalid.");
	json_object_set_new(err, "code", json_string(apierr_code(e)));
	json_object_set_new(err, "title", json_string(apierr_title(e)));
	json_object_set_new(err, "detail", detail);
	if (e->has_pointer)
		json_object_set_new(err, "source", json_pack("{ss}", "pointer", e->pointer));
	else if (e->parameter[0] != '\0')
		json_object_set_new(err, "source", json_pack("{ss}", "parameter", e->parameter));
	return json_pack("{s[o]}", "errors", err);
}

json_t *view_event(const struct outbox_event *ev, const struct message *m, int attempt,
                   const char *url)
{
	char occurred[TIMEFMT_LEN];
	json_t *o;

	/* occurred_at has milliseconds and +00:00 (docs/behaviour.md §3.1). */
	o = json_pack("{s:{s:s, s:s, s:s, s:s, s:o}}", "data", "record_type", "event", "id",
	              ev->event_id, "event_type", model_event_name(ev->type), "occurred_at",
	              timefmt_iso_ms_offset(ev->due_at, occurred), "payload",
	              view_message(m, ev->due_at));
	/* upstream: OutboundMessageEvent has meta; InboundMessageEvent has data only. */
	if (ev->type != EVENT_RECEIVED)
		json_object_set_new(
		    o, "meta", json_pack("{s:i, s:s}", "attempt", attempt, "delivered_to", url));
	return o;
}

json_t *view_cancelled_message(const struct message *m, int64_t now)
{
	json_t *o = view_message(m, now);

	/* upstream: CancelMessage's answer has every field of a message but wait_seconds. */
	json_object_del(o, "wait_seconds");
	return o;
}

json_t *view_mock_message(const struct message *m, int64_t now, int with_otp)
{
	json_t *o = view_message(m, now);
	char otp[9];

	json_object_set_new(o, "tenant", view_tenant(m->tenant));
	if (with_otp)
		json_object_set_new(o, "otp",
		                    message_otp(m->text ? m->text : "", otp) ? json_string(otp)
		                                                             : json_null());
	return o;
}

json_t *view_page(json_t *data, long page, long size, int64_t total, int with_pages)
{
	json_t *meta =
	    json_pack("{s:I, s:I}", "page_number", (json_int_t)page, "page_size", (json_int_t)size);

	if (with_pages)
		json_object_set_new(meta, "total_pages",
		                    json_integer((json_int_t)((total + size - 1) / size)));
	json_object_set_new(meta, "total_results", json_integer((json_int_t)total));
	return json_pack("{s:o, s:o}", "data", data, "meta", meta);
}

json_t *view_attempt(const struct attempt *a)
{
	char at[TIMEFMT_LEN];

	return json_pack("{s:s, s:s, s:o, s:s, s:s, s:i, s:s, s:o, s:o, s:I, s:b}", "event_id",
	                 a->event_id, "message_id", a->message_id, "tenant", view_tenant(a->tenant),
	                 "event_type", model_event_name(a->type), "url", a->url, "attempt",
	                 a->number, "at", timefmt_iso_ms(a->at, at), "status",
	                 a->status > 0 ? json_integer(a->status) : json_null(), "error",
	                 str_or_null(a->error), "latency_ms", (json_int_t)a->latency_ms, "ok",
	                 a->ok);
}

json_t *view_attempt_detail(const struct attempt *a)
{
	json_t *o = view_attempt(a), *req = json_null(), *res = json_null();

	if (a->request_body != NULL) {
		json_t *h = json_pack("{ss}", "content-type", "application/json");

		if (a->timestamp != NULL && a->signature != NULL) {
			json_object_set_new(h, "telnyx-timestamp", json_string(a->timestamp));
			json_object_set_new(h, "telnyx-signature-ed25519",
			                    json_string(a->signature));
		}
		json_object_set_new(h, "user-agent", json_string(MDRMOCK_USER_AGENT));
		req = json_pack("{s:o, s:o}", "headers", h, "body", str_or_null(a->request_body));
	}
	if (a->response_body != NULL)
		res = json_pack("{s:o, s:b}", "body", str_or_null(a->response_body), "truncated",
		                a->response_truncated);
	json_object_set_new(o, "request", req);
	json_object_set_new(o, "response", res);
	return o;
}

json_t *view_clock(const struct clock_info *ci)
{
	char now[TIMEFMT_LEN];
	json_t *scale;

	if (ci->scale == floor(ci->scale) && ci->scale < 1e15)
		scale = json_integer((json_int_t)ci->scale);
	else
		scale = json_real(ci->scale);
	return json_pack("{sssbso}", "now", timefmt_iso_ms(ci->now, now), "frozen", ci->frozen,
	                 "time_scale", scale);
}

json_t *view_health(void)
{
	return json_pack("{ssss}", "status", "ok", "version", MDRMOCK_VERSION);
}

json_t *view_reset(const char *tenant)
{
	return json_pack("{ssso}", "status", "ok", "tenant", view_tenant(tenant));
}

json_t *view_report_fault(const char *report_id)
{
	if (report_id == NULL)
		return json_pack("{sbss}", "next_report", 1, "outcome", "failed");
	return json_pack("{ssss}", "report_id", report_id, "outcome", "failed");
}

json_t *view_webhook_key(const char *public_key_b64)
{
	return json_pack("{ss}", "public_key", public_key_b64);
}

json_t *view_fault(const struct fault *f)
{
	return json_pack("{s:i, s:o, s:s, s:o, s:o, s:o, s:f, s:I, s:I, s:i, s:o}", "id", f->id,
	                 "method", f->method[0] ? json_string(f->method) : json_null(), "path",
	                 f->path, "status", f->status ? json_integer(f->status) : json_null(),
	                 "code", f->status ? json_string(f->code) : json_null(), "count",
	                 f->count >= 0 ? json_integer(f->count) : json_null(), "probability",
	                 f->probability, "delay_ms", (json_int_t)f->delay_ms, "hits",
	                 (json_int_t)f->hits, "retry_after", f->retry_after, "tenant",
	                 f->scoped ? view_tenant(f->tenant) : json_null());
}

json_t *view_faults(const struct fault *f, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, view_fault(&f[i]));
	return view_data(arr);
}

static void journal_one(const struct journal_entry *e, void *arg)
{
	char at[TIMEFMT_LEN];

	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:i, s:f, s:b, s:b}",
	                                     "seq", (json_int_t)e->seq, "time",
	                                     timefmt_iso_ms(e->at_ms, at), "method", e->method,
	                                     "path", e->path, "query", str_or_null(e->query),
	                                     "tenant", view_tenant(e->tenant), "status", e->status,
	                                     "latency_ms", (double)e->latency_us / 1000.0,
	                                     "truncated", e->truncated, "injected", e->injected));
}

json_t *view_journal(const struct journal_query *q)
{
	json_t *arr = json_array();
	struct journal_meta meta;

	journal_each(q, journal_one, arr, &meta);
	return json_pack("{s:o, s:{s:I, s:I, s:I}}", "data", arr, "meta", "size",
	                 (json_int_t)meta.size, "dropped", (json_int_t)meta.dropped, "total",
	                 (json_int_t)meta.total);
}
