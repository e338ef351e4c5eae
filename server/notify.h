/*
 * notify: "something a waiting request may want has happened" (a webhook
 * attempt was logged, a message arrived).  Producers call notify_bump();
 * the HTTP layer listens and re-runs requests that wait (wait=SECONDS on
 * the control API).  Keeps producers from depending on the HTTP layer.
 * Calls: only libc.
 */
#ifndef MDRMOCK_NOTIFY_H
#define MDRMOCK_NOTIFY_H

typedef void (*notify_fn)(void);

/*
 * Sets the one listener (NULL for none).  Safe while other threads bump: a
 * bump sees the old listener or the new one, never a torn pointer.
 */
void notify_set_listener(notify_fn fn);
/* Tells the listener, if any. */
void notify_bump(void);

#endif
