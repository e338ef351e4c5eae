/*
 * store: everything the server keeps, in SQLite (docs/design.md §7), for its callers; its
 * internals are store_int.h's.  One connection per thread, opened on first use; numbered
 * migrations from schema/ embedded in the binary and recorded in PRAGMA user_version; each
 * family of tables in a file of its own, with its prepared statements in a table of its own;
 * STRICT tables; WAL for files.  Writes go through one writer connection under a process mutex,
 * so threads never wait on SQLite's busy handler for each other, and WAL checkpoints run on a
 * background thread, off the request path.  A write has committed to the WAL before the
 * function returns, so it survives the process being killed.  Never builds JSON.
 *
 * One return convention for every call that can fail: an int, negative only for STORE_ERROR
 * (the database failed; logged with the statement's SQL).  Otherwise the answer: STORE_OK (done,
 * or found), STORE_NOT_FOUND (no row matched; a question whose answer is no), STORE_CONFLICT (the
 * key is taken), or, for a call that hands rows to a callback, the number it handed out.  A
 * count of rows that may be large comes back through an int64_t out-parameter.
 * Calls: clock, log, model, ticket, util, SQLite.
 */
#ifndef MDRMOCK_STORE_H
#define MDRMOCK_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "ticket.h"

enum store_rc {
	STORE_ERROR = -1,
	STORE_OK = 0,
	STORE_NOT_FOUND = 1,
	STORE_CONFLICT = 2, /* the id is taken */
};

/* store.c: the engine. */
/*
 * Opens (creating when needed) the database at path (":memory:" for a
 * private in-memory one) and applies pending migrations; each connection
 * compiles a statement when it first runs it.  STORE_OK, or STORE_ERROR
 * with a message in err.
 */
int store_open(const char *path, char *err, size_t errlen);
/* Compiles every statement on the calling thread's connection: STORE_OK, or STORE_ERROR naming
 * the first that does not compile (the unit tests run it; the server compiles them as used). */
int store_check(char *err, size_t errlen);
/* Calls fn with each statement's id, SQL and EXPLAIN QUERY PLAN (one line a step), for the
 * tests that check no statement scans a big table it need not; non-zero stops.  The count. */
int store_explain(int (*fn)(int id, const char *sql, const char *plan, void *arg), void *arg);
struct buf;
/* Appends the schema (every object's type, name, table and SQL, and user_version), one line
 * each, sorted: so a test can tell two databases' schemas apart. */
int store_schema(struct buf *out);
/* Closes every connection.  No other store call may run concurrently. */
void store_close(void);

/* Small persistent integers (the id generator's position). */
int store_meta_get(const char *key, int64_t *value); /* STORE_OK or STORE_NOT_FOUND */
int store_meta_set(const char *key, int64_t value);
/* Sets key to value unless it already holds more (concurrent writers never go back). */
int store_meta_raise(const char *key, int64_t value);

/* store_writer.c: the writer thread. */
/*
 * Group commit (docs/design.md §7): a new message with its webhook events and, unless its
 * tenant has it, its own number, handed to the store's writer thread (a :memory: database
 * commits it at once on the caller's thread: its commit writes no file).  That thread commits
 * every send queued meanwhile in one transaction (a savepoint each, so one failure undoes only
 * its own), then marks each ticket done with STORE_OK or STORE_ERROR: done, it is in the WAL.
 * A conflict on the message's id calls redraw() for another (a seeded run restarted on its
 * own database).  Everything s points to is the caller's and must live until the ticket is
 * done; the store keeps at most one send per caller, so the queue is as long as the requests
 * in flight (--max-connections).
 */
/* The most ids a send draws before it gives up (a seeded run's whole stored sequence). */
#define STORE_MAX_ID_DRAWS 1000000
struct store_send {
	struct message *m;
	const struct outbox_event *ev;
	size_t nev;
	const struct number *number; /* NULL, or INSERT OR IGNORE in the same savepoint */
	void (*redraw)(struct message *m);
	struct ticket ticket;
	int rc;                  /* the store's */
	struct store_send *next; /* the store's */
};
void store_send(struct store_send *s);
/* Transactions the group commit has committed since the store opened. */
unsigned long store_group_commits(void);
/* For the tests: while held (1), the writer thread takes nothing queued; 0 lets it go. */
void store_writer_hold(int hold);

/*
 * In one transaction, deletes what scope names (below: the fixture rows,
 * everything, or one tenant's data) and inserts the given fixture profiles
 * (not for a tenant's scope) and messages (for a tenant's scope, only that
 * tenant's).  STORE_OK or STORE_ERROR.
 */
enum store_scope {
	STORE_SCOPE_FIXTURES, /* start-up: replace the fixtures, keep the rest */
	STORE_SCOPE_ALL,      /* full reset: also profiles, webhooks, blocks */
	STORE_SCOPE_TENANT,   /* one tenant's reset */
};
int store_replace(enum store_scope scope, const char *tenant, const struct message *fixtures,
                  size_t n, const struct profile *profiles, size_t nprofiles);
/*
 * A tenant's reset (STORE_SCOPE_TENANT) on the store's writer thread, its bulk in steps
 * between which every queued send commits (docs/behaviour.md §6.4), so neither the caller's
 * thread nor another tenant's writes wait for it; the ticket is done with STORE_OK or
 * STORE_ERROR.  tenant and fixtures are the caller's until then.
 */
struct store_reset {
	const char *tenant;
	const struct message *fixtures;
	size_t n;
	struct ticket ticket;
	size_t table;             /* the store's: the bulk's step */
	struct store_reset *next; /* the store's */
};
void store_reset_tenant(struct store_reset *r);

/* store_messages.c: the messages table. */
/* Inserts a new message.  STORE_OK, STORE_CONFLICT or STORE_ERROR. */
int store_message_insert(const struct message *m);
/* The same, with its webhook events in the same transaction (docs/behaviour.md §3). */
int store_message_insert_events(const struct message *m, const struct outbox_event *ev, size_t nev);

/*
 * Reads message id as seen by tenant (its own and global records; tenant
 * NULL sees everything).  Fills out, which the caller releases with
 * message_release().  STORE_OK, STORE_NOT_FOUND or STORE_ERROR.
 */
int store_message_get(const char *id, const char *tenant, struct message *out);

/* The number of stored messages, in *n (tests). */
int store_message_count(int64_t *n);

/*
 * Where a scan of messages stopped: the (received_at, seq) of the last row
 * handed out.  Zero it to start.
 */
struct store_cursor {
	int descending; /* set before the first call: newest first (a tenant's scan only) */
	int started;
	int64_t at;
	int64_t seq;
};

/*
 * Called for each message of a scan, which is borrowed: its strings live
 * until the callback returns, and it must not be released.  Return 0 to go
 * on, non-zero to stop after this row.
 */
typedef int (*store_scan_fn)(const struct message *m, void *arg);

/*
 * Reads up to limit messages with from <= received_at < until, in creation
 * order (or its reverse, cur->descending), after the cursor, which it
 * advances, and hands fn those visible to tenant (its own and the global
 * ones; NULL: every message).  The message carries its profile's
 * connection_id and name.  Returns the number of rows read (fewer than
 * limit at the end), or STORE_ERROR.  A tenant's scan reads its own rows
 * and the global ones by the tenant index, so it reads nothing it does not
 * hand out: each call is one short, bounded read; nothing is held between
 * calls.
 */
int store_messages_scan(const char *tenant, int64_t from, int64_t until, struct store_cursor *cur,
                        size_t limit, store_scan_fn fn, void *arg);

/*
 * Calls fn for every member of the group MMS that tenant's message id is
 * part of, in order (the message borrowed).  The count (0: not a group
 * member), or STORE_ERROR.
 */
int store_message_group(const char *id, const char *tenant, store_scan_fn fn, void *arg);

/*
 * Marks message id cancelled at the virtual instant at and drops its pending
 * webhook events, in one transaction.  STORE_OK, STORE_NOT_FOUND (no such
 * message, or already cancelled) or STORE_ERROR.
 */
int store_message_cancel(const char *id, int64_t at);

/*
 * The sender tenant's last outbound message through profile_id had (to it,
 * when to is not NULL), as a new string.  STORE_OK or _NOT_FOUND.
 */
int store_pool_last(const char *tenant, const char *profile_id, const char *to, char **sender);
/* The tenant of the newest outbound message from number (*tenant NULL: a global one). */
int store_last_sender_tenant(const char *number, char **tenant);

/*
 * Hands fn the messages matching the filters (NULL: any), newest first,
 * borrowed as in a scan: at most limit of them, and only those before *seq
 * (STORE_FIND_FIRST to begin), which moves past each one handed out, so the
 * next call goes on from there; fn returns non-zero to stop.  Returns the
 * number handed out, or STORE_ERROR.  For the control API (docs/behaviour.md §6), across tenants.
 */
#define STORE_FIND_FIRST INT64_MAX
int store_messages_find(const char *to, const char *from, const char *tenant, const char *direction,
                        int64_t *seq, size_t limit, store_scan_fn fn, void *arg);

/* store_account.c: profiles, numbers, opt-outs, auto-response settings. */
/*
 * Messaging profiles (docs/behaviour.md §2.5): a tenant's and the global ones
 * (tenant NULL).  Release with profile_release() (profile.h).
 */
int store_profile_put(const struct profile *p); /* insert or replace */
/* Inserts p unless its id exists: STORE_OK, STORE_CONFLICT or STORE_ERROR. */
int store_profile_add(const struct profile *p);
/* id as tenant sees it (its own or a global one; tenant NULL: any).  STORE_OK or _NOT_FOUND. */
int store_profile_get(const char *id, const char *tenant, struct profile *out);
/*
 * Calls fn (the profile borrowed for the call; non-zero stops) for a page
 * of the profiles tenant sees, oldest first, whose name equals name_eq /
 * contains name_contains (NULL: any); *total counts every match.  Returns
 * the rows handed out, or STORE_ERROR.
 */
int store_profiles_list(const char *tenant, const char *name_eq, const char *name_contains,
                        size_t offset, size_t limit, int (*fn)(const struct profile *, void *),
                        void *arg, int64_t *total);
/*
 * Deletes tenant's profile id and moves its numbers to fallback, in one
 * transaction.  STORE_OK, STORE_NOT_FOUND (none of tenant's) or STORE_ERROR.
 */
int store_profile_delete(const char *id, const char *tenant, const char *fallback, int64_t at);

/* A tenant's numbers (docs/behaviour.md §2.5).  Release with store_number_release(). */
void store_number_release(struct number *n);
/* Inserts n unless tenant has that number: STORE_OK, STORE_CONFLICT or STORE_ERROR. */
int store_number_add(const struct number *n);
/* tenant's number by its id or its phone number.  STORE_OK or _NOT_FOUND. */
int store_number_get(const char *tenant, const char *id_or_number, struct number *out);
/* Writes n's profile, tags and updated_at.  STORE_OK or _NOT_FOUND. */
int store_number_set(const struct number *n);

/* Which numbers a list shows (NULL: any), in phone-number order. */
struct store_number_query {
	const char *tenant;
	const char *profile_id;
	const char *phone_number;
	const char *contains;
	const char
	    *type; /* "longcode", "tollfree", "shortcode", or "phone": either of the first two */
	int descending;
	size_t offset;
	size_t limit;
};
int store_numbers_list(const struct store_number_query *q, int (*fn)(const struct number *, void *),
                       void *arg, int64_t *total);

/* The phone numbers of tenant's profile, sorted: *out is a new array of *n new strings. */
int store_pool_numbers(const char *tenant, const char *profile_id, char ***out, size_t *n);
/* Which opt-outs a list shows (NULL: any), newest first, since <= created_at <= until. */
struct store_optout_query {
	const char *tenant;
	const char *from;
	const char *profile_id;
	int64_t since;
	int64_t until;
	size_t offset;
	size_t limit;
};
int store_optouts_list(const struct store_optout_query *q, int (*fn)(const struct optout *, void *),
                       void *arg, int64_t *total);

/*
 * A profile's auto-response settings (docs/behaviour.md §2.5), keyed by id,
 * profile and tenant.  Release with autoresp_release() (autoresp.h).
 */
int store_autoresp_put(const struct autoresp *a); /* insert or replace */
int store_autoresp_get(const char *id, const char *profile_id, const char *tenant,
                       struct autoresp *out); /* or _NOT_FOUND */
int store_autoresp_delete(const char *id, const char *profile_id,
                          const char *tenant); /* or _NOT_FOUND */
/* How many settings the profile has, in *n. */
int store_autoresp_count(const char *profile_id, const char *tenant, int64_t *n);
/* Which settings a list shows (NULL: any), oldest first, the times inclusive. */
struct store_autoresp_query {
	const char *profile_id;
	const char *tenant;
	const char *country_code;
	int64_t created_since, created_until;
	int64_t updated_since, updated_until;
};
/* Calls fn (the setting borrowed; non-zero stops) for each; the count, or STORE_ERROR. */
int store_autoresp_list(const struct store_autoresp_query *q,
                        int (*fn)(const struct autoresp *, void *), void *arg);

/* Opt-outs: sender may not message recipient (tenant NULL: for everyone). */
int store_block_set(const struct optout *o, int on);
/* Whether a block of tenant's, or a global one, stops sender messaging recipient: STORE_OK
 * (one does), STORE_NOT_FOUND (none) or STORE_ERROR. */
int store_block_find(const char *tenant, const char *sender, const char *recipient);

/* store_reports.c: MDR report requests and usage reports. */
/* MDR report requests (docs/behaviour.md §4, docs/behaviour.md §5).  Rows are released with
 * report_row_release(). */
int store_report_insert(const struct report_row *r); /* STORE_OK, _CONFLICT, _ERROR */
/* tenant NULL: any tenant's (downloads). */
int store_report_get(const char *id, const char *tenant, struct report_row *out);
/*
 * A page of tenant's reports, newest first: *out is a new array of *n rows
 * (each released, then the array freed), *total counts them all.
 */
int store_report_list(const char *tenant, size_t offset, size_t limit, struct report_row **out,
                      size_t *n, int64_t *total);
/*
 * The newest limit reports of every tenant (tenant NULL) or one, newest first, for the
 * control API: fn owns each row (report_row_release()); non-zero stops.  The count, or STORE_ERROR.
 */
int store_reports_newest(const char *tenant, size_t limit, int (*fn)(struct report_row *, void *),
                         void *arg);
int store_report_delete(const char *id, const char *tenant); /* STORE_OK or _NOT_FOUND */
int store_report_fail(const char *id);                       /* STORE_OK or _NOT_FOUND */

/* MDR usage reports (docs/behaviour.md §5.1).  Rows are released with store_usage_release(). */
void store_usage_release(struct usage_row *u);
int store_usage_insert(const struct usage_row *u); /* STORE_OK, _CONFLICT, _ERROR */
/* tenant NULL: anyone's (downloads); origin 0: either view's. */
int store_usage_get(const char *id, const char *tenant, int origin, struct usage_row *out);
int store_usage_delete(const char *id, const char *tenant, int origin); /* or _NOT_FOUND */
/* The newest limit usage reports of every tenant (tenant NULL) or one, either origin, newest
 * first (the row borrowed); the count, or STORE_ERROR. */
int store_usage_newest(const char *tenant, size_t limit,
                       int (*fn)(const struct usage_row *, void *), void *arg);
/* A page of tenant's reports of one origin, newest first; *total counts them all. */
int store_usage_list(const char *tenant, int origin, size_t offset, size_t limit,
                     int (*fn)(const struct usage_row *, void *), void *arg, int64_t *total);

/* store_webhooks.c: the outbox and the delivery log. */
/*
 * Webhook delivery (docs/behaviour.md §3.4).  The worker claims due events
 * (outbox state 4, in flight) and commits what it did in batches.
 */
/* Hands claimed events back (a new start: nothing is in flight). */
int store_outbox_unclaim(void);
/* The first tenant ('' for global messages) after `after` (NULL: the first) with pending
 * events, *out new. */
int store_outbox_tenant_after(const char *after, char **out); /* STORE_OK or _NOT_FOUND */
/*
 * Claims up to limit of tenant's events due by now (virtual) whose message
 * has no earlier event pending or in flight, in due order, into out.  The
 * count, or STORE_ERROR.
 */
int store_outbox_claim(const char *tenant, int64_t now, size_t limit, struct outbox_event *out);
/* The earliest due time after now of a pending event: STORE_OK, _NOT_FOUND or _ERROR. */
int store_outbox_next_due(int64_t now, int64_t *due);

/* One step of a delivery: an attempt to log, and whether the delivery ended. */
struct delivery_step {
	int64_t seq;                   /* the event's outbox row */
	const struct attempt *attempt; /* NULL: nothing to log */
	enum outbox_state end;         /* OUTBOX_PENDING: it goes on */
	const char *delivered_id;      /* an inbound message handed over when it ends */
	int64_t delivered_at;
	int gone; /* set: the row was deleted (a reset), so nothing of it was written */
};
/* Writes steps in one transaction. */
int store_delivery_commit(struct delivery_step *steps, size_t n);
/*
 * Forgets finished events due, and attempts made, before the virtual instant
 * before: at most max_rows of each.  The rows deleted, or STORE_ERROR.
 */
int store_delivery_prune(int64_t before, size_t max_rows);

/* The delivery log's filters (NULL: any). */
struct store_attempt_query {
	const char *message_id, *event_type, *url, *tenant;
	size_t limit;
	int detail; /* also read what each attempt sent and got back */
};
/*
 * Calls fn for the newest q->limit matching attempts, oldest first; the
 * attempt is borrowed for the call.  Returns the count, or STORE_ERROR.
 */
int store_attempts_list(const struct store_attempt_query *q,
                        int (*fn)(const struct attempt *a, void *arg), void *arg);

#endif
