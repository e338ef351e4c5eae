/*
 * report: MDR report requests as pure logic (docs/behaviour.md §4, docs/behaviour.md §5):
 * validating a create body of either view into a report with pointers at the offending element, the
 * canonical selector spec stored with it, its status at an instant, which messages it selects
 * (window, directions, record types, profiles, connections, filters left to right) and their CSV
 * rows.  No SQL and no HTTP. Calls: apierr, clock, config, jsonin, lifecycle, message, model,
 * records, timefmt, tz, util, jansson.
 */
#ifndef MDRMOCK_REPORT_H
#define MDRMOCK_REPORT_H

#include <jansson.h>
#include <stdint.h>

#include "apierr.h"
#include "lifecycle.h"
#include "model.h"
#include "records.h"
#include "util.h"

enum report_origin {
	REPORT_V1 = 1, /* /reporting/mdr_requests */
	REPORT_V2 = 2, /* /v2/legacy/reporting/batch_detail_records/messaging */
};

/* upstream status integers (docs/behaviour.md §4.2). */
enum report_status {
	REPORT_PENDING = 1,
	REPORT_COMPLETE = 2,
	REPORT_FAILED = 3,
	REPORT_EXPIRED = 4,
};

/* upstream record_types integers; the classes do not overlap (docs/behaviour.md §4.1). */
enum record_class {
	RECORD_COMPLETE = 1,
	RECORD_INCOMPLETE = 2,
	RECORD_ERRORS = 3,
};

enum filter_field {
	FILTER_CLI, /* the from number */
	FILTER_CLD, /* the to number */
	FILTER_TAGS,
};

#define REPORT_MAX_FILTERS 100
#define REPORT_MAX_NAME    255

struct report_filter {
	int is_or;
	enum filter_field field;
	enum text_match match; /* records.h: contains, starts_with or ends_with */
	const char *value;     /* cli/cld; borrowed from the report's spec */
	json_t *tags;          /* FILTER_TAGS: an array of strings, borrowed from the spec */
};

/* A report with its selectors parsed.  report_release() frees it. */
struct report {
	struct report_row row;
	json_t *spec;        /* the canonical selectors (owned) */
	unsigned directions; /* bits 1 << enum direction; 0 = every direction */
	unsigned records;    /* bits 1 << enum record_class; 0 = every class */
	json_t *profiles;    /* arrays in spec (borrowed); empty = all */
	json_t *connections;
	size_t nfilters;
	struct report_filter *filters;
};

/*
 * Validates a create body of the given view and fills r, created at now;
 * the caller sets r->row.id and r->row.tenant.  Returns 0, or -1 with e
 * pointing at the offending element and r empty.
 */
int report_from_json(json_t *body, enum report_origin origin, int64_t now, struct report *r,
                     struct apierr *e);

/*
 * Builds a report from a stored row, taking ownership of its strings
 * (row is left empty).  Returns 0, or -1 when the spec cannot be read.
 */
int report_load(struct report_row *row, struct report *r);

void report_release(struct report *r);
void report_row_release(struct report_row *row);

struct report_state {
	enum report_status status;
	int64_t completed_at; /* when its rows were fixed; -1 while pending */
	int64_t updated_at;   /* the last status change */
	int downloadable;     /* complete and not expired */
};

/* The report's status at now (docs/behaviour.md §4.2), with the configured delay and retention. */
void report_state(const struct report_row *row, int64_t now, struct report_state *st);

/* "PENDING", "COMPLETE", ... (the v2 view's spelling). */
const char *report_status_name(enum report_status s);

/* The record class of a message in state st. */
enum record_class report_class(const struct lifecycle_state *st);

/*
 * Whether r selects m, with m's state as of completed_at (written to st).
 * The window and "created by then" are the caller's query; this checks
 * the selectors.  1 or 0.
 */
int report_selects(const struct report *r, const struct message *m, int64_t completed_at,
                   struct lifecycle_state *st);

/* The strings of a JSON array of tags joined by commas, appended to out ("vip,eu"). */
void report_join_tags(const json_t *tags, struct buf *out);
/* The same for a stored JSON array text (NULL, unreadable or empty: nothing). */
void report_join_tags_text(const char *tags_text, struct buf *out);

/* The filter list alone, left to right (exposed for the tests). */
int report_filters_match(const struct report *r, const struct message *m);

#endif
