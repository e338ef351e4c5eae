/* The query-string parser: any bytes after '?'. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct query q;
	const char *bad = NULL;

	fuzz_setup();
	memset(&q, 0, sizeof q);
	if (query_parse(&q, s, &bad) == 0) {
		/* Every parsed name can be looked up again. */
		for (size_t i = 0; i < q.n; i++)
			if (query_get(&q, q.p[i].key) == NULL)
				abort();
	} else if (bad == NULL) {
		abort();
	}
	query_release(&q);
	free(s);
	return 0;
}
