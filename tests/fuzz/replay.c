/*
 * replay: runs a harness over files and directories of inputs, without
 * libFuzzer (the gcc build in make test).  Prints "<name>: N inputs".
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static long run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf == NULL || (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)) {
		fprintf(stderr, "%s: read error\n", path);
		exit(1);
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 1;
}

static long run_path(const char *path)
{
	struct stat sb;
	struct dirent **names;
	long count = 0;
	int n;

	if (stat(path, &sb) != 0)
		return 0;
	if (!S_ISDIR(sb.st_mode))
		return run_file(path);
	n = scandir(path, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			char child[4096];

			snprintf(child, sizeof child, "%s/%s", path, names[i]->d_name);
			count += run_path(child);
		}
		free(names[i]);
	}
	free(names);
	return count;
}

int main(int argc, char **argv)
{
	long count = 0;

	for (int i = 2; i < argc; i++)
		count += run_path(argv[i]);
	printf("%s: %ld inputs\n", argc > 1 ? argv[1] : "replay", count);
	return count == 0;
}
