/*
 * res_messages: POST /v2/messages and GET /v2/messages/{id}
 * (docs/behaviour.md §2).
 * Calls: clock, config, ids, intake, message, req, store, util, view.
 */
#ifndef MDRMOCK_RES_MESSAGES_H
#define MDRMOCK_RES_MESSAGES_H

#include "req.h"

enum status res_messages_send(struct req *rq, struct res *rs);
enum status res_messages_send_long_code(struct req *rq, struct res *rs);
enum status res_messages_send_short_code(struct req *rq, struct res *rs);
enum status res_messages_send_number_pool(struct req *rq, struct res *rs);
enum status res_messages_send_alphanumeric(struct req *rq, struct res *rs);
enum status res_messages_schedule(struct req *rq, struct res *rs);
enum status res_messages_cancel(struct req *rq, struct res *rs);
enum status res_messages_get(struct req *rq, struct res *rs);

enum status res_messages_group_mms(struct req *rq, struct res *rs);
enum status res_messages_group(struct req *rq, struct res *rs);

enum status res_messages_other_channel(struct req *rq, struct res *rs);

#endif
