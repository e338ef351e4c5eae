/*
 * res_mock_tenants: tenants' labels (docs/behaviour.md §6.1): POST and GET /_mock/tenants.
 * Calls: control, jsonin, req, tenants, view, jansson.
 */
#ifndef MDRMOCK_RES_MOCK_TENANTS_H
#define MDRMOCK_RES_MOCK_TENANTS_H

#include "req.h"

enum status res_mock_tenants_label(struct req *rq, struct res *rs);
enum status res_mock_tenants_list(struct req *rq, struct res *rs);

#endif
