#include "jsonin.h"

#include <string.h>

int jsonin_depth_ok(const char *buf, size_t len, int max)
{
	int depth = 0, in_string = 0;

	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				return 0;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return 1;
}

json_t *jsonin_parse(const char *buf, size_t len, struct apierr *e)
{
	json_error_t je;
	json_t *j;

	if (!jsonin_depth_ok(buf, len, JSONIN_MAX_DEPTH)) {
		apierr_at(e, APIERR_BAD_REQUEST, "", "The JSON body nests deeper than %d levels.",
		          JSONIN_MAX_DEPTH);
		return NULL;
	}
	j = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	if (j != NULL)
		return j;
	/*
	 * Text that is not JSON (bad syntax, invalid UTF-8, truncated) is
	 * Telnyx's 10023; JSON we refuse to hold (a duplicate key, a NUL in a
	 * string, a number out of range) is a bad request, 10015
	 * (docs/behaviour.md §1.3).
	 */
	switch (json_error_code(&je)) {
	case json_error_duplicate_key:
	case json_error_null_character:
	case json_error_null_byte_in_key:
	case json_error_numeric_overflow:
		apierr_at(e, APIERR_BAD_REQUEST, "", "The body is JSON this API refuses: %s.",
		          je.text);
		break;
	default:
		apierr_at(e, APIERR_BAD_JSON, "",
		          "The body is not valid JSON: %s (line %d, column %d).", je.text, je.line,
		          je.column);
	}
	return NULL;
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "a value";
}

/* Looks key up; 1 present, 0 absent (or null), -1 missing-but-required. */
static int lookup(json_t *obj, const char *base, const char *key, unsigned flags, json_t **v,
                  struct apierr *e)
{
	char ptr[160];

	*v = json_object_get(obj, key);
	if (*v != NULL && !json_is_null(*v))
		return 1;
	if (flags & JSONIN_REQUIRED)
		return apierr_at(e, APIERR_MISSING, JSONIN_PTR(ptr, base, key),
		                 "The '%s' parameter is required.", key);
	return 0;
}

static int wrong(json_t *v, const char *base, const char *key, const char *want, struct apierr *e)
{
	char ptr[160];

	return apierr_at(e, APIERR_BAD_REQUEST, JSONIN_PTR(ptr, base, key),
	                 "The '%s' parameter must be %s, not %s.", key, want, type_name(v));
}

int jsonin_string(json_t *obj, const char *base, const char *key, unsigned flags, const char **out,
                  struct apierr *e)
{
	json_t *v;
	int rc = lookup(obj, base, key, flags, &v, e);
	char ptr[160];

	if (rc <= 0)
		return rc;
	if (!json_is_string(v))
		return wrong(v, base, key, "a string", e);
	if ((flags & JSONIN_NONEMPTY) && json_string_length(v) == 0)
		return apierr_at(e, APIERR_BAD_REQUEST, JSONIN_PTR(ptr, base, key),
		                 "The '%s' parameter must not be empty.", key);
	*out = json_string_value(v);
	return 1;
}

int jsonin_bool(json_t *obj, const char *base, const char *key, unsigned flags, int *out,
                struct apierr *e)
{
	json_t *v;
	int rc = lookup(obj, base, key, flags, &v, e);

	if (rc <= 0)
		return rc;
	if (!json_is_boolean(v))
		return wrong(v, base, key, "a boolean", e);
	*out = json_is_true(v);
	return 1;
}

int jsonin_array(json_t *obj, const char *base, const char *key, unsigned flags, json_t **out,
                 struct apierr *e)
{
	json_t *v;
	int rc = lookup(obj, base, key, flags, &v, e);
	char ptr[160];

	if (rc <= 0)
		return rc;
	if (!json_is_array(v))
		return wrong(v, base, key, "an array", e);
	if ((flags & JSONIN_NONEMPTY) && json_array_size(v) == 0)
		return apierr_at(e, APIERR_BAD_REQUEST, JSONIN_PTR(ptr, base, key),
		                 "The '%s' parameter must not be empty.", key);
	*out = v;
	return 1;
}

int jsonin_number(json_t *obj, const char *base, const char *key, unsigned flags, double *out,
                  struct apierr *e)
{
	json_t *v;
	int rc = lookup(obj, base, key, flags, &v, e);

	if (rc <= 0)
		return rc;
	if (!json_is_number(v))
		return wrong(v, base, key, "a number", e);
	*out = json_number_value(v);
	return 1;
}

int jsonin_integer(json_t *obj, const char *base, const char *key, unsigned flags, long long *out,
                   struct apierr *e)
{
	json_t *v;
	int rc = lookup(obj, base, key, flags, &v, e);

	if (rc <= 0)
		return rc;
	if (!json_is_integer(v))
		return wrong(v, base, key, "an integer", e);
	*out = json_integer_value(v);
	return 1;
}

int jsonin_strings(json_t *array, const char *base, unsigned flags, struct apierr *e)
{
	size_t i;
	json_t *v;
	char ptr[160];

	json_array_foreach(array, i, v)
	{
		if (!json_is_string(v))
			return apierr_at(e, APIERR_BAD_REQUEST,
			                 apierr_pointer_index(ptr, sizeof ptr, base, i),
			                 "Each element must be a string, not %s.", type_name(v));
		if ((flags & JSONIN_NONEMPTY) && json_string_length(v) == 0)
			return apierr_at(e, APIERR_BAD_REQUEST,
			                 apierr_pointer_index(ptr, sizeof ptr, base, i),
			                 "Elements must not be empty strings.");
	}
	return 0;
}
