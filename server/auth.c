#include "auth.h"

#include <string.h>
#include <strings.h>

#include "config.h"
#include "util.h"

/* Matches "<scheme> <value>" with a case-insensitive scheme and trimmed value. */
static int scheme_value(const char *h, const char *scheme, const char **v, size_t *n)
{
	size_t sl = strlen(scheme);
	const char *p, *end;

	if (strncasecmp(h, scheme, sl) != 0 || (h[sl] != ' ' && h[sl] != '\t'))
		return -1;
	for (p = h + sl; *p == ' ' || *p == '\t'; p++)
		;
	for (end = p + strlen(p); end > p && (end[-1] == ' ' || end[-1] == '\t'); end--)
		;
	if (end == p)
		return -1;
	*v = p;
	*n = (size_t)(end - p);
	return 0;
}

int auth_credential(const char *authorization, const char *x_api_token, int v1, const char **cred,
                    size_t *len)
{
	if (authorization != NULL) {
		if (scheme_value(authorization, "Bearer", cred, len) == 0)
			return 0;
		if (v1 && scheme_value(authorization, "Token", cred, len) == 0)
			return 0;
	}
	if (v1 && x_api_token != NULL) {
		const char *p = x_api_token, *end;

		while (*p == ' ' || *p == '\t')
			p++;
		for (end = p + strlen(p); end > p && (end[-1] == ' ' || end[-1] == '\t'); end--)
			;
		if (end > p) {
			*cred = p;
			*len = (size_t)(end - p);
			return 0;
		}
	}
	return -1;
}

char *auth_tenant(const char *authorization, const char *x_api_token, int v1, struct apierr *e)
{
	const char *cred;
	size_t len;

	if (auth_credential(authorization, x_api_token, v1, &cred, &len) != 0) {
		apierr_at(e, APIERR_AUTH, NULL,
		          v1 ? "Send an API key as 'Authorization: Bearer <key>', "
		               "'Authorization: Token <token>' or 'x-api-token: <token>'."
		             : "Send an API key as 'Authorization: Bearer <key>'.");
		return NULL;
	}
	if (config.api_keys.n > 0) {
		size_t i;

		for (i = 0; i < config.api_keys.n; i++)
			if (strlen(config.api_keys.v[i]) == len &&
			    memcmp(config.api_keys.v[i], cred, len) == 0)
				break;
		if (i == config.api_keys.n) {
			apierr_at(e, APIERR_AUTH, NULL,
			          "The API key is not one the server accepts.");
			return NULL;
		}
	}
	return config.tenancy_shared ? xstrdup(AUTH_SHARED_TENANT) : xstrndup(cred, len);
}

/* Decodes standard base64 (padding optional) into out; the length, or -1 when it is not base64. */
static long b64_decode(const char *s, size_t n, char *out, size_t outlen)
{
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long acc = 0;
	size_t bits = 0, len = 0;

	while (n > 0 && s[n - 1] == '=')
		n--;
	for (size_t i = 0; i < n; i++) {
		const char *d = s[i] != '\0' ? strchr(digits, s[i]) : NULL;

		if (d == NULL)
			return -1;
		acc = (acc << 6) | (unsigned long)(d - digits);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (len >= outlen)
				return -1;
			out[len++] = (char)((acc >> bits) & 0xff);
		}
	}
	return (long)len;
}

int auth_admin_ok(const char *authorization, const char *token)
{
	const char *v, *colon;
	char plain[512];
	size_t n, t = strlen(token);
	long len;

	if (auth_bearer_is(authorization, token))
		return 1;
	/* Basic: what a browser sends once asked; any user name, the token as password. */
	if (authorization == NULL || scheme_value(authorization, "Basic", &v, &n) != 0 ||
	    (len = b64_decode(v, n, plain, sizeof plain)) < 0)
		return 0;
	colon = memchr(plain, ':', (size_t)len);
	return colon != NULL && (size_t)(plain + len - colon - 1) == t &&
	       memcmp(colon + 1, token, t) == 0;
}

int auth_bearer_is(const char *authorization, const char *token)
{
	const char *v;
	size_t n;

	return authorization != NULL && scheme_value(authorization, "Bearer", &v, &n) == 0 &&
	       n == strlen(token) && memcmp(v, token, n) == 0;
}
