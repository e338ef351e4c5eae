/*
 * gate: the one gate every request passes before its handler, and the one
 * place the handler is run (docs/design.md §4).  gate_begin() checks what is
 * known once the headers are in, in this order: the route (404, 405 with
 * Allow, bad or long paths), the admin token on control routes or an
 * injected fault on API routes, credentials (and so the tenant), the query
 * string, the content type, the declared length.  gate_finish() checks what
 * needs the body (present, JSON, an object), lets a delayed fault wait, and
 * runs the handler.  Handlers only ever see requests that passed.  After a handler (Redis's
 * call()), the gate tells what it recorded: its live-feed events, and the webhook worker.
 * Calls: auth, config, fault, feed, ids, jsonin, log, origin, query, req, router, store, util,
 *   view, webhook.
 */
#ifndef MDRMOCK_GATE_H
#define MDRMOCK_GATE_H

#include "req.h"

/*
 * First half.  Returns 0 to go on reading the body, or 1 when rs already
 * holds the answer (an error).
 */
int gate_begin(struct req *rq, struct res *rs);

/* Second half: the body is complete in rq->body.  Runs the handler. */
void gate_finish(struct req *rq, struct res *rs);

/*
 * A deferred handler's second part (res_defer()), once its ticket is done: runs finish
 * with the same checks on what it leaves as after a handler.
 */
void gate_resume(struct req *rq, struct res *rs, enum status (*finish)(struct req *, struct res *));

/* The answer's body made final, before it is sent: an error's envelope (res_error()). */
void gate_render(struct res *rs);

/* 1 when a Content-Type names JSON (application/json, optionally with parameters). */
int gate_is_json_type(const char *content_type);

#endif
