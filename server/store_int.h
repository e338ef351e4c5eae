/*
 * store_int: the store's internals, shared by its files and by no one else (docs/design.md §7),
 * the way SQLite keeps btreeInt.h beside btree.h.  store.c is the engine (connections, the
 * statement tables, migrations, transactions, the checkpointer); each store_*.c file owns one
 * family of tables and the statements that read and write them, registered with the engine as a
 * struct db_family.  Every name here starts with db_.  The only header that includes
 * <sqlite3.h>.
 * Calls: model, store, SQLite.
 */
#ifndef MDRMOCK_STORE_INT_H
#define MDRMOCK_STORE_INT_H

#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "store.h"

/* The families, in the order a reset deletes their rows (outbox and attempts before the
 * messages their rows name, so the webhook worker never meets an event without one). */
enum db_family_id {
	DB_CORE,     /* store.c: transactions, meta, the schema */
	DB_WEBHOOKS, /* store_webhooks.c: outbox, webhook_attempts */
	DB_MESSAGES, /* store_messages.c: messages */
	DB_ACCOUNT,  /* store_account.c: profiles, numbers, blocks (opt-outs), autoresp */
	DB_REPORTS,  /* store_reports.c: reports, usage_reports */
	DB_FAMILIES
};

/* A statement's id: its family in the high bits, its place in the family's table below. */
#define DB_FAMILY_MAX    64
#define DB_FIRST(family) ((family)*DB_FAMILY_MAX)
#define DB_PLACE(id)     ((id) % DB_FAMILY_MAX)
#define DB_FAMILY_OF(id) ((id) / DB_FAMILY_MAX)
#define DB_END           (-1) /* ends a list of statement ids */

/*
 * One family's statements, by place (DB_PLACE of each id), and what a reset deletes of its rows:
 * each list ends with DB_END.  wipe_all and wipe_fixtures take no parameters, wipe_tenant ?1 the
 * tenant; bulk deletes at most ?2 of tenant ?1's rows a step (a tenant's reset runs them before
 * the rest, in bounded transactions, docs/behaviour.md §6.4).
 */
struct db_family {
	const char *name;
	const char *const *sql;
	int count;
	const int *wipe_all, *wipe_fixtures, *wipe_tenant, *bulk;
};
extern const struct db_family db_family_core, db_family_webhooks, db_family_messages,
    db_family_account, db_family_reports;
const struct db_family *db_family(int f);

/* The engine's own statements (store.c). */
enum db_core_stmt {
	DB_BEGIN = DB_FIRST(DB_CORE),
	DB_COMMIT,
	DB_ROLLBACK,
	DB_SAVEPOINT,
	DB_RELEASE,
	DB_ROLLBACK_TO,
	DB_META_GET,
	DB_META_SET,
	DB_META_RAISE,
	DB_SCHEMA,
};

struct db_conn;
/* The calling thread's connection, opened on first use; NULL when it cannot open (logged). */
struct db_conn *db_thread(void);
/* Statement id of connection c, compiled on its first use; NULL when it does not compile. */
sqlite3_stmt *db_stmt(struct db_conn *c, int id);
const char *db_sql(int id);
sqlite3 *db_handle(struct db_conn *c);
int db_is_memory(void);

/*
 * Binding, by a list described by fmt, one letter a parameter ?1, ?2 ...: 't' a string (NULL
 * binds NULL), 'i' an int, 'I' an int64_t, 'T' a time (int64_t; negative binds NULL), 'n' an int
 * status (0 or less binds NULL).
 */
void db_bind_list(sqlite3_stmt *st, const char *fmt, va_list ap);
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
void db_bind_time(sqlite3_stmt *st, int i, int64_t ms);
/* Statement id of c with fmt's list bound, or NULL (c NULL). */
sqlite3_stmt *db_bound(struct db_conn *c, int id, const char *fmt, ...);
/* A text column copied (NULL stays NULL), a time column (NULL is -1), or borrowed (owned 0). */
char *db_col_text(sqlite3_stmt *st, int i);
int64_t db_col_time(sqlite3_stmt *st, int i);
char *db_col_str(sqlite3_stmt *st, int i, int owned);
/* Row readers for db_read_one(): column 0 as an int64_t, or as a new string. */
void db_row_int64(sqlite3_stmt *st, void *out);
void db_row_text(sqlite3_stmt *st, void *out);

/*
 * Reads.  db_read_one() binds fmt's list to id on this thread's connection, steps once and on a
 * row calls row(st, out) (may be NULL): STORE_OK, STORE_NOT_FOUND or STORE_ERROR (logged).
 * db_each_row() steps st over its rows, handing each to row (non-zero stops): the row count or
 * STORE_ERROR (logged, naming the SQL); it resets st.
 */
int db_read_one(int id, void (*row)(sqlite3_stmt *st, void *out), void *out, const char *fmt, ...);
int db_each_row(struct db_conn *c, sqlite3_stmt *st, int (*row)(sqlite3_stmt *st, void *arg),
                void *arg);

/*
 * Writes, all on the one writer connection under its mutex (docs/design.md §7).
 * db_write() takes the mutex, binds and runs id, and gives the rows changed in *changes (may be
 * NULL): STORE_OK, STORE_CONFLICT (a constraint) or STORE_ERROR.  db_changed() turns a write that
 * must change a row into STORE_OK, STORE_NOT_FOUND or STORE_ERROR.
 */
int db_write(int id, int *changes, const char *fmt, ...);
int db_changed(int rc, int changes);
/* A write's SQLite code as the store's: STORE_OK, STORE_CONFLICT (a constraint) or STORE_ERROR. */
int db_rc(int rc);
/*
 * Under the mutex (db_lock(), or a transaction): db_wstmt() is the writer's statement id,
 * db_wrun() steps it and resets it (SQLite's code; a failure but a constraint is logged with its
 * SQL), db_wrun_list() binds fmt's list first, db_wchanges() the rows the last one changed.
 */
void db_lock(void);
void db_unlock(void);
sqlite3_stmt *db_wstmt(int id);
int db_wrun(int id);
int db_wrun_list(int id, const char *fmt, ...);
int db_wchanges(void);
/*
 * A write transaction: db_txn_begin() takes the mutex and opens it (SQLITE_DONE, or an error
 * with the mutex released); db_txn_end(rc) commits when rc is SQLITE_DONE, else rolls back,
 * releases the mutex and gives the final code.
 */
int db_txn_begin(void);
int db_txn_end(int rc);

/* store_writer.c: the writer thread of the group commit, started and stopped by the engine. */
int db_writer_start(void);
void db_writer_stop(void);

/* store_messages.c, under the mutex (inside the caller's transaction where one is open). */
int db_message_insert(const struct message *m, const struct outbox_event *ev, size_t nev);
int db_message_upsert(const struct message *m);
int db_message_delivered(const char *id, int64_t at);

/* store_webhooks.c, under the mutex: a message's event, its pending events dropped. */
int db_outbox_add(const struct message *m, const struct outbox_event *ev);
int db_outbox_drop_pending(const char *id);

/* store_account.c, under the mutex: a number unless its tenant has it, a fixture profile, and
 * the flag that lets a send skip the opt-out lookup when there is none, read again. */
int db_number_add(const struct number *n);
int db_profile_put_fixture(const struct profile *p);
void db_blocks_recount(void);

#endif
