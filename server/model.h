/*
 * model: the records the server keeps.  Plain structs shared by the
 * validator (message.c), the store and the views, and the one home of the
 * words their enums are stored and shown as; no behaviour beyond that.
 * Calls: encoding, ids.
 */
#ifndef MDRMOCK_MODEL_H
#define MDRMOCK_MODEL_H

#include <stdint.h>

#include "encoding.h"
#include "ids.h"

enum direction { DIR_OUTBOUND, DIR_INBOUND, DIR_COUNT };

/*
 * A message as stored.  Strings are owned (message_release() frees them);
 * tenant NULL marks a global record (a fixture without a tenant).  Times are
 * virtual ms since the epoch; -1 for "none".  Statuses are not stored: they
 * follow from the times (lifecycle.h).
 */
struct message {
	char id[IDS_UUID_LEN + 1];
	char *tenant;
	int fixture;
	enum direction direction;
	int mms;
	char *profile_id; /* NULL when none */
	char *from;
	char *to;
	char *text;       /* "" when none */
	char *subject;    /* NULL when none */
	char *media_urls; /* JSON array text */
	char *webhook_url;
	char *webhook_failover_url;
	int use_profile_webhooks;
	enum encoding_kind encoding;
	int parts;
	char *tags; /* JSON array text */
	int64_t received_at;
	int64_t send_at;      /* outbound: scheduled start, or -1 */
	int64_t delivered_at; /* inbound: handed over, or -1 */
	int64_t cancelled_at; /* outbound: a scheduled message cancelled, or -1 */
	char *group_id;       /* a group MMS member: the group's first message id, else NULL */
	char *cc;             /* JSON array text: a group's other recipients ("[]" or NULL: none) */
	char *connection_id;  /* its profile's connection; set by report scans only */
	char *profile_name;   /* its profile's name; set by report scans only */
};

/*
 * A messaging profile (docs/behaviour.md §2.5).  NULL strings are absent.
 * settings is the JSON object text of its other Telnyx fields, which
 * profile.c validates and the view shows as they are.
 */
struct profile {
	char *id;
	char *tenant; /* NULL: global (fixtures, the control API) */
	char *name;
	char *webhook_url;
	char *webhook_failover_url;
	char *connection_id;
	char *settings;
	int64_t created_at;
	int64_t updated_at;
	int fixture;
};

/* Telnyx's phone number ids are numeric strings; ours have at most 19 digits. */
#define NUMBER_ID_LEN 19

/* One of a tenant's numbers and the profile it is in (docs/behaviour.md §2.5). */
struct number {
	char id[NUMBER_ID_LEN + 1];
	char *tenant;
	char *phone_number;
	char *profile_id;
	char *tags; /* JSON array text */
	int64_t created_at;
	int64_t updated_at;
};

/* A profile's auto-response setting (docs/behaviour.md §2.5). */
enum autoresp_op { AUTORESP_START, AUTORESP_STOP, AUTORESP_INFO, AUTORESP_OP_COUNT };
struct autoresp {
	char id[IDS_UUID_LEN + 1];
	char *tenant;
	char *profile_id;
	enum autoresp_op op;
	char *keywords; /* JSON array text of upper-case words */
	char *country_code;
	char *resp_text; /* NULL when none */
	int64_t created_at;
	int64_t updated_at;
};

/* An opt-out (docs/behaviour.md §2.3): from may not message to any more. */
struct optout {
	char *tenant; /* NULL: for everyone */
	char *from;
	char *to;
	char *keyword;    /* NULL when none */
	char *profile_id; /* NULL when none */
	int64_t created_at;
};

/* The webhook event types (docs/behaviour.md §3). */
enum event_type { EVENT_SENT, EVENT_FINALIZED, EVENT_RECEIVED, EVENT_TYPE_COUNT };

/* A webhook event due for delivery at a virtual instant. */
struct outbox_event {
	int64_t seq;
	char event_id[IDS_UUID_LEN + 1];
	char message_id[IDS_UUID_LEN + 1];
	enum event_type type;
	int64_t due_at;
};

/* Where a delivery ended (outbox.state). */
enum outbox_state {
	OUTBOX_PENDING,
	OUTBOX_DELIVERED,
	OUTBOX_FAILED,   /* every target failed every attempt */
	OUTBOX_NO_TARGET /* nothing to deliver to, or the message is gone */
};

/* One delivery attempt, as logged.  Strings borrowed in callbacks. */
struct attempt {
	const char *event_id;
	const char *message_id;
	const char *tenant; /* NULL: a global message */
	enum event_type type;
	const char *url;
	int number;        /* 1.. per URL */
	int64_t at;        /* real ms since the epoch */
	int64_t vat;       /* virtual ms, for the log's retention */
	int status;        /* HTTP status, 0 when there was no answer */
	const char *error; /* NULL when answered */
	int64_t latency_ms;
	int ok;
	/* What was sent and answered (docs/behaviour.md §3.3): NULL when not kept or not read. */
	const char *request_body;
	const char *timestamp, *signature; /* the telnyx-timestamp and -signature headers */
	const char *response_body;         /* NULL: no answer; at most 4 KiB of it, as text */
	int response_truncated;            /* the answer was longer */
};

/*
 * An MDR report request as stored (docs/behaviour.md §4, docs/behaviour.md §5).  Its status is not
 * stored: it follows from created_at, the clock and failed (report.h).
 * spec is the canonical JSON of the selectors, written and read by
 * report.c.  Strings are owned (report_row_release() frees them).
 */
struct report_row {
	char id[IDS_UUID_LEN + 1];
	char *tenant; /* never NULL: "" in shared tenancy */
	int origin;   /* 1: created through v1, 2: through v2 */
	int64_t created_at;
	int64_t start_ms; /* the window, [start, end) */
	int64_t end_ms;
	char *name;     /* NULL when none */
	char *timezone; /* IANA name */
	int include_body;
	int failed; /* a fault made it fail */
	char *spec;
};

/*
 * An MDR usage report request as stored (docs/behaviour.md §5.1).  Its status
 * follows from created_at, the clock and failed, as a batch report's does;
 * its result is computed from the records as of its completion.
 */
struct usage_row {
	char id[IDS_UUID_LEN + 1];
	char *tenant;
	int origin;      /* 1: /v2/reports/mdr_usage_reports, 2: the legacy path */
	int aggregation; /* 0: none, 1: by profile, 2: by tag */
	int64_t start_ms, end_ms;
	char *profiles; /* JSON array text of profile ids; [] for all */
	int64_t created_at;
	int failed;
};

/* "outbound", "inbound"; the inverse gives -1 for any other name. */
const char *model_direction_name(enum direction d);
int model_direction_from_name(const char *name);

/* Frees what a profile owns and zeroes it (a zeroed one is fine to free). */
void model_profile_free(struct profile *p);

/* "start", "stop", "info"; the inverse gives -1 for any other word (or NULL). */
const char *model_autoresp_op_name(enum autoresp_op op);
int model_autoresp_op_from_name(const char *name);

/* "MMS" when mms, else "SMS". */
const char *model_type_name(int mms);

/* "message.sent" ...; the inverse gives -1 for an unknown name (or NULL). */
const char *model_event_name(enum event_type t);
int model_event_from_name(const char *name);

#endif
