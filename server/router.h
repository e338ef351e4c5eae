/*
 * router: the route table's shape and the pure lookup over it
 * (docs/design.md §3): router_match() tells 404 from 405 (with Allow),
 * decodes path captures and refuses path tricks.  It matches only; the
 * checks every request passes live in gate.c.
 * Calls: query, req, util.
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
	ROUTE_CONTROL = 1 << 4,       /* the control API: --admin-token, no faults, no journal */
	ROUTE_ANY_TYPE = 1 << 5, /* the body is JSON whatever its Content-Type says (any type) */
	ROUTE_PAGE = 1 << 6,     /* a page a browser opens: a 401 asks for Basic credentials */
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
 * The flags of every route whose first path segment is raw_path's, OR-ed:
 * what area of the API an unmatched path is in (ROUTE_CONTROL for
 * "/_mock/nothing").  Literal first segments only, compared undecoded.
 */
unsigned router_area_flags(const struct route *table, size_t n, const char *raw_path);

#endif
