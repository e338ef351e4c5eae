/* The report-request validator (filters included), both views, and the spec round trip. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "jsonin.h"
#include "report.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct apierr e;
	json_t *body;

	fuzz_setup();
	apierr_init(&e);
	body = jsonin_parse((const char *)data, size, &e);
	if (body == NULL)
		return 0;
	for (int o = REPORT_V1; o <= REPORT_V2; o++) {
		struct report r, back;
		struct report_row row;

		apierr_init(&e);
		if (report_from_json(body, (enum report_origin)o, 1731405268000LL, &r, &e) != 0) {
			if (e.kind == APIERR_NONE)
				abort();
			continue;
		}
		/* What is stored must load again, to the same selectors. */
		memset(&row, 0, sizeof row);
		row.spec = xstrdup(r.row.spec);
		if (report_load(&row, &back) != 0 || back.nfilters != r.nfilters ||
		    back.directions != r.directions || back.records != r.records)
			abort();
		report_release(&back);
		report_release(&r);
	}
	json_decref(body);
	return 0;
}
