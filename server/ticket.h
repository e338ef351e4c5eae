/*
 * ticket: "this request's answer waits for work another thread does" (the
 * store's group commit, a tenant's reset on the store's thread;
 * docs/design.md §5).  The worker marks a ticket done with a result; the
 * waiter either parks on it (the HTTP layer suspends the connection and is
 * woken once, from the worker's thread) or blocks until it is done (a thread
 * per connection).  One process mutex guards every ticket, so parking and
 * finishing never race, and a worker touches a ticket no more once it woke
 * its waiter: the waiter may free it from then on.
 * Calls: only libc.
 */
#ifndef MDRMOCK_TICKET_H
#define MDRMOCK_TICKET_H

struct ticket {
	int done;
	int result;
	void (*wake)(void *cookie); /* set while a waiter is parked */
	void *cookie;
};

/* A ticket not yet done. */
void ticket_init(struct ticket *t);

/*
 * The worker: t is done with result; a parked waiter's wake(cookie) is
 * called (on this thread, with the ticket mutex held), a blocked one wakes.
 */
void ticket_done(struct ticket *t, int result);

/*
 * The waiter: 1 when t is done (nothing called); else hold(cookie) runs
 * under the ticket mutex (the connection is suspended there, so a wake
 * cannot come before it) and wake(cookie) will be called once t is done: 0.
 */
int ticket_park(struct ticket *t, void (*hold)(void *), void (*wake)(void *), void *cookie);

/* The waiter, on its own thread: blocks until t is done. */
void ticket_wait(struct ticket *t);

/* t's result, read under the mutex (after a wake, or ticket_wait()). */
int ticket_result(const struct ticket *t);

/* Tickets parked and not yet woken: the HTTP layer waits for 0 before it stops. */
int ticket_parked(void);

#endif
