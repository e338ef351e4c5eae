#include "phone.h"
#include "unit.h"

static void test_classify(void)
{
	CHECK_INT(phone_classify("+18445550001"), PHONE_E164);
	CHECK_INT(phone_classify("+44123456"), PHONE_E164);            /* 8 digits */
	CHECK_INT(phone_classify("+123456789012345"), PHONE_E164);     /* 15 digits */
	CHECK_INT(phone_classify("+1234567"), PHONE_INVALID);          /* 7 digits */
	CHECK_INT(phone_classify("+1234567890123456"), PHONE_INVALID); /* 16 digits */
	CHECK_INT(phone_classify("+0123456789"), PHONE_INVALID);
	CHECK_INT(phone_classify("+1 844 555"), PHONE_INVALID);
	CHECK_INT(phone_classify("18445550001"), PHONE_INVALID);
	CHECK_INT(phone_classify("12345"), PHONE_SHORT_CODE);
	CHECK_INT(phone_classify("123456"), PHONE_SHORT_CODE);
	CHECK_INT(phone_classify("1234"), PHONE_INVALID);
	CHECK_INT(phone_classify("Telnyx"), PHONE_ALPHANUMERIC);
	CHECK_INT(phone_classify("My Shop 24"), PHONE_ALPHANUMERIC);
	CHECK_INT(phone_classify("ABCDEFGHIJK"), PHONE_ALPHANUMERIC);
	CHECK_INT(phone_classify("ABCDEFGHIJKL"), PHONE_INVALID);
	CHECK_INT(phone_classify(" Shop"), PHONE_INVALID);
	CHECK_INT(phone_classify("Sh@p"), PHONE_INVALID);
	CHECK_INT(phone_classify(""), PHONE_INVALID);
}

static void test_carrier_is_stable(void)
{
	const char *c1, *l1, *c2, *l2;

	phone_carrier("+18665550002", 0, &c1, &l1);
	phone_carrier("+18665550002", 0, &c2, &l2);
	CHECK_STR(c1, c2);
	CHECK_STR(l1, l2);
	CHECK(*c1 != '\0');
	phone_carrier("+18445550001", 1, &c1, &l1);
	CHECK_STR(c1, "TELNYX LLC");
	CHECK_STR(l1, "VoIP");
	phone_carrier("Telnyx", 1, &c1, &l1);
	CHECK_STR(c1, "");
	CHECK_STR(l1, "");
}

const struct unit_test unit_phone[] = {
    {"classify", test_classify},
    {"carrier_is_stable", test_carrier_is_stable},
    {NULL, NULL},
};
