#include "webhook.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "config.h"
#include "curlrt.h"
#include "feed.h"
#include "ids.h"
#include "lifecycle.h"
#include "log.h"
#include "message.h"
#include "profile.h"
#include "notify.h"
#include "offload.h"
#include "sign.h"
#include "store.h"
#include "timefmt.h"
#include "util.h"
#include "view.h"
#include "version.h"

/* The longest the worker sleeps without looking again, in real ms. */
#define MAX_NAP_MS 1000
/* Tenants with pending events looked at per pass. */
#define WEBHOOK_MAX_TENANTS 1024
/* Rows of each delivery table the retention pass deletes at once. */
#define PRUNE_BATCH 10000

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

/* The answer's first WEBHOOK_RESPONSE_KEEP bytes, kept for the log; the rest is read and dropped.
 */
struct answer {
	char *data; /* made on the first byte */
	size_t len;
	int more;
};

static size_t keep_answer(char *p, size_t size, size_t n, void *arg)
{
	struct answer *ans = arg;
	size_t got = size * n, room = WEBHOOK_RESPONSE_KEEP - ans->len;
	size_t take = got < room ? got : room;

	if (ans->data == NULL)
		ans->data = xmalloc(WEBHOOK_RESPONSE_KEEP);
	if (got > room)
		ans->more = 1;
	memcpy(ans->data + ans->len, p, take);
	ans->len += take;
	return got;
}

/* One event being delivered: its message, where it is in its targets, its transfer. */
struct job {
	struct outbox_event ev;
	struct message m;
	struct profile p;
	int has_profile;
	char *tenant; /* the outbox row's ('' for a global message) */
	const char *targets[WEBHOOK_MAX_TARGETS];
	size_t ntargets, t; /* the targets, and the one being tried */
	unsigned k;         /* attempts made at target t */
	int64_t backoff_ms;
	int64_t next_us; /* monotonic real time before which no attempt starts */
	CURL *easy;      /* set while a transfer runs */
	struct curl_slist *hdr;
	/* The next attempt's request, made on the helper thread while prep.next is queued. */
	struct offload_item prep;
	int preparing;
	char *body;
	char ts[24], sig[SIGN_B64_LEN];
	int64_t t0_us;
	struct answer ans;   /* the running attempt's answer */
	struct buf ans_text; /* the last one's, as text, for a.response_body */
	struct attempt a;    /* the last attempt's outcome */
	enum outbox_state end;
	int gone; /* a reset deleted its event: nothing more is logged */
	char errbuf[CURL_ERROR_SIZE];
};

static struct {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	int started, stop;
	const struct curlrt *cu;  /* loaded on the first due event (curlrt.h) */
	CURLM *multi;             /* set under mu, so webhook_wake() can wake it */
	unsigned long generation; /* bumped by webhook_wake() */
	struct job *jobs[WEBHOOK_MAX_JOBS];
	size_t njobs;
	size_t rotor;                 /* which tenant claims first, turn by turn */
	CURL *idle[WEBHOOK_MAX_JOBS]; /* easy handles kept for the next transfer */
	size_t nidle;
	/* When to look for due events again: a job ended, news, or the next due time came. */
	int look;
	unsigned long seen; /* the generation the last look saw */
	int64_t look_at_us; /* monotonic real time */
	int64_t pruned_us;
	struct offload helper; /* builds and signs each attempt's request */
} w = {.mu = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

/* Job j has a request being made or a transfer running: nothing to start, nothing to free. */
static int busy(const struct job *j)
{
	return j->easy != NULL || j->preparing;
}

/* Job j waits for its next attempt (its backoff, or a pass to start it). */
static int waiting(const struct job *j)
{
	return !busy(j) && j->end == OUTBOX_PENDING && !j->gone;
}

static void job_free(struct job *j)
{
	if (j->has_profile)
		profile_release(&j->p);
	message_release(&j->m);
	free(j->tenant);
	free(j->body);
	free(j->ans.data);
	buf_release(&j->ans_text);
	free(j);
}

/* The first transfer of curl's life loads it; NULL while it cannot be loaded. */
static const struct curlrt *curl_ready(void)
{
	char why[256];
	CURLM *m;

	if (w.multi != NULL)
		return w.cu;
	w.cu = curlrt_get(why, sizeof why);
	if (w.cu == NULL || (m = w.cu->multi_init()) == NULL) {
		log_error("webhook: %s; deliveries wait", w.cu ? "no curl multi handle" : why);
		return NULL;
	}
	/* Connections to receivers are kept for the next event. */
	w.cu->multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)WEBHOOK_MAX_JOBS);
	pthread_mutex_lock(&w.mu);
	w.multi = m;
	pthread_mutex_unlock(&w.mu);
	return w.cu;
}

/* An easy handle for a transfer: a kept one (its buffers already made), or a new one. */
static CURL *easy_get(void)
{
	return w.nidle > 0 ? w.idle[--w.nidle] : w.cu->easy_init();
}

/* A transfer's handle, kept for the next one. */
static void easy_put(CURL *h)
{
	w.cu->easy_reset(h);
	if (w.nidle < WEBHOOK_MAX_JOBS)
		w.idle[w.nidle++] = h;
	else
		w.cu->easy_cleanup(h);
}

/* Takes job j's transfer off the multi handle and frees its headers; the easy handle stays. */
static void transfer_end(struct job *j)
{
	w.cu->multi_remove_handle(w.multi, j->easy);
	w.cu->slist_free_all(j->hdr);
	j->hdr = NULL;
}

#define JOB_OF(it) ((struct job *)(void *)((char *)(it)-offsetof(struct job, prep)))

/* On the helper thread: job j's next request, its body and signature. */
static void prepare(struct offload_item *it)
{
	struct job *j = JOB_OF(it);

	free(j->body);
	j->body = webhook_body(&j->ev, &j->m, (int)j->k, j->targets[j->t]);
	/* telnyx-timestamp is real time (docs/behaviour.md §3.2): the SDK allows 300 s of skew. */
	snprintf(j->ts, sizeof j->ts, "%lld", (long long)(clock_wall_ms() / 1000));
	sign_webhook(j->ts, j->body, strlen(j->body), j->sig);
}

/* On the helper thread: a request is ready, so the delivery thread's wait ends. */
static void prepared(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&w.mu);
	if (w.multi != NULL)
		w.cu->multi_wakeup(w.multi);
	pthread_mutex_unlock(&w.mu);
}

/* Starts job j's attempt, its request made. */
static void attempt_start(struct job *j)
{
	const struct curlrt *cu = w.cu;
	const char *url = j->targets[j->t];
	char hdr[160];

	j->hdr = cu->slist_append(NULL, "Content-Type: application/json");
	snprintf(hdr, sizeof hdr, "telnyx-timestamp: %s", j->ts);
	j->hdr = cu->slist_append(j->hdr, hdr);
	snprintf(hdr, sizeof hdr, "telnyx-signature-ed25519: %s", j->sig);
	j->hdr = cu->slist_append(j->hdr, hdr);
	j->hdr = cu->slist_append(j->hdr, "User-Agent: " MDRMOCK_USER_AGENT);
	j->hdr = cu->slist_append(j->hdr, "Expect:");
	j->easy = easy_get();
	if (j->easy == NULL || j->hdr == NULL) {
		log_error("webhook: out of curl handles; trying again in a second");
		cu->slist_free_all(j->hdr);
		j->hdr = NULL;
		if (j->easy != NULL)
			easy_put(j->easy);
		j->easy = NULL;
		j->k--;
		j->next_us = clock_real_us() + 1000000;
		return;
	}
	cu->easy_setopt(j->easy, CURLOPT_URL, url);
	cu->easy_setopt(j->easy, CURLOPT_HTTPHEADER, j->hdr);
	cu->easy_setopt(j->easy, CURLOPT_POSTFIELDS, j->body);
	cu->easy_setopt(j->easy, CURLOPT_POSTFIELDSIZE, (long)strlen(j->body));
	cu->easy_setopt(j->easy, CURLOPT_TIMEOUT_MS, (long)config.webhook_timeout);
	cu->easy_setopt(j->easy, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(j->easy, CURLOPT_WRITEFUNCTION, keep_answer);
	cu->easy_setopt(j->easy, CURLOPT_WRITEDATA, (void *)&j->ans);
	cu->easy_setopt(j->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(j->easy, CURLOPT_ERRORBUFFER, j->errbuf);
	cu->easy_setopt(j->easy, CURLOPT_PRIVATE, (void *)j);
	j->errbuf[0] = '\0';
	j->ans.len = 0;
	j->ans.more = 0;
	memset(&j->a, 0, sizeof j->a);
	j->a.at = clock_wall_ms();
	j->a.vat = clock_now();
	j->t0_us = clock_real_us();
	cu->multi_add_handle(w.multi, j->easy);
}

/* Job j's next attempt at its current target: its request is made on the helper thread. */
static void attempt_prepare(struct job *j)
{
	j->k++;
	if (!w.helper.started) {
		prepare(&j->prep);
		attempt_start(j);
		return;
	}
	j->preparing = 1;
	offload_put(&w.helper, &j->prep);
}

/* Job j's transfer ended with rc: its attempt is logged, and what comes next decided. */
static void attempt_done(struct job *j, CURLcode rc)
{
	const struct curlrt *cu = w.cu;
	long code = 0;
	struct attempt *a = &j->a;

	transfer_end(j);
	a->event_id = j->ev.event_id;
	a->message_id = j->m.id;
	a->tenant = j->m.tenant;
	a->type = j->ev.type;
	a->url = j->targets[j->t];
	a->number = (int)j->k;
	a->latency_ms = (clock_real_us() - j->t0_us) / 1000;
	if (rc == CURLE_OK)
		cu->easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &code);
	else
		a->error = j->errbuf[0] != '\0' ? j->errbuf : cu->easy_strerror(rc);
	a->status = (int)code;
	a->ok = rc == CURLE_OK && code >= 200 && code < 300;
	/* What was sent and answered; the strings live until the next attempt is made. */
	a->request_body = j->body;
	a->timestamp = j->ts;
	a->signature = j->sig;
	j->ans_text.len = 0;
	if (code > 0) {
		utf8_lossy(j->ans.data != NULL ? j->ans.data : "", j->ans.len, &j->ans_text);
		a->response_body = j->ans_text.data != NULL ? j->ans_text.data : "";
		a->response_truncated = j->ans.more;
	}
	if (a->ok) {
		j->end = OUTBOX_DELIVERED;
		return;
	}
	if (j->k < config.webhook_attempts) {
		j->next_us = clock_real_us() + j->backoff_ms * 1000;
		j->backoff_ms *= 2;
		return;
	}
	/* This target is spent: the next one, from its first attempt. */
	j->t++;
	j->k = 0;
	j->backoff_ms = config.webhook_backoff;
	j->next_us = 0;
	if (j->t >= j->ntargets) {
		j->end = OUTBOX_FAILED;
		log_warn("webhook: %s of message %s: every attempt at %zu URL(s) failed, the last "
		         "%s",
		         model_event_name(j->ev.type), j->m.id, j->ntargets,
		         a->error != NULL ? a->error : "a non-2xx answer");
	}
}

/* A claimed event becomes a job, or ends at once (nowhere to send it, or gone). */
static struct job *job_new(const struct outbox_event *ev, const char *tenant)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->ev = *ev;
	j->tenant = xstrdup(tenant);
	j->end = OUTBOX_PENDING;
	j->backoff_ms = config.webhook_backoff;
	buf_init(&j->ans_text);
	if (store_message_get(ev->message_id, NULL, &j->m) != STORE_OK) {
		j->end = OUTBOX_NO_TARGET; /* reset away */
		return j;
	}
	if (j->m.profile_id != NULL && store_profile_get(j->m.profile_id, NULL, &j->p) == STORE_OK)
		j->has_profile = 1;
	j->ntargets = webhook_targets(&j->m, j->has_profile ? &j->p : NULL, j->targets);
	if (j->ntargets == 0)
		j->end = OUTBOX_NO_TARGET;
	return j;
}

static size_t in_flight(const char *tenant)
{
	size_t n = 0;

	for (size_t i = 0; i < w.njobs; i++)
		n += strcmp(w.jobs[i]->tenant, tenant) == 0;
	return n;
}

/*
 * Claims what is due, tenant by tenant, each up to --webhook-concurrency
 * deliveries in flight and its fair share of the shared slots (those but the
 * reserve, split among the tenants with events due), all of them up to
 * WEBHOOK_MAX_JOBS; the tenant that claims first turns with each pass.  The
 * reserve is for tenants with nothing in flight, one delivery each: however
 * many tenants' receivers hang, a tenant that has none starts at once
 * (docs/behaviour.md §3.3).
 */
static void claim(int64_t now)
{
	char *names[WEBHOOK_MAX_TENANTS];
	size_t nt = 0;
	struct outbox_event evs[WEBHOOK_MAX_JOBS];

	while (nt < WEBHOOK_MAX_TENANTS &&
	       store_outbox_tenant_after(nt > 0 ? names[nt - 1] : NULL, &names[nt]) == STORE_OK)
		nt++;
	size_t shared = WEBHOOK_MAX_JOBS - WEBHOOK_RESERVE;
	size_t share = nt > 0 && shared / nt > 0 ? shared / nt : 1;
	size_t cap = config.webhook_concurrency < share ? config.webhook_concurrency : share;

	for (size_t i = 0; i < nt && w.njobs < WEBHOOK_MAX_JOBS; i++) {
		const char *t = names[(i + w.rotor) % nt];
		size_t busy = in_flight(t);
		/* One with nothing in flight may take one reserved slot; the rest share the others.
		 */
		size_t limit = busy == 0 && w.njobs >= shared ? w.njobs + 1 : shared;
		size_t room = w.njobs < limit ? limit - w.njobs : 0;
		size_t want = busy >= cap ? 0 : cap - busy;
		size_t asked = want < room ? want : room;
		int n = store_outbox_claim(t, now, asked, evs);

		for (int k = 0; k < n; k++)
			w.jobs[w.njobs++] = job_new(&evs[k], t);
		if (asked > 0 && n == (int)asked)
			w.look = 1; /* there may be more */
	}
	w.rotor++;
	for (size_t i = 0; i < nt; i++)
		free(names[i]);
}

/* Whether job j has something to write: an attempt made, or its end. */
static int has_step(const struct job *j)
{
	return !j->gone && (j->a.event_id != NULL || j->end != OUTBOX_PENDING);
}

/* Writes what the jobs did; drops the ended ones and those a reset took away. */
static void commit(void)
{
	struct delivery_step steps[WEBHOOK_MAX_JOBS];
	size_t n = 0, kept = 0;

	for (size_t i = 0; i < w.njobs; i++) {
		struct job *j = w.jobs[i];
		struct delivery_step *d = &steps[n];

		if (!has_step(j))
			continue;
		memset(d, 0, sizeof *d);
		d->seq = j->ev.seq;
		d->attempt = j->a.event_id != NULL ? &j->a : NULL;
		d->end = j->end;
		/* An inbound message is delivered once its webhook is (docs/behaviour.md §2.4). */
		if (j->ev.type == EVENT_RECEIVED && j->end != OUTBOX_FAILED && j->m.id[0] != '\0') {
			int64_t now = clock_now();

			d->delivered_id = j->m.id;
			d->delivered_at = now > j->m.received_at ? now : j->m.received_at;
		}
		n++;
	}
	if (store_delivery_commit(steps, n) != STORE_OK)
		log_error("webhook: the delivery log could not be written");
	/* Waiters for these attempts look again (the jobs still hold the strings). */
	for (size_t i = 0; i < n; i++) {
		const struct attempt *a = steps[i].attempt;
		struct notify_event ne;

		if (a == NULL || steps[i].gone)
			continue;
		memset(&ne, 0, sizeof ne);
		ne.kind = NOTIFY_ATTEMPT;
		ne.tenant = a->tenant;
		ne.message_id = a->message_id;
		ne.event_type = model_event_name(a->type);
		ne.url = a->url;
		notify_bump(&ne);
		if (feed_watched())
			feed_publish_json("webhook.attempt", a->tenant, view_attempt(a));
	}
	for (size_t i = 0, s = 0; i < w.njobs; i++) {
		struct job *j = w.jobs[i];

		if (has_step(j))
			j->gone = steps[s++].gone; /* a running transfer ends first, unlogged */
		j->a.event_id = NULL;
		if ((j->gone || j->end != OUTBOX_PENDING) && !busy(j)) {
			job_free(j);
			w.look = 1; /* room again, and the message's next event may go */
			continue;
		}
		w.jobs[kept++] = j;
	}
	w.njobs = kept;
}

/* How long the loop may sleep (real ms): until a retry, the next due event, or a look. */
static long nap_ms(void)
{
	int64_t now_us = clock_real_us(), nap = MAX_NAP_MS, due;
	struct clock_info ci;

	for (size_t i = 0; i < w.njobs; i++) {
		const struct job *j = w.jobs[i];

		if (waiting(j)) {
			int64_t left = (j->next_us - now_us) / 1000;

			if (left < nap)
				nap = left;
		}
	}
	clock_info(&ci);
	w.look_at_us = now_us + MAX_NAP_MS * 1000;
	if (!ci.frozen && store_outbox_next_due(ci.now, &due) == STORE_OK) {
		double real = (double)(due - ci.now) / ci.scale;

		if (real < (double)nap)
			nap = (int64_t)real;
		if (real < MAX_NAP_MS)
			w.look_at_us = now_us + (int64_t)(real * 1000);
	}
	return nap < 1 ? 1 : (long)nap;
}

/* Drops old delivery rows (--webhook-log-retention), a bounded batch a second. */
static void prune(void)
{
	int64_t now_us = clock_real_us();

	if (now_us - w.pruned_us < 1000000)
		return;
	w.pruned_us = now_us;
	if (store_delivery_prune(clock_now() - config.webhook_log_retention, PRUNE_BATCH) < 0)
		log_error("webhook: the delivery log could not be pruned");
}

/* Until curl loads: sleeps ms of real time or until woken; 1 when asked to stop. */
static int nap(int64_t ms)
{
	struct timespec until;
	unsigned long gen;
	int stop;

	clock_timeout(ms * 1000, &until);
	pthread_mutex_lock(&w.mu);
	gen = w.generation;
	while (!w.stop && w.generation == gen &&
	       pthread_cond_timedwait(&w.cond, &w.mu, &until) == 0)
		;
	stop = w.stop;
	pthread_mutex_unlock(&w.mu);
	return stop;
}

/* 1 when asked to stop; notes news (webhook_wake()) as a reason to look. */
static int stopping(void)
{
	int stop;

	pthread_mutex_lock(&w.mu);
	stop = w.stop;
	if (w.generation != w.seen) {
		w.seen = w.generation;
		w.look = 1;
	}
	pthread_mutex_unlock(&w.mu);
	return stop;
}

/* One thread, many transfers: curl's multi interface (docs/behaviour.md §3.4). */
static void *worker(void *arg)
{
	(void)arg;
	if (store_outbox_unclaim() != STORE_OK)
		log_error("webhook: claimed events could not be handed back");
	w.helper.work = prepare;
	w.helper.ready = prepared;
	if (offload_start(&w.helper) != 0)
		log_warn("webhook: no helper thread; requests are signed between transfers");
	while (!stopping()) {
		int64_t now = clock_now(), due;
		int running, left;
		struct offload_item *it, *next;
		CURLMsg *msg;

		if (w.multi == NULL) {
			/* curl loads when the first event is due. */
			if (store_outbox_next_due(INT64_MIN, &due) != STORE_OK || due > now ||
			    curl_ready() == NULL) {
				prune();
				nap(nap_ms());
				continue;
			}
		}
		if (w.look || clock_real_us() >= w.look_at_us) {
			w.look = 0;
			claim(now);
		}
		for (size_t i = 0; i < w.njobs; i++) {
			struct job *j = w.jobs[i];

			if (waiting(j) && j->next_us <= clock_real_us())
				attempt_prepare(j);
		}
		for (it = offload_take(&w.helper); it != NULL; it = next) {
			struct job *j = JOB_OF(it);

			next = it->next;
			j->preparing = 0;
			attempt_start(j);
		}
		w.cu->multi_perform(w.multi, &running);
		while ((msg = w.cu->multi_info_read(w.multi, &left)) != NULL) {
			char *priv = NULL;
			struct job *j;

			if (msg->msg != CURLMSG_DONE)
				continue;
			w.cu->easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
			if ((j = (struct job *)(void *)priv) == NULL)
				continue;
			if (j->gone)
				transfer_end(j); /* reset away while it ran: nothing to log */
			else
				attempt_done(j, msg->data.result);
			easy_put(j->easy);
			j->easy = NULL;
		}
		commit();
		prune();
		w.cu->multi_poll(w.multi, NULL, 0, w.look ? 0 : (int)nap_ms(), NULL);
	}
	/* Stopping: what runs is dropped; its events are claimed again after a restart. */
	offload_stop(&w.helper);
	for (size_t i = 0; i < w.njobs; i++) {
		if (w.jobs[i]->easy != NULL) {
			transfer_end(w.jobs[i]);
			w.cu->easy_cleanup(w.jobs[i]->easy);
		}
		job_free(w.jobs[i]);
	}
	w.njobs = 0;
	while (w.nidle > 0)
		w.cu->easy_cleanup(w.idle[--w.nidle]);
	return NULL;
}

int webhook_start(char *err, size_t errlen)
{
	w.stop = 0;
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
	if (w.multi != NULL)
		w.cu->multi_wakeup(w.multi);
	pthread_mutex_unlock(&w.mu);
	pthread_join(w.thread, NULL);
	if (w.multi != NULL) {
		w.cu->multi_cleanup(w.multi);
		w.multi = NULL;
	}
	w.started = 0;
}

void webhook_wake(void)
{
	pthread_mutex_lock(&w.mu);
	w.generation++;
	pthread_cond_broadcast(&w.cond);
	if (w.multi != NULL)
		w.cu->multi_wakeup(w.multi);
	pthread_mutex_unlock(&w.mu);
}
