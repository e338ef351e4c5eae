#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fuzz.h"
#include "util.h"

void fuzz_setup(void)
{
	static int done;
	char err[256];
	char *argv[] = {"fuzz", NULL};

	if (done)
		return;
	done = 1;
	json_set_alloc_funcs(xmalloc, free);
	if (config_load(&config, 1, argv, err, sizeof err) != CONFIG_RUN)
		abort();
}

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}
