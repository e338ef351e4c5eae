#include "fault.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ids.h"
#include "jsonin.h"
#include "util.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct fault faults[FAULT_MAX];
static int nfaults, next_id = 1;
static _Atomic int any; /* nfaults > 0, read without the lock */

/* The code a status gets when the fault names none: the Telnyx code for that answer. */
static const char *default_code(int status)
{
	switch (status) {
	case 401:
		return "10009";
	case 404:
	case 410:
		return "10005";
	case 429:
		return "10011";
	case 500:
	case 502:
	case 503:
	case 504:
		return "10007";
	default:
		return "10015";
	}
}

int fault_path_match(const char *pattern, const char *path)
{
	for (;;) {
		size_t lp = strcspn(pattern, "/"), ls = strcspn(path, "/");

		if (!(lp == 1 && pattern[0] == '*' && ls > 0) &&
		    (lp != ls || strncmp(pattern, path, lp) != 0))
			return 0;
		pattern += lp;
		path += ls;
		while (*pattern == '/' && pattern[1] == '\0')
			pattern++;
		while (*path == '/' && path[1] == '\0')
			path++;
		if (*pattern == '\0' || *path == '\0')
			return *pattern == '\0' && *path == '\0';
		pattern++;
		path++;
	}
}

int fault_add(json_t *body, const char *tenant, struct fault *out, struct apierr *e)
{
	struct fault f;
	const char *method = NULL, *path = NULL, *code = NULL;
	long long status = 0, count = -1, delay = 0, retry = -1;
	double prob = 1;
	int rc;

	memset(&f, 0, sizeof f);
	if (jsonin_string(body, "", "path", JSONIN_REQUIRED | JSONIN_NONEMPTY, &path, e) < 0 ||
	    jsonin_string(body, "", "method", 0, &method, e) < 0 ||
	    jsonin_integer(body, "", "status", 0, &status, e) < 0 ||
	    jsonin_string(body, "", "code", JSONIN_NONEMPTY, &code, e) < 0 ||
	    (rc = jsonin_integer(body, "", "count", 0, &count, e)) < 0 ||
	    jsonin_number(body, "", "probability", 0, &prob, e) < 0 ||
	    jsonin_integer(body, "", "delay_ms", 0, &delay, e) < 0 ||
	    jsonin_integer(body, "", "retry_after", 0, &retry, e) < 0)
		return -1;
	if (json_object_get(body, "retry_after") != NULL &&
	    !json_is_null(json_object_get(body, "retry_after")) &&
	    (retry < 0 || retry > FAULT_MAX_RETRY_AFTER_S))
		return apierr_at(e, APIERR_BAD_REQUEST, "/retry_after",
		                 "'retry_after' is 0 (no header) to %d seconds.",
		                 FAULT_MAX_RETRY_AFTER_S);
	if (tenant != NULL && strlen(tenant) > FAULT_MAX_TENANT)
		return apierr_at(e, APIERR_BAD_REQUEST, "/tenant", "'tenant' is at most %d bytes.",
		                 FAULT_MAX_TENANT);
	if (tenant != NULL) {
		snprintf(f.tenant, sizeof f.tenant, "%s", tenant);
		f.scoped = 1;
	}
	if (path[0] != '/' || strlen(path) >= sizeof f.path)
		return apierr_at(e, APIERR_BAD_REQUEST, "/path",
		                 "'path' must start with / and be shorter than %zu bytes.",
		                 sizeof f.path);
	if (method != NULL && *method != '\0' && strcmp(method, "*") != 0) {
		static const char *const ok[] = {"GET", "POST", "PUT", "DELETE", "PATCH"};
		int found = 0;

		for (size_t i = 0; i < ARRAY_LEN(ok); i++)
			found |= strcasecmp(method, ok[i]) == 0;
		if (!found)
			return apierr_at(e, APIERR_BAD_REQUEST, "/method",
			                 "'method' must be GET, POST, PUT, DELETE, PATCH or *.");
		for (size_t i = 0; method[i] != '\0' && i + 1 < sizeof f.method; i++)
			f.method[i] = (char)(method[i] >= 'a' && method[i] <= 'z' ? method[i] - 32
			                                                          : method[i]);
	}
	if (status != 0 && (status < 400 || status > 599))
		return apierr_at(e, APIERR_BAD_REQUEST, "/status",
		                 "'status' must be an error status from 400 to 599.");
	if (status == 0 && delay == 0)
		return apierr_at(e, APIERR_MISSING, "",
		                 "Give a status to answer with, a delay_ms, or both.");
	if (code != NULL && strlen(code) >= sizeof f.code)
		return apierr_at(e, APIERR_BAD_REQUEST, "/code", "'code' is too long.");
	if (rc == 1 && count < 1)
		return apierr_at(e, APIERR_BAD_REQUEST, "/count",
		                 "'count' must be at least 1 (leave it out for until deleted).");
	if (!(prob > 0 && prob <= 1))
		return apierr_at(e, APIERR_BAD_REQUEST, "/probability",
		                 "'probability' must be greater than 0 and at most 1.");
	if (delay < 0 || delay > FAULT_MAX_DELAY_MS)
		return apierr_at(e, APIERR_BAD_REQUEST, "/delay_ms",
		                 "'delay_ms' must be from 0 to %d.", FAULT_MAX_DELAY_MS);
	snprintf(f.path, sizeof f.path, "%s", path);
	f.status = (int)status;
	snprintf(f.code, sizeof f.code, "%s", code ? code : default_code(f.status));
	f.count = rc == 1 ? count : -1;
	f.probability = prob;
	f.delay_ms = delay;
	/* Retry-After: as asked, else 1 s on 429 and 503 (docs/behaviour.md §6.2). */
	f.retry_after = retry >= 0 ? (int)retry : (f.status == 429 || f.status == 503);
	pthread_mutex_lock(&mu);
	/* A full list makes room by forgetting its oldest spent fault. */
	for (int i = 0; nfaults == FAULT_MAX && i < nfaults; i++)
		if (faults[i].count == 0) {
			memmove(&faults[i], &faults[i + 1],
			        (size_t)(nfaults - i - 1) * sizeof faults[0]);
			nfaults--;
		}
	if (nfaults == FAULT_MAX) {
		pthread_mutex_unlock(&mu);
		return apierr_at(e, APIERR_BAD_REQUEST, "", "At most %d faults at a time.",
		                 FAULT_MAX);
	}
	f.id = next_id++;
	faults[nfaults++] = f;
	any = 1;
	pthread_mutex_unlock(&mu);
	*out = f;
	return 0;
}

/* Whether fault f belongs to tenant (NULL: to any). */
static int of(const struct fault *f, const char *tenant)
{
	return tenant == NULL || (f->scoped && strcmp(f->tenant, tenant) == 0);
}

size_t fault_list(const char *tenant, struct fault *out)
{
	size_t n = 0;

	pthread_mutex_lock(&mu);
	for (int i = 0; i < nfaults; i++)
		if (of(&faults[i], tenant))
			out[n++] = faults[i];
	pthread_mutex_unlock(&mu);
	return n;
}

void fault_clear(const char *tenant)
{
	int kept = 0;

	pthread_mutex_lock(&mu);
	for (int i = 0; i < nfaults; i++)
		if (!of(&faults[i], tenant))
			faults[kept++] = faults[i];
	nfaults = kept;
	any = nfaults > 0;
	pthread_mutex_unlock(&mu);
}

int fault_delete(int id)
{
	int kept = 0, found;

	pthread_mutex_lock(&mu);
	for (int i = 0; i < nfaults; i++)
		if (faults[i].id != id)
			faults[kept++] = faults[i];
	found = kept < nfaults;
	nfaults = kept;
	any = nfaults > 0;
	pthread_mutex_unlock(&mu);
	return found;
}

int fault_any(void)
{
	return any;
}

/* A draw in [0, 1) from the seeded generator. */
static double draw(void)
{
	return (double)(ids_next() >> 11) * (1.0 / 9007199254740992.0);
}

int fault_check(const char *method, const char *path, const char *tenant, struct fault_hit *hit)
{
	int fired = 0;

	pthread_mutex_lock(&mu);
	for (int i = 0; i < nfaults && !fired; i++) {
		struct fault *f = &faults[i];

		if (f->count == 0 || (f->method[0] != '\0' && strcmp(f->method, method) != 0) ||
		    (f->scoped && (tenant == NULL || strcmp(f->tenant, tenant) != 0)) ||
		    !fault_path_match(f->path, path))
			continue;
		if (f->probability < 1 && draw() >= f->probability)
			continue;
		fired = 1;
		f->hits++;
		hit->status = f->status;
		snprintf(hit->code, sizeof hit->code, "%s", f->code);
		hit->delay_ms = f->delay_ms;
		hit->retry_after = f->retry_after;
		/* A spent fault stays listed with its hits (docs/behaviour.md §6.2). */
		if (f->count > 0)
			f->count--;
	}
	pthread_mutex_unlock(&mu);
	return fired;
}

static pthread_mutex_t report_mu = PTHREAD_MUTEX_INITIALIZER;
static int reports_to_fail;

void fault_report_next(int n)
{
	pthread_mutex_lock(&report_mu);
	reports_to_fail += n;
	pthread_mutex_unlock(&report_mu);
}

int fault_report_take(void)
{
	int taken = 0;

	pthread_mutex_lock(&report_mu);
	if (reports_to_fail > 0) {
		reports_to_fail--;
		taken = 1;
	}
	pthread_mutex_unlock(&report_mu);
	return taken;
}

void fault_report_clear(void)
{
	pthread_mutex_lock(&report_mu);
	reports_to_fail = 0;
	pthread_mutex_unlock(&report_mu);
}
