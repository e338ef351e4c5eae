#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "tenants.h"
#include "timefmt.h"
#include "util.h"

/* Request lines queued at most, written a batch at a time; a path longer than LOG_PATH_MAX is
 * cut in the log. */
#define LOG_RING     4096
#define LOG_BATCH    512
#define LOG_PAUSE_MS 5
#define LOG_PATH_MAX 600
#define LOG_LINE_MAX 4200

static enum log_level threshold = LOG_INFO;

static const char *const level_names[LOG_LEVEL_COUNT] = {
    [LOG_DEBUG] = "debug",
    [LOG_INFO] = "info",
    [LOG_WARN] = "warn",
    [LOG_ERROR] = "error",
};

void log_set_level(enum log_level level)
{
	threshold = level;
}

static int requests_on = 1;
static enum log_format requests_format = LOG_TEXT;

void log_request_setup(int enabled, enum log_format format)
{
	requests_on = enabled;
	requests_format = format;
}

static void json_inner(const char *s, char *out, size_t outlen);

void log_msg(enum log_level level, const char *fmt, ...)
{
	char text[1024], line[1400], when[TIMEFMT_LEN], esc[1300];
	va_list ap;
	int n;

	if (level < threshold)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	/* --log-format json: every line JSON, the server's own messages too. */
	if (requests_format == LOG_JSON) {
		json_inner(text, esc, sizeof esc);
		n = snprintf(line, sizeof line,
		             "{\"time\":\"%s\",\"level\":\"%s\",\"msg\":\"%s\"}\n",
		             timefmt_iso_ms(clock_wall_ms(), when), level_names[level], esc);
	} else {
		n = snprintf(line, sizeof line, "mdrmock: %s: %s\n", level_names[level], text);
	}
	if (n > (int)sizeof line - 1)
		n = (int)sizeof line - 1, line[n - 1] = '\n';
	fwrite(line, 1, (size_t)n, stderr);
}

/* Copies s into out as the inside of a JSON string (quotes, backslashes, controls escaped). */
static void json_inner(const char *s, char *out, size_t outlen)
{
	size_t j = 0;

	for (; s != NULL && *s != '\0' && j + 7 < outlen; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			out[j++] = '\\';
			out[j++] = (char)c;
		} else if (c < 0x20) {
			j += (size_t)snprintf(out + j, outlen - j, "\\u%04x", c);
		} else {
			out[j++] = (char)c;
		}
	}
	out[j] = '\0';
}

/* One request line's fields, kept until the log thread writes them. */
struct rec {
	int64_t at_ms, latency_us;
	int status, has_tenant;
	char method[8];
	char path[LOG_PATH_MAX];
	char tenant[TENANTS_SHOW_LEN + 1];
};

/* A request's line as text or JSON into line (at most len bytes, ending in a newline). */
static size_t format_request(const struct rec *r, char *line, size_t len)
{
	char when[TIMEFMT_LEN], p[LOG_PATH_MAX * 6 + 1], t[TENANTS_SHOW_LEN * 6 + 1];
	int n;

	timefmt_iso_ms(r->at_ms, when);
	json_inner(r->path, p, sizeof p);
	if (requests_format == LOG_JSON) {
		json_inner(r->tenant, t, sizeof t);
		n = snprintf(line, len,
		             "{\"time\":\"%s\",\"method\":\"%s\",\"path\":\"%s\",\"status\":%d,"
		             "\"latency_ms\":%.3f,\"tenant\":%s%s%s}\n",
		             when, r->method, p, r->status, (double)r->latency_us / 1000.0,
		             r->has_tenant ? "\"" : "", r->has_tenant ? t : "null",
		             r->has_tenant ? "\"" : "");
	} else {
		n = snprintf(line, len, "%s %s %s %d %.3fms%s%s\n", when, r->method, p, r->status,
		             (double)r->latency_us / 1000.0, r->has_tenant ? " tenant=" : "",
		             r->has_tenant ? r->tenant : "");
	}
	if (n < 0)
		return 0;
	if ((size_t)n > len - 1) {
		n = (int)len - 1;
		line[n - 1] = '\n';
	}
	return (size_t)n;
}

/*
 * The request log's ring (docs/behaviour.md §7): a request queues its fields and goes on; the
 * log thread formats and writes them.  When the ring is full a line is dropped, counted, and
 * the count is written once the thread catches up.  Before log_start() (and after log_stop())
 * lines are written at once.
 */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cond;
	struct rec *ring;
	size_t head, count;
	uint64_t dropped, reported;
	int started, stop, sleeping;
	pthread_t thread;
} lr = {.mu = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static void fill(struct rec *r, int64_t at_ms, const char *method, const char *path, int status,
                 int64_t latency_us, const char *tenant)
{
	r->at_ms = at_ms;
	r->latency_us = latency_us;
	r->status = status;
	snprintf(r->method, sizeof r->method, "%s", method);
	snprintf(r->path, sizeof r->path, "%s", path != NULL ? path : "");
	r->has_tenant = tenant != NULL;
	/* Never the key itself (docs/behaviour.md §6.1). */
	if (tenant != NULL)
		tenants_show(tenant, r->tenant);
	else
		r->tenant[0] = '\0';
}

void log_request(int64_t at_ms, const char *method, const char *path, int status,
                 int64_t latency_us, const char *tenant)
{
	if (!requests_on)
		return;
	pthread_mutex_lock(&lr.mu);
	if (lr.started && !lr.stop) {
		if (lr.count == LOG_RING) {
			lr.dropped++;
		} else {
			fill(&lr.ring[(lr.head + lr.count) % LOG_RING], at_ms, method, path, status,
			     latency_us, tenant);
			lr.count++;
			/* Only a sleeping thread is woken: one that runs comes back by itself. */
			if (lr.sleeping)
				pthread_cond_signal(&lr.cond);
		}
		pthread_mutex_unlock(&lr.mu);
		return;
	}
	pthread_mutex_unlock(&lr.mu);
	{
		struct rec r;
		char line[LOG_LINE_MAX];
		size_t n;

		fill(&r, at_ms, method, path, status, latency_us, tenant);
		n = format_request(&r, line, sizeof line);
		fwrite(line, 1, n, stderr);
	}
}

/*
 * The log thread: takes what is queued, LOG_BATCH records at a time, and writes them with one
 * call; after a batch that did not fill, it pauses LOG_PAUSE_MS so lines gather: a busy server
 * costs it a wake-up every few milliseconds, not one a request.
 */
static void *writer_main(void *arg)
{
	static struct rec batch[LOG_BATCH];
	struct buf out;
	char line[LOG_LINE_MAX];

	(void)arg;
	buf_init(&out);
	pthread_mutex_lock(&lr.mu);
	for (;;) {
		size_t n = 0;
		uint64_t dropped;

		while (lr.count == 0 && !lr.stop) {
			lr.sleeping = 1;
			pthread_cond_wait(&lr.cond, &lr.mu);
			lr.sleeping = 0;
		}
		if (lr.count == 0 && lr.stop)
			break;
		while (n < LOG_BATCH && lr.count > 0) {
			batch[n++] = lr.ring[lr.head];
			lr.head = (lr.head + 1) % LOG_RING;
			lr.count--;
		}
		dropped = lr.dropped;
		pthread_mutex_unlock(&lr.mu);
		out.len = 0;
		for (size_t i = 0; i < n; i++)
			buf_add(&out, line, format_request(&batch[i], line, sizeof line));
		fwrite(out.data, 1, out.len, stderr);
		if (dropped != lr.reported) {
			log_warn("%llu request log lines dropped: the log could not keep up",
			         (unsigned long long)(dropped - lr.reported));
			lr.reported = dropped;
		}
		if (n < LOG_BATCH)
			clock_nap_us(LOG_PAUSE_MS * 1000);
		pthread_mutex_lock(&lr.mu);
	}
	pthread_mutex_unlock(&lr.mu);
	buf_release(&out);
	return NULL;
}

int log_start(void)
{
	pthread_mutex_lock(&lr.mu);
	if (lr.started) {
		pthread_mutex_unlock(&lr.mu);
		return 0;
	}
	lr.ring = calloc(LOG_RING, sizeof *lr.ring);
	lr.head = lr.count = 0;
	lr.stop = 0;
	if (lr.ring == NULL || pthread_create(&lr.thread, NULL, writer_main, NULL) != 0) {
		free(lr.ring);
		lr.ring = NULL;
		pthread_mutex_unlock(&lr.mu);
		return -1;
	}
	lr.started = 1;
	pthread_mutex_unlock(&lr.mu);
	return 0;
}

void log_stop(void)
{
	pthread_mutex_lock(&lr.mu);
	if (!lr.started) {
		pthread_mutex_unlock(&lr.mu);
		return;
	}
	lr.stop = 1;
	pthread_cond_signal(&lr.cond);
	pthread_mutex_unlock(&lr.mu);
	pthread_join(lr.thread, NULL);
	pthread_mutex_lock(&lr.mu);
	lr.started = 0;
	free(lr.ring);
	lr.ring = NULL;
	pthread_mutex_unlock(&lr.mu);
}
