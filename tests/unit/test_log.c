#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "unit.h"
#include "util.h"

/* Reads the pipe to its end into a buffer (the log thread's output). */
struct drain {
	int fd;
	struct buf got;
};

static void *drain_main(void *arg)
{
	struct drain *d = arg;
	char chunk[65536];
	ssize_t n;

	while ((n = read(d->fd, chunk, sizeof chunk)) > 0)
		buf_add(&d->got, chunk, (size_t)n);
	return NULL;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
		n++;
	return n;
}

/*
 * With the log thread, a request's line is queued and written by it; when stderr does not
 * keep up (a pipe nobody reads yet) the ring fills, the lines past it are dropped, and the
 * count is written once it catches up.  Nothing blocks the caller.
 */
static void test_ring_drops_and_counts(void)
{
	int fds[2], saved = dup(2);
	struct drain d = {0};
	pthread_t t;

	if (saved < 0 || pipe(fds) != 0) {
		unit_fail(__FILE__, __LINE__, "pipe");
		return;
	}
	fflush(stderr);
	dup2(fds[1], 2);
	close(fds[1]);
	log_request_setup(1, LOG_TEXT);
	CHECK_INT(log_start(), 0);
	/* 20,000 lines into a 4,096-line ring while nothing reads: most must be dropped. */
	for (int i = 0; i < 20000; i++)
		log_request(0, "GET", "/v2/messages/x", 200, 10, NULL);
	buf_init(&d.got);
	d.fd = fds[0];
	pthread_create(&t, NULL, drain_main, &d);
	log_stop();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	pthread_join(t, NULL);
	close(fds[0]);
	buf_addc(&d.got, '\0');
	{
		size_t lines = count(d.got.data, "GET /v2/messages/x 200");
		const char *w = strstr(d.got.data, "request log lines dropped");
		unsigned long long dropped = 0;

		CHECK(lines >= 4096 && lines < 20000);
		CHECK(w != NULL);
		/* Each report counts the lines dropped since the one before: add them all. */
		for (; w != NULL; w = strstr(w + 1, "request log lines dropped")) {
			const char *p = w;

			while (p > d.got.data && p[-1] != ' ')
				p--;
			while (p > d.got.data && p[-1] == ' ')
				p--;
			while (p > d.got.data && p[-1] >= '0' && p[-1] <= '9')
				p--;
			dropped += strtoull(p, NULL, 10);
		}
		/* Every line is written or counted. */
		CHECK_INT((long long)lines + (long long)dropped, 20000);
	}
	log_request_setup(1, LOG_TEXT);
	buf_release(&d.got);
}

const struct unit_test unit_log[] = {
    {"the request log's ring: lines past it are dropped and counted, never blocking",
     test_ring_drops_and_counts},
    {NULL, NULL},
};
