/*
 * res_mock_webhooks: the webhook delivery log and the key that verifies its
 * signatures (docs/behaviour.md §6): GET /_mock/webhooks, GET /_mock/webhook_key.
 * Calls: control, message, req, sign, store, view, jansson.
 */
#ifndef MDRMOCK_RES_MOCK_WEBHOOKS_H
#define MDRMOCK_RES_MOCK_WEBHOOKS_H

#include "req.h"

enum status res_mock_webhooks_list(struct req *rq, struct res *rs);
enum status res_mock_webhooks_key(struct req *rq, struct res *rs);

#endif
