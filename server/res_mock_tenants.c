#include "res_mock_tenants.h"

#include "control.h"
#include "jsonin.h"
#include "tenants.h"
#include "view.h"

/*
 * POST /_mock/tenants {"tenant": KEY, "label": "suite-a" | null}: names a tenant
 * where the control API and the log show it (docs/behaviour.md §6.1); GET lists them.
 */
enum status res_mock_tenants_label(struct req *rq, struct res *rs)
{
	const char *tenant, *label = NULL;
	struct apierr e;
	json_t *given = json_object_get(rq->json, "label");

	apierr_init(&e);
	if (control_tenant(rq, &tenant, &e) != 0 ||
	    (given != NULL && !json_is_null(given) &&
	     jsonin_string(rq->json, "", "label", 0, &label, &e) < 0))
		return res_error(rs, &e);
	if (tenant == NULL)
		return apierr_at(&e, APIERR_MISSING, "/tenant",
		                 "Give the tenant's key as 'tenant'."),
		       res_error(rs, &e);
	if (given == NULL)
		return apierr_at(&e, APIERR_MISSING, "/label",
		                 "Give a 'label' (null takes the label away)."),
		       res_error(rs, &e);
	if (label != NULL && !tenants_label_ok(label))
		return apierr_at(&e, APIERR_BAD_REQUEST, "/label",
		                 "A label is 1-%d letters, digits, '.', '_' or '-'.",
		                 TENANTS_LABEL_MAX),
		       res_error(rs, &e);
	if (tenants_label_set(control_stored(tenant), label) != 0)
		return apierr_at(&e, APIERR_BAD_REQUEST, "", "At most %d tenants have labels.",
		                 TENANTS_MAX),
		       res_error(rs, &e);
	return res_ok(rs, view_tenant_label(control_stored(tenant), label));
}

enum status res_mock_tenants_list(struct req *rq, struct res *rs)
{
	(void)rq;
	return res_ok(rs, view_tenants());
}
