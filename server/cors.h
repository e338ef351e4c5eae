/*
 * cors: what a browser is allowed (docs/behaviour.md §6.5).  The inspector and
 * any page on another origin may call the API and the control API from a browser:
 * answers to a call with an Origin header carry Access-Control-Allow-Origin
 * for the origins --cors-origin allows (any by default), and an OPTIONS
 * preflight is answered 204 with the methods and headers allowed.
 * Calls: config.
 */
#ifndef MDRMOCK_CORS_H
#define MDRMOCK_CORS_H

#include <stddef.h>

#define CORS_METHODS "GET, POST, PUT, PATCH, DELETE, OPTIONS"
/* Headers a page may read from an answer besides the simple ones. */
#define CORS_EXPOSE                                                                                \
	"Allow, Retry-After, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset"
/* Allowed request headers when a preflight names none (or names them badly). */
#define CORS_HEADERS "Authorization, Content-Type, Last-Event-ID, X-Api-Token"
#define CORS_MAX_AGE "600"

/*
 * The Access-Control-Allow-Origin for a call from origin (the Origin header;
 * NULL: not a browser's call): "*", origin itself when --cors-origin lists
 * it, or NULL for no CORS headers.  *vary is set when the answer depends on
 * the origin (then Vary: Origin goes with it).
 */
const char *cors_allow_origin(const char *origin, int *vary);

/*
 * The Access-Control-Allow-Headers of a preflight: the headers it asked for
 * (Access-Control-Request-Headers) when they are a plain list of header
 * names, else CORS_HEADERS.
 */
const char *cors_allow_headers(const char *requested);

#endif
