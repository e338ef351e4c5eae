#include <pthread.h>
#include <time.h>

#include "ticket.h"
#include "unit.h"

/* What the parking side's callbacks saw: the cookie each was given, and how often. */
static int holds, wakes;
static void *woken_with;

static void hold(void *cookie)
{
	(void)cookie;
	holds++;
}

static void wake(void *cookie)
{
	wakes++;
	woken_with = cookie;
}

/* Parked before the work is done: held once, then woken once with its cookie by ticket_done. */
static void test_park_then_done(void)
{
	struct ticket t;
	int cookie;

	holds = wakes = 0;
	woken_with = NULL;
	ticket_init(&t);
	CHECK_INT(ticket_park(&t, hold, wake, &cookie), 0);
	CHECK_INT(holds, 1);
	CHECK_INT(wakes, 0);
	CHECK_INT(ticket_parked(), 1);
	ticket_done(&t, 7);
	CHECK_INT(wakes, 1);
	CHECK(woken_with == &cookie);
	CHECK_INT(ticket_parked(), 0);
	CHECK_INT(ticket_result(&t), 7);
}

/* Done before the waiter looks: nothing is held or woken, the result is there. */
static void test_done_then_park(void)
{
	struct ticket t;

	holds = wakes = 0;
	ticket_init(&t);
	ticket_done(&t, 3);
	CHECK_INT(ticket_park(&t, hold, wake, NULL), 1);
	CHECK_INT(holds, 0);
	CHECK_INT(wakes, 0);
	CHECK_INT(ticket_parked(), 0);
	CHECK_INT(ticket_result(&t), 3);
}

static void *finish_later(void *arg)
{
	struct timespec ts = {0, 20 * 1000000L};

	nanosleep(&ts, NULL);
	ticket_done(arg, 5);
	return NULL;
}

/* A thread that blocks on a ticket wakes when another thread finishes it. */
static void test_wait_blocks_until_done(void)
{
	struct ticket t;
	pthread_t th;

	ticket_init(&t);
	CHECK_INT(pthread_create(&th, NULL, finish_later, &t), 0);
	ticket_wait(&t);
	CHECK_INT(t.done, 1);
	CHECK_INT(ticket_result(&t), 5);
	pthread_join(th, NULL);
}

const struct unit_test unit_ticket[] = {
    {"a parked waiter is held once and woken once, with its cookie", test_park_then_done},
    {"a ticket done before the waiter looks holds nothing", test_done_then_park},
    {"ticket_wait blocks until another thread finishes the ticket", test_wait_blocks_until_done},
    {NULL, NULL},
};
