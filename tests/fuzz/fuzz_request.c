/*
 * Whole requests through the router, the gate and every handler, against an in-memory
 * store (docs/design.md §4).  An input is an HTTP request in text:
 *
 *   METHOD TARGET          (the target: a path, optionally ?query)
 *   Header: value          (Authorization, X-Api-Token, Content-Type, Host; others ignored)
 *   <blank line>
 *   body
 *
 * Whatever comes, the answer has a status from 100 to 599 and a JSON body or a stream that
 * ends within a bounded number of reads; a request that asks to wait is run again as if its
 * deadline passed and must then answer, and a deferred one is waited for and finished.  State
 * carries over from one input to the next, as on a server, so sequences reach deeper states.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "fixtures.h"
#include "fuzz.h"
#include "gate.h"
#include "ids.h"
#include "journal.h"
#include "log.h"
#include "req.h"
#include "sign.h"
#include "store.h"
#include "ticket.h"
#include "util.h"

/* A stream read this many times without ending is a hang. */
#define MAX_READS 100000
#define START     1767614400000LL /* 2026-01-05T12:00:00Z */

static void setup(void)
{
	static int done;
	char err[256], seed[SIGN_SEED_HEX_LEN + 1];
	unsigned char key[32] = {1, 2, 3};

	if (done)
		return;
	done = 1;
	fuzz_setup();
	log_set_level(LOG_ERROR);
	ids_init(1, 42);
	journal_init(100);
	clock_init(1, START, 1);
	if (store_open(":memory:", err, sizeof err) != 0 ||
	    fixtures_init("builtin", clock_now(), err, sizeof err) != 0 ||
	    fixtures_apply(STORE_SCOPE_FIXTURES, NULL) != STORE_OK || sign_init("fuzz", seed) != 0)
		abort();
	sign_download_key_set(key);
}

/* The next line of *p (without its CR LF), cut in place; NULL at the end. */
static char *line(char **p)
{
	char *s = *p, *nl;

	if (s == NULL)
		return NULL;
	nl = strchr(s, '\n');
	if (nl == NULL) {
		*p = NULL;
	} else {
		*nl = '\0';
		*p = nl + 1;
	}
	if (nl != NULL && nl > s && nl[-1] == '\r')
		nl[-1] = '\0';
	return s;
}

static void drain(struct res *rs)
{
	char buf[4096];
	long n = 1;

	for (int i = 0; n != 0 && n != -1; i++) {
		if (i == MAX_READS)
			abort(); /* a stream that never ends */
		n = rs->stream.read(rs->stream.state, buf, sizeof buf);
		if (n < -2 || n > (long)sizeof buf)
			abort();
	}
}

static void run(struct req *rq, struct res *rs)
{
	memset(rs, 0, sizeof *rs);
	if (!gate_begin(rq, rs)) {
		gate_finish(rq, rs);
		/* Asked to wait: run again as at its deadline, as the HTTP layer would. */
		for (int i = 0; rs->wait_ms > 0; i++) {
			if (i == 3)
				abort(); /* a handler must answer once its deadline passed */
			rq->wait_expired = 1;
			res_release(rs);
			memset(rs, 0, sizeof *rs);
			json_decref(rq->json);
			rq->json = NULL;
			gate_finish(rq, rs);
		}
		/* A deferred answer (a send, a tenant's reset): waited for, as with --threads 0. */
		if (rs->defer != NULL) {
			enum status (*finish)(struct req *, struct res *) = rs->finish;

			ticket_wait(rs->defer);
			res_release(rs);
			memset(rs, 0, sizeof *rs);
			gate_resume(rq, rs, finish);
		}
	}
	/* The body made final, as the HTTP layer does before it sends (an error's envelope). */
	gate_render(rs);
	if (rs->status < 100 || rs->status > 599)
		abort();
	if (rs->stream.read != NULL)
		drain(rs);
	else if (rs->json == NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *p, *first, *target, *q, *h;
	char method[16];
	struct req rq;
	struct res rs;

	setup();
	text = fuzz_string(data, size);
	p = text;
	first = line(&p);
	if (first == NULL || (target = strchr(first, ' ')) == NULL || target - first >= 16) {
		free(text);
		return 0;
	}
	memcpy(method, first, (size_t)(target - first));
	method[target - first] = '\0';
	target++;
	memset(&rq, 0, sizeof rq);
	rq.method = req_method_from_name(method);
	rq.content_length = -1;
	rq.port = 12111;
	q = strchr(target, '?');
	if (q != NULL)
		*q++ = '\0';
	rq.path = target;
	rq.query_string = q != NULL ? q : "";
	while ((h = line(&p)) != NULL && *h != '\0') {
		char *v = strchr(h, ':');

		if (v == NULL)
			continue;
		*v++ = '\0';
		while (*v == ' ')
			v++;
		if (strcasecmp(h, "authorization") == 0)
			rq.authorization = v;
		else if (strcasecmp(h, "x-api-token") == 0)
			rq.x_api_token = v;
		else if (strcasecmp(h, "content-type") == 0)
			rq.content_type = v;
		else if (strcasecmp(h, "host") == 0)
			rq.host = v;
	}
	rq.body = p != NULL ? p : "";
	rq.body_len = strlen(rq.body);
	rq.has_body = rq.body_len > 0;
	rq.content_length = p != NULL ? (long long)rq.body_len : -1;
	run(&rq, &rs);
	res_release(&rs);
	req_release(&rq);
	free(text);
	return 0;
}
