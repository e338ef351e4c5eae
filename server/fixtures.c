#include "fixtures.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "apierr.h"
#include "embedded.h"
#include "jsonin.h"
#include "message.h"
#include "profile.h"
#include "store.h"
#include "ticket.h"
#include "util.h"

/* Fixture files are read in pieces of this size. */
#define READ_CHUNK 8192

static struct message *set;
static size_t set_len, set_cap;
static json_t *set_ids; /* the ids in set, as keys: a duplicate is found at once */
static struct profile *profiles;
static size_t profiles_len;

void fixtures_release(void)
{
	for (size_t i = 0; i < set_len; i++)
		message_release(&set[i]);
	free(set);
	set = NULL;
	set_len = set_cap = 0;
	json_decref(set_ids);
	set_ids = NULL;
	for (size_t i = 0; i < profiles_len; i++)
		profile_release(&profiles[i]);
	free(profiles);
	profiles = NULL;
	profiles_len = 0;
}

/* The "messaging_profiles" array of a fixture document. */
static int parse_profiles(json_t *root, const char *name, int64_t now, char *err, size_t errlen)
{
	json_t *arr = NULL, *v;
	struct apierr e;
	size_t i;

	apierr_init(&e);
	if (jsonin_array(root, "", "messaging_profiles", 0, &arr, &e) < 0) {
		snprintf(err, errlen, "%s: %s: %s", name, e.pointer, e.detail);
		return -1;
	}
	json_array_foreach(arr, i, v)
	{
		struct profile p;
		const char *id = NULL;
		char base[64];

		snprintf(base, sizeof base, "/messaging_profiles/%zu", i);
		if (!json_is_object(v) ||
		    jsonin_string(v, base, "id", JSONIN_REQUIRED, &id, &e) < 0 ||
		    (!profile_id_ok(id) && apierr_at(&e, APIERR_BAD_REQUEST, "/id",
		                                     "a profile id is 1-128 characters "
		                                     "without spaces or slashes") < 0) ||
		    profile_from_json(v, id, now, &p, &e) != 0) {
			if (!json_is_object(v))
				snprintf(err, errlen, "%s: %s: a profile must be an object", name,
				         base);
			else
				snprintf(err, errlen, "%s: %s%s: %s", name,
				         strncmp(e.pointer, base, strlen(base)) == 0 ? "" : base,
				         e.pointer, e.detail);
			return -1;
		}
		p.fixture = 1;
		profiles = xrealloc(profiles, (profiles_len + 1) * sizeof *profiles);
		profiles[profiles_len++] = p;
	}
	return 0;
}

/* 1 when id is in set already; else it is noted. */
static int duplicate(const char *id)
{
	if (set_ids == NULL)
		set_ids = json_object();
	if (json_object_get(set_ids, id) != NULL)
		return 1;
	json_object_set_new(set_ids, id, json_true());
	return 0;
}

int fixtures_parse(const char *text, size_t len, const char *name, int64_t now, char *err,
                   size_t errlen)
{
	struct apierr e;
	json_t *root, *msgs = NULL, *v;
	const char *key;
	size_t i;
	int rc = -1;

	apierr_init(&e);
	root = jsonin_parse(text, len, &e);
	if (root == NULL) {
		snprintf(err, errlen, "%s: %s", name, e.detail);
		return -1;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "%s: the document must be a JSON object", name);
		goto done;
	}
	json_object_foreach(root, key, v)
	{
		if (strcmp(key, "messages") != 0 && strcmp(key, "messaging_profiles") != 0) {
			snprintf(err, errlen,
			         "%s: unknown key '%s' (expected messages, messaging_profiles)",
			         name, key);
			goto done;
		}
	}
	if (parse_profiles(root, name, now, err, errlen) != 0)
		goto done;
	if (jsonin_array(root, "", "messages", 0, &msgs, &e) < 0) {
		snprintf(err, errlen, "%s: %s: %s", name, e.pointer, e.detail);
		goto done;
	}
	json_array_foreach(msgs, i, v)
	{
		struct message m;
		char base[64];

		snprintf(base, sizeof base, "/messages/%zu", i);
		if (!json_is_object(v)) {
			snprintf(err, errlen, "%s: %s: a message must be an object", name, base);
			goto done;
		}
		if (message_from_json(v, MESSAGE_FIXTURE, now, &m, &e) != 0) {
			snprintf(err, errlen, "%s: %s%s: %s", name, base, e.pointer, e.detail);
			goto done;
		}
		if (m.id[0] == '\0') {
			/* Stable across restarts, so the record is replaced, not repeated. */
			char seedname[300];

			snprintf(seedname, sizeof seedname, "fixture:%s:%zu", name, i);
			ids_uuid_from_name(seedname, m.id);
		}
		if (duplicate(m.id)) {
			snprintf(err, errlen, "%s: %s/id: the id %s appears twice", name, base,
			         m.id);
			message_release(&m);
			goto done;
		}
		m.fixture = 1;
		if (set_len == set_cap) {
			set_cap = set_cap == 0 ? 16 : set_cap * 2;
			set = xrealloc(set, set_cap * sizeof *set);
		}
		set[set_len++] = m;
	}
	rc = 0;
done:
	json_decref(root);
	return rc;
}

static int parse_file(const char *path, int64_t now, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[READ_CHUNK];
	size_t n;
	int rc;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	rc = ferror(f) ? -1 : 0;
	fclose(f);
	if (rc != 0)
		snprintf(err, errlen, "%s: read error", path);
	else
		rc = fixtures_parse(b.data ? b.data : "", b.len, path, now, err, errlen);
	buf_release(&b);
	return rc;
}

static int json_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

int fixtures_init(const char *spec, int64_t now, char *err, size_t errlen)
{
	struct stat sb;
	struct dirent **names = NULL;
	int n, rc = 0;

	fixtures_release();
	if (strcmp(spec, "none") == 0)
		return 0;
	if (strcmp(spec, "builtin") == 0)
		return fixtures_parse(embedded_default_fixtures, strlen(embedded_default_fixtures),
		                      "builtin:fixtures/default.json", now, err, errlen);
	if (stat(spec, &sb) != 0) {
		snprintf(err, errlen, "%s: %s", spec, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode))
		return parse_file(spec, now, err, errlen);
	n = scandir(spec, &names, json_file, alphasort);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", spec, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (rc == 0) {
			char *path = xasprintf("%s/%s", spec, names[i]->d_name);

			rc = parse_file(path, now, err, errlen);
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int fixtures_apply(enum store_scope scope, const char *tenant)
{
	return store_replace(scope, tenant, set, set_len, profiles, profiles_len);
}

void fixtures_reset_tenant(struct store_reset *r, const char *tenant)
{
	r->tenant = tenant;
	r->fixtures = set;
	r->n = set_len;
	ticket_init(&r->ticket);
	store_reset_tenant(r);
}
