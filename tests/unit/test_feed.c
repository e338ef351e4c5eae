#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "unit.h"

/* The text of the events after `after` for tenant, and the id reached. */
static char *read_all(uint64_t after, const char *tenant, uint64_t *seen, uint64_t *missed)
{
	struct buf b;
	size_t n;

	buf_init(&b);
	*seen = feed_read(after, tenant, &b, 1u << 30, missed);
	buf_addc(&b, '\0');
	return buf_detach(&b, &n);
}

/* docs/inspector.md §2: numbered in order, as SSE text, filtered by tenant. */
static void test_order(void)
{
	uint64_t base, seen, missed;
	char *t, want[256];

	feed_clear();
	base = feed_last();
	feed_publish("message.created", "k1", "{\"a\":1}");
	feed_publish("clock", NULL, "{\"b\":2}");
	feed_publish("message.created", "k2", "{\"c\":3}");
	CHECK_INT(feed_last(), base + 3);
	t = read_all(base, NULL, &seen, &missed);
	snprintf(want, sizeof want,
	         "id: %llu\nevent: message.created\ndata: {\"a\":1}\n\n"
	         "id: %llu\nevent: clock\ndata: {\"b\":2}\n\n"
	         "id: %llu\nevent: message.created\ndata: {\"c\":3}\n\n",
	         (unsigned long long)base + 1, (unsigned long long)base + 2,
	         (unsigned long long)base + 3);
	CHECK_STR(t, want);
	CHECK_INT(seen, base + 3);
	CHECK_INT(missed, 0);
	free(t);
	/* k1 sees its own and everyone's; the id reached moves past k2's too. */
	t = read_all(base, "k1", &seen, &missed);
	CHECK(strstr(t, "{\"a\":1}") != NULL && strstr(t, "{\"b\":2}") != NULL);
	CHECK(strstr(t, "{\"c\":3}") == NULL);
	CHECK_INT(seen, base + 3);
	free(t);
	/* After the last: nothing, and the place stays. */
	t = read_all(base + 3, NULL, &seen, &missed);
	CHECK_STR(t, "");
	CHECK_INT(seen, base + 3);
	free(t);
	/* Data that is not one line of JSON, or too large, is replaced. */
	feed_publish("x", NULL, "{\"a\":\n1}");
	t = read_all(base + 3, NULL, &seen, &missed);
	CHECK(strstr(t, "data: {\"truncated\":true}\n\n") != NULL);
	free(t);
}

/* The ring keeps FEED_MAX_EVENTS; a reader left behind learns how many it missed. */
static void test_ring(void)
{
	uint64_t base, seen, missed;
	struct buf b;
	char *t;

	feed_clear();
	base = feed_last();
	for (int i = 0; i < FEED_MAX_EVENTS + 10; i++)
		feed_publish("e", NULL, "{}");
	t = read_all(base, NULL, &seen, &missed);
	CHECK_INT(missed, 10);
	CHECK_INT(seen, base + FEED_MAX_EVENTS + 10);
	/* First the resync, then the oldest event kept. */
	CHECK(strncmp(t, "event: resync\ndata: {\"missed\":10}\n\nid: ", 39) == 0);
	CHECK(strtoull(t + 39, NULL, 10) == base + 11);
	free(t);
	/* A read stops once it holds more than max bytes, at a whole event. */
	buf_init(&b);
	seen = feed_read(base + 10, NULL, &b, 1, &missed);
	CHECK_INT(seen, base + 11);
	CHECK(b.len > 0 && b.data[b.len - 1] == '\n' && b.data[b.len - 2] == '\n');
	buf_release(&b);
	feed_clear();
	t = read_all(base, NULL, &seen, &missed);
	CHECK_INT(missed, FEED_MAX_EVENTS + 10);
	free(t);
}

const struct unit_test unit_feed[] = {
    {"feed: events in order, as SSE text, by tenant", test_order},
    {"feed: a bounded ring; what a reader missed", test_ring},
    {NULL, NULL},
};
