#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "fault.h"
#include "journal.h"
#include "message.h"
#include "view.h"
#include "unit.h"

static void test_path_match(void)
{
	CHECK_INT(fault_path_match("/v2/messages", "/v2/messages"), 1);
	CHECK_INT(fault_path_match("/v2/messages", "/v2/messages/"), 1);
	CHECK_INT(fault_path_match("/v2/messages/", "/v2/messages"), 1);
	CHECK_INT(fault_path_match("/v2/messages/*", "/v2/messages/abc"), 1);
	CHECK_INT(fault_path_match("/v2/messages/*", "/v2/messages"), 0);
	CHECK_INT(fault_path_match("/v2/messages/*", "/v2/messages/a/b"), 0);
	CHECK_INT(fault_path_match("/*/messages", "/v2/messages"), 1);
	CHECK_INT(fault_path_match("/v2/messages", "/v2/messagesX"), 0);
	CHECK_INT(fault_path_match("/v2/messages", "/v2"), 0);
	CHECK_INT(fault_path_match("/v2/*", "/v2/"), 0);
}

static void test_count_and_order(void)
{
	struct fault_hit hit;
	struct apierr e;
	json_t *body = json_pack("{s:s, s:i, s:i, s:s}", "path", "/v2/messages", "status", 429,
	                         "count", 2, "method", "post");
	struct fault f;

	fault_clear(NULL);
	apierr_init(&e);
	CHECK_INT(fault_add(body, NULL, &f, &e), 0);
	CHECK_STR(f.method, "POST");
	CHECK_INT(f.count, 2);
	CHECK_INT(fault_check("GET", "/v2/messages", "k", &hit), 0);
	CHECK_INT(fault_check("POST", "/v2/messages", NULL, &hit), 1);
	CHECK_INT(hit.status, 429);
	CHECK_STR(hit.code, "10011");
	CHECK_INT(hit.retry_after, 1);
	CHECK_INT(fault_check("POST", "/v2/messages", NULL, &hit), 1);
	CHECK_INT(fault_check("POST", "/v2/messages", NULL, &hit), 0); /* used up */
	json_decref(body);
	body = json_pack("{s:s, s:i}", "path", "/x", "status", 200);
	CHECK_INT(fault_add(body, NULL, &f, &e), -1);
	CHECK_STR(e.pointer, "/status");
	json_decref(body);
	fault_clear(NULL);
}

/* A fault scoped to a tenant fires only for its calls; lists and clears go by tenant. */
static void test_scoped(void)
{
	struct fault_hit hit;
	struct fault all[FAULT_MAX];
	struct apierr e;
	json_t *body = json_pack("{s:s, s:i}", "path", "/v2/messages", "status", 503);
	struct fault f;

	fault_clear(NULL);
	apierr_init(&e);
	CHECK(!fault_any());
	CHECK_INT(fault_add(body, "ka", &f, &e), 0);
	CHECK(fault_any());
	CHECK_INT(f.scoped, 1);
	CHECK_INT(fault_check("POST", "/v2/messages", "kb", &hit), 0);
	CHECK_INT(fault_check("POST", "/v2/messages", NULL, &hit), 0);
	CHECK_INT(fault_check("POST", "/v2/messages", "ka", &hit), 1);
	CHECK_INT(fault_add(body, NULL, &f, &e), 0); /* everyone's */
	CHECK_INT(fault_check("POST", "/v2/messages", "kb", &hit), 1);
	CHECK_INT((int)fault_list(NULL, all), 2);
	CHECK_INT((int)fault_list("ka", all), 1);
	CHECK_INT((int)fault_list("kb", all), 0);
	fault_clear("ka");
	CHECK_INT((int)fault_list(NULL, all), 1);
	CHECK_INT(all[0].scoped, 0);
	json_decref(body);
	fault_clear(NULL);
	CHECK(!fault_any());
}

static void test_otp(void)
{
	char otp[9];

	CHECK_INT(message_otp("Your code is 123456.", otp), 1);
	CHECK_STR(otp, "123456");
	CHECK_INT(message_otp("Call 5551234567890 or use 4321", otp), 1);
	CHECK_STR(otp, "4321"); /* a 13-digit run is not a code */
	CHECK_INT(message_otp("pin 123 then 12345678", otp), 1);
	CHECK_STR(otp, "12345678");
	CHECK_INT(message_otp("no code", otp), 0);
	CHECK_STR(otp, "");
	CHECK_INT(message_otp("", otp), 0);
}

static const char *path_at(const json_t *j, size_t i)
{
	return json_string_value(
	    json_object_get(json_array_get(json_object_get(j, "data"), i), "path"));
}

static void test_journal_ring(void)
{
	struct journal_query q = {.limit = 10};
	json_t *j;

	journal_init(2);
	journal_add(1000, "GET", "/a", "", NULL, 200, 10, 0);
	journal_add(2000, "GET", "/b", "x=1", "t", 404, 10, 0);
	journal_add(3000, "POST", "/c", NULL, "t", 400, 10, 1);
	j = view_journal(&q);
	CHECK_INT(json_array_size(json_object_get(j, "data")), 2);
	CHECK_STR(json_string_value(
	              json_object_get(json_array_get(json_object_get(j, "data"), 0), "path")),
	          "/b");
	CHECK_INT(json_integer_value(json_object_get(json_object_get(j, "meta"), "dropped")), 1);
	json_decref(j);
	q.limit = 1;
	j = view_journal(&q);
	CHECK_STR(path_at(j, 0), "/c");
	json_decref(j);
	journal_release();
}

/* Pages (docs/behaviour.md §6.3): after a seq, oldest first; by tenant; the newest by default. */
static void test_journal_pages(void)
{
	struct journal_query q = {.limit = 2};
	char path[16];
	json_t *j;

	journal_init(10);
	for (int i = 1; i <= 6; i++) {
		snprintf(path, sizeof path, "/%d", i);
		journal_add(i, "GET", path, NULL, i % 2 ? "odd" : "even", 200, 1, 0);
	}
	j = view_journal(&q); /* the newest two */
	CHECK_STR(path_at(j, 0), "/5");
	CHECK_STR(path_at(j, 1), "/6");
	json_decref(j);
	q.after = 1; /* the two after seq 1 */
	j = view_journal(&q);
	CHECK_STR(path_at(j, 0), "/2");
	CHECK_STR(path_at(j, 1), "/3");
	CHECK_INT(json_integer_value(
	              json_object_get(json_array_get(json_object_get(j, "data"), 1), "seq")),
	          3);
	json_decref(j);
	q.tenant = "odd"; /* after 1, odd ones only: 3, 5 */
	j = view_journal(&q);
	CHECK_STR(path_at(j, 0), "/3");
	CHECK_STR(path_at(j, 1), "/5");
	json_decref(j);
	q.after = 0; /* the newest two odd ones */
	q.limit = 2;
	j = view_journal(&q);
	CHECK_STR(path_at(j, 0), "/3");
	CHECK_STR(path_at(j, 1), "/5");
	json_decref(j);
	q.after = 6;
	j = view_journal(&q);
	CHECK_INT(json_array_size(json_object_get(j, "data")), 0);
	json_decref(j);
	journal_release();
}

const struct unit_test unit_fault[] = {
    {"path_match", test_path_match},
    {"count_and_order", test_count_and_order},
    {"scoped", test_scoped},
    {"otp", test_otp},
    {"journal_ring", test_journal_ring},
    {"journal_pages", test_journal_pages},
    {NULL, NULL},
};
