#include "res_mock_server.h"

#include "clock.h"
#include "config.h"
#include "control.h"
#include "fault.h"
#include "fixtures.h"
#include "ids.h"
#include "journal.h"
#include "ratelimit.h"
#include "store.h"
#include "tenants.h"
#include "ticket.h"
#include "view.h"
#include "util.h"

enum status res_mock_server_health(struct req *rq, struct res *rs)
{
	(void)rq;
	return res_ok(rs, view_health());
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
	res_publish(rs, "reset", pr->stored, view_reset(pr->tenant));
	return res_ok(rs, view_reset(pr->tenant));
}

/*
 * MOCK: a full reset is a fresh start: no data but the fixtures, the clock
 * back at its configured start, and a seeded id sequence from its beginning.
 * A tenant's reset touches that tenant's data (and faults) only, and runs on
 * the store's thread, so no worker waits for it.
 */
enum status res_mock_server_reset(struct req *rq, struct res *rs)
{
	const char *tenant;
	struct apierr e;

	apierr_init(&e);
	if (control_tenant(rq, &tenant, &e) != 0)
		return res_error(rs, &e);
	if (tenant != NULL) {
		struct pending_reset *pr = xcalloc(1, sizeof *pr);

		pr->tenant = xstrdup(tenant);
		pr->stored = xstrdup(control_stored(tenant));
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
	res_wake_webhooks(rs);
	res_publish(rs, "reset", NULL, view_reset(NULL));
	return res_ok(rs, view_reset(NULL));
}
