#include "tenants.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "util.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char *tenant;
	char label[TENANTS_LABEL_MAX + 1];
} set[TENANTS_MAX];
static size_t n;
static _Atomic size_t any; /* n, read without the lock: most runs label nobody */

int tenants_label_ok(const char *label)
{
	size_t len = strlen(label);

	if (len == 0 || len > TENANTS_LABEL_MAX)
		return 0;
	for (const char *p = label; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
			return 0;
	return 1;
}

static size_t find(const char *tenant)
{
	size_t i = 0;

	while (i < n && strcmp(set[i].tenant, tenant) != 0)
		i++;
	return i;
}

int tenants_label_set(const char *tenant, const char *label)
{
	size_t i;
	int rc = 0;

	pthread_mutex_lock(&mu);
	i = find(tenant);
	if (label == NULL) {
		if (i < n) {
			free(set[i].tenant);
			memmove(&set[i], &set[i + 1], (n - i - 1) * sizeof set[0]);
			n--;
		}
	} else if (i == n && n == TENANTS_MAX) {
		rc = -1;
	} else {
		if (i == n)
			set[n++].tenant = xstrdup(tenant);
		snprintf(set[i].label, sizeof set[i].label, "%s", label);
	}
	any = n;
	pthread_mutex_unlock(&mu);
	return rc;
}

/* The label key: written once at start-up (tenants_set_key()), before any thread reads it. */
static unsigned char label_key[crypto_auth_hmacsha256_KEYBYTES];

void tenants_set_key(const unsigned char *key, size_t len)
{
	memset(label_key, 0, sizeof label_key);
	memcpy(label_key, key, len < sizeof label_key ? len : sizeof label_key);
}

char *tenants_hash(const char *tenant, char out[TENANTS_HASH_LEN + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	static const char hex[] = "0123456789abcdef";

	crypto_auth_hmacsha256(mac, (const unsigned char *)tenant, strlen(tenant), label_key);
	out[0] = 't';
	out[1] = '_';
	for (int i = 0; i < TENANTS_HASH_BYTES; i++) {
		out[2 + 2 * i] = hex[mac[i] >> 4];
		out[3 + 2 * i] = hex[mac[i] & 15];
	}
	out[TENANTS_HASH_LEN] = '\0';
	return out;
}

/* "label:t_hash", or "t_hash" when label is NULL, into out. */
static char *show(const char *tenant, const char *label, char out[TENANTS_SHOW_LEN + 1])
{
	char hash[TENANTS_HASH_LEN + 1];

	tenants_hash(tenant, hash);
	snprintf(out, TENANTS_SHOW_LEN + 1, "%s%s%s", label ? label : "", label ? ":" : "", hash);
	return out;
}

char *tenants_show(const char *tenant, char out[TENANTS_SHOW_LEN + 1])
{
	size_t i;

	if (any == 0)
		return show(tenant, NULL, out);
	pthread_mutex_lock(&mu);
	i = find(tenant);
	show(tenant, i < n ? set[i].label : NULL, out);
	pthread_mutex_unlock(&mu);
	return out;
}

void tenants_each(void (*fn)(const char *shown, const char *label, void *arg), void *arg)
{
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < n; i++) {
		char shown[TENANTS_SHOW_LEN + 1];

		fn(show(set[i].tenant, set[i].label, shown), set[i].label, arg);
	}
	pthread_mutex_unlock(&mu);
}

void tenants_clear(void)
{
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < n; i++)
		free(set[i].tenant);
	n = 0;
	any = 0;
	pthread_mutex_unlock(&mu);
}
