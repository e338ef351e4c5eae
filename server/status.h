/*
 * status: the HTTP answers the server gives.  The enum values are the HTTP
 * status codes themselves, so a handler's return value goes on the wire as
 * it is (quark's enum status).
 * Calls: only libc.
 */
#ifndef MDRMOCK_STATUS_H
#define MDRMOCK_STATUS_H

enum status {
	S_OK = 200,
	S_NO_CONTENT = 204,
	S_BAD_REQUEST = 400,
	S_UNAUTHORIZED = 401,
	S_FORBIDDEN = 403,
	S_NOT_FOUND = 404,
	S_METHOD_NOT_ALLOWED = 405,
	S_REQUEST_TIMEOUT = 408,
	S_CONFLICT = 409,
	S_GONE = 410,
	S_PAYLOAD_TOO_LARGE = 413,
	S_URI_TOO_LONG = 414,
	S_UNSUPPORTED_MEDIA_TYPE = 415,
	S_TOO_MANY_REQUESTS = 429,
	S_INTERNAL_SERVER_ERROR = 500,
	S_SERVICE_UNAVAILABLE = 503,
};

/* The reason phrase for a status ("Not Found"); "Unknown" for others. */
const char *status_reason(enum status s);

#endif
