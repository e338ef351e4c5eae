/*
 * res_mock: the control API's simulation calls (docs/behaviour.md §6): messaging
 * profiles, inbound messages (with STOP/START opt-outs, docs/behaviour.md §2.3), the
 * webhook delivery log and the webhook public key.
 * Calls: auth, clock, config, intake, jsonin, lifecycle, longread, message, profile, req, sign,
 * store, timefmt, util, view, view_account.
 */
#ifndef MDRMOCK_RES_MOCK_H
#define MDRMOCK_RES_MOCK_H

#include "req.h"

enum status res_mock_profile_put(struct req *rq, struct res *rs);
enum status res_mock_profile_get(struct req *rq, struct res *rs);
enum status res_mock_inbound(struct req *rq, struct res *rs);
enum status res_mock_webhooks(struct req *rq, struct res *rs);
enum status res_mock_webhook_key(struct req *rq, struct res *rs);

enum status res_mock_messages(struct req *rq, struct res *rs);
enum status res_mock_message(struct req *rq, struct res *rs);
enum status res_mock_latest(struct req *rq, struct res *rs);

#endif
