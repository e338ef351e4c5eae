#include "report_csv.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "message.h"
#include "report.h"
#include "timefmt.h"

void report_csv_field(struct buf *b, const char *s, int first)
{
	const char *q;

	if (!first)
		buf_addc(b, ',');
	buf_addc(b, '"');
	/* Copy runs between quotes in one go; each quote is written twice. */
	while ((q = strchr(s, '"')) != NULL) {
		buf_add(b, s, (size_t)(q - s) + 1);
		buf_addc(b, '"');
		s = q + 1;
	}
	buf_adds(b, s);
	buf_addc(b, '"');
}

void report_csv_end_row(struct buf *b)
{
	buf_add(b, "\r\n", 2);
}

void report_csv_header(struct buf *b, int include_body)
{
	static const char *const cols[] = {
	    "Unique Mdr ID",
	    "Originating Number",
	    "Terminating number",
	    "CreateTimestamp(UTC)",
	    "SendTimestamp(UTC)",
	    "CompleteTimestamp(UTC)",
	    "Direction",
	    "Status",
	    "Status_v2",
	    "Message Type",
	    "Parts",
	    "Cost",
	    "Currency",
	    "Tags",
	    "Profile ID",
	    "Error Codes",
	    "Total Media Size",
	};

	for (size_t i = 0; i < ARRAY_LEN(cols); i++)
		report_csv_field(b, cols[i], i == 0);
	if (include_body)
		report_csv_field(b, "Message Body", 0);
	report_csv_end_row(b);
}

static const char *csv_time(int64_t ms, char out[TIMEFMT_LEN])
{
	return ms < 0 ? "" : timefmt_csv(ms, out);
}

void report_csv_row(struct buf *b, const struct message *m, const struct lifecycle_state *st,
                    int include_body)
{
	char created[TIMEFMT_LEN], sent[TIMEFMT_LEN], done[TIMEFMT_LEN], parts[16], cost[32],
	    media[24];
	struct buf tags;

	buf_init(&tags);
	report_join_tags_text(m->tags, &tags);
	snprintf(parts, sizeof parts, "%d", m->parts);
	if (st->final)
		message_cost(m, cost, sizeof cost);
	else
		cost[0] = '\0';
	report_csv_field(b, m->id, 1);
	report_csv_field(b, m->from, 0);
	report_csv_field(b, m->to, 0);
	report_csv_field(b, csv_time(m->received_at, created), 0);
	report_csv_field(b, csv_time(st->sent_at, sent), 0);
	report_csv_field(b, csv_time(st->completed_at, done), 0);
	report_csv_field(b, model_direction_name(m->direction), 0);
	/* docs/behaviour.md §4.4: Status in the seed's words, Status_v2 in the current ones. */
	report_csv_field(b, lifecycle_status_name(st->status, VOCAB_LEGACY), 0);
	report_csv_field(b, lifecycle_status_name(st->status, VOCAB_CURRENT), 0);
	report_csv_field(b, model_type_name(m->mms), 0);
	report_csv_field(b, parts, 0);
	report_csv_field(b, cost, 0);
	report_csv_field(b, st->final ? "USD" : "", 0);
	report_csv_field(b, tags.data ? tags.data : "", 0);
	report_csv_field(b, m->profile_id ? m->profile_id : "", 0);
	report_csv_field(b, st->error ? st->error->code : "", 0);
	snprintf(media, sizeof media, "%ld", message_media_total(m));
	report_csv_field(b, media, 0);
	if (include_body)
		report_csv_field(b, m->text ? m->text : "", 0);
	report_csv_end_row(b);
	buf_release(&tags);
}

size_t report_csv_cut(const char *p, size_t n, size_t rows)
{
	int quoted = 0;

	if (rows == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"')
			quoted = !quoted; /* a doubled quote flips twice */
		else if (p[i] == '\n' && !quoted && --rows == 0)
			return i + 1;
	}
	return n;
}
