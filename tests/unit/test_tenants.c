#include <sodium.h>

#include "tenants.h"
#include "unit.h"

/* docs/behaviour.md §6.1: "t_" and 64 bits of an HMAC-SHA256 of the key, keyed. */
static void test_hash(void)
{
	unsigned char k1[32], k2[32], mac[crypto_auth_hmacsha256_BYTES];
	char a[TENANTS_HASH_LEN + 1], b[TENANTS_HASH_LEN + 1], want[TENANTS_HASH_LEN + 1];

	memset(k1, 1, sizeof k1);
	memset(k2, 2, sizeof k2);
	tenants_set_key(k1, sizeof k1);
	tenants_hash("keyA", a);
	CHECK_INT(strlen(a), 18);
	CHECK(strncmp(a, "t_", 2) == 0 && strspn(a + 2, "0123456789abcdef") == 16);
	/* The first 8 bytes of the HMAC, in hex. */
	crypto_auth_hmacsha256(mac, (const unsigned char *)"keyA", 4, k1);
	strcpy(want, "t_");
	for (int i = 0; i < 8; i++)
		snprintf(want + 2 + 2 * i, 3, "%02x", mac[i]);
	CHECK_STR(a, want);
	/* Stable for one key; the unkeyed FNV labels of keyA and keyB differed in one digit. */
	CHECK_STR(tenants_hash("keyA", b), a);
	tenants_hash("keyB", b);
	CHECK(strcmp(a, b) != 0);
	CHECK(strncmp(a + 2, b + 2, 6) != 0 || strncmp(a + 10, b + 10, 8) != 0);
	/* Another database's key shows the same tenant otherwise. */
	tenants_set_key(k2, sizeof k2);
	tenants_hash("keyA", b);
	CHECK(strcmp(a, b) != 0);
	/* A label goes before the hash. */
	tenants_clear();
	CHECK_INT(tenants_label_set("keyA", "suite-a"), 0);
	{
		char shown[TENANTS_SHOW_LEN + 1];

		tenants_show("keyA", shown);
		CHECK_INT(strncmp(shown, "suite-a:t_", 10), 0);
		CHECK_STR(shown + 8, b);
	}
	tenants_clear();
	memset(k1, 0, sizeof k1);
	tenants_set_key(k1, sizeof k1);
}

const struct unit_test unit_tenants[] = {
    {"tenants: labels are a keyed HMAC, 64 bits shown", test_hash},
    {NULL, NULL},
};
