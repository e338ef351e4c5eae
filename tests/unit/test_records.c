#include <string.h>

#include "records.h"
#include "timefmt.h"
#include "unit.h"

/* 2026-01-07T15:00:00Z, a Wednesday. */
#define NOW 1767798000000LL
#define DAY (24LL * 3600 * 1000)

static int search(const char *qs, struct record_query *rq, struct apierr *e)
{
	static struct query q; /* the query owns the strings rq borrows; kept until the next call */
	const char *badp = NULL;

	query_release(&q);
	memset(&q, 0, sizeof q);
	apierr_init(e);
	if (query_parse(&q, qs, &badp) != 0) {
		unit_fail(__FILE__, __LINE__, "bad test query: %s", qs);
		return -2;
	}
	return records_from_search(&q, NOW, rq, e);
}

static void test_search_params(void)
{
	struct record_query rq;
	struct apierr e;
	int64_t jan5;

	CHECK_INT(search("filter[record_type]=messaging", &rq, &e), 0);
	CHECK_INT(rq.descending, 1);
	CHECK_INT(rq.size, 20);
	CHECK(rq.from == INT64_MIN && rq.until == INT64_MAX);
	CHECK_INT(search("", &rq, &e), -1);
	CHECK_INT(e.kind, APIERR_MISSING);
	CHECK_STR(e.parameter, "filter[record_type]");
	CHECK_INT(search("filter[record_type]=fax", &rq, &e), -1);
	CHECK_STR(e.parameter, "filter[record_type]");
	CHECK_INT(search("filter[record_type]=messaging&filter[nope]=1", &rq, &e), -1);
	CHECK_STR(e.parameter, "filter[nope]");
	CHECK_INT(search("filter[record_type]=messaging&page[size]=51", &rq, &e), -1);
	CHECK_STR(e.parameter, "page[size]");
	CHECK_INT(
	    search("filter[record_type]=messaging&sort=created_at&page[size]=50&page[number]=3",
	           &rq, &e),
	    0);
	CHECK_INT(rq.descending, 0);
	CHECK_INT(rq.page, 3);
	/* created_at bounds, dates as midnight UTC, lte inclusive. */
	CHECK_INT(search("filter[record_type]=messaging&filter[created_at][gte]=2026-01-05"
	                 "&filter[created_at][lte]=2026-01-06T00:00:00Z",
	                 &rq, &e),
	          0);
	jan5 = timefmt_days_from_civil(2026, 1, 5) * DAY;
	CHECK(rq.from == jan5);
	CHECK(rq.until == jan5 + DAY + 1);
	CHECK_INT(search("filter[record_type]=messaging&filter[created_at][gte]=2026-02-01"
	                 "&filter[created_at][lt]=2026-01-01",
	                 &rq, &e),
	          -1);
	/* Date ranges on the clock's day. */
	CHECK_INT(search("filter[record_type]=messaging&filter[date_range]=yesterday", &rq, &e), 0);
	CHECK(rq.from == jan5 + DAY && rq.until == jan5 + 2 * DAY);
	CHECK_INT(search("filter[record_type]=messaging&filter[date_range]=this_week", &rq, &e), 0);
	CHECK(rq.from == jan5 && rq.until == jan5 + 7 * DAY); /* Monday 5th to Monday 12th */
	CHECK_INT(search("filter[record_type]=messaging&filter[date_range]=last_month", &rq, &e),
	          0);
	CHECK(rq.from == timefmt_days_from_civil(2025, 12, 1) * DAY && rq.until == jan5 - 4 * DAY);
	CHECK_INT(search("filter[record_type]=messaging&filter[date_range]=last_2_days", &rq, &e),
	          0);
	CHECK(rq.from == jan5 && rq.until == jan5 + 3 * DAY);
	CHECK_INT(search("filter[record_type]=messaging&filter[date_range]=last_0_days", &rq, &e),
	          -1);
	CHECK_INT(search("filter[record_type]=messaging&filter[cld][ends_with]=0101&filter[status]="
	                 "gw_timeout",
	                 &rq, &e),
	          0);
	CHECK_INT(rq.cld.how, TEXT_ENDS_WITH);
	CHECK_STR(rq.cld.value, "0101");
	CHECK(rq.statuses == 1u << MDR_GW_TIMEOUT);
}

static struct message msg(const char *to, int inbound)
{
	struct message m;

	memset(&m, 0, sizeof m);
	strcpy(m.id, "16fd2706-8baf-433b-82eb-8c7fada847da");
	m.direction = inbound ? DIR_INBOUND : DIR_OUTBOUND;
	m.from = "+18445550001";
	m.to = (char *)to;
	m.text = "x";
	m.tags = "[\"vip\"]";
	m.parts = 1;
	m.received_at = NOW;
	m.send_at = -1;
	m.delivered_at = -1;
	m.cancelled_at = -1;
	return m;
}

static void test_status_and_match(void)
{
	struct lifecycle_state st;
	enum mdr_status s;
	struct record_query rq;
	struct apierr e;
	struct message ok = msg("+18665550100", 0), gw = msg("+18665550102", 0),
	               dlr = msg("+18665550103", 0), in = msg("+18445550009", 1);

	CHECK_INT(records_status(&ok, NOW + 1000, &st, &s), 0); /* in flight */
	CHECK_INT(records_status(&ok, NOW + 60000, &st, &s), 1);
	CHECK_INT(s, MDR_DELIVERED);
	CHECK_INT(records_status(&gw, NOW + 60000, &st, &s), 1);
	CHECK_INT(s, MDR_GW_TIMEOUT);
	CHECK_INT(records_status(&dlr, NOW + 60000, &st, &s), 0);
	CHECK_INT(records_status(&dlr, NOW + 3600000, &st, &s), 1);
	CHECK_INT(s, MDR_DLR_TIMEOUT);
	CHECK_INT(records_status(&in, NOW, &st, &s), 1);
	CHECK_INT(s, MDR_RECEIVED);
	CHECK_STR(records_status_name(MDR_DLR_TIMEOUT, 1), "DLR_TIMEOUT");
	CHECK_INT(records_status_from_name("gw_reject", 0), MDR_GW_REJECT);
	CHECK_INT(records_status_from_name("GW_REJECT", 0), -1);

	CHECK_INT(
	    search(
	        "filter[record_type]=messaging&filter[tags]=vip&filter[cli][starts_with]=%2B1844",
	        &rq, &e),
	    0);
	CHECK_INT(records_match(&rq, &ok, NOW + 60000, &st, &s), 1);
	ok.tags = "[\"vipx\"]";
	CHECK_INT(records_match(&rq, &ok, NOW + 60000, &st, &s), 0);
	CHECK_INT(search("filter[record_type]=messaging&filter[direction]=inbound", &rq, &e), 0);
	CHECK_INT(records_match(&rq, &in, NOW, &st, &s), 1);
	CHECK_INT(records_match(&rq, &gw, NOW + 60000, &st, &s), 0);
	CHECK_INT(search("filter[record_type]=messaging&filter[status]=delivered", &rq, &e), 0);
	CHECK_INT(records_match(&rq, &gw, NOW + 60000, &st, &s), 0);
	CHECK_INT(search("filter[record_type]=messaging&filter[profile_name]=Shop", &rq, &e), 0);
	CHECK_INT(records_match(&rq, &in, NOW, &st, &s), 0);
	in.profile_name = "Shop";
	CHECK_INT(records_match(&rq, &in, NOW, &st, &s), 1);
	search("", &rq, &e); /* releases the last query */
}

const struct unit_test unit_records[] = {
    {"records: the search's parameters, windows and errors by parameter", test_search_params},
    {"records: which messages are records, their status words, matching", test_status_and_match},
    {NULL, NULL},
};
