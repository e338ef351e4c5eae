/*
 * res_mock_events: GET /_mock/events, the live feed as Server-Sent Events
 * (docs/inspector.md §2): what feed.h holds after the client's
 * Last-Event-ID, then each new event as it comes, a comment every
 * FEED_HEARTBEAT_S seconds meanwhile, the connection held without a thread.
 * Calls: apierr, clock, config, feed, notify, query, req.
 */
#ifndef MDRMOCK_RES_MOCK_EVENTS_H
#define MDRMOCK_RES_MOCK_EVENTS_H

#include "req.h"

#define FEED_HEARTBEAT_S 15

enum status res_mock_events(struct req *rq, struct res *rs);

#endif
