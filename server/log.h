/*
 * log: one line per event on stderr, written with a single call so lines
 * from different threads never interleave.  stdout is reserved for the
 * ready line (docs/behaviour.md §1.1).
 * Calls: clock, tenants, timefmt, util.
 */
#ifndef MDRMOCK_LOG_H
#define MDRMOCK_LOG_H

#include <stdint.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_LEVEL_COUNT };

/* Messages below this level are dropped; the default is LOG_INFO. */
void log_set_level(enum log_level level);

enum log_format {
	LOG_TEXT,
	LOG_JSON,
};

/*
 * One line per request (--log-format text|json; nothing with --quiet):
 * real time, method, path, status, latency, tenant.  The format applies to
 * log_msg() too: with json every line is {"time","level","msg"}.
 */
void log_request_setup(int enabled, enum log_format format);
/*
 * From log_start() to log_stop() request lines are queued (a bounded ring; a full ring drops
 * and counts) and written by a thread of their own, so a slow stderr never holds a request;
 * log_stop() writes what is queued, then returns.  log_start(): 0, or -1 (lines stay direct).
 */
int log_start(void);
void log_stop(void);
void log_request(int64_t at_ms, const char *method, const char *path, int status,
                 int64_t latency_us, const char *tenant);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
