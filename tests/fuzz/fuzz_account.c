/*
 * The account's validators and readings over any input: as a JSON body, a profile (create,
 * update, control API), an auto-response setting, a usage report of either view, a group
 * MMS's recipients; as a query string, the MDR search, the paginated MDRs and a sync usage
 * report.  Each either accepts or says why.
 */
#include <stdlib.h>
#include <string.h>

#include "autoresp.h"
#include "fuzz.h"
#include "jsonin.h"
#include "message.h"
#include "profile.h"
#include "query.h"
#include "records.h"
#include "usage.h"

#define NOW 1767798000000LL

static void bodies(json_t *body)
{
	struct apierr e;
	struct profile p;
	struct autoresp a;
	struct usage_row u;
	json_t *to;

	apierr_init(&e);
	if (profile_create(body, "fuzz", NOW, &p, &e) == 0) {
		apierr_init(&e);
		if (profile_update(body, PROFILE_UPDATE, NOW + 1, &p, &e) != 0 &&
		    e.kind == APIERR_NONE)
			abort();
		if (!profile_pool_enabled(&p) && profile_pool_pick(&p, NULL, 0, NULL, NULL) != -1)
			abort();
		profile_release(&p);
	} else if (e.kind == APIERR_NONE) {
		abort();
	}
	apierr_init(&e);
	if (profile_from_json(body, "fuzz-id", NOW, &p, &e) == 0)
		profile_release(&p);
	else if (e.kind == APIERR_NONE)
		abort();
	memset(&a, 0, sizeof a);
	apierr_init(&e);
	if (autoresp_from_json(body, &a, &e) == 0) {
		if (autoresp_matches(&a, "STOP", "+13125550100") < 0)
			abort();
	} else if (e.kind == APIERR_NONE) {
		abort();
	}
	autoresp_release(&a);
	for (int o = USAGE_V2; o <= USAGE_LEGACY; o++) {
		apierr_init(&e);
		if (usage_from_body(body, (enum usage_origin)o, NOW, &u, &e) != 0 &&
		    e.kind == APIERR_NONE)
			abort();
		free(u.tenant);
		free(u.profiles);
	}
	apierr_init(&e);
	if (message_group_to(body, &to, &e) != 0 && e.kind == APIERR_NONE)
		abort();
}

static void queries(const char *s)
{
	struct query q;
	const char *bad = NULL;
	struct record_query rq;
	struct usage_row u;
	struct apierr e;

	memset(&q, 0, sizeof q);
	if (query_parse(&q, s, &bad) == 0) {
		apierr_init(&e);
		if (records_from_search(&q, NOW, &rq, &e) != 0 && e.kind == APIERR_NONE)
			abort();
		apierr_init(&e);
		if (records_from_mdrs(&q, NOW, &rq, &e) != 0 && e.kind == APIERR_NONE)
			abort();
		apierr_init(&e);
		if (usage_from_query(&q, NOW, &u, &e) != 0 && e.kind == APIERR_NONE)
			abort();
		free(u.tenant);
		free(u.profiles);
	}
	query_release(&q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct apierr e;
	json_t *body;

	fuzz_setup();
	apierr_init(&e);
	body = jsonin_parse((const char *)data, size, &e);
	if (body != NULL) {
		bodies(body);
		json_decref(body);
	}
	queries(s);
	free(s);
	return 0;
}
