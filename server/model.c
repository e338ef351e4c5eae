#include "model.h"

#include <stdlib.h>
#include <string.h>

/*
 * The one home of the words the store persists and the API shows for these
 * enums (docs/design.md §6): the messages table's direction and type
 * columns, the outbox's and the delivery log's event_type.
 */
static const char *const direction_names[DIR_COUNT] = {
    [DIR_OUTBOUND] = "outbound",
    [DIR_INBOUND] = "inbound",
};

static const char *const event_names[EVENT_TYPE_COUNT] = {
    [EVENT_SENT] = "message.sent",
    [EVENT_FINALIZED] = "message.finalized",
    [EVENT_RECEIVED] = "message.received",
};

static int index_of(const char *const *names, int n, const char *name)
{
	for (int i = 0; name != NULL && i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

const char *model_direction_name(enum direction d)
{
	return direction_names[d];
}

int model_direction_from_name(const char *name)
{
	return index_of(direction_names, DIR_COUNT, name);
}

const char *model_type_name(int mms)
{
	return mms ? "MMS" : "SMS";
}

const char *model_event_name(enum event_type t)
{
	return event_names[t];
}

int model_event_from_name(const char *name)
{
	return index_of(event_names, EVENT_TYPE_COUNT, name);
}

static const char *const autoresp_op_names[AUTORESP_OP_COUNT] = {"start", "stop", "info"};

const char *model_autoresp_op_name(enum autoresp_op op)
{
	return op >= 0 && op < AUTORESP_OP_COUNT ? autoresp_op_names[op] : "info";
}

int model_autoresp_op_from_name(const char *name)
{
	return index_of(autoresp_op_names, AUTORESP_OP_COUNT, name);
}

void model_profile_free(struct profile *p)
{
	free(p->id);
	free(p->tenant);
	free(p->name);
	free(p->webhook_url);
	free(p->webhook_failover_url);
	free(p->connection_id);
	free(p->settings);
	memset(p, 0, sizeof *p);
}
