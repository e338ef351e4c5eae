/*
 * unit: a small test harness.  Each tests/unit/test_<module>.c defines
 * `const struct unit_test unit_<module>[]`, ending with {NULL, NULL}, and
 * main.c lists the suites.  A test passes when it made at least one check
 * and none of its checks failed: a test that checks nothing fails.
 */
#ifndef MDRMOCK_UNIT_H
#define MDRMOCK_UNIT_H

#include <string.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
};

void unit_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Checks made by the running test; every CHECK* macro counts one. */
extern int unit_checks;
/* Runs fn as a test on its own, silently: 1 when it would pass, 0 when not. */
int unit_outcome(void (*fn)(void));

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		unit_checks++;                                                                     \
		if (!(cond))                                                                       \
			unit_fail(__FILE__, __LINE__, "%s", #cond);                                \
	} while (0)

#define CHECK_INT(got, want)                                                                       \
	do {                                                                                       \
		long long g_ = (long long)(got), w_ = (long long)(want);                           \
		unit_checks++;                                                                     \
		if (g_ != w_)                                                                      \
			unit_fail(__FILE__, __LINE__, "%s == %lld, want %lld", #got, g_, w_);      \
	} while (0)

#define CHECK_STR(got, want)                                                                       \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (want);                                              \
		unit_checks++;                                                                     \
		if (g_ == NULL || w_ == NULL ? g_ != w_ : strcmp(g_, w_) != 0)                     \
			unit_fail(__FILE__, __LINE__, "%s == \"%s\", want \"%s\"", #got,           \
			          g_ ? g_ : "(null)", w_ ? w_ : "(null)");                         \
	} while (0)

#endif
