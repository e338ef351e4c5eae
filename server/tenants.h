/*
 * tenants: how a tenant is shown (docs/behaviour.md §6.1): "t_" and 64 bits of an
 * HMAC-SHA256 of its API key under the database's own label key, so logs and control
 * answers never show a key and a guessed key cannot be checked against a label offline;
 * and the labels users give tenants ("suite-a:t_1a2b3c4d5e6f7a8b").  In memory, at most
 * TENANTS_MAX labels; a full reset forgets them.
 * Calls: util, libsodium.
 */
#ifndef MDRMOCK_TENANTS_H
#define MDRMOCK_TENANTS_H

#include <stddef.h>

#define TENANTS_MAX       1024
#define TENANTS_LABEL_MAX 64
/* "t_" and 16 hex digits: 64 bits of the HMAC. */
#define TENANTS_HASH_BYTES 8
#define TENANTS_HASH_LEN   (2 + 2 * TENANTS_HASH_BYTES)
/* "<label>:t_xxxxxxxxxxxxxxxx" at its longest. */
#define TENANTS_SHOW_LEN (TENANTS_LABEL_MAX + 1 + TENANTS_HASH_LEN)

/* The key labels are made with (main.c keeps it in the database); all zero until set. */
void tenants_set_key(const unsigned char *key, size_t len);
/* "t_" and the hash of tenant's key; out. */
char *tenants_hash(const char *tenant, char out[TENANTS_HASH_LEN + 1]);

/* 1 when label is 1-64 letters, digits, '.', '_' or '-'. */
int tenants_label_ok(const char *label);
/* Sets (label NULL: removes) tenant's label.  0, or -1 when TENANTS_MAX are set. */
int tenants_label_set(const char *tenant, const char *label);
/* How tenant is shown: "label:t_<hash>", or "t_<hash>" without a label; out. */
char *tenants_show(const char *tenant, char out[TENANTS_SHOW_LEN + 1]);
/* Calls fn with each labelled tenant's shown name and label, in the order they were set. */
void tenants_each(void (*fn)(const char *shown, const char *label, void *arg), void *arg);
void tenants_clear(void);

#endif
