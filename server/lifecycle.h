/*
 * lifecycle: where a message is in its life at a given instant, as a pure
 * function of when it started, its destination's scenario and the time
 * asked about (docs/behaviour.md §2.3).  Nothing is stored when a status changes; every
 * reader computes it from the virtual clock, so advancing the clock moves
 * every message at once.
 * Calls: only libc.
 */
#ifndef MDRMOCK_LIFECYCLE_H
#define MDRMOCK_LIFECYCLE_H

#include <stdint.h>

enum msg_status {
	MSG_SCHEDULED, /* send_at still ahead */
	MSG_QUEUED,
	MSG_SENDING,
	MSG_SENT,
	MSG_DELIVERED,
	MSG_SENDING_FAILED,
	MSG_DELIVERY_FAILED,
	MSG_DELIVERY_UNCONFIRMED,
	MSG_RECEIVED,  /* inbound, not yet handed to the customer */
	MSG_CANCELLED, /* a scheduled message cancelled before its send_at */
	MSG_STATUS_COUNT
};

/* The destination scenarios of docs/behaviour.md §2.3, chosen by the last digits of `to`. */
enum scenario {
	SCENARIO_DELIVERED,       /* every other number, and ...5550100 */
	SCENARIO_DELIVERY_FAILED, /* ...5550101: 40008 Undeliverable */
	SCENARIO_SENDING_FAILED,  /* ...5550102: 40001 Not routable, never sent */
	SCENARIO_UNCONFIRMED,     /* ...5550103: sent, no receipt */
	SCENARIO_SPAM,            /* ...5550104: 40002 Blocked as spam */
	SCENARIO_SLOW,            /* ...5550105: delivered late */
	SCENARIO_REJECTED,        /* ...5550106: refused at send time (40300) */
	SCENARIO_COUNT
};

/* Status vocabularies: the current API's, and the seed document's (docs/behaviour.md §2.3). */
enum vocabulary { VOCAB_CURRENT, VOCAB_LEGACY, VOCAB_COUNT };

/* Milliseconds after the start for each step (MOCK defaults 500, 1000, 3000, 72000, 60000). */
struct lifecycle_timing {
	int64_t sending;
	int64_t sent;
	int64_t final;
	int64_t unconfirmed; /* SCENARIO_UNCONFIRMED's final step */
	int64_t slow;        /* SCENARIO_SLOW's final step */
};

/* The error a failed message carries in errors[]. */
struct lifecycle_error {
	const char *code;
	const char *title;
	const char *detail;
};

struct lifecycle_state {
	enum msg_status status;
	int64_t sent_at;      /* -1 until sent */
	int64_t completed_at; /* -1 until final */
	int final;
	int failed;                          /* final and a failure (report class "errors") */
	const struct lifecycle_error *error; /* NULL unless failed */
};

enum scenario lifecycle_scenario(const char *to);

/*
 * The state at now of an outbound message accepted at received.  send_at is
 * the scheduled start, or -1 to start at once.  Steps before the start are
 * MSG_SCHEDULED (when scheduled) or MSG_QUEUED.
 */
void lifecycle_outbound(const struct lifecycle_timing *t, enum scenario s, int64_t received,
                        int64_t send_at, int64_t now, struct lifecycle_state *out);

/*
 * The state at now of an inbound message: MSG_RECEIVED until delivered
 * (-1 for not yet), then MSG_DELIVERED.
 */
void lifecycle_inbound(int64_t received, int64_t delivered, int64_t now,
                       struct lifecycle_state *out);

/*
 * The state of a scheduled message cancelled at the instant at: final,
 * MSG_CANCELLED, never sent; counted with the errors in reports.
 */
void lifecycle_cancelled(int64_t at, struct lifecycle_state *out);

/* The name of a status in a vocabulary ("delivery_failed" / "failed"). */
const char *lifecycle_status_name(enum msg_status s, enum vocabulary v);

#endif
