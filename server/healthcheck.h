/*
 * healthcheck: `mdrmock healthcheck [options]` asks GET /_mock/health of a
 * server started with the same options, or of the one whose --ready-file
 * the options name (the Docker HEALTHCHECK).
 * Calls: config, curlrt, util.
 */
#ifndef MDRMOCK_HEALTHCHECK_H
#define MDRMOCK_HEALTHCHECK_H

/* 0 when the server at config's address answers {"status":"ok"}, else 1 (a reason on stderr). */
int healthcheck_run(void);

#endif
