/*
 * fault: injected failures for API calls (docs/behaviour.md §6): a method and path
 * (exact, or `*` for one segment), an answer status and code, how many
 * times, with what probability (drawn from the seeded generator, so a
 * --seed run repeats), and a delay.  Kept in memory; a full reset clears
 * them.  The gate (router.c) asks fault_check() before a handler runs.
 * Calls: apierr, ids, jsonin, util, jansson.
 */
#ifndef MDRMOCK_FAULT_H
#define MDRMOCK_FAULT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "apierr.h"

#define FAULT_MAX_RETRY_AFTER_S 3600
#define FAULT_MAX               256
/* The longest delay a fault may add (a minute: past any client's patience). */
#define FAULT_MAX_DELAY_MS 60000
/* The longest tenant key a fault may be scoped to. */
#define FAULT_MAX_TENANT 255

/* What a matching fault does to one request. */
struct fault_hit {
	int status; /* 0: only a delay, then the request is handled normally */
	char code[16];
	int64_t delay_ms;
	int retry_after; /* seconds for Retry-After (429 and 503), else 0 */
};

/* An API fault as it is kept (and shown by view_fault()). */
struct fault {
	int id;
	char method[16]; /* "" for any */
	char path[512];
	int status;
	char code[16];
	long long count; /* left; -1 for until deleted; 0: spent, listed but no longer firing */
	double probability;
	int64_t delay_ms;
	long long hits;
	int retry_after;                   /* seconds in Retry-After, 0 for none */
	char tenant[FAULT_MAX_TENANT + 1]; /* "" for every caller; else only this one's calls */
	int scoped;                        /* tenant holds a caller */
};

/*
 * Adds a fault from a control-API body; its "tenant" (given as tenant, the
 * body's as the store keeps it, or NULL for every caller) scopes it.
 * Returns 0 with the fault copied into out, or -1 with e pointing at the
 * offending field.
 */
int fault_add(json_t *body, const char *tenant, struct fault *out, struct apierr *e);
/*
 * Copies the faults of tenant (NULL: every fault; else those scoped to it),
 * oldest first, into out (room for FAULT_MAX); returns how many.
 */
size_t fault_list(const char *tenant, struct fault *out);
/* Forgets the faults of tenant (NULL: all). */
void fault_clear(const char *tenant);
/* 1 when any API fault is set: only then does the gate look for the caller early. */
/* Forgets the fault with that id (listed or spent): 1, or 0 when there is none. */
int fault_delete(int id);
int fault_any(void);

/*
 * The first fault matching method, the decoded path and the caller (tenant,
 * NULL when unknown; a scoped fault fires only for its own) that fires this
 * time (count left, probability drawn).  1 with hit filled, or 0.
 */
int fault_check(const char *method, const char *path, const char *tenant, struct fault_hit *hit);

/* 1 when pattern (with `*` segments) matches path; trailing slashes ignored. */
int fault_path_match(const char *pattern, const char *path);

/*
 * The pending "fail the next report" faults (docs/behaviour.md §6): adds n,
 * takes one (1 when there was one), or forgets them all.
 */
void fault_report_next(int n);
int fault_report_take(void);
void fault_report_clear(void);

#endif
