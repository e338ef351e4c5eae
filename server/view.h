/*
 * view: records as the API shows them (CONTRACT 2.2).  Builds JSON from
 * structs; never touches SQL.  Calls message, lifecycle, report, phone,
 * ids, timefmt, config, jansson.
 */
#ifndef MDRMOCK_VIEW_H
#define MDRMOCK_VIEW_H

#include <jansson.h>
#include <stdint.h>

#include "model.h"

/* The message object as of now, a new reference. */
json_t *view_message(const struct message *m, int64_t now);

/* {"data": obj}, stealing obj. */
json_t *view_data(json_t *obj);

/* A timestamp in the messages' format, or null when ms < 0.  New reference. */
json_t *view_time_ms(int64_t ms);

struct report;

/*
 * A report request as now, in the v1 shape (a bare object, CONTRACT 4.1) or
 * the v2 one (CONTRACT 5).  base_url ("http://host:port", no slash at the
 * end) prefixes report_url.  New reference.
 */
json_t *view_report_v1(const struct report *r, int64_t now, const char *base_url);
json_t *view_report_v2(const struct report *r, int64_t now, const char *base_url);

/* A messaging profile (CONTRACT 6), a new reference. */
json_t *view_profile(const struct profile *p);

/* The download link of a report: base_url/downloads/<id>/<name or id>.csv, percent-encoded. */
char *view_report_url(const struct report *r, const char *base_url);

#endif
