/*
 * embedded: files compiled into the binary by embed.sh: the numbered
 * schema migrations, in order, and the default fixtures.
 */
#ifndef MDRMOCK_EMBEDDED_H
#define MDRMOCK_EMBEDDED_H

struct embedded_file {
	const char *name;
	const char *text;
};

extern const struct embedded_file embedded_migrations[];
extern const unsigned embedded_migrations_count;
extern const char embedded_default_fixtures[];

#endif
