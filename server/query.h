/*
 * query: the query string of a request, split and percent-decoded by us
 * rather than by the HTTP library, so that what a handler sees is exactly
 * what was sent (docs/behaviour.md §8: %00 and the like are refused, not truncated).
 * Pure.
 * Calls: util.
 */
#ifndef MDRMOCK_QUERY_H
#define MDRMOCK_QUERY_H

#include <stddef.h>

#define QUERY_MAX_PARAMS 32

struct query {
	size_t n;
	struct {
		char *key;
		char *value; /* "" for a bare key */
	} p[QUERY_MAX_PARAMS];
};

/*
 * Decodes percent-escapes in n bytes of s into a new string; '+' becomes a
 * space when plus_is_space.  Returns NULL for a bad escape, a %00 or bytes
 * that are not UTF-8 (docs/behaviour.md §8).
 */
char *query_decode(const char *s, size_t n, int plus_is_space);

/*
 * Parses "a=1&b=two" into q (caller storage).  Returns 0, or -1 when an
 * escape is invalid, a name is empty or there are more than
 * QUERY_MAX_PARAMS parameters; *bad then names the offending parameter
 * (possibly ""), valid until query_release().
 */
int query_parse(struct query *q, const char *s, const char **bad);
void query_release(struct query *q);

/* The value of the first parameter named key, or NULL. */
const char *query_get(const struct query *q, const char *key);

#endif
