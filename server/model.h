/*
 * model: the records the server keeps.  Plain structs shared by the
 * validator (message.c), the store and the views; no behaviour here.
 */
#ifndef MDRMOCK_MODEL_H
#define MDRMOCK_MODEL_H

#include <stdint.h>

#include "encoding.h"
#include "ids.h"

enum direction {
	DIR_OUTBOUND,
	DIR_INBOUND,
	DIR_COUNT
};

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
};

/*
 * An MDR report request as stored (CONTRACT 4-5).  Its status is not
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

#endif
