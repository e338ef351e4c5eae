/*
 * res_mock_profiles: profiles set up from a test (docs/behaviour.md §6): PUT and GET
 * /_mock/messaging_profiles/{id}.
 * Calls: clock, profile, req, store, view, view_account.
 */
#ifndef MDRMOCK_RES_MOCK_PROFILES_H
#define MDRMOCK_RES_MOCK_PROFILES_H

#include "req.h"

enum status res_mock_profiles_put(struct req *rq, struct res *rs);
enum status res_mock_profiles_get(struct req *rq, struct res *rs);

#endif
