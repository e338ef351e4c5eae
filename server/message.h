/*
 * message: turning a send request into a message (docs/behaviour.md §2.1), the one
 * validation used by POST /v2/messages and by the fixture loader alike, and
 * the message's state at an instant.
 * Calls: apierr, config, jsonin, lifecycle, model, phone, sign, timefmt, util, jansson.
 */
#ifndef MDRMOCK_MESSAGE_H
#define MDRMOCK_MESSAGE_H

#include <jansson.h>

#include "apierr.h"
#include "lifecycle.h"
#include "model.h"
#include "sign.h"

/* upstream: a message is split into at most this many parts (docs/behaviour.md §2.2). */
#define MESSAGE_MAX_PARTS 10
/* MOCK bounds of a message's tags (docs/behaviour.md §8). */
#define MESSAGE_MAX_TAGS 100
#define MESSAGE_MAX_TAG  256

enum message_source {
	MESSAGE_API,     /* a client's POST /v2/messages */
	MESSAGE_FIXTURE, /* a fixture record: may also set id, received_at, direction, tenant */
	MESSAGE_INBOUND, /* POST /_mock/inbound: from the outside world to one of our numbers */
};

/*
 * Validates body and fills m (zeroed first).  now is the acceptance time
 * for records that do not give one.  Returns 0 with m owning its strings, or
 * -1 with e set and m empty.  The API's id is left "" for the caller.
 */
int message_from_json(json_t *body, enum message_source src, int64_t now, struct message *m,
                      struct apierr *e);

void message_release(struct message *m);

/* The send endpoints of the API, each with its own rules (docs/behaviour.md §2.1). */
enum message_kind {
	MESSAGE_KIND_ANY,          /* POST /v2/messages */
	MESSAGE_KIND_LONG_CODE,    /* /v2/messages/long_code: from is a +E.164 number */
	MESSAGE_KIND_SHORT_CODE,   /* /v2/messages/short_code: from is a short code */
	MESSAGE_KIND_NUMBER_POOL,  /* /v2/messages/number_pool: the profile picks the sender */
	MESSAGE_KIND_ALPHANUMERIC, /* /v2/messages/alphanumeric_sender_id: SMS only */
	MESSAGE_KIND_SCHEDULE,     /* /v2/messages/schedule: send_at required */
	MESSAGE_KIND_GROUP_MMS,    /* one member of /v2/messages/group_mms: from +E.164, MMS */
	MESSAGE_KIND_COUNT
};

/* upstream: send_at lies at least 5 minutes and at most 5 days ahead (docs/behaviour.md §2.3). */
#define MESSAGE_SCHEDULE_MIN_MS (5LL * 60 * 1000)
#define MESSAGE_SCHEDULE_MAX_MS (5LL * 24 * 3600 * 1000)

/*
 * A client's send through one of the endpoints of kind: message_from_json()
 * with the endpoint's own required fields and sender rules, and the
 * scheduling window for send_at on the virtual clock.  Returns 0 with m
 * filled, or -1 with e set and m empty.
 */
int message_from_send(json_t *body, enum message_kind kind, int64_t now, struct message *m,
                      struct apierr *e);

/* upstream: "No more than 8 destinations"; MOCK: a group has at least 2. */
#define MESSAGE_GROUP_MIN 2
#define MESSAGE_GROUP_MAX 8

/*
 * The recipients of a group MMS body: *to (borrowed) is its `to`, an array
 * of 2-8 distinct +E.164 numbers.  0, or -1 with e pointing at the culprit.
 */
int message_group_to(json_t *body, json_t **to, struct apierr *e);

/* An http(s) URL with a host and no spaces; else -1 with e at ptr ("what must be ..."). */
int message_check_url(const char *url, const char *ptr, const char *what, struct apierr *e);

/*
 * The first run of 4 to 8 digits in text (a one-time code) into out: 1, or
 * 0 with out "" (docs/behaviour.md §6).
 */
int message_otp(const char *text, char out[9]);

/*
 * What m costs once final, as Telnyx writes money: a decimal string with
 * four places ("0.0040"), its parts times the configured rate of its type
 * (docs/behaviour.md §2.2); nothing for a cancelled message.  Writes out and
 * returns it.
 */
char *message_cost(const struct message *m, char *out, size_t outlen);
/* The same in ten-thousandths of a dollar, for sums. */
int64_t message_cost_e4(const struct message *m);
/* An amount in ten-thousandths as "12.3456", into out. */
char *message_money(int64_t e4, char *out, size_t outlen);

/*
 * MOCK: the content type of a media URL, from its extension (docs/behaviour.md §2.4);
 * application/octet-stream when unknown.  Static string.
 */
const char *message_media_type(const char *url);

/*
 * MOCK: the size in bytes the mock gives an inbound media URL, 1000-99999, a
 * pure function of the URL, with its SHA-256 (hex) into hash when not NULL
 * (docs/behaviour.md §2.4).  The sum over an inbound message's media is
 * message_media_total(); an outbound message's media have no size here (0).
 */
#define MESSAGE_MEDIA_MIN_SIZE 1000
#define MESSAGE_MEDIA_SIZES    99000
long message_media_size(const char *url, char hash[SIGN_SHA256_HEX_LEN + 1]);
long message_media_total(const struct message *m);

/* The number of characters (Unicode code points) of a UTF-8 text. */
size_t message_num_chars(const char *text);

/* The rate of one part of m ("0.0040"), per --sms-rate / --mms-rate, into out. */
char *message_rate(const struct message *m, char *out, size_t outlen);

/* The message's lifecycle state at now. */
void message_state(const struct message *m, int64_t now, struct lifecycle_state *st);

/* One status of a message's past and the instant it began. */
struct message_step {
	enum msg_status status;
	int64_t at;
};
#define MESSAGE_TIMELINE_MAX 6
/* The statuses m went through by now on the virtual clock (docs/inspector.md §3), oldest first,
 * into out: how many (at most MESSAGE_TIMELINE_MAX). */
size_t message_timeline(const struct message *m, int64_t now, struct message_step *out);

#endif
