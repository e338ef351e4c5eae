#include <string.h>

#include "profile.h"
#include "unit.h"

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

const struct unit_test unit_profile[] = {
    {"profile ids: printable, no spaces or slashes, at most 128", test_id_ok},
    {NULL, NULL},
};
