#include <stdlib.h>

#include "clock.h"
#include "config.h"
#include "unit.h"

static enum config_result load(struct config *c, char *err, int argc, char **argv)
{
	return config_load(c, argc, argv, err, 256);
}

static void test_defaults(void)
{
	struct config c;
	char err[256], *argv[] = {"mdrmock", NULL};

	CHECK_INT(load(&c, err, 1, argv), CONFIG_RUN);
	CHECK_STR(c.host, "127.0.0.1");
	CHECK_INT(c.port, 12111);
	CHECK_STR(c.db, "mdrmock.db");
	CHECK_INT(c.clock_frozen, 0);
	CHECK_INT(c.clock_start, CLOCK_START_NOW);
	CHECK_INT(c.seeded, 0);
	CHECK_INT(c.max_body, 1048576);
	CHECK_INT(c.sms_rate, 40);
	CHECK_INT(c.mms_rate, 150);
	CHECK_INT(c.timing.sending, 500);
	CHECK_INT(c.timing.final, 3000);
	CHECK_INT(c.timing.unconfirmed, 72000);
	CHECK_INT(c.retrieval_window, 10LL * 86400000);
	CHECK(c.threads >= 1);
	config_release(&c);
}

static void test_flags(void)
{
	struct config c;
	char err[256];
	char *argv[] = {"mdrmock",
	                "--port",
	                "0",
	                "--clock=frozen",
	                "--clock-start",
	                "2026-01-05T12:00:00Z",
	                "--seed",
	                "7",
	                "--api-key",
	                "a",
	                "--api-key",
	                "b",
	                "--tenancy",
	                "shared",
	                "--max-body",
	                "64k",
	                "--status-vocabulary",
	                "legacy",
	                "--time-scale",
	                "60",
	                "--threads",
	                "0",
	                NULL};

	CHECK_INT(load(&c, err, (int)(sizeof argv / sizeof argv[0]) - 1, argv), CONFIG_RUN);
	CHECK_INT(c.port, 0);
	CHECK_INT(c.clock_frozen, 1);
	CHECK_INT(c.clock_start, 1767614400000LL);
	CHECK_INT(c.seeded, 1);
	CHECK_INT(c.seed, 7);
	CHECK_INT(c.api_keys.n, 2);
	CHECK_STR(c.api_keys.v[1], "b");
	CHECK_INT(c.tenancy_shared, 1);
	CHECK_INT(c.max_body, 65536);
	CHECK_INT(c.vocabulary, VOCAB_LEGACY);
	CHECK(c.time_scale == 60.0);
	CHECK_INT(c.threads, 0);
	config_release(&c);
}

static void test_environment(void)
{
	struct config c;
	char err[256], *argv[] = {"mdrmock", NULL}, *argv2[] = {"mdrmock", "--port", "9", NULL};
	char *argv3[] = {"mdrmock", "--api-key", "z", NULL};

	setenv("MDRMOCK_PORT", "8080", 1);
	setenv("MDRMOCK_API_KEY", "k1,k2,,k3", 1);
	CHECK_INT(load(&c, err, 1, argv), CONFIG_RUN);
	CHECK_INT(c.port, 8080);
	CHECK_INT(c.api_keys.n, 3);
	CHECK_STR(c.api_keys.v[2], "k3");
	config_release(&c);
	/* A flag beats its variable. */
	CHECK_INT(load(&c, err, 3, argv2), CONFIG_RUN);
	CHECK_INT(c.port, 9);
	config_release(&c);
	CHECK_INT(load(&c, err, 3, argv3), CONFIG_RUN);
	CHECK_INT(c.api_keys.n, 1);
	CHECK_STR(c.api_keys.v[0], "z");
	config_release(&c);
	setenv("MDRMOCK_PORT", "http", 1);
	CHECK_INT(load(&c, err, 1, argv), CONFIG_ERROR);
	CHECK(strstr(err, "MDRMOCK_PORT") != NULL);
	config_release(&c);
	unsetenv("MDRMOCK_PORT");
	unsetenv("MDRMOCK_API_KEY");
}

static void test_errors(void)
{
	static const char *const bad[][3] = {
	    {"--port", "65536", "--port"},
	    {"--port", "-1", "--port"},
	    {"--clock", "fast", "--clock"},
	    {"--clock-start", "2026-01-05", "--clock-start"},
	    {"--time-scale", "0", "--time-scale"},
	    {"--seed", "x", "--seed"},
	    {"--max-body", "0", "--max-body"},
	    {"--sms-rate", "0.00001", "--sms-rate"},
	    {"--final-after", "500ms", "--sent-after"},
	    {"--nope", "1", "unknown option"},
	    {"stray", "x", "unexpected argument"},
	};
	char err[256];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct config c;
		char *argv[] = {"mdrmock", (char *)bad[i][0], (char *)bad[i][1], NULL};

		CHECK_INT(load(&c, err, 3, argv), CONFIG_ERROR);
		CHECK(strstr(err, bad[i][2]) != NULL);
		CHECK(strchr(err, '\n') == NULL);
		config_release(&c);
	}
	{
		struct config c;
		char *argv[] = {"mdrmock", "--port", NULL};

		CHECK_INT(load(&c, err, 2, argv), CONFIG_ERROR);
		CHECK(strstr(err, "needs a value") != NULL);
		config_release(&c);
	}
}

static void test_help_and_version(void)
{
	struct config c;
	char err[256], *h[] = {"mdrmock", "--help", NULL}, *v[] = {"mdrmock", "--version", NULL};

	CHECK_INT(load(&c, err, 2, h), CONFIG_HELP);
	config_release(&c);
	CHECK_INT(load(&c, err, 2, v), CONFIG_VERSION);
	config_release(&c);
}

const struct unit_test unit_config[] = {
    {"defaults", test_defaults},
    {"flags", test_flags},
    {"environment", test_environment},
    {"errors", test_errors},
    {"help_and_version", test_help_and_version},
    {NULL, NULL},
};
