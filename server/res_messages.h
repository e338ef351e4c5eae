/*
 * res_messages: POST /v2/messages and GET /v2/messages/{id} (CONTRACT 2).
 * Calls message, store, view, clock, ids, config.
 */
#ifndef MDRMOCK_RES_MESSAGES_H
#define MDRMOCK_RES_MESSAGES_H

#include "req.h"

enum status res_messages_send(struct req *rq, struct res *rs);
enum status res_messages_get(struct req *rq, struct res *rs);

struct apierr;
struct message;
struct profile;

/*
 * Loads the profile m names into p (*has = 1; the caller releases it with
 * store_profile_release()), or *has = 0 when it names none.  An unknown
 * profile is -1 with e pointing at /messaging_profile_id.
 */
int res_messages_profile(const struct message *m, struct profile *p, int *has,
			 struct apierr *e);

/*
 * Stores a new message (outbound or inbound) under a fresh id with its
 * webhook events (p: its profile, or NULL), and tells the webhook worker and
 * waiting requests.  STORE_OK or STORE_ERROR.
 */
int res_messages_store(struct message *m, const struct profile *p);

#endif
