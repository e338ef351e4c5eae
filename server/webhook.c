#include "webhook.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "config.h"
#include "curlrt.h"
#include "ids.h"
#include "lifecycle.h"
#include "log.h"
#include "message.h"
#include "profile.h"
#include "notify.h"
#include "sign.h"
#include "store.h"
#include "timefmt.h"
#include "util.h"
#include "view.h"
#include "version.h"

/* The longest the worker sleeps without looking again, in real ms. */
#define MAX_NAP_MS 1000

static struct {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	unsigned long generation; /* bumped by webhook_wake() */
	int started, stop;
	const struct curlrt *curl_api; /* loaded on the first delivery (curlrt.h) */
	CURL *curl;
} w = {.mu = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static int has_url(const char *s)
{
	return s != NULL && *s != '\0';
}

size_t webhook_events_for(const struct message *m, const struct profile *p,
                          struct outbox_event out[2])
{
	struct lifecycle_state st;
	size_t n = 0;
	int profile_urls =
	    p != NULL && (has_url(p->webhook_url) || has_url(p->webhook_failover_url));

	if (m->direction == DIR_INBOUND) {
		if (!profile_urls && !has_url(m->webhook_url))
			return 0;
		memset(&out[0], 0, sizeof out[0]);
		out[0].type = EVENT_RECEIVED;
		out[0].due_at = m->received_at;
		ids_uuid(out[0].event_id);
		return 1;
	}
	if (!has_url(m->webhook_url) && !has_url(m->webhook_failover_url) &&
	    !(m->use_profile_webhooks && profile_urls))
		return 0;
	/* Where the message ends up: its state long after everything settled. */
	message_state(m, INT64_MAX / 4, &st);
	if (st.sent_at >= 0) {
		memset(&out[n], 0, sizeof out[n]);
		out[n].type = EVENT_SENT;
		out[n].due_at = st.sent_at;
		ids_uuid(out[n++].event_id);
	}
	memset(&out[n], 0, sizeof out[n]);
	out[n].type = EVENT_FINALIZED;
	out[n].due_at = st.completed_at;
	ids_uuid(out[n++].event_id);
	return n;
}

static void add_target(const char *url, const char *out[WEBHOOK_MAX_TARGETS], size_t *n)
{
	if (!has_url(url) || *n >= WEBHOOK_MAX_TARGETS)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp(out[i], url) == 0)
			return;
	out[(*n)++] = url;
}

size_t webhook_targets(const struct message *m, const struct profile *p,
                       const char *out[WEBHOOK_MAX_TARGETS])
{
	size_t n = 0;

	add_target(m->webhook_url, out, &n);
	add_target(m->webhook_failover_url, out, &n);
	if (p != NULL && (m->use_profile_webhooks || m->direction == DIR_INBOUND)) {
		add_target(p->webhook_url, out, &n);
		add_target(p->webhook_failover_url, out, &n);
	}
	return n;
}

char *webhook_body(const struct outbox_event *ev, const struct message *m, int attempt,
                   const char *url)
{
	json_t *root = view_event(ev, m, attempt, url);
	char *body = json_dumps(root, JSON_COMPACT);

	json_decref(root);
	return body;
}

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* One POST.  Fills a (status, error, latency); returns 1 on a 2xx answer. */
static int post(const char *url, const char *body, struct attempt *a, char *errbuf)
{
	struct curl_slist *h = NULL;
	char ts[32], sig[SIGN_B64_LEN], hdr[160];
	int64_t t0 = clock_real_us();
	long code = 0;
	const struct curlrt *cu = w.curl_api;
	CURLcode rc;

	/* telnyx-timestamp is real time (docs/behaviour.md §3.2): the SDK allows 300 s of skew. */
	snprintf(ts, sizeof ts, "%lld", (long long)(clock_wall_ms() / 1000));
	sign_webhook(ts, body, strlen(body), sig);
	h = cu->slist_append(h, "Content-Type: application/json");
	snprintf(hdr, sizeof hdr, "telnyx-timestamp: %s", ts);
	h = cu->slist_append(h, hdr);
	snprintf(hdr, sizeof hdr, "telnyx-signature-ed25519: %s", sig);
	h = cu->slist_append(h, hdr);
	h = cu->slist_append(h, "User-Agent: mdrmock/" MDRMOCK_VERSION);
	h = cu->slist_append(h, "Expect:");

	cu->easy_reset(w.curl);
	cu->easy_setopt(w.curl, CURLOPT_URL, url);
	cu->easy_setopt(w.curl, CURLOPT_HTTPHEADER, h);
	cu->easy_setopt(w.curl, CURLOPT_POSTFIELDS, body);
	cu->easy_setopt(w.curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	cu->easy_setopt(w.curl, CURLOPT_TIMEOUT_MS, (long)config.webhook_timeout);
	cu->easy_setopt(w.curl, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(w.curl, CURLOPT_WRITEFUNCTION, discard);
	cu->easy_setopt(w.curl, CURLOPT_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(w.curl, CURLOPT_ERRORBUFFER, errbuf);
	errbuf[0] = '\0';
	rc = cu->easy_perform(w.curl);
	cu->slist_free_all(h);
	a->latency_ms = (clock_real_us() - t0) / 1000;
	if (rc != CURLE_OK) {
		a->status = 0;
		a->error = errbuf[0] != '\0' ? errbuf : cu->easy_strerror(rc);
		return 0;
	}
	cu->easy_getinfo(w.curl, CURLINFO_RESPONSE_CODE, &code);
	a->status = (int)code;
	a->error = NULL;
	return code >= 200 && code < 300;
}

/* Sleeps ms of real time; 1 when asked to stop meanwhile. */
static int nap(int64_t ms)
{
	struct timespec until;
	int stop;

	clock_timeout(ms * 1000, &until);
	pthread_mutex_lock(&w.mu);
	while (!w.stop && pthread_cond_timedwait(&w.cond, &w.mu, &until) == 0)
		;
	stop = w.stop;
	pthread_mutex_unlock(&w.mu);
	return stop;
}

/* Delivers one event to its targets in order; returns where it ended. */
static enum outbox_state deliver(const struct outbox_event *ev)
{
	struct message m;
	struct profile p;
	const char *targets[WEBHOOK_MAX_TARGETS];
	char errbuf[CURL_ERROR_SIZE];
	size_t n;
	int has_profile = 0;
	enum outbox_state result = OUTBOX_FAILED;

	if (w.curl == NULL) {
		char why[256];

		w.curl_api = curlrt_get(why, sizeof why);
		if (w.curl_api == NULL || (w.curl = w.curl_api->easy_init()) == NULL) {
			log_error("webhook: %s; deliveries wait",
			          w.curl_api ? "no curl handle" : why);
			nap(MAX_NAP_MS);
			return OUTBOX_PENDING;
		}
	}
	if (store_message_get(ev->message_id, NULL, &m) != STORE_OK)
		return OUTBOX_NO_TARGET; /* reset away */
	if (m.profile_id != NULL && store_profile_get(m.profile_id, NULL, &p) == STORE_OK)
		has_profile = 1;
	n = webhook_targets(&m, has_profile ? &p : NULL, targets);
	if (n == 0)
		result = OUTBOX_NO_TARGET;
	for (size_t t = 0; t < n && result == OUTBOX_FAILED; t++) {
		int64_t backoff = config.webhook_backoff;

		for (unsigned k = 1; k <= config.webhook_attempts; k++) {
			struct attempt a;
			char *body = webhook_body(ev, &m, (int)k, targets[t]);
			int ok;

			memset(&a, 0, sizeof a);
			a.event_id = ev->event_id;
			a.message_id = m.id;
			a.tenant = m.tenant;
			a.type = ev->type;
			a.url = targets[t];
			a.number = (int)k;
			a.at = clock_wall_ms();
			ok = post(targets[t], body, &a, errbuf);
			a.ok = ok;
			free(body);
			store_attempt_add(&a);
			notify_bump();
			if (ok) {
				result = OUTBOX_DELIVERED;
				break;
			}
			if (k < config.webhook_attempts) {
				if (nap(backoff)) {
					result =
					    OUTBOX_PENDING; /* stopping: again after a restart */
					goto out;
				}
				backoff *= 2;
			}
		}
	}
	/* An inbound message is delivered once its webhook is (docs/behaviour.md §2.4). */
	if (ev->type == EVENT_RECEIVED && result != OUTBOX_FAILED)
		store_message_set_delivered(m.id, clock_now() > m.received_at ? clock_now()
		                                                              : m.received_at);
out:
	if (has_profile)
		profile_release(&p);
	message_release(&m);
	return result;
}

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&w.mu);
	while (!w.stop) {
		struct outbox_event ev;
		unsigned long gen = w.generation;
		struct clock_info ci;
		struct timespec until;
		int64_t nap_ms = MAX_NAP_MS;
		int rc;

		pthread_mutex_unlock(&w.mu);
		rc = store_outbox_next(&ev);
		clock_info(&ci);
		if (rc == STORE_OK && ev.due_at <= ci.now) {
			enum outbox_state end = deliver(&ev);

			if (end != OUTBOX_PENDING)
				store_outbox_finish(ev.seq, end);
			pthread_mutex_lock(&w.mu);
			continue;
		}
		/* Next due in virtual time: asleep until then in real time, or a wake. */
		if (rc == STORE_OK && !ci.frozen) {
			double real = (double)(ev.due_at - ci.now) / ci.scale;

			nap_ms = real < 1 ? 1 : real > MAX_NAP_MS ? MAX_NAP_MS : (int64_t)real;
		}
		clock_timeout(nap_ms * 1000, &until);
		pthread_mutex_lock(&w.mu);
		while (!w.stop && w.generation == gen &&
		       pthread_cond_timedwait(&w.cond, &w.mu, &until) == 0)
			;
	}
	pthread_mutex_unlock(&w.mu);
	return NULL;
}

int webhook_start(char *err, size_t errlen)
{
	w.stop = 0;
	w.curl = NULL;
	if (pthread_create(&w.thread, NULL, worker, NULL) != 0) {
		snprintf(err, errlen, "cannot start the webhook thread");
		return -1;
	}
	w.started = 1;
	return 0;
}

void webhook_stop(void)
{
	if (!w.started)
		return;
	pthread_mutex_lock(&w.mu);
	w.stop = 1;
	pthread_cond_broadcast(&w.cond);
	pthread_mutex_unlock(&w.mu);
	pthread_join(w.thread, NULL);
	if (w.curl != NULL) {
		w.curl_api->easy_cleanup(w.curl);
		w.curl = NULL;
	}
	w.started = 0;
}

void webhook_wake(void)
{
	pthread_mutex_lock(&w.mu);
	w.generation++;
	pthread_cond_broadcast(&w.cond);
	pthread_mutex_unlock(&w.mu);
}
