/*
 * res_mock_reports: GET /_mock/reports, every tenant's MDR reports of every
 * kind (batch reports in both views, usage reports in both) with their status
 * and download links, newest first, for the inspector's Reports page
 * (docs/behaviour.md §6.1, docs/inspector.md §3).
 * Calls: apierr, clock, query, report, req, store, util, view, view_usage.
 */
#ifndef MDRMOCK_RES_MOCK_REPORTS_H
#define MDRMOCK_RES_MOCK_REPORTS_H

#include "req.h"

/* The most reports one answer lists. */
#define MOCK_REPORTS_MAX 1000

enum status res_mock_reports(struct req *rq, struct res *rs);

#endif
