/*
 * res_profiles: /v2/messaging_profiles (docs/behaviour.md §2.5): a
 * tenant's profiles and the global ones, created, read, updated and deleted
 * as Telnyx has them, with their numbers, short codes, sender ids, metrics
 * v1 secret and auto-response settings.
 * Calls: autoresp, clock, ids, intake, profile, req, store, util, view, view_account.
 */
#ifndef MDRMOCK_RES_PROFILES_H
#define MDRMOCK_RES_PROFILES_H

#include "req.h"

enum status res_profiles_list(struct req *rq, struct res *rs);
enum status res_profiles_create(struct req *rq, struct res *rs);
enum status res_profiles_get(struct req *rq, struct res *rs);
enum status res_profiles_update(struct req *rq, struct res *rs);
enum status res_profiles_delete(struct req *rq, struct res *rs);
enum status res_profiles_numbers(struct req *rq, struct res *rs);
enum status res_profiles_short_codes(struct req *rq, struct res *rs);
enum status res_profiles_sender_ids(struct req *rq, struct res *rs);
enum status res_profiles_metrics(struct req *rq, struct res *rs);
enum status res_profiles_regenerate(struct req *rq, struct res *rs);

enum status res_autoresp_list(struct req *rq, struct res *rs);
enum status res_autoresp_create(struct req *rq, struct res *rs);
enum status res_autoresp_get(struct req *rq, struct res *rs);
enum status res_autoresp_update(struct req *rq, struct res *rs);
enum status res_autoresp_delete(struct req *rq, struct res *rs);

#endif
