/*
 * fixtures: the data set loaded at start and on every reset (docs/behaviour.md §7).
 * A fixture file is {"messages": [...]}; each message goes through the same
 * validation as POST /v2/messages (message.c) and may also give id,
 * received_at, direction and tenant.  Without a tenant a record is global.
 * The parsed set is kept, so a reset reloads exactly what the start loaded.
 * Calls: apierr, jsonin, message, profile, store, ticket, util, jansson.
 */
#ifndef MDRMOCK_FIXTURES_H
#define MDRMOCK_FIXTURES_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/*
 * Reads and validates the fixtures named by spec: "builtin" (the embedded
 * fixtures/default.json), "none", or a file, or a directory whose *.json
 * files are read in name order.  now is the received_at of records that
 * give none.  Returns 0, or -1 with "FILE: POINTER: reason" in err.
 */
int fixtures_init(const char *spec, int64_t now, char *err, size_t errlen);

/* Parses one fixture document (used by fixtures_init and the tests). */
int fixtures_parse(const char *text, size_t len, const char *name, int64_t now, char *err,
                   size_t errlen);

/* Writes the kept fixtures into the store for a scope (store_replace()). */
int fixtures_apply(enum store_scope scope, const char *tenant);
/* The same for a tenant's reset, on the store's writer thread (store_reset_tenant()): r's
 * ticket is done when it is; tenant must live until then. */
void fixtures_reset_tenant(struct store_reset *r, const char *tenant);

void fixtures_release(void);

#endif
