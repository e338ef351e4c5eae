/*
 * view: records as the API shows them (docs/behaviour.md §2.2).  Builds JSON from
 * structs; never touches SQL.
 * Calls: apierr, clock, config, fault, journal, lifecycle, message, model, phone, profile, report,
 *   sign, tenants, timefmt, jansson.
 */
#ifndef MDRMOCK_VIEW_H
#define MDRMOCK_VIEW_H

#include <jansson.h>
#include <stdint.h>

#include "apierr.h"
#include "clock.h"
#include "model.h"

/* The message object as of now, a new reference. */
json_t *view_message(const struct message *m, int64_t now);

/* The bare message DELETE /v2/messages/{id} answers (docs/behaviour.md §2.3). */
json_t *view_cancelled_message(const struct message *m, int64_t now);

/* A tenant as the control API shows it: its label, never its key (null: none). */
json_t *view_tenant(const char *tenant);
/* GET /_mock/tenants: every labelled tenant; POST /_mock/tenants: one tenant's label. */
json_t *view_tenants(void);
json_t *view_tenant_label(const char *tenant, const char *label);
/* GET /_mock/messages/{id}: the message as GET /v2/messages/{id} answers it; meta: its tenant
 * and its timeline on the virtual clock (docs/inspector.md §3). */
json_t *view_mock_message_detail(const struct message *m, int64_t now);

/* {"data": obj}, stealing obj. */
json_t *view_data(json_t *obj);

/* A timestamp in the messages' format, or null when ms < 0.  New reference. */
json_t *view_time_ms(int64_t ms);

struct report;
struct report_state;

/*
 * A report request as now, in the v1 shape (a bare object, docs/behaviour.md §4.1) or
 * the v2 one (docs/behaviour.md §5).  base_url ("http://host:port", no slash at the
 * end) prefixes report_url.  New reference.
 */
json_t *view_report_v1(const struct report *r, int64_t now, const char *base_url);
json_t *view_report_v2(const struct report *r, int64_t now, const char *base_url);

/* The download link of a report: base_url/downloads/<id>/<name or id>.csv?token=...,
 * percent-encoded. */
char *view_report_url(const struct report *r, const char *base_url);

/*
 * One item of GET /_mock/reports (docs/behaviour.md §6.1): {id, kind, path, tenant, status,
 * name, created_at, updated_at, download_url, report}, stealing report (the object as the API
 * shows it at path, which is collection/id); download_url NULL while it cannot be downloaded.
 */
json_t *view_mock_report_item(const char *kind, const char *collection, const char *tenant,
                              const char *id, const struct report_state *st, int64_t created_at,
                              const char *name, const char *download_url, json_t *report);
/* A batch report as an item of GET /_mock/reports. */
json_t *view_mock_report(const struct report *r, int64_t now, const char *base_url);

/* The Telnyx error envelope {"errors": [{code, title, detail, source}]} for e. */
json_t *view_errors(const struct apierr *e);

/* A webhook body: {"data": event with the message as of the event, "meta": {attempt,
 * delivered_to}}. */
json_t *view_event(const struct outbox_event *ev, const struct message *m, int attempt,
                   const char *url);

/* The control API's message: view_message() plus tenant, and otp when with_otp. */
json_t *view_mock_message(const struct message *m, int64_t now, int with_otp);

/*
 * {"data": data, "meta": {page_number, page_size, [total_pages,]
 * total_results}}, stealing data.
 */
json_t *view_page(json_t *data, long page, long size, int64_t total, int with_pages);

/* One webhook delivery attempt of the log (GET /_mock/webhooks). */
json_t *view_attempt(const struct attempt *a);
/* view_attempt() with "request" {headers, body} and "response" {body, truncated} (or null: no
 * answer); each null when the log does not have it (an attempt logged before they were kept). */
json_t *view_attempt_detail(const struct attempt *a);

/* The control API's small answers: the clock, health, resets, report faults, the key. */
json_t *view_clock(const struct clock_info *ci);
json_t *view_health(void);
json_t *view_reset(const char *tenant);           /* tenant NULL: a full reset */
json_t *view_report_fault(const char *report_id); /* NULL: the next report */
json_t *view_webhook_key(const char *public_key_b64);

struct fault;
/* An API fault, and {"data": [...]} of n of them. */
json_t *view_fault(const struct fault *f);
json_t *view_faults(const struct fault *f, size_t n);

struct journal_query;
/* The journal's entries q selects: {"data": [...], "meta": {size, dropped, total}}. */
json_t *view_journal(const struct journal_query *q);

#endif
