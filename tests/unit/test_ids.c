#include "ids.h"
#include "unit.h"

static void test_uuid_shape(void)
{
	char id[IDS_UUID_LEN + 1];

	ids_init(0, 0);
	for (int i = 0; i < 100; i++) {
		ids_uuid(id);
		CHECK(ids_is_uuid(id));
		CHECK_INT(id[14], '4');
		CHECK(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
	}
}

static void test_seeded_is_reproducible(void)
{
	char a[IDS_UUID_LEN + 1], b[IDS_UUID_LEN + 1], c[IDS_UUID_LEN + 1];

	ids_init(1, 42);
	ids_uuid(a);
	ids_uuid(b);
	CHECK(strcmp(a, b) != 0);
	ids_restart();
	ids_uuid(c);
	CHECK_STR(c, a);
	ids_init(1, 42);
	ids_uuid(c);
	CHECK_STR(c, a);
	/* Skipping ahead gives the same sequence as drawing. */
	ids_init(1, 42);
	ids_skip(2);
	ids_uuid(c);
	CHECK_STR(c, b);
	CHECK_INT(ids_drawn(), 4);
	ids_init(1, 43);
	ids_uuid(c);
	CHECK(strcmp(c, a) != 0);
}

static void test_from_name(void)
{
	char a[IDS_UUID_LEN + 1], b[IDS_UUID_LEN + 1];

	ids_uuid_from_name("tenant-1", a);
	ids_uuid_from_name("tenant-1", b);
	CHECK_STR(a, b);
	CHECK(ids_is_uuid(a));
	ids_uuid_from_name("tenant-2", b);
	CHECK(strcmp(a, b) != 0);
}

static void test_is_uuid(void)
{
	CHECK(ids_is_uuid("834f3d53-8a3c-4aa0-a733-7f2d682a72df"));
	CHECK(ids_is_uuid("834F3D53-8A3C-4AA0-A733-7F2D682A72DF"));
	CHECK(!ids_is_uuid("834f3d53-8a3c-4aa0-a733-7f2d682a72d"));
	CHECK(!ids_is_uuid("834f3d53-8a3c-4aa0-a733-7f2d682a72dff"));
	CHECK(!ids_is_uuid("834f3d538a3c-4aa0-a733-7f2d682a72df0"));
	CHECK(!ids_is_uuid("g34f3d53-8a3c-4aa0-a733-7f2d682a72df"));
	CHECK(!ids_is_uuid(""));
}

static void test_normalize(void)
{
	char out[IDS_UUID_LEN + 1];

	CHECK_INT(ids_normalize("834F3D53-8A3C-4AA0-A733-7F2D682A72DF", out), 0);
	CHECK_STR(out, "834f3d53-8a3c-4aa0-a733-7f2d682a72df");
	CHECK_INT(ids_normalize("834f3d53-8a3c-4aa0-a733-7f2d682a72df", out), 0);
	CHECK_STR(out, "834f3d53-8a3c-4aa0-a733-7f2d682a72df");
	CHECK_INT(ids_normalize("834f3d53-8a3c-4aa0-a733-7f2d682a72dg", out), -1);
	CHECK_INT(ids_normalize("", out), -1);
}

const struct unit_test unit_ids[] = {
    {"normalize", test_normalize},
    {"uuid_shape", test_uuid_shape},
    {"seeded_is_reproducible", test_seeded_is_reproducible},
    {"from_name", test_from_name},
    {"is_uuid", test_is_uuid},
    {NULL, NULL},
};
