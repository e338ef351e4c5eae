/*
 * view_usage: MDR usage reports as the API shows them (docs/behaviour.md §5.1), in the
 * v2 shape (MdrUsageReport) and the legacy one (MdrUsageReportResponseLegacy),
 * and their rows as a CSV file.  Builds JSON and text from structs; never touches SQL.
 * Calls: message, model, report, report_csv, sign, timefmt, usage, util, view, jansson.
 */
#ifndef MDRMOCK_VIEW_USAGE_H
#define MDRMOCK_VIEW_USAGE_H

#include <jansson.h>

#include "model.h"
#include "report.h"
#include "usage.h"
#include "util.h"

/*
 * A usage report in state st, with its rows when sums is not NULL (a
 * complete report); base_url prefixes report_url.  New reference.
 */
json_t *view_usage(const struct usage_row *u, const struct report_state *st,
                   const struct usage_sums *sums, const char *base_url);

/* The download link of a usage report: base_url/downloads/usage/<id>/<id>.csv?token=... */
char *view_usage_url(const struct usage_row *u, const char *base_url);

/* A usage report as an item of GET /_mock/reports (view_mock_report_item()); its report
 * without result rows (they are read from its download). */
json_t *view_mock_usage(const struct usage_row *u, int64_t now, const char *base_url);

/* The rows as an RFC 4180 CSV (a header, then one row a group) into b. */
void view_usage_csv(const struct usage_sums *sums, struct buf *b);

#endif
