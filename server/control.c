#include "control.h"

#include <string.h>

#include "auth.h"
#include "config.h"
#include "jsonin.h"

/*
 * The tenant a control call names (docs/behaviour.md §6.1): in the query or the body,
 * both honoured and, when both are given, equal; non-empty UTF-8 text.  0
 * with *tenant (NULL: none named), or -1 with e.
 */
int control_tenant(struct req *rq, const char **tenant, struct apierr *e)
{
	const char *in_body = NULL;
	json_t *probe;

	*tenant = query_get(&rq->query, "tenant");
	if (rq->json != NULL && jsonin_string(rq->json, "", "tenant", 0, &in_body, e) < 0)
		return -1;
	if (in_body != NULL && *tenant != NULL && strcmp(in_body, *tenant) != 0)
		return apierr_at(e, APIERR_BAD_REQUEST, "/tenant",
		                 "The body's tenant and the query's differ; give one.");
	if (*tenant == NULL)
		*tenant = in_body;
	if (*tenant != NULL && **tenant == '\0')
		return apierr_param(e, APIERR_BAD_REQUEST, "tenant", "'tenant' must not be empty.");
	/* Checked before anything changes: answers name the tenant in JSON. */
	probe = *tenant != NULL ? json_string(*tenant) : NULL;
	if (*tenant != NULL && probe == NULL)
		return apierr_param(e, APIERR_BAD_REQUEST, "tenant",
		                    "'tenant' must be UTF-8 text.");
	json_decref(probe);
	return 0;
}

/* How the store keeps a named tenant: with --tenancy shared, everyone is one. */
const char *control_stored(const char *tenant)
{
	return tenant != NULL && config.tenancy_shared ? AUTH_SHARED_TENANT : tenant;
}
