#include "http.h"

#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "cors.h"
#include "log.h"
#include "journal.h"
#include "jsonout.h"
#include "notify.h"
#include "gate.h"
#include "ticket.h"
#include "util.h"
#include "version.h"

/* The resumer looks at its waiters at least this often, even with no news. */
#define RESUMER_MAX_NAP_US 1000000
/* How often a stopping server looks whether requests in flight are done. */
#define STOP_POLL_MS 5
/* The most a streamed body (a report download) hands libmicrohttpd at once. */
#define STREAM_BLOCK (64 * 1024)

/*
 * A body answered before it was read (413, 401, ...) is read and dropped so
 * the client, still sending, gets the answer rather than a reset socket
 * (a lingering close); past this much the connection is cut.  A declared
 * length over it is answered at once.
 */
#define DISCARD_LIMIT (64u * 1024 * 1024)
/*
 * Connections past --max-connections that get a quick 503 before more wait
 * (docs/behaviour.md §8).
 */
#define SPARE_CONNECTIONS 256
/* Bodies of at most this many bytes may use the budget's reserve, an eighth of it. */
#define SMALL_BODY         (64u * 1024)
#define BODY_RESERVE_SHARE 8
/* Past its grace a body must have come at least this fast on average, or it is a 408. */
#define BODY_GRACE_US  (5 * 1000000LL)
#define BODY_FLOOR_BPS 1024

/* Per request: created by on_uri(), freed by on_completed() (docs/design.md §5). */
struct http_req {
	struct req rq;
	struct res rs;
	char *path;
	char *query;
	int started;  /* the headers have been through gate_begin() */
	int answered; /* rs already holds the answer */
	struct buf body;
	size_t held; /* bytes of the --body-memory budget this request holds */
	size_t discarded;
	int parked;               /* suspended on the ticket of a deferred answer (res_defer()) */
	int64_t wait_deadline_us; /* real monotonic; 0 until the handler first waits */
	int64_t t0_us;            /* when the request line arrived */
};

/*
 * Requests that wait (res_wait) are suspended, not parked on a thread: a
 * thread of the pool serves many connections.  The resumer thread resumes
 * them when notify.h brings news their filter matches, or at their
 * deadline; libmicrohttpd then calls on_request again.
 */
struct waiter {
	struct MHD_Connection *c;
	int64_t deadline_us;
	struct notify_filter filter; /* strings borrowed from the request */
	int news;                    /* a matching event came */
	struct waiter *next;
};

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cond;
	struct waiter *list;
	unsigned long gen;
	int stopping;
	int started;
	pthread_t thread;
} waits = {.mu = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static struct MHD_Daemon *daemon_;
static atomic_size_t bodies_held; /* request body bytes buffered, all connections */
static atomic_size_t connections; /* open connections */
/*
 * Connections closed since the heap last gave its free memory back: each held buffers of its
 * own (libmicrohttpd's 32 KiB pool, a stream's), so after many close the resumer trims the
 * heap, and the server's memory returns to its idle figure (docs/behaviour.md §8).
 */
static atomic_size_t closed_since_trim;
#define TRIM_AFTER_CLOSED 64
#define TRIM_EVERY_US     (2 * 1000000LL)
/* Written once the daemon runs (port 0 is known only then), read by its threads. */
static _Atomic unsigned bound_port;
static atomic_int in_flight;
/* Set once the server stops: new requests are answered with Connection: close, and event
 * streams send their last words and end (http_stop()). */
static atomic_int shutting_down;
/* Streams that wait for news (event streams): a reader that never reads must not hold the
 * stop, so they are not waited for. */
static atomic_int waiting_streams;

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
	hr->t0_us = clock_real_us();
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
	atomic_fetch_sub(&bodies_held, hr->held);
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
	rq->origin = header(c, "Origin");
	rq->acr_headers = header(c, "Access-Control-Request-Headers");
	rq->last_event_id = header(c, "Last-Event-ID");
	rq->fetch_site = header(c, "Sec-Fetch-Site");
	rq->fetch_mode = header(c, "Sec-Fetch-Mode");
	rq->x_api_token = header(c, "x-api-token");
	rq->content_type = header(c, MHD_HTTP_HEADER_CONTENT_TYPE);
	rq->host = header(c, MHD_HTTP_HEADER_HOST);
	rq->port = atomic_load(&bound_port);
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

static int wait_news(struct MHD_Connection *c, const struct notify_filter *filter,
                     int64_t deadline_us);

/* A streamed answer and its connection (an event stream suspends it while it waits). */
struct http_stream {
	struct res_stream s;
	struct MHD_Connection *c;
	size_t final_sent; /* bytes of s.final written once the server stops */
};

/* A stopping server: an event stream writes its last words (res_stream.final), then ends. */
static ssize_t stream_last_words(struct http_stream *hs, char *buf, size_t max)
{
	size_t n = hs->s.final != NULL ? strlen(hs->s.final) - hs->final_sent : 0;

	if (n == 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (n > max)
		n = max;
	memcpy(buf, hs->s.final + hs->final_sent, n);
	hs->final_sent += n;
	return (ssize_t)n;
}

/* The stream asked to wait: until news or its deadline, unless news came while it looked. */
static int stream_wait(struct http_stream *hs, unsigned long gen)
{
	int64_t deadline = clock_real_us() + hs->s.wait_ms * 1000;
	int stopping;

	pthread_mutex_lock(&waits.mu);
	stopping = waits.stopping;
	if (!stopping && waits.gen == gen)
		wait_news(hs->c, &hs->s.wait_for, deadline);
	pthread_mutex_unlock(&waits.mu);
	return stopping;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct http_stream *hs = cls;
	unsigned long gen = 0;
	long n;

	(void)pos;
	if (hs->s.wait_ms > 0 && atomic_load(&shutting_down))
		return stream_last_words(hs, buf, max);
	/* Only a stream that may wait needs to know whether news came while it read. */
	if (hs->s.wait_ms > 0) {
		pthread_mutex_lock(&waits.mu);
		gen = waits.gen;
		pthread_mutex_unlock(&waits.mu);
	}
	n = hs->s.read(hs->s.state, buf, max);
	if (n > 0)
		return (ssize_t)n;
	if (n == RES_STREAM_AGAIN)
		return 0; /* libmicrohttpd asks again on a later turn of its loop */
	if (n == RES_STREAM_WAIT)
		return stream_wait(hs, gen) ? stream_last_words(hs, buf, max) : 0;
	return n == 0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void stream_free(void *cls)
{
	struct http_stream *hs = cls;

	if (hs->s.wait_ms > 0)
		atomic_fetch_sub(&waiting_streams, 1);
	hs->s.free(hs->s.state);
	free(hs);
}

/* The CORS headers of an answer to a browser's call (cors.h); none for other clients. */
static void add_cors(struct MHD_Response *r, const struct req *rq, const struct res *rs)
{
	int vary;
	const char *allow =
	    cors_allow_origin(rq->origin, rq->host, (enum origin_area)rq->area, &vary);

	if (vary)
		MHD_add_response_header(r, "Vary", "Origin");
	if (allow == NULL)
		return;
	MHD_add_response_header(r, "Access-Control-Allow-Origin", allow);
	if (rs->preflight) {
		MHD_add_response_header(r, "Access-Control-Allow-Methods", CORS_METHODS);
		MHD_add_response_header(r, "Access-Control-Allow-Headers",
		                        cors_allow_headers(rq->acr_headers));
		MHD_add_response_header(r, "Access-Control-Max-Age", CORS_MAX_AGE);
	} else {
		MHD_add_response_header(r, "Access-Control-Expose-Headers", CORS_EXPOSE);
	}
}

/* A streamed body of unknown length goes out chunked; MHD owns the stream from here. */
static enum MHD_Result send_stream(struct MHD_Connection *c, const struct req *rq, struct res *rs)
{
	struct http_stream *hs = xmalloc(sizeof *hs);
	struct MHD_Response *r;
	enum MHD_Result ret;

	hs->s = rs->stream;
	hs->c = c;
	hs->final_sent = 0;
	if (hs->s.wait_ms > 0)
		atomic_fetch_add(&waiting_streams, 1);
	memset(&rs->stream, 0, sizeof rs->stream);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK, stream_read, hs,
	                                      stream_free);
	if (r == NULL) {
		stream_free(hs);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, hs->s.content_type);
	if (hs->s.wait_ms > 0) /* an event stream: never stored by a proxy */
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	add_cors(r, rq, rs);
	ret = MHD_queue_response(c, rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* An embedded file: its bytes as they are, never cached stale, never sniffed. */
static enum MHD_Result send_bytes(struct MHD_Connection *c, const struct req *rq, struct res *rs)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    rs->nbytes, (void *)(uintptr_t)rs->bytes, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;

	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->bytes_type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	/* The inspector loads nothing from elsewhere (docs/inspector.md). */
	if (strncmp(rs->bytes_type, "text/html", 9) == 0)
		MHD_add_response_header(r, "Content-Security-Policy",
		                        "default-src 'self'; img-src 'self' data:; "
		                        "frame-ancestors 'none'; base-uri 'none'");
	add_cors(r, rq, rs);
	ret = MHD_queue_response(c, rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_res(struct MHD_Connection *c, const struct req *rq, struct res *rs)
{
	static const char fallback[] = "{\"errors\":[{\"code\":\"10007\",\"title\":\"Unexpected "
	                               "error\",\"detail\":\"The answer could not be encoded.\"}]}";
	struct MHD_Response *r;
	enum MHD_Result ret;
	unsigned status = rs->status;
	size_t len = 0;
	char *body;

	gate_render(rs);
	if (rs->stream.read != NULL)
		return send_stream(c, rq, rs);
	if (rs->bytes != NULL)
		return send_bytes(c, rq, rs);
	body = rs->json != NULL && rs->status != S_NO_CONTENT ? jsonout_dump(rs->json, &len) : NULL;
	if (rs->status == S_NO_CONTENT) {
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	} else if (body != NULL) {
		r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	} else {
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		r = MHD_create_response_from_buffer(
		    sizeof fallback - 1, (void *)(uintptr_t)fallback, MHD_RESPMEM_PERSISTENT);
	}
	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	if (status != S_NO_CONTENT)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	add_cors(r, rq, rs);
	if (rs->allow[0] != '\0')
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rs->allow);
	if (rs->retry_after > 0) {
		char ra[16];

		snprintf(ra, sizeof ra, "%d", rs->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, ra);
	}
	if (rs->has_ratelimit) {
		char v[24];

		snprintf(v, sizeof v, "%ld", rs->ratelimit.limit);
		MHD_add_response_header(r, "x-ratelimit-limit", v);
		snprintf(v, sizeof v, "%ld", rs->ratelimit.remaining);
		MHD_add_response_header(r, "x-ratelimit-remaining", v);
		snprintf(v, sizeof v, "%ld", rs->ratelimit.reset);
		MHD_add_response_header(r, "x-ratelimit-reset", v);
	}
	if (rs->ask_basic)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		                        "Basic realm=\"mdrmock\", charset=\"UTF-8\"");
	if (rs->close)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/*
 * The --body-memory budget is charged for bytes received, not declared
 * (docs/behaviour.md §8), and its last part, the reserve, is for bodies of at most SMALL_BODY
 * bytes: the larger ones stop short of it, so a send always finds room however many uploads are
 * held.
 */
static size_t body_reserve(void)
{
	size_t r = config.body_memory / BODY_RESERVE_SHARE,
	       spare = config.body_memory - config.max_body;

	return r < spare ? r : spare;
}

/* The most the bodies held may add up to for a body that will have `total` bytes. */
static size_t body_limit(size_t total)
{
	return total <= SMALL_BODY ? config.body_memory : config.body_memory - body_reserve();
}

/* Takes n more bytes of the --body-memory budget for hr; 0 when it is full. */
static int hold(struct http_req *hr, size_t n)
{
	size_t now = atomic_load(&bodies_held), limit = body_limit(hr->held + n);

	do {
		if (now + n > limit)
			return 0;
	} while (!atomic_compare_exchange_weak(&bodies_held, &now, now + n));
	hr->held += n;
	return 1;
}

/* Whether a body of n bytes would fit now (taking nothing: a declared length reserves none). */
static int fits(size_t n)
{
	return atomic_load(&bodies_held) + n <= body_limit(n);
}

/* A body that arrives slower than the floor once its grace is over (docs/behaviour.md §8). */
static int too_slow(const struct http_req *hr, size_t received)
{
	int64_t elapsed = clock_real_us() - hr->t0_us;

	return elapsed > BODY_GRACE_US &&
	       (double)received * 1e6 < (double)BODY_FLOOR_BPS * (double)elapsed;
}

/* A 503 for a bound that is full: try again in a second. */
static void busy(struct http_req *hr, const char *detail)
{
	struct apierr e;

	apierr_init(&e);
	apierr_at(&e, APIERR_BUSY, NULL, "%s", detail);
	res_error(&hr->rs, &e);
	hr->rs.retry_after = 1;
	hr->answered = 1;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	(void)c;
	(void)socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		atomic_fetch_add(&connections, 1);
	} else {
		atomic_fetch_sub(&connections, 1);
		atomic_fetch_add(&closed_since_trim, 1);
	}
}

/* The condition-variable deadline for a monotonic one; returns the us left (0 when past). */
static int64_t deadline_ts(int64_t deadline_us, struct timespec *ts)
{
	int64_t left = deadline_us - clock_real_us();

	clock_timeout(left, ts);
	return left > 0 ? left : 0;
}

/*
 * With a thread per connection (--threads 0) the connection's own thread
 * waits here, listed (with no connection, so the resumer leaves it) for the
 * news filter takes, or until deadline_us.  Called and returns with waits.mu.
 */
static void wait_here(const struct notify_filter *filter, int64_t deadline_us)
{
	struct waiter self = {.c = NULL, .filter = *filter};
	struct waiter **pp;
	struct timespec ts;

	self.next = waits.list;
	waits.list = &self;
	while (!self.news && !waits.stopping && deadline_ts(deadline_us, &ts) > 0 &&
	       pthread_cond_timedwait(&waits.cond, &waits.mu, &ts) != ETIMEDOUT)
		;
	for (pp = &waits.list; *pp != &self; pp = &(*pp)->next)
		;
	*pp = self.next;
}

/*
 * Waits for news filter takes or deadline_us, holding waits.mu: with a thread
 * per connection here (0 once it is over); else c is suspended and the
 * resumer resumes it (1: the wait goes on without this thread).
 */
static int wait_news(struct MHD_Connection *c, const struct notify_filter *filter,
                     int64_t deadline_us)
{
	struct waiter *wt;

	if (config.threads == 0) {
		wait_here(filter, deadline_us);
		return 0;
	}
	wt = xcalloc(1, sizeof *wt);
	wt->c = c;
	wt->deadline_us = deadline_us;
	wt->filter = *filter;
	wt->next = waits.list;
	waits.list = wt;
	MHD_suspend_connection(c);
	pthread_cond_broadcast(&waits.cond);
	return 1;
}

static void hold_connection(void *c)
{
	MHD_suspend_connection(c);
}

static void wake_connection(void *c)
{
	MHD_resume_connection(c);
}

/*
 * A deferred answer (res_defer()): 1 while the connection is suspended until
 * its ticket is done (the worker resumes it, and libmicrohttpd calls
 * on_request again), 0 once rs holds the answer.  With a thread per
 * connection, that thread waits.
 */
static int run_deferred(struct MHD_Connection *c, struct http_req *hr)
{
	enum status (*finish)(struct req *, struct res *) = hr->rs.finish;

	if (!hr->parked) {
		int parked = 0, stop;

		/* Parked under waits.mu, so http_stop(), which sets waits.stopping under it, counts
		 * every parked ticket; once it stops, the thread waits here instead (the writer
		 * finishes what it was given): a suspended connection would abort the daemon's
		 * stop. */
		pthread_mutex_lock(&waits.mu);
		stop = waits.stopping;
		if (config.threads != 0 && !stop)
			parked = !ticket_park(hr->rs.defer, hold_connection, wake_connection, c);
		pthread_mutex_unlock(&waits.mu);
		if (parked) {
			hr->parked = 1;
			return 1;
		}
		if (config.threads == 0 || stop)
			ticket_wait(hr->rs.defer);
	}
	/* Read under the ticket's mutex: the worker is done with the ticket. */
	(void)ticket_result(hr->rs.defer);
	res_release(&hr->rs);
	memset(&hr->rs, 0, sizeof hr->rs);
	gate_resume(&hr->rq, &hr->rs, finish);
	return 0;
}

/*
 * Runs the gate's second half and the handler, again for as long as it asks
 * to wait and news arrives.  Returns 1 when the connection was suspended
 * (the answer comes on a later call), 0 when rs holds the answer.
 */
static int run_handler(struct MHD_Connection *c, struct http_req *hr)
{
	for (;;) {
		unsigned long gen;

		pthread_mutex_lock(&waits.mu);
		gen = waits.gen;
		hr->rq.wait_expired = waits.stopping || (hr->wait_deadline_us != 0 &&
		                                         clock_real_us() >= hr->wait_deadline_us);
		pthread_mutex_unlock(&waits.mu);
		res_release(&hr->rs);
		memset(&hr->rs, 0, sizeof hr->rs);
		json_decref(hr->rq.json);
		hr->rq.json = NULL;
		gate_finish(&hr->rq, &hr->rs);
		if (hr->rs.defer != NULL)
			return run_deferred(c, hr);
		if (hr->rs.wait_ms == 0)
			return 0;
		if (hr->rq.wait_expired) {
			/* A handler must answer once its deadline passed. */
			res_fail(&hr->rs, APIERR_INTERNAL, "The handler did not answer in time.");
			return 0;
		}
		if (hr->wait_deadline_us == 0)
			hr->wait_deadline_us = clock_real_us() + hr->rs.wait_ms * 1000;
		pthread_mutex_lock(&waits.mu);
		if (waits.gen != gen || waits.stopping) {
			pthread_mutex_unlock(&waits.mu);
			continue; /* news since the handler looked: look again */
		}
		if (!wait_news(c, &hr->rs.wait_for, hr->wait_deadline_us)) {
			pthread_mutex_unlock(&waits.mu);
			continue;
		}
		pthread_mutex_unlock(&waits.mu);
		return 1;
	}
}

/* Resumes every waiter with news or a passed deadline; sleeps until the next deadline. */
static void *resumer(void *arg)
{
	int64_t trimmed_us = 0;

	(void)arg;
	pthread_mutex_lock(&waits.mu);
	for (;;) {
		int64_t now = clock_real_us(), next = now + RESUMER_MAX_NAP_US;

		if (atomic_load(&closed_since_trim) >= TRIM_AFTER_CLOSED &&
		    now - trimmed_us >= TRIM_EVERY_US) {
			atomic_store(&closed_since_trim, 0);
			trimmed_us = now;
			pthread_mutex_unlock(&waits.mu);
			util_trim_memory();
			pthread_mutex_lock(&waits.mu);
			continue;
		}
		struct waiter **pp = &waits.list;
		struct timespec ts;

		while (*pp != NULL) {
			struct waiter *wt = *pp;

			if (wt->c == NULL) {
				pp = &wt->next; /* a waiting thread's own: it leaves by itself */
				continue;
			}
			if (waits.stopping || wt->news || now >= wt->deadline_us) {
				*pp = wt->next;
				MHD_resume_connection(wt->c);
				free(wt);
				continue;
			}
			if (wt->deadline_us < next)
				next = wt->deadline_us;
			pp = &wt->next;
		}
		if (waits.stopping)
			break;
		deadline_ts(next, &ts);
		pthread_cond_timedwait(&waits.cond, &waits.mu, &ts);
	}
	pthread_mutex_unlock(&waits.mu);
	return NULL;
}

/*
 * notify.h's listener: the waiting requests whose filter e matches look
 * again; the others sleep on.  The generation moves on every event, so a
 * handler that looked before e and waits after it looks again at once.
 */
static void on_notify(const struct notify_event *e)
{
	int woke = 0;

	pthread_mutex_lock(&waits.mu);
	waits.gen++;
	for (struct waiter *wt = waits.list; wt != NULL; wt = wt->next)
		if (!wt->news && notify_match(&wt->filter, e))
			woke = wt->news = 1;
	if (woke)
		pthread_cond_broadcast(&waits.cond);
	pthread_mutex_unlock(&waits.mu);
}

/*
 * The one place after every handler (docs/design.md §4): the request log line and
 * the journal, written as the answer is queued, so a client that reads the
 * journal right after its answer finds its request there.  The journal
 * holds API requests, not the control API's own (docs/behaviour.md §6).
 */
static void log_answer(struct MHD_Connection *c, const struct http_req *hr)
{
	int64_t at = clock_wall_ms(), latency = clock_real_us() - hr->t0_us;
	int status = (int)hr->rs.status;
	const char *ua = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "User-Agent");

	/* `mdrmock healthcheck`'s polls (Docker's, every few seconds) stay out of the log. */
	if (!(status == 200 && ua != NULL &&
	      strncmp(ua, MDRMOCK_HEALTHCHECK_AGENT, strlen(MDRMOCK_HEALTHCHECK_AGENT)) == 0 &&
	      strcmp(hr->path, "/_mock/health") == 0))
		log_request(at, req_method_name(hr->rq.method), hr->path, status, latency,
		            hr->rq.tenant);
	/* A preflight is the browser's, not an API call: logged, not journaled. */
	if (!hr->rq.control && !hr->rs.preflight)
		journal_add(at, req_method_name(hr->rq.method), hr->path, hr->query, hr->rq.tenant,
		            status, latency, hr->rq.has_fault);
}

static enum MHD_Result answer(struct MHD_Connection *c, struct http_req *hr)
{
	log_answer(c, hr);
	/* The handler's answer is rebuilt on every run; the count belongs to the request. */
	hr->rs.has_ratelimit = hr->rq.counted;
	/* A stopping server takes no more requests on this connection. */
	if (atomic_load(&shutting_down))
		hr->rs.close = 1;
	hr->rs.ratelimit = hr->rq.ratelimit;
	return send_res(c, &hr->rq, &hr->rs);
}

/*
 * An error answered while the client is still sending its body, then the connection closed.
 * libmicrohttpd (0.9.75) queues an answer only before the body or after all of it, so the
 * few bytes go to the socket here (no TLS: they are the wire); the kernel's buffer takes them
 * at once.  Returns MHD_NO, which closes the connection.
 */
static enum MHD_Result answer_mid_body(struct MHD_Connection *c, struct http_req *hr)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	size_t len = 0;
	char *body;
	char head[256];
	int n;

	gate_render(&hr->rs);
	body = jsonout_dump(hr->rs.json, &len);
	log_answer(c, hr);
	n = snprintf(head, sizeof head,
	             "HTTP/1.1 %u %s\r\nContent-Type: application/json\r\nContent-Length: "
	             "%zu\r\nConnection: close\r\n\r\n",
	             (unsigned)hr->rs.status, status_reason(hr->rs.status), body ? len : 0);
	if (ci != NULL && n > 0 && (size_t)n < sizeof head) {
		struct iovec iov[2] = {{head, (size_t)n}, {body, body ? len : 0}};

		/* Best effort: a client that cannot take it is being cut off anyway. */
		if (writev(ci->connect_fd, iov, 2) < 0)
			log_debug("http: the 408 could not be written: %s", strerror(errno));
	}
	free(body);
	return MHD_NO;
}

/*
 * libmicrohttpd calls this once when the headers are in, once per chunk of
 * body, and once more at the end.  The answer is queued on the last call:
 * queued on the first one, 0.9.75 closes the connection after it (no
 * keep-alive).  Errors found before a body is read are the exception: they
 * are sent at once, so a too-large body is refused before it is read.
 */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
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
		if (atomic_load(&connections) > config.max_connections) {
			/* Over the limit: a quick 503, and the connection is closed after it. */
			busy(hr, "The server has as many connections as it serves at once.");
			hr->rs.close = 1;
		} else if (gate_begin(&hr->rq, &hr->rs)) {
			hr->answered = 1;
		} else if (hr->rq.content_length > 0 && !fits((size_t)hr->rq.content_length)) {
			/* Told at once, not after its body: the point is not to take it. */
			busy(hr, "The server holds as many request bodies as it can; try again.");
			hr->rs.close = 1;
			return answer(c, hr);
		}
		/* A declared body too large even to drop is answered at once; others are read
		 * first. */
		if (hr->answered && hr->rq.has_body &&
		    hr->rq.content_length > (long long)DISCARD_LIMIT)
			return answer(c, hr);
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (!hr->answered && too_slow(hr, hr->body.len + *upload_size)) {
			struct apierr e;

			/* Answered now and closed: what it holds goes back to the budget at once.
			 */
			apierr_init(&e);
			apierr_at(&e, APIERR_SLOW_BODY, NULL,
			          "The body arrived slower than %d bytes a second; send it faster.",
			          BODY_FLOOR_BPS);
			res_error(&hr->rs, &e);
			hr->answered = 1;
			*upload_size = 0;
			return answer_mid_body(c, hr);
		}
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
		} else if (hr->body.len + *upload_size > hr->held &&
		           !hold(hr, hr->body.len + *upload_size - hr->held)) {
			busy(hr, "The server holds as many request bodies as it can; try again.");
		} else {
			buf_add(&hr->body, upload_data, *upload_size);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (!hr->answered) {
		hr->rq.body = hr->body.data ? hr->body.data : "";
		hr->rq.body_len = hr->body.len;
		if (hr->rs.defer != NULL ? run_deferred(c, hr) : run_handler(c, hr))
			return MHD_YES; /* suspended */
	}
	return answer(c, hr);
}

/*
 * libmicrohttpd's own messages go through the server's log, so that with --log-format json
 * every line on stderr is still JSON; the line it writes when a handler cuts a connection
 * on purpose (answer_mid_body()) is debug, the rest warnings.
 */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	(void)cls;
	vsnprintf(line, sizeof line, fmt, ap);
	n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (strncmp(line, "Application reported internal error", 35) == 0)
		log_debug("libmicrohttpd: %s", line);
	else
		log_warn("libmicrohttpd: %s", line);
}

/*
 * How the daemon waits for sockets (docs/design.md §11): epoll where libmicrohttpd has it
 * (Linux), else poll(), else select(): the one place the event interface is chosen.
 */
static unsigned poll_flag(void)
{
	return MHD_is_feature_supported(MHD_FEATURE_POLL) == MHD_YES ? MHD_USE_POLL : 0;
}

static unsigned event_flag(void)
{
	return MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : poll_flag();
}

int http_start(const char *host, unsigned port, unsigned *bound, char *err, size_t errlen)
{
	struct addrinfo hints, *ai = NULL;
	struct MHD_OptionItem ops[14];
	const union MHD_DaemonInfo *info;
	char portstr[16];
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	/* Suspending is how waiting requests leave the pool's threads free. */
	if (config.threads != 0)
		flags |= MHD_ALLOW_SUSPEND_RESUME;
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
		flags |= MHD_USE_THREAD_PER_CONNECTION | poll_flag();
	} else {
		flags |= event_flag();
		if (config.threads > 1)
			ops[n++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE,
			                                   (intptr_t)config.threads, NULL};
	}
	ops[n++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, ai->ai_addr};
	/* Slow or idle clients are cut off; a cap keeps a flood from exhausting memory
	 * (docs/behaviour.md §8). */
	ops[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT,
	                                   (intptr_t)((config.conn_timeout + 999) / 1000), NULL};
	ops[n++] =
	    (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT,
	                            (intptr_t)(config.max_connections + SPARE_CONNECTIONS), NULL};
	ops[n++] =
	    (struct MHD_OptionItem){MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, NULL};
	ops[n++] = (struct MHD_OptionItem){MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)on_uri, NULL};
	ops[n++] = (struct MHD_OptionItem){MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, NULL};
	ops[n++] =
	    (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, NULL};
	ops[n++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};

	waits.stopping = 0;
	atomic_store(&shutting_down, 0);
	daemon_ = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, on_request, NULL,
	                           MHD_OPTION_ARRAY, ops, MHD_OPTION_END);
	freeaddrinfo(ai);
	if (daemon_ == NULL) {
		snprintf(err, errlen,
		         "cannot listen on %s:%u (in use, or not an address of this "
		         "machine?)",
		         host, port);
		return -1;
	}
	info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
	*bound = info != NULL ? info->port : port;
	atomic_store(&bound_port, *bound);
	if (pthread_create(&waits.thread, NULL, resumer, NULL) != 0) {
		MHD_stop_daemon(daemon_);
		daemon_ = NULL;
		snprintf(err, errlen, "cannot start a thread");
		return -1;
	}
	waits.started = 1;
	notify_set_listener(on_notify);
	return 0;
}

/* Requests a stop waits for: all but the event streams. */
static int unfinished(void)
{
	return atomic_load(&in_flight) - atomic_load(&waiting_streams);
}

void http_stop(int grace_ms)
{
	MHD_socket fd;

	if (daemon_ == NULL)
		return;
	/* Waiting requests answer now with what they have; event streams end. */
	atomic_store(&shutting_down, 1);
	notify_set_listener(NULL);
	pthread_mutex_lock(&waits.mu);
	waits.stopping = 1;
	pthread_cond_broadcast(&waits.cond);
	pthread_mutex_unlock(&waits.mu);
	if (waits.started)
		pthread_join(waits.thread, NULL);
	waits.started = 0;
	fd = MHD_quiesce_daemon(daemon_);
	/* Requests really in flight finish; an event stream whose reader does not read is cut
	 * when the daemon stops. */
	for (int waited = 0; unfinished() > 0 && waited < grace_ms; waited += STOP_POLL_MS)
		clock_nap_us(STOP_POLL_MS * 1000);
	if (unfinished() > 0)
		log_warn("stopping with %d request(s) unfinished", unfinished());
	/* A deferred answer's work always ends (the store finishes what it was given); its
	 * connection must be resumed before the daemon stops. */
	while (ticket_parked() > 0)
		clock_nap_us(STOP_POLL_MS * 1000);
	MHD_stop_daemon(daemon_);
	daemon_ = NULL;
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
}
