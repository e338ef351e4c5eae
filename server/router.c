#include "router.h"

#include <stdio.h>
#include <string.h>

#include "query.h"
#include "util.h"

struct segments {
	size_t n;
	char *s[ROUTER_MAX_SEGMENTS];
};

static void segments_release(struct segments *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->s[i]);
	g->n = 0;
}

/* Splits and decodes a raw path.  Returns ROUTER_FOUND when it is well formed. */
static enum router_result split(const char *raw, struct segments *g)
{
	size_t len = strlen(raw);
	const char *p;

	g->n = 0;
	if (len > ROUTER_MAX_PATH)
		return ROUTER_TOO_LONG;
	if (raw[0] != '/')
		return ROUTER_BAD_PATH;
	if (len > 1 && raw[len - 1] == '/')
		len--;
	p = raw + 1;
	while (p <= raw + len && len > 1) {
		size_t n = strcspn(p, "/");
		char *seg;

		if (p + n > raw + len)
			n = (size_t)(raw + len - p);
		seg = query_decode(p, n, 0);
		if (seg == NULL || strcmp(seg, ".") == 0 || strcmp(seg, "..") == 0) {
			free(seg);
			segments_release(g);
			return ROUTER_BAD_PATH;
		}
		if (g->n == ROUTER_MAX_SEGMENTS) {
			free(seg);
			segments_release(g);
			return ROUTER_NOT_FOUND;
		}
		g->s[g->n++] = seg;
		p += n + 1;
	}
	return ROUTER_FOUND;
}

/* 1 when the decoded segments fit pattern; captures are counted, not copied. */
static int fits(const char *pattern, const struct segments *g)
{
	const char *p = pattern + 1;
	size_t i = 0;

	while (*p != '\0') {
		size_t n = strcspn(p, "/");

		if (i == g->n)
			return 0;
		if (p[0] != '{' && (strlen(g->s[i]) != n || strncmp(p, g->s[i], n) != 0))
			return 0;
		/* A capture never matches an empty segment ("/v2/messages//"). */
		if (p[0] == '{' && g->s[i][0] == '\0')
			return 0;
		i++;
		p += n + (p[n] == '/');
	}
	return i == g->n;
}

enum router_result router_match(const struct route *table, size_t n, enum method m,
                                const char *raw_path, const struct route **route, char **captures,
                                size_t *ncaptures, char *allow, size_t allowlen)
{
	struct segments g;
	enum router_result r = split(raw_path, &g);
	int methods = 0;
	size_t used = 0;

	*ncaptures = 0;
	if (allowlen > 0)
		allow[0] = '\0';
	if (r != ROUTER_FOUND)
		return r;
	r = ROUTER_NOT_FOUND;
	for (size_t i = 0; i < n; i++) {
		if (!fits(table[i].pattern, &g))
			continue;
		if (table[i].method == m) {
			const char *p = table[i].pattern + 1;
			size_t k = 0;

			*route = &table[i];
			/* Methods seen before the match are not an Allow of this answer. */
			if (allowlen > 0)
				allow[0] = '\0';
			while (*p != '\0') {
				size_t len = strcspn(p, "/");

				if (p[0] == '{' && k < g.n && *ncaptures < REQ_MAX_CAPTURES)
					captures[(*ncaptures)++] = xstrdup(g.s[k]);
				k++;
				p += len + (p[len] == '/');
			}
			r = ROUTER_FOUND;
			break;
		}
		if (!(methods & (1 << table[i].method))) {
			methods |= 1 << table[i].method;
			if (used < allowlen)
				used += (size_t)snprintf(allow + used, allowlen - used, "%s%s",
				                         used ? ", " : "",
				                         req_method_name(table[i].method));
		}
		r = ROUTER_METHOD_NOT_ALLOWED;
	}
	segments_release(&g);
	return r;
}

unsigned router_area_flags(const struct route *table, size_t n, const char *raw_path)
{
	size_t len = strcspn(raw_path + (raw_path[0] == '/'), "/?");
	const char *first = raw_path + (raw_path[0] == '/');
	unsigned flags = 0;

	for (size_t i = 0; i < n; i++) {
		const char *p = table[i].pattern + 1;

		if (strcspn(p, "/") == len && strncmp(p, first, len) == 0)
			flags |= table[i].flags;
	}
	return flags;
}
