/*
 * view_records: message detail records as the synchronous readings show
 * them (docs/behaviour.md §4.5): the search's MessageDetailRecord and the
 * paginated MDR listing's record.  Builds JSON from structs; never touches SQL.
 * Calls: ids, lifecycle, message, model, phone, records, report, util, view, jansson.
 */
#ifndef MDRMOCK_VIEW_RECORDS_H
#define MDRMOCK_VIEW_RECORDS_H

#include <jansson.h>

#include "lifecycle.h"
#include "model.h"
#include "records.h"

/* upstream MessageDetailRecord (GET /v2/detail_records). */
json_t *view_detail_record(const struct message *m, const struct lifecycle_state *st,
                           enum mdr_status status);

/* upstream ReportListMdrsResponse.Data (GET /v2/reports/mdrs). */
json_t *view_mdr(const struct message *m, const struct lifecycle_state *st, enum mdr_status status);

#endif
