/*
 * res_mock_server: the server as a whole under /_mock (docs/behaviour.md §6): GET /_mock/health and
 * POST /_mock/reset (everything, or one tenant's data on the store's thread).
 * Calls: clock, config, control, fault, fixtures, ids, journal, ratelimit, req, store, tenants,
 *   ticket, util, view.
 */
#ifndef MDRMOCK_RES_MOCK_SERVER_H
#define MDRMOCK_RES_MOCK_SERVER_H

#include "req.h"

enum status res_mock_server_health(struct req *rq, struct res *rs);
enum status res_mock_server_reset(struct req *rq, struct res *rs);

#endif
