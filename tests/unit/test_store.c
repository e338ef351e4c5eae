#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "message.h"
#include "report.h"
#include "store.h"
#include "ticket.h"
#include "embedded.h"
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
	m->cancelled_at = -1;
	m->use_profile_webhooks = 1;
}

#define ID_A "00000000-0000-4000-8000-00000000000a"
#define ID_B "00000000-0000-4000-8000-00000000000b"
#define ID_C "00000000-0000-4000-8000-00000000000c"

/* The stored messages, or -1. */
static int64_t message_count(void)
{
	int64_t n = -1;

	return store_message_count(&n) == STORE_OK ? n : -1;
}

static int open_memory(void)
{
	char err[256];

	if (store_open(":memory:", err, sizeof err) != 0) {
		unit_fail(__FILE__, __LINE__, "store_open: %s", err);
		return -1;
	}
	return 0;
}

/* Statements compile when first run; every one of them compiles against the migrated schema. */
static void test_every_statement_compiles(void)
{
	char err[256] = "";

	if (open_memory() != 0)
		return;
	if (store_check(err, sizeof err) != 0)
		unit_fail(__FILE__, __LINE__, "%s", err);
	CHECK(err[0] == '\0');
	store_close();
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
	CHECK_INT(message_count(), 1);
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
	CHECK_INT(store_replace(STORE_SCOPE_FIXTURES, NULL, &fx, 1, NULL, 0), STORE_OK);
	CHECK_INT(store_replace(STORE_SCOPE_FIXTURES, NULL, &fx, 1, NULL, 0), STORE_OK);
	CHECK_INT(message_count(), 3);
	/* One tenant's reset drops only its records. */
	CHECK_INT(store_replace(STORE_SCOPE_TENANT, "k1", NULL, 0, NULL, 0), STORE_OK);
	CHECK_INT(store_message_get(ID_A, "k1", &got), STORE_NOT_FOUND);
	CHECK_INT(store_message_get(ID_B, "k2", &got), STORE_OK);
	message_release(&got);
	CHECK_INT(message_count(), 2);
	/* A full reset leaves only the fixtures. */
	CHECK_INT(store_replace(STORE_SCOPE_ALL, NULL, &fx, 1, NULL, 0), STORE_OK);
	CHECK_INT(message_count(), 1);
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

/* Removes the database name in dir, its WAL and shared-memory files, and dir. */
static void remove_db(const char *dir, const char *name)
{
	static const char *const tails[] = {"", "-wal", "-shm"};
	char path[96];

	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		snprintf(path, sizeof path, "%s/%s%s", dir, name, tails[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* Opens the store on a new file t.db in a new directory made from dir's template. */
static int open_temp_file(char *dir, char *path, size_t pathlen)
{
	char err[256];

	if (mkdtemp(dir) == NULL) {
		unit_fail(__FILE__, __LINE__, "mkdtemp failed");
		return -1;
	}
	snprintf(path, pathlen, "%s/t.db", dir);
	if (store_open(path, err, sizeof err) != 0) {
		unit_fail(__FILE__, __LINE__, "store_open: %s", err);
		return -1;
	}
	return 0;
}

static void test_file_persists_and_migrates_once(void)
{
	char dir[] = "/tmp/mdrmock-unit-XXXXXX", path[64], err[256];
	struct message m, got;

	if (open_temp_file(dir, path, sizeof path) != 0)
		return;
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
	remove_db(dir, "t.db");
}

/*
 * The statements that may read a whole big table, and why; every other one finds its rows by
 * an index (docs/design.md §7).
 */
static const char *const may_scan[] = {
    "SELECT count(*) FROM messages", /* the tests' own count */
};

static int check_plan(int i, const char *sql, const char *plan, void *arg)
{
	int *bad = arg;

	const char *p = plan;
	int scans = 0;

	/* A scan of a big table, unless of the partial index that holds the fixtures alone. */
	for (; *p != '\0'; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p))
		if ((strncmp(p, "SCAN messages", 13) == 0 ||
		     strncmp(p, "SCAN webhook_attempts", 21) == 0 ||
		     strncmp(p, "SCAN outbox", 11) == 0) &&
		    strncmp(p, "SCAN messages USING INDEX messages_fixtures", 43) != 0)
			scans++;
	if (scans == 0)
		return 0;
	for (size_t k = 0; k < sizeof may_scan / sizeof may_scan[0]; k++)
		if (strstr(sql, may_scan[k]) != NULL)
			return 0;
	unit_fail(__FILE__, __LINE__, "statement %d reads a whole table: %s\n%s", i, sql, plan);
	(*bad)++;
	return 0;
}

/* No statement reads all of messages, webhook_attempts or outbox unless it is listed above. */
static void test_plans_use_indexes(void)
{
	int bad = 0;

	if (open_memory() != 0)
		return;
	CHECK(store_explain(check_plan, &bad) > 90);
	CHECK_INT(bad, 0);
	store_close();
}

/* Each statement whose SQL has sql must have a plan with plan: how many had it. */
struct plan_rule {
	const char *sql, *plan;
	int seen;
};

static int check_rule(int i, const char *sql, const char *plan, void *arg)
{
	struct plan_rule *r = arg;

	(void)i;
	if (strstr(sql, r->sql) != NULL) {
		r->seen++;
		if (strstr(plan, r->plan) == NULL)
			unit_fail(__FILE__, __LINE__, "want %s: %s\n%s", r->plan, sql, plan);
	}
	return 0;
}

static int rule_count(const char *sql, const char *plan)
{
	struct plan_rule r = {sql, plan, 0};

	if (open_memory() != 0)
		return -1;
	store_explain(check_rule, &r);
	store_close();
	return r.seen;
}

/* The newest message to a number from one tenant: found by the number and the tenant together. */
static void test_latest_by_number_and_tenant(void)
{
	CHECK_INT(rule_count("WHERE to_number = ?1 AND tenant = ?3 ",
	                     "USING INDEX messages_by_to_tenant (to_number=? AND tenant=?"),
	          1);
}

/*
 * A resumed scan seeks to its cursor: the rest of the cursor's instant by the index's rowid,
 * never by filtering the instant's rows one by one (a frozen clock puts every row at one
 * instant, and each step of a scan then read every row before it).
 */
static void test_scans_resume_by_rowid(void)
{
	CHECK_INT(rule_count("received_at = ?3 AND seq ", "received_at=? AND rowid"), 5);
}

/* A :memory: database starts from the build's schema image; a file one runs the migrations. */
static void test_image_is_the_migrations(void)
{
	char dir[] = "/tmp/mdrmock-unit-XXXXXX", path[64], err[256], want[64];
	struct buf a, b;

	buf_init(&a);
	buf_init(&b);
	if (mkdtemp(dir) == NULL || open_memory() != 0) {
		unit_fail(__FILE__, __LINE__, "mkdtemp or store_open failed");
		return;
	}
	CHECK_INT(store_schema(&a), 0);
	store_close();
	snprintf(path, sizeof path, "%s/m.db", dir);
	if (store_open(path, err, sizeof err) != 0) {
		unit_fail(__FILE__, __LINE__, "store_open: %s", err);
		return;
	}
	CHECK_INT(store_schema(&b), 0);
	store_close();
	snprintf(want, sizeof want, "user_version|%u|", embedded_migrations_count);
	CHECK(a.data != NULL && strstr(a.data, want) != NULL);
	CHECK(a.data != NULL && strstr(a.data, "CREATE TABLE messages") != NULL);
	CHECK_STR(a.data, b.data);
	buf_release(&a);
	buf_release(&b);
	remove_db(dir, "m.db");
}

struct collected {
	char ids[16][IDS_UUID_LEN + 1];
	int n;
};

static int collect(const struct message *m, void *arg)
{
	struct collected *c = arg;

	if (c->n < 16)
		snprintf(c->ids[c->n++], sizeof c->ids[0], "%s", m->id);
	return 0;
}

static void test_scan_pages_in_time_order(void)
{
	struct message m;
	struct store_cursor cur;
	struct collected c;
	char id[IDS_UUID_LEN + 1];
	int got;

	if (open_memory() != 0)
		return;
	/* Six messages: three at t=100 (ids 1..3), then t=50 (4), t=200 (5), another tenant (6). */
	for (int i = 1; i <= 6; i++) {
		snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i);
		make(&m, id, i == 6 ? "other" : i == 5 ? NULL : "k1", 0);
		m.received_at = i <= 3 ? 100 : i == 4 ? 50 : 200;
		CHECK_INT(store_message_insert(&m), STORE_OK);
		message_release(&m);
	}
	memset(&cur, 0, sizeof cur);
	memset(&c, 0, sizeof c);
	/* Pages of two: resumes after (received_at, seq), ties kept in insertion order. */
	CHECK_INT(store_messages_scan("k1", 0, 1000, &cur, 2, collect, &c), 2);
	CHECK_INT(store_messages_scan("k1", 0, 1000, &cur, 2, collect, &c), 2);
	/* The last page: 5 (global); 6, another tenant's, is not even read. */
	got = store_messages_scan("k1", 0, 1000, &cur, 2, collect, &c);
	CHECK_INT(got, 1);
	CHECK_INT(c.n, 5);
	CHECK_STR(c.ids[0], "00000000-0000-4000-8000-000000000004");
	CHECK_STR(c.ids[1], "00000000-0000-4000-8000-000000000001");
	CHECK_STR(c.ids[3], "00000000-0000-4000-8000-000000000003");
	CHECK_STR(c.ids[4], "00000000-0000-4000-8000-000000000005"); /* global: visible */
	/* The window is [from, until). */
	memset(&cur, 0, sizeof cur);
	memset(&c, 0, sizeof c);
	CHECK_INT(store_messages_scan("k1", 100, 200, &cur, 10, collect, &c), 3);
	/* NULL: every tenant. */
	memset(&cur, 0, sizeof cur);
	memset(&c, 0, sizeof c);
	CHECK_INT(store_messages_scan(NULL, 0, 1000, &cur, 10, collect, &c), 6);
	store_close();
}

static void test_reports(void)
{
	struct report_row r, got, *rows;
	size_t n;
	int64_t total;

	if (open_memory() != 0)
		return;
	memset(&r, 0, sizeof r);
	r.tenant = "k1";
	r.origin = 1;
	r.timezone = "UTC";
	r.spec = "{}";
	for (int i = 0; i < 3; i++) {
		snprintf(r.id, sizeof r.id, "00000000-0000-4000-8000-%012d", 100 + i);
		r.created_at = 1000 + i;
		CHECK_INT(store_report_insert(&r), STORE_OK);
	}
	CHECK_INT(store_report_insert(&r), STORE_CONFLICT);
	CHECK_INT(store_report_get(r.id, "k2", &got), STORE_NOT_FOUND);
	CHECK_INT(store_report_get(r.id, NULL, &got), STORE_OK);
	CHECK_STR(got.tenant, "k1");
	report_row_release(&got);
	CHECK_INT(store_report_list("k1", 0, 2, &rows, &n, &total), STORE_OK);
	CHECK_INT(n, 2);
	CHECK_INT(total, 3);
	CHECK_STR(rows[0].id, "00000000-0000-4000-8000-000000000102"); /* newest first */
	for (size_t i = 0; i < n; i++)
		report_row_release(&rows[i]);
	free(rows);
	CHECK_INT(store_report_fail(r.id), STORE_OK);
	CHECK_INT(store_report_get(r.id, "k1", &got), STORE_OK);
	CHECK_INT(got.failed, 1);
	report_row_release(&got);
	CHECK_INT(store_report_delete(r.id, "k2"), STORE_NOT_FOUND);
	CHECK_INT(store_report_delete(r.id, "k1"), STORE_OK);
	CHECK_INT(store_report_delete(r.id, "k1"), STORE_NOT_FOUND);
	/* A tenant's reset takes its reports. */
	CHECK_INT(store_replace(STORE_SCOPE_TENANT, "k1", NULL, 0, NULL, 0), STORE_OK);
	CHECK_INT(store_report_list("k1", 0, 10, &rows, &n, &total), STORE_OK);
	CHECK_INT(total, 0);
	free(rows);
	store_close();
}

static void outbox_event(struct outbox_event *ev, const char *event_id, enum event_type type,
                         int64_t due)
{
	memset(ev, 0, sizeof *ev);
	snprintf(ev->event_id, sizeof ev->event_id, "%s", event_id);
	ev->type = type;
	ev->due_at = due;
}

/* The worker's claims (docs/behaviour.md §3.4): per tenant, in due order, a message's events in
 * turn. */
static void test_outbox_claims(void)
{
	struct message a, b;
	struct outbox_event ev[2], got[8];
	struct delivery_step step;
	char *t = NULL;
	int64_t due = 0;

	if (open_memory() != 0)
		return;
	make(&a, ID_A, "k1", 0);
	make(&b, ID_B, "k2", 0);
	outbox_event(&ev[0], "e-a-sent", EVENT_SENT, 1000);
	outbox_event(&ev[1], "e-a-final", EVENT_FINALIZED, 3000);
	CHECK_INT(store_message_insert_events(&a, ev, 2), STORE_OK);
	outbox_event(&ev[0], "e-b-sent", EVENT_SENT, 2000);
	CHECK_INT(store_message_insert_events(&b, ev, 1), STORE_OK);
	/* Tenants with pending events, in order. */
	CHECK_INT(store_outbox_tenant_after(NULL, &t), STORE_OK);
	CHECK_STR(t, "k1");
	free(t);
	CHECK_INT(store_outbox_tenant_after("k1", &t), STORE_OK);
	CHECK_STR(t, "k2");
	free(t);
	CHECK_INT(store_outbox_tenant_after("k2", &t), STORE_NOT_FOUND);
	/* At 5000 both of k1's are due, but finalized waits for sent. */
	CHECK_INT(store_outbox_claim("k1", 5000, 8, got), 1);
	CHECK_STR(got[0].event_id, "e-a-sent");
	CHECK_STR(got[0].message_id, ID_A);
	CHECK_INT(store_outbox_claim("k1", 5000, 8, got), 0); /* claimed: in flight */
	/* Not yet due, and the limit. */
	CHECK_INT(store_outbox_claim("k2", 1999, 8, got), 0);
	CHECK_INT(store_outbox_claim("k2", 2000, 0, got), 0);
	CHECK_INT(store_outbox_next_due(1000, &due), STORE_OK);
	CHECK_INT(due, 2000);
	/* sent ends: finalized may go. */
	CHECK_INT(store_outbox_claim("k1", 5000, 8, got), 0);
	memset(&step, 0, sizeof step);
	step.seq = 1;
	step.end = OUTBOX_DELIVERED;
	CHECK_INT(store_delivery_commit(&step, 1), STORE_OK);
	CHECK_INT(step.gone, 0);
	CHECK_INT(store_outbox_claim("k1", 5000, 8, got), 1);
	CHECK_STR(got[0].event_id, "e-a-final");
	/* A restart hands claimed events back. */
	CHECK_INT(store_outbox_unclaim(), STORE_OK);
	CHECK_INT(store_outbox_claim("k1", 5000, 8, got), 1);
	/* A reset's deletion shows as gone, and its seq is never lent to a new row. */
	CHECK_INT(store_replace(STORE_SCOPE_TENANT, "k1", NULL, 0, NULL, 0), STORE_OK);
	memset(&step, 0, sizeof step);
	step.seq = got[0].seq;
	step.end = OUTBOX_DELIVERED;
	CHECK_INT(store_delivery_commit(&step, 1), STORE_OK);
	CHECK_INT(step.gone, 1);
	message_release(&a);
	make(&a, ID_C, "k1", 0);
	outbox_event(&ev[0], "e-c-sent", EVENT_SENT, 1000);
	CHECK_INT(store_message_insert_events(&a, ev, 1), STORE_OK);
	CHECK_INT(store_outbox_claim("k1", 5000, 8, got), 1);
	CHECK(got[0].seq > step.seq);
	message_release(&a);
	message_release(&b);
	store_close();
}

static int count_row(const struct message *m, void *arg)
{
	(void)m;
	++*(int *)arg;
	return 0;
}

/*
 * A scan reads only rows it hands out: another tenant's are not examined, so a
 * limit bounds the work however few rows match (docs/behaviour.md §4.4).  Newest first too.
 */
static void test_scan_reads_bounded(void)
{
	struct message m;
	struct store_cursor cur;
	struct collected c;
	int handed = 0, got;

	if (open_memory() != 0)
		return;
	for (int i = 0; i < 100; i++) {
		char id[64];

		snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i);
		make(&m, id, i == 99 || i == 3 ? "mine" : i == 50 ? NULL : "other", 0);
		m.received_at += i;
		CHECK_INT(store_message_insert(&m), STORE_OK);
		message_release(&m);
	}
	memset(&cur, 0, sizeof cur);
	got = store_messages_scan("mine", 0, INT64_MAX, &cur, 10, count_row, &handed);
	CHECK_INT(got, 3); /* its own two and the global one: nothing else read */
	CHECK_INT(handed, 3);
	/* Newest first, two at a time: 99, then the global 50, then 3. */
	memset(&cur, 0, sizeof cur);
	memset(&c, 0, sizeof c);
	cur.descending = 1;
	CHECK_INT(store_messages_scan("mine", 0, INT64_MAX, &cur, 2, collect, &c), 2);
	CHECK_INT(store_messages_scan("mine", 0, INT64_MAX, &cur, 2, collect, &c), 1);
	CHECK_INT(c.n, 3);
	CHECK_STR(c.ids[0], "00000000-0000-4000-8000-000000000099");
	CHECK_STR(c.ids[1], "00000000-0000-4000-8000-000000000050");
	CHECK_STR(c.ids[2], "00000000-0000-4000-8000-000000000003");
	store_close();
}

static void redraw_to_d(struct message *m)
{
	snprintf(m->id, sizeof m->id, "%s", "00000000-0000-4000-8000-00000000000d");
}

/*
 * Sends queued while the writer is busy commit in one transaction, each under its own
 * savepoint: one whose id is taken (and cannot draw another) fails alone; one that may draw
 * again is stored under the new id with its number; the others are all there.
 */
static void test_group_commit(void)
{
	char dir[] = "/tmp/mdrmock-unit-XXXXXX", path[64];
	struct store_send w[10];
	struct message m[10], got;
	struct number n, nb;
	unsigned long commits;

	/* A file: an in-memory database commits each send on its caller's thread. */
	if (open_temp_file(dir, path, sizeof path) != 0)
		return;
	make(&m[0], ID_A, "k1", 0);
	CHECK_INT(store_message_insert(&m[0]), STORE_OK);
	message_release(&m[0]);
	commits = store_group_commits();
	store_writer_hold(1);
	for (int i = 0; i < 10; i++) {
		char id[64];

		snprintf(id, sizeof id, "00000000-0000-4000-8000-0000000001%02d", i);
		make(&m[i], id, "k1", 0);
		memset(&w[i], 0, sizeof w[i]);
		w[i].m = &m[i];
		ticket_init(&w[i].ticket);
	}
	snprintf(m[3].id, sizeof m[3].id, "%s", ID_A); /* taken, no redraw */
	snprintf(m[6].id, sizeof m[6].id, "%s", ID_A); /* taken, draws another */
	w[6].redraw = redraw_to_d;
	memset(&n, 0, sizeof n);
	snprintf(n.id, sizeof n.id, "%s", "num-1");
	n.tenant = "k1";
	n.phone_number = "+18445550001";
	n.profile_id = "p";
	w[6].number = &n;
	for (int i = 0; i < 10; i++)
		store_send(&w[i]);
	store_writer_hold(0);
	for (int i = 0; i < 10; i++) {
		ticket_wait(&w[i].ticket);
		CHECK_INT(ticket_result(&w[i].ticket), i == 3 ? STORE_ERROR : STORE_OK);
	}
	CHECK_INT(store_group_commits() - commits, 1);
	CHECK_INT(message_count(), 10); /* A, eight, and D */
	CHECK_STR(m[6].id, "00000000-0000-4000-8000-00000000000d");
	CHECK_INT(store_message_get(m[6].id, "k1", &got), STORE_OK);
	message_release(&got);
	CHECK_INT(store_message_get(m[9].id, "k1", &got), STORE_OK);
	message_release(&got);
	CHECK_INT(store_number_get("k1", "+18445550001", &nb), STORE_OK);
	store_number_release(&nb);
	for (int i = 0; i < 10; i++)
		message_release(&m[i]);
	store_close();
	unlink(path);
	rmdir(dir);
}

/*
 * A tenant's reset on the writer thread: another tenant's send made while it is queued
 * commits (in memory, on the sender's thread), and the reset takes every one of its
 * tenant's 1,200 rows (seven steps) and nothing else.
 */
static void test_reset_on_writer(void)
{
	struct store_reset r;
	struct store_send w;
	struct message m, other, got;

	if (open_memory() != 0)
		return;
	for (int i = 0; i < 1200; i++) {
		char id[64];

		snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", 1000 + i);
		make(&m, id, "big", 0);
		CHECK(store_message_insert(&m) == STORE_OK || i > 0);
		message_release(&m);
	}
	store_writer_hold(1);
	memset(&r, 0, sizeof r);
	r.tenant = "big";
	ticket_init(&r.ticket);
	store_reset_tenant(&r);
	make(&other, ID_B, "small", 0);
	memset(&w, 0, sizeof w);
	w.m = &other;
	ticket_init(&w.ticket);
	store_send(&w);
	store_writer_hold(0);
	ticket_wait(&w.ticket);
	CHECK_INT(ticket_result(&w.ticket), STORE_OK);
	ticket_wait(&r.ticket);
	CHECK_INT(ticket_result(&r.ticket), STORE_OK);
	CHECK_INT(message_count(), 1);
	CHECK_INT(store_message_get(ID_B, "small", &got), STORE_OK);
	message_release(&got);
	message_release(&other);
	store_close();
}

const struct unit_test unit_store[] = {
    {"sends queued together commit in one transaction, a savepoint each", test_group_commit},
    {"a tenant's reset runs on the writer thread, sends first", test_reset_on_writer},
    {"every statement finds its rows by an index (EXPLAIN QUERY PLAN)", test_plans_use_indexes},
    {"latest?to=&tenant= is found by the number and the tenant together",
     test_latest_by_number_and_tenant},
    {"a resumed scan seeks its cursor by the rowid, not row by row", test_scans_resume_by_rowid},
    {"a :memory: database from the schema image has the migrations' schema",
     test_image_is_the_migrations},
    {"every statement compiles against the migrated schema", test_every_statement_compiles},
    {"scan_reads_bounded", test_scan_reads_bounded},
    {"outbox_claims", test_outbox_claims},
    {"scan_pages_in_time_order", test_scan_pages_in_time_order},
    {"reports", test_reports},
    {"round_trip", test_round_trip},
    {"conflict_and_isolation", test_conflict_and_isolation},
    {"replace_scopes", test_replace_scopes},
    {"meta", test_meta},
    {"file_persists_and_migrates_once", test_file_persists_and_migrates_once},
    {NULL, NULL},
};
