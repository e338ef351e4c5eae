/*
 * res_messages: POST /v2/messages and GET /v2/messages/{id}
 * (docs/behaviour.md §2).
 * Calls: clock, config, ids, intake, message, req, store, util, view.
 */
#ifndef MDRMOCK_RES_MESSAGES_H
#define MDRMOCK_RES_MESSAGES_H

#include "req.h"

enum status res_messages_send(struct req *rq, struct res *rs);
enum status res_messages_get(struct req *rq, struct res *rs);

#endif
