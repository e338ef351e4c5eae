#include "config.h"
#include "cors.h"
#include "unit.h"

/* docs/behaviour.md §6.5: which origin an answer allows. */
static void test_origin(void)
{
	char *list[] = {"http://a.test", "http://b.test"};
	char *none[] = {"none"};
	char *any[] = {"http://a.test", "*"};
	struct strlist saved = config.cors_origins;
	int vary = 7;

	config.cors_origins = (struct strlist){NULL, 0};
	CHECK(cors_allow_origin(NULL, &vary) == NULL && vary == 0); /* not a browser */
	CHECK_STR(cors_allow_origin("http://x.test", &vary), "*");
	CHECK_INT(vary, 0);
	config.cors_origins = (struct strlist){list, 2};
	CHECK_STR(cors_allow_origin("http://b.test", &vary), "http://b.test");
	CHECK_INT(vary, 1);
	CHECK(cors_allow_origin("http://c.test", &vary) == NULL);
	CHECK_INT(vary, 1);
	CHECK(cors_allow_origin("http://a.test.evil", &vary) == NULL);
	config.cors_origins = (struct strlist){none, 1};
	CHECK(cors_allow_origin("http://a.test", &vary) == NULL);
	CHECK_INT(vary, 0);
	config.cors_origins = (struct strlist){any, 2};
	CHECK_STR(cors_allow_origin("http://z.test", &vary), "*");
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
