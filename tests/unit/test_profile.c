#include <string.h>

#include <stdlib.h>

#include "ids.h"
#include "profile.h"
#include "unit.h"
#include "util.h"

static void test_id_ok(void)
{
	char long_id[PROFILE_MAX_ID + 2];

	CHECK(profile_id_ok("fx-prof"));
	CHECK(profile_id_ok("16fd2706-8baf-433b-82eb-8c7fada847da"));
	CHECK(!profile_id_ok(""));
	CHECK(!profile_id_ok("a/b"));
	CHECK(!profile_id_ok("a b"));
	CHECK(!profile_id_ok("tab\there"));
	CHECK(!profile_id_ok("del\x7f"));
	memset(long_id, 'p', sizeof long_id - 1);
	long_id[sizeof long_id - 1] = '\0';
	CHECK(!profile_id_ok(long_id)); /* PROFILE_MAX_ID + 1 characters */
	long_id[PROFILE_MAX_ID] = '\0';
	CHECK(profile_id_ok(long_id));
}

static json_t *parse(const char *src)
{
	json_t *v = json_loads(src, 0, NULL);

	if (v == NULL)
		unit_fail(__FILE__, __LINE__, "bad test JSON: %s", src);
	return v;
}

static int create(const char *src, struct profile *p, struct apierr *e)
{
	json_t *body = parse(src);
	int rc;

	apierr_init(e);
	rc = profile_create(body, "t1", 1000, p, e);
	json_decref(body);
	return rc;
}

static void test_create(void)
{
	struct profile p;
	struct apierr e;
	json_t *settings;

	CHECK_INT(create("{\"name\":\"Shop\",\"whitelisted_destinations\":[\"US\",\"*\"],"
	                 "\"webhook_url\":\"https://x.example/h\"}",
	                 &p, &e),
	          0);
	CHECK_STR(p.name, "Shop");
	CHECK_STR(p.tenant, "t1");
	CHECK_STR(p.webhook_url, "https://x.example/h");
	CHECK(p.webhook_failover_url == NULL);
	CHECK(ids_is_uuid(p.id));
	CHECK_INT(p.created_at, 1000);
	settings = parse(p.settings);
	CHECK(json_is_true(json_object_get(settings, "enabled")));
	CHECK_STR(json_string_value(json_object_get(settings, "webhook_api_version")), "2");
	CHECK(json_is_null(json_object_get(settings, "number_pool_settings")));
	CHECK_INT(json_array_size(json_object_get(settings, "whitelisted_destinations")), 2);
	CHECK_INT(strlen(json_string_value(json_object_get(settings, "v1_secret"))), 32);
	json_decref(settings);
	profile_release(&p);

	CHECK_INT(create("{\"whitelisted_destinations\":[]}", &p, &e), -1);
	CHECK_INT(e.kind, APIERR_MISSING);
	CHECK_STR(e.pointer, "/name");
	CHECK_INT(create("{\"name\":\"x\"}", &p, &e), -1);
	CHECK_STR(e.pointer, "/whitelisted_destinations");
	CHECK_INT(create("{\"name\":\"x\",\"whitelisted_destinations\":[\"USA\"]}", &p, &e), -1);
	CHECK_STR(e.pointer, "/whitelisted_destinations/0");
	CHECK_INT(
	    create("{\"name\":\"x\",\"whitelisted_destinations\":[],"
	           "\"number_pool_settings\":{\"long_code_weight\":1,\"toll_free_weight\":1}}",
	           &p, &e),
	    -1);
	CHECK_INT(e.kind, APIERR_MISSING);
	CHECK_STR(e.pointer, "/number_pool_settings/skip_unhealthy");
	CHECK_INT(
	    create("{\"name\":\"x\",\"whitelisted_destinations\":[],\"daily_spend_limit\":\"1.\"}",
	           &p, &e),
	    -1);
	CHECK_STR(e.pointer, "/daily_spend_limit");
	CHECK_INT(create("{\"name\":\"x\",\"whitelisted_destinations\":[],\"redaction_level\":1.5}",
	                 &p, &e),
	          -1);
	CHECK_STR(e.pointer, "/redaction_level");
}

static void test_update(void)
{
	struct profile p;
	struct apierr e;
	json_t *body;
	char *before;

	CHECK_INT(create("{\"name\":\"a\",\"whitelisted_destinations\":[\"US\"],"
	                 "\"webhook_url\":\"https://x.example/h\"}",
	                 &p, &e),
	          0);
	before = xstrdup(p.settings);
	/* A bad field anywhere: nothing changes, not even the good ones before it. */
	body = parse("{\"name\":\"b\",\"mobile_only\":1}");
	CHECK_INT(profile_update(body, PROFILE_UPDATE, 2000, &p, &e), -1);
	CHECK_STR(e.pointer, "/mobile_only");
	CHECK_STR(p.name, "a");
	CHECK_STR(p.settings, before);
	CHECK_INT(p.updated_at, 1000);
	json_decref(body);
	/* "" clears a URL; named fields change, the rest stay. */
	body = parse("{\"name\":\"b\",\"webhook_url\":\"\",\"mobile_only\":true,"
	             "\"connection_id\":\"c\"}");
	CHECK_INT(profile_update(body, PROFILE_UPDATE, 2000, &p, &e), 0);
	CHECK_STR(p.name, "b");
	CHECK(p.webhook_url == NULL);
	CHECK(p.connection_id == NULL); /* the control API's field only */
	CHECK(strstr(p.settings, "\"mobile_only\":true") != NULL);
	CHECK(strstr(p.settings, "\"whitelisted_destinations\":[\"US\"]") != NULL);
	CHECK_INT(p.updated_at, 2000);
	json_decref(body);
	body = parse("{\"connection_id\":\"c\"}");
	CHECK_INT(profile_update(body, PROFILE_MOCK, 3000, &p, &e), 0);
	CHECK_STR(p.connection_id, "c");
	json_decref(body);
	free(before);
	profile_release(&p);
}

static void test_default_and_numbers(void)
{
	char a[IDS_UUID_LEN + 1], b[IDS_UUID_LEN + 1], c[IDS_UUID_LEN + 1];
	char n1[NUMBER_ID_LEN + 1], n2[NUMBER_ID_LEN + 1], n3[NUMBER_ID_LEN + 1];
	struct profile p;

	profile_default_id("t1", a);
	profile_default_id("t1", b);
	profile_default_id("t2", c);
	CHECK_STR(a, b);
	CHECK(strcmp(a, c) != 0);
	CHECK(ids_is_uuid(a));
	profile_default("t1", 5, &p);
	CHECK_STR(p.id, a);
	CHECK_STR(p.name, "Default");
	profile_release(&p);

	profile_number_id("t1", "+13125550101", n1);
	profile_number_id("t1", "+13125550101", n2);
	profile_number_id("t2", "+13125550101", n3);
	CHECK_STR(n1, n2);
	CHECK(strcmp(n1, n3) != 0);
	CHECK(strlen(n1) >= 18 && n1[0] != '0');
	CHECK_STR(profile_number_type("+18005550101"), "tollfree");
	CHECK_STR(profile_number_type("+18885550101"), "tollfree");
	CHECK_STR(profile_number_type("+18015550101"), "longcode");
	CHECK_STR(profile_number_type("+448005550101"), "longcode");
	CHECK_STR(profile_number_type("12345"), "shortcode");
}

static void pool_profile(struct profile *p, const char *settings)
{
	memset(p, 0, sizeof *p);
	p->settings = xasprintf("{\"number_pool_settings\":%s}", settings);
}

static void test_pool_pick(void)
{
	char *pool[] = {"+13125550101", "+13125550102", "+18005550103"};
	struct profile p;

	pool_profile(&p, "null");
	CHECK(!profile_pool_enabled(&p));
	CHECK_INT(profile_pool_pick(&p, pool, 3, NULL, NULL), -1);
	profile_release(&p);

	pool_profile(&p,
	             "{\"long_code_weight\":1,\"toll_free_weight\":1,\"skip_unhealthy\":false}");
	CHECK(profile_pool_enabled(&p));
	CHECK_INT(profile_pool_pick(&p, pool, 3, NULL, NULL), 0);
	CHECK_INT(profile_pool_pick(&p, pool, 3, NULL, pool[0]), 1);
	CHECK_INT(profile_pool_pick(&p, pool, 3, NULL, pool[2]), 0);    /* wraps */
	CHECK_INT(profile_pool_pick(&p, pool, 3, pool[2], pool[0]), 1); /* not sticky */
	CHECK_INT(profile_pool_pick(&p, pool, 3, NULL, "+19999999999"), 0);
	CHECK_INT(profile_pool_pick(&p, pool, 0, NULL, NULL), -1);
	profile_release(&p);

	pool_profile(&p, "{\"long_code_weight\":1,\"toll_free_weight\":0,\"skip_unhealthy\":false,"
	                 "\"sticky_sender\":true}");
	CHECK_INT(profile_pool_pick(&p, pool, 3, pool[1], pool[0]), 1); /* sticky */
	CHECK_INT(profile_pool_pick(&p, pool, 3, pool[2], pool[1]), 0); /* toll-free left out */
	CHECK_INT(profile_pool_pick(&p, pool + 2, 1, NULL, NULL), -1);  /* only toll-free */
	profile_release(&p);

	pool_profile(&p,
	             "{\"long_code_weight\":0,\"toll_free_weight\":2,\"skip_unhealthy\":false}");
	CHECK_INT(profile_pool_pick(&p, pool, 3, NULL, NULL), 2);
	profile_release(&p);
}

const struct unit_test unit_profile[] = {
    {"profile ids: printable, no spaces or slashes, at most 128", test_id_ok},
    {"profile create: Telnyx's defaults, required fields, typed pointers", test_create},
    {"profile update: named fields only, nothing on error", test_update},
    {"default profile and number ids: pure functions of the tenant", test_default_and_numbers},
    {"number pool: round, sticky, weights", test_pool_pick},
    {NULL, NULL},
};
