/*
 * http: the libmicrohttpd daemon and nothing else of HTTP's (docs/design.md §2: the
 * only file that includes <microhttpd.h>).  Turns each request into a
 * struct req, runs the gate (router.c) when the headers are in and again
 * when the body is, and sends the struct res back as JSON with an exact
 * Content-Length.
 * Calls: clock, config, cors, gate, journal, jsonout, log, notify, ticket, util, libmicrohttpd.
 */
#ifndef MDRMOCK_HTTP_H
#define MDRMOCK_HTTP_H

#include <stddef.h>

/*
 * Starts serving on host:port with the configured thread model.  Returns 0
 * with the port actually bound in *bound (port 0 picks one), or -1 with a
 * message in err.
 */
int http_start(const char *host, unsigned port, unsigned *bound, char *err, size_t errlen);

/*
 * Stops accepting connections, lets requests in flight finish (up to
 * grace_ms), then stops every worker.
 */
void http_stop(int grace_ms);

#endif
