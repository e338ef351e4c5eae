#include "res_admin.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "clock.h"
#include "config.h"
#include "feed.h"
#include "fixtures.h"
#include "ids.h"
#include "jsonin.h"
#include "fault.h"
#include "journal.h"
#include "ratelimit.h"
#include "report.h"
#include "store.h"
#include "tenants.h"
#include "ticket.h"
#include "timefmt.h"
#include "util.h"
#include "view.h"
#include "webhook.h"

/* The largest advance_seconds: about 31,700 years, far past any test and exact in a double. */
#define MAX_ADVANCE_SECONDS 1e12
/* A page of the journal (docs/behaviour.md §6.3): 1,000 entries unless asked, 10,000 at most. */
#define JOURNAL_PAGE     1000
#define MAX_JOURNAL_PAGE 10000

enum status res_admin_health(struct req *rq, struct res *rs)
{
	(void)rq;
	return res_ok(rs, view_health());
}

/*
 * The tenant a control call names (docs/behaviour.md §6.1): in the query or the body,
 * both honoured and, when both are given, equal; non-empty UTF-8 text.  0
 * with *tenant (NULL: none named), or -1 with e.
 */
static int control_tenant(struct req *rq, const char **tenant, struct apierr *e)
{
	const char *in_body = NULL;
	json_t *probe;

	*tenant = query_get(&rq->query, "tenant");
	if (rq->json != NULL && jsonin_string(rq->json, "", "tenant", 0, &in_body, e) < 0)
		return -1;
	if (in_body != NULL && *tenant != NULL && strcmp(in_body, *tenant) != 0)
		return apierr_at(e, APIERR_BAD_REQUEST, "/tenant",
		                 "The body's tenant and the query's differ; give one.");
	if (*tenant == NULL)
		*tenant = in_body;
	if (*tenant != NULL && **tenant == '\0')
		return apierr_param(e, APIERR_BAD_REQUEST, "tenant", "'tenant' must not be empty.");
	/* Checked before anything changes: answers name the tenant in JSON. */
	probe = *tenant != NULL ? json_string(*tenant) : NULL;
	if (*tenant != NULL && probe == NULL)
		return apierr_param(e, APIERR_BAD_REQUEST, "tenant",
		                    "'tenant' must be UTF-8 text.");
	json_decref(probe);
	return 0;
}

/* How the store keeps a named tenant: with --tenancy shared, everyone is one. */
static const char *stored_tenant(const char *tenant)
{
	return tenant != NULL && config.tenancy_shared ? AUTH_SHARED_TENANT : tenant;
}

/* A tenant's reset on the store's thread (docs/behaviour.md §6.4): the tenant as named and
 * as stored. */
struct pending_reset {
	struct store_reset r;
	char *tenant;
	char *stored;
};

static void pending_reset_free(void *later)
{
	struct pending_reset *pr = later;

	free(pr->tenant);
	free(pr->stored);
	free(pr);
}

static enum status reset_done(struct req *rq, struct res *rs)
{
	struct pending_reset *pr = rq->later;

	if (ticket_result(&pr->r.ticket) != STORE_OK)
		return res_fail(rs, APIERR_INTERNAL, "The reset failed.");
	fault_clear(pr->stored);
	feed_publish_json("reset", pr->stored, view_reset(pr->tenant));
	return res_ok(rs, view_reset(pr->tenant));
}

/*
 * MOCK: a full reset is a fresh start: no data but the fixtures, the clock
 * back at its configured start, and a seeded id sequence from its beginning.
 * A tenant's reset touches that tenant's data (and faults) only, and runs on
 * the store's thread, so no worker waits for it.
 */
enum status res_admin_reset(struct req *rq, struct res *rs)
{
	const char *tenant;
	struct apierr e;

	apierr_init(&e);
	if (control_tenant(rq, &tenant, &e) != 0)
		return res_error(rs, &e);
	if (tenant != NULL) {
		struct pending_reset *pr = xcalloc(1, sizeof *pr);

		pr->tenant = xstrdup(tenant);
		pr->stored = xstrdup(stored_tenant(tenant));
		fixtures_reset_tenant(&pr->r, pr->stored);
		return res_defer(rq, rs, pr, pending_reset_free, &pr->r.ticket, reset_done);
	}
	if (fixtures_apply(STORE_SCOPE_ALL, NULL) != STORE_OK)
		return res_fail(rs, APIERR_INTERNAL, "The reset failed.");
	clock_reset();
	ids_restart();
	/* The saved place starts over with the sequence (gate.c saves it after each call). */
	if (config.seeded && store_meta_set("ids_drawn", (int64_t)ids_drawn()) != STORE_OK)
		return res_fail(rs, APIERR_INTERNAL, "The reset failed.");
	fault_report_clear();
	fault_clear(NULL);
	tenants_clear();
	journal_clear();
	ratelimit_clear();
	webhook_wake();
	feed_publish_json("reset", NULL, view_reset(NULL));
	return res_ok(rs, view_reset(NULL));
}

static json_t *clock_json(void)
{
	struct clock_info ci;

	clock_info(&ci);
	return view_clock(&ci);
}

enum status res_admin_clock_get(struct req *rq, struct res *rs)
{
	(void)rq;
	return res_ok(rs, clock_json());
}

/* docs/behaviour.md §6: {"advance":"31d"} | {"advance_seconds":60} | {"set":RFC3339}, and/or
 * {"freeze":bool}.
 */
enum status res_admin_clock_set(struct req *rq, struct res *rs)
{
	static const char *const movers[] = {"advance", "advance_seconds", "set"};
	const char *mover = NULL, *s;
	int64_t target = 0, delta = -1;
	int freeze = -1, rc;
	double secs;
	struct apierr e;

	apierr_init(&e);
	for (size_t i = 0; i < sizeof movers / sizeof movers[0]; i++) {
		json_t *v = json_object_get(rq->json, movers[i]);
		char ptr[32];

		if (v == NULL || json_is_null(v))
			continue;
		if (mover != NULL) {
			apierr_at(&e, APIERR_BAD_REQUEST, JSONIN_PTR(ptr, "", movers[i]),
			          "Give only one of advance, advance_seconds and set.");
			return res_error(rs, &e);
		}
		mover = movers[i];
	}
	if ((rc = jsonin_bool(rq->json, "", "freeze", 0, &freeze, &e)) < 0)
		return res_error(rs, &e);
	if (rc == 0)
		freeze = -1;
	if (mover == NULL && freeze < 0) {
		apierr_at(&e, APIERR_MISSING, "",
		          "Give one of advance, advance_seconds, set, or freeze.");
		return res_error(rs, &e);
	}
	if (mover != NULL && strcmp(mover, "advance") == 0) {
		if (jsonin_string(rq->json, "", "advance", 0, &s, &e) < 0)
			return res_error(rs, &e);
		if (timefmt_parse_duration(s, &delta) != 0) {
			apierr_at(&e, APIERR_BAD_REQUEST, "/advance",
			          "'advance' must be a duration like 90s, 15m, 2h or 31d.");
			return res_error(rs, &e);
		}
	} else if (mover != NULL && strcmp(mover, "advance_seconds") == 0) {
		if (jsonin_number(rq->json, "", "advance_seconds", 0, &secs, &e) < 0)
			return res_error(rs, &e);
		if (!(secs >= 0) || secs > MAX_ADVANCE_SECONDS) {
			apierr_at(&e, APIERR_BAD_REQUEST, "/advance_seconds",
			          "'advance_seconds' must be between 0 and 1e12; the clock never "
			          "moves backwards.");
			return res_error(rs, &e);
		}
		delta = (int64_t)llround(secs * 1000.0);
	} else if (mover != NULL) {
		if (jsonin_string(rq->json, "", "set", 0, &s, &e) < 0)
			return res_error(rs, &e);
		if (timefmt_parse_ms(s, &target) != 0) {
			apierr_at(&e, APIERR_BAD_REQUEST, "/set",
			          "'set' must be an RFC 3339 time with an offset.");
			return res_error(rs, &e);
		}
		if ((rc = clock_set(target)) != 0) {
			apierr_at(&e, APIERR_BAD_REQUEST, "/set",
			          rc == -1 ? "The clock cannot move backwards."
			                   : "The clock runs from 1970-01-01 to 9999-12-31.");
			return res_error(rs, &e);
		}
	}
	if (delta >= 0 && clock_advance(delta) != 0) {
		apierr_at(
		    &e, APIERR_BAD_REQUEST,
		    strcmp(mover, "advance") == 0 ? "/advance" : "/advance_seconds",
		    "The clock stops at 9999-12-31T23:59:59.999Z; that advance goes past it.");
		return res_error(rs, &e);
	}
	if (freeze >= 0)
		clock_freeze(freeze);
	/* Moving the clock fires whatever became due (docs/behaviour.md §1.6). */
	webhook_wake();
	feed_publish_json("clock", NULL, clock_json());
	return res_ok(rs, clock_json());
}

/*
 * Report faults (docs/behaviour.md §6): {"report_id": ID} fails a pending report,
 * {"next_report": true} the next one created; "outcome" is "failed", the
 * only outcome a report can be forced into.
 */
static enum status report_fault(struct req *rq, struct res *rs)
{
	const char *id = NULL, *outcome = "failed";
	struct report_row row;
	struct report_state st;
	struct apierr e;
	int next = 0, rc;

	apierr_init(&e);
	if (jsonin_string(rq->json, "", "report_id", JSONIN_NONEMPTY, &id, &e) < 0 ||
	    jsonin_bool(rq->json, "", "next_report", 0, &next, &e) < 0 ||
	    jsonin_string(rq->json, "", "outcome", 0, &outcome, &e) < 0)
		return res_error(rs, &e);
	if (strcmp(outcome, "failed") != 0) {
		apierr_at(&e, APIERR_BAD_REQUEST, "/outcome", "'outcome' must be failed.");
		return res_error(rs, &e);
	}
	if ((id == NULL) == !next) {
		apierr_at(&e, id == NULL ? APIERR_MISSING : APIERR_BAD_REQUEST, "",
		          "Give one of report_id or next_report: true.");
		return res_error(rs, &e);
	}
	if (next) {
		fault_report_next(1);
		return res_ok(rs, view_report_fault(NULL));
	}
	rc = ids_is_uuid(id) ? store_report_get(id, NULL, &row) : STORE_NOT_FOUND;
	if (rc == STORE_NOT_FOUND) {
		apierr_at(&e, APIERR_NOT_FOUND, "/report_id", "No report has that id.");
		return res_error(rs, &e);
	}
	if (rc != STORE_OK)
		return res_fail(rs, APIERR_INTERNAL, "The report could not be read.");
	report_state(&row, clock_now(), &st);
	report_row_release(&row);
	if (st.status != REPORT_PENDING) {
		apierr_at(&e, APIERR_BAD_REQUEST, "/report_id",
		          "The report is no longer pending; only a pending report can fail.");
		return res_error(rs, &e);
	}
	if (store_report_fail(id) != STORE_OK)
		return res_fail(rs, APIERR_INTERNAL, "The fault could not be stored.");
	return res_ok(rs, view_report_fault(id));
}

/* POST /_mock/faults: a report fault, or an API fault (fault.h). */
enum status res_admin_faults_add(struct req *rq, struct res *rs)
{
	const char *tenant;
	struct apierr e;
	struct fault f;

	if (json_object_get(rq->json, "report_id") != NULL ||
	    json_object_get(rq->json, "next_report") != NULL)
		return report_fault(rq, rs);
	apierr_init(&e);
	if (control_tenant(rq, &tenant, &e) != 0 ||
	    fault_add(rq->json, stored_tenant(tenant), &f, &e) != 0)
		return res_error(rs, &e);
	return res_ok(rs, view_data(view_fault(&f)));
}

static enum status faults_answer(struct res *rs, const char *tenant)
{
	struct fault *all = xcalloc(FAULT_MAX, sizeof *all);
	size_t n = fault_list(tenant, all);
	enum status status = res_ok(rs, view_faults(all, n));

	free(all);
	return status;
}

/* GET /_mock/faults?tenant=: every fault, or those scoped to one tenant. */
enum status res_admin_faults_list(struct req *rq, struct res *rs)
{
	const char *tenant;
	struct apierr e;

	apierr_init(&e);
	if (control_tenant(rq, &tenant, &e) != 0)
		return res_error(rs, &e);
	return faults_answer(rs, stored_tenant(tenant));
}

/* DELETE /_mock/faults?tenant=: every fault (and report fault), or one tenant's. */
enum status res_admin_faults_clear(struct req *rq, struct res *rs)
{
	const char *tenant;
	struct apierr e;

	apierr_init(&e);
	if (control_tenant(rq, &tenant, &e) != 0)
		return res_error(rs, &e);
	fault_clear(stored_tenant(tenant));
	if (tenant == NULL)
		fault_report_clear();
	return faults_answer(rs, stored_tenant(tenant));
}

/* DELETE /_mock/faults/{id}: forgets one fault; the faults left, or 404. */
enum status res_admin_fault_delete(struct req *rq, struct res *rs)
{
	unsigned long long id;

	if (parse_uint(rq->captures[0], INT_MAX, &id) != 0 || id < 1 || !fault_delete((int)id))
		return res_fail(rs, APIERR_NOT_FOUND, "No fault has that id.");
	return faults_answer(rs, NULL);
}

static void tenant_row(const char *shown, const char *label, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s}", "tenant", shown, "label", label));
}

/*
 * POST /_mock/tenants {"tenant": KEY, "label": "suite-a" | null}: names a tenant
 * where the control API and the log show it (docs/behaviour.md §6.1); GET lists them.
 */
enum status res_admin_tenant_label(struct req *rq, struct res *rs)
{
	const char *tenant, *label = NULL;
	char shown[TENANTS_SHOW_LEN + 1];
	struct apierr e;
	json_t *given = json_object_get(rq->json, "label");

	apierr_init(&e);
	if (control_tenant(rq, &tenant, &e) != 0 ||
	    (given != NULL && !json_is_null(given) &&
	     jsonin_string(rq->json, "", "label", 0, &label, &e) < 0))
		return res_error(rs, &e);
	if (tenant == NULL)
		return apierr_at(&e, APIERR_MISSING, "/tenant",
		                 "Give the tenant's key as 'tenant'."),
		       res_error(rs, &e);
	if (given == NULL)
		return apierr_at(&e, APIERR_MISSING, "/label",
		                 "Give a 'label' (null takes the label away)."),
		       res_error(rs, &e);
	if (label != NULL && !tenants_label_ok(label))
		return apierr_at(&e, APIERR_BAD_REQUEST, "/label",
		                 "A label is 1-%d letters, digits, '.', '_' or '-'.",
		                 TENANTS_LABEL_MAX),
		       res_error(rs, &e);
	if (tenants_label_set(stored_tenant(tenant), label) != 0)
		return apierr_at(&e, APIERR_BAD_REQUEST, "", "At most %d tenants have labels.",
		                 TENANTS_MAX),
		       res_error(rs, &e);
	return res_ok(rs, view_data(json_pack("{s:s, s:o}", "tenant",
	                                      tenants_show(stored_tenant(tenant), shown), "label",
	                                      label != NULL ? json_string(label) : json_null())));
}

enum status res_admin_tenants(struct req *rq, struct res *rs)
{
	json_t *arr = json_array();

	(void)rq;
	tenants_each(tenant_row, arr);
	return res_ok(rs, view_data(arr));
}

/* GET /_mock/requests?limit=N: the journal, newest last. */
enum status res_admin_requests(struct req *rq, struct res *rs)
{
	struct journal_query q = {.tenant = query_get(&rq->query, "tenant")};
	struct apierr e;
	long limit, after;

	apierr_init(&e);
	if (req_param_long(rq, "limit", JOURNAL_PAGE, 1, MAX_JOURNAL_PAGE, &limit, &e) != 0 ||
	    req_param_long(rq, "after", 0, 0, LONG_MAX, &after, &e) != 0)
		return res_error(rs, &e);
	q.limit = (size_t)limit;
	q.after = (uint64_t)after;
	return res_ok(rs, view_journal(&q));
}
