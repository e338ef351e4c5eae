#include "req.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "longread.h"
#include "timefmt.h"

/* Drops the answer so far: its body and any error. */
static void clear(struct res *rs)
{
	json_decref(rs->json);
	rs->json = NULL;
	rs->failed = 0;
}

enum status res_error(struct res *rs, const struct apierr *e)
{
	clear(rs);
	rs->error = *e;
	rs->failed = 1;
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

enum status res_unread(struct res *rs, int rc)
{
	if (rc == LONGREAD_FULL)
		res_fail(
		    rs, APIERR_TOO_MANY,
		    "This key has as many long reads under way as the server allows; try again "
		    "when one is answered.");
	else if (rc == LONGREAD_STOPPED)
		res_fail(rs, APIERR_BUSY, "The server is stopping.");
	else
		return res_fail(rs, APIERR_INTERNAL, "The records could not be read.");
	rs->retry_after = 1;
	return rs->status;
}

enum status res_read_long(struct req *rq, struct res *rs, struct longread *lr, const char *tenant,
                          void *later, void (*later_free)(void *),
                          enum status (*finish)(struct req *, struct res *))
{
	int rc = longread_begin(lr, tenant);

	if (rc != 0) {
		later_free(later);
		return res_unread(rs, rc);
	}
	return res_defer(rq, rs, later, later_free, &lr->ticket, finish);
}

enum status res_no_route(struct res *rs)
{
	return res_fail(rs, APIERR_NOT_FOUND, "No such resource: the path matches no endpoint.");
}

enum status res_ok(struct res *rs, json_t *body)
{
	clear(rs);
	rs->json = body;
	rs->status = S_OK;
	return S_OK;
}

/* A deferred handler's state: the one held before is freed. */
static void set_later(struct req *rq, void *later, void (*later_free)(void *))
{
	if (rq->later_free != NULL)
		rq->later_free(rq->later);
	rq->later = later;
	rq->later_free = later_free;
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
	set_later(rq, NULL, NULL);
}

enum status res_defer(struct req *rq, struct res *rs, void *later, void (*later_free)(void *),
                      struct ticket *t, enum status (*finish)(struct req *, struct res *))
{
	clear(rs);
	set_later(rq, later, later_free);
	rs->defer = t;
	rs->finish = finish;
	rs->status = S_OK;
	return S_OK;
}

enum status res_wait(struct res *rs, int64_t ms, const struct notify_filter *for_)
{
	clear(rs);
	rs->wait_ms = ms > 0 ? ms : 1;
	memset(&rs->wait_for, 0, sizeof rs->wait_for);
	if (for_ != NULL)
		rs->wait_for = *for_;
	rs->status = S_OK;
	return S_OK;
}

enum status res_stream(struct res *rs, const char *content_type,
                       long (*read)(void *, char *, size_t), void (*free_fn)(void *), void *state)
{
	clear(rs);
	rs->stream.content_type = content_type;
	rs->stream.read = read;
	rs->stream.free = free_fn;
	rs->stream.state = state;
	rs->status = S_OK;
	return S_OK;
}

/* A finished text handed out piece by piece. */
struct text {
	struct buf b;
	size_t off;
};

static long text_read(void *state, char *out, size_t max)
{
	struct text *t = state;
	size_t n = t->b.len - t->off < max ? t->b.len - t->off : max;

	memcpy(out, t->b.data + t->off, n);
	t->off += n;
	return (long)n;
}

static void text_free(void *state)
{
	struct text *t = state;

	buf_release(&t->b);
	free(t);
}

enum status res_bytes(struct res *rs, const char *content_type, const void *data, size_t n)
{
	rs->bytes = data;
	rs->nbytes = n;
	rs->bytes_type = content_type;
	return rs->status = S_OK;
}

enum status res_text(struct res *rs, const char *content_type, struct buf *b)
{
	struct text *t = xcalloc(1, sizeof *t);

	t->b = *b;
	buf_init(b);
	return res_stream(rs, content_type, text_read, text_free, t);
}

void res_publish(struct res *rs, const char *type, const char *tenant, json_t *data)
{
	if (rs->nnews == RES_NEWS_MAX) {
		json_decref(data);
		return;
	}
	rs->news[rs->nnews].type = type;
	rs->news[rs->nnews].tenant = tenant != NULL ? xstrdup(tenant) : NULL;
	rs->news[rs->nnews++].data = data;
}

void res_wake_webhooks(struct res *rs)
{
	rs->wake_webhooks = 1;
}

void res_release(struct res *rs)
{
	clear(rs);
	for (int i = 0; i < rs->nnews; i++) {
		free(rs->news[i].tenant);
		json_decref(rs->news[i].data);
	}
	rs->nnews = 0;
	if (rs->stream.free != NULL)
		rs->stream.free(rs->stream.state);
	memset(&rs->stream, 0, sizeof rs->stream);
}

/* A Host header we can put in a URL: host[:port], no spaces, slashes or controls. */
static int host_ok(const char *h)
{
	size_t n = h ? strlen(h) : 0;

	if (n == 0 || n > 255)
		return 0;
	for (; *h != '\0'; h++)
		if ((unsigned char)*h <= ' ' || *h == '/' || *h == '\\' || *h == '@' || *h == '?' ||
		    *h == '#' || (unsigned char)*h >= 0x7f)
			return 0;
	return 1;
}

char *req_base_url(const struct req *rq, char *out, size_t outlen)
{
	if (config.public_url != NULL) {
		size_t n = strlen(config.public_url);

		while (n > 0 && config.public_url[n - 1] == '/')
			n--;
		snprintf(out, outlen, "%.*s", (int)n, config.public_url);
	} else if (host_ok(rq->host)) {
		snprintf(out, outlen, "http://%s", rq->host);
	} else {
		int v6 = strchr(config.host, ':') != NULL;

		snprintf(out, outlen, "http://%s%s%s:%u", v6 ? "[" : "", config.host, v6 ? "]" : "",
		         rq->port);
	}
	return out;
}

static const char *const method_names[METHOD_COUNT] = {
    [METHOD_GET] = "GET",         [METHOD_POST] = "POST",   [METHOD_PUT] = "PUT",
    [METHOD_DELETE] = "DELETE",   [METHOD_PATCH] = "PATCH", [METHOD_HEAD] = "HEAD",
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

int req_param_long(const struct req *rq, const char *name, long def, long lo, long hi, long *out,
                   struct apierr *e)
{
	const char *v = query_get(&rq->query, name);
	char *end;
	long n;

	*out = def;
	if (v == NULL)
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	if (*v < '0' || *v > '9' || *end != '\0' || errno != 0 || n < lo || n > hi)
		return apierr_param(e, APIERR_BAD_REQUEST, name,
		                    "'%s' must be an integer from %ld to %ld.", name, lo, hi);
	*out = n;
	return 0;
}

int req_param_seconds(const struct req *rq, const char *name, double max, int64_t *ms,
                      struct apierr *e)
{
	const char *v = query_get(&rq->query, name);
	char *end;
	double s;

	*ms = 0;
	if (v == NULL)
		return 0;
	s = strtod(v, &end);
	if (*v == '\0' || *end != '\0' || !(s >= 0 && s <= max))
		return apierr_param(e, APIERR_BAD_REQUEST, name,
		                    "'%s' must be a number of seconds from 0 to %g.", name, max);
	*ms = (int64_t)(s * 1000);
	return 0;
}

int req_param_bool(const struct req *rq, const char *name, int *out, struct apierr *e)
{
	const char *v = query_get(&rq->query, name);

	*out = v != NULL && strcmp(v, "true") == 0;
	if (v == NULL || *out || strcmp(v, "false") == 0)
		return 0;
	return apierr_param(e, APIERR_BAD_REQUEST, name, "'%s' must be true or false.", name);
}

int req_page(const struct req *rq, long *page, long *size, struct apierr *e)
{
	return req_param_long(rq, "page[number]", 1, 1, REQ_MAX_PAGE, page, e) != 0 ||
	               req_param_long(rq, "page[size]", REQ_PAGE_DEFAULT, 1, REQ_PAGE_MAX, size,
	                              e) != 0
	           ? -1
	           : 0;
}

int req_param_time(const struct req *rq, const char *name, int64_t *ms, struct apierr *e)
{
	const char *v = query_get(&rq->query, name);

	if (v != NULL && timefmt_parse_ms(v, ms) != 0)
		return apierr_param(e, APIERR_BAD_REQUEST, name,
		                    "'%s' must be an ISO 8601 time with an offset.", name);
	return 0;
}
