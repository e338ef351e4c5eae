#include "healthcheck.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "curlrt.h"
#include "util.h"
#include "version.h"

/* The health answer is a few bytes; more is kept no further. */
#define MAX_HEALTH_BODY 4096

static size_t collect(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	if (b->len < MAX_HEALTH_BODY)
		buf_add(b, p, size * n);
	return size * n;
}

/*
 * What --ready-file says (docs/behaviour.md §7): the URL the server listens on,
 * http://HOST:PORT (an IPv6 host in brackets), into host and *port, then its
 * admin token when it has one.  0, or -1 when there is no such file yet (not
 * ready) or it says something else.
 */
static int read_ready_file(const char *path, char *host, size_t hostlen, unsigned *port,
                           char *token, size_t toklen)
{
	char line[300], *h, *colon;
	unsigned long long p;
	FILE *f = fopen(path, "r");
	int ok;

	if (f == NULL)
		return -1;
	token[0] = '\0';
	ok = fgets(line, (int)sizeof line, f) != NULL;
	if (ok && fgets(token, (int)toklen, f) == NULL)
		token[0] = '\0';
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	token[strcspn(token, "\r\n")] = '\0';
	if (!ok || strncmp(line, "http://", 7) != 0 || (colon = strrchr(line, ':')) == NULL ||
	    parse_uint(colon + 1, 65535, &p) != 0)
		return -1;
	*colon = '\0';
	h = line + 7;
	if (*h == '[' && colon[-1] == ']') {
		h++;
		colon[-1] = '\0';
	}
	snprintf(host, hostlen, "%s", h);
	*port = (unsigned)p;
	return 0;
}

int healthcheck_run(void)
{
	const char *host = config.host, *token = config.admin_token;
	char url[300], auth[1100], filed_host[300], filed[1024];
	unsigned port = config.port;
	struct curl_slist *h = NULL;
	struct buf body;
	long code = 0;
	const struct curlrt *cu;
	char why[256];
	CURLcode rc;
	CURL *c;
	int ok;

	/* The address the server really took, whatever flags it was given (a container's). */
	if (config.ready_file != NULL) {
		if (read_ready_file(config.ready_file, filed_host, sizeof filed_host, &port, filed,
		                    sizeof filed) != 0) {
			fprintf(stderr, "mdrmock: healthcheck: %s: no server has written it yet\n",
			        config.ready_file);
			return 1;
		}
		host = filed_host;
		if (filed[0] != '\0')
			token = filed;
	}
	/* A wildcard listen address is reached through loopback. */
	if (strcmp(host, "0.0.0.0") == 0)
		host = "127.0.0.1";
	else if (strcmp(host, "::") == 0)
		host = "::1";
	snprintf(url, sizeof url,
	         strchr(host, ':') ? "http://[%s]:%u/_mock/health" : "http://%s:%u/_mock/health",
	         host, port);
	cu = curlrt_get(why, sizeof why);
	if (cu == NULL || (c = cu->easy_init()) == NULL) {
		fprintf(stderr, "mdrmock: healthcheck: %s\n", cu ? "no curl handle" : why);
		return 1;
	}
	buf_init(&body);
	if (token != NULL) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
		h = cu->slist_append(h, auth);
	}
	cu->easy_setopt(c, CURLOPT_URL, url);
	cu->easy_setopt(c, CURLOPT_USERAGENT, MDRMOCK_HEALTHCHECK_AGENT MDRMOCK_VERSION);
	cu->easy_setopt(c, CURLOPT_HTTPHEADER, h);
	cu->easy_setopt(c, CURLOPT_TIMEOUT_MS, 2000L);
	cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	cu->easy_setopt(c, CURLOPT_WRITEDATA, &body);
	rc = cu->easy_perform(c);
	if (rc == CURLE_OK)
		cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	ok = rc == CURLE_OK && code == 200 && body.data != NULL &&
	     strstr(body.data, "\"status\":\"ok\"") != NULL;
	if (!ok)
		fprintf(stderr, "mdrmock: healthcheck: %s: %s\n", url,
		        rc != CURLE_OK ? cu->easy_strerror(rc) : "not ok");
	cu->slist_free_all(h);
	buf_release(&body);
	cu->easy_cleanup(c);
	return ok ? 0 : 1;
}
