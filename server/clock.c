#include "clock.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

/*
 * The virtual time is base_virtual plus the real time elapsed since
 * base_real, times scale; frozen, it is base_virtual.  Every change rebases,
 * so the mapping is always one straight line from the last change.
 */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int frozen;
static double scale = 1.0;
static int64_t base_virtual; /* ms */
static int64_t base_real;    /* monotonic us */

static int init_frozen;
static int64_t init_start;
static double init_scale = 1.0;

int64_t clock_real_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t clock_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void clock_timeout(int64_t us, struct timespec *out)
{
	clock_gettime(CLOCK_REALTIME, out);
	if (us < 0)
		us = 0;
	out->tv_sec += (time_t)(us / 1000000);
	out->tv_nsec += (long)(us % 1000000) * 1000L;
	if (out->tv_nsec >= 1000000000L) {
		out->tv_sec++;
		out->tv_nsec -= 1000000000L;
	}
}

static int64_t now_locked(void)
{
	double ahead;

	if (frozen)
		return base_virtual;
	ahead = (double)(clock_real_us() - base_real) * scale / 1000.0;
	/* A running clock stops at the end of its range rather than wrapping. */
	if (ahead >= (double)(CLOCK_MAX_MS - base_virtual))
		return CLOCK_MAX_MS;
	return base_virtual + (int64_t)ahead;
}

static void rebase_locked(int64_t virtual_ms)
{
	base_virtual = virtual_ms;
	base_real = clock_real_us();
}

void clock_init(int is_frozen, int64_t start_ms, double rate)
{
	init_frozen = is_frozen;
	init_start = start_ms;
	init_scale = rate > 0 ? rate : 1.0;
	clock_reset();
}

void clock_reset(void)
{
	pthread_mutex_lock(&mu);
	frozen = init_frozen;
	scale = init_scale;
	rebase_locked(init_start == CLOCK_START_NOW ? clock_wall_ms() : init_start);
	pthread_mutex_unlock(&mu);
}

int64_t clock_now(void)
{
	int64_t now;

	pthread_mutex_lock(&mu);
	now = now_locked();
	pthread_mutex_unlock(&mu);
	return now;
}

void clock_info(struct clock_info *out)
{
	pthread_mutex_lock(&mu);
	out->now = now_locked();
	out->frozen = frozen;
	out->scale = scale;
	pthread_mutex_unlock(&mu);
}

int clock_advance(int64_t delta_ms)
{
	int rc = 0;
	int64_t now;

	if (delta_ms < 0)
		return -1;
	pthread_mutex_lock(&mu);
	now = now_locked();
	if (delta_ms > CLOCK_MAX_MS - now)
		rc = -2;
	else
		rebase_locked(now + delta_ms);
	pthread_mutex_unlock(&mu);
	return rc;
}

int clock_set(int64_t ms)
{
	int rc = 0;

	if (ms < CLOCK_MIN_MS || ms > CLOCK_MAX_MS)
		return -2;
	pthread_mutex_lock(&mu);
	if (ms < now_locked())
		rc = -1;
	else
		rebase_locked(ms);
	pthread_mutex_unlock(&mu);
	return rc;
}

void clock_freeze(int on)
{
	pthread_mutex_lock(&mu);
	rebase_locked(now_locked());
	frozen = on;
	pthread_mutex_unlock(&mu);
}

void clock_nap_us(int64_t us)
{
	struct timespec t = {.tv_sec = (time_t)(us / 1000000),
	                     .tv_nsec = (long)(us % 1000000) * 1000L};

	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}
