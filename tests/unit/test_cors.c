#include "config.h"
#include "cors.h"
#include "unit.h"

/* docs/behaviour.md §6.5: which origin an answer names, by area and --cors-origin. */
static void test_origin(void)
{
	char *list[] = {"http://a.test", "http://b.test"};
	char *none[] = {"none"};
	char *any[] = {"http://a.test", "*"};
	struct strlist saved = config.cors_origins;
	const char *host = "127.0.0.1:12111";
	int vary = 7;

	config.cors_origins = (struct strlist){NULL, 0};
	CHECK(cors_allow_origin(NULL, host, ORIGIN_AREA_API, &vary) == NULL && vary == 0);
	/* By default the API names loopback origins and the server's own, nothing else. */
	CHECK_STR(cors_allow_origin("http://localhost:5173", host, ORIGIN_AREA_API, &vary),
	          "http://localhost:5173");
	CHECK_INT(vary, 1);
	CHECK(cors_allow_origin("http://x.test", host, ORIGIN_AREA_API, &vary) == NULL);
	CHECK_STR(cors_allow_origin("http://127.0.0.1:12111", host, ORIGIN_AREA_OWN, &vary),
	          "http://127.0.0.1:12111");
	CHECK(cors_allow_origin("http://localhost:5173", host, ORIGIN_AREA_OWN, &vary) == NULL);
	config.cors_origins = (struct strlist){list, 2};
	CHECK_STR(cors_allow_origin("http://b.test", host, ORIGIN_AREA_API, &vary),
	          "http://b.test");
	CHECK_INT(vary, 1);
	CHECK(cors_allow_origin("http://c.test", host, ORIGIN_AREA_API, &vary) == NULL);
	CHECK(cors_allow_origin("http://a.test.evil", host, ORIGIN_AREA_API, &vary) == NULL);
	CHECK(cors_allow_origin("http://localhost:5173", host, ORIGIN_AREA_API, &vary) == NULL);
	/* --cors-origin is the API's: the control API still names its own origin only. */
	CHECK(cors_allow_origin("http://b.test", host, ORIGIN_AREA_OWN, &vary) == NULL);
	config.cors_origins = (struct strlist){none, 1};
	CHECK(cors_allow_origin("http://a.test", host, ORIGIN_AREA_API, &vary) == NULL);
	CHECK_INT(vary, 0);
	config.cors_origins = (struct strlist){any, 2};
	CHECK_STR(cors_allow_origin("http://z.test", host, ORIGIN_AREA_API, &vary), "*");
	CHECK_INT(vary, 0);
	CHECK(cors_allow_origin("http://z.test", host, ORIGIN_AREA_OWN, &vary) == NULL);
	config.cors_origins = saved;
}

/* A preflight's requested headers are echoed only when they are a list of names. */
static void test_headers(void)
{
	char big[1100];

	CHECK_STR(cors_allow_headers(NULL), CORS_HEADERS);
	CHECK_STR(cors_allow_headers(""), CORS_HEADERS);
	CHECK_STR(cors_allow_headers("authorization, x-stainless-os"),
	          "authorization, x-stainless-os");
	CHECK_STR(cors_allow_headers("x-a: (b)"), CORS_HEADERS);
	CHECK_STR(cors_allow_headers("a\r\nSet-Cookie: x"), CORS_HEADERS);
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CHECK_STR(cors_allow_headers(big), CORS_HEADERS);
}

const struct unit_test unit_cors[] = {
    {"cors: the allowed origin, by --cors-origin", test_origin},
    {"cors: a preflight's headers echoed only when plain names", test_headers},
    {NULL, NULL},
};
