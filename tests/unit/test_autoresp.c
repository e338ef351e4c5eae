#include <string.h>

#include "autoresp.h"
#include "unit.h"

static int parse(const char *src, struct autoresp *a, struct apierr *e)
{
	json_t *body = json_loads(src, 0, NULL);
	int rc;

	apierr_init(e);
	if (body == NULL) {
		unit_fail(__FILE__, __LINE__, "bad test JSON: %s", src);
		return -2;
	}
	rc = autoresp_from_json(body, a, e);
	json_decref(body);
	return rc;
}

static void test_from_json(void)
{
	struct autoresp a;
	struct apierr e;

	memset(&a, 0, sizeof a);
	CHECK_INT(parse("{\"op\":\"stop\",\"keywords\":[\"halt\",\"Fin\"],\"country_code\":\"US\","
	                "\"resp_text\":\"bye\"}",
	                &a, &e),
	          0);
	CHECK_INT(a.op, AUTORESP_STOP);
	CHECK_STR(a.keywords, "[\"HALT\",\"FIN\"]");
	CHECK_STR(a.country_code, "US");
	CHECK_STR(a.resp_text, "bye");
	/* A failed parse leaves the setting as it was. */
	CHECK_INT(parse("{\"op\":\"info\",\"keywords\":[\"\"],\"country_code\":\"*\"}", &a, &e),
	          -1);
	CHECK_STR(e.pointer, "/keywords/0");
	CHECK_INT(a.op, AUTORESP_STOP);
	CHECK_STR(a.resp_text, "bye");
	CHECK_INT(
	    parse(
	        "{\"op\":\"info\",\"keywords\":[\"x\"],\"country_code\":\"*\",\"resp_text\":\"\"}",
	        &a, &e),
	    0);
	CHECK(a.resp_text == NULL);
	CHECK_INT(parse("{\"keywords\":[\"x\"],\"country_code\":\"*\"}", &a, &e), -1);
	CHECK_INT(e.kind, APIERR_MISSING);
	CHECK_STR(e.pointer, "/op");
	CHECK_INT(parse("{\"op\":\"later\",\"keywords\":[\"x\"],\"country_code\":\"*\"}", &a, &e),
	          -1);
	CHECK_STR(e.pointer, "/op");
	CHECK_INT(parse("{\"op\":\"info\",\"keywords\":[\"x\"],\"country_code\":\"us\"}", &a, &e),
	          -1);
	CHECK_STR(e.pointer, "/country_code");
	CHECK_INT(parse("{\"op\":\"info\",\"keywords\":[],\"country_code\":\"US\"}", &a, &e), -1);
	CHECK_STR(e.pointer, "/keywords");
	CHECK_INT(parse("{\"op\":\"info\",\"keywords\":[1],\"country_code\":\"US\"}", &a, &e), -1);
	CHECK_STR(e.pointer, "/keywords/0");
	autoresp_release(&a);
}

static void test_matches(void)
{
	struct autoresp a;

	memset(&a, 0, sizeof a);
	a.keywords = "[\"HALT\",\"FIN\"]";
	a.country_code = "US";
	CHECK(autoresp_matches(&a, "halt", "+13125550100"));
	CHECK(autoresp_matches(&a, "  Fin\n", "+13125550100"));
	CHECK(!autoresp_matches(&a, "halt now", "+13125550100"));
	CHECK(!autoresp_matches(&a, "hal", "+13125550100"));
	CHECK(!autoresp_matches(&a, "halt", "+447700900123")); /* a GB sender */
	a.country_code = "GB";
	CHECK(autoresp_matches(&a, "halt", "+447700900123"));
	a.country_code = "*";
	CHECK(autoresp_matches(&a, "HALT", "+819012345678"));
}

const struct unit_test unit_autoresp[] = {
    {"autoresp: a body into a setting, keywords in capitals, nothing on error", test_from_json},
    {"autoresp: whole-text keywords, by the sender's country", test_matches},
    {NULL, NULL},
};
