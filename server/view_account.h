/*
 * view_account: the account's records as the API shows them
 * (docs/behaviour.md §2.5): messaging profiles, phone numbers with their
 * messaging settings, opt-outs.  Builds JSON from structs; never touches SQL.
 * Calls: ids, model, phone, profile, view, jansson.
 */
#ifndef MDRMOCK_VIEW_ACCOUNT_H
#define MDRMOCK_VIEW_ACCOUNT_H

#include <jansson.h>

#include "model.h"

/* A messaging profile as /v2/messaging_profiles shows it (upstream MessagingProfile). */
json_t *view_messaging_profile(const struct profile *p);

/* The control API's profile: the same, plus tenant and connection_id. */
json_t *view_mock_profile(const struct profile *p);

/* A number with its messaging settings (upstream PhoneNumberWithMessagingSettings). */
json_t *view_number(const struct number *n);

/* A short code of a profile's (upstream ShortCode). */
json_t *view_short_code(const struct number *n);

/* MOCK: a profile's metrics name the profile and the time frame; no counts. */
json_t *view_profile_metrics(const struct profile *p, const char *time_frame);

/* An auto-response setting (upstream AutorespConfigSchema); resp_text absent when none. */
json_t *view_autoresp(const struct autoresp *a);

/* One opt-out (upstream OptOutItem). */
json_t *view_optout(const struct optout *o);

#endif
