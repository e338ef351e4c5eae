/* The router and path parser: any bytes as a path, every method. */
#include <stdlib.h>

#include "fuzz.h"
#include "router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_string(data, size);

	fuzz_setup();
	for (int m = 0; m < METHOD_COUNT; m++) {
		const struct route *route = NULL;
		char *captures[REQ_MAX_CAPTURES];
		size_t n = 0;
		char allow[64];
		enum router_result r = router_match(routes, routes_count, (enum method)m, path,
		                                    &route, captures, &n, allow, sizeof allow);

		if (r == ROUTER_FOUND && route == NULL)
			abort();
		if (n > REQ_MAX_CAPTURES)
			abort();
		/* Only a found route has captures, each a decoded, non-empty segment. */
		if (r != ROUTER_FOUND && n != 0)
			abort();
		for (size_t i = 0; i < n; i++) {
			if (captures[i][0] == '\0')
				abort();
			free(captures[i]);
		}
	}
	free(path);
	return 0;
}
