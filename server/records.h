/*
 * records: message detail records as the synchronous reading endpoints read
 * them (docs/behaviour.md §4.5): the MDR search (GET /v2/detail_records)
 * and the paginated MDRs (GET /v2/reports/mdrs).  Turns their query
 * parameters into one record_query with errors that name the parameter,
 * decides whether a message is a record yet and with which status word, and
 * whether it matches.  Pure: the scan is the store's, the JSON the view's.
 * Calls: apierr, lifecycle, message, model, query, timefmt, util, jansson.
 */
#ifndef MDRMOCK_RECORDS_H
#define MDRMOCK_RECORDS_H

#include <jansson.h>
#include <stdint.h>

#include "apierr.h"
#include "lifecycle.h"
#include "model.h"
#include "query.h"

/* upstream: the reporting backend's status words (OpenAPI MessageDetailRecord.status). */
enum mdr_status {
	MDR_GW_TIMEOUT,
	MDR_DELIVERED,
	MDR_DLR_UNCONFIRMED,
	MDR_DLR_TIMEOUT,
	MDR_RECEIVED,
	MDR_GW_REJECT,
	MDR_FAILED,
	MDR_STATUS_COUNT
};

/* "gw_timeout" ... or, with upper, "GW_TIMEOUT" ...; the inverse is case-sensitive, -1 if none. */
const char *records_status_name(enum mdr_status s, int upper);
int records_status_from_name(const char *name, int upper);

enum text_match { TEXT_EQ, TEXT_CONTAINS, TEXT_STARTS_WITH, TEXT_ENDS_WITH };

struct text_filter {
	int on;
	enum text_match how;
	const char *value; /* borrowed from the query */
};

/* upstream: the search's page[size] is 1-50 (20 by default). */
#define RECORDS_SEARCH_MAX_PAGE 50

/* What a reading selects and how it pages.  Strings are borrowed from the query. */
struct record_query {
	int64_t from, until; /* created (received_at) in [from, until) */
	unsigned directions; /* bits 1 << enum direction; 0: both */
	unsigned statuses;   /* bits 1 << enum mdr_status; 0: any */
	unsigned types;      /* bit 0 SMS, bit 1 MMS; 0: both */
	struct text_filter cli, cld;
	const char *id;           /* one message id (lower case), or NULL */
	const char *profile_id;   /* or NULL */
	const char *profile_name; /* or NULL */
	const char *tag;          /* a tag the record carries, or NULL */
	int descending;           /* newest first */
	long page, size;
};

/* GET /v2/detail_records: filter[...], sort, page[...] at now.  0, or -1 with e naming the
 * parameter. */
int records_from_search(const struct query *q, int64_t now, struct record_query *rq,
                        struct apierr *e);

/* GET /v2/reports/mdrs: start_date, end_date, id, direction, profile, cld, cli, status,
 * message_type. */
int records_from_mdrs(const struct query *q, int64_t now, struct record_query *rq,
                      struct apierr *e);

/*
 * The record m is at now: 1 with *status and st set when it is one (an
 * outbound message once final, an inbound one at once), 0 while it is in
 * flight.  MOCK: the status is the seed's word for the state, in the
 * backend's spelling (docs/behaviour.md §4.5).
 */
int records_status(const struct message *m, int64_t now, struct lifecycle_state *st,
                   enum mdr_status *status);

/* 1 when s (NULL: never) matches value as how says. */
int records_text_match(enum text_match how, const char *s, const char *value);

/* 1 when the stored JSON array of tags holds want (a string) or any of want (an array). */
int records_has_tags(const char *tags, const json_t *want);

/* 1 when m is a record at now that rq selects (the window is the scan's). */
int records_match(const struct record_query *rq, const struct message *m, int64_t now,
                  struct lifecycle_state *st, enum mdr_status *status);

#endif
