#include "profile.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ids.h"
#include "jsonin.h"
#include "message.h"
#include "phone.h"
#include "util.h"

int profile_id_ok(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > PROFILE_MAX_ID)
		return 0;
	for (const unsigned char *p = (const unsigned char *)id; *p != '\0'; p++)
		if (*p <= ' ' || *p == '/' || *p == 0x7f)
			return 0;
	return 1;
}

/* The kinds of field a profile body has (upstream: CreateMessagingProfileRequest). */
enum field_kind {
	F_BOOL,
	F_INT,
	F_STRING,    /* a string */
	F_NSTRING,   /* a string or null */
	F_NURL,      /* an http(s) URL, null or "" (none) */
	F_VERSION,   /* webhook_api_version */
	F_SPEND,     /* daily_spend_limit: a decimal amount as a string */
	F_COUNTRIES, /* whitelisted_destinations */
	F_POOL,      /* number_pool_settings */
	F_SHORTENER, /* url_shortener_settings */
	F_FEATURES,  /* features: null or an object */
};

/* Where a field goes: a column of struct profile, or the settings object. */
enum field_home { H_SETTINGS, H_NAME, H_WEBHOOK, H_FAILOVER, H_CONNECTION };

static const struct field {
	const char *name;
	enum field_kind kind;
	enum field_home home;
	int required; /* on create */
	int mock;     /* the control API's only */
	int max;      /* F_NSTRING: the most characters (bytes), 0 for PROFILE_MAX_NAME */
} fields[] = {
    {"name", F_STRING, H_NAME, 1, 0, 0},
    {"whitelisted_destinations", F_COUNTRIES, H_SETTINGS, 1, 0, 0},
    {"enabled", F_BOOL, H_SETTINGS, 0, 0, 0},
    {"webhook_url", F_NURL, H_WEBHOOK, 0, 0, 0},
    {"webhook_failover_url", F_NURL, H_FAILOVER, 0, 0, 0},
    {"webhook_api_version", F_VERSION, H_SETTINGS, 0, 0, 0},
    {"number_pool_settings", F_POOL, H_SETTINGS, 0, 0, 0},
    {"url_shortener_settings", F_SHORTENER, H_SETTINGS, 0, 0, 0},
    /* upstream: an alphanumeric sender id has at most 11 characters. */
    {"alpha_sender", F_NSTRING, H_SETTINGS, 0, 0, 11},
    {"daily_spend_limit", F_SPEND, H_SETTINGS, 0, 0, 0},
    {"daily_spend_limit_enabled", F_BOOL, H_SETTINGS, 0, 0, 0},
    {"mms_fall_back_to_sms", F_BOOL, H_SETTINGS, 0, 0, 0},
    {"mms_transcoding", F_BOOL, H_SETTINGS, 0, 0, 0},
    {"mobile_only", F_BOOL, H_SETTINGS, 0, 0, 0},
    {"smart_encoding", F_BOOL, H_SETTINGS, 0, 0, 0},
    {"redaction_enabled", F_BOOL, H_SETTINGS, 0, 0, 0},
    {"redaction_level", F_INT, H_SETTINGS, 0, 0, 0},
    {"health_webhook_url", F_NURL, H_SETTINGS, 0, 0, 0},
    /* upstream (CreateMessagingProfileRequest): maxLength 64. */
    {"ai_assistant_id", F_NSTRING, H_SETTINGS, 0, 0, 64},
    {"resource_group_id", F_NSTRING, H_SETTINGS, 0, 0, 64},
    {"features", F_FEATURES, H_SETTINGS, 0, 0, 0},
    {"v1_secret", F_STRING, H_SETTINGS, 0, 0, 0},
    {"connection_id", F_NSTRING, H_CONNECTION, 0, 1, 0},
};

static int wrong(const char *ptr, const char *what, struct apierr *e)
{
	return apierr_at(e, APIERR_BAD_REQUEST, ptr, "'%s' must be %s.", ptr + 1, what);
}

static int pool_settings(json_t *v, const char *ptr, struct apierr *e)
{
	static const char *const weights[] = {"long_code_weight", "toll_free_weight"};
	double w;
	int b;

	if (!json_is_object(v))
		return wrong(ptr, "an object or null", e);
	for (size_t i = 0; i < ARRAY_LEN(weights); i++) {
		if (jsonin_number(v, ptr, weights[i], JSONIN_REQUIRED, &w, e) < 0)
			return -1;
		if (w < 0) {
			char p[192];

			return apierr_at(e, APIERR_BAD_REQUEST, JSONIN_PTR(p, ptr, weights[i]),
			                 "A weight is 0 or more.");
		}
	}
	if (jsonin_bool(v, ptr, "skip_unhealthy", JSONIN_REQUIRED, &b, e) < 0 ||
	    jsonin_bool(v, ptr, "sticky_sender", 0, &b, e) < 0 ||
	    jsonin_bool(v, ptr, "geomatch", 0, &b, e) < 0)
		return -1;
	return 0;
}

static int shortener_settings(json_t *v, const char *ptr, struct apierr *e)
{
	const char *s;
	int b;

	if (!json_is_object(v))
		return wrong(ptr, "an object or null", e);
	if (jsonin_string(v, ptr, "domain", JSONIN_REQUIRED | JSONIN_NONEMPTY, &s, e) < 0 ||
	    jsonin_string(v, ptr, "prefix", 0, &s, e) < 0 ||
	    jsonin_bool(v, ptr, "replace_blacklist_only", 0, &b, e) < 0 ||
	    jsonin_bool(v, ptr, "send_webhooks", 0, &b, e) < 0)
		return -1;
	return 0;
}

/* MOCK: an object kept as sent (unknown keys included) is at most PROFILE_MAX_OBJECT bytes. */
static int small(json_t *v, const char *ptr, struct apierr *e)
{
	size_t n = json_dumpb(v, NULL, 0, JSON_COMPACT);

	if (n > PROFILE_MAX_OBJECT)
		return apierr_at(e, APIERR_BAD_REQUEST, ptr, "'%s' is at most %d bytes of JSON.",
		                 ptr + 1, PROFILE_MAX_OBJECT);
	return 0;
}

/* upstream: ISO 3166-1 alpha-2 codes; MOCK: also "*" for anywhere. */
static int countries(json_t *v, const char *ptr, struct apierr *e)
{
	size_t i;
	json_t *c;
	char p[192];

	if (!json_is_array(v))
		return wrong(ptr, "an array of country codes", e);
	/* MOCK: ISO 3166-1 has 249 codes; a longer list repeats them. */
	if (json_array_size(v) > PROFILE_MAX_DESTINATIONS)
		return apierr_at(e, APIERR_BAD_REQUEST, ptr, "At most %d destinations.",
		                 PROFILE_MAX_DESTINATIONS);
	json_array_foreach(v, i, c)
	{
		const char *s = json_string_value(c);

		if (s == NULL ||
		    !(strcmp(s, "*") == 0 ||
		      (strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z')))
			return apierr_at(
			    e, APIERR_BAD_REQUEST, apierr_pointer_index(p, sizeof p, ptr, i),
			    "A destination is a two-letter country code such as \"US\".");
	}
	return 0;
}

/* Checks one present field's value v at ptr.  0, or -1 with e set. */
static int check(const struct field *f, json_t *v, const char *ptr, struct apierr *e)
{
	const char *s = json_string_value(v);

	switch (f->kind) {
	case F_BOOL:
		return json_is_boolean(v) ? 0 : wrong(ptr, "a boolean", e);
	case F_INT:
		return json_is_integer(v) && json_integer_value(v) >= 0
		           ? 0
		           : wrong(ptr, "an integer", e);
	case F_STRING:
		if (s == NULL)
			return wrong(ptr, "a string", e);
		if (*s == '\0' || strlen(s) > PROFILE_MAX_NAME)
			return apierr_at(e, APIERR_BAD_REQUEST, ptr,
			                 "'%s' must have 1-%d characters.", f->name,
			                 PROFILE_MAX_NAME);
		return 0;
	case F_NSTRING:
		if (!json_is_null(v) && s == NULL)
			return wrong(ptr, "a string or null", e);
		if (s != NULL && strlen(s) > (size_t)(f->max ? f->max : PROFILE_MAX_NAME))
			return apierr_at(e, APIERR_BAD_REQUEST, ptr,
			                 "'%s' has at most %d characters.", f->name,
			                 f->max ? f->max : PROFILE_MAX_NAME);
		return 0;
	case F_NURL:
		if (json_is_null(v) || (s != NULL && *s == '\0'))
			return 0;
		if (s == NULL)
			return wrong(ptr, "a URL or null", e);
		return message_check_url(s, ptr, f->name, e);
	case F_VERSION:
		if (s != NULL &&
		    (strcmp(s, "1") == 0 || strcmp(s, "2") == 0 || strcmp(s, "2010-04-01") == 0))
			return 0;
		return wrong(ptr, "\"1\", \"2\" or \"2010-04-01\"", e);
	case F_SPEND:
		if (s != NULL && *s != '\0' && strspn(s, "0123456789.") == strlen(s) &&
		    strchr(s, '.') == strrchr(s, '.') && s[0] != '.' && s[strlen(s) - 1] != '.')
			return 0;
		return wrong(ptr, "an amount as a string, such as \"100.00\"", e);
	case F_COUNTRIES:
		return countries(v, ptr, e);
	case F_POOL:
		return json_is_null(v) ? 0 : pool_settings(v, ptr, e) ? -1 : small(v, ptr, e);
	case F_SHORTENER:
		return json_is_null(v) ? 0 : shortener_settings(v, ptr, e) ? -1 : small(v, ptr, e);
	case F_FEATURES:
		if (json_is_null(v))
			return 0;
		return json_is_object(v) ? small(v, ptr, e) : wrong(ptr, "an object or null", e);
	}
	return 0;
}

/* A column's new value: NULL for null or "". */
static char *column_value(json_t *v)
{
	const char *s = json_string_value(v);

	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

static void set_column(char **slot, json_t *v)
{
	free(*slot);
	*slot = column_value(v);
}

int profile_update(json_t *body, enum profile_mode mode, int64_t now, struct profile *p,
                   struct apierr *e)
{
	json_t *settings;
	char ptr[192];

	if (!json_is_object(body))
		return apierr_at(e, APIERR_BAD_REQUEST, "", "A profile must be a JSON object.");
	/* Every field is checked before anything changes. */
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		const struct field *f = &fields[i];
		json_t *v = json_object_get(body, f->name);

		if (f->mock && mode != PROFILE_MOCK)
			continue;
		if (v == NULL ||
		    (json_is_null(v) && f->kind != F_NSTRING && f->kind != F_NURL &&
		     f->kind != F_POOL && f->kind != F_SHORTENER && f->kind != F_FEATURES)) {
			if (mode == PROFILE_CREATE && f->required)
				return apierr_at(e, APIERR_MISSING, JSONIN_PTR(ptr, "", f->name),
				                 "The '%s' parameter is required.", f->name);
			if (v == NULL)
				continue;
		}
		if (check(f, v, JSONIN_PTR(ptr, "", f->name), e) != 0)
			return -1;
	}
	settings = json_loads(p->settings != NULL ? p->settings : "{}", 0, NULL);
	if (!json_is_object(settings)) {
		json_decref(settings);
		settings = json_object();
	}
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		const struct field *f = &fields[i];
		json_t *v = json_object_get(body, f->name);

		if (v == NULL || (f->mock && mode != PROFILE_MOCK))
			continue;
		switch (f->home) {
		case H_NAME:
			if (json_is_string(v)) {
				free(p->name);
				p->name = xstrdup(json_string_value(v));
			}
			break;
		case H_WEBHOOK:
			set_column(&p->webhook_url, v);
			break;
		case H_FAILOVER:
			set_column(&p->webhook_failover_url, v);
			break;
		case H_CONNECTION:
			set_column(&p->connection_id, v);
			break;
		case H_SETTINGS:
			if (f->kind == F_NURL && json_string_value(v) != NULL &&
			    *json_string_value(v) == '\0')
				json_object_set_new(settings, f->name, json_null());
			else
				json_object_set(settings, f->name, v);
			break;
		}
	}
	free(p->settings);
	p->settings = json_dumps(settings, JSON_COMPACT);
	json_decref(settings);
	p->updated_at = now;
	return 0;
}

/* upstream defaults of a new profile (MessagingProfile in the OpenAPI). */
static char *default_settings(void)
{
	char secret[33];
	json_t *o;
	char *s;

	snprintf(secret, sizeof secret, "%016" PRIx64 "%016" PRIx64, ids_next(), ids_next());
	o = json_pack(
	    "{s:b, s:s, s:[], s:n, s:n, s:n, s:s, s:b, s:b, s:b, s:b, s:b, s:b, s:i, "
	    "s:n, s:n, s:n, s:s}",
	    "enabled", 1, "webhook_api_version", "2", "whitelisted_destinations",
	    "number_pool_settings", "url_shortener_settings", "alpha_sender", "daily_spend_limit",
	    "0", "daily_spend_limit_enabled", 0, "mms_fall_back_to_sms", 0, "mms_transcoding", 0,
	    "mobile_only", 0, "smart_encoding", 0, "redaction_enabled", 0, "redaction_level", 0,
	    "health_webhook_url", "ai_assistant_id", "resource_group_id", "v1_secret", secret);
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

static void fresh(struct profile *p, const char *id, const char *tenant, const char *name,
                  int64_t now)
{
	memset(p, 0, sizeof *p);
	p->id = xstrdup(id);
	p->tenant = tenant != NULL ? xstrdup(tenant) : NULL;
	p->name = xstrdup(name);
	p->settings = default_settings();
	p->created_at = now;
	p->updated_at = now;
}

int profile_from_json(json_t *obj, const char *id, int64_t now, struct profile *p, struct apierr *e)
{
	fresh(p, id, NULL, id, now);
	if (profile_update(obj, PROFILE_MOCK, now, p, e) != 0) {
		profile_release(p);
		return -1;
	}
	return 0;
}

int profile_create(json_t *body, const char *tenant, int64_t now, struct profile *p,
                   struct apierr *e)
{
	char id[IDS_UUID_LEN + 1];

	ids_uuid(id);
	fresh(p, id, tenant, "", now);
	if (profile_update(body, PROFILE_CREATE, now, p, e) != 0) {
		profile_release(p);
		return -1;
	}
	return 0;
}

void profile_default_id(const char *tenant, char out[IDS_UUID_LEN + 1])
{
	char *name = xasprintf("messaging_profile:%s", tenant != NULL ? tenant : "");

	ids_uuid_from_name(name, out);
	free(name);
}

void profile_default(const char *tenant, int64_t now, struct profile *p)
{
	char id[IDS_UUID_LEN + 1];
	json_t *s;

	profile_default_id(tenant, id);
	fresh(p, id, tenant, "Default", now);
	/* MOCK: the default profile sends anywhere. */
	s = json_loads(p->settings, 0, NULL);
	json_object_set_new(s, "whitelisted_destinations", json_pack("[s]", "*"));
	free(p->settings);
	p->settings = json_dumps(s, JSON_COMPACT);
	json_decref(s);
}

void profile_release(struct profile *p)
{
	model_profile_free(p);
}

void profile_number_id(const char *tenant, const char *phone_number, char out[NUMBER_ID_LEN + 1])
{
	char *key = xasprintf("%s\n%s", tenant != NULL ? tenant : "", phone_number);
	/* 18 or 19 digits, never a leading zero, like Telnyx's ids. */
	uint64_t v = ids_hash(key) % 9000000000000000000ULL + 1000000000000000000ULL;

	snprintf(out, NUMBER_ID_LEN + 1, "%" PRIu64, v);
	free(key);
}

/* NANP toll-free area codes (upstream: 800, 833, 844, 855, 866, 877, 888). */
static int toll_free(const char *n)
{
	static const char *const codes[] = {"800", "833", "844", "855", "866", "877", "888"};

	if (strncmp(n, "+1", 2) != 0 || strlen(n) != 12)
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(codes); i++)
		if (strncmp(n + 2, codes[i], 3) == 0)
			return 1;
	return 0;
}

const char *profile_number_type(const char *phone_number)
{
	if (phone_classify(phone_number) == PHONE_SHORT_CODE)
		return "shortcode";
	return toll_free(phone_number) ? "tollfree" : "longcode";
}

/* The profile's number_pool_settings object (a new reference), or NULL. */
static json_t *pool_of(const struct profile *p)
{
	json_t *s = json_loads(p->settings != NULL ? p->settings : "{}", 0, NULL);
	json_t *pool = json_object_get(s, "number_pool_settings");

	if (json_is_object(pool))
		json_incref(pool);
	else
		pool = NULL;
	json_decref(s);
	return pool;
}

int profile_pool_enabled(const struct profile *p)
{
	json_t *pool = pool_of(p);

	json_decref(pool);
	return pool != NULL;
}

int profile_pool_pick(const struct profile *p, char *const *pool, size_t n, const char *sticky,
                      const char *last)
{
	json_t *settings = pool_of(p);
	int sticky_on = json_is_true(json_object_get(settings, "sticky_sender"));
	double tf = json_number_value(json_object_get(settings, "toll_free_weight"));
	double lc = json_number_value(json_object_get(settings, "long_code_weight"));
	size_t start = 0;
	int pick = -1;

	json_decref(settings);
	if (settings == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int free_kind = toll_free(pool[i]);

		if ((free_kind && tf <= 0) || (!free_kind && lc <= 0))
			continue;
		if (sticky_on && sticky != NULL && strcmp(pool[i], sticky) == 0)
			return (int)i;
		if (last != NULL && strcmp(pool[i], last) == 0)
			start = i + 1;
	}
	/* Round the pool: the first usable number after the last sender, wrapping. */
	for (size_t k = 0; k < n && pick < 0; k++) {
		size_t i = (start + k) % n;
		int free_kind = toll_free(pool[i]);

		if (!((free_kind && tf <= 0) || (!free_kind && lc <= 0)))
			pick = (int)i;
	}
	return pick;
}
