#include "usage.h"

#include <stdlib.h>
#include <string.h>

#include "jsonin.h"
#include "message.h"
#include "timefmt.h"
#include "util.h"

static const char *const aggregation_names[] = {"NO_AGGREGATION", "PROFILE", "TAGS"};

const char *usage_aggregation_name(int aggregation)
{
	return aggregation >= 0 && aggregation < (int)ARRAY_LEN(aggregation_names)
	           ? aggregation_names[aggregation]
	           : aggregation_names[0];
}

static int aggregation_of(const char *s)
{
	for (size_t i = 0; s != NULL && i < ARRAY_LEN(aggregation_names); i++)
		if (strcmp(s, aggregation_names[i]) == 0)
			return (int)i;
	return -1;
}

/* A time field of the body: 1 when set, 0 when absent, -1 with e set. */
static int time_of(json_t *body, const char *key, int required, int64_t *ms, struct apierr *e)
{
	const char *s = NULL;
	char ptr[64];
	int rc = jsonin_string(body, "", key, required ? JSONIN_REQUIRED : 0, &s, e);

	if (rc <= 0)
		return rc;
	if (timefmt_parse_ms(s, ms) != 0)
		return apierr_at(e, APIERR_BAD_REQUEST, JSONIN_PTR(ptr, "", key),
		                 "'%s' must be an ISO 8601 time with an offset.", key);
	return 1;
}

/* Comma-separated profile ids into a JSON array text. */
static char *profile_list(const char *csv)
{
	json_t *a = json_array();
	char *copy = xstrdup(csv != NULL ? csv : ""), *save = NULL, *out;

	for (char *t = strtok_r(copy, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
		while (*t == ' ')
			t++;
		if (*t != '\0')
			json_array_append_new(a, json_string(t));
	}
	out = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	free(copy);
	return out;
}

static int window(struct usage_row *u, const char *end_key, struct apierr *e)
{
	char ptr[64];

	if (u->end_ms <= u->start_ms)
		return apierr_at(e, APIERR_BAD_REQUEST, JSONIN_PTR(ptr, "", end_key),
		                 "'%s' must be after the start.", end_key);
	return 0;
}

int usage_from_body(json_t *body, enum usage_origin origin, int64_t now, struct usage_row *u,
                    struct apierr *e)
{
	memset(u, 0, sizeof *u);
	u->origin = origin;
	if (!json_is_object(body))
		return apierr_at(e, APIERR_BAD_REQUEST, "", "The body must be a JSON object.");
	if (origin == USAGE_V2) {
		const char *agg = NULL, *profiles = NULL;

		if (jsonin_string(body, "", "aggregation_type", JSONIN_REQUIRED, &agg, e) < 0 ||
		    time_of(body, "start_date", 1, &u->start_ms, e) < 0 ||
		    time_of(body, "end_date", 1, &u->end_ms, e) < 0 ||
		    jsonin_string(body, "", "profiles", 0, &profiles, e) < 0)
			return -1;
		if ((u->aggregation = aggregation_of(agg)) < 0)
			return apierr_at(
			    e, APIERR_BAD_REQUEST, "/aggregation_type",
			    "'aggregation_type' must be NO_AGGREGATION, PROFILE or TAGS.");
		if (window(u, "end_date", e) != 0)
			return -1;
		u->profiles = profile_list(profiles);
		return 0;
	} else {
		long long agg = 0;
		json_t *profiles = NULL, *managed = NULL;

		if (jsonin_integer(body, "", "aggregation_type", JSONIN_REQUIRED, &agg, e) < 0)
			return -1;
		if (agg < USAGE_NONE || agg > USAGE_TAGS)
			return apierr_at(
			    e, APIERR_BAD_REQUEST, "/aggregation_type",
			    "'aggregation_type' is 0 (none), 1 (by profile) or 2 (by tags).");
		u->aggregation = (int)agg;
		u->end_ms = now;
		if (time_of(body, "end_time", 0, &u->end_ms, e) < 0 ||
		    time_of(body, "start_time", 0, &u->start_ms, e) < 0)
			return -1;
		if (json_object_get(body, "start_time") == NULL)
			u->start_ms = u->end_ms - USAGE_SYNC_DEFAULT_MS;
		if (jsonin_array(body, "", "profiles", 0, &profiles, e) < 0 ||
		    (profiles != NULL &&
		     jsonin_strings(profiles, "/profiles", JSONIN_NONEMPTY, e) != 0) ||
		    jsonin_array(body, "", "managed_accounts", 0, &managed, e) < 0 ||
		    (managed != NULL && jsonin_strings(managed, "/managed_accounts", 0, e) != 0))
			return -1;
		/* MOCK: there are no managed accounts here; an empty list is fine, a name is not.
		 */
		if (json_array_size(managed) > 0)
			return apierr_at(e, APIERR_BAD_REQUEST, "/managed_accounts/0",
			                 "This account manages no other accounts.");
		if (window(u, "end_time", e) != 0)
			return -1;
		u->profiles = profiles != NULL ? json_dumps(profiles, JSON_COMPACT) : xstrdup("[]");
		return 0;
	}
}

int usage_from_query(const struct query *q, int64_t now, struct usage_row *u, struct apierr *e)
{
	const char *agg = NULL, *profiles = NULL;
	int has_start = 0;

	memset(u, 0, sizeof *u);
	u->origin = USAGE_V2;
	u->end_ms = now;
	for (size_t i = 0; i < q->n; i++) {
		const char *k = q->p[i].key, *v = q->p[i].value;

		if (strcmp(k, "aggregation_type") == 0) {
			agg = v;
		} else if (strcmp(k, "start_date") == 0 || strcmp(k, "end_date") == 0) {
			if (timefmt_parse_ms(v, k[0] == 's' ? &u->start_ms : &u->end_ms) != 0)
				return apierr_param(e, APIERR_BAD_REQUEST, k,
				                    "'%s' must be an ISO 8601 time with an offset.",
				                    k);
			has_start |= k[0] == 's';
		} else if (strcmp(k, "profiles") == 0 || strcmp(k, "profiles[]") == 0) {
			profiles = v;
		} else {
			return apierr_param(e, APIERR_BAD_REQUEST, k,
			                    "'%s' is not a parameter of the usage report.", k);
		}
	}
	if (agg == NULL)
		return apierr_param(
		    e, APIERR_MISSING, "aggregation_type",
		    "aggregation_type is required (NO_AGGREGATION, PROFILE or TAGS).");
	if ((u->aggregation = aggregation_of(agg)) < 0)
		return apierr_param(e, APIERR_BAD_REQUEST, "aggregation_type",
		                    "'aggregation_type' must be NO_AGGREGATION, PROFILE or TAGS.");
	if (!has_start)
		u->start_ms = u->end_ms - USAGE_SYNC_DEFAULT_MS;
	if (u->end_ms <= u->start_ms)
		return apierr_param(e, APIERR_BAD_REQUEST, "end_date",
		                    "'end_date' must be after the start.");
	u->profiles = profile_list(profiles);
	return 0;
}

void usage_state(const struct usage_row *u, int64_t now, struct report_state *st)
{
	struct report_row row;

	memset(&row, 0, sizeof row);
	row.created_at = u->created_at;
	row.failed = u->failed;
	report_state(&row, now, st);
}

void usage_sums_init(struct usage_sums *s, int aggregation)
{
	memset(s, 0, sizeof *s);
	s->aggregation = aggregation;
}

void usage_sums_release(struct usage_sums *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->g[i].key);
	free(s->g);
	memset(s, 0, sizeof *s);
}

int usage_selects(const json_t *profiles, const struct message *m)
{
	json_t *v;
	size_t i;
	int hit = json_array_size(profiles) == 0;

	json_array_foreach(profiles, i, v)
	{
		if (m->profile_id != NULL && json_is_string(v) &&
		    strcmp(json_string_value(v), m->profile_id) == 0)
			hit = 1;
	}
	return hit;
}

/* The group of (direction, type, key), made when new; past the bound, the "(other)" one. */
static struct usage_group *group(struct usage_sums *s, const struct message *m, const char *key)
{
	for (size_t i = 0; i < s->n; i++) {
		struct usage_group *g = &s->g[i];

		if (g->direction == m->direction && g->mms == m->mms && strcmp(g->key, key) == 0)
			return g;
	}
	if (s->n >= USAGE_MAX_GROUPS && strcmp(key, "(other)") != 0)
		return group(s, m, "(other)");
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->g = xrealloc(s->g, s->cap * sizeof *s->g);
	}
	memset(&s->g[s->n], 0, sizeof s->g[s->n]);
	s->g[s->n].direction = m->direction;
	s->g[s->n].mms = m->mms;
	s->g[s->n].key = xstrdup(key);
	return &s->g[s->n++];
}

static void count(struct usage_group *g, const struct message *m, const struct lifecycle_state *st,
                  enum mdr_status status)
{
	if (m->direction == DIR_INBOUND)
		g->received++;
	else if (st->sent_at >= 0)
		g->sent++;
	if (status == MDR_DELIVERED)
		g->delivered++;
	g->parts += m->parts;
	g->cost_e4 += message_cost_e4(m);
}

void usage_add(struct usage_sums *s, const struct message *m, const struct lifecycle_state *st,
               enum mdr_status status)
{
	s->records++;
	if (s->aggregation == USAGE_PROFILE) {
		count(group(s, m, m->profile_id != NULL ? m->profile_id : ""), m, st, status);
	} else if (s->aggregation == USAGE_TAGS) {
		json_t *tags = json_loads(m->tags != NULL ? m->tags : "[]", 0, NULL), *v;
		size_t i;

		/* A record counts once in each of its tags' groups; untagged ones under "". */
		if (json_array_size(tags) == 0)
			count(group(s, m, ""), m, st, status);
		json_array_foreach(tags, i, v)
		{
			if (json_is_string(v))
				count(group(s, m, json_string_value(v)), m, st, status);
		}
		json_decref(tags);
	} else {
		count(group(s, m, ""), m, st, status);
	}
}
