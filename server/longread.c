#include "longread.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* One tenant's reads: those stepping in turn, and those waiting for a place among them. */
struct bucket {
	char *tenant; /* NULL: the control API's */
	struct longread *running, **running_end, *waiting, **waiting_end;
	int nrunning, nwaiting;
	struct bucket *next;
};

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cond;
	pthread_t thread;
	struct bucket *buckets; /* every tenant with a read begun and not over */
	struct bucket *turn;    /* whose step is next; NULL: the first's */
	int pending;
	int started, cancelled, stop;
} lr_ = {.mu = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static void push(struct longread ***end, struct longread *r)
{
	r->next = NULL;
	**end = r;
	*end = &r->next;
}

static struct longread *pop(struct longread **head, struct longread ***end)
{
	struct longread *r = *head;

	*head = r->next;
	if (*head == NULL)
		*end = head;
	r->next = NULL;
	return r;
}

static int same(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static struct bucket *find(const char *tenant)
{
	struct bucket *b;

	for (b = lr_.buckets; b != NULL; b = b->next)
		if (same(b->tenant, tenant))
			return b;
	return NULL;
}

/* tenant's bucket, a new one when it has none. */
static struct bucket *bucket_of(const char *tenant)
{
	struct bucket *b = find(tenant);

	if (b != NULL)
		return b;
	b = xcalloc(1, sizeof *b);
	b->tenant = tenant != NULL ? xstrdup(tenant) : NULL;
	b->running_end = &b->running;
	b->waiting_end = &b->waiting;
	b->next = lr_.buckets;
	lr_.buckets = b;
	return b;
}

/* Unlinks and frees b, which has nothing left; the turn moves past it. */
static void bucket_drop(struct bucket *b)
{
	struct bucket **pp;

	for (pp = &lr_.buckets; *pp != b; pp = &(*pp)->next)
		;
	*pp = b->next;
	if (lr_.turn == b)
		lr_.turn = b->next;
	free(b->tenant);
	free(b);
}

/* The stop: every read still queued, taken off the queues (the caller ends them). */
static struct longread *take_all(void)
{
	struct longread *all = NULL, **end = &all;

	while (lr_.buckets != NULL) {
		struct bucket *b = lr_.buckets;

		while (b->running != NULL)
			push(&end, pop(&b->running, &b->running_end));
		while (b->waiting != NULL)
			push(&end, pop(&b->waiting, &b->waiting_end));
		bucket_drop(b);
	}
	return all;
}

/* Ends every read in the list with result (the mutex not held: a wake resumes a connection). */
static void end_all(struct longread *all, int result)
{
	while (all != NULL) {
		struct longread *r = all;

		all = r->next;
		/* The last touch of r: its waiter may free it from here. */
		ticket_done(&r->ticket, result);
	}
}

/* One step of the read whose turn it is; called with the mutex held, which it lets go meanwhile. */
static void step_one(void)
{
	struct bucket *b = lr_.turn != NULL ? lr_.turn : lr_.buckets;
	struct longread *r = pop(&b->running, &b->running_end);
	int rc;

	pthread_mutex_unlock(&lr_.mu);
	rc = r->step(r);
	pthread_mutex_lock(&lr_.mu);
	/* Only this thread drops buckets, so b is still there: the next tenant's turn. */
	lr_.turn = b->next;
	if (rc == 0 && !lr_.cancelled) {
		push(&b->running_end, r); /* its tenant's other reads first */
		return;
	}
	if (b->waiting != NULL) { /* the next waiting read takes its place */
		push(&b->running_end, pop(&b->waiting, &b->waiting_end));
		b->nwaiting--;
	} else {
		b->nrunning--;
	}
	if (b->running == NULL)
		bucket_drop(b);
	lr_.pending--;
	pthread_mutex_unlock(&lr_.mu);
	ticket_done(&r->ticket, rc > 0 ? LONGREAD_OK : rc < 0 ? LONGREAD_FAILED : LONGREAD_STOPPED);
	pthread_mutex_lock(&lr_.mu);
}

static void *run(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lr_.mu);
	for (;;) {
		while (!lr_.cancelled && lr_.buckets == NULL)
			pthread_cond_wait(&lr_.cond, &lr_.mu);
		if (lr_.cancelled) {
			struct longread *all = take_all();
			int stop;

			lr_.pending = 0;
			stop = lr_.stop;
			pthread_mutex_unlock(&lr_.mu);
			end_all(all, LONGREAD_STOPPED);
			pthread_mutex_lock(&lr_.mu);
			if (stop)
				break;
			while (!lr_.stop)
				pthread_cond_wait(&lr_.cond, &lr_.mu);
			continue;
		}
		step_one();
	}
	pthread_mutex_unlock(&lr_.mu);
	return NULL;
}

int longread_start(void)
{
	pthread_mutex_lock(&lr_.mu);
	lr_.cancelled = lr_.stop = 0;
	lr_.buckets = lr_.turn = NULL;
	lr_.pending = 0;
	lr_.started = pthread_create(&lr_.thread, NULL, run, NULL) == 0;
	pthread_mutex_unlock(&lr_.mu);
	return lr_.started ? 0 : -1;
}

int longread_begin(struct longread *r, const char *tenant)
{
	struct bucket *b;
	int rc, started;

	pthread_mutex_lock(&lr_.mu);
	started = lr_.started;
	rc = lr_.cancelled ? LONGREAD_STOPPED : 0;
	b = rc == 0 ? find(tenant) : NULL;
	if (b != NULL && b->nrunning >= LONGREAD_RUNNING && b->nwaiting >= LONGREAD_WAITING)
		rc = LONGREAD_FULL;
	pthread_mutex_unlock(&lr_.mu);
	if (rc != 0)
		return rc;
	ticket_init(&r->ticket);
	/* The first step here: a read that fits in one step never leaves the thread. */
	rc = r->step(r);
	if (!started) /* no thread (a tool, a test): the whole read here */
		while (rc == 0)
			rc = r->step(r);
	if (rc != 0) {
		ticket_done(&r->ticket, rc > 0 ? LONGREAD_OK : LONGREAD_FAILED);
		return 0;
	}
	pthread_mutex_lock(&lr_.mu);
	if (lr_.cancelled) {
		pthread_mutex_unlock(&lr_.mu);
		ticket_done(&r->ticket, LONGREAD_STOPPED);
		return 0;
	}
	/* Others of the tenant may have begun meanwhile: the bound holds, counted again. */
	b = find(tenant);
	if (b != NULL && b->nrunning >= LONGREAD_RUNNING && b->nwaiting >= LONGREAD_WAITING) {
		pthread_mutex_unlock(&lr_.mu);
		return LONGREAD_FULL;
	}
	b = bucket_of(tenant);
	if (b->nrunning < LONGREAD_RUNNING) {
		push(&b->running_end, r);
		b->nrunning++;
	} else {
		push(&b->waiting_end, r);
		b->nwaiting++;
	}
	lr_.pending++;
	pthread_cond_signal(&lr_.cond);
	pthread_mutex_unlock(&lr_.mu);
	return 0;
}

void longread_cancel(void)
{
	pthread_mutex_lock(&lr_.mu);
	lr_.cancelled = 1;
	pthread_cond_broadcast(&lr_.cond);
	pthread_mutex_unlock(&lr_.mu);
}

int longread_pending(void)
{
	int n;

	pthread_mutex_lock(&lr_.mu);
	n = lr_.pending;
	pthread_mutex_unlock(&lr_.mu);
	return n;
}

void longread_stop(void)
{
	if (!lr_.started)
		return;
	pthread_mutex_lock(&lr_.mu);
	lr_.cancelled = lr_.stop = 1;
	pthread_cond_broadcast(&lr_.cond);
	pthread_mutex_unlock(&lr_.mu);
	pthread_join(lr_.thread, NULL);
	pthread_mutex_lock(&lr_.mu);
	lr_.started = lr_.cancelled = lr_.stop = 0;
	pthread_mutex_unlock(&lr_.mu);
}
