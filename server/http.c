#include "http.h"

#include <microhttpd.h>
#include <netdb.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "router.h"
#include "util.h"

/*
 * A body larger than --max-body sent without a Content-Length is read and
 * dropped so the 413 can be sent; past this much the connection is cut.
 */
#define DISCARD_LIMIT (64u * 1024 * 1024)

/* Per request: created by on_uri(), freed by on_completed() (STYLE 19). */
struct http_req {
	struct req rq;
	struct res rs;
	char *path;
	char *query;
	int started;  /* the headers have been through router_begin() */
	int answered; /* rs already holds the answer */
	struct buf body;
	size_t discarded;
};

static struct MHD_Daemon *daemon_;
static unsigned bound_port;
static atomic_int in_flight;

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct http_req *hr = xcalloc(1, sizeof *hr);
	const char *q = strchr(uri, '?');

	(void)cls;
	(void)c;
	hr->path = q ? xstrndup(uri, (size_t)(q - uri)) : xstrdup(uri);
	hr->query = xstrdup(q ? q + 1 : "");
	hr->rq.path = hr->path;
	hr->rq.query_string = hr->query;
	hr->rq.content_length = -1;
	buf_init(&hr->body);
	atomic_fetch_add(&in_flight, 1);
	return hr;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_req *hr = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (hr == NULL)
		return;
	req_release(&hr->rq);
	res_release(&hr->rs);
	buf_release(&hr->body);
	free(hr->path);
	free(hr->query);
	free(hr);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

static const char *header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static void read_headers(struct MHD_Connection *c, struct req *rq, const char *method)
{
	const char *v;

	rq->method = req_method_from_name(method);
	rq->authorization = header(c, MHD_HTTP_HEADER_AUTHORIZATION);
	rq->x_api_token = header(c, "x-api-token");
	rq->content_type = header(c, MHD_HTTP_HEADER_CONTENT_TYPE);
	rq->host = header(c, MHD_HTTP_HEADER_HOST);
	rq->port = bound_port;
	v = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (v != NULL) {
		char *end;
		long long n = strtoll(v, &end, 10);

		rq->content_length = (*end == '\0' && n >= 0) ? n : -1;
		rq->has_body = n > 0;
	}
	v = header(c, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	if (v != NULL && strstr(v, "chunked") != NULL)
		rq->has_body = 1;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct res_stream *s = cls;
	long n = s->read(s->state, buf, max);

	(void)pos;
	if (n > 0)
		return (ssize_t)n;
	return n == 0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void stream_free(void *cls)
{
	struct res_stream *s = cls;

	s->free(s->state);
	free(s);
}

/* A streamed body of unknown length goes out chunked; MHD owns the stream from here. */
static enum MHD_Result send_stream(struct MHD_Connection *c, struct res *rs)
{
	struct res_stream *s = xmalloc(sizeof *s);
	struct MHD_Response *r;
	enum MHD_Result ret;

	*s = rs->stream;
	memset(&rs->stream, 0, sizeof rs->stream);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, s,
					      stream_free);
	if (r == NULL) {
		stream_free(s);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, s->content_type);
	ret = MHD_queue_response(c, rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_res(struct MHD_Connection *c, struct res *rs)
{
	static const char fallback[] = "{\"errors\":[{\"code\":\"10007\",\"title\":\"Unexpected "
				       "error\",\"detail\":\"The answer could not be encoded.\"}]}";
	struct MHD_Response *r;
	enum MHD_Result ret;
	unsigned status = rs->status;
	char *body;

	if (rs->stream.read != NULL)
		return send_stream(c, rs);
	body = rs->json ? json_dumps(rs->json, JSON_COMPACT) : NULL;
	if (body != NULL) {
		r = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
	} else {
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		r = MHD_create_response_from_buffer(sizeof fallback - 1, (void *)(uintptr_t)fallback,
						    MHD_RESPMEM_PERSISTENT);
	}
	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	if (rs->allow[0] != '\0')
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rs->allow);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/*
 * libmicrohttpd calls this once when the headers are in, once per chunk of
 * body, and once more at the end.  The answer is queued on the last call:
 * queued on the first one, 0.9.75 closes the connection after it (no
 * keep-alive).  Errors found before a body is read are the exception: they
 * are sent at once, so a too-large body is refused before it is read.
 */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct http_req *hr = *con_cls;

	(void)cls;
	(void)url;
	(void)version;
	if (hr == NULL)
		return MHD_NO;
	if (!hr->started) {
		hr->started = 1;
		read_headers(c, &hr->rq, method);
		if (router_begin(&hr->rq, &hr->rs)) {
			hr->answered = 1;
			if (hr->rq.has_body)
				return send_res(c, &hr->rs);
		}
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (hr->answered) {
			hr->discarded += *upload_size;
			if (hr->discarded > DISCARD_LIMIT)
				return MHD_NO;
		} else if (hr->body.len + *upload_size > config.max_body) {
			struct apierr e;

			apierr_init(&e);
			apierr_at(&e, APIERR_TOO_LARGE, NULL, "The body is larger than %zu bytes.",
				  config.max_body);
			res_error(&hr->rs, &e);
			hr->answered = 1;
		} else {
			buf_add(&hr->body, upload_data, *upload_size);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (!hr->answered) {
		hr->rq.body = hr->body.data ? hr->body.data : "";
		hr->rq.body_len = hr->body.len;
		router_finish(&hr->rq, &hr->rs);
	}
	return send_res(c, &hr->rs);
}

int http_start(const char *host, unsigned port, unsigned *bound, char *err, size_t errlen)
{
	struct addrinfo hints, *ai = NULL;
	struct MHD_OptionItem ops[8];
	const union MHD_DaemonInfo *info;
	char portstr[16];
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	int n = 0, rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(portstr, sizeof portstr, "%u", port);
	rc = getaddrinfo(host, portstr, &hints, &ai);
	if (rc != 0) {
		snprintf(err, errlen, "cannot resolve --host %s: %s", host, gai_strerror(rc));
		return -1;
	}
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (config.threads == 0) {
		flags |= MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;
	} else {
		flags |= MHD_USE_EPOLL;
		if (config.threads > 1)
			ops[n++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE,
							   (intptr_t)config.threads, NULL};
	}
	ops[n++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, ai->ai_addr};
	ops[n++] = (struct MHD_OptionItem){MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)on_uri, NULL};
	ops[n++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed,
					   NULL};
	ops[n++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};

	daemon_ = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, on_request, NULL,
				   MHD_OPTION_ARRAY, ops, MHD_OPTION_END);
	freeaddrinfo(ai);
	if (daemon_ == NULL) {
		snprintf(err, errlen, "cannot listen on %s:%u (in use, or not an address of this "
				      "machine?)",
			 host, port);
		return -1;
	}
	info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
	*bound = info != NULL ? info->port : port;
	bound_port = *bound;
	return 0;
}

void http_stop(int grace_ms)
{
	MHD_socket fd;
	struct timespec tick = {0, 5 * 1000 * 1000};

	if (daemon_ == NULL)
		return;
	fd = MHD_quiesce_daemon(daemon_);
	for (int waited = 0; atomic_load(&in_flight) > 0 && waited < grace_ms; waited += 5)
		nanosleep(&tick, NULL);
	if (atomic_load(&in_flight) > 0)
		log_warn("stopping with %d request(s) unfinished", atomic_load(&in_flight));
	MHD_stop_daemon(daemon_);
	daemon_ = NULL;
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
}
