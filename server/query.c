#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 1 when n bytes are well-formed UTF-8 (util.h). */
static int utf8_ok(const unsigned char *p, size_t n)
{
	for (size_t i = 0, k; i < n; i += k)
		if ((k = utf8_char_len(p + i, n - i)) == 0)
			return 0;
	return 1;
}

char *query_decode(const char *s, size_t n, int plus_is_space)
{
	char *out = xmalloc(n + 1);
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= n)
				goto fail;
			hi = hex(s[i + 1]);
			lo = hex(s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				goto fail;
			out[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '\0') {
			goto fail;
		} else {
			out[j++] = (char)(plus_is_space && s[i] == '+' ? ' ' : s[i]);
		}
	}
	out[j] = '\0';
	/* Not text: it would reach JSON, logs and SQL (docs/behaviour.md §8). */
	if (!utf8_ok((const unsigned char *)out, j))
		goto fail;
	return out;
fail:
	free(out);
	return NULL;
}

int query_parse(struct query *q, const char *s, const char **bad)
{
	static const char empty[] = "";

	memset(q, 0, sizeof *q);
	*bad = empty;
	while (*s != '\0') {
		size_t len = strcspn(s, "&;");
		const char *eq = memchr(s, '=', len);
		size_t klen = eq ? (size_t)(eq - s) : len;

		if (len > 0) {
			char *key, *value;

			if (q->n == QUERY_MAX_PARAMS)
				return -1;
			key = query_decode(s, klen, 1);
			if (key == NULL || *key == '\0') {
				free(key);
				return -1;
			}
			value = eq ? query_decode(eq + 1, len - klen - 1, 1) : xstrdup("");
			q->p[q->n].key = key;
			q->p[q->n].value = value;
			q->n++;
			if (value == NULL) {
				*bad = key;
				return -1;
			}
		}
		s += len + (s[len] != '\0');
	}
	return 0;
}

void query_release(struct query *q)
{
	for (size_t i = 0; i < q->n; i++) {
		free(q->p[i].key);
		free(q->p[i].value);
	}
	q->n = 0;
}

const char *query_get(const struct query *q, const char *key)
{
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->p[i].key, key) == 0)
			return q->p[i].value;
	return NULL;
}
