/*
 * res_reports: MDR report requests through both views, v1
 * /reporting/mdr_requests (docs/behaviour.md §4) and v2
 * /v2/legacy/reporting/batch_detail_records/messaging (docs/behaviour.md §5), one
 * core with the view as a flag (docs/design.md §2), and the CSV download.
 * Calls: clock, fault, ids, lifecycle, message, report, report_csv, req, sign, store, util, view.
 */
#ifndef MDRMOCK_RES_REPORTS_H
#define MDRMOCK_RES_REPORTS_H

#include "req.h"

enum status res_reports_v1_create(struct req *rq, struct res *rs);
enum status res_reports_v1_list(struct req *rq, struct res *rs);
enum status res_reports_v1_get(struct req *rq, struct res *rs);
enum status res_reports_v1_delete(struct req *rq, struct res *rs);

enum status res_reports_v2_create(struct req *rq, struct res *rs);
enum status res_reports_v2_list(struct req *rq, struct res *rs);
enum status res_reports_v2_get(struct req *rq, struct res *rs);
enum status res_reports_v2_delete(struct req *rq, struct res *rs);

/* GET /downloads/{id}/{file}: the CSV, streamed (docs/behaviour.md §4.4). */
enum status res_reports_download(struct req *rq, struct res *rs);

#endif
