/*
 * embedded: files compiled into the binary by embed.sh: the numbered
 * schema migrations, in order, the default fixtures, the image of a fresh
 * database made from the migrations at build time, and the files served
 * as they are (the inspector's pages, the OpenAPI document), by base name.
 */
#ifndef MDRMOCK_EMBEDDED_H
#define MDRMOCK_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const char *text;
};

extern const struct embedded_file embedded_migrations[];
extern const unsigned embedded_migrations_count;
extern const char embedded_default_fixtures[];
/* A fresh database with every migration applied (server/tools/schema_image.c), its bytes. */
extern const unsigned char embedded_schema_image[];
extern const size_t embedded_schema_image_size;

struct embedded_asset {
	const char *name; /* "app.js"; NULL ends the table */
	const unsigned char *data;
	size_t size;
};

extern const struct embedded_asset embedded_assets[];
extern const unsigned embedded_assets_count;

#endif
