/*
 * res_mock_messages: every tenant's messages (docs/behaviour.md §6): the search
 * GET /_mock/messages, one message with its timeline, the newest to a number (with
 * its code), and inbound messages, POST /_mock/inbound (with STOP/START opt-outs,
 * docs/behaviour.md §2.3).
 * Calls: auth, clock, config, control, intake, jsonin, lifecycle, longread, message, req, store,
 *   ticket, util, view, jansson.
 */
#ifndef MDRMOCK_RES_MOCK_MESSAGES_H
#define MDRMOCK_RES_MOCK_MESSAGES_H

#include "req.h"

enum status res_mock_messages_list(struct req *rq, struct res *rs);
enum status res_mock_messages_get(struct req *rq, struct res *rs);
enum status res_mock_messages_latest(struct req *rq, struct res *rs);
enum status res_mock_messages_inbound(struct req *rq, struct res *rs);

#endif
