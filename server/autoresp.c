#include "autoresp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jsonin.h"
#include "util.h"

int autoresp_from_json(json_t *body, struct autoresp *a, struct apierr *e)
{
	const char *op = NULL, *cc = NULL, *text = NULL;
	json_t *kw = NULL, *v, *upper;
	char ptr[64];
	size_t i;
	int o;

	if (!json_is_object(body))
		return apierr_at(e, APIERR_BAD_REQUEST, "", "The body must be a JSON object.");
	if (jsonin_string(body, "", "op", JSONIN_REQUIRED, &op, e) < 0 ||
	    jsonin_array(body, "", "keywords", JSONIN_REQUIRED, &kw, e) < 0 ||
	    jsonin_string(body, "", "country_code", JSONIN_REQUIRED | JSONIN_NONEMPTY, &cc, e) <
	        0 ||
	    jsonin_string(body, "", "resp_text", 0, &text, e) < 0)
		return -1;
	if ((o = model_autoresp_op_from_name(op)) < 0)
		return apierr_at(e, APIERR_BAD_REQUEST, "/op", "'op' must be start, stop or info.");
	if (!(strcmp(cc, "*") == 0 ||
	      (strlen(cc) == 2 && isupper((unsigned char)cc[0]) && isupper((unsigned char)cc[1]))))
		return apierr_at(
		    e, APIERR_BAD_REQUEST, "/country_code",
		    "'country_code' is a two-letter country code such as \"US\", or \"*\".");
	if (json_array_size(kw) == 0 || json_array_size(kw) > AUTORESP_MAX_KEYWORDS)
		return apierr_at(e, APIERR_BAD_REQUEST, "/keywords", "'keywords' lists 1-%d words.",
		                 AUTORESP_MAX_KEYWORDS);
	if (text != NULL && strlen(text) > AUTORESP_MAX_TEXT)
		return apierr_at(e, APIERR_BAD_REQUEST, "/resp_text",
		                 "'resp_text' is longer than %d bytes.", AUTORESP_MAX_TEXT);
	upper = json_array();
	json_array_foreach(kw, i, v)
	{
		const char *s = json_string_value(v);
		char word[AUTORESP_MAX_KEYWORD + 1];
		size_t n = s != NULL ? strlen(s) : 0;

		apierr_pointer_index(ptr, sizeof ptr, "/keywords", i);
		if (s == NULL || n == 0 || n > AUTORESP_MAX_KEYWORD || strchr(s, ' ') != NULL) {
			json_decref(upper);
			return apierr_at(e, APIERR_BAD_REQUEST, ptr,
			                 "A keyword is one word of 1-%d characters.",
			                 AUTORESP_MAX_KEYWORD);
		}
		for (size_t k = 0; k <= n; k++)
			word[k] = (char)toupper((unsigned char)s[k]);
		json_array_append_new(upper, json_string(word));
	}
	free(a->keywords);
	free(a->country_code);
	free(a->resp_text);
	a->op = (enum autoresp_op)o;
	a->keywords = json_dumps(upper, JSON_COMPACT);
	a->country_code = xstrdup(cc);
	a->resp_text = text != NULL && *text != '\0' ? xstrdup(text) : NULL;
	json_decref(upper);
	return 0;
}

void autoresp_release(struct autoresp *a)
{
	free(a->tenant);
	free(a->profile_id);
	free(a->keywords);
	free(a->country_code);
	free(a->resp_text);
	memset(a, 0, sizeof *a);
}

/* MOCK: the countries of the calling codes the mock knows (docs/behaviour.md §2.5). */
static int country_of(const char *cc, const char *sender)
{
	static const char *const table[][2] = {
	    {"+1", "US"},  {"+1", "CA"},  {"+44", "GB"}, {"+61", "AU"}, {"+49", "DE"},
	    {"+33", "FR"}, {"+34", "ES"}, {"+39", "IT"}, {"+31", "NL"}, {"+55", "BR"},
	};

	for (size_t i = 0; i < ARRAY_LEN(table); i++)
		if (strncmp(sender, table[i][0], strlen(table[i][0])) == 0 &&
		    strcmp(cc, table[i][1]) == 0)
			return 1;
	return 0;
}

int autoresp_matches(const struct autoresp *a, const char *text, const char *sender)
{
	json_t *kw, *v;
	size_t i, n;
	int hit = 0;

	if (strcmp(a->country_code, "*") != 0 && !country_of(a->country_code, sender))
		return 0;
	while (isspace((unsigned char)*text))
		text++;
	n = strlen(text);
	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	kw = json_loads(a->keywords, 0, NULL);
	json_array_foreach(kw, i, v)
	{
		const char *w = json_string_value(v);

		if (w != NULL && strlen(w) == n && strncasecmp(w, text, n) == 0)
			hit = 1;
	}
	json_decref(kw);
	return hit;
}
