#include "store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "embedded.h"
#include "log.h"
#include "ticket.h"
#include "util.h"

/* A reader waits this long for a lock before SQLITE_BUSY (only checkpoints take one). */
#define BUSY_TIMEOUT_MS 5000

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
#define REP_COLUMNS                                                                                \
	"id, tenant, origin, created_at, start_ms, end_ms, name, timezone, include_body, "         \
	"failed, spec"
#define REP_PARAMS "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11"
#define PROFILE_COLUMNS                                                                            \
	"id, tenant, name, webhook_url, webhook_failover_url, connection_id, settings, "           \
	"created_at, updated_at, fixture"
#define AUTORESP_COLUMNS                                                                           \
	"id, tenant, profile_id, op, keywords, country_code, resp_text, created_at, updated_at"
#define USAGE_COLUMNS                                                                              \
	"id, tenant, origin, aggregation, start_ms, end_ms, profiles, created_at, failed"
#define NUMBER_COLUMNS                                                                             \
	"id, tenant, phone_number, messaging_profile_id, tags, created_at, updated_at"
/* A number's type as profile_number_type() gives it (docs/behaviour.md §2.5). */
#define NUMBER_TYPE                                                                                \
	"CASE WHEN substr(phone_number, 1, 1) <> '+' THEN 'shortcode' "                            \
	"WHEN length(phone_number) = 12 AND substr(phone_number, 1, 5) IN ('+1800', '+1833', "     \
	"'+1844', '+1855', '+1866', '+1877', '+1888') THEN 'tollfree' ELSE 'longcode' END"
#define NUMBER_WHERE                                                                               \
	"WHERE tenant = ?1 AND (?2 IS NULL OR messaging_profile_id = ?2) "                         \
	"AND (?3 IS NULL OR phone_number = ?3) AND (?4 IS NULL OR instr(phone_number, ?4) > 0) "   \
	"AND (?5 IS NULL OR " NUMBER_TYPE " = ?5 OR (?5 = 'phone' AND " NUMBER_TYPE                \
	" <> 'shortcode'))"

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
#define ATTEMPTS_LIST(lead)                                                                        \
	"SELECT event_id, message_id, tenant, event_type, url, attempt, at, status, error, "       \
	"latency_ms, ok, request_body, signature_timestamp, signature, response_body, "            \
	"response_truncated FROM (SELECT * FROM webhook_attempts WHERE " lead                      \
	" AND (?1 IS NULL OR message_id = ?1) AND (?2 IS NULL OR event_type = ?2) "                \
	"AND (?3 IS NULL OR url = ?3) AND (?6 IS NULL OR tenant = ?6) AND seq > ?4 "               \
	"ORDER BY seq DESC LIMIT ?5) ORDER BY seq"

enum stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_SAVEPOINT,
	ST_RELEASE,
	ST_ROLLBACK_TO,
	ST_MSG_INSERT,
	ST_MSG_UPSERT,
	ST_MSG_GET,
	ST_MSG_GET_ANY,
	ST_MSG_COUNT,
	ST_MSG_DELETE_ALL,
	ST_MSG_DELETE_TENANT,
	ST_MSG_DELETE_TENANT_SOME,
	ST_ATTEMPTS_DELETE_TENANT_SOME,
	ST_OUTBOX_DELETE_TENANT_SOME,
	ST_MSG_DELETE_FIXTURES,
	ST_META_GET,
	ST_META_SET,
	ST_META_RAISE,
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
	ST_REP_INSERT,
	ST_REP_GET,
	ST_REP_GET_ANY,
	ST_REP_LIST,
	ST_REP_NEWEST,
	ST_REP_TOTAL,
	ST_REP_DELETE,
	ST_REP_FAIL,
	ST_REP_DELETE_ALL,
	ST_REP_DELETE_TENANT,
	ST_PROFILE_PUT,
	ST_PROFILE_ADD,
	ST_PROFILE_GET,
	ST_PROFILE_GET_ANY,
	ST_PROFILE_LIST,
	ST_PROFILE_TOTAL,
	ST_PROFILE_DELETE,
	ST_PROFILE_DELETE_NONFIXTURE,
	ST_PROFILE_DELETE_FIXTURE,
	ST_PROFILE_DELETE_TENANT,
	ST_NUMBER_ADD,
	ST_NUMBER_GET,
	ST_NUMBER_SET,
	ST_NUMBER_LIST,
	ST_NUMBER_TOTAL,
	ST_NUMBER_POOL,
	ST_NUMBERS_UNASSIGN,
	ST_NUMBERS_DELETE_ALL,
	ST_NUMBERS_DELETE_TENANT,
	ST_POOL_LAST,
	ST_OPTOUT_LIST,
	ST_OPTOUT_TOTAL,
	ST_MSG_GROUP,
	ST_USAGE_INSERT,
	ST_USAGE_GET,
	ST_USAGE_LIST,
	ST_USAGE_NEWEST,
	ST_USAGE_TOTAL,
	ST_USAGE_DELETE,
	ST_USAGE_DELETE_ALL,
	ST_USAGE_DELETE_TENANT,
	ST_AUTORESP_PUT,
	ST_AUTORESP_GET,
	ST_AUTORESP_DELETE,
	ST_AUTORESP_LIST,
	ST_AUTORESP_COUNT,
	ST_AUTORESP_DELETE_ALL,
	ST_AUTORESP_DELETE_TENANT,
	ST_AUTORESP_DELETE_PROFILE,
	ST_OUTBOX_ADD,
	ST_OUTBOX_NEXT_DUE,
	ST_OUTBOX_TENANT_FIRST,
	ST_OUTBOX_TENANT_AFTER,
	ST_OUTBOX_DUE,
	ST_OUTBOX_CLAIM,
	ST_OUTBOX_UNCLAIM,
	ST_OUTBOX_HELD,
	ST_OUTBOX_FINISH,
	ST_OUTBOX_PRUNE,
	ST_OUTBOX_DELETE_ALL,
	ST_OUTBOX_DELETE_TENANT,
	ST_ATTEMPT_ADD,
	ST_ATTEMPTS_PRUNE,
	ST_ATTEMPTS_LIST,
	ST_ATTEMPTS_LIST_MESSAGE,
	ST_ATTEMPTS_LIST_TENANT,
	ST_ATTEMPTS_DELETE_ALL,
	ST_ATTEMPTS_DELETE_TENANT,
	ST_MSG_SET_DELIVERED,
	ST_BLOCK_ADD,
	ST_BLOCK_REMOVE,
	ST_BLOCK_FIND,
	ST_BLOCKS_DELETE_ALL,
	ST_BLOCKS_DELETE_TENANT,
	ST_LAST_SENDER,
	ST_MSG_FIND,
	ST_MSG_FIND_TO,
	ST_MSG_FIND_TO_TENANT,
	ST_MSG_FIND_FROM,
	ST_MSG_FIND_TENANT,
	ST_MSG_CANCEL,
	ST_OUTBOX_DROP_PENDING,
	ST_BLOCKS_ANY,
	ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    /* One send of a group commit: undone alone when it fails, the batch going on. */
    [ST_SAVEPOINT] = "SAVEPOINT send",
    [ST_RELEASE] = "RELEASE send",
    [ST_ROLLBACK_TO] = "ROLLBACK TO send",
    [ST_MSG_INSERT] = "INSERT INTO messages (" MSG_COLUMNS ") VALUES (" MSG_PARAMS ")",
    [ST_MSG_UPSERT] = "INSERT OR REPLACE INTO messages (" MSG_COLUMNS ") VALUES (" MSG_PARAMS ")",
    [ST_MSG_GET] =
        "SELECT " MSG_COLUMNS " FROM messages WHERE id = ?1 AND (tenant = ?2 OR tenant IS NULL)",
    [ST_MSG_GET_ANY] = "SELECT " MSG_COLUMNS " FROM messages WHERE id = ?1",
    [ST_MSG_COUNT] = "SELECT count(*) FROM messages",
    [ST_MSG_DELETE_ALL] = "DELETE FROM messages",
    [ST_MSG_DELETE_TENANT] = "DELETE FROM messages WHERE tenant = ?1",
    /* A tenant's reset deletes its bulk in bounded steps, each by an index. */
    [ST_MSG_DELETE_TENANT_SOME] = "DELETE FROM messages WHERE seq IN (SELECT seq FROM messages "
                                  "WHERE tenant = ?1 LIMIT ?2)",
    [ST_ATTEMPTS_DELETE_TENANT_SOME] = "DELETE FROM webhook_attempts WHERE seq IN (SELECT seq "
                                       "FROM webhook_attempts WHERE tenant = ?1 LIMIT ?2)",
    [ST_OUTBOX_DELETE_TENANT_SOME] = "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox "
                                     "WHERE tenant = ?1 LIMIT ?2)",
    [ST_MSG_DELETE_FIXTURES] = "DELETE FROM messages WHERE fixture = 1",
    [ST_META_GET] = "SELECT value FROM meta WHERE key = ?1",
    [ST_META_SET] = "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [ST_META_RAISE] = "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                      "ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)",
    /*
     * Report rows in creation order, resumed after (?3, ?4), a range read
     * of an index: a tenant's own rows and the global ones come from the
     * tenant index (merged in order in C), so every row read is handed out
     * and LIMIT bounds the work (docs/behaviour.md §4.4); every tenant's, from the time index.
     */
    [ST_MSG_SCAN] = MSG_SCAN("tenant = ?1", MSG_AFTER, "received_at, seq"),
    [ST_MSG_SCAN_SAME] = MSG_SCAN("tenant = ?1", MSG_SAME_AFTER, "seq"),
    [ST_MSG_SCAN_GLOBAL] = MSG_SCAN("tenant IS NULL", MSG_AFTER, "received_at, seq"),
    [ST_MSG_SCAN_GLOBAL_SAME] = MSG_SCAN("tenant IS NULL", MSG_SAME_AFTER, "seq"),
    [ST_MSG_SCAN_ANY] = "SELECT " MSG_COLUMNS ", seq FROM messages INDEXED BY messages_by_time "
                        "WHERE " MSG_AFTER " AND ?1 IS NULL ORDER BY received_at, seq LIMIT ?6",
    [ST_MSG_SCAN_ANY_SAME] =
        "SELECT " MSG_COLUMNS ", seq FROM messages INDEXED BY "
        "messages_by_time WHERE " MSG_SAME_AFTER " AND ?1 IS NULL ORDER BY seq LIMIT ?6",
    /* The same, newest first, resumed before (?3, ?4). */
    [ST_MSG_SCAN_DESC] = MSG_SCAN("tenant = ?1", MSG_BEFORE, "received_at DESC, seq DESC"),
    [ST_MSG_SCAN_DESC_SAME] = MSG_SCAN("tenant = ?1", MSG_SAME_BEFORE, "seq DESC"),
    [ST_MSG_SCAN_GLOBAL_DESC] =
        MSG_SCAN("tenant IS NULL", MSG_BEFORE, "received_at DESC, seq DESC"),
    [ST_MSG_SCAN_GLOBAL_DESC_SAME] = MSG_SCAN("tenant IS NULL", MSG_SAME_BEFORE, "seq DESC"),
    [ST_REP_INSERT] = "INSERT INTO reports (" REP_COLUMNS ") VALUES (" REP_PARAMS ")",
    [ST_REP_GET] = "SELECT " REP_COLUMNS " FROM reports WHERE id = ?1 AND tenant = ?2",
    [ST_REP_GET_ANY] = "SELECT " REP_COLUMNS " FROM reports WHERE id = ?1",
    [ST_REP_LIST] = "SELECT " REP_COLUMNS " FROM reports WHERE tenant = ?1 "
                    "ORDER BY created_at DESC, seq DESC LIMIT ?2 OFFSET ?3",
    [ST_REP_NEWEST] = "SELECT " REP_COLUMNS " FROM reports WHERE ?1 IS NULL OR tenant = ?1 "
                      "ORDER BY seq DESC LIMIT ?2",
    [ST_REP_TOTAL] = "SELECT count(*) FROM reports WHERE tenant = ?1",
    [ST_REP_DELETE] = "DELETE FROM reports WHERE id = ?1 AND tenant = ?2",
    [ST_REP_FAIL] = "UPDATE reports SET failed = 1 WHERE id = ?1",
    [ST_REP_DELETE_ALL] = "DELETE FROM reports",
    [ST_REP_DELETE_TENANT] = "DELETE FROM reports WHERE tenant = ?1",
    [ST_PROFILE_PUT] = "INSERT OR REPLACE INTO profiles (" PROFILE_COLUMNS ") "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [ST_PROFILE_ADD] = "INSERT OR IGNORE INTO profiles (" PROFILE_COLUMNS ") "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [ST_PROFILE_GET] = "SELECT " PROFILE_COLUMNS " FROM profiles WHERE id = ?1 "
                       "AND (tenant = ?2 OR tenant IS NULL)",
    [ST_PROFILE_GET_ANY] = "SELECT " PROFILE_COLUMNS " FROM profiles WHERE id = ?1",
    /* A tenant's profiles and the global ones, oldest first, by name when asked. */
    [ST_PROFILE_LIST] = "SELECT " PROFILE_COLUMNS " FROM profiles "
                        "WHERE (tenant = ?1 OR tenant IS NULL) AND (?2 IS NULL OR name = ?2) "
                        "AND (?3 IS NULL OR instr(name, ?3) > 0) "
                        "ORDER BY created_at, id LIMIT ?4 OFFSET ?5",
    [ST_PROFILE_TOTAL] = "SELECT count(*) FROM profiles "
                         "WHERE (tenant = ?1 OR tenant IS NULL) AND (?2 IS NULL OR name = ?2) "
                         "AND (?3 IS NULL OR instr(name, ?3) > 0)",
    [ST_PROFILE_DELETE] = "DELETE FROM profiles WHERE id = ?1 AND tenant = ?2",
    [ST_PROFILE_DELETE_NONFIXTURE] = "DELETE FROM profiles WHERE fixture = 0",
    [ST_PROFILE_DELETE_FIXTURE] = "DELETE FROM profiles WHERE fixture = 1",
    [ST_PROFILE_DELETE_TENANT] = "DELETE FROM profiles WHERE tenant = ?1",
    [ST_NUMBER_ADD] = "INSERT OR IGNORE INTO numbers (" NUMBER_COLUMNS ") "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_NUMBER_GET] = "SELECT " NUMBER_COLUMNS " FROM numbers WHERE tenant = ?1 "
                      "AND (id = ?2 OR phone_number = ?2)",
    [ST_NUMBER_SET] = "UPDATE numbers SET messaging_profile_id = ?3, tags = ?4, updated_at = ?5 "
                      "WHERE tenant = ?1 AND id = ?2",
    [ST_NUMBER_LIST] = "SELECT " NUMBER_COLUMNS " FROM numbers " NUMBER_WHERE
                       " ORDER BY CASE WHEN ?6 THEN phone_number END DESC, phone_number "
                       "LIMIT ?7 OFFSET ?8",
    [ST_NUMBER_TOTAL] = "SELECT count(*) FROM numbers " NUMBER_WHERE,
    [ST_NUMBER_POOL] = "SELECT phone_number FROM numbers WHERE tenant = ?1 "
                       "AND messaging_profile_id = ?2 ORDER BY phone_number",
    [ST_NUMBERS_UNASSIGN] = "UPDATE numbers SET messaging_profile_id = ?3, updated_at = ?4 "
                            "WHERE tenant = ?1 AND messaging_profile_id = ?2",
    [ST_NUMBERS_DELETE_ALL] = "DELETE FROM numbers",
    [ST_NUMBERS_DELETE_TENANT] = "DELETE FROM numbers WHERE tenant = ?1",
    /* The sender a profile's pool last used (for one recipient, when ?3 is set). */
    [ST_POOL_LAST] = "SELECT from_number FROM messages WHERE tenant = ?1 "
                     "AND messaging_profile_id = ?2 AND direction = 'outbound' "
                     "AND (?3 IS NULL OR to_number = ?3) ORDER BY seq DESC LIMIT 1",
    [ST_OPTOUT_LIST] = "SELECT tenant, sender, recipient, keyword, messaging_profile_id, "
                       "created_at FROM blocks WHERE (tenant = ?1 OR tenant IS NULL) "
                       "AND (?2 IS NULL OR sender = ?2) "
                       "AND (?3 IS NULL OR messaging_profile_id = ?3) "
                       "AND created_at >= ?4 AND created_at <= ?5 "
                       "ORDER BY created_at DESC, seq DESC LIMIT ?6 OFFSET ?7",
    [ST_OPTOUT_TOTAL] = "SELECT count(*) FROM blocks WHERE (tenant = ?1 OR tenant IS NULL) "
                        "AND (?2 IS NULL OR sender = ?2) "
                        "AND (?3 IS NULL OR messaging_profile_id = ?3) "
                        "AND created_at >= ?4 AND created_at <= ?5",
    [ST_AUTORESP_PUT] = "INSERT OR REPLACE INTO autoresp (" AUTORESP_COLUMNS ") "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [ST_AUTORESP_GET] = "SELECT " AUTORESP_COLUMNS " FROM autoresp "
                        "WHERE id = ?1 AND profile_id = ?2 AND tenant = ?3",
    [ST_AUTORESP_DELETE] = "DELETE FROM autoresp WHERE id = ?1 AND profile_id = ?2 AND tenant = ?3",
    [ST_AUTORESP_LIST] =
        "SELECT " AUTORESP_COLUMNS " FROM autoresp "
        "WHERE profile_id = ?1 AND tenant = ?2 AND (?3 IS NULL OR country_code = ?3) "
        "AND created_at BETWEEN ?4 AND ?5 AND updated_at BETWEEN ?6 AND ?7 "
        "ORDER BY created_at, seq",
    [ST_AUTORESP_COUNT] = "SELECT count(*) FROM autoresp WHERE profile_id = ?1 AND tenant = ?2",
    [ST_AUTORESP_DELETE_ALL] = "DELETE FROM autoresp",
    [ST_AUTORESP_DELETE_TENANT] = "DELETE FROM autoresp WHERE tenant = ?1",
    [ST_AUTORESP_DELETE_PROFILE] = "DELETE FROM autoresp WHERE profile_id = ?1 AND tenant = ?2",
    [ST_USAGE_INSERT] = "INSERT INTO usage_reports (" USAGE_COLUMNS ") "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [ST_USAGE_GET] = "SELECT " USAGE_COLUMNS " FROM usage_reports "
                     "WHERE id = ?1 AND (?2 IS NULL OR tenant = ?2) AND (?3 = 0 OR origin = ?3)",
    [ST_USAGE_LIST] = "SELECT " USAGE_COLUMNS " FROM usage_reports WHERE tenant = ?1 "
                      "AND origin = ?2 ORDER BY created_at DESC, seq DESC LIMIT ?3 OFFSET ?4",
    [ST_USAGE_NEWEST] = "SELECT " USAGE_COLUMNS " FROM usage_reports WHERE ?1 IS NULL OR "
                        "tenant = ?1 ORDER BY seq DESC LIMIT ?2",
    [ST_USAGE_TOTAL] = "SELECT count(*) FROM usage_reports WHERE tenant = ?1 AND origin = ?2",
    [ST_USAGE_DELETE] = "DELETE FROM usage_reports WHERE id = ?1 AND tenant = ?2 AND origin = ?3",
    [ST_USAGE_DELETE_ALL] = "DELETE FROM usage_reports",
    [ST_USAGE_DELETE_TENANT] = "DELETE FROM usage_reports WHERE tenant = ?1",
    [ST_MSG_GROUP] = "SELECT " MSG_COLUMNS " FROM messages WHERE group_id = "
                     "(SELECT group_id FROM messages WHERE id = ?1 AND tenant = ?2) "
                     "AND tenant = ?2 ORDER BY seq",
    [ST_OUTBOX_ADD] = "INSERT INTO outbox (event_id, message_id, event_type, due_at, tenant) "
                      "VALUES (?1, ?2, ?3, ?4, coalesce(?5, ''))",
    /* outbox.state: 0 pending, 1-3 finished (enum outbox_state), 4 claimed (in flight). */
    [ST_OUTBOX_NEXT_DUE] = "SELECT due_at FROM outbox WHERE state = 0 AND due_at > ?1 "
                           "ORDER BY due_at LIMIT 1",
    [ST_OUTBOX_TENANT_FIRST] = "SELECT tenant FROM outbox WHERE state = 0 ORDER BY tenant LIMIT 1",
    [ST_OUTBOX_TENANT_AFTER] =
        "SELECT tenant FROM outbox WHERE state = 0 AND tenant > ?1 ORDER BY tenant LIMIT 1",
    /* A tenant's due events whose message has no earlier event pending or in flight. */
    [ST_OUTBOX_DUE] = "SELECT seq, event_id, message_id, event_type, due_at FROM outbox o "
                      "WHERE state = 0 AND tenant = ?1 AND due_at <= ?2 AND NOT EXISTS "
                      "(SELECT 1 FROM outbox p WHERE p.message_id = o.message_id "
                      "AND p.seq < o.seq AND p.state IN (0, 4)) ORDER BY due_at, seq LIMIT ?3",
    [ST_OUTBOX_CLAIM] = "UPDATE outbox SET state = 4 WHERE seq = ?1 AND state = 0",
    [ST_OUTBOX_UNCLAIM] = "UPDATE outbox SET state = 0 WHERE state = 4",
    [ST_OUTBOX_HELD] = "SELECT 1 FROM outbox WHERE seq = ?1",
    [ST_OUTBOX_FINISH] = "UPDATE outbox SET state = ?2 WHERE seq = ?1 AND state = 4",
    [ST_OUTBOX_PRUNE] = "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox "
                        "WHERE state NOT IN (0, 4) AND due_at < ?1 LIMIT ?2)",
    [ST_OUTBOX_DELETE_ALL] = "DELETE FROM outbox",
    [ST_OUTBOX_DELETE_TENANT] = "DELETE FROM outbox WHERE tenant = ?1",
    [ST_ATTEMPT_ADD] = "INSERT INTO webhook_attempts (event_id, message_id, tenant, event_type, "
                       "url, attempt, at, status, error, latency_ms, ok, vat, request_body, "
                       "signature_timestamp, signature, response_body, response_truncated) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                       "?15, ?16, ?17)",
    [ST_ATTEMPTS_PRUNE] = "DELETE FROM webhook_attempts WHERE seq IN (SELECT seq FROM "
                          "webhook_attempts WHERE vat < ?1 LIMIT ?2)",
    /* The newest ?5 matching attempts, handed out oldest first; one variant per index. */
    [ST_ATTEMPTS_LIST] = ATTEMPTS_LIST("1"),
    [ST_ATTEMPTS_LIST_MESSAGE] = ATTEMPTS_LIST("message_id = ?1"),
    [ST_ATTEMPTS_LIST_TENANT] = ATTEMPTS_LIST("tenant = ?6"),
    [ST_ATTEMPTS_DELETE_ALL] = "DELETE FROM webhook_attempts",
    [ST_ATTEMPTS_DELETE_TENANT] = "DELETE FROM webhook_attempts WHERE tenant = ?1",
    [ST_MSG_SET_DELIVERED] = "UPDATE messages SET delivered_at = ?2 WHERE id = ?1",
    [ST_BLOCK_ADD] = "INSERT INTO blocks (tenant, sender, recipient, keyword, "
                     "messaging_profile_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_BLOCK_REMOVE] = "DELETE FROM blocks WHERE tenant IS ?1 AND sender = ?2 AND recipient = ?3",
    [ST_BLOCK_FIND] = "SELECT 1 FROM blocks WHERE sender = ?2 AND recipient = ?3 "
                      "AND (tenant IS NULL OR tenant = ?1) LIMIT 1",
    [ST_BLOCKS_DELETE_ALL] = "DELETE FROM blocks",
    [ST_BLOCKS_DELETE_TENANT] = "DELETE FROM blocks WHERE tenant = ?1",
    [ST_LAST_SENDER] = "SELECT tenant FROM messages WHERE from_number = ?1 "
                       "AND direction = 'outbound' ORDER BY seq DESC LIMIT 1",
    [ST_MSG_FIND] = MSG_FIND("1"),
    [ST_MSG_FIND_TO] = MSG_FIND("to_number = ?1"),
    [ST_MSG_FIND_TO_TENANT] = MSG_FIND("to_number = ?1 AND tenant = ?3"),
    [ST_MSG_FIND_FROM] = MSG_FIND("from_number = ?2"),
    [ST_MSG_FIND_TENANT] = MSG_FIND("tenant = ?3"),
    [ST_MSG_CANCEL] =
        "UPDATE messages SET cancelled_at = ?2 WHERE id = ?1 AND cancelled_at IS NULL",
    [ST_OUTBOX_DROP_PENDING] = "DELETE FROM outbox WHERE message_id = ?1 AND state = 0",
    /* Whether any opt-out exists (any_blocks). */
    [ST_BLOCKS_ANY] = "SELECT EXISTS (SELECT 1 FROM blocks)",
};

struct conn {
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	struct conn *next;
};

static char *db_uri; /* what every connection opens */
static int db_is_memory;
static pthread_key_t conn_key;
static pthread_mutex_t conns_mu = PTHREAD_MUTEX_INITIALIZER;
static struct conn *conns; /* every open connection, for store_close() */
static pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER;
/*
 * Every write goes through one connection under write_mu: its page cache
 * stays warm, and no thread ever waits on SQLite's file locks for another.
 */
static struct conn *writer;

/*
 * Checkpoints run on their own thread with their own connection, so no
 * request pays for copying the WAL back into the database (and its fsync).
 * The writer's WAL hook wakes the thread once the log holds CHECKPOINT_PAGES.
 */
#define CHECKPOINT_PAGES 1000
static struct {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	struct conn *conn;
	int started, due, stop;
} ckpt = {.mu = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
static _Atomic int wal_pages; /* the WAL's size at the last commit, from the hook */
/* Whether any opt-out exists: most runs have none, and then a send skips the lookup. */
static _Atomic int any_blocks = 1;

static void conn_free(struct conn *c)
{
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(c->st[i]);
	sqlite3_close(c->db);
	free(c);
}

/* Thread exit: unregister and close the thread's connection. */
static void conn_destroy(void *p)
{
	struct conn *c = p, **pp;

	pthread_mutex_lock(&conns_mu);
	for (pp = &conns; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	pthread_mutex_unlock(&conns_mu);
	conn_free(c);
}

static int exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

	if (rc == SQLITE_OK)
		return 0;
	if ((rc & 0xff) == SQLITE_BUSY) /* a file is one process's (conn_open()) */
		snprintf(err, errlen,
		         "the database is in use by another process (another mdrmock on the "
		         "same --db?)");
	else
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

/* Opens a connection with its pragmas and statements.  NULL with err set. */
static struct conn *conn_open(char *err, size_t errlen)
{
	struct conn *c = xcalloc(1, sizeof *c);
	int flags =
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;

	/*
	 * A file is this process's alone (docs/design.md §7): "unix-excl" holds an exclusive lock
	 * on it and keeps the WAL index in memory, so a read takes no file lock (fcntl) of its
	 * own, which was a third of a lookup by id; another process cannot open the file meanwhile.
	 */
	const char *vfs =
	    db_is_memory || sqlite3_vfs_find("unix-excl") == NULL ? NULL : "unix-excl";

	if (sqlite3_open_v2(db_uri, &c->db, flags, vfs) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database: %s", sqlite3_errmsg(c->db));
		goto fail;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	if (exec(c->db, "PRAGMA foreign_keys = ON", err, errlen) != 0)
		goto fail;
	/*
	 * No fsync: a committed write is in the WAL, in the OS's page cache,
	 * so it survives the process being killed (what a mock promises,
	 * docs/behaviour.md §8); an OS crash or power loss may lose recent writes.
	 * Measured: POST at 32 connections 7,200 -> 9,400 req/s, p99 24 -> 8 ms.
	 */
	if (!db_is_memory && exec(c->db, "PRAGMA synchronous = OFF", err, errlen) != 0)
		goto fail;
	return c;
fail:
	conn_free(c);
	return NULL;
}

/*
 * Statement s of connection c, compiled on its first use: a connection costs
 * what it runs, not every statement there is (start-up, bench/README.md).
 * NULL when it does not compile, which SQLite's calls take as a misuse and
 * refuse; store_check() compiles them all, for the tests.
 */
static sqlite3_stmt *stmt(struct conn *c, int s)
{
	if (c->st[s] == NULL &&
	    sqlite3_prepare_v3(c->db, stmt_sql[s], -1, SQLITE_PREPARE_PERSISTENT, &c->st[s],
	                       NULL) != SQLITE_OK) {
		log_error("store: statement %d does not compile: %s: %s", s, sqlite3_errmsg(c->db),
		          stmt_sql[s]);
		c->st[s] = NULL;
	}
	return c->st[s];
}

static void conn_register(struct conn *c)
{
	pthread_setspecific(conn_key, c);
	pthread_mutex_lock(&conns_mu);
	c->next = conns;
	conns = c;
	pthread_mutex_unlock(&conns_mu);
}

/* The calling thread's connection, opened on first use; NULL when it cannot open. */
static struct conn *conn(void)
{
	struct conn *c = pthread_getspecific(conn_key);
	char err[256];

	if (c != NULL)
		return c;
	c = conn_open(err, sizeof err);
	if (c == NULL) {
		log_error("store: %s", err);
		return NULL;
	}
	conn_register(c);
	return c;
}

int store_explain(int (*fn)(int i, const char *sql, const char *plan, void *arg), void *arg)
{
	struct conn *c = conn();
	int n = 0;

	if (c == NULL)
		return -1;
	for (int i = 0; i < ST_COUNT; i++) {
		char *q = xasprintf("EXPLAIN QUERY PLAN %s", stmt_sql[i]);
		sqlite3_stmt *st = NULL;
		struct buf plan;

		buf_init(&plan);
		if (sqlite3_prepare_v2(c->db, q, -1, &st, NULL) == SQLITE_OK)
			while (sqlite3_step(st) == SQLITE_ROW)
				buf_addf(&plan, "%s\n", (const char *)sqlite3_column_text(st, 3));
		sqlite3_finalize(st);
		free(q);
		n++;
		if (fn(i, stmt_sql[i], plan.data != NULL ? plan.data : "", arg) != 0) {
			buf_release(&plan);
			break;
		}
		buf_release(&plan);
	}
	return n;
}

int store_schema(struct buf *out)
{
	struct conn *c = conn();
	sqlite3_stmt *st = NULL;
	int rc;

	if (c == NULL || sqlite3_prepare_v2(c->db,
	                                    "SELECT type, name, tbl_name, sql FROM sqlite_schema "
	                                    "UNION ALL SELECT 'user_version', user_version, '', '' "
	                                    "FROM pragma_user_version ORDER BY 1, 2",
	                                    -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int i = 0; i < 4; i++)
			buf_addf(out, "%s%s",
			         (const char *)sqlite3_column_text(st, i)
			             ? (const char *)sqlite3_column_text(st, i)
			             : "",
			         i < 3 ? "|" : "\n");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_check(char *err, size_t errlen)
{
	struct conn *c = conn();

	if (c == NULL) {
		snprintf(err, errlen, "no connection");
		return -1;
	}
	for (int i = 0; i < ST_COUNT; i++) {
		if (stmt(c, i) == NULL) {
			snprintf(err, errlen, "statement %d does not compile: %s", i,
			         sqlite3_errmsg(c->db));
			return -1;
		}
	}
	return 0;
}

/*
 * A fresh :memory: database: the build's image of the migrated schema
 * (embedded.h), copied in page by page instead of running every migration
 * at start-up (bench/README.md).  0, or -1 (then the migrations run).
 */
static int restore_image(sqlite3 *db)
{
	sqlite3_int64 n = (sqlite3_int64)embedded_schema_image_size;
	sqlite3 *img = NULL;
	sqlite3_backup *b;
	int rc = -1;

	if (n == 0 || sqlite3_open(":memory:", &img) != SQLITE_OK)
		goto out;
	/* Read-only: SQLite reads the image where it lies and never writes it. */
	if (sqlite3_deserialize(img, "main", (unsigned char *)(uintptr_t)embedded_schema_image, n,
	                        n, SQLITE_DESERIALIZE_READONLY) != SQLITE_OK)
		goto out;
	b = sqlite3_backup_init(db, "main", img, "main");
	if (b != NULL && sqlite3_backup_step(b, -1) == SQLITE_DONE)
		rc = 0;
	if (sqlite3_backup_finish(b) != SQLITE_OK)
		rc = -1;
out:
	sqlite3_close(img);
	return rc;
}

static int migrate(sqlite3 *db, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int version = 0;
	char sql[64];

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version > (int)embedded_migrations_count) {
		snprintf(err, errlen,
		         "the database is at schema version %d, newer than this mdrmock (%u)",
		         version, embedded_migrations_count);
		return -1;
	}
	for (unsigned i = (unsigned)version; i < embedded_migrations_count; i++) {
		char why[200];

		snprintf(sql, sizeof sql, "PRAGMA user_version = %u", i + 1);
		if (exec(db, "BEGIN IMMEDIATE", why, sizeof why) != 0 ||
		    exec(db, embedded_migrations[i].text, why, sizeof why) != 0 ||
		    exec(db, sql, why, sizeof why) != 0 ||
		    exec(db, "COMMIT", why, sizeof why) != 0) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			snprintf(err, errlen, "migration %s failed: %s",
			         embedded_migrations[i].name, why);
			return -1;
		}
	}
	return 0;
}

static int wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	(void)arg;
	(void)db;
	(void)name;
	wal_pages = pages;
	if (pages >= CHECKPOINT_PAGES) {
		pthread_mutex_lock(&ckpt.mu);
		ckpt.due = 1;
		pthread_cond_signal(&ckpt.cond);
		pthread_mutex_unlock(&ckpt.mu);
	}
	return SQLITE_OK;
}

/*
 * One PASSIVE checkpoint on the checkpointer's connection.  Returns the
 * frames it left uncopied; SQLITE_BUSY (a writer in the way) is not an error.
 */
static int checkpoint_once(void)
{
	int log = 0, done = 0;
	int rc =
	    sqlite3_wal_checkpoint_v2(ckpt.conn->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);

	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		log_warn("store: checkpoint: %s", sqlite3_errmsg(ckpt.conn->db));
	return rc == SQLITE_OK && log > done ? log - done : 0;
}

static void *checkpointer(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&ckpt.mu);
	for (;;) {
		while (!ckpt.due && !ckpt.stop)
			pthread_cond_wait(&ckpt.cond, &ckpt.mu);
		if (ckpt.stop)
			break;
		ckpt.due = 0;
		pthread_mutex_unlock(&ckpt.mu);
		/*
		 * First copy what is there while writers go on (the long part,
		 * with the fsync).  Under steady writes that never catches up,
		 * and the WAL can only restart from its beginning once it has
		 * been copied whole; so then copy the few frames written
		 * meanwhile with writes held back for that short moment.
		 */
		if (checkpoint_once() > 0 && wal_pages >= 4 * CHECKPOINT_PAGES) {
			pthread_mutex_lock(&write_mu);
			checkpoint_once();
			pthread_mutex_unlock(&write_mu);
		}
		pthread_mutex_lock(&ckpt.mu);
	}
	pthread_mutex_unlock(&ckpt.mu);
	return NULL;
}

static int checkpointer_start(char *err, size_t errlen)
{
	ckpt.conn = conn_open(err, errlen);
	if (ckpt.conn == NULL)
		return -1;
	ckpt.due = ckpt.stop = 0;
	if (pthread_create(&ckpt.thread, NULL, checkpointer, NULL) != 0) {
		snprintf(err, errlen, "cannot start the checkpoint thread");
		conn_free(ckpt.conn);
		ckpt.conn = NULL;
		return -1;
	}
	ckpt.started = 1;
	/* Replaces SQLite's own auto-checkpoint, which would run in the writer. */
	sqlite3_wal_hook(writer->db, wal_hook, NULL);
	return 0;
}

static void checkpointer_stop(void)
{
	if (!ckpt.started)
		return;
	pthread_mutex_lock(&ckpt.mu);
	ckpt.stop = 1;
	pthread_cond_signal(&ckpt.cond);
	pthread_mutex_unlock(&ckpt.mu);
	pthread_join(ckpt.thread, NULL);
	conn_free(ckpt.conn);
	ckpt.conn = NULL;
	ckpt.started = 0;
}

static int committer_start(void);
static void committer_stop(void);

int store_open(const char *path, char *err, size_t errlen)
{
	static unsigned serial;
	static int configured;
	struct conn *c;

	/* Before SQLite's first use: no process-wide count of its memory, which takes a global
	 * mutex on every allocation of every connection. */
	if (!configured) {
		configured = 1;
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}

	if (pthread_key_create(&conn_key, conn_destroy) != 0) {
		snprintf(err, errlen, "pthread_key_create failed");
		return -1;
	}
	db_is_memory = strcmp(path, ":memory:") == 0;
	if (db_is_memory) {
		/*
		 * A named memdb database is shared by every connection of this
		 * process (SQLite 3.36+) and lives while one stays open: the
		 * writer's, until store_close().
		 */
		db_uri = xasprintf("file:/mdrmock-%ld-%u?vfs=memdb", (long)getpid(), serial++);
	} else {
		/* With SQLITE_OPEN_URI only names starting "file:" are URIs; others stay paths. */
		db_uri = xstrdup(path);
	}
	c = conn_open(err, errlen);
	if (c == NULL)
		goto fail;
	/* A restarted WAL is cut back to 64 MiB, so a burst does not keep its disk space. */
	if (!db_is_memory &&
	    (exec(c->db, "PRAGMA journal_mode = WAL", err, errlen) != 0 ||
	     exec(c->db, "PRAGMA journal_size_limit = 67108864", err, errlen) != 0))
		goto fail_conn;
	if (db_is_memory && restore_image(c->db) != 0)
		log_warn("store: the schema image could not be copied in; migrating");
	if (migrate(c->db, err, errlen) != 0)
		goto fail_conn;
	writer = c;
	if (!db_is_memory && checkpointer_start(err, errlen) != 0)
		goto fail_conn;
	if (committer_start() != 0) {
		snprintf(err, errlen, "cannot start the store's writer thread");
		checkpointer_stop();
		goto fail_conn;
	}
	return 0;
fail_conn:
	conn_free(c);
	writer = NULL;
fail:
	free(db_uri);
	db_uri = NULL;
	pthread_key_delete(conn_key);
	return -1;
}

void store_close(void)
{
	committer_stop();
	checkpointer_stop();
	pthread_mutex_lock(&conns_mu);
	while (conns != NULL) {
		struct conn *c = conns;

		conns = c->next;
		conn_free(c);
	}
	pthread_mutex_unlock(&conns_mu);
	/* The last connection to close checkpoints the WAL and removes it. */
	if (writer != NULL)
		conn_free(writer);
	writer = NULL;
	pthread_setspecific(conn_key, NULL);
	pthread_key_delete(conn_key);
	free(db_uri);
	db_uri = NULL;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static void bind_time(sqlite3_stmt *st, int i, int64_t ms)
{
	if (ms < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, ms);
}

/*
 * Binds parameters ?1, ?2 ... from a list described by fmt, one letter a
 * parameter: 't' a string (NULL binds NULL), 'i' an int, 'I' an int64_t,
 * 'T' a time (int64_t; negative binds NULL), 'n' an int status (0 or less
 * binds NULL).
 */
static void bind_list(sqlite3_stmt *st, const char *fmt, va_list ap)
{
	for (int i = 1; *fmt != '\0'; fmt++, i++) {
		int v;

		switch (*fmt) {
		case 't':
			bind_text(st, i, va_arg(ap, const char *));
			break;
		case 'i':
			sqlite3_bind_int(st, i, va_arg(ap, int));
			break;
		case 'I':
			sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
			break;
		case 'T':
			bind_time(st, i, va_arg(ap, int64_t));
			break;
		case 'n':
			v = va_arg(ap, int);
			if (v > 0)
				sqlite3_bind_int(st, i, v);
			else
				sqlite3_bind_null(st, i);
			break;
		default:
			log_error("store: bad bind format '%c'", *fmt);
			return;
		}
	}
}

static void bind_message(sqlite3_stmt *st, const struct message *m)
{
	bind_text(st, 1, m->id);
	bind_text(st, 2, m->tenant);
	sqlite3_bind_int(st, 3, m->fixture);
	bind_text(st, 4, model_direction_name(m->direction));
	bind_text(st, 5, model_type_name(m->mms));
	bind_text(st, 6, m->profile_id);
	bind_text(st, 7, m->from);
	bind_text(st, 8, m->to);
	bind_text(st, 9, m->text);
	bind_text(st, 10, m->subject);
	bind_text(st, 11, m->media_urls);
	bind_text(st, 12, m->webhook_url);
	bind_text(st, 13, m->webhook_failover_url);
	sqlite3_bind_int(st, 14, m->use_profile_webhooks);
	bind_text(st, 15, encoding_name(m->encoding));
	sqlite3_bind_int(st, 16, m->parts);
	bind_text(st, 17, m->tags);
	sqlite3_bind_int64(st, 18, m->received_at);
	bind_time(st, 19, m->send_at);
	bind_time(st, 20, m->delivered_at);
	bind_time(st, 21, m->cancelled_at);
	bind_text(st, 22, m->group_id);
	bind_text(st, 23, m->cc != NULL ? m->cc : "[]");
}

static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

static int64_t col_time(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i);
}

/* A text column borrowed (owned: 0) or copied (owned: 1). */
static char *col_str(sqlite3_stmt *st, int i, int owned)
{
	return owned ? col_text(st, i) : (char *)sqlite3_column_text(st, i);
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
	m->tenant = col_str(st, 1, owned);
	m->fixture = sqlite3_column_int(st, 2);
	m->direction =
	    model_direction_from_name((const char *)sqlite3_column_text(st, 3)) == DIR_INBOUND
	        ? DIR_INBOUND
	        : DIR_OUTBOUND;
	s = sqlite3_column_text(st, 4);
	m->mms = s && strcmp((const char *)s, model_type_name(1)) == 0;
	m->profile_id = col_str(st, 5, owned);
	m->from = col_str(st, 6, owned);
	m->to = col_str(st, 7, owned);
	m->text = col_str(st, 8, owned);
	m->subject = col_str(st, 9, owned);
	m->media_urls = col_str(st, 10, owned);
	m->webhook_url = col_str(st, 11, owned);
	m->webhook_failover_url = col_str(st, 12, owned);
	m->use_profile_webhooks = sqlite3_column_int(st, 13);
	s = sqlite3_column_text(st, 14);
	enc = s ? encoding_from_name((const char *)s) : -1;
	m->encoding = enc < 0 ? ENCODING_GSM7 : (enum encoding_kind)enc;
	m->parts = sqlite3_column_int(st, 15);
	m->tags = col_str(st, 16, owned);
	m->received_at = sqlite3_column_int64(st, 17);
	m->send_at = col_time(st, 18);
	m->delivered_at = col_time(st, 19);
	m->cancelled_at = col_time(st, 20);
	m->group_id = col_str(st, 21, owned);
	m->cc = col_str(st, 22, owned);
}

/* Steps a statement that returns no rows, then resets it.  SQLite's code. */
static int run(struct conn *c, enum stmt s)
{
	sqlite3_stmt *st = stmt(c, s);
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && (rc & 0xff) != SQLITE_CONSTRAINT)
		log_error("store: %s: %s", stmt_sql[s], sqlite3_errmsg(c->db));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* Binds fmt's list (bind_list()) to s on the writer and runs it; the caller holds write_mu. */
static int run_list(enum stmt s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bind_list(stmt(writer, s), fmt, ap);
	va_end(ap);
	return run(writer, s);
}

/* A number, unless its tenant has it (INSERT OR IGNORE); the caller holds write_mu. */
static int add_number(const struct number *n)
{
	return run_list(ST_NUMBER_ADD, "tttttII", n->id, n->tenant, n->phone_number, n->profile_id,
	                n->tags ? n->tags : "[]", n->created_at, n->updated_at);
}

/*
 * The one write helper: binds fmt's list (bind_list()) to s, runs it on the
 * writer under write_mu, and reports how many rows it changed in *changes
 * (may be NULL).  STORE_OK, STORE_CONFLICT (a constraint) or STORE_ERROR.
 */
static int write_stmt(enum stmt s, int *changes, const char *fmt, ...)
{
	va_list ap;
	int rc;

	pthread_mutex_lock(&write_mu);
	va_start(ap, fmt);
	bind_list(stmt(writer, s), fmt, ap);
	va_end(ap);
	rc = run(writer, s);
	if (changes != NULL)
		*changes = sqlite3_changes(writer->db);
	pthread_mutex_unlock(&write_mu);
	if (rc == SQLITE_DONE)
		return STORE_OK;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? STORE_CONFLICT : STORE_ERROR;
}

/*
 * A write transaction on the writer: txn_begin() takes write_mu and opens it
 * (SQLITE_DONE, or an error with the mutex released); txn_end(rc) commits
 * when rc is SQLITE_DONE, else rolls back, releases the mutex and gives the
 * final code.
 */
static int txn_begin(void)
{
	pthread_mutex_lock(&write_mu);
	if (run(writer, ST_BEGIN) == SQLITE_DONE)
		return SQLITE_DONE;
	pthread_mutex_unlock(&write_mu);
	return SQLITE_ERROR;
}

static int txn_end(int rc)
{
	if (rc == SQLITE_DONE && run(writer, ST_COMMIT) != SQLITE_DONE)
		rc = SQLITE_ERROR;
	if (rc != SQLITE_DONE)
		run(writer, ST_ROLLBACK);
	pthread_mutex_unlock(&write_mu);
	return rc;
}

/* A write that must change a row: STORE_OK, STORE_NOT_FOUND or STORE_ERROR. */
static int changed(int rc, int changes)
{
	if (rc != STORE_OK)
		return STORE_ERROR;
	return changes > 0 ? STORE_OK : STORE_NOT_FOUND;
}

/*
 * The one single-row read helper: binds fmt's list to s on this thread's
 * connection, steps once, and on a row calls row(st, out) to copy what it
 * needs.  STORE_OK, STORE_NOT_FOUND or STORE_ERROR (logged).
 */
static int read_one(enum stmt s, void (*row)(sqlite3_stmt *st, void *out), void *out,
                    const char *fmt, ...)
{
	struct conn *c = conn();
	sqlite3_stmt *st;
	va_list ap;
	int rc, ret;

	if (c == NULL)
		return STORE_ERROR;
	st = stmt(c, s);
	va_start(ap, fmt);
	bind_list(st, fmt, ap);
	va_end(ap);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (row != NULL)
			row(st, out);
		ret = STORE_OK;
	} else if (rc == SQLITE_DONE) {
		ret = STORE_NOT_FOUND;
	} else {
		log_error("store: %s: %s", stmt_sql[s], sqlite3_errmsg(c->db));
		ret = STORE_ERROR;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return ret;
}

/* A message and its events on the writer, inside the caller's transaction: SQLite's code. */
static int insert_rows(const struct message *m, const struct outbox_event *ev, size_t nev)
{
	int rc;

	bind_message(stmt(writer, ST_MSG_INSERT), m);
	rc = run(writer, ST_MSG_INSERT);
	for (size_t i = 0; rc == SQLITE_DONE && i < nev; i++) {
		sqlite3_stmt *st = stmt(writer, ST_OUTBOX_ADD);

		bind_text(st, 1, ev[i].event_id);
		bind_text(st, 2, m->id);
		bind_text(st, 3, model_event_name(ev[i].type));
		sqlite3_bind_int64(st, 4, ev[i].due_at);
		bind_text(st, 5, m->tenant);
		rc = run(writer, ST_OUTBOX_ADD);
	}
	return rc;
}

int store_message_insert_events(const struct message *m, const struct outbox_event *ev, size_t nev)
{
	int rc;

	/* The events commit with the message or not at all (docs/behaviour.md §3). */
	if (nev > 0) {
		if (txn_begin() != SQLITE_DONE)
			return STORE_ERROR;
		rc = txn_end(insert_rows(m, ev, nev));
	} else {
		pthread_mutex_lock(&write_mu);
		rc = insert_rows(m, NULL, 0);
		pthread_mutex_unlock(&write_mu);
	}
	if (rc == SQLITE_DONE)
		return STORE_OK;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? STORE_CONFLICT : STORE_ERROR;
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
		return read_one(ST_MSG_GET_ANY, row_message, out, "t", id);
	return read_one(ST_MSG_GET, row_message, out, "tt", id, tenant);
}

static void bind_profile(sqlite3_stmt *st, const struct profile *p, int fixture)
{
	bind_text(st, 1, p->id);
	bind_text(st, 2, p->tenant);
	bind_text(st, 3, p->name != NULL ? p->name : "");
	bind_text(st, 4, p->webhook_url);
	bind_text(st, 5, p->webhook_failover_url);
	bind_text(st, 6, p->connection_id);
	bind_text(st, 7, p->settings != NULL ? p->settings : "{}");
	sqlite3_bind_int64(st, 8, p->created_at);
	sqlite3_bind_int64(st, 9, p->updated_at);
	sqlite3_bind_int(st, 10, fixture);
}

/* Rows a step of a tenant's reset deletes, and the pause after it (real microseconds).  A
 * step is what another tenant's send may wait for: 200 gave that send a p99 of 10.5-17 ms
 * during a 100,000-message reset, 500 gave 19-22 ms, the reset 2.4-2.8 s against 2.2-2.3
 * (bench/README.md). */
#define RESET_STEP     200
#define RESET_PAUSE_US 300

/* Refreshes any_blocks from the table; the caller holds write_mu. */
static void count_blocks(void)
{
	sqlite3_stmt *st = stmt(writer, ST_BLOCKS_ANY);

	if (st != NULL && sqlite3_step(st) == SQLITE_ROW)
		any_blocks = sqlite3_column_int(st, 0);
	else
		any_blocks = 1; /* unsure: look every time */
	sqlite3_reset(st);
}

/*
 * The bulk of a tenant's reset (docs/behaviour.md §6.4): its messages, delivery log and
 * events, RESET_STEP rows a transaction, so another tenant's write waits for one step,
 * never for the whole reset.  One step of table *k (moving *k on when it has no more):
 * 1 while steps remain, 0 when the bulk is gone, -1 on an error.
 */
static int bulk_step(const char *tenant, size_t *k)
{
	static const enum stmt steps[] = {ST_OUTBOX_DELETE_TENANT_SOME,
	                                  ST_ATTEMPTS_DELETE_TENANT_SOME,
	                                  ST_MSG_DELETE_TENANT_SOME};

	while (*k < ARRAY_LEN(steps)) {
		int changed = 0;

		if (write_stmt(steps[*k], &changed, "tI", tenant, (int64_t)RESET_STEP) != STORE_OK)
			return -1;
		if (changed > 0)
			return 1;
		(*k)++;
	}
	return 0;
}

/* What is left of a reset once any bulk is gone, in one transaction. */
static int replace_txn(enum store_scope scope, const char *tenant, const struct message *fixtures,
                       size_t n, const struct profile *profiles, size_t nprofiles)
{
	struct conn *c = writer;
	int ok = 1;

	pthread_mutex_lock(&write_mu);
	if (run(c, ST_BEGIN) != SQLITE_DONE) {
		pthread_mutex_unlock(&write_mu);
		return STORE_ERROR;
	}
	switch (scope) {
	case STORE_SCOPE_FIXTURES:
		ok = run(c, ST_MSG_DELETE_FIXTURES) == SQLITE_DONE &&
		     run(c, ST_PROFILE_DELETE_FIXTURE) == SQLITE_DONE;
		break;
	case STORE_SCOPE_ALL:
		ok = run(c, ST_MSG_DELETE_ALL) == SQLITE_DONE &&
		     run(c, ST_REP_DELETE_ALL) == SQLITE_DONE &&
		     run(c, ST_PROFILE_DELETE_NONFIXTURE) == SQLITE_DONE &&
		     run(c, ST_PROFILE_DELETE_FIXTURE) == SQLITE_DONE &&
		     run(c, ST_OUTBOX_DELETE_ALL) == SQLITE_DONE &&
		     run(c, ST_ATTEMPTS_DELETE_ALL) == SQLITE_DONE &&
		     run(c, ST_BLOCKS_DELETE_ALL) == SQLITE_DONE &&
		     run(c, ST_NUMBERS_DELETE_ALL) == SQLITE_DONE &&
		     run(c, ST_AUTORESP_DELETE_ALL) == SQLITE_DONE &&
		     run(c, ST_USAGE_DELETE_ALL) == SQLITE_DONE;
		break;
	case STORE_SCOPE_TENANT:
		bind_text(stmt(c, ST_MSG_DELETE_TENANT), 1, tenant);
		bind_text(stmt(c, ST_REP_DELETE_TENANT), 1, tenant);
		bind_text(stmt(c, ST_ATTEMPTS_DELETE_TENANT), 1, tenant);
		bind_text(stmt(c, ST_OUTBOX_DELETE_TENANT), 1, tenant);
		bind_text(stmt(c, ST_BLOCKS_DELETE_TENANT), 1, tenant);
		bind_text(stmt(c, ST_PROFILE_DELETE_TENANT), 1, tenant);
		bind_text(stmt(c, ST_NUMBERS_DELETE_TENANT), 1, tenant);
		bind_text(stmt(c, ST_AUTORESP_DELETE_TENANT), 1, tenant);
		bind_text(stmt(c, ST_USAGE_DELETE_TENANT), 1, tenant);
		ok = run(c, ST_PROFILE_DELETE_TENANT) == SQLITE_DONE &&
		     run(c, ST_USAGE_DELETE_TENANT) == SQLITE_DONE &&
		     run(c, ST_AUTORESP_DELETE_TENANT) == SQLITE_DONE &&
		     run(c, ST_NUMBERS_DELETE_TENANT) == SQLITE_DONE &&
		     run(c, ST_MSG_DELETE_TENANT) == SQLITE_DONE &&
		     run(c, ST_REP_DELETE_TENANT) == SQLITE_DONE &&
		     run(c, ST_ATTEMPTS_DELETE_TENANT) == SQLITE_DONE &&
		     run(c, ST_OUTBOX_DELETE_TENANT) == SQLITE_DONE &&
		     run(c, ST_BLOCKS_DELETE_TENANT) == SQLITE_DONE;
		break;
	}
	for (size_t i = 0; ok && scope != STORE_SCOPE_TENANT && i < nprofiles; i++) {
		bind_profile(stmt(c, ST_PROFILE_PUT), &profiles[i], 1);
		ok = run(c, ST_PROFILE_PUT) == SQLITE_DONE;
	}
	for (size_t i = 0; ok && i < n; i++) {
		const struct message *m = &fixtures[i];

		if (scope == STORE_SCOPE_TENANT &&
		    (m->tenant == NULL || strcmp(m->tenant, tenant) != 0))
			continue;
		bind_message(stmt(c, ST_MSG_UPSERT), m);
		ok = run(c, ST_MSG_UPSERT) == SQLITE_DONE;
	}
	if (!ok || run(c, ST_COMMIT) != SQLITE_DONE) {
		run(c, ST_ROLLBACK);
		ok = 0;
	}
	count_blocks();
	pthread_mutex_unlock(&write_mu);
	return ok ? STORE_OK : STORE_ERROR;
}

int store_replace(enum store_scope scope, const char *tenant, const struct message *fixtures,
                  size_t n, const struct profile *profiles, size_t nprofiles)
{
	size_t k = 0;
	int rc = 0;

	/* A mutex is not fair: without a pause this loop would take it straight back and a
	 * waiting writer could wait out the whole reset. */
	while (scope == STORE_SCOPE_TENANT && (rc = bulk_step(tenant, &k)) > 0)
		clock_nap_us(RESET_PAUSE_US);
	if (rc != 0)
		return STORE_ERROR;
	return replace_txn(scope, tenant, fixtures, n, profiles, nprofiles);
}

/*
 * The group commit (docs/design.md §7).  The writer thread takes every send queued since its
 * last commit, up to GROUP_MAX a transaction; a tenant's reset goes a step at a time whenever
 * no send waits.  Both queues are FIFO.
 */
#define GROUP_MAX 256

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cond;
	struct store_send *sends, **sends_end;
	struct store_reset *resets, **resets_end;
	int stop, started, held;
	unsigned long commits;
	pthread_t thread;
} group = {.mu = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

/* One send in the open transaction, under its own savepoint: STORE_OK, or its failure. */
static int add_send(struct store_send *s)
{
	int rc = SQLITE_CONSTRAINT;

	for (int draws = 0; (rc & 0xff) == SQLITE_CONSTRAINT; draws++) {
		if (draws > 0) {
			if (s->redraw == NULL || draws >= STORE_MAX_ID_DRAWS)
				break;
			s->redraw(s->m);
		}
		if (run(writer, ST_SAVEPOINT) != SQLITE_DONE)
			return STORE_ERROR;
		rc = insert_rows(s->m, s->ev, s->nev);
		if (rc == SQLITE_DONE && s->number != NULL)
			rc = add_number(s->number);
		if (rc != SQLITE_DONE)
			run(writer, ST_ROLLBACK_TO);
		run(writer, ST_RELEASE);
	}
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERROR;
}

/* Commits a batch (linked by next) in one transaction, then tells each its result. */
static void commit_batch(struct store_send *batch)
{
	int ok;

	pthread_mutex_lock(&write_mu);
	ok = run(writer, ST_BEGIN) == SQLITE_DONE;
	for (struct store_send *s = batch; ok && s != NULL; s = s->next)
		s->rc = add_send(s);
	if (ok && run(writer, ST_COMMIT) != SQLITE_DONE) {
		run(writer, ST_ROLLBACK);
		ok = 0;
	}
	pthread_mutex_unlock(&write_mu);
	/* Counted before any sender wakes, so a sender that looks sees its own commit. */
	pthread_mutex_lock(&group.mu);
	group.commits++;
	pthread_mutex_unlock(&group.mu);
	while (batch != NULL) {
		struct store_send *next = batch->next; /* batch is the caller's once done */

		ticket_done(&batch->ticket, ok ? batch->rc : STORE_ERROR);
		batch = next;
	}
}

/* One step of a queued reset: 1 while more remain, 0 done, -1 failed. */
static int reset_step(struct store_reset *r)
{
	int rc = bulk_step(r->tenant, &r->table);

	if (rc != 0)
		return rc;
	return replace_txn(STORE_SCOPE_TENANT, r->tenant, r->fixtures, r->n, NULL, 0) == STORE_OK
	           ? 0
	           : -1;
}

/* Takes up to GROUP_MAX queued sends; the caller holds group.mu. */
static struct store_send *take_sends(void)
{
	struct store_send *batch = group.sends, **end = &group.sends;

	for (size_t i = 0; i < GROUP_MAX && *end != NULL; i++)
		end = &(*end)->next;
	group.sends = *end;
	*end = NULL;
	if (group.sends == NULL)
		group.sends_end = &group.sends;
	return batch;
}

static void *committer(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&group.mu);
	for (;;) {
		struct store_reset *r;
		int rc;

		while ((!group.stop && group.sends == NULL && group.resets == NULL) ||
		       (group.held && !group.stop))
			pthread_cond_wait(&group.cond, &group.mu);
		if (group.sends != NULL) {
			struct store_send *batch = take_sends();

			pthread_mutex_unlock(&group.mu);
			commit_batch(batch);
			pthread_mutex_lock(&group.mu);
			continue;
		}
		r = group.resets;
		if (r == NULL)
			break; /* stopping, with nothing left */
		pthread_mutex_unlock(&group.mu);
		rc = reset_step(r);
		pthread_mutex_lock(&group.mu);
		if (rc > 0) {
			/* Other threads' writes (profiles, the webhook worker) get the lock too. */
			pthread_mutex_unlock(&group.mu);
			clock_nap_us(RESET_PAUSE_US);
			pthread_mutex_lock(&group.mu);
			continue;
		}
		group.resets = r->next;
		if (group.resets == NULL)
			group.resets_end = &group.resets;
		pthread_mutex_unlock(&group.mu);
		ticket_done(&r->ticket, rc == 0 ? STORE_OK : STORE_ERROR);
		pthread_mutex_lock(&group.mu);
	}
	pthread_mutex_unlock(&group.mu);
	return NULL;
}

void store_send(struct store_send *s)
{
	s->next = NULL;
	s->rc = STORE_ERROR;
	pthread_mutex_lock(&group.mu);
	/* An in-memory commit writes no file: grouping would cost more than it saves. */
	if (!group.started || db_is_memory) {
		pthread_mutex_unlock(&group.mu);
		commit_batch(s); /* on the caller's thread */
		return;
	}
	*group.sends_end = s;
	group.sends_end = &s->next;
	pthread_cond_signal(&group.cond);
	pthread_mutex_unlock(&group.mu);
}

unsigned long store_group_commits(void)
{
	unsigned long n;

	pthread_mutex_lock(&group.mu);
	n = group.commits;
	pthread_mutex_unlock(&group.mu);
	return n;
}

void store_writer_hold(int hold)
{
	pthread_mutex_lock(&group.mu);
	group.held = hold;
	pthread_cond_signal(&group.cond);
	pthread_mutex_unlock(&group.mu);
}

void store_reset_tenant(struct store_reset *r)
{
	r->table = 0;
	r->next = NULL;
	pthread_mutex_lock(&group.mu);
	if (group.started) {
		*group.resets_end = r;
		group.resets_end = &r->next;
		pthread_cond_signal(&group.cond);
		pthread_mutex_unlock(&group.mu);
		return;
	}
	pthread_mutex_unlock(&group.mu);
	ticket_done(&r->ticket,
	            store_replace(STORE_SCOPE_TENANT, r->tenant, r->fixtures, r->n, NULL, 0));
}

static int committer_start(void)
{
	group.sends = NULL;
	group.sends_end = &group.sends;
	group.resets = NULL;
	group.resets_end = &group.resets;
	group.stop = group.held = 0;
	group.commits = 0;
	if (pthread_create(&group.thread, NULL, committer, NULL) != 0)
		return -1;
	pthread_mutex_lock(&group.mu);
	group.started = 1;
	pthread_mutex_unlock(&group.mu);
	return 0;
}

/* Lets the writer thread finish everything queued, then joins it. */
static void committer_stop(void)
{
	pthread_mutex_lock(&group.mu);
	if (!group.started) {
		pthread_mutex_unlock(&group.mu);
		return;
	}
	group.stop = 1;
	pthread_cond_signal(&group.cond);
	pthread_mutex_unlock(&group.mu);
	pthread_join(group.thread, NULL);
	pthread_mutex_lock(&group.mu);
	group.started = 0;
	pthread_mutex_unlock(&group.mu);
}

static void row_int64(sqlite3_stmt *st, void *out)
{
	*(int64_t *)out = sqlite3_column_int64(st, 0);
}

int store_meta_get(const char *key, int64_t *value)
{
	return read_one(ST_META_GET, row_int64, value, "t", key);
}

int store_meta_raise(const char *key, int64_t value)
{
	return write_stmt(ST_META_RAISE, NULL, "tI", key, value) == STORE_OK ? STORE_OK
	                                                                     : STORE_ERROR;
}

int store_meta_set(const char *key, int64_t value)
{
	return write_stmt(ST_META_SET, NULL, "tI", key, value) == STORE_OK ? STORE_OK : STORE_ERROR;
}

int64_t store_message_count(void)
{
	int64_t n = -1;

	return read_one(ST_MSG_COUNT, row_int64, &n, "") == STORE_OK ? n : -1;
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

static void row_profile(sqlite3_stmt *st, void *out);

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
	if (read_one(ST_PROFILE_GET_ANY, row_profile, slot, "t", m->profile_id) != STORE_OK) {
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
	bind_text(st, 1, tenant);
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
static const enum stmt scan_stmts[3][2][2] = {
    {{ST_MSG_SCAN, ST_MSG_SCAN_SAME}, {ST_MSG_SCAN_DESC, ST_MSG_SCAN_DESC_SAME}},
    {{ST_MSG_SCAN_GLOBAL, ST_MSG_SCAN_GLOBAL_SAME},
     {ST_MSG_SCAN_GLOBAL_DESC, ST_MSG_SCAN_GLOBAL_DESC_SAME}},
    {{ST_MSG_SCAN_ANY, ST_MSG_SCAN_ANY_SAME}, {ST_MSG_SCAN_ANY, ST_MSG_SCAN_ANY_SAME}},
};

/*
 * One range of a scan (the rest of the cursor's instant, or the instants past it): up to
 * limit rows handed to fn, the tenant's and the global ones merged in order.  The rows
 * handed out, or -1; *stopped when fn asked to stop.
 */
static int scan_range(struct conn *c, const char *tenant, int64_t from, int64_t until,
                      struct store_cursor *cur, int desc, int same, size_t limit, store_scan_fn fn,
                      void *arg, struct scan_profiles *sp, int *stopped)
{
	sqlite3_stmt *st[2] = {NULL, NULL};
	int rc[2] = {SQLITE_DONE, SQLITE_DONE}, n = 0, ns;
	struct message m;

	if (tenant == NULL) {
		st[0] = stmt(c, scan_stmts[2][0][same]);
		ns = 1;
	} else {
		/* The tenant's own rows and the global ones: two index ranges, merged. */
		st[0] = stmt(c, scan_stmts[0][desc][same]);
		st[1] = stmt(c, scan_stmts[1][desc][same]);
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
			log_error("store: scanning messages: %s: %s", sqlite3_errmsg(c->db),
			          sqlite3_sql(st[i]));
			n = -1;
		}
		sqlite3_reset(st[i]);
		sqlite3_clear_bindings(st[i]);
	}
	return n;
}

int store_messages_scan(const char *tenant, int64_t from, int64_t until, struct store_cursor *cur,
                        size_t limit, store_scan_fn fn, void *arg)
{
	struct conn *c = conn();
	struct scan_profiles sp;
	int desc = tenant != NULL && cur->descending; /* every tenant's: in creation order only */
	int n = 0, stopped = 0;

	memset(&sp, 0, sizeof sp);
	if (c == NULL)
		return -1;
	/* A resumed scan finishes its cursor's instant first, then goes past it. */
	for (int same = cur->started; same >= 0 && !stopped && (size_t)n < limit; same--) {
		int got = scan_range(c, tenant, from, until, cur, desc, same, limit - (size_t)n, fn,
		                     arg, &sp, &stopped);

		if (got < 0) {
			n = -1;
			break;
		}
		n += got;
	}
	for (size_t i = 0; i < sp.n; i++)
		model_profile_free(&sp.p[i]);
	return n;
}

static void read_report(sqlite3_stmt *st, struct report_row *r)
{
	const unsigned char *s = sqlite3_column_text(st, 0);

	memset(r, 0, sizeof *r);
	snprintf(r->id, sizeof r->id, "%s", s ? (const char *)s : "");
	r->tenant = col_text(st, 1);
	r->origin = sqlite3_column_int(st, 2);
	r->created_at = sqlite3_column_int64(st, 3);
	r->start_ms = sqlite3_column_int64(st, 4);
	r->end_ms = sqlite3_column_int64(st, 5);
	r->name = col_text(st, 6);
	r->timezone = col_text(st, 7);
	r->include_body = sqlite3_column_int(st, 8);
	r->failed = sqlite3_column_int(st, 9);
	r->spec = col_text(st, 10);
}

static void row_report(sqlite3_stmt *st, void *out)
{
	read_report(st, out);
}

int store_report_insert(const struct report_row *r)
{
	return write_stmt(ST_REP_INSERT, NULL, "ttiIIIttiit", r->id, r->tenant, (int)r->origin,
	                  r->created_at, r->start_ms, r->end_ms, r->name, r->timezone,
	                  r->include_body, r->failed, r->spec);
}

int store_report_get(const char *id, const char *tenant, struct report_row *out)
{
	if (tenant == NULL)
		return read_one(ST_REP_GET_ANY, row_report, out, "t", id);
	return read_one(ST_REP_GET, row_report, out, "tt", id, tenant);
}

int store_report_list(const char *tenant, size_t offset, size_t limit, struct report_row **out,
                      size_t *n, int64_t *total)
{
	struct conn *c = conn();
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (c == NULL)
		return STORE_ERROR;
	st = stmt(c, ST_REP_TOTAL);
	bind_text(st, 1, tenant);
	if (sqlite3_step(st) == SQLITE_ROW)
		*total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	st = stmt(c, ST_REP_LIST);
	bind_text(st, 1, tenant);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)offset);
	*out = xcalloc(limit ? limit : 1, sizeof **out);
	while (*n < limit && sqlite3_step(st) == SQLITE_ROW)
		read_report(st, &(*out)[(*n)++]);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return STORE_OK;
}

int store_report_delete(const char *id, const char *tenant)
{
	int n = 0, rc = write_stmt(ST_REP_DELETE, &n, "tt", id, tenant);

	return changed(rc, n);
}

int store_report_fail(const char *id)
{
	int n = 0, rc = write_stmt(ST_REP_FAIL, &n, "t", id);

	return changed(rc, n);
}

static void row_text(sqlite3_stmt *st, void *out)
{
	*(char **)out = col_text(st, 0);
}

/* Binds a profile to a write of PROFILE_COLUMNS and runs it on the writer. */
static int write_profile(enum stmt which, const struct profile *p, int *changes)
{
	return write_stmt(which, changes, "tttttttIIi", p->id, p->tenant, p->name ? p->name : "",
	                  p->webhook_url, p->webhook_failover_url, p->connection_id,
	                  p->settings ? p->settings : "{}", p->created_at, p->updated_at,
	                  p->fixture);
}

int store_profile_put(const struct profile *p)
{
	return write_profile(ST_PROFILE_PUT, p, NULL) == STORE_OK ? STORE_OK : STORE_ERROR;
}

int store_profile_add(const struct profile *p)
{
	int changes = 0, rc = write_profile(ST_PROFILE_ADD, p, &changes);

	if (rc != STORE_OK)
		return STORE_ERROR;
	return changes > 0 ? STORE_OK : STORE_CONFLICT;
}

static void read_profile(sqlite3_stmt *st, struct profile *p)
{
	p->id = col_text(st, 0);
	p->tenant = col_text(st, 1);
	p->name = col_text(st, 2);
	p->webhook_url = col_text(st, 3);
	p->webhook_failover_url = col_text(st, 4);
	p->connection_id = col_text(st, 5);
	p->settings = col_text(st, 6);
	p->created_at = sqlite3_column_int64(st, 7);
	p->updated_at = sqlite3_column_int64(st, 8);
	p->fixture = sqlite3_column_int(st, 9);
}

static void row_profile(sqlite3_stmt *st, void *out)
{
	read_profile(st, out);
}

int store_profile_get(const char *id, const char *tenant, struct profile *out)
{
	memset(out, 0, sizeof *out);
	if (tenant == NULL)
		return read_one(ST_PROFILE_GET_ANY, row_profile, out, "t", id);
	return read_one(ST_PROFILE_GET, row_profile, out, "tt", id, tenant);
}

/*
 * Steps st (bound by the caller) over its rows, handing each to row(st,
 * arg); 0 from row goes on.  The row count, or -1 (logged).  Resets st.
 */
static int each_row(struct conn *c, sqlite3_stmt *st, int (*row)(sqlite3_stmt *st, void *arg),
                    void *arg)
{
	int rc, n = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		if (row(st, arg) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_error("store: %s: %s", sqlite3_errmsg(c->db), sqlite3_sql(st));
		n = -1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return n;
}

/* Binds fmt's list to statement s of this thread's connection, or NULL. */
static sqlite3_stmt *bound(struct conn *c, enum stmt s, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;

	if (c == NULL)
		return NULL;
	st = stmt(c, s);
	va_start(ap, fmt);
	bind_list(st, fmt, ap);
	va_end(ap);
	return st;
}

/* A list's row callback, by the record it hands out, and its argument. */
struct list_call {
	int (*profile)(const struct profile *p, void *arg);
	int (*number)(const struct number *n, void *arg);
	int (*optout)(const struct optout *o, void *arg);
	int (*message)(const struct message *m, void *arg);
	int (*autoresp)(const struct autoresp *a, void *arg);
	int (*usage)(const struct usage_row *u, void *arg);
	int (*report)(struct report_row *r, void *arg);
	void *arg;
};

static int profile_row(sqlite3_stmt *st, void *arg)
{
	struct list_call *lc = arg;
	struct profile p;
	int rc;

	memset(&p, 0, sizeof p);
	read_profile(st, &p);
	rc = lc->profile(&p, lc->arg);
	model_profile_free(&p);
	return rc;
}

int store_profiles_list(const char *tenant, const char *name_eq, const char *name_contains,
                        size_t offset, size_t limit, int (*fn)(const struct profile *, void *),
                        void *arg, int64_t *total)
{
	struct conn *c = conn();
	struct list_call lc = {.profile = fn, .arg = arg};
	sqlite3_stmt *st;

	*total = 0;
	if (read_one(ST_PROFILE_TOTAL, row_int64, total, "ttt", tenant, name_eq, name_contains) !=
	    STORE_OK)
		return -1;
	st = bound(c, ST_PROFILE_LIST, "tttII", tenant, name_eq, name_contains, (int64_t)limit,
	           (int64_t)offset);
	return st != NULL ? each_row(c, st, profile_row, &lc) : -1;
}

int store_profile_delete(const char *id, const char *tenant, const char *fallback, int64_t at)
{
	int changes = 0, rc;

	if (txn_begin() != SQLITE_DONE)
		return STORE_ERROR;
	/* The profile goes, its numbers move to fallback and its settings go, all or nothing. */
	bind_text(stmt(writer, ST_PROFILE_DELETE), 1, id);
	bind_text(stmt(writer, ST_PROFILE_DELETE), 2, tenant);
	rc = run(writer, ST_PROFILE_DELETE);
	changes = sqlite3_changes(writer->db);
	if (rc == SQLITE_DONE && changes > 0) {
		sqlite3_stmt *st = stmt(writer, ST_NUMBERS_UNASSIGN);

		bind_text(st, 1, tenant);
		bind_text(st, 2, id);
		bind_text(st, 3, fallback);
		sqlite3_bind_int64(st, 4, at);
		rc = run(writer, ST_NUMBERS_UNASSIGN);
		if (rc == SQLITE_DONE) {
			bind_text(stmt(writer, ST_AUTORESP_DELETE_PROFILE), 1, id);
			bind_text(stmt(writer, ST_AUTORESP_DELETE_PROFILE), 2, tenant);
			rc = run(writer, ST_AUTORESP_DELETE_PROFILE);
		}
	}
	if (txn_end(rc) != SQLITE_DONE)
		return STORE_ERROR;
	return changes > 0 ? STORE_OK : STORE_NOT_FOUND;
}

static void read_number(sqlite3_stmt *st, struct number *n)
{
	const unsigned char *s = sqlite3_column_text(st, 0);

	snprintf(n->id, sizeof n->id, "%s", s ? (const char *)s : "");
	n->tenant = col_text(st, 1);
	n->phone_number = col_text(st, 2);
	n->profile_id = col_text(st, 3);
	n->tags = col_text(st, 4);
	n->created_at = sqlite3_column_int64(st, 5);
	n->updated_at = sqlite3_column_int64(st, 6);
}

static void row_number(sqlite3_stmt *st, void *out)
{
	read_number(st, out);
}

void store_number_release(struct number *n)
{
	free(n->tenant);
	free(n->phone_number);
	free(n->profile_id);
	free(n->tags);
	memset(n, 0, sizeof *n);
}

int store_number_add(const struct number *n)
{
	int rc, changes;

	pthread_mutex_lock(&write_mu);
	rc = add_number(n);
	changes = sqlite3_changes(writer->db);
	pthread_mutex_unlock(&write_mu);
	if (rc != SQLITE_DONE)
		return STORE_ERROR;
	return changes > 0 ? STORE_OK : STORE_CONFLICT;
}

int store_number_get(const char *tenant, const char *id_or_number, struct number *out)
{
	memset(out, 0, sizeof *out);
	return read_one(ST_NUMBER_GET, row_number, out, "tt", tenant, id_or_number);
}

int store_number_set(const struct number *n)
{
	int changes = 0, rc = write_stmt(ST_NUMBER_SET, &changes, "ttttI", n->tenant, n->id,
	                                 n->profile_id, n->tags ? n->tags : "[]", n->updated_at);

	return changed(rc, changes);
}

static int number_row(sqlite3_stmt *st, void *arg)
{
	struct list_call *lc = arg;
	struct number n;
	int rc;

	memset(&n, 0, sizeof n);
	read_number(st, &n);
	rc = lc->number(&n, lc->arg);
	store_number_release(&n);
	return rc;
}

int store_numbers_list(const struct store_number_query *q, int (*fn)(const struct number *, void *),
                       void *arg, int64_t *total)
{
	struct conn *c = conn();
	struct list_call lc = {.number = fn, .arg = arg};
	sqlite3_stmt *st;

	*total = 0;
	if (read_one(ST_NUMBER_TOTAL, row_int64, total, "ttttt", q->tenant, q->profile_id,
	             q->phone_number, q->contains, q->type) != STORE_OK)
		return -1;
	st = bound(c, ST_NUMBER_LIST, "tttttiII", q->tenant, q->profile_id, q->phone_number,
	           q->contains, q->type, q->descending, (int64_t)q->limit, (int64_t)q->offset);
	return st != NULL ? each_row(c, st, number_row, &lc) : -1;
}

struct text_list {
	char **v;
	size_t n, cap;
};

static int text_row(sqlite3_stmt *st, void *arg)
{
	struct text_list *l = arg;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = col_text(st, 0);
	return 0;
}

int store_pool_numbers(const char *tenant, const char *profile_id, char ***out, size_t *n)
{
	struct conn *c = conn();
	struct text_list l = {NULL, 0, 0};
	sqlite3_stmt *st = bound(c, ST_NUMBER_POOL, "tt", tenant, profile_id);
	int rc = st != NULL ? each_row(c, st, text_row, &l) : -1;

	*out = l.v;
	*n = l.n;
	return rc < 0 ? STORE_ERROR : STORE_OK;
}

int store_pool_last(const char *tenant, const char *profile_id, const char *to, char **sender)
{
	*sender = NULL;
	return read_one(ST_POOL_LAST, row_text, sender, "ttt", tenant, profile_id, to);
}

static int optout_row(sqlite3_stmt *st, void *arg)
{
	struct list_call *lc = arg;
	struct optout o = {
	    .tenant = (char *)sqlite3_column_text(st, 0),
	    .from = (char *)sqlite3_column_text(st, 1),
	    .to = (char *)sqlite3_column_text(st, 2),
	    .keyword = (char *)sqlite3_column_text(st, 3),
	    .profile_id = (char *)sqlite3_column_text(st, 4),
	    .created_at = sqlite3_column_int64(st, 5),
	};

	return lc->optout(&o, lc->arg);
}

int store_optouts_list(const struct store_optout_query *q, int (*fn)(const struct optout *, void *),
                       void *arg, int64_t *total)
{
	struct conn *c = conn();
	struct list_call lc = {.optout = fn, .arg = arg};
	sqlite3_stmt *st;

	*total = 0;
	if (read_one(ST_OPTOUT_TOTAL, row_int64, total, "tttII", q->tenant, q->from, q->profile_id,
	             q->since, q->until) != STORE_OK)
		return -1;
	st = bound(c, ST_OPTOUT_LIST, "tttIIII", q->tenant, q->from, q->profile_id, q->since,
	           q->until, (int64_t)q->limit, (int64_t)q->offset);
	return st != NULL ? each_row(c, st, optout_row, &lc) : -1;
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
	return write_stmt(ST_OUTBOX_UNCLAIM, NULL, "");
}

int store_outbox_next_due(int64_t now, int64_t *due)
{
	return read_one(ST_OUTBOX_NEXT_DUE, row_int64, due, "I", now);
}

int store_outbox_tenant_after(const char *after, char **out)
{
	*out = NULL;
	if (after == NULL)
		return read_one(ST_OUTBOX_TENANT_FIRST, row_text, out, "");
	return read_one(ST_OUTBOX_TENANT_AFTER, row_text, out, "t", after);
}

int store_outbox_claim(const char *tenant, int64_t now, size_t limit, struct outbox_event *out)
{
	sqlite3_stmt *st;
	int rc, n = 0;

	if (limit == 0)
		return 0;
	if (txn_begin() != SQLITE_DONE)
		return -1;
	st = stmt(writer, ST_OUTBOX_DUE);
	bind_text(st, 1, tenant);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
	while ((size_t)n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
		row_outbox(st, &out[n++]);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		n = -1;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	rc = n < 0 ? SQLITE_ERROR : SQLITE_DONE;
	for (int i = 0; rc == SQLITE_DONE && i < n; i++) {
		sqlite3_bind_int64(stmt(writer, ST_OUTBOX_CLAIM), 1, out[i].seq);
		rc = run(writer, ST_OUTBOX_CLAIM);
	}
	return txn_end(rc) == SQLITE_DONE ? n : -1;
}

static void bind_attempt(sqlite3_stmt *st, const struct attempt *a)
{
	bind_text(st, 1, a->event_id);
	bind_text(st, 2, a->message_id);
	bind_text(st, 3, a->tenant);
	bind_text(st, 4, model_event_name(a->type));
	bind_text(st, 5, a->url);
	sqlite3_bind_int(st, 6, a->number);
	sqlite3_bind_int64(st, 7, a->at);
	if (a->status > 0)
		sqlite3_bind_int(st, 8, a->status);
	bind_text(st, 9, a->error);
	sqlite3_bind_int64(st, 10, a->latency_ms);
	sqlite3_bind_int(st, 11, a->ok);
	sqlite3_bind_int64(st, 12, a->vat);
	bind_text(st, 13, a->request_body);
	bind_text(st, 14, a->timestamp);
	bind_text(st, 15, a->signature);
	bind_text(st, 16, a->response_body);
	sqlite3_bind_int(st, 17, a->response_truncated);
}

int store_delivery_commit(struct delivery_step *steps, size_t n)
{
	int rc;

	if (n == 0)
		return STORE_OK;
	if (txn_begin() != SQLITE_DONE)
		return STORE_ERROR;
	rc = SQLITE_DONE;
	for (size_t i = 0; rc == SQLITE_DONE && i < n; i++) {
		struct delivery_step *d = &steps[i];
		sqlite3_stmt *st;

		/* A step whose event a reset deleted writes nothing: its end finds no row. */
		if (d->end != OUTBOX_PENDING) {
			st = stmt(writer, ST_OUTBOX_FINISH);
			sqlite3_bind_int64(st, 1, d->seq);
			sqlite3_bind_int(st, 2, (int)d->end);
			rc = run(writer, ST_OUTBOX_FINISH);
			d->gone = rc == SQLITE_DONE && sqlite3_changes(writer->db) == 0;
		} else {
			st = stmt(writer, ST_OUTBOX_HELD);
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
			bind_attempt(stmt(writer, ST_ATTEMPT_ADD), d->attempt);
			rc = run(writer, ST_ATTEMPT_ADD);
		}
		if (rc == SQLITE_DONE && d->end != OUTBOX_PENDING && d->delivered_id != NULL) {
			st = stmt(writer, ST_MSG_SET_DELIVERED);
			bind_text(st, 1, d->delivered_id);
			sqlite3_bind_int64(st, 2, d->delivered_at);
			rc = run(writer, ST_MSG_SET_DELIVERED);
		}
	}
	return txn_end(rc) == SQLITE_DONE ? STORE_OK : STORE_ERROR;
}

int store_delivery_prune(int64_t before, size_t max_rows)
{
	int a = 0, b = 0;

	if (write_stmt(ST_OUTBOX_PRUNE, &a, "II", before, (int64_t)max_rows) != STORE_OK ||
	    write_stmt(ST_ATTEMPTS_PRUNE, &b, "II", before, (int64_t)max_rows) != STORE_OK)
		return -1;
	return a + b;
}

int store_attempts_list(const struct store_attempt_query *q,
                        int (*fn)(const struct attempt *a, void *arg), void *arg)
{
	struct conn *c = conn();
	sqlite3_stmt *st;
	int n = 0, rc;

	if (c == NULL)
		return -1;
	st = stmt(c, q->message_id != NULL ? ST_ATTEMPTS_LIST_MESSAGE
	             : q->tenant != NULL   ? ST_ATTEMPTS_LIST_TENANT
	                                   : ST_ATTEMPTS_LIST);
	bind_text(st, 1, q->message_id);
	bind_text(st, 2, q->event_type);
	bind_text(st, 3, q->url);
	sqlite3_bind_int64(st, 4, 0);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)q->limit);
	bind_text(st, 6, q->tenant);
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
		n = -1;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return n;
}

int store_block_set(const struct optout *o, int on)
{
	int rc = write_stmt(ST_BLOCK_REMOVE, NULL, "ttt", o->tenant, o->from, o->to);

	if (rc == STORE_OK && on)
		rc = write_stmt(ST_BLOCK_ADD, NULL, "tttttI", o->tenant, o->from, o->to, o->keyword,
		                o->profile_id, o->created_at);
	pthread_mutex_lock(&write_mu);
	count_blocks();
	pthread_mutex_unlock(&write_mu);
	return rc == STORE_OK ? STORE_OK : STORE_ERROR;
}

int store_block_exists(const char *tenant, const char *sender, const char *recipient)
{
	int rc;

	if (!any_blocks)
		return 0;
	rc = read_one(ST_BLOCK_FIND, NULL, NULL, "ttt", tenant, sender, recipient);
	if (rc == STORE_ERROR)
		return STORE_ERROR;
	return rc == STORE_OK;
}

int store_last_sender_tenant(const char *number, char **tenant)
{
	*tenant = NULL;
	return read_one(ST_LAST_SENDER, row_text, tenant, "t", number);
}

int store_messages_find(const char *to, const char *from, const char *tenant, const char *direction,
                        int64_t *seq, size_t limit, store_scan_fn fn, void *arg)
{
	struct conn *c = conn();
	sqlite3_stmt *st;
	struct message m;
	int rc, n = 0;

	if (c == NULL)
		return -1;
	st = stmt(c, to != NULL && tenant != NULL ? ST_MSG_FIND_TO_TENANT
	             : to != NULL                 ? ST_MSG_FIND_TO
	             : from != NULL               ? ST_MSG_FIND_FROM
	             : tenant != NULL             ? ST_MSG_FIND_TENANT
	                                          : ST_MSG_FIND);
	bind_text(st, 1, to);
	bind_text(st, 2, from);
	bind_text(st, 3, tenant);
	bind_text(st, 4, direction);
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
		log_error("store: finding messages: %s: %s", sqlite3_errmsg(c->db),
		          sqlite3_sql(st));
		n = -1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return n;
}

int store_message_cancel(const char *id, int64_t at)
{
	int changes = 0, rc;

	if (txn_begin() != SQLITE_DONE)
		return STORE_ERROR;
	/* The mark and the end of its pending webhooks commit together, or not at all. */
	bind_text(stmt(writer, ST_MSG_CANCEL), 1, id);
	sqlite3_bind_int64(stmt(writer, ST_MSG_CANCEL), 2, at);
	rc = run(writer, ST_MSG_CANCEL);
	changes = sqlite3_changes(writer->db);
	if (rc == SQLITE_DONE && changes > 0) {
		bind_text(stmt(writer, ST_OUTBOX_DROP_PENDING), 1, id);
		rc = run(writer, ST_OUTBOX_DROP_PENDING);
	}
	if (txn_end(rc) != SQLITE_DONE)
		return STORE_ERROR;
	return changes > 0 ? STORE_OK : STORE_NOT_FOUND;
}

static int group_row(sqlite3_stmt *st, void *arg)
{
	struct list_call *lc = arg;
	struct message m;

	read_message(st, &m, 0);
	return lc->message(&m, lc->arg);
}

int store_message_group(const char *id, const char *tenant, store_scan_fn fn, void *arg)
{
	struct conn *c = conn();
	struct list_call lc = {.message = fn, .arg = arg};
	sqlite3_stmt *st = bound(c, ST_MSG_GROUP, "tt", id, tenant);

	return st != NULL ? each_row(c, st, group_row, &lc) : -1;
}

static void read_autoresp(sqlite3_stmt *st, struct autoresp *a)
{
	const unsigned char *s = sqlite3_column_text(st, 0);
	int op = model_autoresp_op_from_name((const char *)sqlite3_column_text(st, 3));

	memset(a, 0, sizeof *a);
	snprintf(a->id, sizeof a->id, "%s", s ? (const char *)s : "");
	a->tenant = col_text(st, 1);
	a->profile_id = col_text(st, 2);
	a->op = op < 0 ? AUTORESP_INFO : (enum autoresp_op)op;
	a->keywords = col_text(st, 4);
	a->country_code = col_text(st, 5);
	a->resp_text = col_text(st, 6);
	a->created_at = sqlite3_column_int64(st, 7);
	a->updated_at = sqlite3_column_int64(st, 8);
}

static void row_autoresp(sqlite3_stmt *st, void *out)
{
	read_autoresp(st, out);
}

int store_autoresp_put(const struct autoresp *a)
{
	return write_stmt(ST_AUTORESP_PUT, NULL, "tttttttII", a->id, a->tenant, a->profile_id,
	                  model_autoresp_op_name(a->op), a->keywords, a->country_code, a->resp_text,
	                  a->created_at, a->updated_at) == STORE_OK
	           ? STORE_OK
	           : STORE_ERROR;
}

int store_autoresp_get(const char *id, const char *profile_id, const char *tenant,
                       struct autoresp *out)
{
	memset(out, 0, sizeof *out);
	return read_one(ST_AUTORESP_GET, row_autoresp, out, "ttt", id, profile_id, tenant);
}

int store_autoresp_delete(const char *id, const char *profile_id, const char *tenant)
{
	int changes = 0,
	    rc = write_stmt(ST_AUTORESP_DELETE, &changes, "ttt", id, profile_id, tenant);

	return changed(rc, changes);
}

int64_t store_autoresp_count(const char *profile_id, const char *tenant)
{
	int64_t n = -1;

	return read_one(ST_AUTORESP_COUNT, row_int64, &n, "tt", profile_id, tenant) == STORE_OK
	           ? n
	           : -1;
}

static int autoresp_row(sqlite3_stmt *st, void *arg)
{
	struct list_call *lc = arg;
	struct autoresp a;
	int rc;

	read_autoresp(st, &a);
	rc = lc->autoresp(&a, lc->arg);
	free(a.tenant);
	free(a.profile_id);
	free(a.keywords);
	free(a.country_code);
	free(a.resp_text);
	return rc;
}

int store_autoresp_list(const struct store_autoresp_query *q,
                        int (*fn)(const struct autoresp *, void *), void *arg)
{
	struct conn *c = conn();
	struct list_call lc = {.autoresp = fn, .arg = arg};
	sqlite3_stmt *st =
	    bound(c, ST_AUTORESP_LIST, "tttIIII", q->profile_id, q->tenant, q->country_code,
	          q->created_since, q->created_until, q->updated_since, q->updated_until);

	return st != NULL ? each_row(c, st, autoresp_row, &lc) : -1;
}

static void read_usage(sqlite3_stmt *st, struct usage_row *u)
{
	const unsigned char *s = sqlite3_column_text(st, 0);

	memset(u, 0, sizeof *u);
	snprintf(u->id, sizeof u->id, "%s", s ? (const char *)s : "");
	u->tenant = col_text(st, 1);
	u->origin = sqlite3_column_int(st, 2);
	u->aggregation = sqlite3_column_int(st, 3);
	u->start_ms = sqlite3_column_int64(st, 4);
	u->end_ms = sqlite3_column_int64(st, 5);
	u->profiles = col_text(st, 6);
	u->created_at = sqlite3_column_int64(st, 7);
	u->failed = sqlite3_column_int(st, 8);
}

static void row_usage(sqlite3_stmt *st, void *out)
{
	read_usage(st, out);
}

void store_usage_release(struct usage_row *u)
{
	free(u->tenant);
	free(u->profiles);
	memset(u, 0, sizeof *u);
}

int store_usage_insert(const struct usage_row *u)
{
	return write_stmt(ST_USAGE_INSERT, NULL, "ttiiIItIi", u->id, u->tenant, u->origin,
	                  u->aggregation, u->start_ms, u->end_ms, u->profiles ? u->profiles : "[]",
	                  u->created_at, u->failed);
}

int store_usage_get(const char *id, const char *tenant, int origin, struct usage_row *out)
{
	memset(out, 0, sizeof *out);
	return read_one(ST_USAGE_GET, row_usage, out, "tti", id, tenant, origin);
}

int store_usage_delete(const char *id, const char *tenant, int origin)
{
	int changes = 0, rc = write_stmt(ST_USAGE_DELETE, &changes, "tti", id, tenant, origin);

	return changed(rc, changes);
}

static int usage_row_cb(sqlite3_stmt *st, void *arg)
{
	struct list_call *lc = arg;
	struct usage_row u;
	int rc;

	read_usage(st, &u);
	rc = lc->usage(&u, lc->arg);
	store_usage_release(&u);
	return rc;
}

int store_usage_list(const char *tenant, int origin, size_t offset, size_t limit,
                     int (*fn)(const struct usage_row *, void *), void *arg, int64_t *total)
{
	struct conn *c = conn();
	struct list_call lc = {.usage = fn, .arg = arg};
	sqlite3_stmt *st;

	*total = 0;
	if (read_one(ST_USAGE_TOTAL, row_int64, total, "ti", tenant, origin) != STORE_OK)
		return -1;
	st = bound(c, ST_USAGE_LIST, "tiII", tenant, origin, (int64_t)limit, (int64_t)offset);
	return st != NULL ? each_row(c, st, usage_row_cb, &lc) : -1;
}

int store_usage_newest(const char *tenant, size_t limit,
                       int (*fn)(const struct usage_row *, void *), void *arg)
{
	struct conn *c = conn();
	struct list_call lc = {.usage = fn, .arg = arg};
	sqlite3_stmt *st = bound(c, ST_USAGE_NEWEST, "tI", tenant, (int64_t)limit);

	return st != NULL ? each_row(c, st, usage_row_cb, &lc) : -1;
}

static int report_row_cb(sqlite3_stmt *st, void *arg)
{
	struct list_call *lc = arg;
	struct report_row r;

	read_report(st, &r);
	return lc->report(&r, lc->arg);
}

int store_reports_newest(const char *tenant, size_t limit, int (*fn)(struct report_row *, void *),
                         void *arg)
{
	struct conn *c = conn();
	struct list_call lc = {.report = fn, .arg = arg};
	sqlite3_stmt *st = bound(c, ST_REP_NEWEST, "tI", tenant, (int64_t)limit);

	return st != NULL ? each_row(c, st, report_row_cb, &lc) : -1;
}
