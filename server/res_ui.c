#include "res_ui.h"

#include <string.h>

#include "apierr.h"
#include "config.h"
#include "embedded.h"

static const struct embedded_asset *asset(const char *name)
{
	for (unsigned i = 0; i < embedded_assets_count; i++)
		if (strcmp(embedded_assets[i].name, name) == 0)
			return &embedded_assets[i];
	return NULL;
}

static const char *content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".html", "text/html; charset=utf-8"},        {".js", "text/javascript; charset=utf-8"},
	    {".css", "text/css; charset=utf-8"},          {".svg", "image/svg+xml"},
	    {".yaml", "application/yaml; charset=utf-8"}, {".json", "application/json"},
	};
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot != NULL && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* The embedded file name, or the 404 of any unknown path. */
static enum status serve(struct res *rs, const char *name)
{
	const struct embedded_asset *a = asset(name);

	if (a == NULL)
		return res_no_route(rs);
	return res_bytes(rs, content_type(name), a->data, a->size);
}

enum status res_ui_index(struct req *rq, struct res *rs)
{
	(void)rq;
	if (!config.ui)
		return res_no_route(rs); /* --no-ui: / is what it was, a 404 */
	return serve(rs, "index.html");
}

enum status res_ui_file(struct req *rq, struct res *rs)
{
	const char *name = rq->ncaptures > 0 ? rq->captures[0] : "";

	/* Only the inspector's own files; the OpenAPI document has its own paths. */
	if (!config.ui || strncmp(name, "openapi.", 8) == 0)
		return res_no_route(rs);
	return serve(rs, name);
}

enum status res_ui_openapi_yaml(struct req *rq, struct res *rs)
{
	(void)rq;
	return serve(rs, "openapi.yaml");
}

enum status res_ui_openapi_json(struct req *rq, struct res *rs)
{
	(void)rq;
	return serve(rs, "openapi.json");
}
