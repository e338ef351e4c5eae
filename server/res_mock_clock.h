/*
 * res_mock_clock: the virtual clock (docs/behaviour.md §1.6, docs/behaviour.md §6):
 * GET and POST /_mock/clock.
 * Calls: clock, jsonin, req, timefmt, view, jansson.
 */
#ifndef MDRMOCK_RES_MOCK_CLOCK_H
#define MDRMOCK_RES_MOCK_CLOCK_H

#include "req.h"

enum status res_mock_clock_get(struct req *rq, struct res *rs);
enum status res_mock_clock_set(struct req *rq, struct res *rs);

#endif
