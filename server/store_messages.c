/* store_messages: the messages table (docs/design.md §7): writes, reads by id, scans, searches. */
#include "store.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "store_int.h"
#include "util.h"

#define MSG_COLUMNS                                                                                \
	"id, tenant, fixture, direction, type, messaging_profile_id, from_number, to_number, "     \
	"text, subject, media_urls, webhook_url, webhook_failover_url, use_profile_webhooks, "     \
	"encoding, parts, tags, received_at, send_at, delivered_at, cancelled_at, group_id, cc"
#define MSG_PARAMS                                                                                 \
	"?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "   \
	"?20, ?21, ?22, ?23"
/* The columns of MSG_COLUMNS; a scan's own columns (seq, the connection) follow them. */
#define MSG_NCOLUMNS        23
#define MSG_COL_RECEIVED_AT 17

/*
 * A lookup by whichever filter has an index (lead), the others checked on the
 * rows it yields: the form (?1 IS NULL OR col = ?1) alone can use no index.
 */
/* The control API's search, newest first, resumed before seq ?5, ?6 rows at a time. */
#define MSG_FIND(lead)                                                                             \
	"SELECT " MSG_COLUMNS ", seq FROM messages WHERE " lead                                    \
	" AND seq < ?5 AND (?1 IS NULL OR to_number = ?1) "                                        \
	"AND (?2 IS NULL OR from_number = ?2) AND (?3 IS NULL OR tenant = ?3) "                    \
	"AND (?4 IS NULL OR direction = ?4) ORDER BY seq DESC LIMIT ?6"
/*
 * A tenant's (or the global) records in a window, by the tenant index (whose last key is the
 * rowid, seq), resumed after or before a cursor (?3, ?4) in two ranges: the rest of the
 * cursor's instant (received_at = ?3, seq past ?4), then the instants past it.  One condition
 * "(received_at, seq) past (?3, ?4)" would seek to the instant and filter its rows one by one:
 * with a frozen clock every row has one instant, and each step read all rows before it.
 */
#define MSG_SCAN(who, where, order)                                                                \
	"SELECT " MSG_COLUMNS ", seq FROM messages INDEXED BY messages_by_tenant_time WHERE " who  \
	" AND " where " ORDER BY " order " LIMIT ?6"
#define MSG_AFTER       "received_at > ?3 AND received_at < ?5"
#define MSG_BEFORE      "received_at < ?3 AND received_at >= ?2"
#define MSG_SAME_AFTER  "received_at = ?3 AND seq > ?4"
#define MSG_SAME_BEFORE "received_at = ?3 AND seq < ?4"

enum {
	ST_MSG_INSERT = DB_FIRST(DB_MESSAGES),
	ST_MSG_UPSERT,
	ST_MSG_GET,
	ST_MSG_GET_ANY,
	ST_MSG_COUNT,
	ST_MSG_DELETE_ALL,
	ST_MSG_DELETE_TENANT,
	ST_MSG_DELETE_TENANT_SOME,
	ST_MSG_DELETE_FIXTURES,
	ST_MSG_SCAN,
	ST_MSG_SCAN_SAME,
	ST_MSG_SCAN_ANY,
	ST_MSG_SCAN_ANY_SAME,
	ST_MSG_SCAN_DESC,
	ST_MSG_SCAN_DESC_SAME,
	ST_MSG_SCAN_GLOBAL,
	ST_MSG_SCAN_GLOBAL_SAME,
	ST_MSG_SCAN_GLOBAL_DESC,
	ST_MSG_SCAN_GLOBAL_DESC_SAME,
	ST_POOL_LAST,
	ST_MSG_GROUP,
	ST_MSG_SET_DELIVERED,
	ST_LAST_SENDER,
	ST_MSG_FIND,
	ST_MSG_FIND_TO,
	ST_MSG_FIND_TO_TENANT,
	ST_MSG_FIND_FROM,
	ST_MSG_FIND_TENANT,
	ST_MSG_CANCEL,
};

#define P(id) [DB_PLACE(id)]
static const char *const sql[] = {
    P(ST_MSG_INSERT) = "INSERT INTO messages (" MSG_COLUMNS ") VALUES (" MSG_PARAMS ")",
    P(ST_MSG_UPSERT) = "INSERT OR REPLACE INTO messages (" MSG_COLUMNS ") VALUES (" MSG_PARAMS ")",
    P(ST_MSG_GET) =
        "SELECT " MSG_COLUMNS " FROM messages WHERE id = ?1 AND (tenant = ?2 OR tenant IS NULL)",
    P(ST_MSG_GET_ANY) = "SELECT " MSG_COLUMNS " FROM messages WHERE id = ?1",
    P(ST_MSG_COUNT) = "SELECT count(*) FROM messages",
    P(ST_MSG_DELETE_ALL) = "DELETE FROM messages",
    P(ST_MSG_DELETE_TENANT) = "DELETE FROM messages WHERE tenant = ?1",
    /* A tenant's reset deletes its bulk in bounded steps, each by an index. */
    P(ST_MSG_DELETE_TENANT_SOME) = "DELETE FROM messages WHERE seq IN (SELECT seq FROM messages "
                                   "WHERE tenant = ?1 LIMIT ?2)",
    P(ST_MSG_DELETE_FIXTURES) = "DELETE FROM messages WHERE fixture = 1",
    /*
     * Report rows in creation order, resumed after (?3, ?4), a range read
     * of an index: a tenant's own rows and the global ones come from the
     * tenant index (merged in order in C), so every row read is handed out
     * and LIMIT bounds the work (docs/behaviour.md §4.4); every tenant's, from the time index.
     */
    P(ST_MSG_SCAN) = MSG_SCAN("tenant = ?1", MSG_AFTER, "received_at, seq"),
    P(ST_MSG_SCAN_SAME) = MSG_SCAN("tenant = ?1", MSG_SAME_AFTER, "seq"),
    P(ST_MSG_SCAN_GLOBAL) = MSG_SCAN("tenant IS NULL", MSG_AFTER, "received_at, seq"),
    P(ST_MSG_SCAN_GLOBAL_SAME) = MSG_SCAN("tenant IS NULL", MSG_SAME_AFTER, "seq"),
    P(ST_MSG_SCAN_ANY) = "SELECT " MSG_COLUMNS ", seq FROM messages INDEXED BY messages_by_time "
                         "WHERE " MSG_AFTER " AND ?1 IS NULL ORDER BY received_at, seq LIMIT ?6",
    P(ST_MSG_SCAN_ANY_SAME) =
        "SELECT " MSG_COLUMNS ", seq FROM messages INDEXED BY "
        "messages_by_time WHERE " MSG_SAME_AFTER " AND ?1 IS NULL ORDER BY seq LIMIT ?6",
    /* The same, newest first, resumed before (?3, ?4). */
    P(ST_MSG_SCAN_DESC) = MSG_SCAN("tenant = ?1", MSG_BEFORE, "received_at DESC, seq DESC"),
    P(ST_MSG_SCAN_DESC_SAME) = MSG_SCAN("tenant = ?1", MSG_SAME_BEFORE, "seq DESC"),
    P(ST_MSG_SCAN_GLOBAL_DESC) =
        MSG_SCAN("tenant IS NULL", MSG_BEFORE, "received_at DESC, seq DESC"),
    P(ST_MSG_SCAN_GLOBAL_DESC_SAME) = MSG_SCAN("tenant IS NULL", MSG_SAME_BEFORE, "seq DESC"),
    /* The sender a profile's pool last used (for one recipient, when ?3 is set). */
    P(ST_POOL_LAST) = "SELECT from_number FROM messages WHERE tenant = ?1 "
                      "AND messaging_profile_id = ?2 AND direction = 'outbound' "
                      "AND (?3 IS NULL OR to_number = ?3) ORDER BY seq DESC LIMIT 1",
    P(ST_MSG_GROUP) = "SELECT " MSG_COLUMNS " FROM messages WHERE group_id = "
                      "(SELECT group_id FROM messages WHERE id = ?1 AND tenant = ?2) "
                      "AND tenant = ?2 ORDER BY seq",
    P(ST_MSG_SET_DELIVERED) = "UPDATE messages SET delivered_at = ?2 WHERE id = ?1",
    P(ST_LAST_SENDER) = "SELECT tenant FROM messages WHERE from_number = ?1 "
                        "AND direction = 'outbound' ORDER BY seq DESC LIMIT 1",
    P(ST_MSG_FIND) = MSG_FIND("1"),
    P(ST_MSG_FIND_TO) = MSG_FIND("to_number = ?1"),
    P(ST_MSG_FIND_TO_TENANT) = MSG_FIND("to_number = ?1 AND tenant = ?3"),
    P(ST_MSG_FIND_FROM) = MSG_FIND("from_number = ?2"),
    P(ST_MSG_FIND_TENANT) = MSG_FIND("tenant = ?3"),
    P(ST_MSG_CANCEL) =
        "UPDATE messages SET cancelled_at = ?2 WHERE id = ?1 AND cancelled_at IS NULL",
};
_Static_assert(ARRAY_LEN(sql) <= DB_FAMILY_MAX, "a family has at most DB_FAMILY_MAX statements");

static const int wipe_all[] = {ST_MSG_DELETE_ALL, DB_END};
static const int wipe_fixtures[] = {ST_MSG_DELETE_FIXTURES, DB_END};
static const int wipe_tenant[] = {ST_MSG_DELETE_TENANT, DB_END};
static const int bulk[] = {ST_MSG_DELETE_TENANT_SOME, DB_END};
const struct db_family db_family_messages = {
    "messages", sql, (int)ARRAY_LEN(sql), wipe_all, wipe_fixtures, wipe_tenant, bulk};

static void bind_message(sqlite3_stmt *st, const struct message *m)
{
	db_bind_text(st, 1, m->id);
	db_bind_text(st, 2, m->tenant);
	sqlite3_bind_int(st, 3, m->fixture);
	db_bind_text(st, 4, model_direction_name(m->direction));
	db_bind_text(st, 5, model_type_name(m->mms));
	db_bind_text(st, 6, m->profile_id);
	db_bind_text(st, 7, m->from);
	db_bind_text(st, 8, m->to);
	db_bind_text(st, 9, m->text);
	db_bind_text(st, 10, m->subject);
	db_bind_text(st, 11, m->media_urls);
	db_bind_text(st, 12, m->webhook_url);
	db_bind_text(st, 13, m->webhook_failover_url);
	sqlite3_bind_int(st, 14, m->use_profile_webhooks);
	db_bind_text(st, 15, encoding_name(m->encoding));
	sqlite3_bind_int(st, 16, m->parts);
	db_bind_text(st, 17, m->tags);
	sqlite3_bind_int64(st, 18, m->received_at);
	db_bind_time(st, 19, m->send_at);
	db_bind_time(st, 20, m->delivered_at);
	db_bind_time(st, 21, m->cancelled_at);
	db_bind_text(st, 22, m->group_id);
	db_bind_text(st, 23, m->cc != NULL ? m->cc : "[]");
}

/*
 * Reads a row in MSG_COLUMNS order into m.  With owned, m's strings are
 * copies the caller releases with message_release(); without, they point
 * at the row's columns, valid until the statement steps or resets
 * (docs/design.md §7), and m must not be released.
 */
static void read_message(sqlite3_stmt *st, struct message *m, int owned)
{
	const unsigned char *s;
	int enc;

	memset(m, 0, sizeof *m);
	s = sqlite3_column_text(st, 0);
	snprintf(m->id, sizeof m->id, "%s", s ? (const char *)s : "");
	m->tenant = db_col_str(st, 1, owned);
	m->fixture = sqlite3_column_int(st, 2);
	m->direction =
	    model_direction_from_name((const char *)sqlite3_column_text(st, 3)) == DIR_INBOUND
	        ? DIR_INBOUND
	        : DIR_OUTBOUND;
	s = sqlite3_column_text(st, 4);
	m->mms = s && strcmp((const char *)s, model_type_name(1)) == 0;
	m->profile_id = db_col_str(st, 5, owned);
	m->from = db_col_str(st, 6, owned);
	m->to = db_col_str(st, 7, owned);
	m->text = db_col_str(st, 8, owned);
	m->subject = db_col_str(st, 9, owned);
	m->media_urls = db_col_str(st, 10, owned);
	m->webhook_url = db_col_str(st, 11, owned);
	m->webhook_failover_url = db_col_str(st, 12, owned);
	m->use_profile_webhooks = sqlite3_column_int(st, 13);
	s = sqlite3_column_text(st, 14);
	enc = s ? encoding_from_name((const char *)s) : -1;
	m->encoding = enc < 0 ? ENCODING_GSM7 : (enum encoding_kind)enc;
	m->parts = sqlite3_column_int(st, 15);
	m->tags = db_col_str(st, 16, owned);
	m->received_at = sqlite3_column_int64(st, 17);
	m->send_at = db_col_time(st, 18);
	m->delivered_at = db_col_time(st, 19);
	m->cancelled_at = db_col_time(st, 20);
	m->group_id = db_col_str(st, 21, owned);
	m->cc = db_col_str(st, 22, owned);
}

/* Steps a statement that returns no rows, then resets it.  SQLite's code. */

int db_message_insert(const struct message *m, const struct outbox_event *ev, size_t nev)
{
	int rc;

	bind_message(db_wstmt(ST_MSG_INSERT), m);
	rc = db_wrun(ST_MSG_INSERT);
	for (size_t i = 0; rc == SQLITE_DONE && i < nev; i++)
		rc = db_outbox_add(m, &ev[i]);
	return rc;
}

int db_message_upsert(const struct message *m)
{
	bind_message(db_wstmt(ST_MSG_UPSERT), m);
	return db_wrun(ST_MSG_UPSERT);
}

int db_message_delivered(const char *id, int64_t at)
{
	return db_wrun_list(ST_MSG_SET_DELIVERED, "tI", id, at);
}

int store_message_insert_events(const struct message *m, const struct outbox_event *ev, size_t nev)
{
	int rc;

	/* The events commit with the message or not at all (docs/behaviour.md §3). */
	if (nev > 0) {
		if (db_txn_begin() != SQLITE_DONE)
			return STORE_ERROR;
		rc = db_txn_end(db_message_insert(m, ev, nev));
	} else {
		db_lock();
		rc = db_message_insert(m, NULL, 0);
		db_unlock();
	}
	return db_rc(rc);
}

int store_message_insert(const struct message *m)
{
	return store_message_insert_events(m, NULL, 0);
}

static void row_message(sqlite3_stmt *st, void *out)
{
	read_message(st, out, 1);
}

int store_message_get(const char *id, const char *tenant, struct message *out)
{
	if (tenant == NULL)
		return db_read_one(ST_MSG_GET_ANY, row_message, out, "t", id);
	return db_read_one(ST_MSG_GET, row_message, out, "tt", id, tenant);
}

int store_message_count(int64_t *n)
{
	*n = 0;
	return db_read_one(ST_MSG_COUNT, db_row_int64, n, "") == STORE_OK ? STORE_OK : STORE_ERROR;
}

int store_message_cancel(const char *id, int64_t at)
{
	int changes = 0, rc;

	if (db_txn_begin() != SQLITE_DONE)
		return STORE_ERROR;
	/* The mark and the end of its pending webhooks commit together, or not at all. */
	rc = db_wrun_list(ST_MSG_CANCEL, "tI", id, at);
	changes = db_wchanges();
	if (rc == SQLITE_DONE && changes > 0)
		rc = db_outbox_drop_pending(id);
	if (db_txn_end(rc) != SQLITE_DONE)
		return STORE_ERROR;
	return changes > 0 ? STORE_OK : STORE_NOT_FOUND;
}

int store_pool_last(const char *tenant, const char *profile_id, const char *to, char **sender)
{
	*sender = NULL;
	return db_read_one(ST_POOL_LAST, db_row_text, sender, "ttt", tenant, profile_id, to);
}

int store_last_sender_tenant(const char *number, char **tenant)
{
	*tenant = NULL;
	return db_read_one(ST_LAST_SENDER, db_row_text, tenant, "t", number);
}

/*
 * The profiles a scan has met, so that each is read once a batch rather than
 * joined in for every row (a join per row halved the report download rate).
 */
#define SCAN_PROFILES 8

struct scan_profiles {
	size_t n, next;
	struct profile p[SCAN_PROFILES];
};

/* A message's connection and profile name are its profile's (docs/behaviour.md §4.5). */
static void scan_profile(struct scan_profiles *sp, struct message *m)
{
	struct profile *slot;

	m->connection_id = m->profile_name = NULL;
	if (m->profile_id == NULL)
		return;
	for (size_t i = 0; i < sp->n; i++)
		if (strcmp(sp->p[i].id, m->profile_id) == 0) {
			m->connection_id = sp->p[i].connection_id;
			m->profile_name = sp->p[i].name;
			return;
		}
	slot = &sp->p[sp->n < SCAN_PROFILES ? sp->n++ : sp->next++ % SCAN_PROFILES];
	model_profile_free(slot);
	if (store_profile_get(m->profile_id, NULL, slot) != STORE_OK) {
		model_profile_free(slot);
		slot->id = xstrdup(m->profile_id); /* none: remembered as such */
	}
	m->connection_id = slot->connection_id;
	m->profile_name = slot->name;
}

/* Binds a scan's window and cursor to st. */
/* The cursor's instant (same) or the instants past it, in the window [from, until). */
static void bind_scan(sqlite3_stmt *st, const char *tenant, int64_t from, int64_t until,
                      const struct store_cursor *cur, int descending, int same, size_t limit)
{
	int64_t edge;

	/* Parameters a statement lacks (?1 of the global rows', ?2 or ?5): binding is a no-op. */
	db_bind_text(st, 1, tenant);
	sqlite3_bind_int64(st, 2, from);
	if (same) {
		edge = cur->at;
		sqlite3_bind_int64(st, 4, cur->seq);
	} else if (descending) {
		edge = cur->started && cur->at < until ? cur->at : until;
	} else {
		/* One lower bound, so the index range starts there: past the cursor, or from. */
		edge = from > INT64_MIN ? from - 1 : from;
		if (cur->started && cur->at > edge)
			edge = cur->at;
	}
	sqlite3_bind_int64(st, 3, edge);
	sqlite3_bind_int64(st, 5, until);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)limit);
}

/* Whether row a comes before row b in the scan's order. */
static int scan_first(sqlite3_stmt *a, sqlite3_stmt *b, int descending)
{
	int64_t ta = sqlite3_column_int64(a, MSG_COL_RECEIVED_AT);
	int64_t tb = sqlite3_column_int64(b, MSG_COL_RECEIVED_AT);
	int64_t sa = sqlite3_column_int64(a, MSG_NCOLUMNS),
	        sb = sqlite3_column_int64(b, MSG_NCOLUMNS);
	int before = ta < tb || (ta == tb && sa < sb);

	return descending ? !before : before;
}

/* The statements of a scan: [tenant, global rows, every tenant's][descending][same instant]. */
static const int scan_stmts[3][2][2] = {
    {{ST_MSG_SCAN, ST_MSG_SCAN_SAME}, {ST_MSG_SCAN_DESC, ST_MSG_SCAN_DESC_SAME}},
    {{ST_MSG_SCAN_GLOBAL, ST_MSG_SCAN_GLOBAL_SAME},
     {ST_MSG_SCAN_GLOBAL_DESC, ST_MSG_SCAN_GLOBAL_DESC_SAME}},
    {{ST_MSG_SCAN_ANY, ST_MSG_SCAN_ANY_SAME}, {ST_MSG_SCAN_ANY, ST_MSG_SCAN_ANY_SAME}},
};

/*
 * One range of a scan (the rest of the cursor's instant, or the instants past it): up to
 * limit rows handed to fn, the tenant's and the global ones merged in order.  The rows
 * handed out, or STORE_ERROR; *stopped when fn asked to stop.
 */
static int scan_range(struct db_conn *c, const char *tenant, int64_t from, int64_t until,
                      struct store_cursor *cur, int desc, int same, size_t limit, store_scan_fn fn,
                      void *arg, struct scan_profiles *sp, int *stopped)
{
	sqlite3_stmt *st[2] = {NULL, NULL};
	int rc[2] = {SQLITE_DONE, SQLITE_DONE}, n = 0, ns;
	struct message m;

	if (tenant == NULL) {
		st[0] = db_stmt(c, scan_stmts[2][0][same]);
		ns = 1;
	} else {
		/* The tenant's own rows and the global ones: two index ranges, merged. */
		st[0] = db_stmt(c, scan_stmts[0][desc][same]);
		st[1] = db_stmt(c, scan_stmts[1][desc][same]);
		ns = 2;
	}
	for (int i = 0; i < ns; i++) {
		bind_scan(st[i], tenant, from, until, cur, desc, same, limit);
		rc[i] = sqlite3_step(st[i]);
	}
	while ((size_t)n < limit && (rc[0] == SQLITE_ROW || rc[1] == SQLITE_ROW)) {
		int k = rc[1] != SQLITE_ROW              ? 0
		        : rc[0] != SQLITE_ROW            ? 1
		        : scan_first(st[0], st[1], desc) ? 0
		                                         : 1;

		read_message(st[k], &m, 0);
		cur->started = 1;
		cur->at = m.received_at;
		cur->seq = sqlite3_column_int64(st[k], MSG_NCOLUMNS);
		scan_profile(sp, &m);
		n++;
		*stopped = fn(&m, arg) != 0;
		rc[k] = sqlite3_step(st[k]);
		if (*stopped)
			break;
	}
	for (int i = 0; i < ns; i++) {
		if (rc[i] != SQLITE_ROW && rc[i] != SQLITE_DONE) {
			log_error("store: scanning messages: %s: %s", sqlite3_errmsg(db_handle(c)),
			          sqlite3_sql(st[i]));
			n = STORE_ERROR;
		}
		sqlite3_reset(st[i]);
		sqlite3_clear_bindings(st[i]);
	}
	return n;
}

int store_messages_scan(const char *tenant, int64_t from, int64_t until, struct store_cursor *cur,
                        size_t limit, store_scan_fn fn, void *arg)
{
	struct db_conn *c = db_thread();
	struct scan_profiles sp;
	int desc = tenant != NULL && cur->descending; /* every tenant's: in creation order only */
	int n = 0, stopped = 0;

	memset(&sp, 0, sizeof sp);
	if (c == NULL)
		return STORE_ERROR;
	/* A resumed scan finishes its cursor's instant first, then goes past it. */
	for (int same = cur->started; same >= 0 && !stopped && (size_t)n < limit; same--) {
		int got = scan_range(c, tenant, from, until, cur, desc, same, limit - (size_t)n, fn,
		                     arg, &sp, &stopped);

		if (got < 0) {
			n = STORE_ERROR;
			break;
		}
		n += got;
	}
	for (size_t i = 0; i < sp.n; i++)
		model_profile_free(&sp.p[i]);
	return n;
}

int store_messages_find(const char *to, const char *from, const char *tenant, const char *direction,
                        int64_t *seq, size_t limit, store_scan_fn fn, void *arg)
{
	struct db_conn *c = db_thread();
	sqlite3_stmt *st;
	struct message m;
	int rc, n = 0;

	if (c == NULL)
		return STORE_ERROR;
	st = db_stmt(c, to != NULL && tenant != NULL ? ST_MSG_FIND_TO_TENANT
	                : to != NULL                 ? ST_MSG_FIND_TO
	                : from != NULL               ? ST_MSG_FIND_FROM
	                : tenant != NULL             ? ST_MSG_FIND_TENANT
	                                             : ST_MSG_FIND);
	db_bind_text(st, 1, to);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, tenant);
	db_bind_text(st, 4, direction);
	sqlite3_bind_int64(st, 5, *seq);
	sqlite3_bind_int64(st, 6, limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_message(st, &m, 0);
		*seq = sqlite3_column_int64(st, MSG_NCOLUMNS);
		n++;
		if (fn(&m, arg) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_error("store: finding messages: %s: %s", sqlite3_errmsg(db_handle(c)),
		          sqlite3_sql(st));
		n = STORE_ERROR;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return n;
}

/* A list's callback and its argument. */
struct group_call {
	store_scan_fn fn;
	void *arg;
};

static int group_row(sqlite3_stmt *st, void *arg)
{
	struct group_call *gc = arg;
	struct message m;

	read_message(st, &m, 0);
	return gc->fn(&m, gc->arg);
}

int store_message_group(const char *id, const char *tenant, store_scan_fn fn, void *arg)
{
	struct db_conn *c = db_thread();
	struct group_call gc = {fn, arg};
	sqlite3_stmt *st = db_bound(c, ST_MSG_GROUP, "tt", id, tenant);

	return st != NULL ? db_each_row(c, st, group_row, &gc) : STORE_ERROR;
}
