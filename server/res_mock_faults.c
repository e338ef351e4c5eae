#include "res_mock_faults.h"

#include <limits.h>
#include <string.h>

#include "clock.h"
#include "control.h"
#include "fault.h"
#include "ids.h"
#include "jsonin.h"
#include "report.h"
#include "store.h"
#include "view.h"
#include "util.h"

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
enum status res_mock_faults_add(struct req *rq, struct res *rs)
{
	const char *tenant;
	struct apierr e;
	struct fault f;

	if (json_object_get(rq->json, "report_id") != NULL ||
	    json_object_get(rq->json, "next_report") != NULL)
		return report_fault(rq, rs);
	apierr_init(&e);
	if (control_tenant(rq, &tenant, &e) != 0 ||
	    fault_add(rq->json, control_stored(tenant), &f, &e) != 0)
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
enum status res_mock_faults_list(struct req *rq, struct res *rs)
{
	const char *tenant;
	struct apierr e;

	apierr_init(&e);
	if (control_tenant(rq, &tenant, &e) != 0)
		return res_error(rs, &e);
	return faults_answer(rs, control_stored(tenant));
}

/* DELETE /_mock/faults?tenant=: every fault (and report fault), or one tenant's. */
enum status res_mock_faults_clear(struct req *rq, struct res *rs)
{
	const char *tenant;
	struct apierr e;

	apierr_init(&e);
	if (control_tenant(rq, &tenant, &e) != 0)
		return res_error(rs, &e);
	fault_clear(control_stored(tenant));
	if (tenant == NULL)
		fault_report_clear();
	return faults_answer(rs, control_stored(tenant));
}

/* DELETE /_mock/faults/{id}: forgets one fault; the faults left, or 404. */
enum status res_mock_faults_delete(struct req *rq, struct res *rs)
{
	unsigned long long id;

	if (parse_uint(rq->captures[0], INT_MAX, &id) != 0 || id < 1 || !fault_delete((int)id))
		return res_fail(rs, APIERR_NOT_FOUND, "No fault has that id.");
	return faults_answer(rs, NULL);
}
