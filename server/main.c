/*
 * main: start-up and shut-down.  Reads the configuration, opens the store,
 * loads the fixtures, starts HTTP, prints the ready line, and waits for
 * SIGINT or SIGTERM to stop cleanly (docs/behaviour.md §7).
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "fixtures.h"
#include "healthcheck.h"
#include "http.h"
#include "ids.h"
#include "journal.h"
#include "longread.h"
#include "log.h"
#include "manpage.h"
#include "sign.h"
#include "store.h"
#include "tenants.h"
#include "webhook.h"
#include "tz.h"
#include "util.h"
#include "version.h"

#define STOP_GRACE_MS 10000

/* The server's URL, http://HOST:PORT (an IPv6 host in brackets), into out. */
static void listen_url(const char *host, unsigned port, char *out, size_t outlen)
{
	int v6 = strchr(host, ':') != NULL;

	snprintf(out, outlen, "http://%s%s%s:%u", v6 ? "[" : "", host, v6 ? "]" : "", port);
}

static void ready_line(const char *url)
{
	/* docs/behaviour.md §1.1: exactly one line on stdout, flushed, so scripts can wait for it.
	 */
	printf("mdrmock listening on %s\n", url);
	fflush(stdout);
}

/*
 * --ready-file (docs/behaviour.md §7): the URL of the ready line, then the admin token when
 * there is one, written to a new file that replaces PATH at once (readable by this user only,
 * since it may hold the token), so `mdrmock healthcheck --ready-file PATH` finds the server
 * whatever flags it was given.  0, or -1 with errno set.
 */
static int write_ready_file(const char *path, const char *url)
{
	int fd, ok;
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	FILE *f;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f == NULL) {
		if (fd >= 0)
			close(fd);
		free(tmp);
		return -1;
	}
	fprintf(f, "%s\n", url);
	if (config.admin_token != NULL)
		fprintf(f, "%s\n", config.admin_token);
	ok = fclose(f) == 0 && rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok ? 0 : -1;
}

/*
 * A secret of the database's own: random on the first start, whatever --seed says, then kept
 * in the database in four parts (NAME_0 .. NAME_3) so it survives restarts.  0, or -1 when the
 * store failed.
 */
static int kept_key(const char *name, unsigned char key[SIGN_KEY_LEN])
{
	char part_name[4][48];
	int64_t part[4];
	int have = 1;

	for (int i = 0; i < 4; i++) {
		snprintf(part_name[i], sizeof part_name[i], "%s_%d", name, i);
		have &= store_meta_get(part_name[i], &part[i]) == STORE_OK;
	}
	if (!have) {
		sign_random_key(key);
		for (int i = 0; i < 4; i++) {
			memcpy(&part[i], key + 8 * i, 8);
			if (store_meta_set(part_name[i], part[i]) != STORE_OK)
				return -1;
		}
	}
	for (int i = 0; i < 4; i++)
		memcpy(key + 8 * i, &part[i], 8);
	return 0;
}

/*
 * The key of report download tokens (docs/behaviour.md §4.4) and the key of tenant labels
 * (§6.1): each the database's own, so links and labels survive restarts and a label cannot
 * be checked against a guessed API key without it.
 */
static int kept_keys(void)
{
	unsigned char key[SIGN_KEY_LEN];

	if (kept_key("download_key", key) != 0)
		return -1;
	sign_download_key_set(key);
	if (kept_key("label_key", key) != 0)
		return -1;
	tenants_set_key(key, sizeof key);
	return 0;
}

int main(int argc, char **argv)
{
	char err[512], url[300];
	sigset_t stop;
	unsigned port = 0;
	int sig = 0, status = 1;
	int64_t drawn;
	int healthcheck = argc > 1 && strcmp(argv[1], "healthcheck") == 0;

	/* `mdrmock healthcheck [options]`: the options name the server to ask. */
	if (healthcheck) {
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	switch (config_load(&config, argc, argv, err, sizeof err)) {
	case CONFIG_HELP:
		config_usage(stdout);
		status = 0;
		goto out_config;
	case CONFIG_VERSION:
		printf("mdrmock %s\n", MDRMOCK_VERSION);
		status = 0;
		goto out_config;
	case CONFIG_MAN:
		manpage_write(stdout);
		status = 0;
		goto out_config;
	case CONFIG_ERROR:
		fprintf(stderr, "mdrmock: %s\n", err);
		status = 2;
		goto out_config;
	case CONFIG_RUN:
		break;
	}
	if (healthcheck) {
		status = healthcheck_run();
		goto out_config;
	}
	log_set_level((enum log_level)config.log_level);
	log_request_setup(!config.quiet, (enum log_format)config.log_format);
	/* Every thread inherits the mask, so it is set before the first thread starts (the store's
	 * checkpointer, the log's, HTTP's, the webhook worker's): only sigwait() below sees the
	 * signals, and a second SIGTERM during shut-down ends nothing early. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* The request log is written by a thread of its own; without one, lines go straight out. */
	if (!config.quiet && log_start() != 0)
		log_warn("no log thread: request lines are written as they come");
	json_set_alloc_funcs(xmalloc, free);
	ids_init(config.seeded, config.seed);
	journal_init(config.journal_size);
	clock_init(config.clock_frozen, config.clock_start, config.time_scale);

	if (store_open(config.db, err, sizeof err) != 0) {
		log_error("%s: %s", config.db, err);
		goto out_config;
	}
	if (config.seeded && store_meta_get("ids_drawn", &drawn) == STORE_OK && drawn > 0)
		ids_skip((uint64_t)drawn);
	if (fixtures_init(config.fixtures, clock_now(), err, sizeof err) != 0) {
		log_error("fixtures: %s", err);
		goto out_store;
	}
	if (fixtures_apply(STORE_SCOPE_FIXTURES, NULL) != STORE_OK) {
		log_error("fixtures: could not be stored");
		goto out_store;
	}

	{
		char seed[SIGN_SEED_HEX_LEN + 1], derived[64];
		const char *given = config.webhook_seed;

		/* A seeded run signs with a key derived from its seed, so it repeats too. */
		if (given == NULL && config.seeded) {
			snprintf(derived, sizeof derived, "mdrmock-seed-%llu",
			         (unsigned long long)config.seed);
			given = derived;
		}
		if (sign_init(given, seed) != 0) {
			log_error("libsodium could not start");
			goto out_store;
		}
		log_info("webhook signing key %s (--webhook-seed %s)", sign_public_key_b64(), seed);
	}
	if (kept_keys() != 0) {
		log_error("the download key could not be kept in %s", config.db);
		goto out_store;
	}

	/* Room for --max-connections sockets and the spare ones, the database and the webhook
	 * client. */
	{
		struct rlimit rl;

		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
		    rl.rlim_cur < (rlim_t)config.max_connections + 600) {
			rl.rlim_cur = rl.rlim_max < (rlim_t)config.max_connections + 600
			                  ? rl.rlim_max
			                  : (rlim_t)config.max_connections + 600;
			setrlimit(RLIMIT_NOFILE, &rl);
		}
	}

	if (webhook_start(err, sizeof err) != 0) {
		log_error("%s", err);
		goto out_store;
	}
	if (longread_start() != 0) {
		log_error("cannot start the long reads' thread");
		goto out_webhook;
	}
	if (http_start(config.host, config.port, &port, err, sizeof err) != 0) {
		log_error("%s", err);
		goto out_webhook;
	}
	listen_url(config.host, port, url, sizeof url);
	if (config.ready_file != NULL && write_ready_file(config.ready_file, url) != 0) {
		log_error("--ready-file %s: %s", config.ready_file, strerror(errno));
		http_stop(0);
		goto out_webhook;
	}
	ready_line(url);
	sigwait(&stop, &sig);
	log_info("stopping on %s", sig == SIGINT ? "SIGINT" : "SIGTERM");
	/* Not ready any more: a health check from now on fails. */
	if (config.ready_file != NULL)
		unlink(config.ready_file);
	/* Long reads end at once (503), so the stop waits only for what is quick. */
	longread_cancel();
	http_stop(STOP_GRACE_MS);
	if (config.seeded)
		store_meta_set("ids_drawn", (int64_t)ids_drawn());
	status = 0;
out_webhook:
	longread_stop();
	webhook_stop();
out_store:
	fixtures_release();
	store_close();
	tz_release_all();
out_config:
	log_stop(); /* what is queued is written */
	journal_release();
	config_release(&config);
	return status;
}
