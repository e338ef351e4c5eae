/*
 * profile: messaging profiles as the control API and fixtures give them
 * (docs/behaviour.md §6): validation with pointers, shared by PUT
 * /_mock/messaging_profiles/{id} and the fixture loader.
 * Calls: apierr, jsonin, message, model, util, jansson.
 */
#ifndef MDRMOCK_PROFILE_H
#define MDRMOCK_PROFILE_H

#include <jansson.h>

#include "apierr.h"
#include "model.h"

#define PROFILE_MAX_ID 128

/*
 * Validates obj (pointers under base) into p for profile id.  webhook_url,
 * webhook_failover_url and connection_id are optional; null or "" mean
 * none.  Returns 0 with p owning its strings, or -1 with e set.
 */
int profile_from_json(json_t *obj, const char *base, const char *id, struct profile *p,
                      struct apierr *e);

/* Frees what p owns and zeroes it (a zeroed profile is fine to release). */
void profile_release(struct profile *p);

/* A usable profile id: 1-128 printable characters, no spaces or slashes. */
int profile_id_ok(const char *id);

#endif
