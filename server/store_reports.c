/* store_reports: what a tenant asked to have summed up (docs/design.md §7): MDR report requests
 * (the reports table) and usage reports (usage_reports). */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "util.h"

#define REP_COLUMNS                                                                                \
	"id, tenant, origin, created_at, start_ms, end_ms, name, timezone, include_body, "         \
	"failed, spec"
#define REP_PARAMS "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11"
#define USAGE_COLUMNS                                                                              \
	"id, tenant, origin, aggregation, start_ms, end_ms, profiles, created_at, failed"

enum {
	ST_REP_INSERT = DB_FIRST(DB_REPORTS),
	ST_REP_GET,
	ST_REP_GET_ANY,
	ST_REP_LIST,
	ST_REP_NEWEST,
	ST_REP_TOTAL,
	ST_REP_DELETE,
	ST_REP_FAIL,
	ST_REP_DELETE_ALL,
	ST_REP_DELETE_TENANT,
	ST_USAGE_INSERT,
	ST_USAGE_GET,
	ST_USAGE_LIST,
	ST_USAGE_NEWEST,
	ST_USAGE_TOTAL,
	ST_USAGE_DELETE,
	ST_USAGE_DELETE_ALL,
	ST_USAGE_DELETE_TENANT,
};

#define P(id) [DB_PLACE(id)]
static const char *const sql[] = {
    P(ST_REP_INSERT) = "INSERT INTO reports (" REP_COLUMNS ") VALUES (" REP_PARAMS ")",
    P(ST_REP_GET) = "SELECT " REP_COLUMNS " FROM reports WHERE id = ?1 AND tenant = ?2",
    P(ST_REP_GET_ANY) = "SELECT " REP_COLUMNS " FROM reports WHERE id = ?1",
    P(ST_REP_LIST) = "SELECT " REP_COLUMNS " FROM reports WHERE tenant = ?1 "
                     "ORDER BY created_at DESC, seq DESC LIMIT ?2 OFFSET ?3",
    P(ST_REP_NEWEST) = "SELECT " REP_COLUMNS " FROM reports WHERE ?1 IS NULL OR tenant = ?1 "
                       "ORDER BY seq DESC LIMIT ?2",
    P(ST_REP_TOTAL) = "SELECT count(*) FROM reports WHERE tenant = ?1",
    P(ST_REP_DELETE) = "DELETE FROM reports WHERE id = ?1 AND tenant = ?2",
    P(ST_REP_FAIL) = "UPDATE reports SET failed = 1 WHERE id = ?1",
    P(ST_REP_DELETE_ALL) = "DELETE FROM reports",
    P(ST_REP_DELETE_TENANT) = "DELETE FROM reports WHERE tenant = ?1",
    P(ST_USAGE_INSERT) = "INSERT INTO usage_reports (" USAGE_COLUMNS ") "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    P(ST_USAGE_GET) = "SELECT " USAGE_COLUMNS " FROM usage_reports "
                      "WHERE id = ?1 AND (?2 IS NULL OR tenant = ?2) AND (?3 = 0 OR origin = ?3)",
    P(ST_USAGE_LIST) = "SELECT " USAGE_COLUMNS " FROM usage_reports WHERE tenant = ?1 "
                       "AND origin = ?2 ORDER BY created_at DESC, seq DESC LIMIT ?3 OFFSET ?4",
    P(ST_USAGE_NEWEST) = "SELECT " USAGE_COLUMNS " FROM usage_reports WHERE ?1 IS NULL OR "
                         "tenant = ?1 ORDER BY seq DESC LIMIT ?2",
    P(ST_USAGE_TOTAL) = "SELECT count(*) FROM usage_reports WHERE tenant = ?1 AND origin = ?2",
    P(ST_USAGE_DELETE) = "DELETE FROM usage_reports WHERE id = ?1 AND tenant = ?2 AND origin = ?3",
    P(ST_USAGE_DELETE_ALL) = "DELETE FROM usage_reports",
    P(ST_USAGE_DELETE_TENANT) = "DELETE FROM usage_reports WHERE tenant = ?1",
};
_Static_assert(ARRAY_LEN(sql) <= DB_FAMILY_MAX, "a family has at most DB_FAMILY_MAX statements");

static const int wipe_all[] = {ST_REP_DELETE_ALL, ST_USAGE_DELETE_ALL, DB_END};
static const int wipe_fixtures[] = {DB_END};
static const int wipe_tenant[] = {ST_REP_DELETE_TENANT, ST_USAGE_DELETE_TENANT, DB_END};
static const int bulk[] = {DB_END};
const struct db_family db_family_reports = {
    "reports", sql, (int)ARRAY_LEN(sql), wipe_all, wipe_fixtures, wipe_tenant, bulk};

/* A list's row callback, by the record it hands out, and its argument. */
struct list_call {
	int (*usage)(const struct usage_row *u, void *arg);
	int (*report)(struct report_row *r, void *arg);
	void *arg;
};

static void read_report(sqlite3_stmt *st, struct report_row *r)
{
	const unsigned char *s = sqlite3_column_text(st, 0);

	memset(r, 0, sizeof *r);
	snprintf(r->id, sizeof r->id, "%s", s ? (const char *)s : "");
	r->tenant = db_col_text(st, 1);
	r->origin = sqlite3_column_int(st, 2);
	r->created_at = sqlite3_column_int64(st, 3);
	r->start_ms = sqlite3_column_int64(st, 4);
	r->end_ms = sqlite3_column_int64(st, 5);
	r->name = db_col_text(st, 6);
	r->timezone = db_col_text(st, 7);
	r->include_body = sqlite3_column_int(st, 8);
	r->failed = sqlite3_column_int(st, 9);
	r->spec = db_col_text(st, 10);
}

static void row_report(sqlite3_stmt *st, void *out)
{
	read_report(st, out);
}

int store_report_insert(const struct report_row *r)
{
	return db_write(ST_REP_INSERT, NULL, "ttiIIIttiit", r->id, r->tenant, (int)r->origin,
	                r->created_at, r->start_ms, r->end_ms, r->name, r->timezone,
	                r->include_body, r->failed, r->spec);
}

int store_report_get(const char *id, const char *tenant, struct report_row *out)
{
	if (tenant == NULL)
		return db_read_one(ST_REP_GET_ANY, row_report, out, "t", id);
	return db_read_one(ST_REP_GET, row_report, out, "tt", id, tenant);
}

int store_report_list(const char *tenant, size_t offset, size_t limit, struct report_row **out,
                      size_t *n, int64_t *total)
{
	struct db_conn *c = db_thread();
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (c == NULL)
		return STORE_ERROR;
	st = db_stmt(c, ST_REP_TOTAL);
	db_bind_text(st, 1, tenant);
	if (sqlite3_step(st) == SQLITE_ROW)
		*total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	st = db_stmt(c, ST_REP_LIST);
	db_bind_text(st, 1, tenant);
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
	int n = 0, rc = db_write(ST_REP_DELETE, &n, "tt", id, tenant);

	return db_changed(rc, n);
}

int store_report_fail(const char *id)
{
	int n = 0, rc = db_write(ST_REP_FAIL, &n, "t", id);

	return db_changed(rc, n);
}

static void read_usage(sqlite3_stmt *st, struct usage_row *u)
{
	const unsigned char *s = sqlite3_column_text(st, 0);

	memset(u, 0, sizeof *u);
	snprintf(u->id, sizeof u->id, "%s", s ? (const char *)s : "");
	u->tenant = db_col_text(st, 1);
	u->origin = sqlite3_column_int(st, 2);
	u->aggregation = sqlite3_column_int(st, 3);
	u->start_ms = sqlite3_column_int64(st, 4);
	u->end_ms = sqlite3_column_int64(st, 5);
	u->profiles = db_col_text(st, 6);
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
	return db_write(ST_USAGE_INSERT, NULL, "ttiiIItIi", u->id, u->tenant, u->origin,
	                u->aggregation, u->start_ms, u->end_ms, u->profiles ? u->profiles : "[]",
	                u->created_at, u->failed);
}

int store_usage_get(const char *id, const char *tenant, int origin, struct usage_row *out)
{
	memset(out, 0, sizeof *out);
	return db_read_one(ST_USAGE_GET, row_usage, out, "tti", id, tenant, origin);
}

int store_usage_delete(const char *id, const char *tenant, int origin)
{
	int changes = 0, rc = db_write(ST_USAGE_DELETE, &changes, "tti", id, tenant, origin);

	return db_changed(rc, changes);
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
	struct db_conn *c = db_thread();
	struct list_call lc = {.usage = fn, .arg = arg};
	sqlite3_stmt *st;

	*total = 0;
	if (db_read_one(ST_USAGE_TOTAL, db_row_int64, total, "ti", tenant, origin) != STORE_OK)
		return STORE_ERROR;
	st = db_bound(c, ST_USAGE_LIST, "tiII", tenant, origin, (int64_t)limit, (int64_t)offset);
	return st != NULL ? db_each_row(c, st, usage_row_cb, &lc) : STORE_ERROR;
}

int store_usage_newest(const char *tenant, size_t limit,
                       int (*fn)(const struct usage_row *, void *), void *arg)
{
	struct db_conn *c = db_thread();
	struct list_call lc = {.usage = fn, .arg = arg};
	sqlite3_stmt *st = db_bound(c, ST_USAGE_NEWEST, "tI", tenant, (int64_t)limit);

	return st != NULL ? db_each_row(c, st, usage_row_cb, &lc) : STORE_ERROR;
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
	struct db_conn *c = db_thread();
	struct list_call lc = {.report = fn, .arg = arg};
	sqlite3_stmt *st = db_bound(c, ST_REP_NEWEST, "tI", tenant, (int64_t)limit);

	return st != NULL ? db_each_row(c, st, report_row_cb, &lc) : STORE_ERROR;
}
