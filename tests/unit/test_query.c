#include <stdio.h>
#include <stdlib.h>

#include "query.h"
#include "unit.h"
#include "util.h"

static void test_parse(void)
{
	struct query q;
	const char *bad;

	CHECK_INT(query_parse(&q, "tenant=abc&page=2&flag&x=a%20b+c", &bad), 0);
	CHECK_INT(q.n, 4);
	CHECK_STR(query_get(&q, "tenant"), "abc");
	CHECK_STR(query_get(&q, "page"), "2");
	CHECK_STR(query_get(&q, "flag"), "");
	CHECK_STR(query_get(&q, "x"), "a b c");
	CHECK(query_get(&q, "missing") == NULL);
	query_release(&q);
}

static void test_brackets_and_repeats(void)
{
	struct query q;
	const char *bad;

	CHECK_INT(query_parse(&q, "page%5Bnumber%5D=3&page[size]=10&a=1&a=2&&", &bad), 0);
	CHECK_STR(query_get(&q, "page[number]"), "3");
	CHECK_STR(query_get(&q, "page[size]"), "10");
	CHECK_STR(query_get(&q, "a"), "1");
	query_release(&q);
	CHECK_INT(query_parse(&q, "", &bad), 0);
	CHECK_INT(q.n, 0);
	query_release(&q);
}

static void test_bad(void)
{
	struct query q;
	const char *bad;

	CHECK_INT(query_parse(&q, "a=%00", &bad), -1);
	CHECK_STR(bad, "a");
	query_release(&q);
	CHECK_INT(query_parse(&q, "a=%4", &bad), -1);
	query_release(&q);
	CHECK_INT(query_parse(&q, "a=%g1", &bad), -1);
	query_release(&q);
	CHECK_INT(query_parse(&q, "=x", &bad), -1);
	query_release(&q);
	CHECK_INT(query_parse(&q, "%00=x", &bad), -1);
	query_release(&q);
}

static void test_utf8(void)
{
	static const char *const bad[] = {"%FF",    "%C0%AF", "%ED%A0%80", "%F4%90%80%80",
	                                  "%E2%82", "a%80",   "%C3"};
	char *s;

	s = query_decode("%C3%A9%E2%82%AC%F0%9F%98%80", 27, 0);
	CHECK_STR(s, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	free(s);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		s = query_decode(bad[i], strlen(bad[i]), 0);
		if (s != NULL)
			unit_fail(__FILE__, __LINE__, "%s decoded", bad[i]);
		CHECK(s == NULL);
		free(s);
	}
}

static void test_too_many(void)
{
	struct query q;
	const char *bad;
	char s[QUERY_MAX_PARAMS * 8 + 16] = "";

	for (int i = 0; i <= QUERY_MAX_PARAMS; i++)
		snprintf(s + strlen(s), sizeof s - strlen(s), "k%d=v&", i);
	CHECK_INT(query_parse(&q, s, &bad), -1);
	query_release(&q);
}

static void test_decode(void)
{
	char *s = query_decode("a%41+%c3%a9", 11, 0);

	CHECK_STR(s, "aA+\xc3\xa9");
	free(s);
	s = query_decode("a+b", 3, 1);
	CHECK_STR(s, "a b");
	free(s);
	CHECK(query_decode("%", 1, 0) == NULL);
	CHECK(query_decode("ab%2", 4, 0) == NULL);
}

/* utf8_lossy keeps well-formed text and replaces each NUL and each stray byte by U+FFFD. */
static void test_utf8_lossy(void)
{
	static const char in[] = "ok \xc3\xa9 \xff\x00 \xed\xa0\x80 \xe2\x82";
	struct buf b;

	buf_init(&b);
	utf8_lossy(in, sizeof in - 1, &b);
	CHECK_STR(b.data, "ok \xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd "
	                  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd");
	b.len = 0;
	utf8_lossy("", 0, &b);
	CHECK_INT(b.len, 0);
	buf_release(&b);
}

/* util_random: the bytes asked for, and not the same twice. */
static void test_random(void)
{
	unsigned char a[64], b[64], zero[64] = {0};

	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	CHECK_INT(util_random(a, sizeof a), 0);
	CHECK_INT(util_random(b, sizeof b), 0);
	CHECK(memcmp(a, b, sizeof a) != 0);
	CHECK(memcmp(a, zero, sizeof a) != 0);
	CHECK_INT(util_random(a, 0), 0);
}

const struct unit_test unit_query[] = {
    {"util_random: the operating system's random bytes", test_random},
    {"utf8_lossy: bad bytes and NULs become U+FFFD, good text stays", test_utf8_lossy},
    {"decode: only well-formed UTF-8 (no overlongs, surrogates, stray bytes)", test_utf8},
    {"parse", test_parse},
    {"brackets_and_repeats", test_brackets_and_repeats},
    {"bad", test_bad},
    {"too_many", test_too_many},
    {"decode", test_decode},
    {NULL, NULL},
};
