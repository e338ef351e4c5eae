#include "sign.h"

#include <sodium.h>
#include <string.h>

#include "util.h"

static unsigned char pk[crypto_sign_PUBLICKEYBYTES];
static unsigned char sk[crypto_sign_SECRETKEYBYTES];
static char pk_b64[SIGN_B64_LEN];

static int from_hex(const char *s, unsigned char out[crypto_sign_SEEDBYTES])
{
	size_t bin_len = 0;

	if (strlen(s) != SIGN_SEED_HEX_LEN)
		return -1;
	if (sodium_hex2bin(out, crypto_sign_SEEDBYTES, s, SIGN_SEED_HEX_LEN, NULL, &bin_len,
	                   NULL) != 0 ||
	    bin_len != crypto_sign_SEEDBYTES)
		return -1;
	return 0;
}

int sign_init(const char *seed, char seed_hex[SIGN_SEED_HEX_LEN + 1])
{
	unsigned char raw[crypto_sign_SEEDBYTES];

	if (sodium_init() < 0)
		return -1;
	if (seed == NULL)
		randombytes_buf(raw, sizeof raw);
	else if (from_hex(seed, raw) != 0)
		crypto_generichash(raw, sizeof raw, (const unsigned char *)seed, strlen(seed), NULL,
		                   0);
	crypto_sign_seed_keypair(pk, sk, raw);
	sodium_bin2hex(seed_hex, SIGN_SEED_HEX_LEN + 1, raw, sizeof raw);
	sodium_bin2base64(pk_b64, sizeof pk_b64, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(raw, sizeof raw);
	return 0;
}

const char *sign_public_key_b64(void)
{
	return pk_b64;
}

void sign_detached_b64(const void *msg, size_t len, char out[SIGN_B64_LEN])
{
	unsigned char sig[crypto_sign_BYTES];

	crypto_sign_detached(sig, NULL, msg, len, sk);
	sodium_bin2base64(out, SIGN_B64_LEN, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
}

void sign_webhook(const char *timestamp, const char *body, size_t body_len, char out[SIGN_B64_LEN])
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, timestamp);
	buf_addc(&b, '|');
	buf_add(&b, body, body_len);
	sign_detached_b64(b.data, b.len, out);
	buf_release(&b);
}

void sign_sha256_hex(const void *data, size_t len, char out[SIGN_SHA256_HEX_LEN + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, SIGN_SHA256_HEX_LEN + 1, h, sizeof h);
}

static unsigned char download_key[SIGN_KEY_LEN];

void sign_random_key(unsigned char key[SIGN_KEY_LEN])
{
	randombytes_buf(key, SIGN_KEY_LEN);
}

void sign_download_key_set(const unsigned char key[SIGN_KEY_LEN])
{
	memcpy(download_key, key, SIGN_KEY_LEN);
}

char *sign_download_token(const char *id, char out[SIGN_TOKEN_LEN + 1])
{
	unsigned char h[SIGN_TOKEN_LEN / 2];

	crypto_generichash(h, sizeof h, (const unsigned char *)id, strlen(id), download_key,
	                   sizeof download_key);
	sodium_bin2hex(out, SIGN_TOKEN_LEN + 1, h, sizeof h);
	return out;
}

int sign_download_token_ok(const char *id, const char *given)
{
	char want[SIGN_TOKEN_LEN + 1];

	sign_download_token(id, want);
	return given != NULL && strlen(given) == SIGN_TOKEN_LEN &&
	       sodium_memcmp(given, want, SIGN_TOKEN_LEN) == 0;
}
