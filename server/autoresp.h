/*
 * autoresp: a messaging profile's auto-response settings
 * (docs/behaviour.md §2.5): the validation of a body with pointers, and
 * which inbound text a setting answers.  Pure.
 * Calls: apierr, jsonin, model, util, jansson.
 */
#ifndef MDRMOCK_AUTORESP_H
#define MDRMOCK_AUTORESP_H

#include <jansson.h>

#include "apierr.h"
#include "model.h"

/* MOCK: a keyword is 1-32 characters, a setting has at most 20, a profile at most 100 settings. */
#define AUTORESP_MAX_KEYWORD     32
#define AUTORESP_MAX_KEYWORDS    20
#define AUTORESP_MAX_PER_PROFILE 100
#define AUTORESP_MAX_TEXT        1600

/*
 * Validates a POST or PUT body (op, keywords, country_code required;
 * resp_text optional) into a's op, keywords (in capitals), country_code and
 * resp_text, which a then owns.  0, or -1 with e set and a unchanged.
 */
int autoresp_from_json(json_t *body, struct autoresp *a, struct apierr *e);

/* Frees what a owns and zeroes it. */
void autoresp_release(struct autoresp *a);

/*
 * 1 when an inbound text from sender is one of a's keywords (the whole
 * text, any case, surrounding spaces ignored) and a's country_code is "*"
 * or sender's country.
 */
int autoresp_matches(const struct autoresp *a, const char *text, const char *sender);

#endif
