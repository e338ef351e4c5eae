#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include "offload.h"
#include "unit.h"

/* An item of the tests: its index, and how often work() ran on it. */
struct thing {
	struct offload_item it;
	int index, worked;
};

#define THING(p) ((struct thing *)(void *)((char *)(p)-offsetof(struct thing, it)))

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int readies, started, released;

static void work(struct offload_item *it)
{
	THING(it)->worked++;
}

static void ready(void *arg)
{
	pthread_mutex_lock(&mu);
	readies += arg == &readies;
	pthread_mutex_unlock(&mu);
}

/* Items finished and not yet taken (offload.c's list, read under its lock). */
static int done_count(struct offload *o)
{
	int n = 0;

	pthread_mutex_lock(&o->mu);
	for (const struct offload_item *p = o->done; p != NULL; p = p->next)
		n++;
	pthread_mutex_unlock(&o->mu);
	return n;
}

static void nap_ms(long ms)
{
	struct timespec ts = {0, ms * 1000000L};

	nanosleep(&ts, NULL);
}

/* Every item is worked on once and comes back in the order put; one wakeup per take. */
static void test_order(void)
{
	static struct thing t[10];
	struct offload o = {.work = work, .ready = ready, .arg = &readies};
	struct offload_item *list;
	int n = 0, ok = 1;

	readies = 0;
	CHECK_INT(offload_start(&o), 0);
	CHECK(offload_take(&o) == NULL);
	for (int i = 0; i < 10; i++) {
		t[i].index = i;
		t[i].worked = 0;
		offload_put(&o, &t[i].it);
	}
	for (int waited = 0; done_count(&o) < 10 && waited < 5000; waited++)
		nap_ms(1);
	CHECK_INT(done_count(&o), 10);
	pthread_mutex_lock(&mu);
	CHECK_INT(readies, 1); /* nothing was taken in between: the first one woke the taker */
	pthread_mutex_unlock(&mu);
	for (list = offload_take(&o); list != NULL; list = list->next, n++)
		ok &= THING(list)->index == n && THING(list)->worked == 1;
	CHECK_INT(n, 10);
	CHECK(ok);
	CHECK(offload_take(&o) == NULL);
	/* After a take, the next finished item wakes the taker again. */
	offload_put(&o, &t[0].it);
	for (int waited = 0; done_count(&o) < 1 && waited < 5000; waited++)
		nap_ms(1);
	pthread_mutex_lock(&mu);
	CHECK_INT(readies, 2);
	pthread_mutex_unlock(&mu);
	CHECK(offload_take(&o) == &t[0].it && t[0].worked == 2);
	offload_stop(&o);
	CHECK(!o.started);
}

/* The first item holds the helper until released. */
static void held_work(struct offload_item *it)
{
	pthread_mutex_lock(&mu);
	started = 1;
	pthread_cond_broadcast(&cond);
	while (!released)
		pthread_cond_wait(&cond, &mu);
	pthread_mutex_unlock(&mu);
	THING(it)->worked++;
}

static void *stopper(void *arg)
{
	offload_stop(arg);
	return NULL;
}

/* Stopping ends after the item under way; those still queued are never touched. */
static void test_stop(void)
{
	static struct thing t[3];
	struct offload o = {.work = held_work, .ready = ready, .arg = NULL};
	pthread_t th;
	int stopping = 0;

	started = released = 0;
	CHECK_INT(offload_start(&o), 0);
	for (int i = 0; i < 3; i++) {
		t[i].worked = 0;
		offload_put(&o, &t[i].it);
	}
	pthread_mutex_lock(&mu);
	while (!started)
		pthread_cond_wait(&cond, &mu);
	pthread_mutex_unlock(&mu);
	CHECK_INT(pthread_create(&th, NULL, stopper, &o), 0);
	for (int waited = 0; !stopping && waited < 5000; waited++) {
		pthread_mutex_lock(&o.mu);
		stopping = o.stop;
		pthread_mutex_unlock(&o.mu);
		if (!stopping)
			nap_ms(1);
	}
	CHECK(stopping);
	pthread_mutex_lock(&mu);
	released = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&mu);
	pthread_join(th, NULL);
	CHECK_INT(t[0].worked, 1);
	CHECK_INT(t[1].worked + t[2].worked, 0);
	offload_stop(&o); /* a second stop does nothing */
	CHECK(!o.started);
}

const struct unit_test unit_offload[] = {
    {"offload: items come back worked, in order, one wakeup per take", test_order},
    {"offload: stopping leaves queued items untouched", test_stop},
    {NULL, NULL},
};
