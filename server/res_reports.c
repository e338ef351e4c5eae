#include "res_reports.h"

#include <string.h>

#include "clock.h"
#include "ids.h"
#include "fault.h"
#include "report.h"
#include "report_csv.h"
#include "sign.h"
#include "store.h"
#include "view.h"
#include "util.h"
#include "lifecycle.h"
#include "message.h"

/* Rows fetched per read of a download: bounds its memory (docs/behaviour.md §4.4). */
#define DOWNLOAD_CHUNK 512

typedef json_t *(*report_view_fn)(const struct report *r, int64_t now, const char *base_url);

static report_view_fn view_of(enum report_origin o)
{
	return o == REPORT_V1 ? view_report_v1 : view_report_v2;
}

/* v1 answers the bare object (upstream), v2 wraps it in {"data": ...}. */
static enum status answer(struct res *rs, enum report_origin o, const struct report *r,
                          const struct req *rq)
{
	char base[320];
	json_t *obj = view_of(o)(r, clock_now(), req_base_url(rq, base, sizeof base));

	return res_ok(rs, o == REPORT_V1 ? obj : view_data(obj));
}

static enum status create(struct req *rq, struct res *rs, enum report_origin o)
{
	struct report r;
	struct apierr e;
	enum status status;
	int rc = STORE_CONFLICT;

	apierr_init(&e);
	if (report_from_json(rq->json, o, clock_now(), &r, &e) != 0)
		return res_error(rs, &e);
	r.row.tenant = xstrdup(rq->tenant);
	/* MOCK: POST /_mock/faults {"next_report": true} fails the next report. */
	r.row.failed = fault_report_take();
	for (int i = 0; rc == STORE_CONFLICT && i < STORE_MAX_ID_DRAWS; i++) {
		ids_uuid(r.row.id);
		rc = store_report_insert(&r.row);
	}
	if (rc != STORE_OK) {
		status = res_fail(rs, APIERR_INTERNAL, "The report request could not be stored.");
	} else {
		char base[320];

		status = answer(rs, o, &r, rq);
		res_publish(
		    rs, "report.created", r.row.tenant,
		    view_mock_report(&r, r.row.created_at, req_base_url(rq, base, sizeof base)));
	}
	report_release(&r);
	return status;
}

/*
 * Loads report id of the caller's tenant into r.  Returns S_OK, or the
 * error status with rs filled (another tenant's report is 404, docs/behaviour.md §4.3).
 */
static enum status load(struct req *rq, struct res *rs, const char *tenant, struct report *r)
{
	struct report_row row;
	char id[IDS_UUID_LEN + 1];
	int rc;

	memset(r, 0, sizeof *r);
	if (ids_normalize(rq->captures[0], id) != 0)
		return res_fail(rs, APIERR_NOT_FOUND, "No report has that id.");
	rc = store_report_get(id, tenant, &row);
	if (rc == STORE_NOT_FOUND)
		return res_fail(rs, APIERR_NOT_FOUND, "No report has that id.");
	if (rc != STORE_OK || report_load(&row, r) != 0) {
		report_row_release(&row);
		return res_fail(rs, APIERR_INTERNAL, "The report could not be read.");
	}
	return S_OK;
}

static enum status get(struct req *rq, struct res *rs, enum report_origin o)
{
	struct report r;
	enum status status = load(rq, rs, rq->tenant, &r);

	if (status != S_OK)
		return status;
	status = answer(rs, o, &r, rq);
	report_release(&r);
	return status;
}

static enum status delete_one(struct req *rq, struct res *rs, enum report_origin o)
{
	struct report r;
	enum status status = load(rq, rs, rq->tenant, &r);

	if (status != S_OK)
		return status;
	if (store_report_delete(r.row.id, rq->tenant) == STORE_ERROR) {
		status = res_fail(rs, APIERR_INTERNAL, "The report could not be deleted.");
	} else {
		status = answer(rs, o, &r, rq); /* 200 with the deleted object */
		res_publish(rs, "report.deleted", r.row.tenant, json_pack("{ss}", "id", r.row.id));
	}
	report_release(&r);
	return status;
}

static enum status list(struct req *rq, struct res *rs, enum report_origin o)
{
	const char *pname = o == REPORT_V1 ? "page" : "page[number]";
	const char *sname = o == REPORT_V1 ? "per_page" : "page[size]";
	struct report_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0, now = clock_now();
	long page, size;
	struct apierr e;
	char base[320];
	json_t *arr;

	apierr_init(&e);
	if (req_param_long(rq, pname, 1, 1, REQ_MAX_PAGE, &page, &e) != 0 ||
	    req_param_long(rq, sname, REQ_PAGE_DEFAULT, 1, REQ_PAGE_MAX, &size, &e) != 0)
		return res_error(rs, &e);
	if (store_report_list(rq->tenant, (size_t)(page - 1) * (size_t)size, (size_t)size, &rows,
	                      &n, &total) != STORE_OK) {
		free(rows);
		return res_fail(rs, APIERR_INTERNAL, "The reports could not be read.");
	}
	req_base_url(rq, base, sizeof base);
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		struct report r;

		if (report_load(&rows[i], &r) == 0) {
			json_array_append_new(arr, view_of(o)(&r, now, base));
			report_release(&r);
		}
		report_row_release(&rows[i]);
	}
	free(rows);
	if (o == REPORT_V1)
		return res_ok(rs, arr); /* upstream: a bare array */
	return res_ok(rs, view_page(arr, page, size, total, 1));
}

enum status res_reports_v1_create(struct req *rq, struct res *rs)
{
	return create(rq, rs, REPORT_V1);
}
enum status res_reports_v1_list(struct req *rq, struct res *rs)
{
	return list(rq, rs, REPORT_V1);
}
enum status res_reports_v1_get(struct req *rq, struct res *rs)
{
	return get(rq, rs, REPORT_V1);
}
enum status res_reports_v1_delete(struct req *rq, struct res *rs)
{
	return delete_one(rq, rs, REPORT_V1);
}
enum status res_reports_v2_create(struct req *rq, struct res *rs)
{
	return create(rq, rs, REPORT_V2);
}
enum status res_reports_v2_list(struct req *rq, struct res *rs)
{
	return list(rq, rs, REPORT_V2);
}
enum status res_reports_v2_get(struct req *rq, struct res *rs)
{
	return get(rq, rs, REPORT_V2);
}
enum status res_reports_v2_delete(struct req *rq, struct res *rs)
{
	return delete_one(rq, rs, REPORT_V2);
}

/* A download in progress: the rows as of completion, DOWNLOAD_CHUNK at a time. */
struct download {
	struct report r;
	int64_t completed_at;
	int64_t until; /* exclusive: the window's end, or just after completion */
	struct store_cursor cur;
	struct buf buf;
	size_t off;
	long rows, max_rows; /* rows written; the most asked for (?rows=, 0: all) */
	int started, done;
};

static int download_row(const struct message *m, void *arg)
{
	struct download *d = arg;
	struct lifecycle_state st;

	if (!report_selects(&d->r, m, d->completed_at, &st))
		return 0;
	report_csv_row(&d->buf, m, &st, d->r.row.include_body);
	if (d->max_rows > 0 && ++d->rows >= d->max_rows) {
		d->done = 1; /* the preview has its rows */
		return 1;
	}
	return 0;
}

/*
 * Each call examines at most DOWNLOAD_CHUNK records, matching or not, so a
 * report that selects few rows of many never holds an HTTP thread for long
 * (docs/behaviour.md §4.4): with nothing to send yet it says so and is asked again.
 */
static long download_read(void *state, char *out, size_t max)
{
	struct download *d = state;
	size_t n;

	if (d->off == d->buf.len && !d->done) {
		int got;

		d->buf.len = 0;
		d->off = 0;
		if (!d->started) {
			d->started = 1;
			report_csv_header(&d->buf, d->r.row.include_body);
		}
		got = store_messages_scan(d->r.row.tenant, d->r.row.start_ms, d->until, &d->cur,
		                          DOWNLOAD_CHUNK, download_row, d);
		if (got < 0)
			return -1;
		if (got < DOWNLOAD_CHUNK)
			d->done = 1;
	}
	if (d->off == d->buf.len)
		return d->done ? 0 : RES_STREAM_AGAIN;
	n = d->buf.len - d->off;
	if (n > max)
		n = max;
	memcpy(out, d->buf.data + d->off, n);
	d->off += n;
	return (long)n;
}

static void download_free(void *state)
{
	struct download *d = state;

	report_release(&d->r);
	buf_release(&d->buf);
	free(d);
}

enum status res_reports_download(struct req *rq, struct res *rs)
{
	struct download *d;
	struct report_state st;
	struct report r;
	enum status status = load(rq, rs, NULL, &r); /* a plain link: no credentials (upstream) */
	struct apierr e;
	long rows;

	if (status != S_OK)
		return status;
	apierr_init(&e);
	/* MOCK: ?rows=N, the header and the first N rows only (docs/behaviour.md §4.4). */
	if (req_param_long(rq, "rows", 0, 1, REPORT_CSV_MAX_ROWS, &rows, &e) != 0) {
		report_release(&r);
		return res_error(rs, &e);
	}
	/* MOCK: the link's token, not the id alone, opens the file (docs/behaviour.md §4.4). */
	if (!sign_download_token_ok(r.row.id, query_get(&rq->query, "token"))) {
		report_release(&r);
		return res_fail(rs, APIERR_NOT_FOUND, "No report file at that link.");
	}
	report_state(&r.row, clock_now(), &st);
	if (st.status == REPORT_EXPIRED) {
		report_release(&r);
		return res_fail(rs, APIERR_GONE,
		                "The report expired; MDR reports are kept for 30 days by default.");
	}
	if (!st.downloadable) {
		report_release(&r);
		return res_fail(rs, APIERR_NOT_FOUND, "The report is not ready.");
	}
	d = xcalloc(1, sizeof *d);
	d->r = r;
	d->completed_at = st.completed_at;
	d->max_rows = rows;
	/* Rows are the messages that existed when the report completed (docs/behaviour.md §4.2). */
	d->until = r.row.end_ms < st.completed_at + 1 ? r.row.end_ms : st.completed_at + 1;
	buf_init(&d->buf);
	return res_stream(rs, "text/csv; charset=utf-8", download_read, download_free, d);
}
