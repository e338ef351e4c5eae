/*
 * jsonout: a JSON value out as compact bytes, the same bytes jansson's
 * json_dumpb(JSON_COMPACT | JSON_ENCODE_ANY) writes (keys in insertion order, "/" and non-ASCII
 * as they are, control characters escaped), in one pass into one buffer: without jansson's
 * per-value loop check (a "%p" key in a hashtable for every object and array) and per-chunk
 * callbacks, which cost a sixth of a GET's CPU (docs/design.md §9). Calls: util, jansson.
 */
#ifndef MDRMOCK_JSONOUT_H
#define MDRMOCK_JSONOUT_H

#include <jansson.h>
#include <stddef.h>

/* Values nested deeper than this are refused (NULL), as a cycle would be. */
#define JSONOUT_MAX_DEPTH 64

/*
 * j as compact JSON in a new buffer of *len bytes (NUL-terminated past them; released with
 * free()), or NULL where jansson would fail too: a string that is not UTF-8, a real that is
 * NaN or infinite, or nesting past JSONOUT_MAX_DEPTH.
 */
char *jsonout_dump(const json_t *j, size_t *len);

#endif
