/*
 * profile: messaging profiles and numbers as Telnyx has them
 * (docs/behaviour.md §2.5): the validation of a profile's fields with
 * pointers (POST and PATCH /v2/messaging_profiles, PUT
 * /_mock/messaging_profiles/{id}, fixtures), a tenant's default profile,
 * the ids of numbers, and how a number pool picks a sender.  Pure: the
 * store and the clock stay with the callers.
 * Calls: apierr, ids, jsonin, message, model, phone, util, jansson.
 */
#ifndef MDRMOCK_PROFILE_H
#define MDRMOCK_PROFILE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "apierr.h"
#include "model.h"

#define PROFILE_MAX_ID 128
/* MOCK: a name is 1-255 characters. */
#define PROFILE_MAX_NAME 255
/* MOCK bounds (docs/behaviour.md §8): destinations listed, and an object field's JSON. */
#define PROFILE_MAX_DESTINATIONS 250
#define PROFILE_MAX_OBJECT       4096

/* How a body is read: which fields it must have. */
enum profile_mode {
	PROFILE_CREATE, /* POST /v2/messaging_profiles: name and whitelisted_destinations */
	PROFILE_UPDATE, /* PATCH: every field optional */
	PROFILE_MOCK,   /* the control API and fixtures: optional, plus connection_id */
};

/*
 * A global profile (tenant NULL) id made at now from a control-API or
 * fixture body: every field optional (name defaults to the id), plus
 * connection_id; null or "" URLs mean none.  Returns 0 with p owning its
 * strings, or -1 with e set.
 */
int profile_from_json(json_t *obj, const char *id, int64_t now, struct profile *p,
                      struct apierr *e);

/*
 * A new profile of tenant's from a POST body: a fresh id, Telnyx's
 * defaults, then the body.  0, or -1 with e set (p then holds nothing).
 */
int profile_create(json_t *body, const char *tenant, int64_t now, struct profile *p,
                   struct apierr *e);

/*
 * Applies a PATCH body (or, with PROFILE_MOCK, a control-API body) to p at
 * now.  Nothing changes on error: 0, or -1 with e set.
 */
int profile_update(json_t *body, enum profile_mode mode, int64_t now, struct profile *p,
                   struct apierr *e);

/* The id of tenant's default profile (NULL: the global one): a pure function of it. */
void profile_default_id(const char *tenant, char out[IDS_UUID_LEN + 1]);
/* tenant's default profile, as it is created on first use at now. */
void profile_default(const char *tenant, int64_t now, struct profile *p);

/* Frees what p owns and zeroes it (a zeroed profile is fine to release). */
void profile_release(struct profile *p);

/* A usable profile id: 1-128 printable characters, no spaces or slashes. */
int profile_id_ok(const char *id);

/* The numeric id Telnyx-style of tenant's phone number: a pure function of both. */
void profile_number_id(const char *tenant, const char *phone_number, char out[NUMBER_ID_LEN + 1]);

/* "longcode", "tollfree" or "shortcode", as Telnyx's number listings spell them. */
const char *profile_number_type(const char *phone_number);

/* 1 when the profile's number_pool_settings is an object (the pool is on). */
int profile_pool_enabled(const struct profile *p);

/*
 * The number a pool of n sorted numbers sends from (an index into pool), or
 * -1 when no number may: a weight of 0 leaves that kind of number out.
 * sticky is the sender this recipient had before (NULL: none), kept while
 * the profile asks for a sticky sender and the number is still in the pool;
 * otherwise the pool goes round, after last (the pool's last sender, NULL:
 * none).
 */
int profile_pool_pick(const struct profile *p, char *const *pool, size_t n, const char *sticky,
                      const char *last);

#endif
