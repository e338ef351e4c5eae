/*
 * offload: one helper thread that does CPU work for another thread, item by
 * item, in the order given.  The webhook worker hands it the body and the
 * signature of each attempt (docs/behaviour.md §3.4), so that on a machine
 * with two cores the Ed25519 signing and the JSON run beside curl's I/O,
 * not between its transfers.  Items are the caller's memory (embed a struct
 * offload_item); the caller bounds how many are out at once.
 * Calls: only libc.
 */
#ifndef MDRMOCK_OFFLOAD_H
#define MDRMOCK_OFFLOAD_H

#include <pthread.h>

struct offload_item {
	struct offload_item *next;
};

struct offload {
	/* Runs on the helper thread, one item at a time. */
	void (*work)(struct offload_item *it);
	/* Runs on the helper thread when an item is done and none was waiting to be taken. */
	void (*ready)(void *arg);
	void *arg;
	/* The rest is offload.c's. */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	struct offload_item *todo, **todo_end, *done, **done_end;
	int started, stop;
};

/* Starts the helper thread with work and ready set; 0, or -1 when it cannot start. */
int offload_start(struct offload *o);
/* Queues it for work(). */
void offload_put(struct offload *o, struct offload_item *it);
/* Every item work() has finished since the last take, in the order put; NULL when none. */
struct offload_item *offload_take(struct offload *o);
/* Stops and joins the helper: from then on no item put is touched, done or not. */
void offload_stop(struct offload *o);

#endif
