#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include "longread.h"
#include "unit.h"

/* A read of the tests: steps times one step each, logged; a held one waits at its second. */
struct fake {
	struct longread lr;
	int id, steps, done_steps, fail, held;
};

#define FAKE(p) ((struct fake *)(void *)((char *)(p)-offsetof(struct fake, lr)))

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int holding, released;
static int log_[4096], nlog;

static int fake_step(struct longread *lr)
{
	struct fake *f = FAKE(lr);

	pthread_mutex_lock(&mu);
	if (nlog < (int)(sizeof log_ / sizeof log_[0]))
		log_[nlog++] = f->id;
	if (f->held && f->done_steps == 1) {
		holding = 1;
		pthread_cond_broadcast(&cond);
		while (!released)
			pthread_cond_wait(&cond, &mu);
	}
	pthread_mutex_unlock(&mu);
	if (f->fail)
		return -1;
	return ++f->done_steps >= f->steps ? 1 : 0;
}

static void fake_init(struct fake *f, int id, int steps)
{
	f->lr.step = fake_step;
	f->id = id;
	f->steps = steps;
	f->done_steps = f->fail = f->held = 0;
}

static void nap_ms(long ms)
{
	struct timespec ts = {0, ms * 1000000L};

	nanosleep(&ts, NULL);
}

static void reset_log(void)
{
	pthread_mutex_lock(&mu);
	nlog = 0;
	holding = released = 0;
	pthread_mutex_unlock(&mu);
}

/* Begins a read that holds the thread at its second step, and waits until it does. */
static int hold(struct fake *g)
{
	int ok = 0;

	fake_init(g, 999, 2);
	g->held = 1;
	if (longread_begin(&g->lr, "holder") != 0)
		return 0;
	for (int waited = 0; waited < 5000 && !ok; waited++) {
		pthread_mutex_lock(&mu);
		ok = holding;
		pthread_mutex_unlock(&mu);
		if (!ok)
			nap_ms(1);
	}
	return ok;
}

static void release(void)
{
	pthread_mutex_lock(&mu);
	released = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&mu);
}

/* Waits (at most 5 s) until nothing is queued; 1 when so. */
static int drained(void)
{
	for (int waited = 0; waited < 5000; waited++) {
		if (longread_pending() == 0)
			return 1;
		nap_ms(1);
	}
	return 0;
}

/* The position in the log of read id's last step, or -1. */
static int last_step(int id)
{
	int at = -1;

	pthread_mutex_lock(&mu);
	for (int i = 0; i < nlog; i++)
		if (log_[i] == id)
			at = i;
	pthread_mutex_unlock(&mu);
	return at;
}

/* Tenants take turns, a tenant steps at most LONGREAD_RUNNING reads at once. */
static void test_turns(void)
{
	static struct fake g, a[LONGREAD_RUNNING + 2], b;
	int first_a5 = -1, finished_a = -1, a_before_b = 0, bend, ok = 1;

	reset_log();
	CHECK_INT(longread_start(), 0);
	CHECK(hold(&g));
	for (int i = 0; i < LONGREAD_RUNNING + 2; i++) {
		fake_init(&a[i], 100 + i, 4);
		CHECK_INT(longread_begin(&a[i].lr, "tenant-a"), 0);
	}
	fake_init(&b, 200, 3);
	CHECK_INT(longread_begin(&b.lr, "tenant-b"), 0);
	/* Every first step ran on this thread, at once. */
	pthread_mutex_lock(&mu);
	CHECK_INT(nlog, 1 + 1 + LONGREAD_RUNNING + 2 + 1);
	pthread_mutex_unlock(&mu);
	CHECK_INT(longread_pending(), 1 + LONGREAD_RUNNING + 2 + 1);
	release();
	CHECK(drained());
	ticket_wait(&g.lr.ticket);
	ticket_wait(&b.lr.ticket);
	CHECK_INT(ticket_result(&b.lr.ticket), LONGREAD_OK);
	CHECK_INT(b.done_steps, 3);
	for (int i = 0; i < LONGREAD_RUNNING + 2; i++) {
		ticket_wait(&a[i].lr.ticket);
		ok &= ticket_result(&a[i].lr.ticket) == LONGREAD_OK && a[i].done_steps == 4;
	}
	CHECK(ok);
	/* b's two steps left came after one or two of tenant a's, however many a has. */
	bend = last_step(200);
	pthread_mutex_lock(&mu);
	for (int i = 1 + 1 + LONGREAD_RUNNING + 2 + 1; i < bend; i++)
		a_before_b += log_[i] >= 100 && log_[i] < 200;
	/* The fifth and sixth reads of a waited for a place: none stepped before one was over. */
	for (int i = 1 + 1 + LONGREAD_RUNNING + 2 + 1; i < nlog; i++) {
		if (first_a5 < 0 &&
		    (log_[i] == 100 + LONGREAD_RUNNING || log_[i] == 101 + LONGREAD_RUNNING))
			first_a5 = i;
	}
	pthread_mutex_unlock(&mu);
	for (int i = 0; i < LONGREAD_RUNNING; i++) {
		int end = last_step(100 + i);

		if (finished_a < 0 || end < finished_a)
			finished_a = end;
	}
	CHECK(a_before_b >= 1 && a_before_b <= 2); /* a stepped between b's: neither waited */
	CHECK(first_a5 > finished_a);
	longread_stop();
}

/* A tenant with LONGREAD_RUNNING + LONGREAD_WAITING reads begun is refused more; others not. */
static void test_full(void)
{
	static struct fake g, a[LONGREAD_RUNNING + LONGREAD_WAITING + 1], b;
	int n = LONGREAD_RUNNING + LONGREAD_WAITING, ok = 1;

	reset_log();
	CHECK_INT(longread_start(), 0);
	CHECK(hold(&g));
	for (int i = 0; i < n; i++) {
		fake_init(&a[i], 100 + i, 2);
		ok &= longread_begin(&a[i].lr, "tenant-a") == 0;
	}
	CHECK(ok);
	fake_init(&a[n], 100 + n, 2);
	CHECK_INT(longread_begin(&a[n].lr, "tenant-a"), LONGREAD_FULL);
	/* Refused before its first step. */
	CHECK_INT(a[n].done_steps, 0);
	fake_init(&b, 200, 2);
	CHECK_INT(longread_begin(&b.lr, "tenant-b"), 0);
	release();
	CHECK(drained());
	for (int i = 0; i < n; i++) {
		ticket_wait(&a[i].lr.ticket);
		ok &= ticket_result(&a[i].lr.ticket) == LONGREAD_OK;
	}
	CHECK(ok);
	ticket_wait(&b.lr.ticket);
	CHECK_INT(ticket_result(&b.lr.ticket), LONGREAD_OK);
	/* Room again once they are over. */
	fake_init(&a[n], 100 + n, 2);
	CHECK_INT(longread_begin(&a[n].lr, "tenant-a"), 0);
	CHECK(drained());
	ticket_wait(&a[n].lr.ticket);
	CHECK_INT(ticket_result(&a[n].lr.ticket), LONGREAD_OK);
	longread_stop();
}

/* One step: done here, never queued; a failing step fails the read; no thread: all here. */
static void test_inline(void)
{
	static struct fake one, bad, later, many;

	reset_log();
	CHECK_INT(longread_start(), 0);
	fake_init(&one, 1, 1);
	CHECK_INT(longread_begin(&one.lr, NULL), 0);
	CHECK_INT(longread_pending(), 0);
	CHECK_INT(ticket_result(&one.lr.ticket), LONGREAD_OK);
	fake_init(&bad, 2, 5);
	bad.fail = 1;
	CHECK_INT(longread_begin(&bad.lr, NULL), 0);
	ticket_wait(&bad.lr.ticket);
	CHECK_INT(ticket_result(&bad.lr.ticket), LONGREAD_FAILED);
	fake_init(&later, 3, 3);
	CHECK_INT(longread_begin(&later.lr, NULL), 0);
	CHECK(drained());
	ticket_wait(&later.lr.ticket);
	CHECK_INT(ticket_result(&later.lr.ticket), LONGREAD_OK);
	CHECK_INT(later.done_steps, 3);
	longread_stop();
	fake_init(&many, 4, 7);
	CHECK_INT(longread_begin(&many.lr, "t"), 0);
	CHECK_INT(ticket_result(&many.lr.ticket), LONGREAD_OK);
	CHECK_INT(many.done_steps, 7);
}

/* The stop: every read not over ends STOPPED, the one stepping after its step; new ones refused. */
static void test_cancel(void)
{
	static struct fake g, a[3];
	int ok = 1;

	reset_log();
	CHECK_INT(longread_start(), 0);
	CHECK(hold(&g));
	for (int i = 0; i < 3; i++) {
		fake_init(&a[i], 100 + i, 50);
		ok &= longread_begin(&a[i].lr, i == 0 ? "x" : "y") == 0;
	}
	CHECK(ok);
	longread_cancel();
	release();
	CHECK(drained());
	/* The read under way when the stop came finished with that step: its own result. */
	ticket_wait(&g.lr.ticket);
	CHECK_INT(ticket_result(&g.lr.ticket), LONGREAD_OK);
	for (int i = 0; i < 3; i++) {
		ticket_wait(&a[i].lr.ticket);
		ok &= ticket_result(&a[i].lr.ticket) == LONGREAD_STOPPED && a[i].done_steps == 1;
	}
	CHECK(ok);
	fake_init(&a[0], 100, 2);
	CHECK_INT(longread_begin(&a[0].lr, "x"), LONGREAD_STOPPED);
	CHECK_INT(a[0].done_steps, 0);
	longread_stop();
}

const struct unit_test unit_longread[] = {
    {"longread: tenants take turns, each with at most LONGREAD_RUNNING reads stepping", test_turns},
    {"longread: a tenant's reads are bounded, another tenant's are not refused", test_full},
    {"longread: one step answers here, a failed step fails, no thread runs all here", test_inline},
    {"longread: the stop ends every read, new ones are refused", test_cancel},
    {NULL, NULL},
};
