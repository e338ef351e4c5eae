/*
 * tenants: the labels users give tenants (docs/behaviour.md §6.1), so logs and
 * control answers can say "suite-a:t_1a2b3c4d" instead of only the hash.
 * A key is never shown: only its hash (ids_tenant_label()) and the label.
 * In memory, at most TENANTS_MAX; a full reset forgets them.
 * Calls: ids, util.
 */
#ifndef MDRMOCK_TENANTS_H
#define MDRMOCK_TENANTS_H

#include <stddef.h>

#include "ids.h"

#define TENANTS_MAX       1024
#define TENANTS_LABEL_MAX 64
/* "<label>:t_xxxxxxxx" at its longest. */
#define TENANTS_SHOW_LEN (TENANTS_LABEL_MAX + 1 + IDS_LABEL_LEN)

/* 1 when label is 1-64 letters, digits, '.', '_' or '-'. */
int tenants_label_ok(const char *label);
/* Sets (label NULL: removes) tenant's label.  0, or -1 when TENANTS_MAX are set. */
int tenants_label_set(const char *tenant, const char *label);
/* How tenant is shown: "label:t_xxxxxxxx", or "t_xxxxxxxx" without a label; out. */
char *tenants_show(const char *tenant, char out[TENANTS_SHOW_LEN + 1]);
/* Calls fn with each labelled tenant's shown name and label, in the order they were set. */
void tenants_each(void (*fn)(const char *shown, const char *label, void *arg), void *arg);
void tenants_clear(void);

#endif
