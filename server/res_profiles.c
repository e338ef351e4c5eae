#include "res_profiles.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "autoresp.h"
#include "clock.h"
#include "ids.h"
#include "intake.h"
#include "profile.h"
#include "store.h"
#include "util.h"
#include "view.h"
#include "view_account.h"

/*
 * The profile the path's {id} names, as the caller sees it, into p
 * (released by the caller): 1, or 0 with the answer in rs.  The caller's
 * default profile is made on first use.  With own, a global profile is a
 * 403: only the control API changes it.
 */
static int load(struct req *rq, struct res *rs, int own, struct profile *p)
{
	char def[IDS_UUID_LEN + 1];
	struct apierr e;
	int rc;

	apierr_init(&e);
	profile_default_id(rq->tenant, def);
	if (strcmp(rq->captures[0], def) == 0) {
		if (intake_default_profile(rq->tenant, clock_now(), p, &e) != 0)
			return res_error(rs, &e), 0;
		return 1;
	}
	rc = store_profile_get(rq->captures[0], rq->tenant, p);
	if (rc == STORE_ERROR)
		return res_fail(rs, APIERR_INTERNAL, "The profile could not be read."), 0;
	if (rc == STORE_NOT_FOUND)
		return res_fail(rs, APIERR_NOT_FOUND, "No messaging profile has that id."), 0;
	if (own && p->tenant == NULL) {
		profile_release(p);
		return res_fail(rs, APIERR_FORBIDDEN,
		                "A global profile (fixtures, the control API) is changed with PUT "
		                "/_mock/messaging_profiles/{id}."),
		       0;
	}
	return 1;
}

static enum status answer(struct res *rs, struct profile *p)
{
	enum status status = res_ok(rs, view_data(view_messaging_profile(p)));

	profile_release(p);
	return status;
}

static int add_profile(const struct profile *p, void *arg)
{
	json_array_append_new(arg, view_messaging_profile(p));
	return 0;
}

enum status res_profiles_list(struct req *rq, struct res *rs)
{
	const char *eq = query_get(&rq->query, "filter[name][eq]");
	const char *contains = query_get(&rq->query, "filter[name][contains]");
	const char *name = query_get(&rq->query, "filter[name]");
	struct profile def;
	struct apierr e;
	int64_t total = 0;
	long page, size;
	json_t *arr;

	apierr_init(&e);
	if (req_page(rq, &page, &size, &e) != 0)
		return res_error(rs, &e);
	/* The list is a use: the default profile is in it. */
	if (intake_default_profile(rq->tenant, clock_now(), &def, &e) != 0)
		return res_error(rs, &e);
	profile_release(&def);
	arr = json_array();
	if (store_profiles_list(rq->tenant, eq != NULL ? eq : name, contains,
	                        (size_t)(page - 1) * (size_t)size, (size_t)size, add_profile, arr,
	                        &total) < 0) {
		json_decref(arr);
		return res_fail(rs, APIERR_INTERNAL, "The profiles could not be read.");
	}
	return res_ok(rs, view_page(arr, page, size, total, 1));
}

enum status res_profiles_create(struct req *rq, struct res *rs)
{
	struct profile p;
	struct apierr e;
	int rc = STORE_CONFLICT;

	apierr_init(&e);
	if (profile_create(rq->json, rq->tenant, clock_now(), &p, &e) != 0)
		return res_error(rs, &e);
	/* Only a seeded run restarted on its own database can draw an id that exists. */
	for (int i = 0; rc == STORE_CONFLICT && i < 1000; i++) {
		rc = store_profile_add(&p);
		if (rc == STORE_CONFLICT) {
			free(p.id);
			p.id = xmalloc(IDS_UUID_LEN + 1);
			ids_uuid(p.id);
		}
	}
	if (rc != STORE_OK) {
		profile_release(&p);
		return res_fail(rs, APIERR_INTERNAL, "The profile could not be stored.");
	}
	return answer(rs, &p);
}

enum status res_profiles_get(struct req *rq, struct res *rs)
{
	struct profile p;

	if (!load(rq, rs, 0, &p))
		return rs->status;
	return answer(rs, &p);
}

enum status res_profiles_update(struct req *rq, struct res *rs)
{
	struct profile p;
	struct apierr e;

	apierr_init(&e);
	if (!load(rq, rs, 1, &p))
		return rs->status;
	if (profile_update(rq->json, PROFILE_UPDATE, clock_now(), &p, &e) != 0) {
		profile_release(&p);
		return res_error(rs, &e);
	}
	if (store_profile_put(&p) != STORE_OK) {
		profile_release(&p);
		return res_fail(rs, APIERR_INTERNAL, "The profile could not be stored.");
	}
	return answer(rs, &p);
}

enum status res_profiles_delete(struct req *rq, struct res *rs)
{
	char def[IDS_UUID_LEN + 1];
	struct profile p;
	int rc;

	if (!load(rq, rs, 1, &p))
		return rs->status;
	/* Its numbers go back to the default profile (which a later use makes again). */
	profile_default_id(rq->tenant, def);
	rc = store_profile_delete(p.id, rq->tenant, def, clock_now());
	if (rc == STORE_ERROR) {
		profile_release(&p);
		return res_fail(rs, APIERR_INTERNAL, "The profile could not be deleted.");
	}
	if (rc == STORE_NOT_FOUND) { /* deleted meanwhile */
		profile_release(&p);
		return res_fail(rs, APIERR_NOT_FOUND, "No messaging profile has that id.");
	}
	return answer(rs, &p); /* upstream: the deleted profile */
}

static int add_number(const struct number *n, void *arg)
{
	json_array_append_new(arg, view_number(n));
	return 0;
}

static int add_short_code(const struct number *n, void *arg)
{
	json_array_append_new(arg, view_short_code(n));
	return 0;
}

/* A page of the profile's numbers of one type ("phone" or "shortcode"). */
static enum status numbers_of(struct req *rq, struct res *rs, const char *type,
                              int (*add)(const struct number *, void *))
{
	struct store_number_query q;
	struct profile p;
	struct apierr e;
	int64_t total = 0;
	long page, size;
	json_t *arr;
	int rc;

	apierr_init(&e);
	if (req_page(rq, &page, &size, &e) != 0)
		return res_error(rs, &e);
	if (!load(rq, rs, 0, &p))
		return rs->status;
	memset(&q, 0, sizeof q);
	q.tenant = rq->tenant;
	q.profile_id = p.id;
	q.type = type;
	q.offset = (size_t)(page - 1) * (size_t)size;
	q.limit = (size_t)size;
	arr = json_array();
	rc = store_numbers_list(&q, add, arr, &total);
	profile_release(&p);
	if (rc < 0) {
		json_decref(arr);
		return res_fail(rs, APIERR_INTERNAL, "The numbers could not be read.");
	}
	return res_ok(rs, view_page(arr, page, size, total, 1));
}

enum status res_profiles_numbers(struct req *rq, struct res *rs)
{
	return numbers_of(rq, rs, "phone", add_number);
}

enum status res_profiles_short_codes(struct req *rq, struct res *rs)
{
	return numbers_of(rq, rs, "shortcode", add_short_code);
}

/* MOCK: sender ids are not registered with a profile here; the list is empty. */
enum status res_profiles_sender_ids(struct req *rq, struct res *rs)
{
	struct profile p;
	struct apierr e;
	long page, size;

	apierr_init(&e);
	if (req_page(rq, &page, &size, &e) != 0)
		return res_error(rs, &e);
	if (!load(rq, rs, 0, &p))
		return rs->status;
	profile_release(&p);
	return res_ok(rs, view_page(json_array(), page, size, 0, 1));
}

enum status res_profiles_metrics(struct req *rq, struct res *rs)
{
	static const char *const frames[] = {"1h", "3h", "24h", "3d", "7d", "30d"};
	const char *tf = query_get(&rq->query, "time_frame");
	struct profile p;
	enum status status;
	size_t i;
	struct apierr e;

	apierr_init(&e);
	if (tf == NULL)
		tf = "24h"; /* upstream default */
	for (i = 0; i < ARRAY_LEN(frames) && strcmp(frames[i], tf) != 0; i++)
		;
	if (i == ARRAY_LEN(frames)) {
		apierr_param(&e, APIERR_BAD_REQUEST, "time_frame",
		             "'time_frame' must be 1h, 3h, 24h, 3d, 7d or 30d.");
		return res_error(rs, &e);
	}
	if (!load(rq, rs, 0, &p))
		return rs->status;
	status = res_ok(rs, view_data(view_profile_metrics(&p, tf)));
	profile_release(&p);
	return status;
}

enum status res_profiles_regenerate(struct req *rq, struct res *rs)
{
	struct profile p;
	struct apierr e;
	char secret[33];
	json_t *body;
	int rc;

	apierr_init(&e);
	if (!load(rq, rs, 1, &p))
		return rs->status;
	snprintf(secret, sizeof secret, "%016" PRIx64 "%016" PRIx64, ids_next(), ids_next());
	body = json_pack("{s:s}", "v1_secret", secret);
	rc = profile_update(body, PROFILE_UPDATE, clock_now(), &p, &e);
	json_decref(body);
	if (rc != 0 || store_profile_put(&p) != STORE_OK) {
		profile_release(&p);
		return res_fail(rs, APIERR_INTERNAL, "The profile could not be stored.");
	}
	return answer(rs, &p);
}

/* The caller's own profile the path's {id} names, for its settings: 1, or 0 with rs set. */
static int own_profile(struct req *rq, struct res *rs, struct profile *p)
{
	return load(rq, rs, 1, p);
}

static int add_autoresp(const struct autoresp *a, void *arg)
{
	json_array_append_new(arg, view_autoresp(a));
	return 0;
}

enum status res_autoresp_list(struct req *rq, struct res *rs)
{
	struct store_autoresp_query q = {NULL,      NULL,      NULL,     INT64_MIN,
	                                 INT64_MAX, INT64_MIN, INT64_MAX};
	struct profile p;
	struct apierr e;
	json_t *arr;
	int n;

	apierr_init(&e);
	if (req_param_time(rq, "created_at[gte]", &q.created_since, &e) != 0 ||
	    req_param_time(rq, "created_at[lte]", &q.created_until, &e) != 0 ||
	    req_param_time(rq, "updated_at[gte]", &q.updated_since, &e) != 0 ||
	    req_param_time(rq, "updated_at[lte]", &q.updated_until, &e) != 0)
		return res_error(rs, &e);
	if (!own_profile(rq, rs, &p))
		return rs->status;
	q.profile_id = p.id;
	q.tenant = rq->tenant;
	q.country_code = query_get(&rq->query, "country_code");
	arr = json_array();
	n = store_autoresp_list(&q, add_autoresp, arr);
	profile_release(&p);
	if (n < 0) {
		json_decref(arr);
		return res_fail(rs, APIERR_INTERNAL, "The settings could not be read.");
	}
	/* upstream: one page holds them all (a profile has at most AUTORESP_MAX_PER_PROFILE). */
	return res_ok(rs, view_page(arr, 1, n > 0 ? n : 1, n, 1));
}

enum status res_autoresp_create(struct req *rq, struct res *rs)
{
	struct autoresp a;
	struct profile p;
	struct apierr e;
	int64_t now = clock_now(), count;
	enum status status;

	apierr_init(&e);
	memset(&a, 0, sizeof a);
	if (autoresp_from_json(rq->json, &a, &e) != 0)
		return res_error(rs, &e);
	if (!own_profile(rq, rs, &p)) {
		autoresp_release(&a);
		return rs->status;
	}
	if (store_autoresp_count(p.id, rq->tenant, &count) != STORE_OK) {
		status = res_fail(rs, APIERR_INTERNAL, "The settings could not be read.");
		goto out;
	}
	if (count >= AUTORESP_MAX_PER_PROFILE) {
		status = res_fail(rs, APIERR_BAD_REQUEST,
		                  "A profile has at most 100 auto-response settings.");
		goto out;
	}
	ids_uuid(a.id);
	a.tenant = xstrdup(rq->tenant);
	a.profile_id = xstrdup(p.id);
	a.created_at = a.updated_at = now;
	if (count < 0 || store_autoresp_put(&a) != STORE_OK)
		status = res_fail(rs, APIERR_INTERNAL, "The setting could not be stored.");
	else
		status = res_ok(rs, view_data(view_autoresp(&a)));
out:
	profile_release(&p);
	autoresp_release(&a);
	return status;
}

/* The setting the path names on the caller's profile into a: 1, or 0 with rs set. */
static int load_autoresp(struct req *rq, struct res *rs, struct autoresp *a)
{
	struct profile p;
	int rc;

	if (!own_profile(rq, rs, &p))
		return 0;
	rc = store_autoresp_get(rq->captures[1], p.id, rq->tenant, a);
	profile_release(&p);
	if (rc == STORE_ERROR)
		return res_fail(rs, APIERR_INTERNAL, "The setting could not be read."), 0;
	if (rc == STORE_NOT_FOUND)
		return res_fail(rs, APIERR_NOT_FOUND, "No auto-response setting has that id."), 0;
	return 1;
}

enum status res_autoresp_get(struct req *rq, struct res *rs)
{
	struct autoresp a;
	enum status status;

	if (!load_autoresp(rq, rs, &a))
		return rs->status;
	status = res_ok(rs, view_data(view_autoresp(&a)));
	autoresp_release(&a);
	return status;
}

/* upstream: PUT replaces the setting (op, keywords and country_code required). */
enum status res_autoresp_update(struct req *rq, struct res *rs)
{
	struct autoresp a;
	struct apierr e;
	enum status status;

	apierr_init(&e);
	if (!load_autoresp(rq, rs, &a))
		return rs->status;
	if (autoresp_from_json(rq->json, &a, &e) != 0) {
		autoresp_release(&a);
		return res_error(rs, &e);
	}
	a.updated_at = clock_now();
	if (store_autoresp_put(&a) != STORE_OK)
		status = res_fail(rs, APIERR_INTERNAL, "The setting could not be stored.");
	else
		status = res_ok(rs, view_data(view_autoresp(&a)));
	autoresp_release(&a);
	return status;
}

/* upstream: the answer is the JSON string "OK". */
enum status res_autoresp_delete(struct req *rq, struct res *rs)
{
	struct autoresp a;
	int rc;

	if (!load_autoresp(rq, rs, &a))
		return rs->status;
	rc = store_autoresp_delete(a.id, a.profile_id, rq->tenant);
	autoresp_release(&a);
	if (rc == STORE_ERROR)
		return res_fail(rs, APIERR_INTERNAL, "The setting could not be deleted.");
	if (rc == STORE_NOT_FOUND)
		return res_fail(rs, APIERR_NOT_FOUND, "No auto-response setting has that id.");
	return res_ok(rs, json_string("OK"));
}
