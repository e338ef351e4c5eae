#include "status.h"

#include <stddef.h>

static const char *const reasons[] = {
    [S_OK] = "OK",
    [S_NO_CONTENT] = "No Content",
    [S_BAD_REQUEST] = "Bad Request",
    [S_UNAUTHORIZED] = "Unauthorized",
    [S_FORBIDDEN] = "Forbidden",
    [S_NOT_FOUND] = "Not Found",
    [S_METHOD_NOT_ALLOWED] = "Method Not Allowed",
    [S_REQUEST_TIMEOUT] = "Request Timeout",
    [S_CONFLICT] = "Conflict",
    [S_GONE] = "Gone",
    [S_PAYLOAD_TOO_LARGE] = "Payload Too Large",
    [S_URI_TOO_LONG] = "URI Too Long",
    [S_UNSUPPORTED_MEDIA_TYPE] = "Unsupported Media Type",
    [S_TOO_MANY_REQUESTS] = "Too Many Requests",
    [S_INTERNAL_SERVER_ERROR] = "Internal Server Error",
    [S_SERVICE_UNAVAILABLE] = "Service Unavailable",
    /* Statuses only injected faults answer with. */
    [402] = "Payment Required",
    [422] = "Unprocessable Entity",
    [502] = "Bad Gateway",
    [504] = "Gateway Timeout",
};

const char *status_reason(enum status s)
{
	if ((size_t)s < sizeof reasons / sizeof reasons[0] && reasons[s] != NULL)
		return reasons[s];
	return "Unknown";
}
