#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "tenants.h"
#include "timefmt.h"

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

void log_request(int64_t at_ms, const char *method, const char *path, int status,
                 int64_t latency_us, const char *tenant)
{
	char line[1400], when[TIMEFMT_LEN], p[600], t[300], label[TENANTS_SHOW_LEN + 1];
	int n;

	if (!requests_on)
		return;
	/* Never the key itself (docs/behaviour.md §6.1). */
	if (tenant != NULL)
		tenant = tenants_show(tenant, label);
	timefmt_iso_ms(at_ms, when);
	json_inner(path, p, sizeof p);
	if (requests_format == LOG_JSON) {
		json_inner(tenant, t, sizeof t);
		n = snprintf(line, sizeof line,
		             "{\"time\":\"%s\",\"method\":\"%s\",\"path\":\"%s\",\"status\":%d,"
		             "\"latency_ms\":%.3f,\"tenant\":%s%s%s}\n",
		             when, method, p, status, (double)latency_us / 1000.0,
		             tenant ? "\"" : "", tenant ? t : "null", tenant ? "\"" : "");
	} else {
		n = snprintf(line, sizeof line, "%s %s %s %d %.3fms%s%s\n", when, method, p, status,
		             (double)latency_us / 1000.0, tenant ? " tenant=" : "",
		             tenant ? tenant : "");
	}
	if (n > (int)sizeof line - 1)
		n = (int)sizeof line - 1, line[n - 1] = '\n';
	fwrite(line, 1, (size_t)n, stderr);
}
