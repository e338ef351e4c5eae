/*
 * clock: the virtual clock every simulated behaviour reads (docs/behaviour.md §1,
 * Time).  Real by default; it can start at a chosen instant, run faster or
 * slower than real time, be frozen, and be moved forward, never back.
 * clock_now() is the only source of simulated time in the server
 * (docs/design.md §6).  Thread-safe.
 * Calls: only libc.
 */
#ifndef MDRMOCK_CLOCK_H
#define MDRMOCK_CLOCK_H

#include <stdint.h>

/* Sentinel for "no start instant given": start at the real time. */
#define CLOCK_START_NOW INT64_MIN

/*
 * Configures the clock: frozen or running, its first instant (ms since the
 * epoch, or CLOCK_START_NOW) and the rate (virtual seconds per real second,
 * > 0).  clock_reset() returns to exactly this configuration.
 */
void clock_init(int frozen, int64_t start_ms, double scale);
void clock_reset(void);

/* The current virtual time, ms since the epoch. */
int64_t clock_now(void);

struct clock_info {
	int64_t now;
	int frozen;
	double scale;
};
void clock_info(struct clock_info *out);

/*
 * MOCK: the virtual clock's range, 1970-01-01T00:00:00.000Z to
 * 9999-12-31T23:59:59.999Z (docs/behaviour.md §1.6): every timestamp it
 * gives has four digits of year and is never negative.
 */
#define CLOCK_MIN_MS 0LL
#define CLOCK_MAX_MS 253402300799999LL

/* Moves forward by delta_ms.  0, -1 when delta_ms < 0, -2 past CLOCK_MAX_MS. */
int clock_advance(int64_t delta_ms);
/* Jumps to ms.  0, -1 when ms is before the current time, -2 outside the range. */
int clock_set(int64_t ms);
/* Freezes at the current instant, or lets it run again from there. */
void clock_freeze(int frozen);

/* Real monotonic microseconds, for latencies and deadlines (not simulated time). */
int64_t clock_real_us(void);

/* Real wall-clock ms since the epoch, for logs and webhook records (not simulated time). */
int64_t clock_wall_ms(void);

struct timespec;
/* The CLOCK_REALTIME instant us from now (negative: now), for pthread_cond_timedwait(). */
void clock_timeout(int64_t us, struct timespec *out);

/* Sleeps us microseconds of real time, the whole of it even when a signal interrupts. */
void clock_nap_us(int64_t us);

#endif
