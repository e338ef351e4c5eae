/* store: the engine (docs/design.md §7); each family of tables has a file of its own. */
#include "store.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "embedded.h"
#include "log.h"
#include "store_int.h"
#include "util.h"

/* A reader waits this long for a lock before SQLITE_BUSY (only checkpoints take one). */
#define BUSY_TIMEOUT_MS 5000

#define P(id) [DB_PLACE(id)]
static const char *const core_sql[] = {
    P(DB_BEGIN) = "BEGIN IMMEDIATE",
    P(DB_COMMIT) = "COMMIT",
    P(DB_ROLLBACK) = "ROLLBACK",
    /* One send of a group commit: undone alone when it fails, the batch going on. */
    P(DB_SAVEPOINT) = "SAVEPOINT send",
    P(DB_RELEASE) = "RELEASE send",
    P(DB_ROLLBACK_TO) = "ROLLBACK TO send",
    P(DB_META_GET) = "SELECT value FROM meta WHERE key = ?1",
    P(DB_META_SET) = "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    P(DB_META_RAISE) = "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                       "ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)",
    /* Every object of the schema and the version, for store_schema(). */
    P(DB_SCHEMA) = "SELECT type, name, tbl_name, sql FROM sqlite_schema "
                   "UNION ALL SELECT 'user_version', user_version, '', '' "
                   "FROM pragma_user_version ORDER BY 1, 2",
};
_Static_assert(ARRAY_LEN(core_sql) <= DB_FAMILY_MAX,
               "a family has at most DB_FAMILY_MAX statements");
static const int no_wipe[] = {DB_END};
const struct db_family db_family_core = {
    "core", core_sql, (int)ARRAY_LEN(core_sql), no_wipe, no_wipe, no_wipe, no_wipe};

static const struct db_family *const families[DB_FAMILIES] = {
    [DB_CORE] = &db_family_core,         [DB_WEBHOOKS] = &db_family_webhooks,
    [DB_MESSAGES] = &db_family_messages, [DB_ACCOUNT] = &db_family_account,
    [DB_REPORTS] = &db_family_reports,
};

const struct db_family *db_family(int f)
{
	return families[f];
}

const char *db_sql(int id)
{
	return families[DB_FAMILY_OF(id)]->sql[DB_PLACE(id)];
}

struct db_conn {
	sqlite3 *db;
	sqlite3_stmt *st[DB_FAMILIES][DB_FAMILY_MAX];
	struct db_conn *next;
};

static char *db_uri; /* what every connection opens */
static int memory_db;
static pthread_key_t conn_key;
static pthread_mutex_t conns_mu = PTHREAD_MUTEX_INITIALIZER;
static struct db_conn *conns; /* every open connection, for store_close() */
static pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER;
/*
 * Every write goes through one connection under write_mu: its page cache
 * stays warm, and no thread ever waits on SQLite's file locks for another.
 */
static struct db_conn *writer;

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
	struct db_conn *conn;
	int started, due, stop;
} ckpt = {.mu = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
static _Atomic int wal_pages; /* the WAL's size at the last commit, from the hook */

static void conn_free(struct db_conn *c)
{
	for (int f = 0; f < DB_FAMILIES; f++)
		for (int i = 0; i < DB_FAMILY_MAX; i++)
			sqlite3_finalize(c->st[f][i]);
	sqlite3_close(c->db);
	free(c);
}

/* Thread exit: unregister and close the thread's connection. */
static void conn_destroy(void *p)
{
	struct db_conn *c = p, **pp;

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
static struct db_conn *conn_open(char *err, size_t errlen)
{
	struct db_conn *c = xcalloc(1, sizeof *c);
	int flags =
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;

	/*
	 * A file is this process's alone (docs/design.md §7): "unix-excl" holds an exclusive lock
	 * on it and keeps the WAL index in memory, so a read takes no file lock (fcntl) of its
	 * own, which was a third of a lookup by id; another process cannot open the file meanwhile.
	 */
	const char *vfs = memory_db || sqlite3_vfs_find("unix-excl") == NULL ? NULL : "unix-excl";

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
	if (!memory_db && exec(c->db, "PRAGMA synchronous = OFF", err, errlen) != 0)
		goto fail;
	return c;
fail:
	conn_free(c);
	return NULL;
}

/*
 * Statement id of connection c, compiled on its first use: a connection costs
 * what it runs, not every statement there is (start-up, bench/README.md).
 * NULL when it does not compile, which SQLite's calls take as a misuse and
 * refuse; store_check() compiles them all, for the tests.
 */
sqlite3_stmt *db_stmt(struct db_conn *c, int id)
{
	sqlite3_stmt **st = &c->st[DB_FAMILY_OF(id)][DB_PLACE(id)];

	if (*st == NULL && sqlite3_prepare_v3(c->db, db_sql(id), -1, SQLITE_PREPARE_PERSISTENT, st,
	                                      NULL) != SQLITE_OK) {
		log_error("store: statement %d does not compile: %s: %s", id, sqlite3_errmsg(c->db),
		          db_sql(id));
		*st = NULL;
	}
	return *st;
}

sqlite3 *db_handle(struct db_conn *c)
{
	return c->db;
}

int db_is_memory(void)
{
	return memory_db;
}

static void conn_register(struct db_conn *c)
{
	pthread_setspecific(conn_key, c);
	pthread_mutex_lock(&conns_mu);
	c->next = conns;
	conns = c;
	pthread_mutex_unlock(&conns_mu);
}

struct db_conn *db_thread(void)
{
	struct db_conn *c = pthread_getspecific(conn_key);
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

int store_explain(int (*fn)(int id, const char *sql, const char *plan, void *arg), void *arg)
{
	struct db_conn *c = db_thread();
	int n = 0;

	if (c == NULL)
		return STORE_ERROR;
	for (int f = 0; f < DB_FAMILIES; f++) {
		for (int i = 0; i < families[f]->count; i++) {
			int id = DB_FIRST(f) + i;
			char *q = xasprintf("EXPLAIN QUERY PLAN %s", db_sql(id));
			sqlite3_stmt *st = NULL;
			struct buf plan;
			int stop;

			buf_init(&plan);
			if (sqlite3_prepare_v2(c->db, q, -1, &st, NULL) == SQLITE_OK)
				while (sqlite3_step(st) == SQLITE_ROW)
					buf_addf(&plan, "%s\n",
					         (const char *)sqlite3_column_text(st, 3));
			sqlite3_finalize(st);
			free(q);
			n++;
			stop = fn(id, db_sql(id), plan.data != NULL ? plan.data : "", arg) != 0;
			buf_release(&plan);
			if (stop)
				return n;
		}
	}
	return n;
}

int store_schema(struct buf *out)
{
	struct db_conn *c = db_thread();
	sqlite3_stmt *st = c != NULL ? db_stmt(c, DB_SCHEMA) : NULL;
	int rc;

	if (st == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int i = 0; i < 4; i++)
			buf_addf(out, "%s%s",
			         (const char *)sqlite3_column_text(st, i)
			             ? (const char *)sqlite3_column_text(st, i)
			             : "",
			         i < 3 ? "|" : "\n");
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERROR;
}

int store_check(char *err, size_t errlen)
{
	struct db_conn *c = db_thread();

	if (c == NULL) {
		snprintf(err, errlen, "no connection");
		return STORE_ERROR;
	}
	for (int f = 0; f < DB_FAMILIES; f++) {
		for (int i = 0; i < families[f]->count; i++) {
			if (db_stmt(c, DB_FIRST(f) + i) == NULL) {
				snprintf(err, errlen, "statement %d (%s) does not compile: %s: %s",
				         DB_FIRST(f) + i, families[f]->name, sqlite3_errmsg(c->db),
				         db_sql(DB_FIRST(f) + i));
				return STORE_ERROR;
			}
		}
	}
	return STORE_OK;
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

int store_open(const char *path, char *err, size_t errlen)
{
	static unsigned serial;
	static int configured;
	struct db_conn *c;

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
	memory_db = strcmp(path, ":memory:") == 0;
	if (memory_db) {
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
	if (!memory_db && (exec(c->db, "PRAGMA journal_mode = WAL", err, errlen) != 0 ||
	                   exec(c->db, "PRAGMA journal_size_limit = 67108864", err, errlen) != 0))
		goto fail_conn;
	if (memory_db && restore_image(c->db) != 0)
		log_warn("store: the schema image could not be copied in; migrating");
	if (migrate(c->db, err, errlen) != 0)
		goto fail_conn;
	writer = c;
	if (!memory_db && checkpointer_start(err, errlen) != 0)
		goto fail_conn;
	if (db_writer_start() != 0) {
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
	db_writer_stop();
	checkpointer_stop();
	pthread_mutex_lock(&conns_mu);
	while (conns != NULL) {
		struct db_conn *c = conns;

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

void db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

void db_bind_time(sqlite3_stmt *st, int i, int64_t ms)
{
	if (ms < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, ms);
}

void db_bind_list(sqlite3_stmt *st, const char *fmt, va_list ap)
{
	for (int i = 1; *fmt != '\0'; fmt++, i++) {
		int v;

		switch (*fmt) {
		case 't':
			db_bind_text(st, i, va_arg(ap, const char *));
			break;
		case 'i':
			sqlite3_bind_int(st, i, va_arg(ap, int));
			break;
		case 'I':
			sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
			break;
		case 'T':
			db_bind_time(st, i, va_arg(ap, int64_t));
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

sqlite3_stmt *db_bound(struct db_conn *c, int id, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;

	if (c == NULL)
		return NULL;
	st = db_stmt(c, id);
	va_start(ap, fmt);
	db_bind_list(st, fmt, ap);
	va_end(ap);
	return st;
}

char *db_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

int64_t db_col_time(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i);
}

char *db_col_str(sqlite3_stmt *st, int i, int owned)
{
	return owned ? db_col_text(st, i) : (char *)sqlite3_column_text(st, i);
}

void db_row_int64(sqlite3_stmt *st, void *out)
{
	*(int64_t *)out = sqlite3_column_int64(st, 0);
}

void db_row_text(sqlite3_stmt *st, void *out)
{
	*(char **)out = db_col_text(st, 0);
}

/* Steps a statement that returns no rows, then resets it.  SQLite's code. */
static int run(struct db_conn *c, int id)
{
	sqlite3_stmt *st = db_stmt(c, id);
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && (rc & 0xff) != SQLITE_CONSTRAINT)
		log_error("store: %s: %s", db_sql(id), sqlite3_errmsg(c->db));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

void db_lock(void)
{
	pthread_mutex_lock(&write_mu);
}

void db_unlock(void)
{
	pthread_mutex_unlock(&write_mu);
}

sqlite3_stmt *db_wstmt(int id)
{
	return db_stmt(writer, id);
}

int db_wrun(int id)
{
	return run(writer, id);
}

/* Binds ap's list to the writer's statement id and runs it: SQLite's code. */
static int wrun_va(int id, const char *fmt, va_list ap)
{
	db_bind_list(db_stmt(writer, id), fmt, ap);
	return run(writer, id);
}

int db_wrun_list(int id, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = wrun_va(id, fmt, ap);
	va_end(ap);
	return rc;
}

int db_rc(int rc)
{
	if (rc == SQLITE_DONE)
		return STORE_OK;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? STORE_CONFLICT : STORE_ERROR;
}

int db_wchanges(void)
{
	return sqlite3_changes(writer->db);
}

int db_write(int id, int *changes, const char *fmt, ...)
{
	va_list ap;
	int rc;

	pthread_mutex_lock(&write_mu);
	va_start(ap, fmt);
	rc = wrun_va(id, fmt, ap);
	va_end(ap);
	if (changes != NULL)
		*changes = sqlite3_changes(writer->db);
	pthread_mutex_unlock(&write_mu);
	return db_rc(rc);
}

int db_txn_begin(void)
{
	pthread_mutex_lock(&write_mu);
	if (run(writer, DB_BEGIN) == SQLITE_DONE)
		return SQLITE_DONE;
	pthread_mutex_unlock(&write_mu);
	return SQLITE_ERROR;
}

int db_txn_end(int rc)
{
	if (rc == SQLITE_DONE && run(writer, DB_COMMIT) != SQLITE_DONE)
		rc = SQLITE_ERROR;
	if (rc != SQLITE_DONE)
		run(writer, DB_ROLLBACK);
	pthread_mutex_unlock(&write_mu);
	return rc;
}

int db_changed(int rc, int changes)
{
	if (rc != STORE_OK)
		return STORE_ERROR;
	return changes > 0 ? STORE_OK : STORE_NOT_FOUND;
}

int db_read_one(int id, void (*row)(sqlite3_stmt *st, void *out), void *out, const char *fmt, ...)
{
	struct db_conn *c = db_thread();
	sqlite3_stmt *st;
	va_list ap;
	int rc, ret;

	if (c == NULL)
		return STORE_ERROR;
	st = db_stmt(c, id);
	va_start(ap, fmt);
	db_bind_list(st, fmt, ap);
	va_end(ap);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (row != NULL)
			row(st, out);
		ret = STORE_OK;
	} else if (rc == SQLITE_DONE) {
		ret = STORE_NOT_FOUND;
	} else {
		log_error("store: %s: %s", db_sql(id), sqlite3_errmsg(c->db));
		ret = STORE_ERROR;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return ret;
}

int db_each_row(struct db_conn *c, sqlite3_stmt *st, int (*row)(sqlite3_stmt *st, void *arg),
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
		n = STORE_ERROR;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return n;
}

int store_meta_get(const char *key, int64_t *value)
{
	return db_read_one(DB_META_GET, db_row_int64, value, "t", key);
}

int store_meta_raise(const char *key, int64_t value)
{
	return db_write(DB_META_RAISE, NULL, "tI", key, value) == STORE_OK ? STORE_OK : STORE_ERROR;
}

int store_meta_set(const char *key, int64_t value)
{
	return db_write(DB_META_SET, NULL, "tI", key, value) == STORE_OK ? STORE_OK : STORE_ERROR;
}
