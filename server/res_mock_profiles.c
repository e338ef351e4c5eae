#include "res_mock_profiles.h"

#include "clock.h"
#include "profile.h"
#include "store.h"
#include "view.h"
#include "view_account.h"

enum status res_mock_profiles_put(struct req *rq, struct res *rs)
{
	struct profile p;
	struct apierr e;
	enum status status;
	int rc;

	apierr_init(&e);
	if (!profile_id_ok(rq->captures[0]))
		return res_fail(rs, APIERR_BAD_REQUEST,
		                "A profile id is 1-128 characters without spaces or slashes.");
	/* An existing profile (anyone's) is updated in place; else a global one is made. */
	rc = store_profile_get(rq->captures[0], NULL, &p);
	if (rc == STORE_ERROR)
		return res_fail(rs, APIERR_INTERNAL, "The profile could not be read.");
	if (rc == STORE_OK && profile_update(rq->json, PROFILE_MOCK, clock_now(), &p, &e) != 0) {
		profile_release(&p);
		return res_error(rs, &e);
	}
	if (rc == STORE_NOT_FOUND &&
	    profile_from_json(rq->json, rq->captures[0], clock_now(), &p, &e) != 0)
		return res_error(rs, &e);
	if (store_profile_put(&p) != STORE_OK)
		status = res_fail(rs, APIERR_INTERNAL, "The profile could not be stored.");
	else
		status = res_ok(rs, view_data(view_mock_profile(&p)));
	profile_release(&p);
	return status;
}

enum status res_mock_profiles_get(struct req *rq, struct res *rs)
{
	struct profile p;
	enum status status;
	int rc = store_profile_get(rq->captures[0], NULL, &p);

	if (rc == STORE_NOT_FOUND)
		return res_fail(rs, APIERR_NOT_FOUND, "No messaging profile has that id.");
	if (rc != STORE_OK)
		return res_fail(rs, APIERR_INTERNAL, "The profile could not be read.");
	status = res_ok(rs, view_data(view_mock_profile(&p)));
	profile_release(&p);
	return status;
}
