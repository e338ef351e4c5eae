/*
 * The TZif parser (server/tz.c) over any bytes: a zone or NULL, never a crash, and a zone
 * answers every instant with an offset within a day, and local times round-trip to an
 * instant whose local time is within a day of the one asked.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "tz.h"

static const int64_t instants[] = {
    INT64_MIN / 4,  -2208988800LL, -1, 0, 1, 1700000000LL, 2145916800LL,
    253402300799LL, INT64_MAX / 4,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz *z;

	fuzz_setup();
	z = tz_parse(data, size);
	if (z == NULL)
		return 0;
	for (size_t i = 0; i < sizeof instants / sizeof instants[0]; i++) {
		int64_t t = instants[i];
		int32_t off = tz_offset_at(z, t);

		if (off < -86400 * 2 || off > 86400 * 2)
			abort();
		/* Within the years a report may name, local -> UTC stays near the local time. */
		if (t >= 0 && t <= 253402300799LL) {
			int64_t u = tz_local_to_utc(z, t);

			if (u < t - 86400 * 2 || u > t + 86400 * 2)
				abort();
		}
	}
	tz_free(z);
	return 0;
}
