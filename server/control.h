/*
 * control: what the control API's handlers share (docs/behaviour.md §6.1): the tenant a call
 * names, checked once, and how the store keeps it.
 * Calls: auth, config, jsonin, req, jansson.
 */
#ifndef MDRMOCK_CONTROL_H
#define MDRMOCK_CONTROL_H

#include "req.h"

/* The longest a control call waits for news (?wait=, docs/behaviour.md §6). */
#define CONTROL_MAX_WAIT_S 60

/*
 * The tenant a control call names: in the query or the body, both honoured and, when both
 * are given, equal; non-empty UTF-8 text.  0 with *tenant (NULL: none named), or -1 with e.
 */
int control_tenant(struct req *rq, const char **tenant, struct apierr *e);
/* How the store keeps a named tenant: with --tenancy shared, everyone is one. */
const char *control_stored(const char *tenant);

#endif
