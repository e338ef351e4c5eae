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

/* A reader left behind learns how many it missed; one too far behind skips its backlog. */
static void test_ring(void)
{
	uint64_t base, last, seen, missed;
	struct buf b;
	char *t;

	feed_clear();
	base = feed_last();
	for (int i = 0; i < FEED_MAX_EVENTS + 10; i++)
		feed_publish("e", NULL, "{}");
	last = feed_last();
	CHECK(last == base + FEED_MAX_EVENTS + 10);
	/* Far behind (and past the ring): the resync alone, and the place moves to the newest. */
	t = read_all(base, NULL, &seen, &missed);
	CHECK_INT(missed, FEED_MAX_EVENTS + 10);
	CHECK(seen == last);
	CHECK_STR(t, "event: resync\ndata: {\"missed\":4106}\n\n");
	free(t);
	/* FEED_MAX_LAG behind: every event, no resync; one more: the resync alone. */
	t = read_all(last - FEED_MAX_LAG, NULL, &seen, &missed);
	CHECK_INT(missed, 0);
	CHECK(seen == last);
	CHECK(strncmp(t, "id: ", 4) == 0 && strtoull(t + 4, NULL, 10) == last - FEED_MAX_LAG + 1);
	free(t);
	t = read_all(last - FEED_MAX_LAG - 1, NULL, &seen, &missed);
	CHECK_INT(missed, FEED_MAX_LAG + 1);
	CHECK(seen == last);
	CHECK(strstr(t, "id: ") == NULL);
	free(t);
	/* A read stops once it holds more than max bytes, at a whole event. */
	buf_init(&b);
	seen = feed_read(last - 20, NULL, &b, 1, &missed);
	CHECK(seen == last - 19);
	CHECK(b.len > 0 && b.data[b.len - 1] == '\n' && b.data[b.len - 2] == '\n');
	buf_release(&b);
	/* The ring dropped what a near reader had not read (feed_clear() here): it learns how
	 * many, then reads on. */
	feed_clear();
	feed_publish("e", NULL, "{}");
	t = read_all(last - 5, NULL, &seen, &missed);
	CHECK_INT(missed, 5);
	CHECK(strncmp(t, "event: resync\ndata: {\"missed\":5}\n\nid: ", 38) == 0);
	free(t);
	feed_clear();
}

/* At most cap readers at once; one that leaves makes room. */
static void test_join(void)
{
	int before = feed_readers();

	CHECK_INT(feed_join(before + 2), 1);
	CHECK_INT(feed_join(before + 2), 1);
	CHECK_INT(feed_join(before + 2), 0);
	CHECK_INT(feed_readers(), before + 2);
	CHECK(feed_watched());
	feed_leave();
	CHECK_INT(feed_join(before + 2), 1);
	feed_leave();
	feed_leave();
	CHECK_INT(feed_readers(), before);
}

const struct unit_test unit_feed[] = {
    {"feed: events in order, as SSE text, by tenant", test_order},
    {"feed: a bounded ring; what a reader missed; a reader too far behind skips", test_ring},
    {"feed: at most cap readers at once", test_join},
    {NULL, NULL},
};
