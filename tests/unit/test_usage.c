#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "store.h"
#include "usage.h"

#define NOW 1767798000000LL

static int body(const char *src, enum usage_origin o, struct usage_row *u, struct apierr *e)
{
	json_t *b = json_loads(src, 0, NULL);
	int rc;

	apierr_init(e);
	if (b == NULL) {
		unit_fail(__FILE__, __LINE__, "bad test JSON: %s", src);
		return -2;
	}
	rc = usage_from_body(b, o, NOW, u, e);
	json_decref(b);
	return rc;
}

static void test_from_body(void)
{
	struct usage_row u;
	struct apierr e;

	CHECK_INT(body("{\"aggregation_type\":\"TAGS\",\"start_date\":\"2026-01-01T00:00:00Z\","
	               "\"end_date\":\"2026-01-02T00:00:00Z\",\"profiles\":\"p1, p2,\"}",
	               USAGE_V2, &u, &e),
	          0);
	CHECK_INT(u.aggregation, USAGE_TAGS);
	CHECK_STR(u.profiles, "[\"p1\",\"p2\"]");
	CHECK(u.end_ms - u.start_ms == 86400000LL);
	store_usage_release(&u);
	CHECK_INT(body("{\"aggregation_type\":\"DAILY\",\"start_date\":\"2026-01-01T00:00:00Z\","
	               "\"end_date\":\"2026-01-02T00:00:00Z\"}",
	               USAGE_V2, &u, &e),
	          -1);
	CHECK_STR(e.pointer, "/aggregation_type");
	store_usage_release(&u);
	CHECK_INT(body("{\"aggregation_type\":\"TAGS\",\"start_date\":\"2026-01-02T00:00:00Z\","
	               "\"end_date\":\"2026-01-01T00:00:00Z\"}",
	               USAGE_V2, &u, &e),
	          -1);
	CHECK_STR(e.pointer, "/end_date");
	store_usage_release(&u);
	/* Legacy: integers, the last day by default. */
	CHECK_INT(body("{\"aggregation_type\":1}", USAGE_LEGACY, &u, &e), 0);
	CHECK(u.end_ms == NOW && u.start_ms == NOW - USAGE_SYNC_DEFAULT_MS);
	CHECK_STR(u.profiles, "[]");
	store_usage_release(&u);
	CHECK_INT(body("{\"aggregation_type\":\"1\"}", USAGE_LEGACY, &u, &e), -1);
	CHECK_STR(e.pointer, "/aggregation_type");
	store_usage_release(&u);
	CHECK_INT(body("{\"aggregation_type\":0,\"profiles\":[\"\"]}", USAGE_LEGACY, &u, &e), -1);
	CHECK_STR(e.pointer, "/profiles/0");
	store_usage_release(&u);
}

static struct message msg(int inbound, int mms, const char *tags, const char *profile)
{
	struct message m;

	memset(&m, 0, sizeof m);
	m.direction = inbound ? DIR_INBOUND : DIR_OUTBOUND;
	m.mms = mms;
	m.tags = (char *)tags;
	m.profile_id = (char *)profile;
	m.parts = 2;
	m.send_at = m.delivered_at = m.cancelled_at = -1;
	return m;
}

static void test_sums(void)
{
	struct usage_sums s;
	struct lifecycle_state sent = {.sent_at = 1}, never = {.sent_at = -1};
	struct message a = msg(0, 0, "[\"x\",\"y\"]", "p1"), b = msg(0, 0, "[]", "p1"),
	               c = msg(1, 0, "[\"x\"]", "p2");

	usage_sums_init(&s, USAGE_TAGS);
	usage_add(&s, &a, &sent, MDR_DELIVERED);
	usage_add(&s, &b, &never, MDR_GW_TIMEOUT);
	usage_add(&s, &c, &never, MDR_RECEIVED);
	CHECK_INT(s.records, 3);
	CHECK_INT(s.n, 4); /* outbound x, y, ""; inbound x */
	CHECK_STR(s.g[0].key, "x");
	CHECK_INT(s.g[0].sent, 1);
	CHECK_INT(s.g[0].delivered, 1);
	CHECK_INT(s.g[0].parts, 2);
	CHECK_STR(s.g[2].key, "");
	CHECK_INT(s.g[2].sent, 0); /* never sent */
	CHECK_INT(s.g[3].received, 1);
	CHECK_INT(s.g[3].direction, DIR_INBOUND);
	usage_sums_release(&s);
	usage_sums_init(&s, USAGE_PROFILE);
	usage_add(&s, &a, &sent, MDR_DELIVERED);
	usage_add(&s, &b, &sent, MDR_FAILED);
	CHECK_INT(s.n, 1);
	CHECK_INT(s.g[0].parts, 4);
	CHECK_INT(s.g[0].sent, 2);
	CHECK_INT(s.g[0].delivered, 1);
	usage_sums_release(&s);
}

static void test_bound(void)
{
	struct usage_sums s;
	struct lifecycle_state sent = {.sent_at = 1};
	char key[32];

	usage_sums_init(&s, USAGE_PROFILE);
	for (int i = 0; i < USAGE_MAX_GROUPS + 5; i++) {
		struct message m = msg(0, 0, "[]", key);

		snprintf(key, sizeof key, "p%d", i);
		usage_add(&s, &m, &sent, MDR_DELIVERED);
	}
	CHECK_INT(s.n, USAGE_MAX_GROUPS + 1);
	CHECK_STR(s.g[USAGE_MAX_GROUPS].key, "(other)");
	CHECK_INT(s.g[USAGE_MAX_GROUPS].sent, 5);
	usage_sums_release(&s);
}

const struct unit_test unit_usage[] = {
    {"usage: both views' bodies, defaults and pointers", test_from_body},
    {"usage: groups by direction, type and key; tags count once each", test_sums},
    {"usage: at most USAGE_MAX_GROUPS groups, then (other)", test_bound},
    {NULL, NULL},
};
