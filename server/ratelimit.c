#include "ratelimit.h"

#include <pthread.h>
#include <string.h>

#include "clock.h"
#include "ids.h"

/* Slots in the table; tenants beyond it share counters (the table never grows). */
#define RATELIMIT_SLOTS 1024
#define US_PER_S        1000000LL

struct slot {
	int64_t window_start_us; /* real monotonic; 0 for a slot never used */
	long count;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[RATELIMIT_SLOTS];

void ratelimit_take(const char *tenant, long limit, struct ratelimit *out)
{
	struct slot *s = &slots[ids_hash(tenant != NULL ? tenant : "") % RATELIMIT_SLOTS];
	int64_t now = clock_real_us(), window = RATELIMIT_WINDOW_S * US_PER_S, left;

	pthread_mutex_lock(&mu);
	if (s->window_start_us == 0 || now - s->window_start_us >= window) {
		s->window_start_us = now;
		s->count = 0;
	}
	s->count++;
	left = s->window_start_us + window - now;
	out->limit = limit;
	out->remaining = s->count >= limit ? 0 : limit - s->count;
	out->reset = (long)((left + US_PER_S - 1) / US_PER_S);
	if (out->reset < 1)
		out->reset = 1;
	pthread_mutex_unlock(&mu);
}

void ratelimit_clear(void)
{
	pthread_mutex_lock(&mu);
	memset(slots, 0, sizeof slots);
	pthread_mutex_unlock(&mu);
}
