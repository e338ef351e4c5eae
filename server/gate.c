#include "gate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "config.h"
#include "fault.h"
#include "feed.h"
#include "ids.h"
#include "jsonin.h"
#include "log.h"
#include "origin.h"
#include "query.h"
#include "router.h"
#include "store.h"
#include "util.h"
#include "view.h"
#include "webhook.h"

int gate_is_json_type(const char *ct)
{
	static const char json[] = "application/json";
	size_t n = sizeof json - 1;

	while (*ct == ' ')
		ct++;
	if (strncasecmp(ct, json, n) != 0)
		return 0;
	ct += n;
	while (*ct == ' ')
		ct++;
	return *ct == '\0' || *ct == ';';
}

int gate_begin(struct req *rq, struct res *rs)
{
	struct apierr e;
	const char *bad;
	enum router_result r;
	unsigned flags;

	apierr_init(&e);
	/* A page that reached this server under a name of its own (DNS rebinding) is refused
	 * before anything else (docs/behaviour.md §6.5). */
	if (!origin_host_ok(rq->host)) {
		apierr_at(
		    &e, APIERR_CROSS_SITE, NULL,
		    "The Host header does not name this server; to answer that name, start it "
		    "with --allowed-hosts NAME (MDRMOCK_ALLOWED_HOSTS).");
		res_error(rs, &e);
		return 1;
	}
	r = router_match(routes, routes_count, rq->method, rq->path, &rq->route, rq->captures,
	                 &rq->ncaptures, rs->allow, sizeof rs->allow);
	/* An unmatched path still belongs to an area: /_mock/nothing is the control API's. */
	flags = r == ROUTER_FOUND && rq->method != METHOD_OPTIONS
	            ? rq->route->flags
	            : router_area_flags(routes, routes_count, rq->path);
	rq->control = (flags & ROUTE_CONTROL) != 0;
	rq->area = (flags & (ROUTE_AUTH_V1 | ROUTE_AUTH_V2)) && !rq->control ? ORIGIN_AREA_API
	                                                                     : ORIGIN_AREA_OWN;
	/* A page of another origin changes and reads nothing, preflights included (§6.5). */
	if (origin_check(
	        rq->origin, rq->fetch_site, rq->fetch_mode, rq->host, (enum origin_area)rq->area,
	        r == ROUTER_FOUND && rq->method == METHOD_GET && (flags & ROUTE_PAGE)) != 0) {
		apierr_at(
		    &e, APIERR_CROSS_SITE, NULL,
		    rq->area == ORIGIN_AREA_API
		        ? "This origin may not call the API; list it with --cors-origin ORIGIN "
		          "(MDRMOCK_CORS_ORIGIN)."
		        : "Only the server's own pages may call the control API and the "
		          "downloads; list another origin with --control-origin ORIGIN "
		          "(MDRMOCK_CONTROL_ORIGIN).");
		res_error(rs, &e);
		return 1;
	}
	/* A browser's preflight, any path: what it may send (docs/behaviour.md §6.5). */
	if (rq->method == METHOD_OPTIONS) {
		rs->status = S_NO_CONTENT;
		rs->preflight = 1;
		return 1;
	}
	switch (r) {
	case ROUTER_FOUND:
		break;
	case ROUTER_NOT_FOUND:
		res_no_route(rs);
		return 1;
	case ROUTER_METHOD_NOT_ALLOWED:
		res_fail(rs, APIERR_METHOD,
		         "This endpoint does not answer that method; see Allow.");
		return 1;
	case ROUTER_BAD_PATH:
		res_fail(rs, APIERR_BAD_REQUEST,
		         "The path is malformed (bad escape, %00, or a '.' or '..' segment).");
		return 1;
	case ROUTER_TOO_LONG:
	case ROUTER_RESULT_COUNT:
		res_fail(rs, APIERR_URI_TOO_LONG, "The request path is too long.");
		return 1;
	}
	flags = rq->route->flags;
	if (rq->control) {
		/* --admin-token guards the control API (docs/behaviour.md §6). */
		if (config.admin_token != NULL &&
		    !auth_admin_ok(rq->authorization, config.admin_token)) {
			res_fail(rs, APIERR_AUTH,
			         "The control API needs 'Authorization: Bearer <--admin-token>'.");
			/* A page a browser opens asks for the token as a password. */
			rs->ask_basic = (flags & ROUTE_PAGE) != 0;
			return 1;
		}
	} else if (fault_any()) {
		struct fault_hit hit;
		/* Faults match the decoded path and the caller (docs/behaviour.md §6.2). */
		char *decoded = query_decode(rq->path, strlen(rq->path), 0);
		int hit_it;

		/* The caller, if its credentials pass: kept for the check below (NULL: checked
		 * there). */
		if (flags & (ROUTE_AUTH_V1 | ROUTE_AUTH_V2)) {
			struct apierr ignored;

			apierr_init(&ignored);
			rq->tenant = auth_tenant(rq->authorization, rq->x_api_token,
			                         (flags & ROUTE_AUTH_V1) != 0, &ignored);
		}
		hit_it = fault_check(req_method_name(rq->method), decoded ? decoded : rq->path,
		                     rq->tenant, &hit);
		free(decoded);
		if (hit_it) {
			rq->has_fault = 1;
			rq->fault.status = hit.status;
			snprintf(rq->fault.code, sizeof rq->fault.code, "%s", hit.code);
			rq->fault.delay_ms = hit.delay_ms;
			rq->fault.retry_after = hit.retry_after;
			if (hit.status != 0 && hit.delay_ms == 0) {
				/* Journaled with its caller, rq->tenant (docs/behaviour.md §6.3).
				 */
				apierr_injected(&e, hit.status, hit.code);
				res_error(rs, &e);
				rs->retry_after = hit.retry_after;
				return 1;
			}
		}
	}
	if (flags & (ROUTE_AUTH_V1 | ROUTE_AUTH_V2)) {
		if (rq->tenant == NULL)
			rq->tenant = auth_tenant(rq->authorization, rq->x_api_token,
			                         (flags & ROUTE_AUTH_V1) != 0, &e);
		if (rq->tenant == NULL) {
			res_error(rs, &e);
			return 1;
		}
		/* upstream: v2 answers say where the caller stands (docs/behaviour.md §1.4). */
		if (flags & ROUTE_AUTH_V2) {
			ratelimit_take(rq->tenant, (long)config.rate_limit, &rq->ratelimit);
			rq->counted = 1;
		}
	}
	if (query_parse(&rq->query, rq->query_string, &bad) != 0) {
		apierr_param(&e, APIERR_BAD_REQUEST, bad,
		             "The query string is malformed (bad escape, %%00, empty name or "
		             "more than %d parameters).",
		             QUERY_MAX_PARAMS);
		res_error(rs, &e);
		return 1;
	}
	/* A state-changing control call a browser could make without asking first (a POST of a
	 * form or text) is refused: JSON makes the browser preflight it (§6.5). */
	if (rq->control && rq->method == METHOD_POST &&
	    (rq->content_type == NULL || !gate_is_json_type(rq->content_type))) {
		res_fail(rs, APIERR_MEDIA_TYPE,
		         "Control calls that change state take 'Content-Type: application/json', "
		         "with or without a body.");
		return 1;
	}
	/* upstream: two create calls declare a body of any media type, and the SDK sends one so. */
	if ((flags & (ROUTE_BODY | ROUTE_BODY_OPTIONAL)) && rq->has_body &&
	    !(flags & ROUTE_ANY_TYPE)) {
		if (rq->content_type == NULL || !gate_is_json_type(rq->content_type)) {
			res_fail(rs, APIERR_MEDIA_TYPE,
			         "Send the body as 'Content-Type: application/json'.");
			return 1;
		}
	}
	if (rq->content_length >= 0 && (unsigned long long)rq->content_length > config.max_body) {
		apierr_at(&e, APIERR_TOO_LARGE, NULL, "The body is larger than %zu bytes.",
		          config.max_body);
		res_error(rs, &e);
		return 1;
	}
	return 0;
}

/* What the handler recorded, told: the live feed's events (when anyone watches), the worker. */
static void tell(struct res *rs)
{
	for (int i = 0; i < rs->nnews; i++) {
		struct res_news *n = &rs->news[i];

		if (feed_watched())
			feed_publish_json(n->type, n->tenant, n->data);
		else
			json_decref(n->data);
		free(n->tenant);
	}
	rs->nnews = 0;
	if (rs->wake_webhooks)
		webhook_wake();
	rs->wake_webhooks = 0;
}

void gate_render(struct res *rs)
{
	if (rs->failed && rs->json == NULL)
		rs->json = view_errors(&rs->error);
	rs->failed = 0;
}

/* Runs a handler (or a deferred one's second part), tells what it did, checks what it left. */
static void call(struct req *rq, struct res *rs, handler_fn fn)
{
	uint64_t drawn = ids_drawn();

	rs->status = fn(rq, rs);
	tell(rs);
	/*
	 * A seeded run saves its place after every call that drew ids, so a restart
	 * after kill -9 continues the sequence (docs/behaviour.md §1.5).
	 */
	if (config.seeded && ids_drawn() != drawn &&
	    store_meta_raise("ids_drawn", (int64_t)ids_drawn()) != STORE_OK)
		log_error("gate: the id sequence's place could not be saved");
	if (rs->json == NULL && !rs->failed && rs->stream.read == NULL && rs->bytes == NULL &&
	    rs->wait_ms == 0 && rs->defer == NULL) {
		/* A handler must always leave a body; an empty answer would break clients. */
		res_fail(rs, APIERR_INTERNAL, "The handler produced no answer.");
	}
}

void gate_finish(struct req *rq, struct res *rs)
{
	unsigned flags = rq->route->flags;
	struct apierr e;

	apierr_init(&e);
	if (rq->has_fault) {
		/* A delayed fault waits without a thread, then fails or lets the request through.
		 */
		if (rq->fault.delay_ms > 0 && !rq->wait_expired) {
			res_wait(rs, rq->fault.delay_ms, NULL);
			return;
		}
		if (rq->fault.status != 0) {
			apierr_injected(&e, rq->fault.status, rq->fault.code);
			res_error(rs, &e);
			rs->retry_after = rq->fault.retry_after;
			return;
		}
		rq->wait_expired = 0; /* the handler's own waits start now */
	}
	if (flags & (ROUTE_BODY | ROUTE_BODY_OPTIONAL)) {
		if (rq->body_len == 0 && (flags & ROUTE_BODY)) {
			apierr_at(&e, APIERR_BAD_REQUEST, "", "A JSON object body is required.");
			res_error(rs, &e);
			return;
		}
		if (rq->body_len > 0) {
			rq->json = jsonin_parse(rq->body, rq->body_len, &e);
			if (rq->json == NULL) {
				res_error(rs, &e);
				return;
			}
			if (!json_is_object(rq->json)) {
				apierr_at(&e, APIERR_BAD_REQUEST, "",
				          "The body must be a JSON object.");
				res_error(rs, &e);
				return;
			}
		}
	}
	call(rq, rs, rq->route->handler);
}

void gate_resume(struct req *rq, struct res *rs, enum status (*finish)(struct req *, struct res *))
{
	call(rq, rs, finish);
	/* A second part answers: it does not wait again. */
	if (rs->defer != NULL || rs->wait_ms != 0) {
		rs->defer = NULL;
		rs->wait_ms = 0;
		res_fail(rs, APIERR_INTERNAL, "The handler produced no answer.");
	}
}
