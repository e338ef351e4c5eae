/*
 * jsonin: request bodies in, with errors that point at the field
 * (docs/behaviour.md §1.3, docs/behaviour.md §8).  Parsing refuses duplicate keys, nesting deeper
 * than JSONIN_MAX_DEPTH, invalid UTF-8, NUL characters and numbers out of range; the typed getters
 * turn a wrong type into a 400 whose source.pointer names the field. Calls: apierr, jansson.
 */
#ifndef MDRMOCK_JSONIN_H
#define MDRMOCK_JSONIN_H

#include <jansson.h>
#include <stddef.h>

#include "apierr.h"

#define JSONIN_MAX_DEPTH 32

/*
 * Parses len bytes.  Returns a new reference, or NULL with e set to 400
 * 10015 at the root pointer.
 */
json_t *jsonin_parse(const char *buf, size_t len, struct apierr *e);

/* 1 when no array or object in buf nests deeper than max. */
int jsonin_depth_ok(const char *buf, size_t len, int max);

enum jsonin_flags {
	JSONIN_REQUIRED = 1 << 0, /* absent or null is 10004 */
	JSONIN_NONEMPTY = 1 << 1, /* "" (or []) is 10015 */
};

/*
 * Typed access to obj[key]; base is the pointer of obj ("" for the body).
 * Each returns 1 when the field is present with the right type (*out set,
 * borrowed from obj), 0 when absent or null and not required, and -1 with
 * e set otherwise.
 */
int jsonin_string(json_t *obj, const char *base, const char *key, unsigned flags, const char **out,
                  struct apierr *e);
int jsonin_bool(json_t *obj, const char *base, const char *key, unsigned flags, int *out,
                struct apierr *e);
int jsonin_array(json_t *obj, const char *base, const char *key, unsigned flags, json_t **out,
                 struct apierr *e);
int jsonin_number(json_t *obj, const char *base, const char *key, unsigned flags, double *out,
                  struct apierr *e);
/* Integers only (1.5 and 1e3 are wrong types). */
int jsonin_integer(json_t *obj, const char *base, const char *key, unsigned flags, long long *out,
                   struct apierr *e);

/*
 * Checks that every element of the array at base is a string (non-empty
 * with JSONIN_NONEMPTY).  0, or -1 with e pointing at the element.
 */
int jsonin_strings(json_t *array, const char *base, unsigned flags, struct apierr *e);

/* Gives the body's pointer of a top-level key ("/to"). */
#define JSONIN_PTR(buf, base, key) apierr_pointer((buf), sizeof(buf), (base), (key))

#endif
