#include "profile.h"

#include <stdlib.h>
#include <string.h>

#include "jsonin.h"
#include "message.h"
#include "util.h"

int profile_id_ok(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > PROFILE_MAX_ID)
		return 0;
	for (const unsigned char *p = (const unsigned char *)id; *p != '\0'; p++)
		if (*p <= ' ' || *p == '/' || *p == 0x7f)
			return 0;
	return 1;
}

static int url(json_t *obj, const char *base, const char *key, char **out, struct apierr *e)
{
	const char *s = NULL;
	char ptr[192];
	int rc = jsonin_string(obj, base, key, 0, &s, e);

	if (rc <= 0 || *s == '\0')
		return rc < 0 ? -1 : 0;
	if (message_check_url(s, JSONIN_PTR(ptr, base, key), key, e) != 0)
		return -1;
	*out = xstrdup(s);
	return 0;
}

int profile_from_json(json_t *obj, const char *base, const char *id, struct profile *p,
                      struct apierr *e)
{
	const char *conn = NULL;

	memset(p, 0, sizeof *p);
	if (!json_is_object(obj))
		return apierr_at(e, APIERR_BAD_REQUEST, base, "A profile must be a JSON object.");
	if (url(obj, base, "webhook_url", &p->webhook_url, e) != 0 ||
	    url(obj, base, "webhook_failover_url", &p->webhook_failover_url, e) != 0 ||
	    jsonin_string(obj, base, "connection_id", 0, &conn, e) < 0) {
		profile_release(p);
		return -1;
	}
	p->id = xstrdup(id);
	p->connection_id = conn != NULL && *conn != '\0' ? xstrdup(conn) : NULL;
	return 0;
}

void profile_release(struct profile *p)
{
	free(p->id);
	free(p->webhook_url);
	free(p->webhook_failover_url);
	free(p->connection_id);
	memset(p, 0, sizeof *p);
}
