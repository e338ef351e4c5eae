/*
 * sign: the Ed25519 key that signs webhooks (docs/behaviour.md §3), with libsodium,
 * and the SHA-256 digests the views show (docs/behaviour.md §2.4).
 * Telnyx signs "timestamp|body" and sends the base64 signature in
 * telnyx-signature-ed25519; clients verify it with the account's public
 * key, which the mock serves at GET /_mock/webhook_key.
 * Calls: util, libsodium.
 */
#ifndef MDRMOCK_SIGN_H
#define MDRMOCK_SIGN_H

#include <stddef.h>
#include <stdint.h>

#define SIGN_SEED_HEX_LEN 64 /* 32 bytes in hex */
#define SIGN_B64_LEN      96 /* room for the base64 of a 64-byte signature, NUL included */

/*
 * Sets the key pair from a seed string: 64 hex digits are the raw 32-byte
 * Ed25519 seed; any other non-empty text is hashed (BLAKE2b-256) into one.
 * NULL draws a random seed.  Writes the seed in hex to seed_hex (for the
 * log, so a run can be repeated).  Returns 0, or -1 when libsodium cannot
 * start.
 */
int sign_init(const char *seed, char seed_hex[SIGN_SEED_HEX_LEN + 1]);

/* The public key: standard base64 of the 32 raw bytes. */
const char *sign_public_key_b64(void);

/* The base64 signature of msg (len bytes) into out. */
void sign_detached_b64(const void *msg, size_t len, char out[SIGN_B64_LEN]);

/* The signature of "timestamp|body" (docs/behaviour.md §3) into out. */
void sign_webhook(const char *timestamp, const char *body, size_t body_len, char out[SIGN_B64_LEN]);

/*
 * Download tokens (docs/behaviour.md §4.4): a report file's link carries a token
 * keyed by a secret that no seed fixes, so a guessed or predicted report id
 * is not enough to read another tenant's file.  The key is random on first
 * start and kept in the database (main.c).
 */
#define SIGN_KEY_LEN   32
#define SIGN_TOKEN_LEN 32
/* Fills key with random bytes (libsodium's generator, never the seeded one). */
void sign_random_key(unsigned char key[SIGN_KEY_LEN]);
void sign_download_key_set(const unsigned char key[SIGN_KEY_LEN]);
/* The token of a report id, lower-case hex, into out. */
char *sign_download_token(const char *id, char out[SIGN_TOKEN_LEN + 1]);
/* 1 when given (NULL: none) is id's token; compared in constant time. */
int sign_download_token_ok(const char *id, const char *given);

/* SHA-256 of len bytes of data, in lower-case hex, into out. */
#define SIGN_SHA256_HEX_LEN 64
void sign_sha256_hex(const void *data, size_t len, char out[SIGN_SHA256_HEX_LEN + 1]);

#endif
