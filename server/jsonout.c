#include "jsonout.h"

#include <stdint.h>

#include "util.h"

/* The first guess at an answer's size: most answers fit, so the buffer never grows. */
#define JSONOUT_GUESS 4096

/* Room for n more bytes at b->data + b->len. */
static char *room(struct buf *b, size_t n)
{
	buf_grow(b, n);
	return b->data + b->len;
}

/* jansson's escapes: the two-character ones, else \u00XX in upper-case hex. */
static void put_escape(struct buf *b, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	char *p = room(b, 6);

	p[0] = '\\';
	switch (c) {
	case '"':
	case '\\':
		p[1] = (char)c;
		break;
	case '\b':
		p[1] = 'b';
		break;
	case '\f':
		p[1] = 'f';
		break;
	case '\n':
		p[1] = 'n';
		break;
	case '\r':
		p[1] = 'r';
		break;
	case '\t':
		p[1] = 't';
		break;
	default:
		p[1] = 'u';
		p[2] = '0';
		p[3] = '0';
		p[4] = hex[c >> 4];
		p[5] = hex[c & 0xf];
		b->len += 6;
		return;
	}
	b->len += 2;
}

/* A quoted string: runs of plain bytes copied at once. 0, or -1 on bytes that are not UTF-8. */
static int put_string(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t run = 0;

	buf_add(b, "\"", 1);
	for (size_t i = 0; i < n;) {
		unsigned char c = u[i];

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			size_t k = utf8_char_len(u + i, n - i);

			if (k == 0)
				return -1;
			i += k;
			continue;
		}
		buf_add(b, s + run, i - run);
		put_escape(b, c);
		run = ++i;
	}
	buf_add(b, s + run, n - run);
	buf_add(b, "\"", 1);
	return 0;
}

static void put_integer(struct buf *b, json_int_t v)
{
	char digits[24], *p = digits + sizeof digits;
	/* The magnitude as unsigned, so that the most negative value has one too. */
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + m % 10);
		m /= 10;
	} while (m != 0);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(digits + sizeof digits - p));
}

static int put_value(struct buf *b, const json_t *j, int depth)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		const char *key;
		size_t key_len;
		json_t *v;
		int first = 1;

		if (depth >= JSONOUT_MAX_DEPTH)
			return -1;
		buf_add(b, "{", 1);
		/* Read only: the iteration macro takes a json_t * but changes nothing. */
		json_object_keylen_foreach((json_t *)(uintptr_t)j, key, key_len, v)
		{
			if (!first)
				buf_add(b, ",", 1);
			first = 0;
			if (put_string(b, key, key_len) != 0)
				return -1;
			buf_add(b, ":", 1);
			if (put_value(b, v, depth + 1) != 0)
				return -1;
		}
		buf_add(b, "}", 1);
		return 0;
	}
	case JSON_ARRAY: {
		size_t n = json_array_size(j);

		if (depth >= JSONOUT_MAX_DEPTH)
			return -1;
		buf_add(b, "[", 1);
		for (size_t i = 0; i < n; i++) {
			if (i > 0)
				buf_add(b, ",", 1);
			if (put_value(b, json_array_get(j, i), depth + 1) != 0)
				return -1;
		}
		buf_add(b, "]", 1);
		return 0;
	}
	case JSON_STRING:
		return put_string(b, json_string_value(j), json_string_length(j));
	case JSON_INTEGER:
		put_integer(b, json_integer_value(j));
		return 0;
	case JSON_REAL: {
		/* jansson's own spelling of a real (rare in an answer). */
		char *p = room(b, 32);
		size_t n = json_dumpb(j, p, 32, JSON_COMPACT | JSON_ENCODE_ANY);

		if (n == 0 || n > 32)
			return -1;
		b->len += n;
		return 0;
	}
	case JSON_TRUE:
		buf_add(b, "true", 4);
		return 0;
	case JSON_FALSE:
		buf_add(b, "false", 5);
		return 0;
	case JSON_NULL:
		buf_add(b, "null", 4);
		return 0;
	}
	return -1;
}

char *jsonout_dump(const json_t *j, size_t *len)
{
	struct buf b;

	buf_init(&b);
	buf_grow(&b, JSONOUT_GUESS - 1); /* and 1 for the NUL: JSONOUT_GUESS bytes */
	if (j == NULL || put_value(&b, j, 0) != 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, len);
}
