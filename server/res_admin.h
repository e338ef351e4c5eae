/*
 * res_admin: the control API under /_mock (docs/behaviour.md §6): health, reset and
 * the virtual clock.
 * Calls: auth, clock, config, fault, feed, fixtures, ids, journal, jsonin, ratelimit, report,
 *   req, store, tenants, ticket, timefmt, util, view, webhook.
 */
#ifndef MDRMOCK_RES_ADMIN_H
#define MDRMOCK_RES_ADMIN_H

#include "req.h"

enum status res_admin_health(struct req *rq, struct res *rs);
enum status res_admin_reset(struct req *rq, struct res *rs);
enum status res_admin_clock_get(struct req *rq, struct res *rs);
enum status res_admin_clock_set(struct req *rq, struct res *rs);

enum status res_admin_faults_add(struct req *rq, struct res *rs);

enum status res_admin_faults_list(struct req *rq, struct res *rs);
enum status res_admin_faults_clear(struct req *rq, struct res *rs);
enum status res_admin_fault_delete(struct req *rq, struct res *rs);
enum status res_admin_tenant_label(struct req *rq, struct res *rs);
enum status res_admin_tenants(struct req *rq, struct res *rs);
enum status res_admin_requests(struct req *rq, struct res *rs);

#endif
