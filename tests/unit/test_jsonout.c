#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "unit.h"

/* jansson's own compact dump of j, the oracle jsonout must match byte for byte (or NULL). */
static char *oracle(const json_t *j, size_t *len)
{
	size_t n = json_dumpb(j, NULL, 0, JSON_COMPACT | JSON_ENCODE_ANY);
	char *p;

	if (n == 0)
		return NULL;
	p = malloc(n);
	if (p == NULL || json_dumpb(j, p, n, JSON_COMPACT | JSON_ENCODE_ANY) != n) {
		free(p);
		return NULL;
	}
	*len = n;
	return p;
}

/* 1 when jsonout_dump(j) is jansson's dump exactly (both failing counts as the same). */
static int same(json_t *j)
{
	size_t a = 0, b = 0;
	char *got = jsonout_dump(j, &a), *want = oracle(j, &b);
	int ok = got == NULL || want == NULL ? got == want : a == b && memcmp(got, want, a) == 0;

	if (got != NULL && got[a] != '\0')
		ok = 0;
	free(got);
	free(want);
	json_decref(j);
	return ok;
}

/* Every escape jansson makes: each control character, the quote and the backslash; "/" and
 * DEL and non-ASCII pass as they are; a NUL inside a string is \u0000. */
static void test_escapes_as_jansson(void)
{
	char s[2] = {0, 0};
	size_t len = 0;
	char *out;
	json_t *j;

	for (int c = 1; c < 0x80; c++) {
		s[0] = (char)c;
		CHECK(same(json_string(s)));
	}
	CHECK(same(json_stringn("a\0b", 3)));
	CHECK(same(json_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 / \\ \" \x7f")));
	j = json_string("tab\there \"q\" \x01");
	out = jsonout_dump(j, &len);
	CHECK_STR(out, "\"tab\\there \\\"q\\\" \\u0001\"");
	CHECK_INT(len, strlen("\"tab\\there \\\"q\\\" \\u0001\""));
	free(out);
	json_decref(j);
}

/* Bytes that are not UTF-8 fail as jansson's dump fails: no answer with broken text. */
static void test_invalid_utf8_refused(void)
{
	static const char *const bad[] = {
	    "\xff", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "ok \xe2\x82"};
	size_t len;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *j = json_pack("{s:[o]}", "k", json_stringn_nocheck(bad[i], strlen(bad[i])));

		char *out = jsonout_dump(j, &len);

		CHECK(out == NULL);
		free(out);
		CHECK(same(j));
	}
}

static void test_scalars_as_jansson(void)
{
	static const json_int_t ints[] = {0, 1, -1, 9, 10, 12345, -987654321, INT64_MAX, INT64_MIN};
	static const double reals[] = {0.0,   -0.0,  0.1,    1.5,          3.0,
	                               -2.25, 1e300, 1e-300, 123456789.125};

	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
		CHECK(same(json_integer(ints[i])));
	for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++)
		CHECK(same(json_real(reals[i])));
	CHECK(same(json_true()));
	CHECK(same(json_false()));
	CHECK(same(json_null()));
	CHECK(same(json_object()));
	CHECK(same(json_array()));
	CHECK(same(json_pack("{s:{},s:[],s:[{}],s:\"\"}", "a", "b", "c", "\"k\\ey\n")));
}

/* A message answer's shape: keys in the order they were set, nulls, nested objects. */
static void test_answer_shape(void)
{
	json_t *j = json_pack("{s:{s:s,s:s,s:[{s:s,s:n}],s:n,s:i,s:b,s:[]}}", "data", "record_type",
	                      "message", "id", "40317f1a-0d3c-4b7a-9a3e-1f2f3a4b5c6d", "to",
	                      "phone_number", "+18665550002", "carrier", "cost", "parts", 1,
	                      "tcr_campaign_billable", 0, "errors");
	size_t len;
	char *out;

	json_object_set_new(json_object_get(j, "data"), "zz_last", json_string("end"));
	json_object_set_new(json_object_get(j, "data"), "aa_after", json_integer(-3));
	out = jsonout_dump(j, &len);
	CHECK(out != NULL && strstr(out, "\"zz_last\":\"end\",\"aa_after\":-3}}") != NULL);
	CHECK(out != NULL && strncmp(out, "{\"data\":{\"record_type\":\"message\",", 33) == 0);
	free(out);
	CHECK(same(j));
}

static uint32_t seed = 12345;
static uint32_t draw(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) % n;
}

/* A random string from a small alphabet with every kind of character jansson treats apart. */
static json_t *random_string(void)
{
	static const char *const pieces[] = {"a",
	                                     "Z",
	                                     "0",
	                                     " ",
	                                     "/",
	                                     "\"",
	                                     "\\",
	                                     "\n",
	                                     "\x1f",
	                                     "\x7f",
	                                     "\xc3\xa9",
	                                     "\xe2\x82\xac",
	                                     "\xf0\x9f\x98\x80",
	                                     "+1866"};
	char s[256] = "";
	size_t n = draw(12);

	for (size_t i = 0; i < n; i++)
		strcat(s, pieces[draw(sizeof pieces / sizeof pieces[0])]);
	return json_string(s);
}

static json_t *random_value(int depth)
{
	uint32_t kind = draw(depth > 4 ? 6 : 8);

	switch (kind) {
	case 0:
		return random_string();
	case 1:
		return json_integer((json_int_t)draw(2000000) - 1000000);
	case 2:
		return json_real((double)draw(100000) / 64.0);
	case 3:
		return json_null();
	case 4:
		return json_boolean(draw(2));
	case 5:
		return json_string("");
	case 6: {
		json_t *a = json_array();

		for (uint32_t i = draw(5); i > 0; i--)
			json_array_append_new(a, random_value(depth + 1));
		return a;
	}
	default: {
		json_t *o = json_object();

		for (uint32_t i = draw(6); i > 0; i--) {
			json_t *k = random_string();

			json_object_set_new(o, json_string_value(k), random_value(depth + 1));
			json_decref(k);
		}
		return o;
	}
	}
}

/* A thousand random documents, each dumped the same as by jansson. */
static void test_random_documents_as_jansson(void)
{
	int differ = 0;

	for (int i = 0; i < 1000; i++)
		differ += !same(random_value(0));
	CHECK_INT(differ, 0);
}

/* Nesting, objects and arrays in turn: JSONOUT_MAX_DEPTH levels are written, one more is
 * refused. */
static json_t *nest(int levels, json_t **innermost)
{
	json_t *top = NULL, *in = NULL;

	for (int i = 0; i < levels; i++) {
		json_t *next = i % 2 ? json_array() : json_object();

		if (in == NULL)
			top = next;
		else if (json_is_array(in))
			json_array_append_new(in, next);
		else
			json_object_set_new(in, "k", next);
		in = next;
	}
	if (innermost != NULL)
		*innermost = in;
	return top;
}

static void test_depth_bound(void)
{
	json_t *deep, *arrays_last, *inner;
	size_t len;
	char *out;

	deep = nest(JSONOUT_MAX_DEPTH, &inner);
	out = jsonout_dump(deep, &len);
	CHECK(out != NULL);
	CHECK_INT(len, 2 * JSONOUT_MAX_DEPTH + 4 * (JSONOUT_MAX_DEPTH / 2));
	free(out);
	json_array_append_new(inner, json_object());
	out = jsonout_dump(deep, &len);
	CHECK(out == NULL);
	free(out);
	json_decref(deep);
	/* The same with an array one level past the bound. */
	arrays_last = nest(JSONOUT_MAX_DEPTH, &inner);
	json_array_append_new(inner, json_array());
	out = jsonout_dump(arrays_last, &len);
	CHECK(out == NULL);
	free(out);
	json_decref(arrays_last);
	CHECK(jsonout_dump(NULL, &len) == NULL);
}

/* An answer past the first 4 KiB guess grows the buffer and stays exact. */
static void test_large_answer(void)
{
	json_t *a = json_array();

	for (int i = 0; i < 2000; i++)
		json_array_append_new(
		    a, json_pack("{s:i,s:s}", "n", i, "text", "some text \xe2\x82\xac"));
	CHECK(same(a));
}

/*
 * Escapes and reals written straight into the buffer land on every offset around its
 * doublings (4 KiB, 8 KiB): a reservation one byte short writes past the allocation, which
 * ASan reports.
 */
static void test_buffer_edges(void)
{
	char s[1600];

	for (size_t pre = 0; pre < 40; pre++) {
		json_t *reals = json_array();

		memset(s, 'a', pre);
		memset(s + pre, '\x01', sizeof s - pre);
		CHECK(same(json_stringn(s, sizeof s)));
		memset(s + pre, '\n', sizeof s - pre);
		CHECK(same(json_stringn(s, sizeof s)));
		json_array_append_new(reals, json_stringn(s, pre));
		for (int i = 0; i < 600; i++)
			json_array_append_new(reals, json_real(-1.2345678901234567e-300));
		CHECK(same(reals));
	}
}

const struct unit_test unit_jsonout[] = {
    {"escapes_as_jansson", test_escapes_as_jansson},
    {"invalid_utf8_refused", test_invalid_utf8_refused},
    {"scalars_as_jansson", test_scalars_as_jansson},
    {"answer_shape", test_answer_shape},
    {"random_documents_as_jansson", test_random_documents_as_jansson},
    {"depth_bound", test_depth_bound},
    {"large_answer", test_large_answer},
    {"buffer_edges", test_buffer_edges},
    {NULL, NULL},
};
