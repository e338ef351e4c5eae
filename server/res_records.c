#include "res_records.h"

#include "clock.h"
#include "records.h"
#include "store.h"
#include "view.h"
#include "view_records.h"

/* Rows a scan reads at a time: one short read each, nothing held between them. */
#define SCAN_BATCH 512

struct reading {
	const struct record_query *q;
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

	if (!records_match(r->q, m, r->now, &st, &status))
		return 0;
	if (r->matched >= r->skip && (long)json_array_size(r->page) < r->q->size)
		json_array_append_new(r->page, r->view(m, &st, status));
	r->matched++;
	return 0;
}

/*
 * Reads the tenant's records q selects, in q's order, counting them all and
 * keeping only the page: memory stays that of one page and one batch.
 */
static enum status read_page(struct req *rq, struct res *rs, const struct record_query *q,
                             json_t *(*view)(const struct message *, const struct lifecycle_state *,
                                             enum mdr_status))
{
	struct reading r = {q,   clock_now(), 0, (int64_t)(q->page - 1) * q->size, json_array(),
	                    view};
	struct store_cursor cur = {q->descending, 0, 0, 0};
	int got;

	do {
		got = store_messages_scan(rq->tenant, q->from, q->until, &cur, SCAN_BATCH, one, &r);
	} while (got == SCAN_BATCH);
	if (got < 0) {
		json_decref(r.page);
		return res_fail(rs, APIERR_INTERNAL, "The records could not be read.");
	}
	return res_ok(rs, view_page(r.page, q->page, q->size, r.matched, 1));
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
