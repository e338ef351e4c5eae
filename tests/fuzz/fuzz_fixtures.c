/*
 * Fixture documents (server/fixtures.c) and the CSV writer (server/report_csv.c) over any
 * input: a document is accepted or refused with a reason, never a crash; and every message
 * a document's "messages" array validates into writes a CSV row whose fields are all
 * quoted, with quotes doubled, so the row always splits back into the header's columns.
 */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "fuzz.h"
#include "jsonin.h"
#include "message.h"
#include "report_csv.h"
#include "util.h"

#define NOW 1767798000000LL

/* The fields of one CSV row (every field quoted, CRLF at its end), or -1 when malformed. */
static int fields(const char *s, size_t n)
{
	size_t i = 0;
	int count = 0;

	for (;;) {
		if (i >= n || s[i++] != '"')
			return -1;
		for (;;) {
			if (i >= n)
				return -1;
			if (s[i] == '"' && i + 1 < n && s[i + 1] == '"') {
				i += 2;
				continue;
			}
			if (s[i++] == '"')
				break;
		}
		count++;
		if (i + 2 == n && s[i] == '\r' && s[i + 1] == '\n')
			return count;
		if (i >= n || s[i++] != ',')
			return -1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct apierr e;
	json_t *root, *msgs, *v;
	size_t i;

	fuzz_setup();
	if (fixtures_parse((const char *)data, size, "fuzz.json", NOW, err, sizeof err) != 0 &&
	    err[0] == '\0')
		abort(); /* a refusal always says why */
	fixtures_release();
	apierr_init(&e);
	root = jsonin_parse((const char *)data, size, &e);
	msgs = json_object_get(root, "messages");
	json_array_foreach(msgs, i, v)
	{
		struct message m;
		struct lifecycle_state st;
		struct buf b, h;

		apierr_init(&e);
		if (message_from_json(v, MESSAGE_FIXTURE, NOW, &m, &e) != 0)
			continue;
		message_state(&m, NOW + 86400000, &st);
		for (int body = 0; body <= 1; body++) {
			buf_init(&b);
			buf_init(&h);
			report_csv_header(&h, body);
			report_csv_row(&b, &m, &st, body);
			if (fields(b.data, b.len) != fields(h.data, h.len) ||
			    fields(b.data, b.len) < 0)
				abort();
			buf_release(&b);
			buf_release(&h);
		}
		message_release(&m);
	}
	json_decref(root);
	return 0;
}
