/*
 * routes: the table of contents of the HTTP surface, one line per endpoint
 * (STYLE 4).  The gate in router.c reads the flags; see router.h.
 */
#include "res_admin.h"
#include "res_messages.h"
#include "router.h"

const struct route routes[] = {
	/* Messaging, v2 (CONTRACT 2). */
	{METHOD_POST, "/v2/messages", res_messages_send, ROUTE_AUTH_V2 | ROUTE_BODY},
	{METHOD_GET, "/v2/messages/{id}", res_messages_get, ROUTE_AUTH_V2},

	/* Control API (CONTRACT 6). */
	{METHOD_GET, "/_mock/health", res_admin_health, 0},
	{METHOD_POST, "/_mock/reset", res_admin_reset, ROUTE_BODY_OPTIONAL},
	{METHOD_GET, "/_mock/clock", res_admin_clock_get, 0},
	{METHOD_POST, "/_mock/clock", res_admin_clock_set, ROUTE_BODY},
};

const size_t routes_count = sizeof routes / sizeof routes[0];
