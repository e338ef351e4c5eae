/*
 * longread: reads that walk many records (a detail-record search, a usage
 * report's sums, the control API's message search) run one bounded step at a
 * time, and only the first step on the thread that took the request: the
 * rest run on one thread of their own, so an HTTP thread never holds a long
 * read (docs/design.md §5).  That thread takes the tenants in turn, one step
 * of one read each, and within a tenant its reads in turn; a tenant has at
 * most LONGREAD_RUNNING reads stepping at once and LONGREAD_WAITING more
 * queued behind them, so many heavy reads of one tenant slow that tenant's
 * reads, not another's (docs/behaviour.md §8).  The answer waits on the
 * read's ticket (ticket.h), done with LONGREAD_OK, _FAILED or _STOPPED.
 * Calls: ticket, util.
 */
#ifndef MDRMOCK_LONGREAD_H
#define MDRMOCK_LONGREAD_H

#include "ticket.h"

#define LONGREAD_RUNNING 4
#define LONGREAD_WAITING 60

/* Ticket results, and what longread_begin() says when it takes nothing. */
#define LONGREAD_OK      0
#define LONGREAD_FAILED  (-1) /* a step failed (the store) */
#define LONGREAD_STOPPED (-2) /* the server is stopping: the read was dropped */
#define LONGREAD_FULL    (-3) /* the tenant has as many reads as allowed */

struct longread {
	/* The caller's: one bounded share of the work, 1 when it is all done, 0 for more, -1 when
	 * it failed.  Runs on one thread at a time, never two steps of one read at once. */
	int (*step)(struct longread *lr);
	struct ticket ticket; /* done once the read is over, its result as above */
	/* The rest is longread.c's. */
	struct longread *next;
};

/* Starts the thread: 0, or -1 when it cannot start. */
int longread_start(void);

/*
 * Runs lr's first step here and, if there is more, queues lr for tenant (NULL: the control
 * API's own turn; copied).  0: lr's ticket is done or will be, and lr must live until it is;
 * else LONGREAD_FULL or LONGREAD_STOPPED, and lr is not queued (it may have taken one step).
 */
int longread_begin(struct longread *lr, const char *tenant);

/* The server is stopping: every read not yet over ends with LONGREAD_STOPPED soon, new ones
 * are refused. */
void longread_cancel(void);

/* Reads begun and not yet over (the tests' view of the queues). */
int longread_pending(void);

/* Cancels what is left and joins the thread; reads begun later run whole on their caller's
 * thread, as before longread_start(). */
void longread_stop(void);

#endif
