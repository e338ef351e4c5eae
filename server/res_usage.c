#include "res_usage.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "feed.h"
#include "ids.h"
#include "records.h"
#include "report.h"
#include "report_csv.h"
#include "sign.h"
#include "store.h"
#include "usage.h"
#include "util.h"
#include "view.h"
#include "view_usage.h"

/* Rows a scan reads at a time, as the record readings do. */
#define SCAN_BATCH 512
/* upstream (PerPagePagination and the v2 pages): at most 250 a page. */
#define PAGE_MAX 250

struct summing {
	const struct usage_row *u;
	struct record_query q;
	int64_t at;
	struct usage_sums *sums;
	json_t *profiles; /* u->profiles, parsed once for the whole scan */
};

static int add_one(const struct message *m, void *arg)
{
	struct summing *s = arg;
	struct lifecycle_state st;
	enum mdr_status status;

	if (usage_selects(s->profiles, m) && records_match(&s->q, m, s->at, &st, &status))
		usage_add(s->sums, m, &st, status);
	return 0;
}

/*
 * Sums u's records as of at: the tenant's records (docs/behaviour.md §4.5)
 * created in [start, end) and by at.  0, or -1 when the store failed.
 */
static int sum(const struct usage_row *u, int64_t at, struct usage_sums *sums)
{
	struct summing s = {
	    u, {0}, at, sums, json_loads(u->profiles ? u->profiles : "[]", 0, NULL)};
	struct store_cursor cur = {0, 0, 0, 0};
	int64_t until = u->end_ms < at + 1 ? u->end_ms : at + 1;
	int got;

	memset(&s.q, 0, sizeof s.q);
	usage_sums_init(sums, u->aggregation);
	do {
		got = store_messages_scan(u->tenant, u->start_ms, until, &cur, SCAN_BATCH, add_one,
		                          &s);
	} while (got == SCAN_BATCH);
	json_decref(s.profiles);
	return got < 0 ? -1 : 0;
}

/* The report as the API shows it now (with its rows once complete). */
static enum status answer(struct req *rq, struct res *rs, const struct usage_row *u, int wrap)
{
	struct report_state st;
	struct usage_sums sums;
	char base[320];
	json_t *o;
	int has = 0;

	usage_sums_init(&sums, u->aggregation);
	usage_state(u, clock_now(), &st);
	if (st.downloadable) {
		if (sum(u, st.completed_at, &sums) != 0)
			return res_fail(rs, APIERR_INTERNAL, "The records could not be read.");
		has = 1;
	}
	req_base_url(rq, base, sizeof base);
	o = view_usage(u, &st, has ? &sums : NULL, base);
	if (has)
		usage_sums_release(&sums);
	return res_ok(rs, wrap ? view_data(o) : o);
}

static enum status create(struct req *rq, struct res *rs, enum usage_origin origin)
{
	struct usage_row u;
	struct apierr e;
	enum status status;
	int rc = STORE_CONFLICT;

	apierr_init(&e);
	if (usage_from_body(rq->json, origin, clock_now(), &u, &e) != 0) {
		store_usage_release(&u);
		return res_error(rs, &e);
	}
	u.tenant = xstrdup(rq->tenant);
	u.created_at = clock_now();
	/* Only a seeded run restarted on its own database can draw an id that exists. */
	for (int i = 0; rc == STORE_CONFLICT && i < 1000; i++) {
		ids_uuid(u.id);
		rc = store_usage_insert(&u);
	}
	status = rc == STORE_OK ? answer(rq, rs, &u, 1)
	                        : res_fail(rs, APIERR_INTERNAL, "The report could not be stored.");
	if (rc == STORE_OK && feed_watched()) {
		char base[320];

		feed_publish_json(
		    "report.created", u.tenant,
		    view_mock_usage(&u, u.created_at, req_base_url(rq, base, sizeof base)));
	}
	store_usage_release(&u);
	return status;
}

/* The caller's report the path names into u: 1, or 0 with the answer in rs. */
static int load(struct req *rq, struct res *rs, enum usage_origin origin, struct usage_row *u)
{
	char id[IDS_UUID_LEN + 1];
	int rc;

	if (ids_normalize(rq->captures[0], id) != 0)
		return res_fail(rs, APIERR_NOT_FOUND, "No usage report has that id."), 0;
	rc = store_usage_get(id, rq->tenant, (int)origin, u);
	if (rc == STORE_ERROR)
		return res_fail(rs, APIERR_INTERNAL, "The report could not be read."), 0;
	if (rc == STORE_NOT_FOUND)
		return res_fail(rs, APIERR_NOT_FOUND, "No usage report has that id."), 0;
	return 1;
}

static enum status get(struct req *rq, struct res *rs, enum usage_origin origin)
{
	struct usage_row u;
	enum status status;

	if (!load(rq, rs, origin, &u))
		return rs->status;
	status = answer(rq, rs, &u, 1);
	store_usage_release(&u);
	return status;
}

static enum status delete_one(struct req *rq, struct res *rs, enum usage_origin origin)
{
	struct usage_row u;
	enum status status;
	int rc;

	if (!load(rq, rs, origin, &u))
		return rs->status;
	status = answer(rq, rs, &u, 1); /* upstream: the deleted report */
	rc = store_usage_delete(u.id, rq->tenant, (int)origin);
	if (rc == STORE_OK && feed_watched())
		feed_publish_json("report.deleted", u.tenant, json_pack("{ss}", "id", u.id));
	store_usage_release(&u);
	if (rc == STORE_ERROR)
		return res_fail(rs, APIERR_INTERNAL, "The report could not be deleted.");
	if (rc == STORE_NOT_FOUND)
		return res_fail(rs, APIERR_NOT_FOUND, "No usage report has that id.");
	return status;
}

struct listing {
	struct req *rq;
	json_t *arr;
	int failed;
};

static int list_one(const struct usage_row *u, void *arg)
{
	struct listing *l = arg;
	struct res one;

	memset(&one, 0, sizeof one);
	if (answer(l->rq, &one, u, 0) == S_OK)
		json_array_append(l->arr, one.json);
	else
		l->failed = 1;
	json_decref(one.json);
	return l->failed;
}

static enum status list(struct req *rq, struct res *rs, enum usage_origin origin)
{
	const char *pname = origin == USAGE_V2 ? "page[number]" : "page";
	const char *sname = origin == USAGE_V2 ? "page[size]" : "per_page";
	struct listing l = {rq, json_array(), 0};
	struct apierr e;
	int64_t total = 0;
	long page, size;

	apierr_init(&e);
	if (req_param_long(rq, pname, 1, 1, REQ_MAX_PAGE, &page, &e) != 0 ||
	    req_param_long(rq, sname, REQ_PAGE_DEFAULT, 1, PAGE_MAX, &size, &e) != 0) {
		json_decref(l.arr);
		return res_error(rs, &e);
	}
	if (store_usage_list(rq->tenant, (int)origin, (size_t)(page - 1) * (size_t)size,
	                     (size_t)size, list_one, &l, &total) < 0 ||
	    l.failed) {
		json_decref(l.arr);
		return res_fail(rs, APIERR_INTERNAL, "The reports could not be read.");
	}
	return res_ok(rs, view_page(l.arr, page, size, total, 1));
}

enum status res_usage_create(struct req *rq, struct res *rs)
{
	return create(rq, rs, USAGE_V2);
}

enum status res_usage_list(struct req *rq, struct res *rs)
{
	return list(rq, rs, USAGE_V2);
}

enum status res_usage_get(struct req *rq, struct res *rs)
{
	return get(rq, rs, USAGE_V2);
}

enum status res_usage_delete(struct req *rq, struct res *rs)
{
	return delete_one(rq, rs, USAGE_V2);
}

enum status res_usage_legacy_create(struct req *rq, struct res *rs)
{
	return create(rq, rs, USAGE_LEGACY);
}

enum status res_usage_legacy_list(struct req *rq, struct res *rs)
{
	return list(rq, rs, USAGE_LEGACY);
}

enum status res_usage_legacy_get(struct req *rq, struct res *rs)
{
	return get(rq, rs, USAGE_LEGACY);
}

enum status res_usage_legacy_delete(struct req *rq, struct res *rs)
{
	return delete_one(rq, rs, USAGE_LEGACY);
}

/* GET /v2/reports/mdr_usage_reports/sync: summed now, complete, not stored. */
enum status res_usage_sync(struct req *rq, struct res *rs)
{
	struct report_state st;
	struct usage_sums sums;
	struct usage_row u;
	struct apierr e;
	char base[320];
	json_t *o;

	apierr_init(&e);
	if (usage_from_query(&rq->query, clock_now(), &u, &e) != 0) {
		store_usage_release(&u);
		return res_error(rs, &e);
	}
	u.tenant = xstrdup(rq->tenant);
	u.created_at = clock_now();
	ids_uuid(u.id);
	usage_sums_init(&sums, u.aggregation);
	memset(&st, 0, sizeof st);
	st.status = REPORT_COMPLETE;
	st.completed_at = st.updated_at = u.created_at;
	if (sum(&u, u.created_at, &sums) != 0) {
		store_usage_release(&u);
		return res_fail(rs, APIERR_INTERNAL, "The records could not be read.");
	}
	req_base_url(rq, base, sizeof base);
	o = view_usage(&u, &st, &sums, base);
	/* MOCK: a sync answer is not kept, so it has no file to link to. */
	json_object_del(o, "report_url");
	usage_sums_release(&sums);
	store_usage_release(&u);
	return res_ok(rs, view_data(o));
}

/* GET /downloads/usage/{id}/{file}: a complete report's rows, a plain link as batch files are. */
enum status res_usage_download(struct req *rq, struct res *rs)
{
	char id[IDS_UUID_LEN + 1];
	struct report_state st;
	struct usage_sums sums;
	struct usage_row u;
	struct apierr e;
	struct buf b;
	long rows;
	int rc;

	if (ids_normalize(rq->captures[0], id) != 0)
		return res_fail(rs, APIERR_NOT_FOUND, "No usage report has that id.");
	rc = store_usage_get(id, NULL, 0, &u);
	if (rc != STORE_OK)
		return res_fail(rs, rc == STORE_ERROR ? APIERR_INTERNAL : APIERR_NOT_FOUND,
		                "No usage report has that id.");
	/* The link's token, not the id alone, opens the file (docs/behaviour.md §4.4). */
	if (!sign_download_token_ok(u.id, query_get(&rq->query, "token"))) {
		store_usage_release(&u);
		return res_fail(rs, APIERR_NOT_FOUND, "No report file at that link.");
	}
	usage_state(&u, clock_now(), &st);
	if (st.status == REPORT_EXPIRED || !st.downloadable) {
		store_usage_release(&u);
		return res_fail(rs, st.status == REPORT_EXPIRED ? APIERR_GONE : APIERR_NOT_FOUND,
		                st.status == REPORT_EXPIRED ? "The report expired."
		                                            : "The report is not ready.");
	}
	apierr_init(&e);
	/* ?rows=N: the header and the first N rows, as a batch report's (docs/behaviour.md §4.4).
	 */
	if (req_param_long(rq, "rows", 0, 1, REPORT_CSV_MAX_ROWS, &rows, &e) != 0) {
		store_usage_release(&u);
		return res_error(rs, &e);
	}
	usage_sums_init(&sums, u.aggregation);
	rc = sum(&u, st.completed_at, &sums);
	store_usage_release(&u);
	if (rc != 0)
		return res_fail(rs, APIERR_INTERNAL, "The records could not be read.");
	buf_init(&b);
	view_usage_csv(&sums, &b);
	usage_sums_release(&sums);
	if (rows > 0)
		b.len = report_csv_cut(b.data, b.len, (size_t)rows + 1);
	return res_text(rs, "text/csv; charset=utf-8", &b);
}
