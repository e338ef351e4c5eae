/*
 * sink: a fast local webhook receiver for bench/sharing.mjs: answers every
 * request 200 "ok" at once and counts them; GET /count answers the count so
 * far (that request not counted).  libmicrohttpd's epoll thread pool, like
 * bench/baseline.c, so the figure is mdrmock's, not a slow receiver's.
 *
 *   sink PORT THREADS   (PORT 0: any; the ready line names it)
 */
#include <microhttpd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct MHD_Response *ok;
static atomic_ulong served;

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **state)
{
	char text[32];
	struct MHD_Response *r;
	enum MHD_Result rc;

	(void)cls;
	(void)method;
	(void)version;
	(void)upload;
	if (*state == NULL) {
		*state = (void *)1;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (strcmp(url, "/count") != 0) {
		atomic_fetch_add(&served, 1);
		return MHD_queue_response(c, MHD_HTTP_OK, ok);
	}
	snprintf(text, sizeof text, "%lu", (unsigned long)atomic_load(&served));
	r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_COPY);
	rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

int main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	sigset_t set;
	int sig;
	unsigned port = argc > 1 ? (unsigned)atoi(argv[1]) : 0;
	unsigned threads = argc > 2 ? (unsigned)atoi(argv[2]) : 2;

	ok = MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC,
			     (uint16_t)port, NULL, NULL, handle, NULL, MHD_OPTION_THREAD_POOL_SIZE,
			     threads, MHD_OPTION_CONNECTION_LIMIT, 4096, MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "sink: cannot listen on port %u\n", port);
		return 1;
	}
	port = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;
	printf("sink listening on http://127.0.0.1:%u\n", port);
	fflush(stdout);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	MHD_destroy_response(ok);
	return 0;
}
