#include "res_numbers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "intake.h"
#include "jsonin.h"
#include "phone.h"
#include "profile.h"
#include "store.h"
#include "util.h"
#include "view.h"
#include "view_account.h"

static int add_number(const struct number *n, void *arg)
{
	json_array_append_new(arg, view_number(n));
	return 0;
}

/* A page of records the caller gathered into arr (rc < 0: the read failed), as the answer. */
static enum status answer_page(struct res *rs, json_t *arr, int rc, long page, long size,
                               int64_t total)
{
	if (rc < 0) {
		json_decref(arr);
		return res_fail(rs, APIERR_INTERNAL, "The records could not be read.");
	}
	return res_ok(rs, view_page(arr, page, size, total, 1));
}

/* A query parameter that must be one of the words in allowed (NULL-terminated), or absent. */
static int one_of(struct req *rq, const char *name, const char *const *allowed, const char **out,
                  struct apierr *e)
{
	const char *v = query_get(&rq->query, name);

	*out = v;
	if (v == NULL)
		return 0;
	for (; *allowed != NULL; allowed++)
		if (strcmp(v, *allowed) == 0)
			return 0;
	return apierr_param(e, APIERR_BAD_REQUEST, name, "'%s' has no value '%.32s'.", name, v);
}

enum status res_numbers_list(struct req *rq, struct res *rs)
{
	static const char *const types[] = {"tollfree", "longcode", "shortcode", NULL};
	static const char *const orders[] = {"asc", "desc", NULL};
	struct store_number_query q;
	const char *sort;
	struct apierr e;
	int64_t total = 0;
	long page, size;
	json_t *arr;

	apierr_init(&e);
	memset(&q, 0, sizeof q);
	if (req_page(rq, &page, &size, &e) != 0 ||
	    one_of(rq, "filter[type]", types, &q.type, &e) != 0 ||
	    one_of(rq, "sort[phone_number]", orders, &sort, &e) != 0)
		return res_error(rs, &e);
	q.tenant = rq->tenant;
	q.profile_id = query_get(&rq->query, "filter[messaging_profile_id]");
	q.phone_number = query_get(&rq->query, "filter[phone_number]");
	q.contains = query_get(&rq->query, "filter[phone_number][contains]");
	q.descending = sort != NULL && strcmp(sort, "desc") == 0;
	q.offset = (size_t)(page - 1) * (size_t)size;
	q.limit = (size_t)size;
	arr = json_array();
	return answer_page(rs, arr, store_numbers_list(&q, add_number, arr, &total), page, size,
	                   total);
}

/* The caller's number the path names (its id or the number): 1, or 0 with rs set. */
static int load(struct req *rq, struct res *rs, struct number *n)
{
	int rc = store_number_get(rq->tenant, rq->captures[0], n);

	if (rc == STORE_ERROR)
		return res_fail(rs, APIERR_INTERNAL, "The number could not be read."), 0;
	if (rc == STORE_NOT_FOUND)
		return res_fail(rs, APIERR_NOT_FOUND, "No phone number of yours has that id."), 0;
	return 1;
}

enum status res_numbers_get(struct req *rq, struct res *rs)
{
	struct number n;
	enum status status;

	if (!load(rq, rs, &n))
		return rs->status;
	status = res_ok(rs, view_data(view_number(&n)));
	store_number_release(&n);
	return status;
}

/*
 * MOCK: a +E.164 number or short code the tenant has not used yet is made
 * one of its numbers by its first PATCH (there is nothing to buy here).
 */
static int provision(struct req *rq, struct number *n, int64_t now, struct apierr *e)
{
	const char *number = rq->captures[0];
	enum phone_kind k = phone_classify(number);

	if (k != PHONE_E164 && k != PHONE_SHORT_CODE)
		return apierr_at(e, APIERR_NOT_FOUND, NULL,
		                 "No phone number of yours has that id (a +E.164 number is "
		                 "provisioned by its first PATCH).");
	if (intake_number(rq->tenant, number, now, e) != 0)
		return -1;
	if (store_number_get(rq->tenant, number, n) != STORE_OK)
		return apierr_at(e, APIERR_INTERNAL, NULL, "The number could not be read.");
	return 0;
}

enum status res_numbers_update(struct req *rq, struct res *rs)
{
	const char *profile_id = NULL, *product = NULL;
	int64_t now = clock_now();
	json_t *tags = NULL;
	struct profile p;
	struct number n;
	struct apierr e;
	enum status status;
	int rc;

	apierr_init(&e);
	if (!json_is_object(rq->json))
		return res_fail(rs, APIERR_BAD_REQUEST, "The body must be a JSON object.");
	if (jsonin_string(rq->json, "", "messaging_profile_id", 0, &profile_id, &e) < 0 ||
	    jsonin_string(rq->json, "", "messaging_product", 0, &product, &e) < 0 ||
	    jsonin_array(rq->json, "", "tags", 0, &tags, &e) < 0 ||
	    (tags != NULL && jsonin_strings(tags, "/tags", 0, &e) != 0))
		return res_error(rs, &e);
	/* upstream: "" (or null) takes the number out of its profile: here, back to the default. */
	if (profile_id != NULL && *profile_id != '\0') {
		rc = store_profile_get(profile_id, rq->tenant, &p);
		if (rc == STORE_ERROR)
			return res_fail(rs, APIERR_INTERNAL, "The profile could not be read.");
		if (rc == STORE_NOT_FOUND) {
			apierr_at(&e, APIERR_BAD_REQUEST, "/messaging_profile_id",
			          "No messaging profile has the id '%.64s'.", profile_id);
			return res_error(rs, &e);
		}
		profile_release(&p);
	} else if (json_object_get(rq->json, "messaging_profile_id") != NULL) {
		if (intake_default_profile(rq->tenant, now, &p, &e) != 0)
			return res_error(rs, &e);
		profile_release(&p);
	}
	rc = store_number_get(rq->tenant, rq->captures[0], &n);
	if (rc == STORE_ERROR)
		return res_fail(rs, APIERR_INTERNAL, "The number could not be read.");
	if (rc == STORE_NOT_FOUND && provision(rq, &n, now, &e) != 0)
		return res_error(rs, &e);
	if (json_object_get(rq->json, "messaging_profile_id") != NULL) {
		char def[IDS_UUID_LEN + 1];

		profile_default_id(rq->tenant, def);
		free(n.profile_id);
		n.profile_id =
		    xstrdup(profile_id != NULL && *profile_id != '\0' ? profile_id : def);
	}
	if (tags != NULL) {
		free(n.tags);
		n.tags = json_dumps(tags, JSON_COMPACT);
	}
	n.updated_at = now;
	if (store_number_set(&n) != STORE_OK)
		status = res_fail(rs, APIERR_INTERNAL, "The number could not be stored.");
	else
		status = res_ok(rs, view_data(view_number(&n)));
	store_number_release(&n);
	return status;
}

static int add_optout(const struct optout *o, void *arg)
{
	json_array_append_new(arg, view_optout(o));
	return 0;
}

enum status res_optouts_list(struct req *rq, struct res *rs)
{
	struct store_optout_query q;
	struct apierr e;
	int64_t total = 0;
	long page, size;
	json_t *arr;

	apierr_init(&e);
	memset(&q, 0, sizeof q);
	q.since = INT64_MIN;
	q.until = INT64_MAX;
	if (req_page(rq, &page, &size, &e) != 0 ||
	    req_param_time(rq, "created_at[gte]", &q.since, &e) != 0 ||
	    req_param_time(rq, "created_at[lte]", &q.until, &e) != 0)
		return res_error(rs, &e);
	q.tenant = rq->tenant;
	q.from = query_get(&rq->query, "filter[from]");
	q.profile_id = query_get(&rq->query, "filter[messaging_profile_id]");
	q.offset = (size_t)(page - 1) * (size_t)size;
	q.limit = (size_t)size;
	arr = json_array();
	return answer_page(rs, arr, store_optouts_list(&q, add_optout, arr, &total), page, size,
	                   total);
}
