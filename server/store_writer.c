/* store_writer: the store's writer thread (docs/design.md §7): the group commit of sends, and
 * the resets, a tenant's in steps between which every queued send commits. */
#include "store.h"

#include <pthread.h>
#include <string.h>

#include "clock.h"
#include "store_int.h"
#include "ticket.h"
#include "util.h"

/* Rows a step of a tenant's reset deletes, and the pause after it (real microseconds).  A
 * step is what another tenant's send may wait for: 200 gave that send a p99 of 10.5-17 ms
 * during a 100,000-message reset, 500 gave 19-22 ms, the reset 2.4-2.8 s against 2.2-2.3
 * (bench/README.md). */
#define RESET_STEP     200
#define RESET_PAUSE_US 300

/* The k-th statement of every family's bulk list, in family order, or DB_END past the last. */
static int bulk_stmt(size_t k)
{
	for (int f = 0; f < DB_FAMILIES; f++)
		for (const int *id = db_family(f)->bulk; *id != DB_END; id++)
			if (k-- == 0)
				return *id;
	return DB_END;
}

/*
 * The bulk of a tenant's reset (docs/behaviour.md §6.4): its messages, delivery log and
 * events, RESET_STEP rows a transaction, so another tenant's write waits for one step,
 * never for the whole reset.  One step of table *k (moving *k on when it has no more):
 * 1 while steps remain, 0 when the bulk is gone, -1 on an error.
 */
static int bulk_step(const char *tenant, size_t *k)
{
	for (int id; (id = bulk_stmt(*k)) != DB_END; (*k)++) {
		int changed = 0;

		if (db_write(id, &changed, "tI", tenant, (int64_t)RESET_STEP) != STORE_OK)
			return -1;
		if (changed > 0)
			return 1;
	}
	return 0;
}

/* Runs every family's wipe list of scope (the tenant bound as ?1 for a tenant's): 1, or 0. */
static int wipe(enum store_scope scope, const char *tenant)
{
	for (int f = 0; f < DB_FAMILIES; f++) {
		const struct db_family *fam = db_family(f);
		const int *id = scope == STORE_SCOPE_ALL        ? fam->wipe_all
		                : scope == STORE_SCOPE_FIXTURES ? fam->wipe_fixtures
		                                                : fam->wipe_tenant;

		for (; *id != DB_END; id++)
			if ((scope == STORE_SCOPE_TENANT ? db_wrun_list(*id, "t", tenant)
			                                 : db_wrun(*id)) != SQLITE_DONE)
				return 0;
	}
	return 1;
}

/* What is left of a reset once any bulk is gone, in one transaction. */
static int replace_txn(enum store_scope scope, const char *tenant, const struct message *fixtures,
                       size_t n, const struct profile *profiles, size_t nprofiles)
{
	int ok;

	db_lock();
	if (db_wrun(DB_BEGIN) != SQLITE_DONE) {
		db_unlock();
		return STORE_ERROR;
	}
	ok = wipe(scope, tenant);
	for (size_t i = 0; ok && scope != STORE_SCOPE_TENANT && i < nprofiles; i++)
		ok = db_profile_put_fixture(&profiles[i]) == SQLITE_DONE;
	for (size_t i = 0; ok && i < n; i++) {
		const struct message *m = &fixtures[i];

		if (scope == STORE_SCOPE_TENANT &&
		    (m->tenant == NULL || strcmp(m->tenant, tenant) != 0))
			continue;
		ok = db_message_upsert(m) == SQLITE_DONE;
	}
	if (!ok || db_wrun(DB_COMMIT) != SQLITE_DONE) {
		db_wrun(DB_ROLLBACK);
		ok = 0;
	}
	db_blocks_recount();
	db_unlock();
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
		if (db_wrun(DB_SAVEPOINT) != SQLITE_DONE)
			return STORE_ERROR;
		rc = db_message_insert(s->m, s->ev, s->nev);
		if (rc == SQLITE_DONE && s->number != NULL)
			rc = db_number_add(s->number);
		if (rc != SQLITE_DONE)
			db_wrun(DB_ROLLBACK_TO);
		db_wrun(DB_RELEASE);
	}
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERROR;
}

/* Commits a batch (linked by next) in one transaction, then tells each its result. */
static void commit_batch(struct store_send *batch)
{
	int ok;

	db_lock();
	ok = db_wrun(DB_BEGIN) == SQLITE_DONE;
	for (struct store_send *s = batch; ok && s != NULL; s = s->next)
		s->rc = add_send(s);
	if (ok && db_wrun(DB_COMMIT) != SQLITE_DONE) {
		db_wrun(DB_ROLLBACK);
		ok = 0;
	}
	db_unlock();
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
	if (!group.started || db_is_memory()) {
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

int db_writer_start(void)
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
void db_writer_stop(void)
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
