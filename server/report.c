#include "report.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "config.h"
#include "jsonin.h"
#include "message.h"
#include "timefmt.h"
#include "tz.h"

static const char *const filter_types[] = {"and", "or", NULL};
/* In the order of enum text_match from TEXT_CONTAINS on (records.h). */
static const char *const match_names[] = {"contains", "starts_with", "ends_with"};

static int index_of(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

/*
 * A time field: RFC 3339; without an offset it is a wall-clock time in
 * zone z (docs/behaviour.md §4.1).  1 when present (*ms set), 0 when absent, -1 on error.
 */
static int time_field(json_t *body, const char *key, const struct tz *z, int required, int64_t *ms,
                      struct apierr *e)
{
	const char *s;
	struct timefmt_parts p;
	char ptr[32];
	int rc = jsonin_string(body, "", key, required ? JSONIN_REQUIRED : 0, &s, e);

	if (rc <= 0)
		return rc;
	JSONIN_PTR(ptr, "", key);
	if (timefmt_parse(s, &p) != 0)
		return apierr_at(
		    e, APIERR_BAD_REQUEST, ptr,
		    "'%s' must be an ISO 8601 date-time like 2024-11-12T00:00:00+00:00.", key);
	*ms = timefmt_parts_ms(&p);
	if (!p.has_offset) {
		int64_t secs = *ms / 1000, frac = *ms % 1000;

		if (frac < 0) {
			secs--;
			frac += 1000;
		}
		*ms = tz_local_to_utc(z, secs) * 1000 + frac;
	}
	return 1;
}

/* An optional array of integers in [lo, hi]; copies it into spec[key]. */
static int int_array(json_t *body, const char *key, const char *spec_key, long long lo,
                     long long hi, json_t *spec, struct apierr *e)
{
	json_t *arr = NULL, *v, *out;
	size_t i;
	char base[32], ptr[48];
	int rc = jsonin_array(body, "", key, 0, &arr, e);

	if (rc < 0)
		return -1;
	out = json_object_get(spec, spec_key);
	if (rc == 0)
		return 0;
	JSONIN_PTR(base, "", key);
	json_array_foreach(arr, i, v)
	{
		apierr_pointer_index(ptr, sizeof ptr, base, i);
		if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
			return apierr_at(
			    e, APIERR_BAD_REQUEST, ptr,
			    "Each element of '%s' must be an integer from %lld to %lld.", key, lo,
			    hi);
		json_array_append(out, v);
	}
	return 0;
}

/* An optional array of strings (or, with ints_ok, of integers); copied into spec[key]. */
static int id_array(json_t *body, const char *key, int want_ints, json_t *spec, struct apierr *e)
{
	json_t *arr = NULL, *v;
	size_t i;
	char base[32], ptr[48];
	int rc = jsonin_array(body, "", key, 0, &arr, e);

	if (rc <= 0)
		return rc;
	JSONIN_PTR(base, "", key);
	json_array_foreach(arr, i, v)
	{
		int ok =
		    want_ints ? json_is_integer(v) : json_is_string(v) && json_string_length(v) > 0;

		if (!ok)
			return apierr_at(
			    e, APIERR_BAD_REQUEST, apierr_pointer_index(ptr, sizeof ptr, base, i),
			    want_ints ? "Each element of '%s' must be an integer."
			              : "Each element of '%s' must be a non-empty string.",
			    key);
	}
	json_object_set(spec, key, arr);
	return 0;
}

/* v1 `directions`: strings inbound / outbound. */
static int direction_names(json_t *body, json_t *spec, struct apierr *e)
{
	json_t *arr = NULL, *v, *out = json_object_get(spec, "directions");
	size_t i;
	char ptr[48];
	int rc = jsonin_array(body, "", "directions", 0, &arr, e);

	if (rc <= 0)
		return rc;
	json_array_foreach(arr, i, v)
	{
		const char *s = json_string_value(v);

		if (s == NULL || (strcasecmp(s, "inbound") != 0 && strcasecmp(s, "outbound") != 0))
			return apierr_at(e, APIERR_BAD_REQUEST,
			                 apierr_pointer_index(ptr, sizeof ptr, "/directions", i),
			                 "Each direction must be inbound or outbound.");
		json_array_append_new(
		    out, json_string(strcasecmp(s, "inbound") == 0 ? "inbound" : "outbound"));
	}
	return 0;
}

/* One filter object (docs/behaviour.md §4.1), appended to out in canonical form. */
static int filter_one(json_t *f, size_t i, int after_or, json_t *out, struct apierr *e)
{
	static const char *const fields[] = {"cli", "cld", "tags_list"};
	char base[32], ptr[64];
	const char *type = NULL, *value = NULL, *match = NULL, *field = NULL;
	json_t *canon, *tags = NULL;
	int type_idx;

	apierr_pointer_index(base, sizeof base, "/filters", i);
	if (!json_is_object(f))
		return apierr_at(e, APIERR_BAD_REQUEST, base, "Each filter must be an object.");
	if (jsonin_string(f, base, "filter_type", JSONIN_REQUIRED, &type, e) < 0)
		return -1;
	JSONIN_PTR(ptr, base, "filter_type");
	type_idx = index_of(filter_types, 2, type);
	if (type_idx < 0)
		return apierr_at(e, APIERR_BAD_REQUEST, ptr, "'filter_type' must be and or or.");
	if (i == 0 && type_idx != 0)
		return apierr_at(e, APIERR_BAD_REQUEST, ptr,
		                 "The first filter must have filter_type 'and'.");
	if (after_or && type_idx == 0)
		return apierr_at(e, APIERR_BAD_REQUEST, ptr,
		                 "An 'and' filter cannot follow an 'or' filter.");
	for (size_t k = 0; k < ARRAY_LEN(fields); k++) {
		json_t *v = json_object_get(f, fields[k]);

		if (v == NULL || json_is_null(v))
			continue;
		if (field != NULL)
			return apierr_at(e, APIERR_BAD_REQUEST, base,
			                 "A filter takes exactly one of cli, cld and tags_list.");
		field = fields[k];
	}
	if (field == NULL)
		return apierr_at(e, APIERR_MISSING, base,
		                 "A filter needs one of cli, cld or tags_list.");
	/* The *_filter of the other field makes no sense here. */
	for (size_t k = 0; k < 2; k++) {
		char other[16];
		json_t *v;

		snprintf(other, sizeof other, "%s_filter", fields[k]);
		v = json_object_get(f, other);
		if (v != NULL && !json_is_null(v) && strcmp(fields[k], field) != 0)
			return apierr_at(e, APIERR_BAD_REQUEST, JSONIN_PTR(ptr, base, other),
			                 "'%s' belongs with '%s', which this filter does not have.",
			                 other, fields[k]);
	}
	if (strcmp(field, "tags_list") == 0) {
		/* The array of docs/behaviour.md §4.1; the npm SDK types it as one string, accepted
		 * too. */
		tags = json_object_get(f, "tags_list");
		JSONIN_PTR(ptr, base, "tags_list");
		if (json_is_string(tags)) {
			if (json_string_length(tags) == 0)
				return apierr_at(e, APIERR_BAD_REQUEST, ptr,
				                 "'tags_list' must not be empty.");
		} else if (!json_is_array(tags) || json_array_size(tags) == 0) {
			return apierr_at(e, APIERR_BAD_REQUEST, ptr,
			                 "'tags_list' must be a non-empty array of strings.");
		} else if (jsonin_strings(tags, ptr, JSONIN_NONEMPTY, e) != 0) {
			return -1;
		}
		canon = json_pack("{sssO}", "filter_type", type, "tags_list", tags);
	} else {
		char key[16];

		if (jsonin_string(f, base, field, JSONIN_NONEMPTY, &value, e) < 0)
			return -1;
		snprintf(key, sizeof key, "%s_filter", field);
		if (jsonin_string(f, base, key, JSONIN_REQUIRED, &match, e) < 0)
			return -1;
		if (index_of(match_names, ARRAY_LEN(match_names), match) < 0)
			return apierr_at(e, APIERR_BAD_REQUEST, JSONIN_PTR(ptr, base, key),
			                 "'%s' must be contains, starts_with or ends_with.", key);
		canon = json_pack("{ssssss}", "filter_type", type, field, value, key, match);
	}
	/* upstream: a filter may name a billing group; kept and echoed, it selects nothing here. */
	{
		const char *group = NULL;

		if (jsonin_string(f, base, "billing_group", 0, &group, e) < 0) {
			json_decref(canon);
			return -1;
		}
		if (group != NULL)
			json_object_set_new(canon, "billing_group", json_string(group));
	}
	json_array_append_new(out, canon);
	return 0;
}

static int filters_field(json_t *body, json_t *spec, struct apierr *e)
{
	json_t *arr = NULL, *f, *out = json_object_get(spec, "filters");
	size_t i;
	int after_or = 0;
	int rc = jsonin_array(body, "", "filters", 0, &arr, e);

	if (rc <= 0)
		return rc;
	if (json_array_size(arr) > REPORT_MAX_FILTERS)
		return apierr_at(e, APIERR_BAD_REQUEST, "/filters",
		                 "At most %d filters are allowed.", REPORT_MAX_FILTERS);
	json_array_foreach(arr, i, f)
	{
		if (filter_one(f, i, after_or, out, e) != 0)
			return -1;
		if (strcmp(json_string_value(json_object_get(f, "filter_type")), "or") == 0)
			after_or = 1;
	}
	return 0;
}

/* Sets the parsed selectors of r from r->spec.  0, or -1 when the spec is malformed. */
static int parse_spec(struct report *r)
{
	json_t *v, *f;
	size_t i;

	if (!json_is_object(r->spec))
		return -1;
	json_array_foreach(json_object_get(r->spec, "call_types"), i, v)
	{
		r->directions |=
		    json_integer_value(v) == 1 ? 1u << DIR_INBOUND : 1u << DIR_OUTBOUND;
	}
	json_array_foreach(json_object_get(r->spec, "directions"), i, v)
	{
		r->directions |= strcmp(json_string_value(v), "inbound") == 0 ? 1u << DIR_INBOUND
		                                                              : 1u << DIR_OUTBOUND;
	}
	json_array_foreach(json_object_get(r->spec, "record_types"), i, v)
	{
		r->records |= 1u << json_integer_value(v);
	}
	r->profiles = json_object_get(r->spec, "profiles");
	r->connections = json_object_get(r->spec, "connections");
	v = json_object_get(r->spec, "filters");
	if (!json_is_array(r->profiles) || !json_is_array(r->connections) || !json_is_array(v))
		return -1;
	r->nfilters = json_array_size(v);
	r->filters = xcalloc(r->nfilters + 1, sizeof *r->filters);
	json_array_foreach(v, i, f)
	{
		struct report_filter *rf = &r->filters[i];
		const char *match;

		rf->is_or = strcmp(json_string_value(json_object_get(f, "filter_type")), "or") == 0;
		if ((rf->tags = json_object_get(f, "tags_list")) != NULL) {
			rf->field = FILTER_TAGS;
			continue;
		}
		rf->field = json_object_get(f, "cli") != NULL ? FILTER_CLI : FILTER_CLD;
		rf->value =
		    json_string_value(json_object_get(f, rf->field == FILTER_CLI ? "cli" : "cld"));
		match = json_string_value(
		    json_object_get(f, rf->field == FILTER_CLI ? "cli_filter" : "cld_filter"));
		if (rf->value == NULL || match == NULL)
			return -1;
		rf->match = (enum text_match)(TEXT_CONTAINS +
		                              index_of(match_names, ARRAY_LEN(match_names), match));
	}
	return 0;
}

/* A field that is not there, or null. */
static int absent(json_t *body, const char *key)
{
	json_t *v = json_object_get(body, key);

	return v == NULL || json_is_null(v);
}

int report_from_json(json_t *body, enum report_origin origin, int64_t now, struct report *r,
                     struct apierr *e)
{
	const char *zone_name = "UTC", *name = NULL;
	const struct tz *z;
	int64_t start = 0, end = now;
	int rc, flag = 0;
	json_t *spec = json_pack("{s[]s[]s[]s[]s[]s[]}", "call_types", "directions", "record_types",
	                         "connections", "profiles", "filters");

	memset(r, 0, sizeof *r);
	r->spec = spec;
	if (!json_is_object(body)) {
		apierr_at(e, APIERR_BAD_REQUEST, "", "The body must be a JSON object.");
		goto fail;
	}
	if (jsonin_string(body, "", "timezone", JSONIN_NONEMPTY, &zone_name, e) < 0)
		goto fail;
	if ((z = tz_get(zone_name)) == NULL) {
		apierr_at(e, APIERR_BAD_REQUEST, "/timezone",
		          "'%.64s' is not an IANA time zone name (like UTC or America/New_York).",
		          zone_name);
		goto fail;
	}
	if (time_field(body, "start_time", z, 1, &start, e) < 0)
		goto fail;
	if ((rc = time_field(body, "end_time", z, origin == REPORT_V2, &end, e)) < 0)
		goto fail;
	if (end <= start) {
		apierr_at(e, APIERR_BAD_REQUEST, rc == 1 ? "/end_time" : "/start_time",
		          rc == 1
		              ? "'end_time' must be after 'start_time'."
		              : "'start_time' must be before 'end_time', which defaults to now.");
		goto fail;
	}
	if (origin == REPORT_V1) {
		if (int_array(body, "call_types", "call_types", 1, 2, spec, e) != 0 ||
		    direction_names(body, spec, e) != 0)
			goto fail;
	} else if (int_array(body, "directions", "call_types", 1, 2, spec, e) != 0) {
		goto fail;
	}
	if (int_array(body, "record_types", "record_types", 1, 3, spec, e) != 0 ||
	    id_array(body, "connections", origin == REPORT_V2, spec, e) != 0 ||
	    id_array(body, "profiles", 0, spec, e) != 0 || filters_field(body, spec, e) != 0)
		goto fail;
	/*
	 * upstream (the MDR request page): call_types and record_types default to [1],
	 * inbound and complete.  MOCK: `directions` given alone replaces the call_types default.
	 */
	if (origin == REPORT_V1) {
		if (absent(body, "call_types") && absent(body, "directions"))
			json_array_append_new(json_object_get(spec, "call_types"), json_integer(1));
		if (absent(body, "record_types"))
			json_array_append_new(json_object_get(spec, "record_types"),
			                      json_integer(1));
	}
	if (jsonin_string(body, "", "report_name", 0, &name, e) < 0)
		goto fail;
	if (name != NULL && strlen(name) > REPORT_MAX_NAME) {
		apierr_at(e, APIERR_BAD_REQUEST, "/report_name",
		          "'report_name' is longer than %d bytes.", REPORT_MAX_NAME);
		goto fail;
	}
	if (jsonin_bool(body, "", "include_message_body", 0, &flag, e) < 0)
		goto fail;

	r->row.origin = origin;
	r->row.created_at = now;
	r->row.start_ms = start;
	r->row.end_ms = end;
	r->row.name = name != NULL && *name != '\0' ? xstrdup(name) : NULL;
	r->row.timezone = xstrdup(zone_name);
	r->row.include_body = flag;
	r->row.spec = json_dumps(spec, JSON_COMPACT);
	if (parse_spec(r) != 0) {
		apierr_at(e, APIERR_INTERNAL, NULL, "The report request could not be stored.");
		goto fail;
	}
	return 0;
fail:
	report_release(r);
	return -1;
}

int report_load(struct report_row *row, struct report *r)
{
	memset(r, 0, sizeof *r);
	r->row = *row;
	memset(row, 0, sizeof *row);
	r->spec = json_loads(r->row.spec ? r->row.spec : "", 0, NULL);
	if (parse_spec(r) != 0) {
		report_release(r);
		return -1;
	}
	return 0;
}

void report_row_release(struct report_row *row)
{
	free(row->tenant);
	free(row->name);
	free(row->timezone);
	free(row->spec);
	memset(row, 0, sizeof *row);
}

void report_release(struct report *r)
{
	report_row_release(&r->row);
	json_decref(r->spec);
	free(r->filters);
	memset(r, 0, sizeof *r);
}

void report_state(const struct report_row *row, int64_t now, struct report_state *st)
{
	int64_t done = row->created_at + config.report_delay;
	int64_t expiry = row->created_at + config.report_retention;

	/* MOCK: one due past the clock's end completes at the end, never pending forever. */
	if (done > CLOCK_MAX_MS) {
		done = CLOCK_MAX_MS;
		expiry = INT64_MAX;
	}

	memset(st, 0, sizeof *st);
	st->completed_at = -1;
	if (now < done) {
		st->status = REPORT_PENDING;
		st->updated_at = row->created_at;
	} else if (row->failed) {
		/* MOCK: a failed report has no file, so there is nothing to expire. */
		st->status = REPORT_FAILED;
		st->updated_at = done;
	} else if (now < expiry) {
		st->status = REPORT_COMPLETE;
		st->completed_at = done;
		st->updated_at = done;
		st->downloadable = 1;
	} else {
		st->status = REPORT_EXPIRED;
		st->completed_at = done;
		st->updated_at = expiry;
	}
}

const char *report_status_name(enum report_status s)
{
	switch (s) {
	case REPORT_PENDING:
		return "PENDING";
	case REPORT_COMPLETE:
		return "COMPLETE";
	case REPORT_FAILED:
		return "FAILED";
	case REPORT_EXPIRED:
		return "EXPIRED";
	}
	return "PENDING";
}

enum record_class report_class(const struct lifecycle_state *st)
{
	if (!st->final)
		return RECORD_INCOMPLETE;
	return st->failed ? RECORD_ERRORS : RECORD_COMPLETE;
}

int report_filters_match(const struct report *r, const struct message *m)
{
	int acc = 1;

	/* docs/behaviour.md §4.1: left to right, acc = acc AND f / acc = acc OR f. */
	for (size_t i = 0; i < r->nfilters; i++) {
		const struct report_filter *f = &r->filters[i];
		int hit;

		if (f->is_or ? acc : !acc)
			continue; /* the outcome cannot change */
		/* The same matching as the record readings (docs/behaviour.md §4.5). */
		if (f->field == FILTER_TAGS)
			hit = records_has_tags(m->tags, f->tags);
		else
			hit = records_text_match(f->match, f->field == FILTER_CLI ? m->from : m->to,
			                         f->value);
		acc = f->is_or ? (acc || hit) : (acc && hit);
	}
	return acc;
}

static int in_list(json_t *list, const char *s)
{
	json_t *v;
	size_t i;
	char num[32];

	if (s == NULL)
		return 0;
	json_array_foreach(list, i, v)
	{
		const char *x = json_string_value(v);

		if (json_is_integer(v)) {
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
			x = num;
		}
		if (x != NULL && strcmp(x, s) == 0)
			return 1;
	}
	return 0;
}

int report_selects(const struct report *r, const struct message *m, int64_t completed_at,
                   struct lifecycle_state *st)
{
	if (r->directions != 0 && !(r->directions & (1u << m->direction)))
		return 0;
	if (json_array_size(r->profiles) > 0 && !in_list(r->profiles, m->profile_id))
		return 0;
	/* A message's connection is its messaging profile's (the scan joins it in). */
	if (json_array_size(r->connections) > 0 && !in_list(r->connections, m->connection_id))
		return 0;
	message_state(m, completed_at, st);
	if (r->records != 0 && !(r->records & (1u << report_class(st))))
		return 0;
	return report_filters_match(r, m);
}

void report_join_tags_text(const char *tags_text, struct buf *out)
{
	json_t *a;

	if (tags_text == NULL || strcmp(tags_text, "[]") == 0)
		return;
	a = json_loads(tags_text, 0, NULL);
	report_join_tags(a, out);
	json_decref(a);
}

void report_join_tags(const json_t *tags, struct buf *out)
{
	json_t *v;
	size_t i;

	json_array_foreach(tags, i, v)
	{
		if (i > 0)
			buf_addc(out, ',');
		buf_adds(out, json_string_value(v) ? json_string_value(v) : "");
	}
}
