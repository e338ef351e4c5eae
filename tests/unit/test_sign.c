#include <stdio.h>
#include <sodium.h>
#include <string.h>

#include "sign.h"
#include "unit.h"

/* RFC 8032 section 7.1, test 1: the empty message. */
#define RFC_SEED "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"

static void test_known_answer(void)
{
	char hex[SIGN_SEED_HEX_LEN + 1], sig[SIGN_B64_LEN];
	unsigned char want_sig[64], want_pk[32];
	char want_sig_b64[SIGN_B64_LEN], want_pk_b64[SIGN_B64_LEN];

	CHECK_INT(sign_init(RFC_SEED, hex), 0);
	CHECK_STR(hex, RFC_SEED);
	sodium_hex2bin(want_pk, sizeof want_pk,
	               "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", 64, NULL,
	               NULL, NULL);
	sodium_bin2base64(want_pk_b64, sizeof want_pk_b64, want_pk, sizeof want_pk,
	                  sodium_base64_VARIANT_ORIGINAL);
	CHECK_STR(sign_public_key_b64(), want_pk_b64);
	sodium_hex2bin(
	    want_sig, sizeof want_sig,
	    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33b"
	    "acc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
	    128, NULL, NULL, NULL);
	sodium_bin2base64(want_sig_b64, sizeof want_sig_b64, want_sig, sizeof want_sig,
	                  sodium_base64_VARIANT_ORIGINAL);
	sign_detached_b64("", 0, sig);
	CHECK_STR(sig, want_sig_b64);
}

static void test_webhook_signature_verifies(void)
{
	char hex[SIGN_SEED_HEX_LEN + 1], sig[SIGN_B64_LEN];
	const char *body = "{\"data\":{\"event_type\":\"message.sent\"}}";
	const char *signed_text = "1700000000|{\"data\":{\"event_type\":\"message.sent\"}}";
	unsigned char raw_sig[64], pk[32];
	size_t n;

	CHECK_INT(sign_init("any passphrase", hex), 0);
	CHECK_INT(strlen(hex), 64);
	sign_webhook("1700000000", body, strlen(body), sig);
	sodium_base642bin(raw_sig, sizeof raw_sig, sig, strlen(sig), NULL, &n, NULL,
	                  sodium_base64_VARIANT_ORIGINAL);
	CHECK_INT(n, 64);
	sodium_base642bin(pk, sizeof pk, sign_public_key_b64(), strlen(sign_public_key_b64()), NULL,
	                  &n, NULL, sodium_base64_VARIANT_ORIGINAL);
	CHECK_INT(n, 32);
	CHECK_INT(crypto_sign_verify_detached(raw_sig, (const unsigned char *)signed_text,
	                                      strlen(signed_text), pk),
	          0);
	/* A tampered body does not verify. */
	CHECK(crypto_sign_verify_detached(raw_sig, (const unsigned char *)"1700000000|{}", 13,
	                                  pk) != 0);
}

static void test_seed_text_is_stable(void)
{
	char a[SIGN_SEED_HEX_LEN + 1], b[SIGN_SEED_HEX_LEN + 1], r1[SIGN_SEED_HEX_LEN + 1],
	    r2[SIGN_SEED_HEX_LEN + 1];

	sign_init("ci", a);
	sign_init("ci", b);
	CHECK_STR(a, b);
	sign_init(NULL, r1);
	sign_init(NULL, r2);
	CHECK(strcmp(r1, r2) != 0);
}

/* A download link opens with its own token only (docs/behaviour.md §4.4). */
static void test_download_token(void)
{
	unsigned char key[SIGN_KEY_LEN] = {7};
	char token[SIGN_TOKEN_LEN + 1], longer[SIGN_TOKEN_LEN + 2];

	sign_download_key_set(key);
	sign_download_token("r1", token);
	CHECK(sign_download_token_ok("r1", token));
	CHECK(!sign_download_token_ok("r2", token));
	CHECK(!sign_download_token_ok("r1", NULL));
	CHECK(!sign_download_token_ok("r1", ""));
	token[SIGN_TOKEN_LEN - 1] = '\0';
	CHECK(!sign_download_token_ok("r1", token)); /* a prefix */
	sign_download_token("r1", token);
	snprintf(longer, sizeof longer, "%s0", token);
	CHECK(!sign_download_token_ok("r1", longer));
}

const struct unit_test unit_sign[] = {
    {"download_token", test_download_token},
    {"known_answer", test_known_answer},
    {"webhook_signature_verifies", test_webhook_signature_verifies},
    {"seed_text_is_stable", test_seed_text_is_stable},
    {NULL, NULL},
};
