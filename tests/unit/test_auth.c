#include <stdlib.h>

#include "auth.h"
#include "config.h"
#include "unit.h"

static int cred(const char *authz, const char *token, int v1, char *out)
{
	const char *c;
	size_t n;

	if (auth_credential(authz, token, v1, &c, &n) != 0)
		return -1;
	memcpy(out, c, n);
	out[n] = '\0';
	return 0;
}

static void test_bearer(void)
{
	char c[64];

	CHECK_INT(cred("Bearer KEY1", NULL, 0, c), 0);
	CHECK_STR(c, "KEY1");
	CHECK_INT(cred("bearer   KEY2  ", NULL, 0, c), 0);
	CHECK_STR(c, "KEY2");
	CHECK_INT(cred("Bearer ", NULL, 0, c), -1);
	CHECK_INT(cred("Bearer", NULL, 0, c), -1);
	CHECK_INT(cred("BearerX KEY", NULL, 0, c), -1);
	CHECK_INT(cred("Basic dXNlcjpwYXNz", NULL, 0, c), -1);
	CHECK_INT(cred(NULL, NULL, 0, c), -1);
}

static void test_v2_refuses_v1_forms(void)
{
	char c[64];

	CHECK_INT(cred("Token T1", NULL, 0, c), -1);
	CHECK_INT(cred(NULL, "T1", 0, c), -1);
}

static void test_v1_forms(void)
{
	char c[64];

	CHECK_INT(cred("Token T1", NULL, 1, c), 0);
	CHECK_STR(c, "T1");
	CHECK_INT(cred(NULL, " T2 ", 1, c), 0);
	CHECK_STR(c, "T2");
	CHECK_INT(cred("Bearer B1", NULL, 1, c), 0);
	CHECK_STR(c, "B1");
	/* A malformed Authorization falls back to the header pair. */
	CHECK_INT(cred("Basic xyz", "T3", 1, c), 0);
	CHECK_STR(c, "T3");
	CHECK_INT(cred(NULL, "", 1, c), -1);
}

static void test_tenant_and_allow_list(void)
{
	struct apierr e;
	char *t;
	struct strlist saved = config.api_keys;
	char *keys[] = {"good"};

	apierr_init(&e);
	t = auth_tenant("Bearer abc", NULL, 0, &e);
	CHECK_STR(t, "abc");
	free(t);
	CHECK(auth_tenant(NULL, NULL, 0, &e) == NULL);
	CHECK_INT(apierr_status(&e), 401);
	CHECK_STR(apierr_code(&e), "10009");

	config.api_keys.v = keys;
	config.api_keys.n = 1;
	t = auth_tenant("Bearer good", NULL, 0, &e);
	CHECK_STR(t, "good");
	free(t);
	CHECK(auth_tenant("Bearer bad", NULL, 0, &e) == NULL);
	CHECK(auth_tenant("Bearer goo", NULL, 0, &e) == NULL);
	config.api_keys = saved;

	config.tenancy_shared = 1;
	t = auth_tenant("Bearer abc", NULL, 0, &e);
	CHECK_STR(t, AUTH_SHARED_TENANT);
	free(t);
	config.tenancy_shared = 0;
}

/* --admin-token: Bearer, or Basic with the token as the password (docs/inspector.md §1). */
static void test_admin(void)
{
	CHECK(auth_admin_ok("Bearer tok", "tok"));
	CHECK(!auth_admin_ok("Bearer tokX", "tok"));
	CHECK(!auth_admin_ok(NULL, "tok"));
	CHECK(auth_admin_ok("Basic bWU6dG9r", "tok"));      /* me:tok */
	CHECK(auth_admin_ok("basic OnRvaw==", "tok"));      /* :tok, the scheme in any case */
	CHECK(auth_admin_ok("Basic OnRvaw", "tok"));        /* padding optional */
	CHECK(!auth_admin_ok("Basic bWU6dG9rWA==", "tok")); /* me:tokX */
	CHECK(!auth_admin_ok("Basic bWU6dG8=", "tok"));     /* me:to */
	CHECK(!auth_admin_ok("Basic dG9r", "tok"));         /* tok: no colon */
	CHECK(!auth_admin_ok("Basic !!!!", "tok"));
	CHECK(!auth_admin_ok("Basic ", "tok"));
	CHECK(auth_admin_ok("Basic YTpiOnRvaw==", "b:tok")); /* a:b:tok: the first colon splits */
}

const struct unit_test unit_auth[] = {
    {"admin token: Bearer or Basic", test_admin},          {"bearer", test_bearer},
    {"v2_refuses_v1_forms", test_v2_refuses_v1_forms},     {"v1_forms", test_v1_forms},
    {"tenant_and_allow_list", test_tenant_and_allow_list}, {NULL, NULL},
};
