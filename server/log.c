#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static enum log_level threshold = LOG_INFO;

static const char *const level_names[LOG_LEVEL_COUNT] = {
	[LOG_DEBUG] = "debug",
	[LOG_INFO] = "info",
	[LOG_WARN] = "warn",
	[LOG_ERROR] = "error",
};

void log_set_level(enum log_level level)
{
	threshold = level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	if (level < threshold)
		return;
	n = snprintf(line, sizeof line, "mdrmock: %s: ", level_names[level]);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n = (int)strlen(line);
	line[n] = '\n';
	fwrite(line, 1, (size_t)n + 1, stderr);
}
