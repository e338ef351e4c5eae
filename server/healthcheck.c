#include "healthcheck.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "curlrt.h"
#include "util.h"

/* The health answer is a few bytes; more is kept no further. */
#define MAX_HEALTH_BODY 4096

static size_t collect(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	if (b->len < MAX_HEALTH_BODY)
		buf_add(b, p, size * n);
	return size * n;
}

int healthcheck_run(void)
{
	const char *host = config.host;
	char url[300], auth[300];
	struct curl_slist *h = NULL;
	struct buf body;
	long code = 0;
	const struct curlrt *cu;
	char why[256];
	CURLcode rc;
	CURL *c;
	int ok;

	/* A wildcard listen address is reached through loopback. */
	if (strcmp(host, "0.0.0.0") == 0)
		host = "127.0.0.1";
	else if (strcmp(host, "::") == 0)
		host = "::1";
	snprintf(url, sizeof url,
	         strchr(host, ':') ? "http://[%s]:%u/_mock/health" : "http://%s:%u/_mock/health",
	         host, config.port);
	cu = curlrt_get(why, sizeof why);
	if (cu == NULL || (c = cu->easy_init()) == NULL) {
		fprintf(stderr, "mdrmock: healthcheck: %s\n", cu ? "no curl handle" : why);
		return 1;
	}
	buf_init(&body);
	if (config.admin_token != NULL) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", config.admin_token);
		h = cu->slist_append(h, auth);
	}
	cu->easy_setopt(c, CURLOPT_URL, url);
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
