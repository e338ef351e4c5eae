#include "apierr.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	enum status status;
	const char *code;
	const char *title;
} kinds[APIERR_KIND_COUNT] = {
    [APIERR_NONE] = {S_OK, "", ""},
    [APIERR_BAD_REQUEST] = {S_BAD_REQUEST, "10015", "Bad Request"},
    [APIERR_BAD_JSON] = {S_BAD_REQUEST, "10023", "Invalid JSON"},
    [APIERR_MISSING] = {S_BAD_REQUEST, "10004", "Missing required parameter"},
    [APIERR_BAD_FROM] = {S_BAD_REQUEST, "10016", "Phone number must be in +E.164 format"},
    [APIERR_BAD_TO] = {S_BAD_REQUEST, "40310", "Invalid 'to' address"},
    [APIERR_TOO_LONG] = {S_BAD_REQUEST, "40302", "Message too large"},
    [APIERR_BLOCKED] = {S_CONFLICT, "40300", "Blocked due to STOP message"},
    [APIERR_AUTH] = {S_UNAUTHORIZED, "10009", "Authentication failed"},
    [APIERR_FORBIDDEN] = {S_FORBIDDEN, "10015", "Forbidden"},
    [APIERR_NOT_ENABLED] = {S_FORBIDDEN, "10010", "Authorization failed"},
    [APIERR_CROSS_SITE] = {S_FORBIDDEN, "10010", "Forbidden"},
    [APIERR_NOT_FOUND] = {S_NOT_FOUND, "10005", "Resource not found"},
    [APIERR_METHOD] = {S_METHOD_NOT_ALLOWED, "10015", "Method not allowed"},
    [APIERR_GONE] = {S_GONE, "10005", "Resource expired"},
    [APIERR_SLOW_BODY] = {S_REQUEST_TIMEOUT, "10015", "Request Timeout"},
    [APIERR_TOO_LARGE] = {S_PAYLOAD_TOO_LARGE, "10015", "Request body too large"},
    [APIERR_URI_TOO_LONG] = {S_URI_TOO_LONG, "10015", "Request URI too long"},
    [APIERR_MEDIA_TYPE] = {S_UNSUPPORTED_MEDIA_TYPE, "10014", "Unsupported Media Type"},
    [APIERR_INTERNAL] = {S_INTERNAL_SERVER_ERROR, "10007", "Unexpected error"},
    [APIERR_TOO_MANY] = {S_TOO_MANY_REQUESTS, "10011", "Too many requests"},
    [APIERR_BUSY] = {S_SERVICE_UNAVAILABLE, "10007", "Service unavailable"},
    [APIERR_INJECTED] = {S_INTERNAL_SERVER_ERROR, "10007", "Unexpected error"},
};

int apierr_injected(struct apierr *e, int status, const char *code)
{
	apierr_init(e);
	e->kind = APIERR_INJECTED;
	e->status = status;
	snprintf(e->code, sizeof e->code, "%s", code);
	snprintf(e->detail, sizeof e->detail,
	         "An injected fault (POST /_mock/faults) answered this request.");
	return -1;
}

void apierr_init(struct apierr *e)
{
	memset(e, 0, sizeof *e);
}

__attribute__((format(printf, 3, 0))) static void set(struct apierr *e, enum apierr_kind kind,
                                                      const char *fmt, va_list ap)
{
	e->kind = kind;
	vsnprintf(e->detail, sizeof e->detail, fmt, ap);
}

int apierr_at(struct apierr *e, enum apierr_kind kind, const char *pointer, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set(e, kind, fmt, ap);
	va_end(ap);
	e->parameter[0] = '\0';
	e->has_pointer = pointer != NULL;
	snprintf(e->pointer, sizeof e->pointer, "%s", pointer ? pointer : "");
	return -1;
}

int apierr_param(struct apierr *e, enum apierr_kind kind, const char *parameter, const char *fmt,
                 ...)
{
	va_list ap;

	va_start(ap, fmt);
	set(e, kind, fmt, ap);
	va_end(ap);
	e->has_pointer = 0;
	e->pointer[0] = '\0';
	snprintf(e->parameter, sizeof e->parameter, "%s", parameter);
	return -1;
}

enum status apierr_status(const struct apierr *e)
{
	return e->kind == APIERR_INJECTED ? (enum status)e->status : kinds[e->kind].status;
}

const char *apierr_code(const struct apierr *e)
{
	return e->kind == APIERR_INJECTED ? e->code : kinds[e->kind].code;
}

const char *apierr_title(const struct apierr *e)
{
	return e->kind == APIERR_INJECTED ? status_reason(apierr_status(e)) : kinds[e->kind].title;
}

char *apierr_pointer(char *out, size_t outlen, const char *base, const char *token)
{
	size_t n = 0;

	if (outlen == 0)
		return out;
	n = (size_t)snprintf(out, outlen, "%s/", base);
	for (const char *p = token; *p != '\0' && n + 3 < outlen; p++) {
		if (*p == '~' || *p == '/') {
			out[n++] = '~';
			out[n++] = *p == '~' ? '0' : '1';
		} else {
			out[n++] = *p;
		}
	}
	if (n >= outlen)
		n = outlen - 1;
	out[n] = '\0';
	return out;
}

char *apierr_pointer_index(char *out, size_t outlen, const char *base, size_t index)
{
	snprintf(out, outlen, "%s/%zu", base, index);
	return out;
}
