#include "message.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "jsonin.h"
#include "phone.h"
#include "sign.h"
#include "timefmt.h"
#include "util.h"

#define MAX_MEDIA 10

static char *dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

int message_check_url(const char *url, const char *ptr, const char *what, struct apierr *e)
{
	const char *rest;

	if (strncmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		rest = url + 7;
	else
		return apierr_at(e, APIERR_BAD_REQUEST, ptr, "%s must be an http or https URL.",
		                 what);
	if (*rest == '\0' || *rest == '/')
		return apierr_at(e, APIERR_BAD_REQUEST, ptr, "%s has no host.", what);
	for (; *rest != '\0'; rest++)
		if ((unsigned char)*rest <= ' ')
			return apierr_at(e, APIERR_BAD_REQUEST, ptr,
			                 "%s contains a space or control "
			                 "character.",
			                 what);
	return 0;
}

/* A webhook URL field: absent, null and "" mean none. */
static int url_field(json_t *body, const char *key, char **out, struct apierr *e)
{
	const char *s = NULL;
	char ptr[64];
	int rc = jsonin_string(body, "", key, 0, &s, e);

	if (rc < 0)
		return -1;
	if (rc == 0 || *s == '\0')
		return 0;
	if (message_check_url(s, JSONIN_PTR(ptr, "", key), key, e) != 0)
		return -1;
	*out = xstrdup(s);
	return 0;
}

/* `to`: a string, or an array of exactly one string (docs/behaviour.md §2.1). */
static int to_field(json_t *body, const char **to, struct apierr *e)
{
	json_t *v = json_object_get(body, "to");

	if (v == NULL || json_is_null(v))
		return apierr_at(e, APIERR_MISSING, "/to", "The 'to' parameter is required.");
	if (json_is_array(v)) {
		/* upstream: several recipients are 40310 on this endpoint (group MMS has its own).
		 */
		if (json_array_size(v) > 1)
			return apierr_at(
			    e, APIERR_BAD_TO, "/to",
			    "'to' takes one recipient here; send a group MMS to several.");
		if (json_array_size(v) == 0)
			return apierr_at(e, APIERR_BAD_REQUEST, "/to",
			                 "'to' takes one recipient; the array is empty.");
		v = json_array_get(v, 0);
		if (!json_is_string(v))
			return apierr_at(e, APIERR_BAD_REQUEST, "/to/0", "'to' must be a string.");
	} else if (!json_is_string(v)) {
		return apierr_at(e, APIERR_BAD_REQUEST, "/to", "'to' must be a string.");
	}
	*to = json_string_value(v);
	switch (phone_classify(*to)) {
	case PHONE_E164:
	case PHONE_SHORT_CODE:
		return 0;
	default:
		return apierr_at(e, APIERR_BAD_TO,
		                 json_is_array(json_object_get(body, "to")) ? "/to/0" : "/to",
		                 "'%.64s' is not a +E.164 phone number or a short code.", *to);
	}
}

static int media_field(json_t *body, struct message *m, struct apierr *e)
{
	json_t *arr = NULL, *v;
	size_t i;
	int rc = jsonin_array(body, "", "media_urls", 0, &arr, e);
	char ptr[32];

	if (rc < 0)
		return -1;
	if (rc == 0) {
		m->media_urls = xstrdup("[]");
		return 0;
	}
	if (jsonin_strings(arr, "/media_urls", JSONIN_NONEMPTY, e) != 0)
		return -1;
	if (json_array_size(arr) > MAX_MEDIA)
		return apierr_at(e, APIERR_BAD_REQUEST, "/media_urls",
		                 "At most %d media URLs are allowed.", MAX_MEDIA);
	json_array_foreach(arr, i, v)
	{
		if (message_check_url(json_string_value(v),
		                      apierr_pointer_index(ptr, sizeof ptr, "/media_urls", i),
		                      "A media URL", e) != 0)
			return -1;
	}
	m->media_urls = json_dumps(arr, JSON_COMPACT);
	m->mms = json_array_size(arr) > 0;
	return 0;
}

/* Fields only fixtures may set (docs/behaviour.md §7: fixtures go through this same validation). */
static int fixture_fields(json_t *body, int64_t now, struct message *m, struct apierr *e)
{
	const char *s;
	int rc;

	if ((rc = jsonin_string(body, "", "id", 0, &s, e)) < 0)
		return -1;
	if (rc == 1) {
		/* Stored in lower case, as GET looks ids up. */
		if (ids_normalize(s, m->id) != 0)
			return apierr_at(e, APIERR_BAD_REQUEST, "/id", "'id' must be a UUID.");
	}
	if ((rc = jsonin_string(body, "", "tenant", JSONIN_NONEMPTY, &s, e)) < 0)
		return -1;
	if (rc == 1)
		m->tenant = xstrdup(s);
	if ((rc = jsonin_string(body, "", "direction", 0, &s, e)) < 0)
		return -1;
	if (rc == 1 && model_direction_from_name(s) < 0)
		return apierr_at(e, APIERR_BAD_REQUEST, "/direction",
		                 "'direction' must be inbound or outbound.");
	if (rc == 1)
		m->direction = (enum direction)model_direction_from_name(s);
	m->received_at = now;
	if ((rc = jsonin_string(body, "", "received_at", 0, &s, e)) < 0)
		return -1;
	if (rc == 1 && timefmt_parse_ms(s, &m->received_at) != 0)
		return apierr_at(e, APIERR_BAD_REQUEST, "/received_at",
		                 "'received_at' must be an RFC 3339 time with an offset.");
	if (m->direction == DIR_INBOUND)
		m->delivered_at = m->received_at;
	return 0;
}
/* MOCK (Telnyx documents no bound): at most MESSAGE_MAX_TAGS tags of MESSAGE_MAX_TAG bytes. */
static int tag_bounds(json_t *tags, struct apierr *e)
{
	size_t i;
	json_t *t;
	char p[64];

	if (json_array_size(tags) > MESSAGE_MAX_TAGS)
		return apierr_at(e, APIERR_BAD_REQUEST, "/tags", "A message has at most %d tags.",
		                 MESSAGE_MAX_TAGS);
	json_array_foreach(tags, i, t)
	{
		if (json_string_length(t) > MESSAGE_MAX_TAG)
			return apierr_at(e, APIERR_BAD_REQUEST,
			                 apierr_pointer_index(p, sizeof p, "/tags", i),
			                 "A tag has at most %d bytes.", MESSAGE_MAX_TAG);
	}
	return 0;
}

int message_from_json(json_t *body, enum message_source src, int64_t now, struct message *m,
                      struct apierr *e)
{
	const char *to = NULL, *from = NULL, *profile = NULL, *text = NULL, *subject = NULL;
	const char *type = NULL, *encoding = "auto", *send_at = NULL;
	json_t *tags = NULL;
	enum encoding_request want = ENCODING_AUTO;
	struct encoding_info info;
	int rc, flag;

	memset(m, 0, sizeof *m);
	m->use_profile_webhooks = 1;
	m->send_at = -1;
	m->delivered_at = -1;
	m->cancelled_at = -1;
	m->received_at = now;

	if (src == MESSAGE_FIXTURE && fixture_fields(body, now, m, e) != 0)
		goto fail;
	if (src == MESSAGE_INBOUND)
		m->direction = DIR_INBOUND;
	if (to_field(body, &to, e) != 0)
		goto fail;
	if (jsonin_string(body, "", "messaging_profile_id", JSONIN_NONEMPTY, &profile, e) < 0)
		goto fail;
	if ((rc = jsonin_string(body, "", "from", 0, &from, e)) < 0)
		goto fail;
	/* Without from, a client's send takes one from the profile's pool (intake.c). */
	if (rc == 0 && (profile == NULL || src != MESSAGE_API)) {
		apierr_at(
		    e, APIERR_MISSING, "/from",
		    "The 'from' parameter is required unless 'messaging_profile_id' is given.");
		goto fail;
	}
	if (from != NULL && phone_classify(from) == PHONE_INVALID) {
		apierr_at(
		    e, APIERR_BAD_FROM, "/from",
		    "'%.64s' is not a +E.164 number, a short code or an alphanumeric sender id "
		    "(1-11 letters, digits, spaces).",
		    from);
		goto fail;
	}
	if (jsonin_string(body, "", "text", 0, &text, e) < 0 ||
	    jsonin_string(body, "", "subject", 0, &subject, e) < 0 ||
	    jsonin_string(body, "", "type", 0, &type, e) < 0 ||
	    jsonin_string(body, "", "encoding", 0, &encoding, e) < 0 ||
	    jsonin_string(body, "", "send_at", 0, &send_at, e) < 0 ||
	    jsonin_array(body, "", "tags", 0, &tags, e) < 0 || media_field(body, m, e) != 0 ||
	    url_field(body, "webhook_url", &m->webhook_url, e) != 0 ||
	    url_field(body, "webhook_failover_url", &m->webhook_failover_url, e) != 0)
		goto fail;
	if ((rc = jsonin_bool(body, "", "use_profile_webhooks", 0, &flag, e)) < 0)
		goto fail;
	if (rc == 1)
		m->use_profile_webhooks = flag;
	if (jsonin_bool(body, "", "auto_detect", 0, &flag, e) < 0)
		goto fail;

	if ((text == NULL || *text == '\0') && !m->mms) {
		if (text == NULL)
			apierr_at(e, APIERR_MISSING, "/text",
			          "The 'text' parameter is required unless 'media_urls' is given.");
		else
			apierr_at(e, APIERR_BAD_REQUEST, "/text", "'text' must not be empty.");
		goto fail;
	}
	if (type != NULL) {
		if (strcmp(type, "MMS") == 0) {
			m->mms = 1;
		} else if (strcmp(type, "SMS") != 0) {
			apierr_at(e, APIERR_BAD_REQUEST, "/type", "'type' must be SMS or MMS.");
			goto fail;
		} else if (m->mms) {
			apierr_at(e, APIERR_BAD_REQUEST, "/type",
			          "An SMS cannot carry media_urls; use type MMS.");
			goto fail;
		}
	}
	if (strcmp(encoding, "gsm7") == 0) {
		want = ENCODING_WANT_GSM7;
	} else if (strcmp(encoding, "ucs2") == 0) {
		want = ENCODING_WANT_UCS2;
	} else if (strcmp(encoding, "auto") != 0) {
		apierr_at(e, APIERR_BAD_REQUEST, "/encoding",
		          "'encoding' must be auto, gsm7 or ucs2.");
		goto fail;
	}
	if (text == NULL)
		text = "";
	if (encoding_analyze(text, strlen(text), want, &info) != 0) {
		apierr_at(e, APIERR_BAD_REQUEST, "/encoding",
		          "The text has characters outside the GSM-7 alphabet; use auto or ucs2.");
		goto fail;
	}
	/* upstream: at most 10 parts; a longer SMS is refused, not cut (docs/behaviour.md §2.2). */
	if (!m->mms && info.parts > MESSAGE_MAX_PARTS) {
		apierr_at(e, APIERR_TOO_LONG, "/text",
		          "The text needs %d %s parts; a message may have at most %d.", info.parts,
		          encoding_name(info.kind), MESSAGE_MAX_PARTS);
		goto fail;
	}
	if (tags != NULL) {
		if (jsonin_strings(tags, "/tags", 0, e) != 0 || tag_bounds(tags, e) != 0)
			goto fail;
		m->tags = json_dumps(tags, JSON_COMPACT);
	} else {
		m->tags = xstrdup("[]");
	}
	if (send_at != NULL) {
		int64_t at;

		if (timefmt_parse_ms(send_at, &at) != 0) {
			apierr_at(e, APIERR_BAD_REQUEST, "/send_at",
			          "'send_at' must be an RFC 3339 time with an offset.");
			goto fail;
		}
		/* MOCK: a time not in the future sends at once. */
		if (at > m->received_at)
			m->send_at = at;
	}
	if (m->direction == DIR_OUTBOUND && lifecycle_scenario(to) == SCENARIO_REJECTED) {
		apierr_at(
		    e, APIERR_BLOCKED, "/to",
		    "Messages cannot be sent from '%.32s' to '%.32s' due to an existing block "
		    "rule (MOCK scenario 5550106: the recipient opted out).",
		    from ? from : "your number pool", to);
		goto fail;
	}

	m->to = xstrdup(to);
	m->from = dup_or_null(from);
	m->profile_id = dup_or_null(profile);
	m->text = xstrdup(text);
	m->subject = dup_or_null(subject);
	m->encoding = info.kind;
	m->parts = m->mms ? 1 : info.parts;
	return 0;
fail:
	message_release(m);
	return -1;
}

void message_release(struct message *m)
{
	free(m->tenant);
	free(m->profile_id);
	free(m->from);
	free(m->to);
	free(m->text);
	free(m->subject);
	free(m->media_urls);
	free(m->webhook_url);
	free(m->webhook_failover_url);
	free(m->tags);
	free(m->group_id);
	free(m->cc);
	memset(m, 0, sizeof *m);
}

void message_state(const struct message *m, int64_t now, struct lifecycle_state *st)
{
	if (m->cancelled_at >= 0 && now >= m->cancelled_at)
		lifecycle_cancelled(m->cancelled_at, st);
	else if (m->direction == DIR_INBOUND)
		lifecycle_inbound(m->received_at, m->delivered_at, now, st);
	else
		lifecycle_outbound(&config.timing, lifecycle_scenario(m->to), m->received_at,
		                   m->send_at, now, st);
}
size_t message_timeline(const struct message *m, int64_t now, struct message_step *out)
{
	struct lifecycle_state fin, st;
	int64_t start = m->send_at >= 0 ? m->send_at : m->received_at, cand[MESSAGE_TIMELINE_MAX];
	size_t n = 0;

	message_state(m, INT64_MAX / 4, &fin);
	/* The instants a status can change at, in order; each kept when the status moved. */
	cand[0] = m->received_at;
	cand[1] = m->direction == DIR_INBOUND ? -1 : start;
	cand[2] = m->direction == DIR_INBOUND ? -1 : start + config.timing.sending;
	cand[3] = fin.sent_at;
	cand[4] = m->cancelled_at >= 0 ? m->cancelled_at : fin.completed_at;
	cand[5] = m->delivered_at;
	for (int i = 0; i < MESSAGE_TIMELINE_MAX; i++) {
		if (cand[i] < 0 || cand[i] > now)
			continue;
		message_state(m, cand[i], &st);
		if (n > 0 && out[n - 1].status == st.status)
			continue;
		out[n].status = st.status;
		out[n++].at = cand[i];
	}
	return n;
}

int message_otp(const char *text, char out[9])
{
	out[0] = '\0';
	for (const char *p = text; *p != '\0';) {
		size_t n = 0;

		while (p[n] >= '0' && p[n] <= '9')
			n++;
		if (n >= 4 && n <= 8) {
			memcpy(out, p, n);
			out[n] = '\0';
			return 1;
		}
		p += n > 0 ? n : 1;
	}
	return 0;
}

int64_t message_cost_e4(const struct message *m)
{
	/* A cancelled message was never sent, so it costs nothing. */
	return m->cancelled_at >= 0 ? 0 : (m->mms ? config.mms_rate : config.sms_rate) * m->parts;
}

char *message_money(int64_t e4, char *out, size_t outlen)
{
	snprintf(out, outlen, "%lld.%04lld", (long long)(e4 / 10000), (long long)(e4 % 10000));
	return out;
}

char *message_cost(const struct message *m, char *out, size_t outlen)
{
	return message_money(message_cost_e4(m), out, outlen);
}

char *message_rate(const struct message *m, char *out, size_t outlen)
{
	return message_money(m->mms ? config.mms_rate : config.sms_rate, out, outlen);
}

/* A field the endpoint of kind requires: present and not null, else 10004 at /key. */
static int required(json_t *body, const char *key, struct apierr *e)
{
	json_t *v = json_object_get(body, key);
	char ptr[64];

	if (v != NULL && !json_is_null(v))
		return 0;
	return apierr_at(e, APIERR_MISSING, JSONIN_PTR(ptr, "", key),
	                 "The '%s' parameter is required on this endpoint.", key);
}

/* The scheduling window (upstream: 5 minutes to 5 days ahead), when send_at is given. */
static int schedule_window(json_t *body, int64_t now, struct apierr *e)
{
	const char *s = json_string_value(json_object_get(body, "send_at"));
	int64_t at;

	if (s == NULL || timefmt_parse_ms(s, &at) != 0)
		return 0; /* absent, or already refused by message_from_json() */
	if (at < now + MESSAGE_SCHEDULE_MIN_MS || at > now + MESSAGE_SCHEDULE_MAX_MS)
		return apierr_at(e, APIERR_BAD_REQUEST, "/send_at",
		                 "'send_at' must be at least 5 minutes and at most 5 days ahead.");
	return 0;
}

/* The sender rule of kind for m's from (already a valid address of some kind). */
static int sender_rule(struct message *m, enum message_kind kind, struct apierr *e)
{
	enum phone_kind k = m->from != NULL ? phone_classify(m->from) : PHONE_INVALID;

	switch (kind) {
	case MESSAGE_KIND_LONG_CODE:
		if (k != PHONE_E164)
			return apierr_at(e, APIERR_BAD_FROM, "/from",
			                 "A long code message comes from a +E.164 number.");
		break;
	case MESSAGE_KIND_SHORT_CODE:
		if (k != PHONE_SHORT_CODE)
			return apierr_at(
			    e, APIERR_BAD_REQUEST, "/from",
			    "A short code message comes from a 5 or 6 digit short code.");
		break;
	case MESSAGE_KIND_GROUP_MMS:
		if (k != PHONE_E164)
			return apierr_at(e, APIERR_BAD_FROM, "/from",
			                 "A group MMS comes from a +E.164 number.");
		/* upstream: a group message is MMS, with or without media. */
		m->mms = 1;
		m->parts = 1;
		break;
	case MESSAGE_KIND_ALPHANUMERIC:
		if (k != PHONE_ALPHANUMERIC)
			return apierr_at(e, APIERR_BAD_REQUEST, "/from",
			                 "'from' must be an alphanumeric sender id: 1-11 letters, "
			                 "digits and spaces, at least one letter.");
		if (m->mms)
			return apierr_at(e, APIERR_BAD_REQUEST, "/media_urls",
			                 "An alphanumeric sender id sends SMS only.");
		break;
	default:
		break;
	}
	return 0;
}

int message_from_send(json_t *body, enum message_kind kind, int64_t now, struct message *m,
                      struct apierr *e)
{
	json_t *copy = NULL;
	int rc = -1;

	memset(m, 0, sizeof *m);
	switch (kind) {
	case MESSAGE_KIND_LONG_CODE:
	case MESSAGE_KIND_SHORT_CODE:
	case MESSAGE_KIND_GROUP_MMS:
		if (required(body, "from", e) != 0)
			return -1;
		break;
	case MESSAGE_KIND_NUMBER_POOL:
		if (required(body, "messaging_profile_id", e) != 0)
			return -1;
		/* The pool picks the sender: a from in the body is not this endpoint's field. */
		copy = json_copy(body);
		json_object_del(copy, "from");
		body = copy;
		break;
	case MESSAGE_KIND_ALPHANUMERIC:
		if (required(body, "from", e) != 0 || required(body, "text", e) != 0 ||
		    required(body, "messaging_profile_id", e) != 0)
			return -1;
		break;
	case MESSAGE_KIND_SCHEDULE:
		if (required(body, "send_at", e) != 0)
			return -1;
		break;
	default:
		break;
	}
	if (message_from_json(body, MESSAGE_API, now, m, e) != 0)
		goto out;
	if (sender_rule(m, kind, e) != 0 || schedule_window(body, now, e) != 0) {
		message_release(m);
		goto out;
	}
	rc = 0;
out:
	json_decref(copy);
	return rc;
}

int message_group_to(json_t *body, json_t **to, struct apierr *e)
{
	json_t *v = json_object_get(body, "to"), *x;
	char ptr[32];
	size_t i;

	*to = NULL;
	if (!json_is_object(body))
		return apierr_at(e, APIERR_BAD_REQUEST, "", "The body must be a JSON object.");
	if (v == NULL || json_is_null(v))
		return apierr_at(e, APIERR_MISSING, "/to", "The 'to' parameter is required.");
	if (!json_is_array(v))
		return apierr_at(e, APIERR_BAD_REQUEST, "/to", "'to' must be an array of numbers.");
	if (json_array_size(v) < MESSAGE_GROUP_MIN || json_array_size(v) > MESSAGE_GROUP_MAX)
		return apierr_at(e, APIERR_BAD_TO, "/to", "A group MMS goes to %d-%d recipients.",
		                 MESSAGE_GROUP_MIN, MESSAGE_GROUP_MAX);
	json_array_foreach(v, i, x)
	{
		const char *s = json_string_value(x);

		apierr_pointer_index(ptr, sizeof ptr, "/to", i);
		if (s == NULL)
			return apierr_at(e, APIERR_BAD_REQUEST, ptr,
			                 "A recipient must be a string.");
		if (phone_classify(s) != PHONE_E164)
			return apierr_at(e, APIERR_BAD_TO, ptr,
			                 "'%.64s' is not a +E.164 phone number.", s);
		for (size_t k = 0; k < i; k++)
			if (strcmp(json_string_value(json_array_get(v, k)), s) == 0)
				return apierr_at(e, APIERR_BAD_TO, ptr, "'%.64s' is listed twice.",
				                 s);
	}
	*to = v;
	return 0;
}

const char *message_media_type(const char *url)
{
	static const char *const types[][2] = {
	    {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"},     {"png", "image/png"},
	    {"gif", "image/gif"},  {"mp4", "video/mp4"},       {"3gp", "video/3gpp"},
	    {"mp3", "audio/mpeg"}, {"pdf", "application/pdf"}, {"vcf", "text/vcard"},
	    {"txt", "text/plain"},
	};
	size_t n = strcspn(url, "?#");
	const char *dot = NULL;

	for (size_t i = 0; i < n; i++)
		if (url[i] == '.')
			dot = url + i + 1;
		else if (url[i] == '/')
			dot = NULL;
	for (size_t i = 0; dot != NULL && i < ARRAY_LEN(types); i++)
		if ((size_t)(url + n - dot) == strlen(types[i][0]) &&
		    strncasecmp(dot, types[i][0], strlen(types[i][0])) == 0)
			return types[i][1];
	return "application/octet-stream";
}

long message_media_size(const char *url, char hash[SIGN_SHA256_HEX_LEN + 1])
{
	char local[SIGN_SHA256_HEX_LEN + 1];
	char *h = hash != NULL ? hash : local;

	sign_sha256_hex(url, strlen(url), h);
	return MESSAGE_MEDIA_MIN_SIZE + (long)(strtoul(h + 56, NULL, 16) % MESSAGE_MEDIA_SIZES);
}

long message_media_total(const struct message *m)
{
	json_t *a, *v;
	size_t i;
	long total = 0;

	if (m->direction != DIR_INBOUND || m->media_urls == NULL)
		return 0;
	a = json_loads(m->media_urls, 0, NULL);
	json_array_foreach(a, i, v)
	{
		if (json_is_string(v))
			total += message_media_size(json_string_value(v), NULL);
	}
	json_decref(a);
	return total;
}

size_t message_num_chars(const char *text)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++)
		if ((*p & 0xc0) != 0x80)
			n++;
	return n;
}
