#include "origin.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "config.h"

/* The longest host name (RFC 1035) plus brackets; a longer Host is no name of ours. */
#define HOST_MAX 256

/*
 * The name part of a Host header or an origin's authority, lower-case, without the port and
 * one trailing dot; an IPv6 literal keeps its brackets.  "" when it is malformed or too long.
 */
static void host_name(const char *s, size_t n, char out[HOST_MAX])
{
	size_t len;

	out[0] = '\0';
	if (n == 0)
		return;
	if (s[0] == '[') {
		const char *close = memchr(s, ']', n);

		if (close == NULL)
			return;
		len = (size_t)(close - s) + 1;
		if (len < n && s[len] != ':')
			return;
	} else {
		const char *colon = memchr(s, ':', n);

		len = colon != NULL ? (size_t)(colon - s) : n;
	}
	/* The port, if any, is digits only. */
	if (len < n) {
		if (len + 1 == n || strspn(s + len + 1, "0123456789") < n - len - 1)
			return;
	}
	if (len > 1 && s[len - 1] == '.')
		len--;
	if (len == 0 || len >= HOST_MAX)
		return;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch <= ' ' || ch >= 0x7f || ch == '/' || ch == '@' || ch == '\\') {
			out[0] = '\0';
			return;
		}
		out[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	out[len] = '\0';
}

/* 1 when name is an IPv4 dotted quad or a bracketed IPv6 literal; *loopback says whether it is
 * one of this machine's loopback addresses. */
static int ip_literal(const char *name, int *loopback)
{
	unsigned char a[16];
	char v6[HOST_MAX];
	size_t n = strlen(name);

	*loopback = 0;
	if (inet_pton(AF_INET, name, a) == 1) {
		*loopback = a[0] == 127;
		return 1;
	}
	if (n < 3 || name[0] != '[' || name[n - 1] != ']')
		return 0;
	memcpy(v6, name + 1, n - 2);
	v6[n - 2] = '\0';
	if (inet_pton(AF_INET6, v6, a) != 1)
		return 0;
	*loopback = memcmp(a, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16) == 0;
	return 1;
}

/* 1 when name is suffix itself or a name under it (suffix starts with '.'). */
static int under(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);

	if (strcmp(name, suffix + 1) == 0)
		return 1;
	return n > s && strcmp(name + n - s, suffix) == 0;
}

/* 1 when name is the address --host binds to; *all when that is every interface. */
static int bound_name(const char *name, int *all)
{
	char bound[HOST_MAX];
	const char *h = config.host != NULL ? config.host : "127.0.0.1";
	size_t n = strlen(h);

	*all = strcmp(h, "0.0.0.0") == 0 || strcmp(h, "::") == 0 || strcmp(h, "[::]") == 0;
	if (n + 3 > HOST_MAX)
		return 0;
	/* --host ::1 is the Host [::1]. */
	if (strchr(h, ':') != NULL && h[0] != '[')
		snprintf(bound, sizeof bound, "[%s]", h);
	else
		snprintf(bound, sizeof bound, "%s", h);
	return strcasecmp(name, bound) == 0;
}

int origin_host_ok(const char *host)
{
	char name[HOST_MAX];
	int loopback, all;

	if (host == NULL)
		return 1; /* HTTP/1.0 without a Host: no browser sends that */
	host_name(host, strlen(host), name);
	if (name[0] == '\0')
		return 0;
	if (bound_name(name, &all) || under(name, ".localhost") ||
	    strcmp(name, ORIGIN_DOCKER_HOST) == 0)
		return 1;
	if (ip_literal(name, &loopback) && (loopback || all))
		return 1;
	for (size_t i = 0; i < config.allowed_hosts.n; i++) {
		char want[HOST_MAX], suffix[HOST_MAX + 1];
		const char *a = config.allowed_hosts.v[i];

		if (a[0] == '.') {
			host_name(a + 1, strlen(a + 1), want);
			snprintf(suffix, sizeof suffix, ".%s", want);
			if (want[0] != '\0' && under(name, suffix))
				return 1;
		} else {
			host_name(a, strlen(a), want);
			if (want[0] != '\0' && strcmp(name, want) == 0)
				return 1;
		}
	}
	return 0;
}

/* The authority of "http://a:1" or "https://a:1" (no path), its length in *n; NULL if none. */
static const char *authority(const char *origin, size_t *n)
{
	const char *a;

	if (strncasecmp(origin, "http://", 7) == 0)
		a = origin + 7;
	else if (strncasecmp(origin, "https://", 8) == 0)
		a = origin + 8;
	else
		return NULL;
	*n = strlen(a);
	if (*n == 0 || strpbrk(a, "/?#@") != NULL)
		return NULL;
	return a;
}

int origin_is_loopback(const char *origin)
{
	char name[HOST_MAX];
	size_t n;
	const char *a = authority(origin, &n);

	if (a == NULL)
		return 0;
	host_name(a, n, name);
	return strcmp(name, "localhost") == 0 || strcmp(name, "127.0.0.1") == 0 ||
	       strcmp(name, "[::1]") == 0;
}

int origin_is_own(const char *origin, const char *host)
{
	size_t n;
	const char *a = authority(origin, &n);

	return a != NULL && host != NULL && strcasecmp(a, host) == 0;
}

/* 1 when l lists origin exactly (any case); *star when it lists "*", *none when "none". */
static int listed(const struct strlist *l, const char *origin, int *star, int *none)
{
	int found = 0;

	*star = *none = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i], "*") == 0)
			*star = 1;
		else if (strcmp(l->v[i], "none") == 0)
			*none = 1;
		else if (strcasecmp(l->v[i], origin) == 0)
			found = 1;
	}
	return found;
}

int origin_admitted(const char *origin, const char *host, enum origin_area area)
{
	int star, none;

	if (origin_is_own(origin, host))
		return 1;
	if (area == ORIGIN_AREA_OWN)
		return listed(&config.control_origins, origin, &star, &none);
	if (config.cors_origins.n == 0)
		return origin_is_loopback(origin);
	return listed(&config.cors_origins, origin, &star, &none) || (star && !none);
}

int origin_check(const char *origin, const char *fetch_site, const char *fetch_mode,
                 const char *host, enum origin_area area, int page_get)
{
	if (origin != NULL)
		return origin_admitted(origin, host, area) ? 0 : -1;
	if (fetch_site == NULL || strcasecmp(fetch_site, "cross-site") != 0)
		return 0;
	return page_get && fetch_mode != NULL && strcasecmp(fetch_mode, "navigate") == 0 ? 0 : -1;
}
