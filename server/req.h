/*
 * req: a request as the handlers see it, and the answer they fill in.  The
 * HTTP layer builds a struct req from the wire, the gate (gate.c) checks
 * it and fills the parts marked "gate", and a handler returns an enum status
 * with the body in struct res.  Handlers never speak HTTP (docs/design.md §4), never build
 * an error's envelope (res_error() keeps the error; the gate makes its body) and never
 * publish: what they did that others hear of, they record (res_publish(), res_wake_webhooks()),
 * and the gate tells it once the handler is done (docs/design.md §12).
 * Calls: apierr, config, longread, notify, query, ratelimit, status, ticket, timefmt, util,
 *   jansson.
 */
#ifndef MDRMOCK_REQ_H
#define MDRMOCK_REQ_H

#include <jansson.h>
#include <stddef.h>

#include "apierr.h"
#include "notify.h"
#include "query.h"
#include "ratelimit.h"
#include "status.h"
#include "ticket.h"
#include "util.h"

enum method {
	METHOD_GET,
	METHOD_POST,
	METHOD_PUT,
	METHOD_DELETE,
	METHOD_PATCH,
	METHOD_HEAD,
	METHOD_OPTIONS,
	METHOD_OTHER,
	METHOD_COUNT
};

#define REQ_MAX_CAPTURES 4
/* The highest page number a listing accepts (page, page[number]). */
#define REQ_MAX_PAGE 1000000
/* upstream (PageConsolidated): page[size] is 1-250, 20 by default. */
#define REQ_PAGE_MAX     250
#define REQ_PAGE_DEFAULT 20

struct route;

struct req {
	enum method method;
	const char *path;         /* raw path as sent, without the query */
	const char *query_string; /* raw, after '?'; "" when none */

	/* Headers, borrowed from the HTTP layer for the request's life; NULL when absent. */
	const char *authorization;
	const char *x_api_token;
	const char *content_type;
	const char *host;          /* the Host header */
	const char *origin;        /* Origin: a browser's call (CORS) */
	const char *acr_headers;   /* Access-Control-Request-Headers of a preflight */
	const char *last_event_id; /* Last-Event-ID: where an event stream resumes */
	const char *fetch_site;    /* Sec-Fetch-Site: a browser's word on who made the call */
	const char *fetch_mode;    /* Sec-Fetch-Mode: navigate for a page the user opens */
	unsigned port;             /* the port the server listens on */
	int has_body;              /* a body was announced (Content-Length > 0, or chunked) */
	long long content_length;  /* -1 when not given */

	/* The complete body once read (borrowed). */
	const char *body;
	size_t body_len;

	/* gate: filled before the handler runs, released by req_release(). */
	const struct route *route;
	char *captures[REQ_MAX_CAPTURES]; /* decoded {name} segments, in order */
	size_t ncaptures;
	struct query query;
	char *tenant;     /* the caller's namespace; NULL on routes without credentials */
	json_t *json;     /* the parsed body on routes that take one, else NULL */
	int control;      /* gate: a control API path (ROUTE_CONTROL), matched or not */
	int area;         /* gate: the enum origin_area of the path (origin.h) */
	int wait_expired; /* a waiting request's deadline passed: answer with what there is */
	int has_fault;    /* gate: an injected fault (fault.h) applies */
	int counted;      /* gate: a v2 request counted in ratelimit */
	struct ratelimit ratelimit;
	/* A deferred handler's state (res_defer()): kept until the request ends. */
	void *later;
	void (*later_free)(void *later);
	struct {
		int status;
		char code[16];
		int64_t delay_ms;
		int retry_after;
	} fault;
};

/*
 * A body produced piece by piece (report downloads): read() writes up to
 * max bytes into out and returns how many, 0 at the end, -1 to abort, or
 * RES_STREAM_AGAIN when it did its bounded share of work and has nothing
 * to send yet (called again soon, the thread free meanwhile); free()
 * releases state once the HTTP layer is done with it (or with the res).
 */
#define RES_STREAM_AGAIN (-2)
/*
 * RES_STREAM_WAIT: nothing to send until news matching wait_for (notify.h)
 * arrives or wait_ms of real time pass; read() is called again then, the
 * connection waiting without a thread (an event stream).
 */
#define RES_STREAM_WAIT (-3)
struct res_stream {
	const char *content_type; /* static */
	long (*read)(void *state, char *out, size_t max);
	void (*free)(void *state);
	void *state;
	struct notify_filter wait_for; /* strings must live as long as state */
	int64_t wait_ms;
	const char *final; /* with wait_ms: static text sent when the server stops, then the end */
};

/* One piece of news a handler recorded: a live-feed event (feed.h) of type for tenant. */
struct res_news {
	const char *type; /* static */
	char *tenant;     /* owned; NULL: everyone's */
	json_t *data;     /* owned */
};
#define RES_NEWS_MAX 2

struct res {
	enum status status;
	json_t *json; /* owned; the HTTP layer serialises it */
	/* res_error(): the error whose envelope is the body (gate_render() makes it). */
	struct apierr error;
	int failed;
	struct res_news news[RES_NEWS_MAX]; /* told after the handler (gate.c) */
	int nnews;
	int wake_webhooks;        /* the webhook worker to look again after the handler */
	char allow[64];           /* the Allow header of a 405, else "" */
	struct res_stream stream; /* instead of json when read is set */
	int64_t wait_ms; /* > 0: not yet; run the handler again on news or at the deadline */
	/* With wait_ms: the news that runs it again (strings borrowed from the request). */
	struct notify_filter wait_for;
	int retry_after; /* seconds for a Retry-After header, 0 for none */
	int close;       /* close the connection after the answer */
	int preflight;   /* an OPTIONS preflight: 204 with the CORS allowances */
	int ask_basic;   /* a 401 that asks a browser for credentials (WWW-Authenticate) */
	/* A body of static bytes (embedded files) instead of json: sent as they are. */
	const void *bytes;
	size_t nbytes;
	const char *bytes_type; /* its Content-Type (static) */
	int has_ratelimit;      /* the x-ratelimit-* headers to send (from the gate) */
	struct ratelimit ratelimit;
	/* Not yet (res_defer()): the answer is finish()'s, once defer is done. */
	struct ticket *defer;
	enum status (*finish)(struct req *rq, struct res *rs);
};

typedef enum status (*handler_fn)(struct req *rq, struct res *rs);

struct longread; /* longread.h */

/* Puts the envelope for e in rs and returns its status. */
enum status res_error(struct res *rs, const struct apierr *e);
/* Shorthand: an error of kind with a detail and no pointer. */
enum status res_fail(struct res *rs, enum apierr_kind kind, const char *detail);
/*
 * Begins the long read lr (longread_begin(), under tenant) whose state is later, and answers
 * through res_defer() with finish once it is over; refused, later is freed with later_free at
 * once and the answer is res_unread()'s.  lr lives inside later.
 */
enum status res_read_long(struct req *rq, struct res *rs, struct longread *lr, const char *tenant,
                          void *later, void (*later_free)(void *),
                          enum status (*finish)(struct req *, struct res *));
/*
 * The answer of a long read (longread.h) that was refused or did not finish, by its rc:
 * LONGREAD_FULL 429 10011, LONGREAD_STOPPED 503 10007 (both with Retry-After: 1), else 500.
 */
enum status res_unread(struct res *rs, int rc);
/* The 404 of a path no endpoint has (and of an inspector file there is none of). */
enum status res_no_route(struct res *rs);
/* Takes the reference to body and returns S_OK. */
enum status res_ok(struct res *rs, json_t *body);
/*
 * Asks to be run again when news matching for (notify.h; NULL: none) arrives
 * or ms of real time after the first ask, whichever is first; then
 * rq->wait_expired tells which.  for's strings must live as long as the
 * request.  The connection waits without holding a thread.
 */
enum status res_wait(struct res *rs, int64_t ms, const struct notify_filter *for_);
/*
 * The answer waits for work another thread does (ticket.h: the store's group commit, a
 * tenant's reset): later (freed with later_free when the request ends) holds what the work
 * and finish need, t is done by the worker; then finish(rq, rs) runs, with rq->later, and
 * gives the answer.  The connection waits without holding a thread (docs/design.md §5).
 */
enum status res_defer(struct req *rq, struct res *rs, void *later, void (*later_free)(void *),
                      struct ticket *t, enum status (*finish)(struct req *, struct res *));
/* Answers 200 with a streamed body, taking state (freed with free_fn). */
enum status res_stream(struct res *rs, const char *content_type,
                       long (*read)(void *, char *, size_t), void (*free_fn)(void *), void *state);

/* Answers 200 with n bytes of static data (never freed), of content_type (static). */
enum status res_bytes(struct res *rs, const char *content_type, const void *data, size_t n);

/* Answers 200 with the text in b (taken: b is left empty), streamed like res_stream(). */
enum status res_text(struct res *rs, const char *content_type, struct buf *b);

/*
 * The scheme, host and port this server was reached at ("http://host:port"):
 * --public-url when given, else the request's Host, else the listening address.
 * Written into out (at least 320 bytes).
 */
char *req_base_url(const struct req *rq, char *out, size_t outlen);

/*
 * Query parameters with a 400 naming the parameter: an integer in [lo, hi]
 * (absent gives def), and seconds in [0, max] as ms (absent gives 0).
 * Return 0, or -1 with e set.
 */
/* An ISO 8601 time with an offset in parameter name: 0 (absent, or set into *ms), or -1 with e
 * naming it. */
int req_param_time(const struct req *rq, const char *name, int64_t *ms, struct apierr *e);

/* page[number] and page[size] (docs/behaviour.md §1.4): 0, or -1 with e naming the parameter. */
int req_page(const struct req *rq, long *page, long *size, struct apierr *e);

int req_param_long(const struct req *rq, const char *name, long def, long lo, long hi, long *out,
                   struct apierr *e);
int req_param_seconds(const struct req *rq, const char *name, double max, int64_t *ms,
                      struct apierr *e);
/* `true` or `false` in parameter name (absent: 0) into *out: 0, or -1 with e naming it. */
int req_param_bool(const struct req *rq, const char *name, int *out, struct apierr *e);

/* Frees what the gate and handler attached; the structs themselves are the caller's. */
void req_release(struct req *rq);
void res_release(struct res *rs);
/* Records a live-feed event (stealing data; at most RES_NEWS_MAX a call, more are dropped) and
 * that the webhook worker should look again: both told after the handler, by the gate. */
void res_publish(struct res *rs, const char *type, const char *tenant, json_t *data);
void res_wake_webhooks(struct res *rs);

/* "GET", "POST", ... for a method; "" for METHOD_OTHER. */
const char *req_method_name(enum method m);
enum method req_method_from_name(const char *name);

#endif
