#include "res_mock_reports.h"

#include <stdlib.h>

#include "apierr.h"
#include "clock.h"
#include "query.h"
#include "report.h"
#include "store.h"
#include "util.h"
#include "view.h"
#include "view_usage.h"

/* The items gathered from both tables, each with its creation instant for the merge. */
struct gathered {
	struct item {
		int64_t created_at, seq; /* seq: the order read, so equal instants stay stable */
		json_t *obj;
	} * v;
	size_t n, cap;
	int64_t now;
	const char *base;
};

static void keep(struct gathered *g, int64_t created_at, json_t *obj)
{
	if (obj == NULL)
		return;
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->v = xrealloc(g->v, g->cap * sizeof *g->v);
	}
	g->v[g->n].created_at = created_at;
	g->v[g->n].seq = (int64_t)g->n;
	g->v[g->n++].obj = obj;
}

static int one_report(struct report_row *row, void *arg)
{
	struct gathered *g = arg;
	int64_t created_at = row->created_at;
	struct report r;

	if (report_load(row, &r) == 0) {
		keep(g, created_at, view_mock_report(&r, g->now, g->base));
		report_release(&r);
	}
	report_row_release(row);
	return 0;
}

static int one_usage(const struct usage_row *u, void *arg)
{
	struct gathered *g = arg;

	keep(g, u->created_at, view_mock_usage(u, g->now, g->base));
	return 0;
}

/* Newest first; of two made at the same instant, the one read first (the newer row). */
static int newest_first(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->created_at != y->created_at)
		return x->created_at < y->created_at ? 1 : -1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* GET /_mock/reports?tenant=&limit=: the newest reports of every kind (docs/behaviour.md §6.1). */
enum status res_mock_reports(struct req *rq, struct res *rs)
{
	const char *tenant = query_get(&rq->query, "tenant");
	struct gathered g = {.now = clock_now()};
	char base[320];
	struct apierr e;
	json_t *arr;
	long limit;
	int a, b;

	apierr_init(&e);
	if (req_param_long(rq, "limit", 100, 1, MOCK_REPORTS_MAX, &limit, &e) != 0)
		return res_error(rs, &e);
	g.base = req_base_url(rq, base, sizeof base);
	a = store_reports_newest(tenant, (size_t)limit, one_report, &g);
	b = store_usage_newest(tenant, (size_t)limit, one_usage, &g);
	if (a < 0 || b < 0) {
		for (size_t i = 0; i < g.n; i++)
			json_decref(g.v[i].obj);
		free(g.v);
		return res_fail(rs, APIERR_INTERNAL, "The reports could not be read.");
	}
	if (g.n > 0)
		qsort(g.v, g.n, sizeof *g.v, newest_first);
	arr = json_array();
	for (size_t i = 0; i < g.n; i++) {
		if (i < (size_t)limit)
			json_array_append_new(arr, g.v[i].obj);
		else
			json_decref(g.v[i].obj);
	}
	free(g.v);
	return res_ok(rs, view_data(arr));
}
