/*
 * apierr: the error a request ends with, carried in a caller-supplied
 * struct from wherever it is detected to the one function that turns it into
 * the Telnyx envelope (docs/behaviour.md §1.3):
 *
 *   {"errors":[{"code":"10015","title":"Bad Request","detail":"...",
 *               "source":{"pointer":"/to"}}]}
 *
 * Validators fill it and return -1; handlers never format an error body by
 * hand (docs/design.md §8).
 * Calls: status, jansson.
 */
#ifndef MDRMOCK_APIERR_H
#define MDRMOCK_APIERR_H

#include <jansson.h>

#include "status.h"

/* The error rows of docs/behaviour.md §1.3, and the codes the scenarios add. */
enum apierr_kind {
	APIERR_NONE,
	APIERR_BAD_REQUEST,  /* 400 10015 */
	APIERR_BAD_JSON,     /* 400 10023 */
	APIERR_MISSING,      /* 400 10004 */
	APIERR_BAD_FROM,     /* 400 10016 */
	APIERR_BAD_TO,       /* 400 40310 */
	APIERR_TOO_LONG,     /* 400 40302 */
	APIERR_BLOCKED,      /* 409 40300 */
	APIERR_AUTH,         /* 401 10009 */
	APIERR_FORBIDDEN,    /* 403 10015: an action the resource's state does not allow */
	APIERR_NOT_ENABLED,  /* 403 10010: a channel this account does not have */
	APIERR_CROSS_SITE,   /* 403 10010: a Host or a browser origin not admitted (§6.5) */
	APIERR_NOT_FOUND,    /* 404 10005 */
	APIERR_METHOD,       /* 405 10015 */
	APIERR_GONE,         /* 410 10005 */
	APIERR_SLOW_BODY,    /* 408 10015: a body that arrives slower than the floor (§8) */
	APIERR_TOO_LARGE,    /* 413 10015 */
	APIERR_URI_TOO_LONG, /* 414 10015 */
	APIERR_MEDIA_TYPE,   /* 415 10014 */
	APIERR_INTERNAL,     /* 500 10007 */
	APIERR_TOO_MANY,     /* 429 10011: a tenant's long reads are all in use (§8) */
	APIERR_BUSY,         /* 503 10007: the server's bounds are full; Retry-After */
	APIERR_INJECTED,     /* an injected fault: status and code as the fault says */
	APIERR_KIND_COUNT
};

struct apierr {
	enum apierr_kind kind;
	char detail[256];
	char pointer[160];  /* RFC 6901 pointer into the body, "" if none */
	char parameter[64]; /* query parameter name, "" if none */
	int has_pointer;    /* distinguishes the root pointer "" from none */
	int status;         /* APIERR_INJECTED only */
	char code[16];      /* APIERR_INJECTED only */
};

/* Records an injected fault's answer (docs/behaviour.md §6).  Returns -1. */
int apierr_injected(struct apierr *e, int status, const char *code);

/* Starts with no error. */
void apierr_init(struct apierr *e);

/*
 * Records an error at a body pointer (NULL for none) with a printf-style
 * detail.  Returns -1, so validators can `return apierr_at(...)`.
 */
int apierr_at(struct apierr *e, enum apierr_kind kind, const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records an error naming a query parameter.  Returns -1. */
int apierr_param(struct apierr *e, enum apierr_kind kind, const char *parameter, const char *fmt,
                 ...) __attribute__((format(printf, 4, 5)));

enum status apierr_status(const struct apierr *e);
const char *apierr_code(const struct apierr *e);
const char *apierr_title(const struct apierr *e);

/*
 * Builds "<base>/<token>" into out, escaping '~' and '/' in token as
 * RFC 6901 requires.  Returns out.
 */
char *apierr_pointer(char *out, size_t outlen, const char *base, const char *token);
/* Same for an array index. */
char *apierr_pointer_index(char *out, size_t outlen, const char *base, size_t index);

#endif
