/*
 * origin: which requests a browser may make (docs/behaviour.md §6.5), the way dev servers that
 * browsers reach guard themselves.  The Host header must name this server (a DNS-rebinding
 * page's requests carry its own name); an Origin must be admitted for the area it calls: the
 * Telnyx API takes loopback origins (or those --cors-origin lists), the control API, the
 * inspector and the report downloads only their own origin (or those --control-origin lists);
 * a request a browser marks cross-site (Sec-Fetch-Site) without an admitted Origin is refused.
 * Pure: reads the settings in config.h, nothing else.
 * Calls: config.
 */
#ifndef MDRMOCK_ORIGIN_H
#define MDRMOCK_ORIGIN_H

#include <stddef.h>

/* Which origins an area of the server admits. */
enum origin_area {
	ORIGIN_AREA_API, /* /v2, /reporting: loopback origins, or --cors-origin's */
	ORIGIN_AREA_OWN, /* /_mock, the inspector, /downloads: its own, or --control-origin's */
};

/* The Host names every server answers besides its own address (docs/behaviour.md §6.5). */
#define ORIGIN_DOCKER_HOST "host.docker.internal"

/*
 * 1 when host (the Host header; NULL when the request has none, HTTP/1.0) names this server:
 * the address it is bound to, localhost (or a name under .localhost), a loopback IP literal,
 * host.docker.internal, any IP literal when bound to all interfaces, or a name --allowed-hosts
 * lists (".example.test" admits that name and every name under it).  Any port.
 */
int origin_host_ok(const char *host);

/* 1 when origin is a loopback origin: http or https, localhost, 127.0.0.1 or [::1], any port. */
int origin_is_loopback(const char *origin);

/* 1 when origin is the server's own as the browser reached it (scheme://Host). */
int origin_is_own(const char *origin, const char *host);

/* 1 when a call carrying Origin origin (not NULL) may reach area. */
int origin_admitted(const char *origin, const char *host, enum origin_area area);

/*
 * 0 when a request may go on; -1 when a browser made it for a page of another origin: its
 * Origin is not admitted, or it carries Sec-Fetch-Site: cross-site (fetch_site) without an
 * admitted Origin.  A top-level navigation (GET, Sec-Fetch-Mode: navigate) to a page of the
 * inspector (page set) is let through: its answer goes to the user, not to the other site.
 */
int origin_check(const char *origin, const char *fetch_site, const char *fetch_mode,
                 const char *host, enum origin_area area, int page_get);

#endif
