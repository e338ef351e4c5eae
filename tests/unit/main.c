/* The unit test runner: every suite, then "unit: N passed, N failed". */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "tz.h"
#include "unit.h"
#include "util.h"

#define SUITES(X) X(auth) X(clock) X(config) X(encoding) X(fault) X(ids) X(lifecycle) X(message) \
	X(phone) X(query) X(report) X(router) X(sign) X(store) X(timefmt) X(tz) X(view) X(webhook)

#define DECLARE(s) extern const struct unit_test unit_##s[];
SUITES(DECLARE)
#undef DECLARE

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
			t->fn();
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
