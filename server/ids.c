#include "ids.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t state[4];
static uint64_t first_seed;
static uint64_t drawn;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** (Blackman and Vigna): fast, and good enough for ids. */
static uint64_t step(void)
{
	uint64_t result = rotl(state[1] * 5, 7) * 9;
	uint64_t t = state[1] << 17;

	state[2] ^= state[0];
	state[3] ^= state[1];
	state[1] ^= state[2];
	state[0] ^= state[3];
	state[2] ^= t;
	state[3] = rotl(state[3], 45);
	drawn++;
	return result;
}

static void seed_state(uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		state[i] = splitmix64(&x);
	drawn = 0;
}

void ids_init(int seeded, uint64_t seed)
{
	if (!seeded) {
		uint64_t r = 0;

		/* Without randomness ids would repeat across runs; mix in the address too. */
		if (util_random(&r, sizeof r) != 0)
			r = (uint64_t)(uintptr_t)&r ^ 0x5deece66dULL;
		seed = r;
	}
	pthread_mutex_lock(&mu);
	first_seed = seed;
	seed_state(seed);
	pthread_mutex_unlock(&mu);
}

void ids_restart(void)
{
	pthread_mutex_lock(&mu);
	seed_state(first_seed);
	pthread_mutex_unlock(&mu);
}

uint64_t ids_next(void)
{
	uint64_t v;

	pthread_mutex_lock(&mu);
	v = step();
	pthread_mutex_unlock(&mu);
	return v;
}

uint64_t ids_drawn(void)
{
	uint64_t n;

	pthread_mutex_lock(&mu);
	n = drawn;
	pthread_mutex_unlock(&mu);
	return n;
}

void ids_skip(uint64_t n)
{
	pthread_mutex_lock(&mu);
	while (n--)
		step();
	pthread_mutex_unlock(&mu);
}

static void format_uuid(uint64_t hi, uint64_t lo, char out[IDS_UUID_LEN + 1])
{
	/* Version 4 in the high nibble of byte 6, variant 10xx in byte 8. */
	hi = (hi & ~0xf000ULL) | 0x4000ULL;
	lo = (lo & ~(0xc000ULL << 48)) | (0x8000ULL << 48);
	snprintf(out, IDS_UUID_LEN + 1, "%08x-%04x-%04x-%04x-%012llx", (unsigned)(hi >> 32),
	         (unsigned)(hi >> 16) & 0xffff, (unsigned)hi & 0xffff, (unsigned)(lo >> 48),
	         (unsigned long long)(lo & 0xffffffffffffULL));
}

void ids_uuid(char out[IDS_UUID_LEN + 1])
{
	uint64_t hi, lo;

	pthread_mutex_lock(&mu);
	hi = step();
	lo = step();
	pthread_mutex_unlock(&mu);
	format_uuid(hi, lo, out);
}

uint64_t ids_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

void ids_uuid_from_name(const char *name, char out[IDS_UUID_LEN + 1])
{
	uint64_t x = ids_hash(name);
	uint64_t hi = splitmix64(&x);
	uint64_t lo = splitmix64(&x);

	format_uuid(hi, lo, out);
}

int ids_is_uuid(const char *s)
{
	for (int i = 0; i < IDS_UUID_LEN; i++) {
		char c = s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		             (c >= 'A' && c <= 'F'))) {
			return 0;
		}
	}
	return s[IDS_UUID_LEN] == '\0';
}

int ids_normalize(const char *s, char out[IDS_UUID_LEN + 1])
{
	if (!ids_is_uuid(s))
		return -1;
	for (int i = 0; i <= IDS_UUID_LEN; i++)
		out[i] = (char)(s[i] >= 'A' && s[i] <= 'F' ? s[i] + ('a' - 'A') : s[i]);
	return 0;
}
