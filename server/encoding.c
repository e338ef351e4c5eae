#include "encoding.h"

#include <stdint.h>
#include <string.h>

#define GSM_SINGLE 160
#define GSM_PART   153
#define UCS_SINGLE 70
#define UCS_PART   67

/*
 * Septets per code point in Telnyx's GSM-7 set: 1, 2 for the escaped
 * characters, 0 for anything that is not in the set
 * (docs/behaviour.md §2.2).  upstream: Telnyx uses "a non-standard GSM 7-bit encoding optimized
 * for carrier compatibility", narrower than GSM 03.38: printable ASCII but
 * the grave accent, newline and carriage return, and these Latin-1 letters
 * and signs.  The rest of GSM 03.38 (the Greek capitals, the euro sign, ¤,
 * §, Ç, form feed) falls back to UCS-2.
 */
static int gsm_septets(uint32_t cp)
{
	static const uint32_t basic[] = {
	    0x00A1, /* ¡ */ 0x00A3, /* £ */ 0x00A5, /* ¥ */ 0x00BF, /* ¿ */ 0x00C4, /* Ä */
	    0x00C5, /* Å */ 0x00C6, /* Æ */ 0x00C9, /* É */ 0x00D1, /* Ñ */ 0x00D6, /* Ö */
	    0x00D8, /* Ø */ 0x00DC, /* Ü */ 0x00DF, /* ß */ 0x00E0, /* à */ 0x00E4, /* ä */
	    0x00E5, /* å */ 0x00E6, /* æ */ 0x00E8, /* è */ 0x00E9, /* é */ 0x00EC, /* ì */
	    0x00F1, /* ñ */ 0x00F2, /* ò */ 0x00F6, /* ö */ 0x00F8, /* ø */ 0x00F9, /* ù */
	    0x00FC,                                                                 /* ü */
	};

	if (cp == '\n' || cp == '\r')
		return 1;
	if (cp >= 0x20 && cp < 0x7f) {
		if (strchr("[\\]^{|}~", (int)cp) != NULL)
			return 2;
		return cp == '`' ? 0 : 1;
	}
	for (size_t i = 0; i < sizeof basic / sizeof basic[0]; i++)
		if (basic[i] == cp)
			return 1;
	return 0;
}

/* Decodes one UTF-8 code point at *p (< end).  Returns it, or -1 on bad input. */
static int32_t next_code_point(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *s = *p;
	uint32_t cp;
	int extra;

	if (s[0] < 0x80) {
		cp = s[0];
		extra = 0;
	} else if ((s[0] & 0xe0) == 0xc0) {
		cp = s[0] & 0x1f;
		extra = 1;
	} else if ((s[0] & 0xf0) == 0xe0) {
		cp = s[0] & 0x0f;
		extra = 2;
	} else if ((s[0] & 0xf8) == 0xf0) {
		cp = s[0] & 0x07;
		extra = 3;
	} else {
		return -1;
	}
	if (end - s <= extra)
		return -1;
	for (int i = 1; i <= extra; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
	if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
	    (extra == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*p = s + extra + 1;
	return (int32_t)cp;
}

/* Parts for a sequence of weights packed into segments of size part. */
struct packer {
	size_t total;
	size_t segment;
	int segments;
};

static void pack(struct packer *k, int weight, size_t part)
{
	k->total += (size_t)weight;
	if (k->segment + (size_t)weight > part) {
		k->segments++;
		k->segment = 0;
	}
	k->segment += (size_t)weight;
}

int encoding_analyze(const char *text, size_t len, enum encoding_request want,
                     struct encoding_info *out)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + len;
	struct packer gsm = {0, 0, 1}, ucs = {0, 0, 1};
	int gsm_ok = 1;

	while (p < end) {
		int32_t cp = next_code_point(&p, end);
		int w;

		if (cp < 0)
			return -1;
		w = gsm_septets((uint32_t)cp);
		if (w == 0)
			gsm_ok = 0;
		else
			pack(&gsm, w, GSM_PART);
		pack(&ucs, cp > 0xFFFF ? 2 : 1, UCS_PART);
	}
	if (want == ENCODING_WANT_GSM7 && !gsm_ok)
		return -1;
	if (gsm_ok && want != ENCODING_WANT_UCS2) {
		out->kind = ENCODING_GSM7;
		out->units = gsm.total;
		out->parts = gsm.total <= GSM_SINGLE ? 1 : gsm.segments;
	} else {
		out->kind = ENCODING_UCS2;
		out->units = ucs.total;
		out->parts = ucs.total <= UCS_SINGLE ? 1 : ucs.segments;
	}
	return 0;
}

static const char *const names[ENCODING_KIND_COUNT] = {
    [ENCODING_GSM7] = "GSM-7",
    [ENCODING_UCS2] = "UCS-2",
};

const char *encoding_name(enum encoding_kind kind)
{
	return names[kind];
}

int encoding_from_name(const char *name)
{
	for (int i = 0; i < ENCODING_KIND_COUNT; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}
