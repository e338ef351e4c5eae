/*
 * cors: the CORS headers of an answer to a browser (docs/behaviour.md §6.5).  An answer
 * to a call from an admitted origin (origin.h: loopback origins on the API by default, the
 * server's own on the control API) carries Access-Control-Allow-Origin naming it, and an
 * OPTIONS preflight from one is answered 204 with the methods and headers allowed.
 * Calls: config, origin.
 */
#ifndef MDRMOCK_CORS_H
#define MDRMOCK_CORS_H

#include <stddef.h>

#include "origin.h"

#define CORS_METHODS "GET, POST, PUT, PATCH, DELETE, OPTIONS"
/* Headers a page may read from an answer besides the simple ones. */
#define CORS_EXPOSE                                                                                \
	"Allow, Retry-After, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset"
/* Allowed request headers when a preflight names none (or names them badly). */
#define CORS_HEADERS "Authorization, Content-Type, Last-Event-ID, X-Api-Token"
#define CORS_MAX_AGE "600"

/*
 * The Access-Control-Allow-Origin for a call to area from origin (the Origin header; NULL:
 * not a browser's call) that reached the server as host (the Host header): origin itself
 * when it is admitted (origin.h), "*" on the API when --cors-origin says *, or NULL for no
 * CORS headers.  *vary is set when the answer depends on the origin (then Vary: Origin goes
 * with it).
 */
const char *cors_allow_origin(const char *origin, const char *host, enum origin_area area,
                              int *vary);

/*
 * The Access-Control-Allow-Headers of a preflight: the headers it asked for
 * (Access-Control-Request-Headers) when they are a plain list of header
 * names, else CORS_HEADERS.
 */
const char *cors_allow_headers(const char *requested);

#endif
