/*
 * usage: MDR usage reports as pure logic (docs/behaviour.md §5.1): validating
 * a request of either view (and of the sync call) into a usage_row, and
 * summing records into groups by direction, message type and the
 * aggregation's key (a profile, a tag), with exact integer sums.  The
 * records are those of records.h; the scan is the caller's.
 * Calls: apierr, jsonin, message, model, query, records, report, timefmt, util, jansson.
 */
#ifndef MDRMOCK_USAGE_H
#define MDRMOCK_USAGE_H

#include <jansson.h>
#include <stdint.h>

#include "apierr.h"
#include "model.h"
#include "query.h"
#include "records.h"
#include "report.h"

enum usage_origin { USAGE_V2 = 1, USAGE_LEGACY = 2 };
enum usage_aggregation { USAGE_NONE = 0, USAGE_PROFILE = 1, USAGE_TAGS = 2 };

/* "NO_AGGREGATION", "PROFILE", "TAGS". */
const char *usage_aggregation_name(int aggregation);

/* MOCK: a sync call without start_date covers the 24 hours before its end. */
#define USAGE_SYNC_DEFAULT_MS (24LL * 3600 * 1000)
/* MOCK: at most this many groups; the records past it are summed into one more, "(other)". */
#define USAGE_MAX_GROUPS 10000

/*
 * A create body into u (its id, tenant and created_at are the caller's):
 * v2 takes aggregation_type ("NO_AGGREGATION", "PROFILE", "TAGS"),
 * start_date, end_date (required) and profiles (comma-separated); the legacy
 * view takes aggregation_type (0, 1, 2, required), start_time, end_time
 * (default: the last 24 hours to now) and profiles (an array).  0, or -1
 * with e pointing at the field.
 */
int usage_from_body(json_t *body, enum usage_origin origin, int64_t now, struct usage_row *u,
                    struct apierr *e);

/* GET /v2/reports/mdr_usage_reports/sync's query into u.  0, or -1 with e naming the parameter. */
int usage_from_query(const struct query *q, int64_t now, struct usage_row *u, struct apierr *e);

/* The report's status at now, as a batch report's (docs/behaviour.md §4.2). */
void usage_state(const struct usage_row *u, int64_t now, struct report_state *st);

struct usage_group {
	enum direction direction;
	int mms;
	char *key; /* the profile id or tag ("" for none) */
	int64_t sent, delivered, received, parts, cost_e4;
};

struct usage_sums {
	int aggregation;
	size_t n, cap;
	struct usage_group *g;
	int64_t records; /* every record summed */
};

void usage_sums_init(struct usage_sums *s, int aggregation);
void usage_sums_release(struct usage_sums *s);

/* 1 when a report's parsed profile list (an array; empty or NULL: any) takes m. */
int usage_selects(const json_t *profiles, const struct message *m);

/* Adds a record (m in state st, with its record status) to its groups. */
void usage_add(struct usage_sums *s, const struct message *m, const struct lifecycle_state *st,
               enum mdr_status status);

#endif
