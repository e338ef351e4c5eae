#include "ticket.h"

#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int parked;

void ticket_init(struct ticket *t)
{
	t->done = 0;
	t->result = 0;
	t->wake = NULL;
	t->cookie = NULL;
}

void ticket_done(struct ticket *t, int result)
{
	pthread_mutex_lock(&mu);
	t->done = 1;
	t->result = result;
	if (t->wake != NULL) {
		void (*wake)(void *) = t->wake;

		t->wake = NULL;
		parked--;
		/* The last touch of t: from here the waiter may run and free it. */
		wake(t->cookie);
	} else {
		pthread_cond_broadcast(&cond);
	}
	pthread_mutex_unlock(&mu);
}

int ticket_park(struct ticket *t, void (*hold)(void *), void (*wake)(void *), void *cookie)
{
	int done;

	pthread_mutex_lock(&mu);
	done = t->done;
	if (!done) {
		hold(cookie);
		t->wake = wake;
		t->cookie = cookie;
		parked++;
	}
	pthread_mutex_unlock(&mu);
	return done;
}

void ticket_wait(struct ticket *t)
{
	pthread_mutex_lock(&mu);
	while (!t->done)
		pthread_cond_wait(&cond, &mu);
	pthread_mutex_unlock(&mu);
}

int ticket_result(const struct ticket *t)
{
	int r;

	pthread_mutex_lock(&mu);
	r = t->result;
	pthread_mutex_unlock(&mu);
	return r;
}

int ticket_parked(void)
{
	int n;

	pthread_mutex_lock(&mu);
	n = parked;
	pthread_mutex_unlock(&mu);
	return n;
}
