/*
 * store: everything the server keeps, in SQLite (STYLE 23-25).  One
 * connection per thread, opened on first use; numbered migrations from
 * schema/ embedded in the binary and recorded in PRAGMA user_version;
 * prepared statements in one enum-indexed table; STRICT tables; WAL for
 * files.  Writes go through one writer connection under a process mutex,
 * so threads never wait on SQLite's busy handler for each other, and WAL
 * checkpoints run on a background thread, off the request path.  A write has committed to the WAL
 * before the function returns, so it survives the process being killed.
 * The only file that includes <sqlite3.h>; never builds JSON.  Calls model,
 * log, util.
 */
#ifndef MDRMOCK_STORE_H
#define MDRMOCK_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

enum store_rc {
	STORE_ERROR = -1,
	STORE_OK = 0,
	STORE_NOT_FOUND = 1,
	STORE_CONFLICT = 2, /* the id is taken */
};

/*
 * Opens (creating when needed) the database at path (":memory:" for a
 * private in-memory one), applies pending migrations and prepares every
 * statement.  Returns 0, or -1 with a message in err.
 */
int store_open(const char *path, char *err, size_t errlen);
/* Closes every connection.  No other store call may run concurrently. */
void store_close(void);

/* Inserts a new message.  STORE_OK, STORE_CONFLICT or STORE_ERROR. */
int store_message_insert(const struct message *m);

/*
 * Reads message id as seen by tenant (its own and global records; tenant
 * NULL sees everything).  Fills out, which the caller releases with
 * message_release().  STORE_OK, STORE_NOT_FOUND or STORE_ERROR.
 */
int store_message_get(const char *id, const char *tenant, struct message *out);

/*
 * In one transaction, deletes the data of one tenant (or of everyone when
 * all is set; or only fixture rows when fixtures_only is set) and inserts
 * the given fixture messages.  STORE_OK or STORE_ERROR.
 */
enum store_scope {
	STORE_SCOPE_FIXTURES, /* start-up: replace the fixtures, keep the rest */
	STORE_SCOPE_ALL,      /* full reset */
	STORE_SCOPE_TENANT,   /* one tenant's reset */
};
int store_replace(enum store_scope scope, const char *tenant, const struct message *fixtures,
		  size_t n);

/* Small persistent integers (the id generator's position). */
int store_meta_get(const char *key, int64_t *value); /* STORE_OK or STORE_NOT_FOUND */
int store_meta_set(const char *key, int64_t value);

/* The number of stored messages (health, tests). */
int64_t store_message_count(void);

#endif
