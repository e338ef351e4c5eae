#include "res_usage.h"

#include <string.h>

#include "clock.h"
#include "ids.h"
#include "longread.h"
#include "records.h"
#include "report.h"
#include "report_csv.h"
#include "sign.h"
#include "store.h"
#include "usage.h"
#include "view.h"
#include "view_usage.h"
#include "ticket.h"
#include "util.h"
#include "lifecycle.h"
#include "message.h"

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

/* What a summed answer is: one report, a page of them, a sync's, a download's rows. */
enum usage_answer { ANSWER_ONE, ANSWER_PAGE, ANSWER_SYNC, ANSWER_CSV };

/*
 * Usage reports summed a step at a time (longread.h): each complete one's records
 * (docs/behaviour.md §4.5), the tenant's created in [start, end) and by its completion, at
 * most SCAN_BATCH records a step.
 */
struct summer {
	struct longread lr;
	size_t n, i;             /* the reports; the one being summed */
	struct usage_row *rows;  /* owned */
	struct report_state *st; /* each one's state when asked */
	struct usage_sums *sums; /* each complete one's */
	struct summing s;        /* the report under way, when started */
	struct store_cursor cur;
	int started;
	enum usage_answer kind;
	long page, size, csv_rows; /* ANSWER_PAGE's page; ANSWER_CSV's ?rows= */
	int64_t total;             /* ANSWER_PAGE: every report of the tenant */
};

static struct summer *summer_new(size_t cap, enum usage_answer kind)
{
	struct summer *m = xcalloc(1, sizeof *m);

	m->rows = xcalloc(cap > 0 ? cap : 1, sizeof *m->rows);
	m->st = xcalloc(cap > 0 ? cap : 1, sizeof *m->st);
	m->sums = xcalloc(cap > 0 ? cap : 1, sizeof *m->sums);
	m->kind = kind;
	return m;
}

static void summer_free(void *p)
{
	struct summer *m = p;

	if (m->started)
		json_decref(m->s.profiles);
	for (size_t i = 0; i < m->n; i++) {
		store_usage_release(&m->rows[i]);
		usage_sums_release(&m->sums[i]);
	}
	free(m->rows);
	free(m->st);
	free(m->sums);
	free(m);
}

/* Adds a copy of u, in state st (summed when downloadable). */
static void summer_add(struct summer *m, const struct usage_row *u, const struct report_state *st)
{
	struct usage_row *r = &m->rows[m->n];

	*r = *u;
	r->tenant = u->tenant != NULL ? xstrdup(u->tenant) : NULL;
	r->profiles = u->profiles != NULL ? xstrdup(u->profiles) : NULL;
	m->st[m->n] = *st;
	usage_sums_init(&m->sums[m->n], u->aggregation);
	m->n++;
}

/* Moves past the reports that are not summed: 1 when none is left. */
static int summer_skip(struct summer *m)
{
	while (m->i < m->n && !m->st[m->i].downloadable)
		m->i++;
	return m->i == m->n;
}

static int summer_step(struct longread *lr)
{
	struct summer *m = (struct summer *)(void *)lr;
	const struct usage_row *u;
	int64_t until;
	int got;

	if (summer_skip(m))
		return 1;
	u = &m->rows[m->i];
	until = u->end_ms < m->st[m->i].completed_at + 1 ? u->end_ms : m->st[m->i].completed_at + 1;
	if (!m->started) {
		memset(&m->s, 0, sizeof m->s);
		m->s.u = u;
		m->s.at = m->st[m->i].completed_at;
		m->s.sums = &m->sums[m->i];
		m->s.profiles = json_loads(u->profiles ? u->profiles : "[]", 0, NULL);
		memset(&m->cur, 0, sizeof m->cur);
		m->started = 1;
	}
	got =
	    store_messages_scan(u->tenant, u->start_ms, until, &m->cur, SCAN_BATCH, add_one, &m->s);
	if (got < 0)
		return -1;
	if (got == SCAN_BATCH)
		return 0;
	json_decref(m->s.profiles);
	m->started = 0;
	m->i++;
	return summer_skip(m);
}

/* Report i as the API shows it (with its rows once complete), its link under base. */
static json_t *summed_one(const struct summer *m, size_t i, const char *base)
{
	return view_usage(&m->rows[i], &m->st[i], m->st[i].downloadable ? &m->sums[i] : NULL, base);
}

static enum status summed(struct req *rq, struct res *rs)
{
	struct summer *m = rq->later;
	int rc = ticket_result(&m->lr.ticket);
	char base[320];
	json_t *o;
	struct buf b;

	if (rc != LONGREAD_OK)
		return res_unread(rs, rc);
	req_base_url(rq, base, sizeof base);
	switch (m->kind) {
	case ANSWER_PAGE:
		o = json_array();
		for (size_t i = 0; i < m->n; i++)
			json_array_append_new(o, summed_one(m, i, base));
		return res_ok(rs, view_page(o, m->page, m->size, m->total, 1));
	case ANSWER_SYNC:
		o = summed_one(m, 0, base);
		/* MOCK: a sync answer is not kept, so it has no file to link to. */
		json_object_del(o, "report_url");
		return res_ok(rs, view_data(o));
	case ANSWER_CSV:
		buf_init(&b);
		view_usage_csv(&m->sums[0], &b);
		if (m->csv_rows > 0)
			b.len = report_csv_cut(b.data, b.len, (size_t)m->csv_rows + 1);
		return res_text(rs, "text/csv; charset=utf-8", &b);
	case ANSWER_ONE:
	default:
		return res_ok(rs, view_data(summed_one(m, 0, base)));
	}
}

/* Sums what m holds off this thread when it is long (longread.h), then answers. */
static enum status sum_and_answer(struct req *rq, struct res *rs, struct summer *m)
{
	m->lr.step = summer_step;
	/* A download has no key: its reads take its report's tenant's turn. */
	return res_read_long(rq, rs, &m->lr, m->n > 0 ? m->rows[0].tenant : rq->tenant, m,
	                     summer_free, summed);
}

/* One report as of now, summed when complete. */
static enum status answer(struct req *rq, struct res *rs, const struct usage_row *u)
{
	struct summer *m = summer_new(1, ANSWER_ONE);
	struct report_state st;

	usage_state(u, clock_now(), &st);
	summer_add(m, u, &st);
	return sum_and_answer(rq, rs, m);
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
	status = rc == STORE_OK ? answer(rq, rs, &u)
	                        : res_fail(rs, APIERR_INTERNAL, "The report could not be stored.");
	if (rc == STORE_OK) {
		char base[320];

		res_publish(rs, "report.created", u.tenant,
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
	status = answer(rq, rs, &u);
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
	rc = store_usage_delete(u.id, rq->tenant, (int)origin);
	if (rc == STORE_OK)
		res_publish(rs, "report.deleted", u.tenant, json_pack("{ss}", "id", u.id));
	/* upstream: the answer is the deleted report, as it was. */
	status = rc == STORE_OK ? answer(rq, rs, &u)
	         : rc == STORE_NOT_FOUND
	             ? res_fail(rs, APIERR_NOT_FOUND, "No usage report has that id.")
	             : res_fail(rs, APIERR_INTERNAL, "The report could not be deleted.");
	store_usage_release(&u);
	return status;
}

struct listing {
	struct summer *m;
	int64_t now;
};

static int list_one(const struct usage_row *u, void *arg)
{
	struct listing *l = arg;
	struct report_state st;

	usage_state(u, l->now, &st);
	summer_add(l->m, u, &st);
	return 0;
}

static enum status list(struct req *rq, struct res *rs, enum usage_origin origin)
{
	const char *pname = origin == USAGE_V2 ? "page[number]" : "page";
	const char *sname = origin == USAGE_V2 ? "page[size]" : "per_page";
	struct listing l;
	struct apierr e;
	long page, size;

	apierr_init(&e);
	if (req_param_long(rq, pname, 1, 1, REQ_MAX_PAGE, &page, &e) != 0 ||
	    req_param_long(rq, sname, REQ_PAGE_DEFAULT, 1, PAGE_MAX, &size, &e) != 0)
		return res_error(rs, &e);
	l.m = summer_new((size_t)size, ANSWER_PAGE);
	l.now = clock_now();
	l.m->page = page;
	l.m->size = size;
	if (store_usage_list(rq->tenant, (int)origin, (size_t)(page - 1) * (size_t)size,
	                     (size_t)size, list_one, &l, &l.m->total) < 0) {
		summer_free(l.m);
		return res_fail(rs, APIERR_INTERNAL, "The reports could not be read.");
	}
	return sum_and_answer(rq, rs, l.m);
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
	struct summer *m;
	struct usage_row u;
	struct apierr e;

	apierr_init(&e);
	if (usage_from_query(&rq->query, clock_now(), &u, &e) != 0) {
		store_usage_release(&u);
		return res_error(rs, &e);
	}
	u.tenant = xstrdup(rq->tenant);
	u.created_at = clock_now();
	ids_uuid(u.id);
	memset(&st, 0, sizeof st);
	st.status = REPORT_COMPLETE;
	st.completed_at = st.updated_at = u.created_at;
	st.downloadable = 1; /* summed as a complete report is */
	m = summer_new(1, ANSWER_SYNC);
	summer_add(m, &u, &st);
	store_usage_release(&u);
	return sum_and_answer(rq, rs, m);
}

/* GET /downloads/usage/{id}/{file}: a complete report's rows, a plain link as batch files are. */
enum status res_usage_download(struct req *rq, struct res *rs)
{
	char id[IDS_UUID_LEN + 1];
	struct report_state st;
	struct summer *m;
	struct usage_row u;
	struct apierr e;
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
	m = summer_new(1, ANSWER_CSV);
	m->csv_rows = rows;
	summer_add(m, &u, &st);
	store_usage_release(&u);
	return sum_and_answer(rq, rs, m);
}
