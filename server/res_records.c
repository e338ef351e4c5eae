#include "res_records.h"

#include <stdlib.h>

#include "clock.h"
#include "longread.h"
#include "records.h"
#include "store.h"
#include "view.h"
#include "view_records.h"

/* Rows a scan reads at a time: one short read each, nothing held between them. */
#define SCAN_BATCH 512

/* A reading under way, a step at a time (longread.h). */
struct reading {
	struct longread lr;
	struct record_query q;
	const char *tenant; /* the request's */
	struct store_cursor cur;
	int64_t now;
	int64_t matched; /* every record the query selects */
	int64_t skip;    /* before the page */
	json_t *page;
	json_t *(*view)(const struct message *m, const struct lifecycle_state *st,
	                enum mdr_status status);
};

static int one(const struct message *m, void *arg)
{
	struct reading *r = arg;
	struct lifecycle_state st;
	enum mdr_status status;

	if (!records_match(&r->q, m, r->now, &st, &status))
		return 0;
	if (r->matched >= r->skip && (long)json_array_size(r->page) < r->q.size)
		json_array_append_new(r->page, r->view(m, &st, status));
	r->matched++;
	return 0;
}

static int reading_step(struct longread *lr)
{
	struct reading *r = (struct reading *)(void *)lr;
	int got =
	    store_messages_scan(r->tenant, r->q.from, r->q.until, &r->cur, SCAN_BATCH, one, r);

	return got < 0 ? -1 : got < SCAN_BATCH ? 1 : 0;
}

static void reading_free(void *p)
{
	struct reading *r = p;

	json_decref(r->page);
	free(r);
}

static enum status reading_done(struct req *rq, struct res *rs)
{
	struct reading *r = rq->later;
	int rc = ticket_result(&r->lr.ticket);
	json_t *page = r->page;

	if (rc != LONGREAD_OK)
		return res_unread(rs, rc);
	r->page = NULL;
	return res_ok(rs, view_page(page, r->q.page, r->q.size, r->matched, 1));
}

/*
 * Reads the tenant's records q selects, in q's order, counting them all and
 * keeping only the page: memory stays that of one page and one batch, and the
 * work goes SCAN_BATCH records a step (longread.h).
 */
static enum status read_page(struct req *rq, struct res *rs, const struct record_query *q,
                             json_t *(*view)(const struct message *, const struct lifecycle_state *,
                                             enum mdr_status))
{
	struct reading *r = xcalloc(1, sizeof *r);

	r->lr.step = reading_step;
	r->q = *q;
	r->tenant = rq->tenant;
	r->cur.descending = q->descending;
	r->now = clock_now();
	r->skip = (int64_t)(q->page - 1) * q->size;
	r->page = json_array();
	r->view = view;
	return res_read_long(rq, rs, &r->lr, rq->tenant, r, reading_free, reading_done);
}

enum status res_records_search(struct req *rq, struct res *rs)
{
	struct record_query q;
	struct apierr e;

	apierr_init(&e);
	if (records_from_search(&rq->query, clock_now(), &q, &e) != 0)
		return res_error(rs, &e);
	return read_page(rq, rs, &q, view_detail_record);
}

enum status res_records_mdrs(struct req *rq, struct res *rs)
{
	struct record_query q;
	struct apierr e;

	apierr_init(&e);
	if (records_from_mdrs(&rq->query, clock_now(), &q, &e) != 0)
		return res_error(rs, &e);
	return read_page(rq, rs, &q, view_mdr);
}
