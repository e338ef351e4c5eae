#include <stdlib.h>

#include "gate.h"
#include "router.h"
#include "unit.h"

static enum status h(struct req *rq, struct res *rs)
{
	(void)rq;
	(void)rs;
	return S_OK;
}

static const struct route table[] = {
    {METHOD_POST, "/v2/messages", h, 0},        {METHOD_GET, "/v2/messages/{id}", h, 0},
    {METHOD_DELETE, "/v2/messages/{id}", h, 0}, {METHOD_GET, "/reporting/mdr_requests", h, 0},
    {METHOD_GET, "/a/{x}/b/{y}", h, 0},
};

struct match {
	enum router_result r;
	const struct route *route;
	char *cap[REQ_MAX_CAPTURES];
	size_t n;
	char allow[64];
};

static struct match match(enum method m, const char *path)
{
	struct match x;

	memset(&x, 0, sizeof x);
	x.r = router_match(table, sizeof table / sizeof table[0], m, path, &x.route, x.cap, &x.n,
	                   x.allow, sizeof x.allow);
	return x;
}

static void release(struct match *x)
{
	for (size_t i = 0; i < x->n; i++)
		free(x->cap[i]);
}

static void test_found_with_capture(void)
{
	struct match x = match(METHOD_GET, "/v2/messages/abc");

	CHECK_INT(x.r, ROUTER_FOUND);
	CHECK(x.route == &table[1]);
	CHECK_INT(x.n, 1);
	CHECK_STR(x.cap[0], "abc");
	release(&x);
	x = match(METHOD_GET, "/a/1/b/2");
	CHECK_INT(x.r, ROUTER_FOUND);
	CHECK_INT(x.n, 2);
	CHECK_STR(x.cap[0], "1");
	CHECK_STR(x.cap[1], "2");
	release(&x);
}

static void test_not_found(void)
{
	struct match x = match(METHOD_GET, "/v2/nothing");

	CHECK_INT(x.r, ROUTER_NOT_FOUND);
	x = match(METHOD_GET, "/v2/messages/abc/extra");
	CHECK_INT(x.r, ROUTER_NOT_FOUND);
	x = match(METHOD_GET, "/");
	CHECK_INT(x.r, ROUTER_NOT_FOUND);
	x = match(METHOD_GET, "/V2/messages/abc");
	CHECK_INT(x.r, ROUTER_NOT_FOUND);
	/* An empty segment never fills a capture. */
	x = match(METHOD_GET, "/v2/messages//");
	CHECK_INT(x.r, ROUTER_NOT_FOUND);
	x = match(METHOD_GET, "/v2//messages");
	CHECK_INT(x.r, ROUTER_NOT_FOUND);
}

static void test_method_not_allowed_lists_allow(void)
{
	struct match x = match(METHOD_PUT, "/v2/messages/abc");

	CHECK_INT(x.r, ROUTER_METHOD_NOT_ALLOWED);
	CHECK_STR(x.allow, "GET, DELETE");
	x = match(METHOD_GET, "/v2/messages");
	CHECK_INT(x.r, ROUTER_METHOD_NOT_ALLOWED);
	CHECK_STR(x.allow, "POST");
	CHECK_INT(x.n, 0);
}

static void test_trailing_slash(void)
{
	struct match x = match(METHOD_GET, "/reporting/mdr_requests/");

	CHECK_INT(x.r, ROUTER_FOUND);
	x = match(METHOD_GET, "/v2/messages/abc/");
	CHECK_INT(x.r, ROUTER_FOUND);
	CHECK_STR(x.cap[0], "abc");
	release(&x);
}

static void test_escapes(void)
{
	struct match x = match(METHOD_GET, "/v2/messages/a%62c");

	CHECK_INT(x.r, ROUTER_FOUND);
	CHECK_STR(x.cap[0], "abc");
	release(&x);
	/* %2F decodes inside the segment; it never splits the path. */
	x = match(METHOD_GET, "/v2/messages/a%2Fb");
	CHECK_INT(x.r, ROUTER_FOUND);
	CHECK_STR(x.cap[0], "a/b");
	release(&x);
	x = match(METHOD_GET, "/v2%2Fmessages/abc");
	CHECK_INT(x.r, ROUTER_NOT_FOUND);
}

static void test_bad_paths(void)
{
	CHECK_INT(match(METHOD_GET, "/v2/messages/%00").r, ROUTER_BAD_PATH);
	CHECK_INT(match(METHOD_GET, "/v2/messages/a%0").r, ROUTER_BAD_PATH);
	CHECK_INT(match(METHOD_GET, "/v2/messages/%zz").r, ROUTER_BAD_PATH);
	CHECK_INT(match(METHOD_GET, "/v2/messages/../x").r, ROUTER_BAD_PATH);
	CHECK_INT(match(METHOD_GET, "/v2/messages/%2e%2e").r, ROUTER_BAD_PATH);
	CHECK_INT(match(METHOD_GET, "/v2/./messages").r, ROUTER_BAD_PATH);
	CHECK_INT(match(METHOD_GET, "v2/messages").r, ROUTER_BAD_PATH);
	CHECK_INT(match(METHOD_GET, "*").r, ROUTER_BAD_PATH);
}

static void test_long_paths(void)
{
	char *p = malloc(ROUTER_MAX_PATH + 2);

	memset(p, 'a', ROUTER_MAX_PATH + 1);
	p[0] = '/';
	p[ROUTER_MAX_PATH + 1] = '\0';
	CHECK_INT(match(METHOD_GET, p).r, ROUTER_TOO_LONG);
	p[ROUTER_MAX_PATH] = '\0';
	CHECK_INT(match(METHOD_GET, p).r, ROUTER_NOT_FOUND);
	free(p);
	/* Many segments are simply not found. */
	CHECK_INT(match(METHOD_GET, "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s").r, ROUTER_NOT_FOUND);
}

static void test_json_content_type(void)
{
	CHECK(gate_is_json_type("application/json"));
	CHECK(gate_is_json_type("Application/JSON; charset=utf-8"));
	CHECK(gate_is_json_type("application/json ;charset=utf-8"));
	CHECK(!gate_is_json_type("application/jsonx"));
	CHECK(!gate_is_json_type("text/plain"));
	CHECK(!gate_is_json_type("application/x-www-form-urlencoded"));
	CHECK(!gate_is_json_type(""));
}

static void test_the_real_table(void)
{
	/* Every pattern of the server's own table is well formed and reachable. */
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *r = NULL;
		char *cap[REQ_MAX_CAPTURES], allow[64], path[256];
		size_t n = 0, k = 0;

		for (const char *p = routes[i].pattern; *p != '\0' && k < sizeof path - 4; p++) {
			if (*p == '{') {
				path[k++] = 'x';
				while (*p != '}')
					p++;
			} else {
				path[k++] = *p;
			}
		}
		path[k] = '\0';
		CHECK_INT(router_match(routes, routes_count, routes[i].method, path, &r, cap, &n,
		                       allow, sizeof allow),
		          ROUTER_FOUND);
		CHECK(r == &routes[i]);
		for (size_t j = 0; j < n; j++)
			free(cap[j]);
	}
}

const struct unit_test unit_router[] = {
    {"found_with_capture", test_found_with_capture},
    {"not_found", test_not_found},
    {"method_not_allowed_lists_allow", test_method_not_allowed_lists_allow},
    {"trailing_slash", test_trailing_slash},
    {"escapes", test_escapes},
    {"bad_paths", test_bad_paths},
    {"long_paths", test_long_paths},
    {"json_content_type", test_json_content_type},
    {"the_real_table", test_the_real_table},
    {NULL, NULL},
};
