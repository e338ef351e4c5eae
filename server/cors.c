#include "cors.h"

#include <string.h>

#include "config.h"
#include "origin.h"

/* The most a preflight's list of header names may be to be echoed. */
#define MAX_REQUESTED 1024

const char *cors_allow_origin(const char *origin, const char *host, enum origin_area area,
                              int *vary)
{
	*vary = 0;
	if (origin == NULL)
		return NULL;
	if (area == ORIGIN_AREA_API) {
		for (size_t i = 0; i < config.cors_origins.n; i++) {
			const char *o = config.cors_origins.v[i];

			if (strcmp(o, "none") == 0)
				return NULL;
			if (strcmp(o, "*") == 0)
				return "*";
		}
	}
	*vary = 1;
	return origin_admitted(origin, host, area) ? origin : NULL;
}

const char *cors_allow_headers(const char *requested)
{
	size_t n;

	if (requested == NULL || *requested == '\0')
		return CORS_HEADERS;
	n = strlen(requested);
	/* Header names (RFC 9110 tokens, as browsers send them), commas and spaces only. */
	if (n > MAX_REQUESTED ||
	    strspn(requested, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	                      "!#$%&'*+-.^_`|~, ") != n)
		return CORS_HEADERS;
	return requested;
}
