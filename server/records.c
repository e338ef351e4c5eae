#include "records.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "message.h"
#include "timefmt.h"
#include "util.h"

#define DAY_MS (24LL * 3600 * 1000)

static const char *const lower_names[MDR_STATUS_COUNT] = {
    "gw_timeout", "delivered", "dlr_unconfirmed", "dlr_timeout", "received", "gw_reject", "failed",
};
static const char *const upper_names[MDR_STATUS_COUNT] = {
    "GW_TIMEOUT", "DELIVERED", "DLR_UNCONFIRMED", "DLR_TIMEOUT", "RECEIVED", "GW_REJECT", "FAILED",
};

const char *records_status_name(enum mdr_status s, int upper)
{
	if (s < 0 || s >= MDR_STATUS_COUNT)
		s = MDR_FAILED;
	return upper ? upper_names[s] : lower_names[s];
}

int records_status_from_name(const char *name, int upper)
{
	for (int i = 0; name != NULL && i < MDR_STATUS_COUNT; i++)
		if (strcmp(name, upper ? upper_names[i] : lower_names[i]) == 0)
			return i;
	return -1;
}

/* Starts rq with nothing selected away: every time, direction, status and type. */
static void start(struct record_query *rq)
{
	memset(rq, 0, sizeof *rq);
	rq->from = INT64_MIN;
	rq->until = INT64_MAX;
	rq->page = 1;
	rq->size = 20;
}

static int bad(struct apierr *e, const char *param, const char *what)
{
	return apierr_param(e, APIERR_BAD_REQUEST, param, "'%s' %s.", param, what);
}

/* n decimal digits at s into *out: 0, or -1 when one is not a digit. */
static int digits(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	return 0;
}

/* A date (YYYY-MM-DD, midnight UTC) or an RFC 3339 time with an offset. */
static int instant(const char *v, int64_t *ms)
{
	int y, mo, d;

	if (strlen(v) == 10 && v[4] == '-' && v[7] == '-' && digits(v, 4, &y) == 0 &&
	    digits(v + 5, 2, &mo) == 0 && digits(v + 8, 2, &d) == 0 && mo >= 1 && mo <= 12 &&
	    d >= 1 && d <= 31) {
		*ms = timefmt_days_from_civil(y, mo, d) * DAY_MS;
		return 0;
	}
	return timefmt_parse_ms(v, ms);
}

/* The days since the epoch of a day's midnight (UTC), Monday-based week and month starts. */
static int64_t day_of(int64_t ms)
{
	return ms >= 0 ? ms / DAY_MS : -((-ms + DAY_MS - 1) / DAY_MS);
}

/* The N of "N_days" (1-9999), or -1. */
static int last_days(const char *s)
{
	size_t k = strspn(s, "0123456789");
	int n;

	if (k == 0 || k > 4 || strcmp(s + k, "_days") != 0 || digits(s, (int)k, &n) != 0)
		return -1;
	return n;
}

/*
 * upstream: filter[date_range] (today, yesterday, tomorrow, last/this/next week or month,
 * last_N_days) as a window of whole UTC days around now.
 */
static int date_range(const char *v, int64_t now, struct record_query *rq)
{
	int64_t today = day_of(now), weekday = ((today % 7) + 7 + 3) % 7; /* 1970-01-01: Thursday */
	int y, m, d, n;

	timefmt_civil_from_days(today, &y, &m, &d);
	if (strcmp(v, "today") == 0) {
		rq->from = today;
		rq->until = today + 1;
	} else if (strcmp(v, "yesterday") == 0) {
		rq->from = today - 1;
		rq->until = today;
	} else if (strcmp(v, "tomorrow") == 0) {
		rq->from = today + 1;
		rq->until = today + 2;
	} else if (strcmp(v, "this_week") == 0 || strcmp(v, "last_week") == 0 ||
	           strcmp(v, "next_week") == 0) {
		int64_t monday = today - weekday + (v[0] == 'l' ? -7 : v[0] == 'n' ? 7 : 0);

		rq->from = monday;
		rq->until = monday + 7;
	} else if (strcmp(v, "this_month") == 0 || strcmp(v, "last_month") == 0 ||
	           strcmp(v, "next_month") == 0) {
		int shift = v[0] == 'l' ? -1 : v[0] == 'n' ? 1 : 0;
		int mm = m - 1 + shift, yy = y + (mm < 0 ? -1 : mm > 11 ? 1 : 0);

		mm = (mm + 12) % 12;
		rq->from = timefmt_days_from_civil(yy, mm + 1, 1);
		rq->until =
		    timefmt_days_from_civil(mm == 11 ? yy + 1 : yy, mm == 11 ? 1 : mm + 2, 1);
	} else if (strncmp(v, "last_", 5) == 0 && (n = last_days(v + 5)) >= 1 && n <= 3650) {
		rq->from = today - n;
		rq->until = today + 1;
	} else {
		return -1;
	}
	rq->from *= DAY_MS;
	rq->until *= DAY_MS;
	return 0;
}

/* "cli", "cli][contains" ... after "filter[": the text filter and how it matches. */
static int text_key(const char *rest, const char *name, struct text_filter *f, const char *value)
{
	static const struct {
		const char *suffix;
		enum text_match how;
	} hows[] = {
	    {"]", TEXT_EQ},
	    {"][eq]", TEXT_EQ},
	    {"][contains]", TEXT_CONTAINS},
	    {"][starts_with]", TEXT_STARTS_WITH},
	    {"][ends_with]", TEXT_ENDS_WITH},
	};
	size_t n = strlen(name);

	if (strncmp(rest, name, n) != 0)
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(hows); i++)
		if (strcmp(rest + n, hows[i].suffix) == 0) {
			f->on = 1;
			f->how = hows[i].how;
			f->value = value;
			return 1;
		}
	return 0;
}

/* upstream: filter[record_type]'s enum; only messaging is served here. */
static int record_type(const char *v, struct apierr *e)
{
	static const char *const known[] = {
	    "ai-voice-assistant",
	    "amd",
	    "call-control",
	    "conference",
	    "conference-participant",
	    "embedding",
	    "fax",
	    "inference",
	    "inference-speech-to-text",
	    "media_storage",
	    "media-streaming",
	    "messaging",
	    "noise-suppression",
	    "recording",
	    "sip-trunking",
	    "siprec-client",
	    "stt",
	    "tts",
	    "verify",
	    "webrtc",
	    "wireless",
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(known) && strcmp(known[i], v) != 0; i++)
		;
	if (i == ARRAY_LEN(known))
		return bad(e, "filter[record_type]", "is not a record type");
	if (strcmp(v, "messaging") != 0)
		return apierr_param(e, APIERR_BAD_REQUEST, "filter[record_type]",
		                    "mdrmock keeps messaging records only; '%s' records are not "
		                    "served.",
		                    v);
	return 0;
}

static int direction_of(const char *v, int upper, unsigned *bits)
{
	if (strcmp(v, upper ? "INBOUND" : "inbound") == 0)
		*bits = 1u << DIR_INBOUND;
	else if (strcmp(v, upper ? "OUTBOUND" : "outbound") == 0)
		*bits = 1u << DIR_OUTBOUND;
	else
		return -1;
	return 0;
}

static int type_of(const char *v, unsigned *bits)
{
	if (strcmp(v, "SMS") == 0)
		*bits = 1;
	else if (strcmp(v, "MMS") == 0)
		*bits = 2;
	else
		return -1;
	return 0;
}

/* One filter[...] parameter of the search (rest: what follows "filter["). */
static int search_filter(const char *key, const char *rest, const char *v, int64_t now,
                         struct record_query *rq, struct apierr *e)
{
	int64_t ms;
	int s;

	if (strcmp(rest, "record_type]") == 0)
		return record_type(v, e);
	if (strcmp(rest, "date_range]") == 0)
		return date_range(v, now, rq) == 0
		           ? 0
		           : bad(e, key,
		                 "must be today, yesterday, tomorrow, last_week, this_week, "
		                 "next_week, last_month, this_month, next_month or last_N_days");
	if (strncmp(rest, "created_at][", 12) == 0) {
		const char *op = rest + 12;

		if (instant(v, &ms) != 0)
			return bad(
			    e, key,
			    "must be a date (YYYY-MM-DD) or an ISO 8601 time with an offset");
		if (strcmp(op, "gte]") == 0)
			rq->from = ms > rq->from ? ms : rq->from;
		else if (strcmp(op, "gt]") == 0)
			rq->from = ms + 1 > rq->from ? ms + 1 : rq->from;
		else if (strcmp(op, "lt]") == 0)
			rq->until = ms < rq->until ? ms : rq->until;
		else if (strcmp(op, "lte]") == 0)
			rq->until = ms + 1 < rq->until ? ms + 1 : rq->until;
		else
			return bad(e, key, "is not a filter (created_at takes gte, gt, lte, lt)");
		return 0;
	}
	if (strcmp(rest, "direction]") == 0)
		return direction_of(v, 0, &rq->directions) == 0
		           ? 0
		           : bad(e, key, "must be inbound or outbound");
	if (strcmp(rest, "status]") == 0) {
		if ((s = records_status_from_name(v, 0)) < 0)
			return bad(e, key,
			           "is not a record status (delivered, failed, gw_timeout, ...)");
		rq->statuses = 1u << s;
		return 0;
	}
	if (strcmp(rest, "message_type]") == 0)
		return type_of(v, &rq->types) == 0 ? 0 : bad(e, key, "must be SMS or MMS");
	if (text_key(rest, "cli", &rq->cli, v) || text_key(rest, "cld", &rq->cld, v))
		return 0;
	if (strcmp(rest, "profile_id]") == 0) {
		rq->profile_id = v;
		return 0;
	}
	if (strcmp(rest, "profile_name]") == 0) {
		rq->profile_name = v;
		return 0;
	}
	if (strcmp(rest, "uuid]") == 0 || strcmp(rest, "id]") == 0) {
		rq->id = v;
		return 0;
	}
	if (strcmp(rest, "tags]") == 0 || strcmp(rest, "tags][contains]") == 0) {
		rq->tag = v;
		return 0;
	}
	return bad(e, key, "is not a filter of messaging records");
}

static int page_param(const char *key, const char *v, long lo, long hi, long *out, struct apierr *e)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (*v == '\0' || *end != '\0' || n < lo || n > hi) {
		apierr_param(e, APIERR_BAD_REQUEST, key, "'%s' must be an integer from %ld to %ld.",
		             key, lo, hi);
		return -1;
	}
	*out = n;
	return 0;
}

int records_from_search(const struct query *q, int64_t now, struct record_query *rq,
                        struct apierr *e)
{
	int has_type = 0;

	start(rq);
	rq->descending = 1; /* MOCK: newest first unless sort says otherwise */
	for (size_t i = 0; i < q->n; i++) {
		const char *k = q->p[i].key, *v = q->p[i].value;

		if (strncmp(k, "filter[", 7) == 0) {
			has_type |= strcmp(k, "filter[record_type]") == 0;
			if (search_filter(k, k + 7, v, now, rq, e) != 0)
				return -1;
		} else if (strcmp(k, "page[number]") == 0) {
			if (page_param(k, v, 1, 1000000, &rq->page, e) != 0)
				return -1;
		} else if (strcmp(k, "page[size]") == 0) {
			if (page_param(k, v, 1, RECORDS_SEARCH_MAX_PAGE, &rq->size, e) != 0)
				return -1;
		} else if (strcmp(k, "sort") == 0 || strcmp(k, "sort[]") == 0) {
			if (strcmp(v, "created_at") == 0)
				rq->descending = 0;
			else if (strcmp(v, "-created_at") == 0)
				rq->descending = 1;
			else
				return bad(e, k, "must be created_at or -created_at");
		} else {
			return apierr_param(e, APIERR_BAD_REQUEST, k,
			                    "'%s' is not a parameter of the search.", k);
		}
	}
	if (!has_type)
		return apierr_param(e, APIERR_MISSING, "filter[record_type]",
		                    "filter[record_type] is required (messaging).");
	if (rq->from >= rq->until)
		return bad(e, "filter[created_at]",
		           "selects an empty window (its end is not after its start)");
	return 0;
}

int records_from_mdrs(const struct query *q, int64_t now, struct record_query *rq, struct apierr *e)
{
	(void)now;
	start(rq);
	rq->descending = 1;
	for (size_t i = 0; i < q->n; i++) {
		const char *k = q->p[i].key, *v = q->p[i].value;
		int s;

		if (strcmp(k, "start_date") == 0 || strcmp(k, "end_date") == 0) {
			int64_t ms;

			if (instant(v, &ms) != 0)
				return bad(e, k,
				           "must be a date (YYYY-MM-DD) or an ISO 8601 time with "
				           "an offset");
			if (k[0] == 's')
				rq->from = ms;
			else
				rq->until = ms;
		} else if (strcmp(k, "id") == 0) {
			rq->id = v;
		} else if (strcmp(k, "direction") == 0) {
			if (direction_of(v, 1, &rq->directions) != 0)
				return bad(e, k, "must be INBOUND or OUTBOUND");
		} else if (strcmp(k, "profile") == 0) {
			rq->profile_name = v;
		} else if (strcmp(k, "cld") == 0 || strcmp(k, "cli") == 0) {
			struct text_filter *f = k[2] == 'd' ? &rq->cld : &rq->cli;

			f->on = 1;
			f->how = TEXT_EQ;
			f->value = v;
		} else if (strcmp(k, "status") == 0) {
			if ((s = records_status_from_name(v, 1)) < 0)
				return bad(
				    e, k,
				    "is not a record status (DELIVERED, FAILED, GW_TIMEOUT, ...)");
			rq->statuses = 1u << s;
		} else if (strcmp(k, "message_type") == 0) {
			if (type_of(v, &rq->types) != 0)
				return bad(e, k, "must be SMS or MMS");
		} else if (strcmp(k, "page[number]") == 0) {
			if (page_param(k, v, 1, 1000000, &rq->page, e) != 0)
				return -1;
		} else if (strcmp(k, "page[size]") == 0) {
			if (page_param(k, v, 1, 250, &rq->size, e) != 0)
				return -1;
		} else {
			return apierr_param(e, APIERR_BAD_REQUEST, k,
			                    "'%s' is not a parameter of the MDR listing.", k);
		}
	}
	if (rq->from >= rq->until)
		return bad(e, "end_date", "must be after start_date");
	return 0;
}

int records_status(const struct message *m, int64_t now, struct lifecycle_state *st,
                   enum mdr_status *status)
{
	message_state(m, now, st);
	if (m->direction == DIR_INBOUND) {
		*status = MDR_RECEIVED;
		return 1;
	}
	if (!st->final)
		return 0;
	/* The seed's word for the state (docs/behaviour.md §2.3), spelt as the backend does. */
	switch (st->status) {
	case MSG_DELIVERED:
		*status = MDR_DELIVERED;
		break;
	case MSG_SENDING_FAILED:
		*status = MDR_GW_TIMEOUT;
		break;
	case MSG_DELIVERY_UNCONFIRMED:
		*status = MDR_DLR_TIMEOUT;
		break;
	default: /* delivery_failed, cancelled */
		*status = MDR_FAILED;
		break;
	}
	return 1;
}

int records_text_match(enum text_match how, const char *s, const char *value)
{
	size_t n, k;

	if (s == NULL)
		return 0;
	n = strlen(s);
	k = strlen(value);
	switch (how) {
	case TEXT_EQ:
		return strcmp(s, value) == 0;
	case TEXT_CONTAINS:
		return strstr(s, value) != NULL;
	case TEXT_STARTS_WITH:
		return n >= k && memcmp(s, value, k) == 0;
	case TEXT_ENDS_WITH:
		return n >= k && memcmp(s + n - k, value, k) == 0;
	}
	return 0;
}

static int text_matches(const struct text_filter *f, const char *s)
{
	return !f->on || records_text_match(f->how, s, f->value);
}

int records_has_tags(const char *tags, const json_t *want)
{
	json_t *have = json_loads(tags != NULL ? tags : "[]", 0, NULL), *h, *w;
	size_t i, j;
	int found = 0;

	json_array_foreach(have, i, h)
	{
		if (json_is_string(want))
			found = json_equal(h, want);
		json_array_foreach(want, j, w)
		{
			found |= json_equal(h, w);
		}
		if (found)
			break;
	}
	json_decref(have);
	return found;
}

int records_match(const struct record_query *rq, const struct message *m, int64_t now,
                  struct lifecycle_state *st, enum mdr_status *status)
{
	if (rq->directions != 0 && !(rq->directions & (1u << m->direction)))
		return 0;
	if (rq->types != 0 && !(rq->types & (m->mms ? 2u : 1u)))
		return 0;
	if (rq->id != NULL && strcasecmp(rq->id, m->id) != 0)
		return 0;
	if (rq->profile_id != NULL &&
	    (m->profile_id == NULL || strcmp(rq->profile_id, m->profile_id) != 0))
		return 0;
	if (rq->profile_name != NULL &&
	    (m->profile_name == NULL || strcmp(rq->profile_name, m->profile_name) != 0))
		return 0;
	if (!text_matches(&rq->cli, m->from) || !text_matches(&rq->cld, m->to))
		return 0;
	if (rq->tag != NULL) {
		json_t *want = json_string(rq->tag);
		int hit = want != NULL && records_has_tags(m->tags, want);

		json_decref(want);
		if (!hit)
			return 0;
	}
	if (!records_status(m, now, st, status))
		return 0;
	return rq->statuses == 0 || (rq->statuses & (1u << *status));
}
