/*
 * router: the route table and the gate every request passes (STYLE 4-6).
 * router_match() is the pure lookup (404 vs 405 with Allow, path captures,
 * path tricks refused); router_begin() checks everything that is known once
 * the headers are in (route, path, credentials, query, content type, declared
 * length), router_finish() everything that needs the body (JSON), then runs
 * the handler.  Handlers only ever see requests that passed.
 * Calls req, auth, jsonin, query, config, util.
 */
#ifndef MDRMOCK_ROUTER_H
#define MDRMOCK_ROUTER_H

#include <stddef.h>

#include "req.h"

enum route_flags {
	ROUTE_AUTH_V2 = 1 << 0,       /* Authorization: Bearer */
	ROUTE_AUTH_V1 = 1 << 1,       /* Bearer, Token or x-api-token */
	ROUTE_BODY = 1 << 2,          /* a JSON object body is required */
	ROUTE_BODY_OPTIONAL = 1 << 3, /* a JSON object body may be sent */
};

struct route {
	enum method method;
	const char *pattern; /* "/v2/messages/{id}": literal segments and captures */
	handler_fn handler;
	unsigned flags;
};

/* The table, in routes.c. */
extern const struct route routes[];
extern const size_t routes_count;

#define ROUTER_MAX_PATH     4096
#define ROUTER_MAX_SEGMENTS 16

enum router_result {
	ROUTER_FOUND,
	ROUTER_NOT_FOUND,
	ROUTER_METHOD_NOT_ALLOWED, /* allow holds "GET, POST" */
	ROUTER_BAD_PATH,           /* bad escape, %00, "." or ".." segment */
	ROUTER_TOO_LONG,
	ROUTER_RESULT_COUNT
};

/*
 * Matches a raw path (percent-escapes undecoded) against table.  A single
 * trailing slash is ignored.  On ROUTER_FOUND, *route is set and captures
 * holds *ncaptures new strings (decoded) that the caller frees.
 */
enum router_result router_match(const struct route *table, size_t n, enum method m,
				const char *raw_path, const struct route **route, char **captures,
				size_t *ncaptures, char *allow, size_t allowlen);

/*
 * Gate, first half.  Returns 0 to go on reading the body, or 1 when rs
 * already holds the answer (an error).
 */
int router_begin(struct req *rq, struct res *rs);

/* Gate, second half: the body is complete in rq->body.  Runs the handler. */
void router_finish(struct req *rq, struct res *rs);

/* 1 when a Content-Type names JSON (application/json, optionally with parameters). */
int router_is_json_type(const char *content_type);

#endif
