#include "notify.h"
#include "unit.h"

/* A waiter wakes only for news its filter takes (docs/behaviour.md §6.1). */
static void test_match(void)
{
	struct notify_event msg = {
	    .kind = NOTIFY_MESSAGE, .tenant = "k1", .to = "+18665550002", .from = "+18445550001"};
	struct notify_event att = {.kind = NOTIFY_ATTEMPT,
	                           .tenant = NULL,
	                           .message_id = "m1",
	                           .event_type = "message.sent",
	                           .url = "http://h/x"};
	struct notify_filter f = {.kinds = NOTIFY_MESSAGE, .to = "+18665550002"};

	CHECK(notify_match(&f, &msg));
	CHECK(!notify_match(&f, &att)); /* another kind */
	f.tenant = "k1";
	CHECK(notify_match(&f, &msg));
	f.tenant = "k2";
	CHECK(!notify_match(&f, &msg));
	f.tenant = NULL;
	f.to = "+18665550003";
	CHECK(!notify_match(&f, &msg));
	/* Attempts: by message, type, URL; a tenant filter never takes a global record. */
	f = (struct notify_filter){.kinds = NOTIFY_ATTEMPT, .message_id = "m1"};
	CHECK(notify_match(&f, &att));
	f.event_type = "message.finalized";
	CHECK(!notify_match(&f, &att));
	f.event_type = "message.sent";
	f.url = "http://h/x";
	CHECK(notify_match(&f, &att));
	f.tenant = "k1";
	CHECK(!notify_match(&f, &att));
	/* No kinds: nothing wakes it (a delayed fault waits for its deadline). */
	f = (struct notify_filter){.kinds = 0};
	CHECK(!notify_match(&f, &msg));
	f.kinds = NOTIFY_MESSAGE | NOTIFY_ATTEMPT;
	CHECK(notify_match(&f, &msg) && notify_match(&f, &att));
}

const struct unit_test unit_notify[] = {
    {"notify: a filter takes only matching news", test_match},
    {NULL, NULL},
};
