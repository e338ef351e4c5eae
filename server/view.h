/*
 * view: records as the API shows them (CONTRACT 2.2).  Builds JSON from
 * structs; never touches SQL.  Calls message, lifecycle, phone, ids,
 * timefmt, config, jansson.
 */
#ifndef MDRMOCK_VIEW_H
#define MDRMOCK_VIEW_H

#include <jansson.h>
#include <stdint.h>

#include "model.h"

/* The message object as of now, a new reference. */
json_t *view_message(const struct message *m, int64_t now);

/* {"data": obj}, stealing obj. */
json_t *view_data(json_t *obj);

/* A timestamp in the messages' format, or null when ms < 0.  New reference. */
json_t *view_time_ms(int64_t ms);

#endif
