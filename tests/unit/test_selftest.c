/* The harness itself: a test that checks nothing must not pass. */
#include "unit.h"

static void checks_nothing(void)
{
}

static void checks_once(void)
{
	CHECK(1 + 1 == 2);
}

static void test_empty_test_fails(void)
{
	CHECK_INT(unit_outcome(checks_nothing), 0);
	CHECK_INT(unit_outcome(checks_once), 1);
}

const struct unit_test unit_selftest[] = {
    {"a test with no checks fails", test_empty_test_fails},
    {NULL, NULL},
};
