#include "res_mock_clock.h"

#include <math.h>
#include <string.h>

#include "clock.h"
#include "jsonin.h"
#include "timefmt.h"
#include "view.h"

/* The largest advance_seconds: about 31,700 years, far past any test and exact in a double. */
#define MAX_ADVANCE_SECONDS 1e12

static json_t *clock_json(void)
{
	struct clock_info ci;

	clock_info(&ci);
	return view_clock(&ci);
}

enum status res_mock_clock_get(struct req *rq, struct res *rs)
{
	(void)rq;
	return res_ok(rs, clock_json());
}

/* docs/behaviour.md §6: {"advance":"31d"} | {"advance_seconds":60} | {"set":RFC3339}, and/or
 * {"freeze":bool}.
 */
enum status res_mock_clock_set(struct req *rq, struct res *rs)
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
	res_wake_webhooks(rs);
	res_publish(rs, "clock", NULL, clock_json());
	return res_ok(rs, clock_json());
}
