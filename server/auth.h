/*
 * auth: who is calling (docs/behaviour.md §1.2).  v2 routes
 * take `Authorization: Bearer <key>`; v1 routes also take
 * `Authorization: Token <token>` and the x-api-user / x-api-token pair, where
 * the token is the credential.  The credential names the tenant unless
 * --tenancy shared puts everyone in one namespace.
 * Calls: apierr, config, util.
 */
#ifndef MDRMOCK_AUTH_H
#define MDRMOCK_AUTH_H

#include <stddef.h>

#include "apierr.h"

/* The namespace of --tenancy shared; no credential is empty, so it never collides. */
#define AUTH_SHARED_TENANT ""

/*
 * Finds the credential in the headers (either may be NULL).  v1 allows the
 * Token scheme and x-api-token.  Returns 0 with cred and len pointing into a
 * header, or -1 when there is no usable credential.
 */
int auth_credential(const char *authorization, const char *x_api_token, int v1, const char **cred,
                    size_t *len);

/*
 * Authenticates and returns the caller's tenant as a new string, or NULL
 * with e set to 401 10009.
 */
char *auth_tenant(const char *authorization, const char *x_api_token, int v1, struct apierr *e);

/* 1 when authorization is "Bearer <token>" exactly (the --admin-token check). */
int auth_bearer_is(const char *authorization, const char *token);

/*
 * The --admin-token check of the control API and the inspector: Bearer TOKEN,
 * or Basic with any user name and TOKEN as the password (what a browser sends
 * after the inspector's 401 asked for it).  1 when it passes.
 */
int auth_admin_ok(const char *authorization, const char *token);

#endif
