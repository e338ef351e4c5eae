#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "message.h"
#include "store.h"
#include "unit.h"
#include "util.h"

/* A message with owned strings, as the validator would build it. */
static void make(struct message *m, const char *id, const char *tenant, int fixture)
{
	memset(m, 0, sizeof *m);
	snprintf(m->id, sizeof m->id, "%s", id);
	m->tenant = tenant ? xstrdup(tenant) : NULL;
	m->fixture = fixture;
	m->from = xstrdup("+18445550001");
	m->to = xstrdup("+18665550002");
	m->text = xstrdup("a \"quoted\", text\nwith a newline");
	m->media_urls = xstrdup("[]");
	m->tags = xstrdup("[\"t\"]");
	m->encoding = ENCODING_GSM7;
	m->parts = 1;
	m->received_at = 1700000000123LL;
	m->send_at = -1;
	m->delivered_at = -1;
	m->use_profile_webhooks = 1;
}

#define ID_A "00000000-0000-4000-8000-00000000000a"
#define ID_B "00000000-0000-4000-8000-00000000000b"
#define ID_C "00000000-0000-4000-8000-00000000000c"

static int open_memory(void)
{
	char err[256];

	if (store_open(":memory:", err, sizeof err) != 0) {
		unit_fail(__FILE__, __LINE__, "store_open: %s", err);
		return -1;
	}
	return 0;
}

static void test_round_trip(void)
{
	struct message m, got;

	if (open_memory() != 0)
		return;
	make(&m, ID_A, "k1", 0);
	m.subject = xstrdup("subj");
	m.webhook_url = xstrdup("https://h.example/x");
	m.mms = 1;
	m.send_at = 1700000100000LL;
	CHECK_INT(store_message_insert(&m), STORE_OK);
	CHECK_INT(store_message_get(ID_A, "k1", &got), STORE_OK);
	CHECK_STR(got.id, ID_A);
	CHECK_STR(got.tenant, "k1");
	CHECK_STR(got.text, m.text);
	CHECK_STR(got.subject, "subj");
	CHECK_STR(got.webhook_url, "https://h.example/x");
	CHECK(got.webhook_failover_url == NULL);
	CHECK(got.profile_id == NULL);
	CHECK_STR(got.tags, "[\"t\"]");
	CHECK_INT(got.mms, 1);
	CHECK_INT(got.received_at, 1700000000123LL);
	CHECK_INT(got.send_at, 1700000100000LL);
	CHECK_INT(got.delivered_at, -1);
	CHECK_INT(store_message_count(), 1);
	message_release(&got);
	message_release(&m);
	store_close();
}

static void test_conflict_and_isolation(void)
{
	struct message m, got;

	if (open_memory() != 0)
		return;
	make(&m, ID_A, "k1", 0);
	CHECK_INT(store_message_insert(&m), STORE_OK);
	CHECK_INT(store_message_insert(&m), STORE_CONFLICT);
	message_release(&m);
	make(&m, ID_B, NULL, 1); /* a global fixture */
	CHECK_INT(store_message_insert(&m), STORE_OK);
	message_release(&m);

	CHECK_INT(store_message_get(ID_A, "k2", &got), STORE_NOT_FOUND);
	CHECK_INT(store_message_get(ID_A, "", &got), STORE_NOT_FOUND);
	CHECK_INT(store_message_get(ID_B, "k2", &got), STORE_OK); /* global: everyone sees it */
	CHECK(got.tenant == NULL);
	message_release(&got);
	CHECK_INT(store_message_get(ID_A, NULL, &got), STORE_OK); /* NULL sees everything */
	message_release(&got);
	CHECK_INT(store_message_get(ID_C, NULL, &got), STORE_NOT_FOUND);
	store_close();
}

static void test_replace_scopes(void)
{
	struct message m, fx, got;

	if (open_memory() != 0)
		return;
	make(&m, ID_A, "k1", 0);
	CHECK_INT(store_message_insert(&m), STORE_OK);
	message_release(&m);
	make(&m, ID_B, "k2", 0);
	CHECK_INT(store_message_insert(&m), STORE_OK);
	message_release(&m);
	make(&fx, ID_C, NULL, 1);

	/* Start-up: fixtures are (re)placed, the rest is kept. */
	CHECK_INT(store_replace(STORE_SCOPE_FIXTURES, NULL, &fx, 1), STORE_OK);
	CHECK_INT(store_replace(STORE_SCOPE_FIXTURES, NULL, &fx, 1), STORE_OK);
	CHECK_INT(store_message_count(), 3);
	/* One tenant's reset drops only its records. */
	CHECK_INT(store_replace(STORE_SCOPE_TENANT, "k1", NULL, 0), STORE_OK);
	CHECK_INT(store_message_get(ID_A, "k1", &got), STORE_NOT_FOUND);
	CHECK_INT(store_message_get(ID_B, "k2", &got), STORE_OK);
	message_release(&got);
	CHECK_INT(store_message_count(), 2);
	/* A full reset leaves only the fixtures. */
	CHECK_INT(store_replace(STORE_SCOPE_ALL, NULL, &fx, 1), STORE_OK);
	CHECK_INT(store_message_count(), 1);
	CHECK_INT(store_message_get(ID_C, "anyone", &got), STORE_OK);
	message_release(&got);
	message_release(&fx);
	store_close();
}

static void test_meta(void)
{
	int64_t v = 0;

	if (open_memory() != 0)
		return;
	CHECK_INT(store_meta_get("ids_drawn", &v), STORE_NOT_FOUND);
	CHECK_INT(store_meta_set("ids_drawn", 41), STORE_OK);
	CHECK_INT(store_meta_set("ids_drawn", 42), STORE_OK);
	CHECK_INT(store_meta_get("ids_drawn", &v), STORE_OK);
	CHECK_INT(v, 42);
	store_close();
}

static void test_file_persists_and_migrates_once(void)
{
	char dir[] = "/tmp/mdrmock-unit-XXXXXX", path[64], err[256];
	struct message m, got;

	if (mkdtemp(dir) == NULL) {
		unit_fail(__FILE__, __LINE__, "mkdtemp failed");
		return;
	}
	snprintf(path, sizeof path, "%s/t.db", dir);
	if (store_open(path, err, sizeof err) != 0) {
		unit_fail(__FILE__, __LINE__, "store_open: %s", err);
		return;
	}
	make(&m, ID_A, "k1", 0);
	CHECK_INT(store_message_insert(&m), STORE_OK);
	message_release(&m);
	store_close();
	/* Reopening applies no migration twice and finds the record. */
	if (store_open(path, err, sizeof err) != 0) {
		unit_fail(__FILE__, __LINE__, "store_open again: %s", err);
		return;
	}
	CHECK_INT(store_message_get(ID_A, "k1", &got), STORE_OK);
	CHECK_STR(got.from, "+18445550001");
	message_release(&got);
	store_close();
	snprintf(path, sizeof path, "%s/t.db", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/t.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/t.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

const struct unit_test unit_store[] = {
	{"round_trip", test_round_trip},
	{"conflict_and_isolation", test_conflict_and_isolation},
	{"replace_scopes", test_replace_scopes},
	{"meta", test_meta},
	{"file_persists_and_migrates_once", test_file_persists_and_migrates_once},
	{NULL, NULL},
};
