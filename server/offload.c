#include "offload.h"

#include <stddef.h>

static void append(struct offload_item ***end, struct offload_item *it)
{
	it->next = NULL;
	**end = it;
	*end = &it->next;
}

static void *run(void *arg)
{
	struct offload *o = arg;

	pthread_mutex_lock(&o->mu);
	for (;;) {
		struct offload_item *it;
		int first;

		while (!o->stop && o->todo == NULL)
			pthread_cond_wait(&o->cond, &o->mu);
		if (o->stop)
			break;
		it = o->todo;
		o->todo = it->next;
		if (o->todo == NULL)
			o->todo_end = &o->todo;
		pthread_mutex_unlock(&o->mu);
		o->work(it);
		pthread_mutex_lock(&o->mu);
		first = o->done == NULL;
		append(&o->done_end, it);
		/* One wakeup per take: the taker collects everything done by then. */
		if (first) {
			pthread_mutex_unlock(&o->mu);
			o->ready(o->arg);
			pthread_mutex_lock(&o->mu);
		}
	}
	pthread_mutex_unlock(&o->mu);
	return NULL;
}

int offload_start(struct offload *o)
{
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->cond, NULL);
	o->todo = o->done = NULL;
	o->todo_end = &o->todo;
	o->done_end = &o->done;
	o->stop = 0;
	if (pthread_create(&o->thread, NULL, run, o) != 0) {
		pthread_cond_destroy(&o->cond);
		pthread_mutex_destroy(&o->mu);
		return -1;
	}
	o->started = 1;
	return 0;
}

void offload_put(struct offload *o, struct offload_item *it)
{
	pthread_mutex_lock(&o->mu);
	append(&o->todo_end, it);
	pthread_cond_signal(&o->cond);
	pthread_mutex_unlock(&o->mu);
}

struct offload_item *offload_take(struct offload *o)
{
	struct offload_item *list;

	pthread_mutex_lock(&o->mu);
	list = o->done;
	o->done = NULL;
	o->done_end = &o->done;
	pthread_mutex_unlock(&o->mu);
	return list;
}

void offload_stop(struct offload *o)
{
	if (!o->started)
		return;
	pthread_mutex_lock(&o->mu);
	o->stop = 1;
	pthread_cond_signal(&o->cond);
	pthread_mutex_unlock(&o->mu);
	pthread_join(o->thread, NULL);
	pthread_cond_destroy(&o->cond);
	pthread_mutex_destroy(&o->mu);
	o->started = 0;
}
