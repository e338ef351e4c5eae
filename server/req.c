#include "req.h"

#include <stdlib.h>
#include <string.h>

enum status res_error(struct res *rs, const struct apierr *e)
{
	json_decref(rs->json);
	rs->json = apierr_json(e);
	rs->status = apierr_status(e);
	return rs->status;
}

enum status res_fail(struct res *rs, enum apierr_kind kind, const char *detail)
{
	struct apierr e;

	apierr_init(&e);
	apierr_at(&e, kind, NULL, "%s", detail);
	return res_error(rs, &e);
}

enum status res_ok(struct res *rs, json_t *body)
{
	json_decref(rs->json);
	rs->json = body;
	rs->status = S_OK;
	return S_OK;
}

void req_release(struct req *rq)
{
	for (size_t i = 0; i < rq->ncaptures; i++)
		free(rq->captures[i]);
	rq->ncaptures = 0;
	query_release(&rq->query);
	free(rq->tenant);
	rq->tenant = NULL;
	json_decref(rq->json);
	rq->json = NULL;
}

void res_release(struct res *rs)
{
	json_decref(rs->json);
	rs->json = NULL;
}

static const char *const method_names[METHOD_COUNT] = {
	[METHOD_GET] = "GET",       [METHOD_POST] = "POST",   [METHOD_PUT] = "PUT",
	[METHOD_DELETE] = "DELETE", [METHOD_PATCH] = "PATCH", [METHOD_HEAD] = "HEAD",
	[METHOD_OPTIONS] = "OPTIONS", [METHOD_OTHER] = "",
};

const char *req_method_name(enum method m)
{
	return method_names[m];
}

enum method req_method_from_name(const char *name)
{
	for (int m = 0; m < METHOD_OTHER; m++)
		if (strcmp(method_names[m], name) == 0)
			return (enum method)m;
	return METHOD_OTHER;
}
