/*
 * baseline: the smallest libmicrohttpd server we can write, answering every
 * request with one constant JSON body of about 900 bytes (the size of a
 * message object).  bench/run.sh measures it in the same run as mdrmock, so
 * mdrmock's figures are read as ratios to what the HTTP library alone can
 * do on this machine.  Same daemon flags as mdrmock's http.c: the internal
 * epoll thread pool, one thread per CPU.
 *
 *   baseline PORT THREADS
 */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char body[] =
	"{\"data\":{\"record_type\":\"message\",\"id\":\"834f3d53-8a3c-4aa0-a733-7f2d682a72df\","
	"\"direction\":\"outbound\",\"type\":\"SMS\",\"messaging_profile_id\":null,"
	"\"organization_id\":\"a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d\",\"from\":{\"phone_number\":"
	"\"+18445550001\",\"carrier\":\"TELNYX LLC\",\"line_type\":\"VoIP\"},\"to\":[{\"phone_number\":"
	"\"+18665550002\",\"status\":\"delivered\",\"carrier\":\"T-MOBILE USA, INC.\",\"line_type\":"
	"\"Wireless\"}],\"cc\":[],\"text\":\"Hello, World!\",\"subject\":null,\"media\":[],"
	"\"webhook_url\":\"https://www.example.com/hooks\",\"webhook_failover_url\":"
	"\"https://www.example.com/callbacks\",\"encoding\":\"GSM-7\",\"parts\":1,\"tags\":[],"
	"\"cost\":{\"amount\":\"0.0040\",\"currency\":\"USD\"},\"received_at\":"
	"\"2019-01-23T18:10:02.574Z\",\"sent_at\":\"2019-01-23T18:10:03.574Z\",\"completed_at\":"
	"\"2019-01-23T18:10:05.574Z\",\"valid_until\":null,\"errors\":[]}}";

static struct MHD_Response *response;

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **state)
{
	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload;
	/* Like mdrmock: answer on the second call, after the headers (and any body). */
	if (*state == NULL) {
		*state = (void *)1;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		*upload_size = 0;
		return MHD_YES;
	}
	return MHD_queue_response(c, MHD_HTTP_OK, response);
}

int main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	sigset_t set;
	int sig;
	unsigned port = argc > 1 ? (unsigned)atoi(argv[1]) : 12112;
	unsigned threads = argc > 2 ? (unsigned)atoi(argv[2]) : 2;

	response = MHD_create_response_from_buffer(sizeof body - 1, (void *)body,
						   MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(response, "Content-Type", "application/json");
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC, (uint16_t)port, NULL,
			     NULL, handle, NULL, MHD_OPTION_THREAD_POOL_SIZE, threads,
			     MHD_OPTION_CONNECTION_LIMIT, 4096, MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "baseline: cannot listen on port %u\n", port);
		return 1;
	}
	port = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;
	printf("baseline listening on http://127.0.0.1:%u (%zu-byte body)\n", port, sizeof body - 1);
	fflush(stdout);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	MHD_destroy_response(response);
	return 0;
}
