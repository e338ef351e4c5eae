/*
 * config: the command line and its environment variables.  Every flag
 * --some-name has the variable MDRMOCK_SOME_NAME; a flag beats its variable,
 * which beats the default.  The option table in config.c is the one list of
 * settings: it drives parsing, validation and --help.  The parsed settings
 * live in the global `config`, written once at start and read-only after.
 * Calls: clock, lifecycle, timefmt, util.
 */
#ifndef MDRMOCK_CONFIG_H
#define MDRMOCK_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "lifecycle.h"

struct strlist {
	char **v;
	size_t n;
};

struct config {
	const char *host;
	unsigned port;
	const char *db;
	const char *fixtures; /* "builtin", "none", or a file or directory */
	int clock_frozen;
	int64_t clock_start; /* CLOCK_START_NOW when not given */
	double time_scale;
	int seeded;
	uint64_t seed;
	int tenancy_shared;
	struct strlist api_keys; /* empty: any non-empty credential */
	size_t max_body;
	size_t body_memory; /* bytes of request bodies held at once, all connections */
	int vocabulary;     /* enum vocabulary */
	unsigned threads;   /* 0: a thread per connection */
	int64_t sms_rate;   /* USD / 10000 per part */
	int64_t mms_rate;
	struct lifecycle_timing timing;
	int64_t retrieval_window; /* ms; GET /v2/messages/{id} sees younger messages */
	int64_t report_delay;     /* ms from an MDR request to its completion */
	int64_t report_retention; /* ms from an MDR request to its expiry */
	const char *public_url;   /* NULL: report links use the request's Host */
	const char *webhook_seed; /* NULL: random */
	unsigned webhook_attempts;
	int64_t webhook_timeout;        /* ms, real time */
	int64_t webhook_backoff;        /* ms before the first retry, doubling */
	size_t webhook_concurrency;     /* deliveries in flight per tenant */
	int64_t webhook_log_retention;  /* virtual ms the delivery log is kept */
	const char *admin_token;        /* NULL: the control API needs no credentials */
	const char *ready_file;         /* NULL: the ready line goes to stdout only */
	struct strlist cors_origins;    /* API origins; empty: loopback ones; "none": no CORS */
	struct strlist control_origins; /* origins besides its own for /_mock and downloads */
	struct strlist allowed_hosts;   /* Host names answered besides the built-in ones */
	int ui;                         /* the web inspector is served */
	size_t journal_size;
	size_t event_streams; /* readers of /_mock/events at once */
	size_t rate_limit;    /* x-ratelimit-limit per RATELIMIT_WINDOW_S */
	int64_t conn_timeout; /* ms */
	size_t max_connections;
	int log_level;
	int log_format; /* enum log_format */
	int quiet;
};

extern struct config config;

enum config_result {
	CONFIG_RUN,
	CONFIG_HELP,    /* --help: usage printed, exit 0 */
	CONFIG_VERSION, /* --version printed, exit 0 */
	CONFIG_MAN,     /* --man: the manual page (roff) on stdout, exit 0 */
	CONFIG_ERROR    /* err holds one line, exit 2 */
};

/*
 * Fills c from defaults, the environment and argv (argv[0] is skipped).
 * On CONFIG_ERROR, err holds a one-line message.  Strings in c borrow from
 * argv and the environment; config_release() frees what c allocated.
 */
enum config_result config_load(struct config *c, int argc, char **argv, char *err, size_t errlen);
void config_release(struct config *c);

/* Writes the usage text, generated from the option table. */
void config_usage(void *file);
/* The manual page's option entries and its ENVIRONMENT entries, generated from the same
 * table, in roff (manpage.c writes the rest of the page). */
void config_man_options(void *file);
void config_man_environment(void *file);

#endif
