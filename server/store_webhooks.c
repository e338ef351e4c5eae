/* store_webhooks: the outbox of webhook events and the delivery log (docs/design.md §7). */
#include "store.h"

#include <stdio.h>
#include <string.h>

#include "store_int.h"
#include "util.h"

#define ATTEMPTS_LIST(lead)                                                                        \
	"SELECT event_id, message_id, tenant, event_type, url, attempt, at, status, error, "       \
	"latency_ms, ok, request_body, signature_timestamp, signature, response_body, "            \
	"response_truncated FROM (SELECT * FROM webhook_attempts WHERE " lead                      \
	" AND (?1 IS NULL OR message_id = ?1) AND (?2 IS NULL OR event_type = ?2) "                \
	"AND (?3 IS NULL OR url = ?3) AND (?6 IS NULL OR tenant = ?6) AND seq > ?4 "               \
	"ORDER BY seq DESC LIMIT ?5) ORDER BY seq"

enum {
	ST_OUTBOX_ADD = DB_FIRST(DB_WEBHOOKS),
	ST_OUTBOX_NEXT_DUE,
	ST_OUTBOX_TENANT_FIRST,
	ST_OUTBOX_TENANT_AFTER,
	ST_OUTBOX_DUE,
	ST_OUTBOX_CLAIM,
	ST_OUTBOX_UNCLAIM,
	ST_OUTBOX_HELD,
	ST_OUTBOX_FINISH,
	ST_OUTBOX_PRUNE,
	ST_OUTBOX_DROP_PENDING,
	ST_OUTBOX_DELETE_ALL,
	ST_OUTBOX_DELETE_TENANT,
	ST_OUTBOX_DELETE_TENANT_SOME,
	ST_ATTEMPT_ADD,
	ST_ATTEMPTS_PRUNE,
	ST_ATTEMPTS_LIST,
	ST_ATTEMPTS_LIST_MESSAGE,
	ST_ATTEMPTS_LIST_TENANT,
	ST_ATTEMPTS_DELETE_ALL,
	ST_ATTEMPTS_DELETE_TENANT,
	ST_ATTEMPTS_DELETE_TENANT_SOME,
};

#define P(id) [DB_PLACE(id)]
static const char *const sql[] = {
    P(ST_OUTBOX_ADD) = "INSERT INTO outbox (event_id, message_id, event_type, due_at, tenant) "
                       "VALUES (?1, ?2, ?3, ?4, coalesce(?5, ''))",
    /* outbox.state: 0 pending, 1-3 finished (enum outbox_state), 4 claimed (in flight). */
    P(ST_OUTBOX_NEXT_DUE) = "SELECT due_at FROM outbox WHERE state = 0 AND due_at > ?1 "
                            "ORDER BY due_at LIMIT 1",
    P(ST_OUTBOX_TENANT_FIRST) = "SELECT tenant FROM outbox WHERE state = 0 ORDER BY tenant LIMIT 1",
    P(ST_OUTBOX_TENANT_AFTER) =
        "SELECT tenant FROM outbox WHERE state = 0 AND tenant > ?1 ORDER BY tenant LIMIT 1",
    /* A tenant's due events whose message has no earlier event pending or in flight. */
    P(ST_OUTBOX_DUE) = "SELECT seq, event_id, message_id, event_type, due_at FROM outbox o "
                       "WHERE state = 0 AND tenant = ?1 AND due_at <= ?2 AND NOT EXISTS "
                       "(SELECT 1 FROM outbox p WHERE p.message_id = o.message_id "
                       "AND p.seq < o.seq AND p.state IN (0, 4)) ORDER BY due_at, seq LIMIT ?3",
    P(ST_OUTBOX_CLAIM) = "UPDATE outbox SET state = 4 WHERE seq = ?1 AND state = 0",
    P(ST_OUTBOX_UNCLAIM) = "UPDATE outbox SET state = 0 WHERE state = 4",
    P(ST_OUTBOX_HELD) = "SELECT 1 FROM outbox WHERE seq = ?1",
    P(ST_OUTBOX_FINISH) = "UPDATE outbox SET state = ?2 WHERE seq = ?1 AND state = 4",
    P(ST_OUTBOX_PRUNE) = "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox "
                         "WHERE state NOT IN (0, 4) AND due_at < ?1 LIMIT ?2)",
    P(ST_OUTBOX_DROP_PENDING) = "DELETE FROM outbox WHERE message_id = ?1 AND state = 0",
    P(ST_OUTBOX_DELETE_ALL) = "DELETE FROM outbox",
    P(ST_OUTBOX_DELETE_TENANT) = "DELETE FROM outbox WHERE tenant = ?1",
    /* A tenant's reset deletes its bulk in bounded steps, each by an index. */
    P(ST_OUTBOX_DELETE_TENANT_SOME) = "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox "
                                      "WHERE tenant = ?1 LIMIT ?2)",
    P(ST_ATTEMPT_ADD) = "INSERT INTO webhook_attempts (event_id, message_id, tenant, event_type, "
                        "url, attempt, at, status, error, latency_ms, ok, vat, request_body, "
                        "signature_timestamp, signature, response_body, response_truncated) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                        "?15, ?16, ?17)",
    P(ST_ATTEMPTS_PRUNE) = "DELETE FROM webhook_attempts WHERE seq IN (SELECT seq FROM "
                           "webhook_attempts WHERE vat < ?1 LIMIT ?2)",
    /* The newest ?5 matching attempts, handed out oldest first; one variant per index. */
    P(ST_ATTEMPTS_LIST) = ATTEMPTS_LIST("1"),
    P(ST_ATTEMPTS_LIST_MESSAGE) = ATTEMPTS_LIST("message_id = ?1"),
    P(ST_ATTEMPTS_LIST_TENANT) = ATTEMPTS_LIST("tenant = ?6"),
    P(ST_ATTEMPTS_DELETE_ALL) = "DELETE FROM webhook_attempts",
    P(ST_ATTEMPTS_DELETE_TENANT) = "DELETE FROM webhook_attempts WHERE tenant = ?1",
    P(ST_ATTEMPTS_DELETE_TENANT_SOME) = "DELETE FROM webhook_attempts WHERE seq IN (SELECT seq "
                                        "FROM webhook_attempts WHERE tenant = ?1 LIMIT ?2)",
};
_Static_assert(ARRAY_LEN(sql) <= DB_FAMILY_MAX, "a family has at most DB_FAMILY_MAX statements");

static const int wipe_all[] = {ST_OUTBOX_DELETE_ALL, ST_ATTEMPTS_DELETE_ALL, DB_END};
static const int wipe_fixtures[] = {DB_END};
static const int wipe_tenant[] = {ST_ATTEMPTS_DELETE_TENANT, ST_OUTBOX_DELETE_TENANT, DB_END};
static const int bulk[] = {ST_OUTBOX_DELETE_TENANT_SOME, ST_ATTEMPTS_DELETE_TENANT_SOME, DB_END};
const struct db_family db_family_webhooks = {
    "webhooks", sql, (int)ARRAY_LEN(sql), wipe_all, wipe_fixtures, wipe_tenant, bulk};

int db_outbox_add(const struct message *m, const struct outbox_event *ev)
{
	return db_wrun_list(ST_OUTBOX_ADD, "tttIt", ev->event_id, m->id, model_event_name(ev->type),
	                    ev->due_at, m->tenant);
}

int db_outbox_drop_pending(const char *id)
{
	return db_wrun_list(ST_OUTBOX_DROP_PENDING, "t", id);
}

static void row_outbox(sqlite3_stmt *st, void *arg)
{
	struct outbox_event *out = arg;
	const char *s;
	int t;

	memset(out, 0, sizeof *out);
	out->seq = sqlite3_column_int64(st, 0);
	s = (const char *)sqlite3_column_text(st, 1);
	snprintf(out->event_id, sizeof out->event_id, "%s", s ? s : "");
	s = (const char *)sqlite3_column_text(st, 2);
	snprintf(out->message_id, sizeof out->message_id, "%s", s ? s : "");
	t = model_event_from_name((const char *)sqlite3_column_text(st, 3));
	out->type = t < 0 ? EVENT_FINALIZED : (enum event_type)t;
	out->due_at = sqlite3_column_int64(st, 4);
}

int store_outbox_unclaim(void)
{
	return db_write(ST_OUTBOX_UNCLAIM, NULL, "");
}

int store_outbox_next_due(int64_t now, int64_t *due)
{
	return db_read_one(ST_OUTBOX_NEXT_DUE, db_row_int64, due, "I", now);
}

int store_outbox_tenant_after(const char *after, char **out)
{
	*out = NULL;
	if (after == NULL)
		return db_read_one(ST_OUTBOX_TENANT_FIRST, db_row_text, out, "");
	return db_read_one(ST_OUTBOX_TENANT_AFTER, db_row_text, out, "t", after);
}

int store_outbox_claim(const char *tenant, int64_t now, size_t limit, struct outbox_event *out)
{
	sqlite3_stmt *st;
	int rc, n = 0;

	if (limit == 0)
		return 0;
	if (db_txn_begin() != SQLITE_DONE)
		return STORE_ERROR;
	st = db_wstmt(ST_OUTBOX_DUE);
	db_bind_text(st, 1, tenant);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
	while ((size_t)n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
		row_outbox(st, &out[n++]);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		n = STORE_ERROR;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	rc = n < 0 ? SQLITE_ERROR : SQLITE_DONE;
	for (int i = 0; rc == SQLITE_DONE && i < n; i++) {
		sqlite3_bind_int64(db_wstmt(ST_OUTBOX_CLAIM), 1, out[i].seq);
		rc = db_wrun(ST_OUTBOX_CLAIM);
	}
	return db_txn_end(rc) == SQLITE_DONE ? n : STORE_ERROR;
}

static void bind_attempt(sqlite3_stmt *st, const struct attempt *a)
{
	db_bind_text(st, 1, a->event_id);
	db_bind_text(st, 2, a->message_id);
	db_bind_text(st, 3, a->tenant);
	db_bind_text(st, 4, model_event_name(a->type));
	db_bind_text(st, 5, a->url);
	sqlite3_bind_int(st, 6, a->number);
	sqlite3_bind_int64(st, 7, a->at);
	if (a->status > 0)
		sqlite3_bind_int(st, 8, a->status);
	db_bind_text(st, 9, a->error);
	sqlite3_bind_int64(st, 10, a->latency_ms);
	sqlite3_bind_int(st, 11, a->ok);
	sqlite3_bind_int64(st, 12, a->vat);
	db_bind_text(st, 13, a->request_body);
	db_bind_text(st, 14, a->timestamp);
	db_bind_text(st, 15, a->signature);
	db_bind_text(st, 16, a->response_body);
	sqlite3_bind_int(st, 17, a->response_truncated);
}

int store_delivery_commit(struct delivery_step *steps, size_t n)
{
	int rc;

	if (n == 0)
		return STORE_OK;
	if (db_txn_begin() != SQLITE_DONE)
		return STORE_ERROR;
	rc = SQLITE_DONE;
	for (size_t i = 0; rc == SQLITE_DONE && i < n; i++) {
		struct delivery_step *d = &steps[i];
		sqlite3_stmt *st;

		/* A step whose event a reset deleted writes nothing: its end finds no row. */
		if (d->end != OUTBOX_PENDING) {
			st = db_wstmt(ST_OUTBOX_FINISH);
			sqlite3_bind_int64(st, 1, d->seq);
			sqlite3_bind_int(st, 2, (int)d->end);
			rc = db_wrun(ST_OUTBOX_FINISH);
			d->gone = rc == SQLITE_DONE && db_wchanges() == 0;
		} else {
			st = db_wstmt(ST_OUTBOX_HELD);
			sqlite3_bind_int64(st, 1, d->seq);
			rc = sqlite3_step(st);
			d->gone = rc == SQLITE_DONE;
			sqlite3_reset(st);
			if (rc != SQLITE_ROW && rc != SQLITE_DONE)
				break;
			rc = SQLITE_DONE;
		}
		if (rc != SQLITE_DONE || d->gone)
			continue; /* reset away: nothing of it is written */
		if (d->attempt != NULL) {
			bind_attempt(db_wstmt(ST_ATTEMPT_ADD), d->attempt);
			rc = db_wrun(ST_ATTEMPT_ADD);
		}
		if (rc == SQLITE_DONE && d->end != OUTBOX_PENDING && d->delivered_id != NULL) {
			rc = db_message_delivered(d->delivered_id, d->delivered_at);
		}
	}
	return db_txn_end(rc) == SQLITE_DONE ? STORE_OK : STORE_ERROR;
}

int store_delivery_prune(int64_t before, size_t max_rows)
{
	int a = 0, b = 0;

	if (db_write(ST_OUTBOX_PRUNE, &a, "II", before, (int64_t)max_rows) != STORE_OK ||
	    db_write(ST_ATTEMPTS_PRUNE, &b, "II", before, (int64_t)max_rows) != STORE_OK)
		return STORE_ERROR;
	return a + b;
}

int store_attempts_list(const struct store_attempt_query *q,
                        int (*fn)(const struct attempt *a, void *arg), void *arg)
{
	struct db_conn *c = db_thread();
	sqlite3_stmt *st;
	int n = 0, rc;

	if (c == NULL)
		return STORE_ERROR;
	st = db_stmt(c, q->message_id != NULL ? ST_ATTEMPTS_LIST_MESSAGE
	                : q->tenant != NULL   ? ST_ATTEMPTS_LIST_TENANT
	                                      : ST_ATTEMPTS_LIST);
	db_bind_text(st, 1, q->message_id);
	db_bind_text(st, 2, q->event_type);
	db_bind_text(st, 3, q->url);
	sqlite3_bind_int64(st, 4, 0);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)q->limit);
	db_bind_text(st, 6, q->tenant);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct attempt a;
		int t = model_event_from_name((const char *)sqlite3_column_text(st, 3));

		memset(&a, 0, sizeof a);
		a.event_id = (const char *)sqlite3_column_text(st, 0);
		a.message_id = (const char *)sqlite3_column_text(st, 1);
		a.tenant = (const char *)sqlite3_column_text(st, 2);
		a.type = t < 0 ? EVENT_FINALIZED : (enum event_type)t;
		a.url = (const char *)sqlite3_column_text(st, 4);
		a.number = sqlite3_column_int(st, 5);
		a.at = sqlite3_column_int64(st, 6);
		a.status = sqlite3_column_int(st, 7);
		a.error = (const char *)sqlite3_column_text(st, 8);
		a.latency_ms = sqlite3_column_int64(st, 9);
		a.ok = sqlite3_column_int(st, 10);
		/* The bodies are read only when asked for: they may sit in overflow pages. */
		if (q->detail) {
			a.request_body = (const char *)sqlite3_column_text(st, 11);
			a.timestamp = (const char *)sqlite3_column_text(st, 12);
			a.signature = (const char *)sqlite3_column_text(st, 13);
			a.response_body = (const char *)sqlite3_column_text(st, 14);
			a.response_truncated = sqlite3_column_int(st, 15);
		}
		n++;
		if (fn(&a, arg) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		n = STORE_ERROR;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return n;
}
