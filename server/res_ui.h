/*
 * res_ui: files the server serves as they are, compiled in (embedded.h): the
 * web inspector's pages at / and /_mock/ui/ (docs/inspector.md; off with
 * --no-ui), and this server's OpenAPI document at /_mock/openapi.yaml and
 * /_mock/openapi.json (docs/behaviour.md §6.1).
 * Calls: apierr, config, req.
 */
#ifndef MDRMOCK_RES_UI_H
#define MDRMOCK_RES_UI_H

#include "req.h"

enum status res_ui_index(struct req *rq, struct res *rs);
enum status res_ui_file(struct req *rq, struct res *rs);
enum status res_ui_openapi_yaml(struct req *rq, struct res *rs);
enum status res_ui_openapi_json(struct req *rq, struct res *rs);

#endif
