#include "ratelimit.h"
#include "unit.h"

static void test_counts_down_per_tenant(void)
{
	struct ratelimit r;

	ratelimit_clear();
	ratelimit_take("tenant-a", 2, &r);
	CHECK_INT(r.limit, 2);
	CHECK_INT(r.remaining, 1);
	CHECK(r.reset >= 1 && r.reset <= RATELIMIT_WINDOW_S);
	ratelimit_take("tenant-a", 2, &r);
	CHECK_INT(r.remaining, 0);
	ratelimit_take("tenant-a", 2, &r); /* reported, never below 0 */
	CHECK_INT(r.remaining, 0);
	ratelimit_take("tenant-b", 2, &r); /* another tenant's own window */
	CHECK_INT(r.remaining, 1);
	ratelimit_clear();
	ratelimit_take("tenant-a", 2, &r);
	CHECK_INT(r.remaining, 1);
	ratelimit_clear();
}

const struct unit_test unit_ratelimit[] = {
    {"counts down per tenant, never below 0; clear forgets", test_counts_down_per_tenant},
    {NULL, NULL},
};
