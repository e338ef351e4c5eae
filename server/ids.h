/*
 * ids: UUID v4 identifiers and every other random choice, from one
 * generator.  Unseeded it starts from the kernel's randomness; with
 * --seed N it is a fixed sequence, so two runs with the same inputs give
 * byte-identical answers (docs/behaviour.md §1.5).  Thread-safe.
 * Calls: util.
 */
#ifndef MDRMOCK_IDS_H
#define MDRMOCK_IDS_H

#include <stdint.h>

#define IDS_UUID_LEN 36

/* Starts the generator: from seed when seeded, else from util_random(). */
void ids_init(int seeded, uint64_t seed);
/* Starts a seeded generator over from its first value (a full reset). */
void ids_restart(void);

/* The next 64 random bits. */
uint64_t ids_next(void);
/* The next random UUID v4, lower-case, NUL-terminated. */
void ids_uuid(char out[IDS_UUID_LEN + 1]);
/* How many values have been drawn, and skipping ahead by n (restarts). */
uint64_t ids_drawn(void);
void ids_skip(uint64_t n);

/*
 * A UUID-v4-shaped id that is a pure function of name (for the
 * organization_id of a tenant): stable across runs and seeds.
 */
void ids_uuid_from_name(const char *name, char out[IDS_UUID_LEN + 1]);

/* 1 when s is a canonical UUID (8-4-4-4-12 hex digits, any case). */
int ids_is_uuid(const char *s);
/* A UUID in the lower case ids are stored in, into out: 0, or -1 when s is not a UUID. */
int ids_normalize(const char *s, char out[IDS_UUID_LEN + 1]);

/* 64-bit FNV-1a of a string: stable hashing for deterministic choices. */
uint64_t ids_hash(const char *s);

#endif
