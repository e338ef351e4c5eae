#include "config.h"

#include <errno.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "timefmt.h"
#include "util.h"

struct config config;

enum opt_type {
	OPT_STRING,
	OPT_PORT,
	OPT_THREADS,
	OPT_ATTEMPTS,
	OPT_SIZE,
	OPT_SEED,
	OPT_SCALE,
	OPT_BYTES,
	OPT_DURATION,
	OPT_INSTANT,
	OPT_MONEY,
	OPT_CHOICE,
	OPT_LIST,
	OPT_TYPE_COUNT
};

struct opt {
	const char *name;
	enum opt_type type;
	size_t off;
	const char *metavar;
	const char *def; /* parsed like any value; NULL leaves the zeroed field */
	const char *help;
	const char *const *choices;
};

static const char *const clock_choices[] = {"real", "frozen", NULL};
static const char *const tenancy_choices[] = {"per-key", "shared", NULL};
static const char *const vocab_choices[] = {"current", "legacy", NULL};
static const char *const level_choices[] = {"debug", "info", "warn", "error", NULL};
static const char *const format_choices[] = {"text", "json", NULL};
static const char *const quiet_choices[] = {"false", "true", NULL};

#define F(field) offsetof(struct config, field)

static const struct opt opts[] = {
    {"host", OPT_STRING, F(host), "ADDR", "127.0.0.1", "address to listen on", NULL},
    {"port", OPT_PORT, F(port), "PORT", "12111", "TCP port; 0 picks a free one", NULL},
    {"db", OPT_STRING, F(db), "PATH", "mdrmock.db",
     "SQLite database file; :memory: for a throw-away one", NULL},
    {"fixtures", OPT_STRING, F(fixtures), "PATH", "builtin",
     "fixture file or directory of *.json; builtin, or none", NULL},
    {"clock", OPT_CHOICE, F(clock_frozen), "MODE", "real", "virtual clock: real or frozen",
     clock_choices},
    {"clock-start", OPT_INSTANT, F(clock_start), "RFC3339", NULL,
     "the virtual clock's first instant (default: now)", NULL},
    {"time-scale", OPT_SCALE, F(time_scale), "X", "1",
     "virtual seconds per real second (60: a real second is a minute)", NULL},
    {"seed", OPT_SEED, F(seed), "N", NULL, "seed ids and random choices for reproducible runs",
     NULL},
    {"tenancy", OPT_CHOICE, F(tenancy_shared), "MODE", "per-key",
     "per-key: each credential sees its own data; shared: one namespace", tenancy_choices},
    {"api-key", OPT_LIST, F(api_keys), "KEY", NULL,
     "accept only this credential (repeatable; variable: comma-separated)", NULL},
    {"max-body", OPT_BYTES, F(max_body), "BYTES", "1M",
     "largest request body accepted (suffix k or M)", NULL},
    {"body-memory", OPT_BYTES, F(body_memory), "BYTES", "32M",
     "request bodies held at once, all connections, counted as they arrive; past it 503 with "
     "Retry-After",
     NULL},
    {"status-vocabulary", OPT_CHOICE, F(vocabulary), "V", "current",
     "message statuses: current, or legacy (the MDR document's words)", vocab_choices},
    {"threads", OPT_THREADS, F(threads), "N", "auto",
     "HTTP worker threads (auto: one per CPU; 0: a thread per connection)", NULL},
    {"sms-rate", OPT_MONEY, F(sms_rate), "USD", "0.0040", "cost of one SMS part", NULL},
    {"mms-rate", OPT_MONEY, F(mms_rate), "USD", "0.0150", "cost of one MMS", NULL},
    {"sending-after", OPT_DURATION, F(timing.sending), "DURATION", "0.5s",
     "queued -> sending, after acceptance", NULL},
    {"sent-after", OPT_DURATION, F(timing.sent), "DURATION", "1s",
     "sending -> sent, after acceptance", NULL},
    {"final-after", OPT_DURATION, F(timing.final), "DURATION", "3s",
     "sent -> final status, after acceptance", NULL},
    {"unconfirmed-after", OPT_DURATION, F(timing.unconfirmed), "DURATION", "72s",
     "final step of the delivery_unconfirmed scenario", NULL},
    {"slow-after", OPT_DURATION, F(timing.slow), "DURATION", "60s",
     "final step of the slow scenario", NULL},
    {"retrieval-window", OPT_DURATION, F(retrieval_window), "DURATION", "10d",
     "GET /v2/messages/{id} finds messages up to this old", NULL},
    {"report-delay", OPT_DURATION, F(report_delay), "DURATION", "5s",
     "an MDR report completes this long after it was requested", NULL},
    {"report-retention", OPT_DURATION, F(report_retention), "DURATION", "30d",
     "an MDR report expires this long after it was requested", NULL},
    {"public-url", OPT_STRING, F(public_url), "URL", NULL,
     "base of report_url links (default: the request's Host)", NULL},
    {"webhook-seed", OPT_STRING, F(webhook_seed), "TEXT", NULL,
     "Ed25519 signing seed: 64 hex digits, or any text (default: random, printed)", NULL},
    {"webhook-attempts", OPT_ATTEMPTS, F(webhook_attempts), "N", "3",
     "delivery attempts per webhook URL", NULL},
    {"webhook-timeout", OPT_DURATION, F(webhook_timeout), "DURATION", "2s",
     "deadline of one webhook attempt (real time)", NULL},
    {"webhook-backoff", OPT_DURATION, F(webhook_backoff), "DURATION", "0.25s",
     "wait before the first retry of a URL, doubling (real time)", NULL},
    {"webhook-concurrency", OPT_SIZE, F(webhook_concurrency), "N", "16",
     "deliveries in flight at once per tenant (1-256): a dead receiver holds only its tenant's",
     NULL},
    {"webhook-log-retention", OPT_DURATION, F(webhook_log_retention), "DURATION", "7d",
     "delivery log and finished events kept this long (virtual time), then pruned", NULL},
    {"admin-token", OPT_STRING, F(admin_token), "TOKEN", NULL,
     "require 'Authorization: Bearer TOKEN' on /_mock/*", NULL},
    {"ready-file", OPT_STRING, F(ready_file), "PATH", NULL,
     "also write the server's URL (and admin token) to PATH once ready, for 'mdrmock healthcheck'",
     NULL},
    {"ui", OPT_CHOICE, F(ui), "BOOL", "true",
     "the web inspector at / and /_mock/ui/ (--no-ui alone means false)", quiet_choices},
    {"cors-origin", OPT_LIST, F(cors_origins), "ORIGIN", NULL,
     "a browser origin that may call /v2 and /reporting (repeatable; default: loopback origins; "
     "*: any; none: no CORS headers)",
     NULL},
    {"control-origin", OPT_LIST, F(control_origins), "ORIGIN", NULL,
     "a browser origin besides the server's own that may call /_mock and the downloads "
     "(repeatable)",
     NULL},
    {"allowed-hosts", OPT_LIST, F(allowed_hosts), "NAME", NULL,
     "a Host name answered besides localhost, loopback and the bound address (repeatable; "
     ".example.test: it and every name under it)",
     NULL},
    {"event-streams", OPT_SIZE, F(event_streams), "N", "64",
     "readers of GET /_mock/events at once (1-10000); past it 503 with Retry-After", NULL},
    {"rate-limit", OPT_SIZE, F(rate_limit), "N", "600",
     "x-ratelimit-limit of v2 answers: requests a tenant may make a minute (reported, never "
     "enforced)",
     NULL},
    {"journal-size", OPT_SIZE, F(journal_size), "N", "10000",
     "API requests kept for GET /_mock/requests (oldest dropped)", NULL},
    {"conn-timeout", OPT_DURATION, F(conn_timeout), "DURATION", "30s",
     "close a connection idle or stalled this long (real time)", NULL},
    {"max-connections", OPT_SIZE, F(max_connections), "N", "10000",
     "connections served at once; the next 256 get a quick 503, more wait to be accepted", NULL},
    {"log-level", OPT_CHOICE, F(log_level), "LEVEL", "info", "debug, info, warn or error",
     level_choices},
    {"log-format", OPT_CHOICE, F(log_format), "FORMAT", "text",
     "request log lines on stderr: text or json", format_choices},
    {"quiet", OPT_CHOICE, F(quiet), "BOOL", "false",
     "true: no request log (--quiet alone means true)", quiet_choices},
};

#undef F

#define FIELD(c, o, type) ((type *)(void *)((char *)(c) + (o)->off))

static void env_name(const struct opt *o, char *out, size_t outlen)
{
	size_t n = (size_t)snprintf(out, outlen, "MDRMOCK_");

	for (const char *p = o->name; *p != '\0' && n + 1 < outlen; p++)
		out[n++] = (char)(*p == '-' ? '_' : toupper((unsigned char)*p));
	out[n] = '\0';
}

/* A decimal amount with up to four places, in ten-thousandths. */
static int parse_money(const char *s, int64_t *out)
{
	int64_t whole = 0, frac = 0;
	int places = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 1000000)
			return -1;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (++places > 4)
				return -1;
			frac = frac * 10 + (*p - '0');
		}
		if (places == 0)
			return -1;
	}
	if (*p != '\0')
		return -1;
	for (; places < 4; places++)
		frac *= 10;
	*out = whole * 10000 + frac;
	return 0;
}

static void list_add(struct strlist *l, const char *s, size_t n)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = xstrndup(s, n);
}

static void list_clear(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/*
 * Stores value into the option's field.  from_env splits lists on commas.
 * Returns 0, or -1 with a reason ("expected ...") in why.
 */
static int apply(struct config *c, const struct opt *o, const char *v, int from_env, char *why,
                 size_t whylen)
{
	unsigned long long u;
	int64_t ms;
	double d;
	char *end;

	switch (o->type) {
	case OPT_STRING:
		if (*v == '\0')
			return snprintf(why, whylen, "expected a non-empty value"), -1;
		*FIELD(c, o, const char *) = v;
		return 0;
	case OPT_PORT:
		if (parse_uint(v, 65535, &u) != 0)
			return snprintf(why, whylen, "expected a port number 0..65535"), -1;
		*FIELD(c, o, unsigned) = (unsigned)u;
		return 0;
	case OPT_THREADS:
		if (strcmp(v, "auto") == 0) {
			long n = sysconf(_SC_NPROCESSORS_ONLN);

			*FIELD(c, o, unsigned) = n < 1 ? 1 : (unsigned)(n > 64 ? 64 : n);
			return 0;
		}
		if (parse_uint(v, 256, &u) != 0)
			return snprintf(why, whylen, "expected auto or a number 0..256"), -1;
		*FIELD(c, o, unsigned) = (unsigned)u;
		return 0;
	case OPT_ATTEMPTS:
		if (parse_uint(v, 10, &u) != 0 || u < 1)
			return snprintf(why, whylen, "expected a number 1..10"), -1;
		*FIELD(c, o, unsigned) = (unsigned)u;
		return 0;
	case OPT_SIZE:
		if (parse_uint(v, 10000000, &u) != 0)
			return snprintf(why, whylen, "expected a number 0..10000000"), -1;
		*FIELD(c, o, size_t) = (size_t)u;
		return 0;
	case OPT_SEED:
		if (parse_uint(v, UINT64_MAX, &u) != 0)
			return snprintf(why, whylen, "expected a non-negative integer"), -1;
		*FIELD(c, o, uint64_t) = u;
		c->seeded = 1;
		return 0;
	case OPT_SCALE:
		errno = 0;
		d = strtod(v, &end);
		if (errno != 0 || end == v || *end != '\0' || !(d > 0) || d > 1e6)
			return snprintf(why, whylen, "expected a number > 0 and <= 1000000"), -1;
		*FIELD(c, o, double) = d;
		return 0;
	case OPT_BYTES: {
		unsigned long long mult = 1;
		size_t n = strlen(v);
		char num[32];

		if (n > 0 && (v[n - 1] == 'k' || v[n - 1] == 'K'))
			mult = 1024, n--;
		else if (n > 0 && (v[n - 1] == 'm' || v[n - 1] == 'M'))
			mult = 1024 * 1024, n--;
		if (n == 0 || n >= sizeof num)
			return snprintf(why, whylen, "expected a size in bytes"), -1;
		memcpy(num, v, n);
		num[n] = '\0';
		if (parse_uint(num, (1ULL << 30) / mult, &u) != 0 || u == 0)
			return snprintf(why, whylen, "expected a size in bytes, 1..1G"), -1;
		*FIELD(c, o, size_t) = (size_t)(u * mult);
		return 0;
	}
	case OPT_DURATION:
		if (timefmt_parse_duration(v, &ms) != 0)
			return snprintf(why, whylen, "expected a duration like 3s, 500ms, 10d"), -1;
		*FIELD(c, o, int64_t) = ms;
		return 0;
	case OPT_INSTANT:
		if (timefmt_parse_ms(v, &ms) != 0)
			return snprintf(why, whylen,
			                "expected an RFC 3339 time like 2026-01-05T12:00:00Z"),
			       -1;
		if (ms < CLOCK_MIN_MS || ms > CLOCK_MAX_MS)
			return snprintf(why, whylen,
			                "the clock runs from 1970-01-01 to 9999-12-31"),
			       -1;
		*FIELD(c, o, int64_t) = ms;
		return 0;
	case OPT_MONEY:
		if (parse_money(v, &ms) != 0)
			return snprintf(why, whylen, "expected an amount like 0.0040"), -1;
		*FIELD(c, o, int64_t) = ms;
		return 0;
	case OPT_CHOICE:
		for (int i = 0; o->choices[i] != NULL; i++) {
			if (strcmp(o->choices[i], v) == 0) {
				*FIELD(c, o, int) = i;
				return 0;
			}
		}
		{
			size_t n = (size_t)snprintf(why, whylen, "expected one of:");

			for (int i = 0; o->choices[i] != NULL && n < whylen; i++)
				n += (size_t)snprintf(why + n, whylen - n, " %s", o->choices[i]);
		}
		return -1;
	case OPT_LIST: {
		struct strlist *l = FIELD(c, o, struct strlist);

		if (!from_env) {
			if (*v == '\0')
				return snprintf(why, whylen, "expected a non-empty value"), -1;
			list_add(l, v, strlen(v));
			return 0;
		}
		for (const char *p = v; *p != '\0';) {
			size_t n = strcspn(p, ",");

			if (n > 0)
				list_add(l, p, n);
			p += n + (p[n] == ',');
		}
		return 0;
	}
	case OPT_TYPE_COUNT:
		break;
	}
	return -1;
}

/*
 * An origin as a browser sends it: http:// or https://, then a host and an optional port, no
 * path (docs/behaviour.md §6.5).  --cors-origin may also say * or none; --control-origin may
 * not: the control API answers every tenant, so only named origins may call it.
 */
static int check_origins(const struct strlist *l, const char *flag, int api, char *err,
                         size_t errlen)
{
	for (size_t i = 0; i < l->n; i++) {
		const char *o = l->v[i], *a;

		if (api && (strcmp(o, "*") == 0 || strcmp(o, "none") == 0))
			continue;
		a = strncmp(o, "http://", 7) == 0    ? o + 7
		    : strncmp(o, "https://", 8) == 0 ? o + 8
		                                     : NULL;
		if (a == NULL || *a == '\0' || strpbrk(a, "/?#@ ") != NULL) {
			snprintf(err, errlen,
			         "%s: invalid value '%s' (expected an origin like "
			         "http://localhost:5173%s)",
			         flag, o, api ? ", * or none" : "");
			return -1;
		}
	}
	return 0;
}

/* A Host name for --allowed-hosts: a name (or .name), no port, no scheme. */
static int check_hosts(const struct strlist *l, char *err, size_t errlen)
{
	for (size_t i = 0; i < l->n; i++) {
		const char *h = l->v[i] + (l->v[i][0] == '.');

		if (*h == '\0' || strlen(h) > 253 ||
		    strspn(h,
		           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") !=
		        strlen(h)) {
			snprintf(err, errlen,
			         "--allowed-hosts: invalid value '%s' (expected a host name like "
			         "mdrmock or .example.test, without port)",
			         l->v[i]);
			return -1;
		}
	}
	return 0;
}

static const struct opt *find(const char *name, size_t n)
{
	for (size_t i = 0; i < ARRAY_LEN(opts); i++)
		if (strlen(opts[i].name) == n && strncmp(opts[i].name, name, n) == 0)
			return &opts[i];
	return NULL;
}

enum config_result config_load(struct config *c, int argc, char **argv, char *err, size_t errlen)
{
	char why[160], env[64];
	/* Per list option: its flags replace the variable's list rather than add to it. */
	unsigned char list_from_flags[sizeof opts / sizeof opts[0]] = {0};

	memset(c, 0, sizeof *c);
	c->clock_start = CLOCK_START_NOW;
	for (size_t i = 0; i < ARRAY_LEN(opts); i++) {
		const char *v;

		if (opts[i].def != NULL &&
		    apply(c, &opts[i], opts[i].def, 0, why, sizeof why) != 0) {
			snprintf(err, errlen, "internal: bad default for --%s", opts[i].name);
			return CONFIG_ERROR;
		}
		env_name(&opts[i], env, sizeof env);
		v = getenv(env);
		if (v != NULL && apply(c, &opts[i], v, 1, why, sizeof why) != 0) {
			snprintf(err, errlen, "%s: invalid value '%s' (%s)", env, v, why);
			return CONFIG_ERROR;
		}
	}
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *eq, *v;
		const struct opt *o;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
			return CONFIG_HELP;
		if (strcmp(arg, "--version") == 0 || strcmp(arg, "-V") == 0)
			return CONFIG_VERSION;
		if (strcmp(arg, "--man") == 0)
			return CONFIG_MAN;
		if (strcmp(arg, "--quiet") == 0) {
			c->quiet = 1; /* a bare switch; --quiet=false turns it off */
			continue;
		}
		if (strcmp(arg, "--no-ui") == 0) {
			c->ui = 0; /* the same for --ui=false */
			continue;
		}
		if (strncmp(arg, "--", 2) != 0) {
			snprintf(err, errlen, "unexpected argument '%s' (see --help)", arg);
			return CONFIG_ERROR;
		}
		eq = strchr(arg + 2, '=');
		o = find(arg + 2, eq ? (size_t)(eq - arg - 2) : strlen(arg + 2));
		if (o == NULL) {
			snprintf(err, errlen, "unknown option '%.*s' (see --help)",
			         (int)(eq ? eq - arg : (long)strlen(arg)), arg);
			return CONFIG_ERROR;
		}
		if (eq != NULL) {
			v = eq + 1;
		} else if (i + 1 < argc) {
			v = argv[++i];
		} else {
			snprintf(err, errlen, "option --%s needs a value (%s)", o->name,
			         o->metavar);
			return CONFIG_ERROR;
		}
		if (o->type == OPT_LIST && !list_from_flags[o - opts]) {
			list_clear(FIELD(c, o, struct strlist));
			list_from_flags[o - opts] = 1;
		}
		if (apply(c, o, v, 0, why, sizeof why) != 0) {
			snprintf(err, errlen, "--%s: invalid value '%s' (%s)", o->name, v, why);
			return CONFIG_ERROR;
		}
	}
	if (c->timing.sending > c->timing.sent || c->timing.sent > c->timing.final) {
		snprintf(err, errlen, "--sending-after <= --sent-after <= --final-after must hold");
		return CONFIG_ERROR;
	}
	if (c->admin_token != NULL && *c->admin_token == '\0') {
		snprintf(err, errlen, "--admin-token must not be empty");
		return CONFIG_ERROR;
	}
	if (c->conn_timeout < 1000 || c->max_connections < 1) {
		snprintf(err, errlen,
		         "--conn-timeout must be at least 1s and --max-connections at "
		         "least 1");
		return CONFIG_ERROR;
	}
	if (c->webhook_timeout < 1) {
		snprintf(err, errlen, "--webhook-timeout must be at least 1ms");
		return CONFIG_ERROR;
	}
	if (c->body_memory < c->max_body) {
		snprintf(err, errlen, "--body-memory must be at least --max-body");
		return CONFIG_ERROR;
	}
	if (c->webhook_concurrency < 1 || c->webhook_concurrency > 256) {
		snprintf(err, errlen, "--webhook-concurrency must be 1..256");
		return CONFIG_ERROR;
	}
	if (c->event_streams < 1 || c->event_streams > 10000) {
		snprintf(err, errlen, "--event-streams must be 1..10000");
		return CONFIG_ERROR;
	}
	if (c->webhook_log_retention < 1000) {
		snprintf(err, errlen, "--webhook-log-retention must be at least 1s");
		return CONFIG_ERROR;
	}
	if (c->report_retention <= c->report_delay) {
		snprintf(err, errlen, "--report-retention must be longer than --report-delay");
		return CONFIG_ERROR;
	}
	if (check_origins(&c->cors_origins, "--cors-origin", 1, err, errlen) != 0 ||
	    check_origins(&c->control_origins, "--control-origin", 0, err, errlen) != 0 ||
	    check_hosts(&c->allowed_hosts, err, errlen) != 0)
		return CONFIG_ERROR;
	if (c->public_url != NULL && strncmp(c->public_url, "http://", 7) != 0 &&
	    strncmp(c->public_url, "https://", 8) != 0) {
		snprintf(err, errlen, "--public-url must start with http:// or https://");
		return CONFIG_ERROR;
	}
	return CONFIG_RUN;
}

void config_release(struct config *c)
{
	list_clear(&c->api_keys);
	list_clear(&c->cors_origins);
	list_clear(&c->control_origins);
	list_clear(&c->allowed_hosts);
}

void config_usage(void *file)
{
	FILE *f = file;
	char env[64], left[64];

	fputs("usage: mdrmock [options]\n"
	      "       mdrmock healthcheck [options]   exit 0 when the server these options name "
	      "(or --ready-file's) answers ok\n"
	      "A local, stateful mock of the Telnyx messaging and MDR reporting APIs.\n\n"
	      "options (each also read from the environment variable shown):\n",
	      f);
	for (size_t i = 0; i < ARRAY_LEN(opts); i++) {
		env_name(&opts[i], env, sizeof env);
		snprintf(left, sizeof left, "--%s %s", opts[i].name, opts[i].metavar);
		fprintf(f, "  %-30s %s\n  %-30s [%s%s%s]\n", left, opts[i].help, "", env,
		        opts[i].def ? ", default " : "", opts[i].def ? opts[i].def : "");
	}
	fputs("  --help                         this text\n"
	      "  --version                      the version\n"
	      "  --man                          the manual page, mdrmock(1), in roff\n\n"
	      "exit status: 0 after a clean stop, 1 when start-up fails, 2 for bad options\n",
	      f);
}

/* Escapes roff's special characters in s: backslash and a leading dot or quote. */
static void roff(FILE *f, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", f);
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
	}
}

void config_man_options(void *file)
{
	FILE *f = file;
	char env[64];

	for (size_t i = 0; i < ARRAY_LEN(opts); i++) {
		env_name(&opts[i], env, sizeof env);
		fputs(".TP\n.BR \\-\\-", f);
		roff(f, opts[i].name);
		fputs(" \" \\fI", f);
		roff(f, opts[i].metavar);
		fputs("\\fR\"\n", f);
		roff(f, opts[i].help);
		fputs(".\n.br\nEnvironment: \\fB", f);
		roff(f, env);
		fputs("\\fR", f);
		if (opts[i].def != NULL) {
			fputs("; default \\fB", f);
			roff(f, opts[i].def);
			fputs("\\fR", f);
		}
		fputs(".\n", f);
	}
}

void config_man_environment(void *file)
{
	FILE *f = file;
	char env[64];

	for (size_t i = 0; i < ARRAY_LEN(opts); i++) {
		env_name(&opts[i], env, sizeof env);
		fputs(".TP\n.B ", f);
		roff(f, env);
		fputs("\nas \\fB\\-\\-", f);
		roff(f, opts[i].name);
		fputs("\\fR.\n", f);
	}
}
