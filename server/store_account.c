/* store_account: what a tenant sets up (docs/design.md §7): messaging profiles, numbers,
 * opt-outs (the blocks table) and auto-response settings. */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "util.h"

#define PROFILE_COLUMNS                                                                            \
	"id, tenant, name, webhook_url, webhook_failover_url, connection_id, settings, "           \
	"created_at, updated_at, fixture"
#define AUTORESP_COLUMNS                                                                           \
	"id, tenant, profile_id, op, keywords, country_code, resp_text, created_at, updated_at"
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

enum {
	ST_PROFILE_PUT = DB_FIRST(DB_ACCOUNT),
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
	ST_OPTOUT_LIST,
	ST_OPTOUT_TOTAL,
	ST_BLOCK_ADD,
	ST_BLOCK_REMOVE,
	ST_BLOCK_FIND,
	ST_BLOCKS_ANY,
	ST_BLOCKS_DELETE_ALL,
	ST_BLOCKS_DELETE_TENANT,
	ST_AUTORESP_PUT,
	ST_AUTORESP_GET,
	ST_AUTORESP_DELETE,
	ST_AUTORESP_LIST,
	ST_AUTORESP_COUNT,
	ST_AUTORESP_DELETE_ALL,
	ST_AUTORESP_DELETE_TENANT,
	ST_AUTORESP_DELETE_PROFILE,
};

#define P(id) [DB_PLACE(id)]
static const char *const sql[] = {
    P(ST_PROFILE_PUT) = "INSERT OR REPLACE INTO profiles (" PROFILE_COLUMNS ") "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    P(ST_PROFILE_ADD) = "INSERT OR IGNORE INTO profiles (" PROFILE_COLUMNS ") "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    P(ST_PROFILE_GET) = "SELECT " PROFILE_COLUMNS " FROM profiles WHERE id = ?1 "
                        "AND (tenant = ?2 OR tenant IS NULL)",
    P(ST_PROFILE_GET_ANY) = "SELECT " PROFILE_COLUMNS " FROM profiles WHERE id = ?1",
    /* A tenant's profiles and the global ones, oldest first, by name when asked. */
    P(ST_PROFILE_LIST) = "SELECT " PROFILE_COLUMNS " FROM profiles "
                         "WHERE (tenant = ?1 OR tenant IS NULL) AND (?2 IS NULL OR name = ?2) "
                         "AND (?3 IS NULL OR instr(name, ?3) > 0) "
                         "ORDER BY created_at, id LIMIT ?4 OFFSET ?5",
    P(ST_PROFILE_TOTAL) = "SELECT count(*) FROM profiles "
                          "WHERE (tenant = ?1 OR tenant IS NULL) AND (?2 IS NULL OR name = ?2) "
                          "AND (?3 IS NULL OR instr(name, ?3) > 0)",
    P(ST_PROFILE_DELETE) = "DELETE FROM profiles WHERE id = ?1 AND tenant = ?2",
    P(ST_PROFILE_DELETE_NONFIXTURE) = "DELETE FROM profiles WHERE fixture = 0",
    P(ST_PROFILE_DELETE_FIXTURE) = "DELETE FROM profiles WHERE fixture = 1",
    P(ST_PROFILE_DELETE_TENANT) = "DELETE FROM profiles WHERE tenant = ?1",
    P(ST_NUMBER_ADD) = "INSERT OR IGNORE INTO numbers (" NUMBER_COLUMNS ") "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    P(ST_NUMBER_GET) = "SELECT " NUMBER_COLUMNS " FROM numbers WHERE tenant = ?1 "
                       "AND (id = ?2 OR phone_number = ?2)",
    P(ST_NUMBER_SET) = "UPDATE numbers SET messaging_profile_id = ?3, tags = ?4, updated_at = ?5 "
                       "WHERE tenant = ?1 AND id = ?2",
    P(ST_NUMBER_LIST) = "SELECT " NUMBER_COLUMNS " FROM numbers " NUMBER_WHERE
                        " ORDER BY CASE WHEN ?6 THEN phone_number END DESC, phone_number "
                        "LIMIT ?7 OFFSET ?8",
    P(ST_NUMBER_TOTAL) = "SELECT count(*) FROM numbers " NUMBER_WHERE,
    P(ST_NUMBER_POOL) = "SELECT phone_number FROM numbers WHERE tenant = ?1 "
                        "AND messaging_profile_id = ?2 ORDER BY phone_number",
    P(ST_NUMBERS_UNASSIGN) = "UPDATE numbers SET messaging_profile_id = ?3, updated_at = ?4 "
                             "WHERE tenant = ?1 AND messaging_profile_id = ?2",
    P(ST_NUMBERS_DELETE_ALL) = "DELETE FROM numbers",
    P(ST_NUMBERS_DELETE_TENANT) = "DELETE FROM numbers WHERE tenant = ?1",
    P(ST_OPTOUT_LIST) = "SELECT tenant, sender, recipient, keyword, messaging_profile_id, "
                        "created_at FROM blocks WHERE (tenant = ?1 OR tenant IS NULL) "
                        "AND (?2 IS NULL OR sender = ?2) "
                        "AND (?3 IS NULL OR messaging_profile_id = ?3) "
                        "AND created_at >= ?4 AND created_at <= ?5 "
                        "ORDER BY created_at DESC, seq DESC LIMIT ?6 OFFSET ?7",
    P(ST_OPTOUT_TOTAL) = "SELECT count(*) FROM blocks WHERE (tenant = ?1 OR tenant IS NULL) "
                         "AND (?2 IS NULL OR sender = ?2) "
                         "AND (?3 IS NULL OR messaging_profile_id = ?3) "
                         "AND created_at >= ?4 AND created_at <= ?5",
    P(ST_BLOCK_ADD) = "INSERT INTO blocks (tenant, sender, recipient, keyword, "
                      "messaging_profile_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    P(ST_BLOCK_REMOVE) = "DELETE FROM blocks WHERE tenant IS ?1 AND sender = ?2 AND recipient = ?3",
    P(ST_BLOCK_FIND) = "SELECT 1 FROM blocks WHERE sender = ?2 AND recipient = ?3 "
                       "AND (tenant IS NULL OR tenant = ?1) LIMIT 1",
    /* Whether any opt-out exists (any_blocks). */
    P(ST_BLOCKS_ANY) = "SELECT EXISTS (SELECT 1 FROM blocks)",
    P(ST_BLOCKS_DELETE_ALL) = "DELETE FROM blocks",
    P(ST_BLOCKS_DELETE_TENANT) = "DELETE FROM blocks WHERE tenant = ?1",
    P(ST_AUTORESP_PUT) = "INSERT OR REPLACE INTO autoresp (" AUTORESP_COLUMNS ") "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    P(ST_AUTORESP_GET) = "SELECT " AUTORESP_COLUMNS " FROM autoresp "
                         "WHERE id = ?1 AND profile_id = ?2 AND tenant = ?3",
    P(ST_AUTORESP_DELETE) =
        "DELETE FROM autoresp WHERE id = ?1 AND profile_id = ?2 AND tenant = ?3",
    P(ST_AUTORESP_LIST) =
        "SELECT " AUTORESP_COLUMNS " FROM autoresp "
        "WHERE profile_id = ?1 AND tenant = ?2 AND (?3 IS NULL OR country_code = ?3) "
        "AND created_at BETWEEN ?4 AND ?5 AND updated_at BETWEEN ?6 AND ?7 "
        "ORDER BY created_at, seq",
    P(ST_AUTORESP_COUNT) = "SELECT count(*) FROM autoresp WHERE profile_id = ?1 AND tenant = ?2",
    P(ST_AUTORESP_DELETE_ALL) = "DELETE FROM autoresp",
    P(ST_AUTORESP_DELETE_TENANT) = "DELETE FROM autoresp WHERE tenant = ?1",
    P(ST_AUTORESP_DELETE_PROFILE) = "DELETE FROM autoresp WHERE profile_id = ?1 AND tenant = ?2",
};
_Static_assert(ARRAY_LEN(sql) <= DB_FAMILY_MAX, "a family has at most DB_FAMILY_MAX statements");

static const int wipe_all[] = {ST_PROFILE_DELETE_NONFIXTURE, ST_PROFILE_DELETE_FIXTURE,
                               ST_BLOCKS_DELETE_ALL,         ST_NUMBERS_DELETE_ALL,
                               ST_AUTORESP_DELETE_ALL,       DB_END};
static const int wipe_fixtures[] = {ST_PROFILE_DELETE_FIXTURE, DB_END};
static const int wipe_tenant[] = {ST_PROFILE_DELETE_TENANT, ST_AUTORESP_DELETE_TENANT,
                                  ST_NUMBERS_DELETE_TENANT, ST_BLOCKS_DELETE_TENANT, DB_END};
static const int bulk[] = {DB_END};
const struct db_family db_family_account = {
    "account", sql, (int)ARRAY_LEN(sql), wipe_all, wipe_fixtures, wipe_tenant, bulk};

/* Whether any opt-out exists: most runs have none, and then a send skips the lookup. */
static _Atomic int any_blocks = 1;

/* Binds a profile to a write of PROFILE_COLUMNS and runs it on the writer (the mutex held). */
static int put_profile(int id, const struct profile *p, int fixture)
{
	return db_wrun_list(id, "tttttttIIi", p->id, p->tenant, p->name ? p->name : "",
	                    p->webhook_url, p->webhook_failover_url, p->connection_id,
	                    p->settings ? p->settings : "{}", p->created_at, p->updated_at,
	                    fixture);
}

int db_profile_put_fixture(const struct profile *p)
{
	return put_profile(ST_PROFILE_PUT, p, 1);
}

/* A profile written through the mutex: STORE_OK, STORE_CONFLICT or STORE_ERROR, and *changes. */
static int write_profile(int id, const struct profile *p, int *changes)
{
	int rc;

	db_lock();
	rc = put_profile(id, p, p->fixture);
	*changes = db_wchanges();
	db_unlock();
	return db_rc(rc);
}

int store_profile_put(const struct profile *p)
{
	int changes = 0;

	return write_profile(ST_PROFILE_PUT, p, &changes) == STORE_OK ? STORE_OK : STORE_ERROR;
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
	p->id = db_col_text(st, 0);
	p->tenant = db_col_text(st, 1);
	p->name = db_col_text(st, 2);
	p->webhook_url = db_col_text(st, 3);
	p->webhook_failover_url = db_col_text(st, 4);
	p->connection_id = db_col_text(st, 5);
	p->settings = db_col_text(st, 6);
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
		return db_read_one(ST_PROFILE_GET_ANY, row_profile, out, "t", id);
	return db_read_one(ST_PROFILE_GET, row_profile, out, "tt", id, tenant);
}

/* A list's row callback, by the record it hands out, and its argument. */
struct list_call {
	int (*profile)(const struct profile *p, void *arg);
	int (*number)(const struct number *n, void *arg);
	int (*optout)(const struct optout *o, void *arg);
	int (*autoresp)(const struct autoresp *a, void *arg);
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
	struct db_conn *c = db_thread();
	struct list_call lc = {.profile = fn, .arg = arg};
	sqlite3_stmt *st;

	*total = 0;
	if (db_read_one(ST_PROFILE_TOTAL, db_row_int64, total, "ttt", tenant, name_eq,
	                name_contains) != STORE_OK)
		return STORE_ERROR;
	st = db_bound(c, ST_PROFILE_LIST, "tttII", tenant, name_eq, name_contains, (int64_t)limit,
	              (int64_t)offset);
	return st != NULL ? db_each_row(c, st, profile_row, &lc) : STORE_ERROR;
}

int store_profile_delete(const char *id, const char *tenant, const char *fallback, int64_t at)
{
	int changes = 0, rc;

	if (db_txn_begin() != SQLITE_DONE)
		return STORE_ERROR;
	/* The profile goes, its numbers move to fallback and its settings go, all or nothing. */
	rc = db_wrun_list(ST_PROFILE_DELETE, "tt", id, tenant);
	changes = db_wchanges();
	if (rc == SQLITE_DONE && changes > 0) {
		rc = db_wrun_list(ST_NUMBERS_UNASSIGN, "tttI", tenant, id, fallback, at);
		if (rc == SQLITE_DONE)
			rc = db_wrun_list(ST_AUTORESP_DELETE_PROFILE, "tt", id, tenant);
	}
	if (db_txn_end(rc) != SQLITE_DONE)
		return STORE_ERROR;
	return changes > 0 ? STORE_OK : STORE_NOT_FOUND;
}

int db_number_add(const struct number *n)
{
	return db_wrun_list(ST_NUMBER_ADD, "tttttII", n->id, n->tenant, n->phone_number,
	                    n->profile_id, n->tags ? n->tags : "[]", n->created_at, n->updated_at);
}

static void read_number(sqlite3_stmt *st, struct number *n)
{
	const unsigned char *s = sqlite3_column_text(st, 0);

	snprintf(n->id, sizeof n->id, "%s", s ? (const char *)s : "");
	n->tenant = db_col_text(st, 1);
	n->phone_number = db_col_text(st, 2);
	n->profile_id = db_col_text(st, 3);
	n->tags = db_col_text(st, 4);
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

	db_lock();
	rc = db_number_add(n);
	changes = db_wchanges();
	db_unlock();
	if (rc != SQLITE_DONE)
		return STORE_ERROR;
	return changes > 0 ? STORE_OK : STORE_CONFLICT;
}

int store_number_get(const char *tenant, const char *id_or_number, struct number *out)
{
	memset(out, 0, sizeof *out);
	return db_read_one(ST_NUMBER_GET, row_number, out, "tt", tenant, id_or_number);
}

int store_number_set(const struct number *n)
{
	int changes = 0, rc = db_write(ST_NUMBER_SET, &changes, "ttttI", n->tenant, n->id,
	                               n->profile_id, n->tags ? n->tags : "[]", n->updated_at);

	return db_changed(rc, changes);
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
	struct db_conn *c = db_thread();
	struct list_call lc = {.number = fn, .arg = arg};
	sqlite3_stmt *st;

	*total = 0;
	if (db_read_one(ST_NUMBER_TOTAL, db_row_int64, total, "ttttt", q->tenant, q->profile_id,
	                q->phone_number, q->contains, q->type) != STORE_OK)
		return STORE_ERROR;
	st = db_bound(c, ST_NUMBER_LIST, "tttttiII", q->tenant, q->profile_id, q->phone_number,
	              q->contains, q->type, q->descending, (int64_t)q->limit, (int64_t)q->offset);
	return st != NULL ? db_each_row(c, st, number_row, &lc) : STORE_ERROR;
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
	l->v[l->n++] = db_col_text(st, 0);
	return 0;
}

int store_pool_numbers(const char *tenant, const char *profile_id, char ***out, size_t *n)
{
	struct db_conn *c = db_thread();
	struct text_list l = {NULL, 0, 0};
	sqlite3_stmt *st = db_bound(c, ST_NUMBER_POOL, "tt", tenant, profile_id);
	int rc = st != NULL ? db_each_row(c, st, text_row, &l) : STORE_ERROR;

	*out = l.v;
	*n = l.n;
	return rc < 0 ? STORE_ERROR : STORE_OK;
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
	struct db_conn *c = db_thread();
	struct list_call lc = {.optout = fn, .arg = arg};
	sqlite3_stmt *st;

	*total = 0;
	if (db_read_one(ST_OPTOUT_TOTAL, db_row_int64, total, "tttII", q->tenant, q->from,
	                q->profile_id, q->since, q->until) != STORE_OK)
		return STORE_ERROR;
	st = db_bound(c, ST_OPTOUT_LIST, "tttIIII", q->tenant, q->from, q->profile_id, q->since,
	              q->until, (int64_t)q->limit, (int64_t)q->offset);
	return st != NULL ? db_each_row(c, st, optout_row, &lc) : STORE_ERROR;
}

int store_block_set(const struct optout *o, int on)
{
	int rc = db_write(ST_BLOCK_REMOVE, NULL, "ttt", o->tenant, o->from, o->to);

	if (rc == STORE_OK && on)
		rc = db_write(ST_BLOCK_ADD, NULL, "tttttI", o->tenant, o->from, o->to, o->keyword,
		              o->profile_id, o->created_at);
	db_lock();
	db_blocks_recount();
	db_unlock();
	return rc == STORE_OK ? STORE_OK : STORE_ERROR;
}

int store_block_find(const char *tenant, const char *sender, const char *recipient)
{
	if (!any_blocks)
		return STORE_NOT_FOUND;
	return db_read_one(ST_BLOCK_FIND, NULL, NULL, "ttt", tenant, sender, recipient);
}

void db_blocks_recount(void)
{
	sqlite3_stmt *st = db_wstmt(ST_BLOCKS_ANY);

	if (st != NULL && sqlite3_step(st) == SQLITE_ROW)
		any_blocks = sqlite3_column_int(st, 0);
	else
		any_blocks = 1; /* unsure: look every time */
	sqlite3_reset(st);
}

static void read_autoresp(sqlite3_stmt *st, struct autoresp *a)
{
	const unsigned char *s = sqlite3_column_text(st, 0);
	int op = model_autoresp_op_from_name((const char *)sqlite3_column_text(st, 3));

	memset(a, 0, sizeof *a);
	snprintf(a->id, sizeof a->id, "%s", s ? (const char *)s : "");
	a->tenant = db_col_text(st, 1);
	a->profile_id = db_col_text(st, 2);
	a->op = op < 0 ? AUTORESP_INFO : (enum autoresp_op)op;
	a->keywords = db_col_text(st, 4);
	a->country_code = db_col_text(st, 5);
	a->resp_text = db_col_text(st, 6);
	a->created_at = sqlite3_column_int64(st, 7);
	a->updated_at = sqlite3_column_int64(st, 8);
}

static void row_autoresp(sqlite3_stmt *st, void *out)
{
	read_autoresp(st, out);
}

int store_autoresp_put(const struct autoresp *a)
{
	return db_write(ST_AUTORESP_PUT, NULL, "tttttttII", a->id, a->tenant, a->profile_id,
	                model_autoresp_op_name(a->op), a->keywords, a->country_code, a->resp_text,
	                a->created_at, a->updated_at) == STORE_OK
	           ? STORE_OK
	           : STORE_ERROR;
}

int store_autoresp_get(const char *id, const char *profile_id, const char *tenant,
                       struct autoresp *out)
{
	memset(out, 0, sizeof *out);
	return db_read_one(ST_AUTORESP_GET, row_autoresp, out, "ttt", id, profile_id, tenant);
}

int store_autoresp_delete(const char *id, const char *profile_id, const char *tenant)
{
	int changes = 0, rc = db_write(ST_AUTORESP_DELETE, &changes, "ttt", id, profile_id, tenant);

	return db_changed(rc, changes);
}

int store_autoresp_count(const char *profile_id, const char *tenant, int64_t *n)
{
	*n = 0;
	return db_read_one(ST_AUTORESP_COUNT, db_row_int64, n, "tt", profile_id, tenant) == STORE_OK
	           ? STORE_OK
	           : STORE_ERROR;
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
	struct db_conn *c = db_thread();
	struct list_call lc = {.autoresp = fn, .arg = arg};
	sqlite3_stmt *st =
	    db_bound(c, ST_AUTORESP_LIST, "tttIIII", q->profile_id, q->tenant, q->country_code,
	             q->created_since, q->created_until, q->updated_since, q->updated_until);

	return st != NULL ? db_each_row(c, st, autoresp_row, &lc) : STORE_ERROR;
}
