#include <jansson.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "fault.h"
#include "message.h"
#include "report.h"
#include "report_csv.h"
#include "unit.h"

#define NOW 1731405268000LL /* 2024-11-12T09:54:28Z */

static int build(const char *src, enum report_origin o, struct report *r, struct apierr *e)
{
	json_t *body = json_loads(src, 0, NULL);
	int rc;

	apierr_init(e);
	if (body == NULL) {
		unit_fail(__FILE__, __LINE__, "bad test JSON: %s", src);
		return -2;
	}
	rc = report_from_json(body, o, NOW, r, e);
	json_decref(body);
	return rc;
}

/* Expects src refused with code at pointer. */
static void refused(const char *src, enum report_origin o, const char *code, const char *pointer)
{
	struct report r;
	struct apierr e;

	if (build(src, o, &r, &e) != -1) {
		unit_fail(__FILE__, __LINE__, "accepted: %s", src);
		report_release(&r);
		return;
	}
	CHECK_STR(apierr_code(&e), code);
	CHECK_STR(e.pointer, pointer);
}

#define START "\"start_time\":\"2024-11-12T00:00:00+00:00\""

static void test_filter_rules(void)
{
	/* The first filter must be and. */
	refused("{" START ",\"filters\":[{\"filter_type\":\"or\",\"cli\":\"1\",\"cli_filter\":"
	        "\"contains\"}]}",
	        REPORT_V1, "10015", "/filters/0/filter_type");
	/* No and after an or. */
	refused("{" START ",\"filters\":[{\"filter_type\":\"and\",\"cli\":\"1\",\"cli_filter\":"
	        "\"contains\"},{\"filter_type\":\"or\",\"cld\":\"2\",\"cld_filter\":\"contains\"},"
	        "{\"filter_type\":\"and\",\"tags_list\":[\"x\"]}]}",
	        REPORT_V1, "10015", "/filters/2/filter_type");
	refused("{" START ",\"filters\":[{\"filter_type\":\"xor\",\"cli\":\"1\",\"cli_filter\":"
	        "\"contains\"}]}",
	        REPORT_V1, "10015", "/filters/0/filter_type");
	refused("{" START ",\"filters\":[{\"cli\":\"1\",\"cli_filter\":\"contains\"}]}", REPORT_V1,
	        "10004", "/filters/0/filter_type");
	/* Exactly one of cli, cld, tags_list. */
	refused("{" START ",\"filters\":[{\"filter_type\":\"and\"}]}", REPORT_V1, "10004",
	        "/filters/0");
	refused("{" START ",\"filters\":[{\"filter_type\":\"and\",\"cli\":\"1\",\"cld\":\"2\","
	        "\"cli_filter\":\"contains\"}]}",
	        REPORT_V1, "10015", "/filters/0");
	/* The matching *_filter, present and valid. */
	refused("{" START ",\"filters\":[{\"filter_type\":\"and\",\"cli\":\"1\"}]}", REPORT_V1,
	        "10004", "/filters/0/cli_filter");
	refused("{" START ",\"filters\":[{\"filter_type\":\"and\",\"cld\":\"1\",\"cld_filter\":"
	        "\"equals\"}]}",
	        REPORT_V1, "10015", "/filters/0/cld_filter");
	refused("{" START ",\"filters\":[{\"filter_type\":\"and\",\"cld\":\"1\",\"cli_filter\":"
	        "\"contains\"}]}",
	        REPORT_V1, "10015", "/filters/0/cli_filter");
	refused("{" START ",\"filters\":[{\"filter_type\":\"and\",\"cli\":\"\",\"cli_filter\":"
	        "\"contains\"}]}",
	        REPORT_V1, "10015", "/filters/0/cli");
	refused("{" START ",\"filters\":[{\"filter_type\":\"and\",\"tags_list\":[]}]}", REPORT_V1,
	        "10015", "/filters/0/tags_list");
	refused("{" START ",\"filters\":[{\"filter_type\":\"and\",\"tags_list\":[\"a\",3]}]}",
	        REPORT_V1, "10015", "/filters/0/tags_list/1");
	refused("{" START ",\"filters\":[\"and\"]}", REPORT_V1, "10015", "/filters/0");
	refused("{" START ",\"filters\":{}}", REPORT_V1, "10015", "/filters");
}

static void test_field_rules(void)
{
	refused("{}", REPORT_V1, "10004", "/start_time");
	refused("{\"start_time\":\"yesterday\"}", REPORT_V1, "10015", "/start_time");
	refused("{" START ",\"end_time\":\"2024-11-11T00:00:00Z\"}", REPORT_V1, "10015",
	        "/end_time");
	refused("{" START ",\"end_time\":\"2024-11-12T00:00:00Z\"}", REPORT_V1, "10015",
	        "/end_time");
	/* v2 needs end_time. */
	refused("{" START "}", REPORT_V2, "10004", "/end_time");
	/* A default end (now) before the start: the start is at fault. */
	refused("{\"start_time\":\"2030-01-01T00:00:00Z\"}", REPORT_V1, "10015", "/start_time");
	refused("{" START ",\"timezone\":\"Mars/Base\"}", REPORT_V1, "10015", "/timezone");
	refused("{" START ",\"timezone\":\"../../etc/passwd\"}", REPORT_V1, "10015", "/timezone");
	refused("{" START ",\"call_types\":[1,3]}", REPORT_V1, "10015", "/call_types/1");
	refused("{" START ",\"call_types\":[\"1\"]}", REPORT_V1, "10015", "/call_types/0");
	refused("{" START ",\"record_types\":[0]}", REPORT_V1, "10015", "/record_types/0");
	refused("{" START ",\"record_types\":[1.5]}", REPORT_V1, "10015", "/record_types/0");
	refused("{" START ",\"directions\":[\"sideways\"]}", REPORT_V1, "10015", "/directions/0");
	refused("{" START ",\"end_time\":\"2024-11-12T01:00:00Z\",\"directions\":[\"inbound\"]}",
	        REPORT_V2, "10015", "/directions/0");
	refused("{" START ",\"connections\":[7]}", REPORT_V1, "10015", "/connections/0");
	refused("{" START ",\"end_time\":\"2024-11-12T01:00:00Z\",\"connections\":[\"7\"]}",
	        REPORT_V2, "10015", "/connections/0");
	refused("{" START ",\"profiles\":[\"\"]}", REPORT_V1, "10015", "/profiles/0");
	refused("{" START ",\"include_message_body\":\"yes\"}", REPORT_V1, "10015",
	        "/include_message_body");
	refused("{" START ",\"report_name\":5}", REPORT_V1, "10015", "/report_name");
}

static void test_accepts_and_echoes(void)
{
	struct report r;
	struct apierr e;

	if (build("{\"start_time\":\"2024-11-12T00:00:00\",\"timezone\":\"America/New_York\","
	          "\"end_time\":\"2024-11-12T06:00:00Z\"}",
	          REPORT_V1, &r, &e) != 0) {
		unit_fail(__FILE__, __LINE__, "refused: %s %s", e.pointer, e.detail);
		return;
	}
	/* No offset: wall-clock time in New York (UTC-5 in November); an offset wins. */
	CHECK_INT(r.row.start_ms, 1731387600000LL);
	CHECK_INT(r.row.end_ms, 1731391200000LL);
	report_release(&r);
	if (build("{\"start_time\":\"2024-11-12T00:00:00\",\"timezone\":\"America/New_York\","
	          "\"end_time\":\"2024-11-12T09:54:28Z\",\"call_types\":[2],\"record_types\":[1,3],"
	          "\"report_name\":\"nov-12\",\"filters\":[{\"filter_type\":\"and\",\"cld\":"
	          "\"+1866\",\"cld_filter\":\"starts_with\",\"ignored\":1}]}",
	          REPORT_V1, &r, &e) != 0) {
		unit_fail(__FILE__, __LINE__, "refused: %s %s", e.pointer, e.detail);
		return;
	}
	CHECK_INT(r.row.created_at, NOW);
	CHECK_STR(r.row.name, "nov-12");
	CHECK_STR(r.row.timezone, "America/New_York");
	CHECK_INT(r.directions, 1u << DIR_OUTBOUND);
	CHECK_INT(r.records, (1u << RECORD_COMPLETE) | (1u << RECORD_ERRORS));
	CHECK_INT(r.nfilters, 1);
	CHECK_STR(r.row.spec, "{\"call_types\":[2],\"directions\":[],\"record_types\":[1,3],"
	                      "\"connections\":[],\"profiles\":[],\"filters\":[{\"filter_type\":"
	                      "\"and\",\"cld\":\"+1866\",\"cld_filter\":\"starts_with\"}]}");
	report_release(&r);

	/* v1 with no end_time: now. */
	CHECK_INT(build("{" START "}", REPORT_V1, &r, &e), 0);
	CHECK_INT(r.row.end_ms, NOW);
	CHECK(r.row.name == NULL);
	CHECK_STR(r.row.timezone, "UTC");
	report_release(&r);
}

static void test_load_round_trip(void)
{
	struct report a, b;
	struct report_row row;
	struct apierr e;

	if (build("{" START ",\"end_time\":\"2024-11-12T05:00:00Z\",\"directions\":[1],"
	          "\"filters\":[{\"filter_type\":\"and\",\"tags_list\":\"vip\"},{\"filter_type\":"
	          "\"or\",\"cli\":\"555\",\"cli_filter\":\"ends_with\"}]}",
	          REPORT_V2, &a, &e) != 0) {
		unit_fail(__FILE__, __LINE__, "refused: %s %s", e.pointer, e.detail);
		return;
	}
	memset(&row, 0, sizeof row);
	row.spec = strdup(a.row.spec);
	row.timezone = strdup("UTC");
	CHECK_INT(report_load(&row, &b), 0);
	CHECK(row.spec == NULL);
	CHECK_INT(b.directions, 1u << DIR_INBOUND);
	CHECK_INT(b.nfilters, 2);
	CHECK_INT(b.filters[0].field, FILTER_TAGS);
	CHECK_INT(b.filters[1].is_or, 1);
	CHECK_INT(b.filters[1].match, TEXT_ENDS_WITH);
	report_release(&a);
	report_release(&b);
	memset(&row, 0, sizeof row);
	row.spec = strdup("not json");
	CHECK_INT(report_load(&row, &b), -1);
}

/* A message with borrowed strings, as a scan hands it out. */
static struct message msg(const char *from, const char *to, const char *tags)
{
	struct message m;

	memset(&m, 0, sizeof m);
	m.from = (char *)from;
	m.to = (char *)to;
	m.tags = (char *)tags;
	m.text = "x";
	m.parts = 1;
	m.received_at = NOW;
	m.send_at = -1;
	m.delivered_at = -1;
	m.cancelled_at = -1;
	return m;
}

static int filters_on(const char *filters, const struct message *m)
{
	char src[1024];
	struct report r;
	struct apierr e;
	int hit;

	snprintf(src, sizeof src, "{" START ",\"filters\":%s}", filters);
	if (build(src, REPORT_V1, &r, &e) != 0) {
		unit_fail(__FILE__, __LINE__, "refused %s: %s", filters, e.detail);
		return -1;
	}
	hit = report_filters_match(&r, m);
	report_release(&r);
	return hit;
}

#define F(type, field, value, how)                                                                 \
	"{\"filter_type\":\"" type "\",\"" field "\":\"" value "\",\"" field "_filter\":\"" how    \
	"\"}"
#define T(type, tags) "{\"filter_type\":\"" type "\",\"tags_list\":" tags "}"

static void test_filter_evaluation(void)
{
	struct message m = msg("+18445550001", "+18665550002", "[\"vip\",\"eu\"]");

	CHECK_INT(filters_on("[]", &m), 1);
	CHECK_INT(filters_on("[" F("and", "cli", "+1844", "starts_with") "]", &m), 1);
	CHECK_INT(filters_on("[" F("and", "cli", "+1866", "starts_with") "]", &m), 0);
	CHECK_INT(filters_on("[" F("and", "cld", "0002", "ends_with") "]", &m), 1);
	CHECK_INT(filters_on("[" F("and", "cld", "5550", "contains") "]", &m), 1);
	CHECK_INT(filters_on("[" F("and", "cld", "9999", "contains") "]", &m), 0);
	CHECK_INT(filters_on("[" F("and", "cld", "+186655500021", "starts_with") "]", &m), 0);
	CHECK_INT(filters_on("[" T("and", "[\"eu\"]") "]", &m), 1);
	CHECK_INT(filters_on("[" T("and", "[\"us\",\"vip\"]") "]", &m), 1);
	CHECK_INT(filters_on("[" T("and", "\"vip\"") "]", &m), 1);
	CHECK_INT(filters_on("[" T("and", "[\"us\"]") "]", &m), 0);
	/* and, and: both. */
	CHECK_INT(filters_on("[" F("and", "cli", "+1844", "starts_with") "," F("and", "cld", "1",
	                                                                       "ends_with") "]",
	                     &m),
	          0);
	/* and, or: (a AND b) OR c, left to right. */
	CHECK_INT(filters_on("[" F("and", "cli", "+1999", "starts_with") "," F("or", "cld", "0002",
	                                                                       "ends_with") "]",
	                     &m),
	          1);
	CHECK_INT(filters_on("[" F("and", "cli", "+1844", "starts_with") "," F(
	                         "and", "cld", "9", "ends_with") "," T("or", "[\"vip\"]") "]",
	                     &m),
	          1);
	CHECK_INT(filters_on("[" F("and", "cli", "+1844", "starts_with") "," F(
	                         "and", "cld", "9", "ends_with") "," T("or", "[\"no\"]") "]",
	                     &m),
	          0);
	m.tags = "[]";
	CHECK_INT(filters_on("[" T("and", "[\"vip\"]") "]", &m), 0);
}

static void test_record_classes(void)
{
	struct lifecycle_state st;

	memset(&st, 0, sizeof st);
	st.status = MSG_SENT;
	CHECK_INT(report_class(&st), RECORD_INCOMPLETE);
	st.final = 1;
	st.status = MSG_DELIVERED;
	CHECK_INT(report_class(&st), RECORD_COMPLETE);
	st.status = MSG_DELIVERY_UNCONFIRMED;
	CHECK_INT(report_class(&st), RECORD_COMPLETE);
	st.failed = 1;
	st.status = MSG_DELIVERY_FAILED;
	CHECK_INT(report_class(&st), RECORD_ERRORS);
}

static void test_selection(void)
{
	struct report r;
	struct apierr e;
	struct lifecycle_state st;
	struct message ok = msg("+18445550001", "+18665550002", "[]");
	struct message bad = msg("+18445550001", "+18665550101", "[]");

	if (build("{" START ",\"record_types\":[3],\"call_types\":[2]}", REPORT_V1, &r, &e) != 0)
		return;
	CHECK_INT(report_selects(&r, &ok, NOW + 60000, &st), 0);
	CHECK_INT(report_selects(&r, &bad, NOW + 60000, &st), 1);
	CHECK_INT(st.status, MSG_DELIVERY_FAILED);
	/* As of completion: before the failure it was incomplete, so not an error row. */
	CHECK_INT(report_selects(&r, &bad, NOW + 1000, &st), 0);
	bad.direction = DIR_INBOUND;
	bad.delivered_at = NOW;
	CHECK_INT(report_selects(&r, &bad, NOW + 60000, &st), 0);
	report_release(&r);
	/* upstream defaults: inbound (call_types [1]) and complete (record_types [1]) only. */
	if (build("{" START "}", REPORT_V1, &r, &e) != 0)
		return;
	CHECK_INT(report_selects(&r, &ok, NOW + 60000, &st), 0);
	bad.to = "+18665550002";
	CHECK_INT(report_selects(&r, &bad, NOW + 60000, &st), 1); /* the inbound one, delivered */
	report_release(&r);
	if (build("{" START ",\"directions\":[\"outbound\"]}", REPORT_V1, &r, &e) != 0)
		return;
	CHECK_INT(report_selects(&r, &ok, NOW + 60000, &st), 1);
	CHECK_INT(report_selects(&r, &ok, NOW, &st), 0); /* not complete yet */
	report_release(&r);
	if (build("{" START ",\"profiles\":[\"p1\"],\"call_types\":[2],\"record_types\":[1,2]}",
	          REPORT_V1, &r, &e) != 0)
		return;
	CHECK_INT(report_selects(&r, &ok, NOW, &st), 0);
	ok.profile_id = "p1";
	CHECK_INT(report_selects(&r, &ok, NOW, &st), 1);
	report_release(&r);
	if (build("{" START ",\"connections\":[\"c1\"],\"call_types\":[2],\"record_types\":[1,2]}",
	          REPORT_V1, &r, &e) != 0)
		return;
	CHECK_INT(report_selects(&r, &ok, NOW, &st), 0);
	ok.connection_id = "c1";
	CHECK_INT(report_selects(&r, &ok, NOW, &st), 1);
	report_release(&r);
}

static void test_state(void)
{
	struct report_row row;
	struct report_state st;

	memset(&row, 0, sizeof row);
	row.created_at = NOW;
	report_state(&row, NOW, &st);
	CHECK_INT(st.status, REPORT_PENDING);
	CHECK_INT(st.downloadable, 0);
	report_state(&row, NOW + config.report_delay - 1, &st);
	CHECK_INT(st.status, REPORT_PENDING);
	report_state(&row, NOW + config.report_delay, &st);
	CHECK_INT(st.status, REPORT_COMPLETE);
	CHECK_INT(st.completed_at, NOW + config.report_delay);
	CHECK_INT(st.downloadable, 1);
	report_state(&row, NOW + config.report_retention - 1, &st);
	CHECK_INT(st.status, REPORT_COMPLETE);
	report_state(&row, NOW + config.report_retention, &st);
	CHECK_INT(st.status, REPORT_EXPIRED);
	CHECK_INT(st.downloadable, 0);
	CHECK_INT(st.updated_at, NOW + config.report_retention);
	row.failed = 1;
	report_state(&row, NOW + config.report_delay, &st);
	CHECK_INT(st.status, REPORT_FAILED);
	CHECK_INT(st.downloadable, 0);
	CHECK_STR(report_status_name(REPORT_EXPIRED), "EXPIRED");
	/* Requested at the clock's end (year 9999): complete at the end, not pending forever. */
	row.failed = 0;
	row.created_at = CLOCK_MAX_MS - 1;
	report_state(&row, CLOCK_MAX_MS, &st);
	CHECK_INT(st.status, REPORT_COMPLETE);
	CHECK_INT(st.completed_at, CLOCK_MAX_MS);
	CHECK_INT(st.downloadable, 1);
}

static void test_csv_quoting(void)
{
	struct buf b;

	buf_init(&b);
	report_csv_field(&b, "plain", 1);
	report_csv_field(&b, "a,b", 0);
	report_csv_field(&b, "say \"hi\"", 0);
	report_csv_field(&b, "line\nbreak", 0);
	report_csv_field(&b, "", 0);
	report_csv_field(&b, "\"", 0);
	report_csv_end_row(&b);
	CHECK_STR(b.data, "\"plain\",\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\"\",\"\"\"\"\r\n");
	buf_release(&b);
}

/* report_csv_cut: whole records only; a line break inside quotes does not end one. */
static void test_csv_cut(void)
{
	static const char t[] = "\"h\",\"x\"\r\n\"a\nb\",\"\"\"\n\"\r\n\"c\",\"d\"\r\n";
	size_t n = sizeof t - 1, first = strlen("\"h\",\"x\"\r\n");

	CHECK_INT(report_csv_cut(t, n, 0), 0);
	CHECK_INT(report_csv_cut(t, n, 1), first);
	CHECK_INT(report_csv_cut(t, n, 2), first + strlen("\"a\nb\",\"\"\"\n\"\r\n"));
	CHECK_INT(report_csv_cut(t, n, 3), n);
	CHECK_INT(report_csv_cut(t, n, 4), n);
	CHECK_INT(report_csv_cut("", 0, 1), 0);
}

static void test_csv_row(void)
{
	struct buf b;
	struct message m = msg("+18445550001", "+18665550101", "[\"a\",\"b\"]");
	struct lifecycle_state st;
	char id[] = "00000000-0000-4000-8000-000000000001";

	memcpy(m.id, id, sizeof id);
	m.text = "hi, \"you\"";
	message_state(&m, NOW + 60000, &st);
	buf_init(&b);
	report_csv_row(&b, &m, &st, 1);
	CHECK_STR(b.data, "\"00000000-0000-4000-8000-000000000001\",\"+18445550001\","
	                  "\"+18665550101\",\"2024-11-12 09:54:28\",\"2024-11-12 09:54:29\","
	                  "\"2024-11-12 09:54:31\",\"outbound\",\"failed\",\"delivery_failed\","
	                  "\"SMS\",\"1\",\"0.0040\",\"USD\",\"a,b\",\"\",\"40008\",\"0\","
	                  "\"hi, \"\"you\"\"\"\r\n");
	buf_release(&b);
	buf_init(&b);
	report_csv_header(&b, 0);
	CHECK(strncmp(b.data, "\"Unique Mdr ID\",\"Originating Number\"", 36) == 0);
	CHECK(strstr(b.data, "Message Body") == NULL);
	CHECK(strstr(b.data, "\"Error Codes\",\"Total Media Size\"\r\n") != NULL);
	buf_release(&b);
}

static void test_fault_counter(void)
{
	fault_report_clear();
	CHECK_INT(fault_report_take(), 0);
	fault_report_next(2);
	CHECK_INT(fault_report_take(), 1);
	CHECK_INT(fault_report_take(), 1);
	CHECK_INT(fault_report_take(), 0);
}

const struct unit_test unit_report[] = {
    {"csv_cut: the first N records, quoted line breaks kept", test_csv_cut},
    {"filter_rules", test_filter_rules},
    {"field_rules", test_field_rules},
    {"accepts_and_echoes", test_accepts_and_echoes},
    {"load_round_trip", test_load_round_trip},
    {"filter_evaluation", test_filter_evaluation},
    {"record_classes", test_record_classes},
    {"selection", test_selection},
    {"state", test_state},
    {"csv_quoting", test_csv_quoting},
    {"csv_row", test_csv_row},
    {"fault_counter", test_fault_counter},
    {NULL, NULL},
};
