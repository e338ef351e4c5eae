#include "clock.h"
#include "unit.h"

#define START 1767614400000LL /* 2026-01-05T12:00:00Z */

static void test_frozen_start(void)
{
	struct clock_info ci;

	clock_init(1, START, 1);
	CHECK_INT(clock_now(), START);
	clock_info(&ci);
	CHECK_INT(ci.frozen, 1);
	CHECK_INT(ci.now, START);
}

static void test_advance_and_set(void)
{
	clock_init(1, START, 1);
	CHECK_INT(clock_advance(60000), 0);
	CHECK_INT(clock_now(), START + 60000);
	CHECK_INT(clock_advance(-1), -1);
	CHECK_INT(clock_now(), START + 60000);
	CHECK_INT(clock_set(START), -1); /* backwards */
	CHECK_INT(clock_now(), START + 60000);
	CHECK_INT(clock_set(START + 60000), 0);
	CHECK_INT(clock_set(START + 86400000), 0);
	CHECK_INT(clock_now(), START + 86400000);
}

static void test_reset_returns_to_start(void)
{
	clock_init(1, START, 1);
	clock_advance(5000);
	clock_freeze(0);
	clock_reset();
	CHECK_INT(clock_now(), START);
	CHECK_INT(clock_advance(0), 0);
}

static void test_unfreeze_continues_forward(void)
{
	int64_t before, after;

	clock_init(1, START, 1);
	clock_freeze(0);
	before = clock_now();
	CHECK(before >= START);
	after = clock_now();
	CHECK(after >= before);
	clock_freeze(1);
	before = clock_now();
	CHECK_INT(clock_now(), before);
}

/*
 * Freezing a running clock keeps the instant it had reached: it must not
 * snap back to the last rebase.  Deterministic: no bound on elapsed time,
 * only "not earlier than what was already read".
 */
static void test_freeze_keeps_the_time_reached(void)
{
	int64_t seen = START, frozen_at, deadline = clock_real_us() + 5000000;

	clock_init(0, START, 1000000); /* a real microsecond is a virtual second */
	while ((seen = clock_now()) <= START + 1000 && clock_real_us() < deadline)
		;
	CHECK(seen > START + 1000);
	clock_freeze(1);
	frozen_at = clock_now();
	CHECK(frozen_at >= seen);
	CHECK_INT(clock_now(), frozen_at);
	clock_init(1, START, 1);
}

static void test_real_clock_follows_wall_time(void)
{
	clock_init(0, CLOCK_START_NOW, 1);
	/* Some time after 2020 and before 2100: it reads the system clock. */
	CHECK(clock_now() > 1577836800000LL);
	CHECK(clock_now() < 4102444800000LL);
}

const struct unit_test unit_clock[] = {
    {"frozen_start", test_frozen_start},
    {"advance_and_set", test_advance_and_set},
    {"reset_returns_to_start", test_reset_returns_to_start},
    {"unfreeze_continues_forward", test_unfreeze_continues_forward},
    {"freeze keeps the time reached", test_freeze_keeps_the_time_reached},
    {"real_clock_follows_wall_time", test_real_clock_follows_wall_time},
    {NULL, NULL},
};
