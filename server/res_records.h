/*
 * res_records: the synchronous readings of message detail records
 * (docs/behaviour.md §4.5): GET /v2/detail_records (the MDR search) and
 * GET /v2/reports/mdrs (the paginated MDRs), one scan of the tenant's
 * records in constant memory.
 * Calls: clock, longread, records, req, store, view, view_records.
 */
#ifndef MDRMOCK_RES_RECORDS_H
#define MDRMOCK_RES_RECORDS_H

#include "req.h"

enum status res_records_search(struct req *rq, struct res *rs);
enum status res_records_mdrs(struct req *rq, struct res *rs);

#endif
