/*
 * schema_image: the build's image of a fresh database (docs/design.md §7).
 *   schema_image OUT schema/0001_x.sql ...
 * Applies the migrations, in order, to an empty in-memory database as
 * store.c does (foreign keys on, one transaction and user_version each),
 * and writes the database's bytes to OUT.  A server with a `:memory:`
 * database copies this image in instead of running every migration at
 * start-up (bench/README.md); tests/unit/test_store.c checks that both give
 * the same schema.  A build tool: not linked into the server.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (text = malloc((size_t)n + 1)) == NULL ||
	    fread(text, 1, (size_t)n, f) != (size_t)n) {
		free(text);
		text = NULL;
	} else {
		text[n] = '\0';
	}
	if (f != NULL)
		fclose(f);
	return text;
}

static int run(sqlite3 *db, const char *sql, const char *what)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fprintf(stderr, "schema_image: %s: %s\n", what, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

int main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	sqlite3_int64 size = 0;
	unsigned char *bytes;
	char pragma[64];
	FILE *out;
	int ok;

	if (argc < 3) {
		fprintf(stderr, "usage: schema_image OUT MIGRATION...\n");
		return 2;
	}
	if (sqlite3_open(":memory:", &db) != SQLITE_OK || run(db, "PRAGMA foreign_keys = ON", "pragma"))
		return 1;
	for (int i = 2; i < argc; i++) {
		char *sql = slurp(argv[i]);

		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", i - 1);
		ok = sql != NULL && run(db, "BEGIN IMMEDIATE", argv[i]) == 0 &&
		     run(db, sql, argv[i]) == 0 && run(db, pragma, argv[i]) == 0 &&
		     run(db, "COMMIT", argv[i]) == 0;
		if (sql == NULL)
			fprintf(stderr, "schema_image: cannot read %s\n", argv[i]);
		free(sql);
		if (!ok)
			return 1;
	}
	/* The fresh pages only: what a migration rewrote leaves no free pages behind. */
	if (run(db, "VACUUM", "vacuum") != 0 || (bytes = sqlite3_serialize(db, "main", &size, 0)) == NULL)
		return 1;
	out = fopen(argv[1], "wb");
	ok = out != NULL && fwrite(bytes, 1, (size_t)size, out) == (size_t)size;
	if (out == NULL || fclose(out) != 0)
		ok = 0;
	sqlite3_free(bytes);
	sqlite3_close(db);
	if (!ok)
		fprintf(stderr, "schema_image: cannot write %s\n", argv[1]);
	return ok ? 0 : 1;
}
