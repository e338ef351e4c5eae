/*
 * res_numbers: a tenant's phone numbers with their messaging settings
 * (/v2/phone_numbers/messaging, /v2/phone_numbers/{id}/messaging) and its
 * opt-outs (/v2/messaging_optouts), per docs/behaviour.md §2.5.
 * Calls: clock, intake, jsonin, phone, profile, req, store, util, view, view_account.
 */
#ifndef MDRMOCK_RES_NUMBERS_H
#define MDRMOCK_RES_NUMBERS_H

#include "req.h"

enum status res_numbers_list(struct req *rq, struct res *rs);
enum status res_numbers_get(struct req *rq, struct res *rs);
enum status res_numbers_update(struct req *rq, struct res *rs);
enum status res_optouts_list(struct req *rq, struct res *rs);

#endif
