/*
 * res_usage: MDR usage reports (docs/behaviour.md §5.1): /v2/reports/mdr_usage_reports
 * (asynchronous, and /sync at once) and /v2/legacy/reporting/usage_reports/messaging,
 * summed from the tenant's records by one scan, and their files under /downloads/usage.
 * Calls: clock, ids, lifecycle, longread, message, records, report, report_csv, req, sign, store,
 *   ticket, usage, util, view, view_usage.
 */
#ifndef MDRMOCK_RES_USAGE_H
#define MDRMOCK_RES_USAGE_H

#include "req.h"

enum status res_usage_create(struct req *rq, struct res *rs);
enum status res_usage_list(struct req *rq, struct res *rs);
enum status res_usage_get(struct req *rq, struct res *rs);
enum status res_usage_delete(struct req *rq, struct res *rs);
enum status res_usage_sync(struct req *rq, struct res *rs);
enum status res_usage_legacy_create(struct req *rq, struct res *rs);
enum status res_usage_legacy_list(struct req *rq, struct res *rs);
enum status res_usage_legacy_get(struct req *rq, struct res *rs);
enum status res_usage_legacy_delete(struct req *rq, struct res *rs);
enum status res_usage_download(struct req *rq, struct res *rs);

#endif
