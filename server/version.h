/*
 * version: the one place the version is written; --version, the health
 * answer, the man page and the webhook User-Agent all read it.
 * Calls: only libc.
 */
#ifndef MDRMOCK_VERSION_H
#define MDRMOCK_VERSION_H

#define MDRMOCK_VERSION "0.1.0"
/* The User-Agent of webhook deliveries (and of the delivery log's record of them). */
#define MDRMOCK_USER_AGENT "mdrmock/" MDRMOCK_VERSION
/* The User-Agent of `mdrmock healthcheck`, whose polls the request log leaves out. */
#define MDRMOCK_HEALTHCHECK_AGENT "mdrmock-healthcheck/"

#endif
