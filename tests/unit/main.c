/* The unit test runner: every suite, then "unit: N passed, N failed". */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "tz.h"
#include "unit.h"
#include "util.h"

#define SUITES(X)                                                                                  \
	X(auth)                                                                                    \
	X(autoresp)                                                                                \
	X(clock)                                                                                   \
	X(config)                                                                                  \
	X(cors)                                                                                    \
	X(encoding)                                                                                \
	X(fault)                                                                                   \
	X(feed)                                                                                    \
	X(ids)                                                                                     \
	X(jsonout)                                                                                 \
	X(lifecycle)                                                                               \
	X(log)                                                                                     \
	X(message)                                                                                 \
	X(notify)                                                                                  \
	X(origin)                                                                                  \
	X(longread)                                                                                \
	X(offload)                                                                                 \
	X(phone)                                                                                   \
	X(profile)                                                                                 \
	X(query)                                                                                   \
	X(ratelimit)                                                                               \
	X(records)                                                                                 \
	X(report)                                                                                  \
	X(router)                                                                                  \
	X(selftest)                                                                                \
	X(sign)                                                                                    \
	X(store)                                                                                   \
	X(tenants)                                                                                 \
	X(ticket)                                                                                  \
	X(timefmt)                                                                                 \
	X(tz)                                                                                      \
	X(usage)                                                                                   \
	X(view)                                                                                    \
	X(webhook)

#define DECLARE(s) extern const struct unit_test unit_##s[];
SUITES(DECLARE)
#undef DECLARE

int unit_checks;
static int failures;
static const char *current_suite, *current_test;

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (failures++ == 0)
		printf("FAIL %s.%s\n", current_suite, current_test);
	printf("    %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int unit_outcome(void (*fn)(void))
{
	int saved_checks = unit_checks, saved_failures = failures, ok;

	unit_checks = 0;
	failures = 0;
	fn();
	ok = unit_checks > 0 && failures == 0;
	unit_checks = saved_checks;
	failures = saved_failures;
	return ok;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		const struct unit_test *tests;
	} suites[] = {
#define ENTRY(s) {#s, unit_##s},
	    SUITES(ENTRY)
#undef ENTRY
	};
	char err[256];
	char *noargs[] = {"unit", NULL};
	int passed = 0, failed = 0;

	(void)argc;
	(void)argv;
	json_set_alloc_funcs(xmalloc, free);
	/* Committed zone files (tests/unit/tz), never the host's: the tests mean the same
	 * everywhere. */
	tz_dir = "tests/unit/tz/slim";
	/* The defaults, as the server would start with no flags. */
	if (config_load(&config, 1, noargs, err, sizeof err) != CONFIG_RUN) {
		printf("unit: cannot load the default configuration: %s\n", err);
		return 1;
	}
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
		current_suite = suites[i].name;
		for (const struct unit_test *t = suites[i].tests; t->name != NULL; t++) {
			current_test = t->name;
			failures = 0;
			unit_checks = 0;
			t->fn();
			if (unit_checks == 0)
				unit_fail(__FILE__, __LINE__, "the test made no checks");
			if (failures)
				failed++;
			else
				passed++;
		}
	}
	config_release(&config);
	tz_release_all();
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed != 0 || passed == 0;
}
