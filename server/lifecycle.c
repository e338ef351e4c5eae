#include "lifecycle.h"

#include <string.h>

/* docs/behaviour.md §2.3: the last seven digits of a +1 NPA 555 01XX number pick the outcome. */
enum scenario lifecycle_scenario(const char *to)
{
	static const char *const suffixes[SCENARIO_COUNT] = {
	    [SCENARIO_DELIVERED] = "5550100",      [SCENARIO_DELIVERY_FAILED] = "5550101",
	    [SCENARIO_SENDING_FAILED] = "5550102", [SCENARIO_UNCONFIRMED] = "5550103",
	    [SCENARIO_SPAM] = "5550104",           [SCENARIO_SLOW] = "5550105",
	    [SCENARIO_REJECTED] = "5550106",
	};
	size_t n = strlen(to);

	if (n < 8 || to[0] != '+')
		return SCENARIO_DELIVERED;
	for (int s = 0; s < SCENARIO_COUNT; s++)
		if (strcmp(to + n - 7, suffixes[s]) == 0)
			return (enum scenario)s;
	return SCENARIO_DELIVERED;
}

static const struct lifecycle_error err_undeliverable = {
    "40008", "Undeliverable",
    "The message could not be delivered to the handset (MOCK scenario 5550101)."};
static const struct lifecycle_error err_not_routable = {
    "40001", "Not routable", "The destination is not routable (MOCK scenario 5550102)."};
static const struct lifecycle_error err_spam = {
    "40002", "Blocked as spam",
    "The message was blocked by the carrier as spam (MOCK scenario 5550104)."};

static void finish(struct lifecycle_state *out, enum msg_status s, int64_t at,
                   const struct lifecycle_error *err)
{
	out->status = s;
	out->completed_at = at;
	out->final = 1;
	out->failed = err != NULL;
	out->error = err;
}

void lifecycle_outbound(const struct lifecycle_timing *t, enum scenario s, int64_t received,
                        int64_t send_at, int64_t now, struct lifecycle_state *out)
{
	int64_t t0 = send_at >= 0 && send_at > received ? send_at : received;
	int64_t end = t->final;
	const struct lifecycle_error *err = NULL;
	enum msg_status final = MSG_DELIVERED;

	out->sent_at = -1;
	out->completed_at = -1;
	out->final = 0;
	out->failed = 0;
	out->error = NULL;

	if (now < t0) {
		out->status = t0 > received ? MSG_SCHEDULED : MSG_QUEUED;
		return;
	}
	if (now < t0 + t->sending) {
		out->status = MSG_QUEUED;
		return;
	}
	if (now < t0 + t->sent) {
		out->status = MSG_SENDING;
		return;
	}
	if (s == SCENARIO_SENDING_FAILED) {
		finish(out, MSG_SENDING_FAILED, t0 + t->sent, &err_not_routable);
		return;
	}
	out->sent_at = t0 + t->sent;
	switch (s) {
	case SCENARIO_DELIVERY_FAILED:
		final = MSG_DELIVERY_FAILED;
		err = &err_undeliverable;
		break;
	case SCENARIO_SPAM:
		final = MSG_DELIVERY_FAILED;
		err = &err_spam;
		break;
	case SCENARIO_UNCONFIRMED:
		final = MSG_DELIVERY_UNCONFIRMED;
		end = t->unconfirmed > t->final ? t->unconfirmed : t->final;
		break;
	case SCENARIO_SLOW:
		end = t->slow > t->final ? t->slow : t->final;
		break;
	default:
		break;
	}
	if (now < t0 + end) {
		out->status = MSG_SENT;
		return;
	}
	finish(out, final, t0 + end, err);
}

void lifecycle_inbound(int64_t received, int64_t delivered, int64_t now,
                       struct lifecycle_state *out)
{
	(void)received;
	out->sent_at = -1;
	out->completed_at = -1;
	out->final = 0;
	out->failed = 0;
	out->error = NULL;
	out->status = MSG_RECEIVED;
	if (delivered >= 0 && now >= delivered)
		finish(out, MSG_DELIVERED, delivered, NULL);
}

void lifecycle_cancelled(int64_t at, struct lifecycle_state *out)
{
	out->status = MSG_CANCELLED;
	out->sent_at = -1;
	out->completed_at = at;
	out->final = 1;
	out->failed = 1;
	out->error = NULL;
}

const char *lifecycle_status_name(enum msg_status s, enum vocabulary v)
{
	static const char *const names[VOCAB_COUNT][MSG_STATUS_COUNT] = {
	    [VOCAB_CURRENT] =
	        {
	            [MSG_SCHEDULED] = "scheduled",
	            [MSG_QUEUED] = "queued",
	            [MSG_SENDING] = "sending",
	            [MSG_SENT] = "sent",
	            [MSG_DELIVERED] = "delivered",
	            [MSG_SENDING_FAILED] = "sending_failed",
	            [MSG_DELIVERY_FAILED] = "delivery_failed",
	            [MSG_DELIVERY_UNCONFIRMED] = "delivery_unconfirmed",
	            [MSG_RECEIVED] = "received",
	            [MSG_CANCELLED] = "cancelled",
	        },
	    /* The seed's words (docs/behaviour.md §2.3); the scheduler queue is "queued" there. */
	    [VOCAB_LEGACY] =
	        {
	            [MSG_SCHEDULED] = "queued",
	            [MSG_QUEUED] = "queued",
	            [MSG_SENDING] = "queued",
	            [MSG_SENT] = "sent",
	            [MSG_DELIVERED] = "delivered",
	            [MSG_SENDING_FAILED] = "gw_timeout",
	            [MSG_DELIVERY_FAILED] = "failed",
	            [MSG_DELIVERY_UNCONFIRMED] = "dlr_timeout",
	            [MSG_RECEIVED] = "received",
	            /* The seed has no word for it: the current one. */
	            [MSG_CANCELLED] = "cancelled",
	        },
	};

	return names[v][s];
}
