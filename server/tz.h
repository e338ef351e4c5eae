/*
 * tz: IANA time zones, for report requests whose times carry no offset
 * (docs/behaviour.md §4.1 `timezone`).  Reads the system's compiled zone files
 * (TZif, /usr/share/zoneinfo from Debian's tzdata) with our own small
 * parser instead of setting TZ for mktime(), which is process-global and
 * not thread-safe.  Zones are loaded once and kept.
 * Calls: timefmt, util.
 */
#ifndef MDRMOCK_TZ_H
#define MDRMOCK_TZ_H

#include <stddef.h>
#include <stdint.h>

struct tz; /* opaque: one zone's transitions */

/*
 * The zone named name ("UTC", "America/New_York"), loaded on first use and
 * shared afterwards (never freed before tz_release_all()).  NULL when the
 * name is not a zone: unknown, malformed, or a path trick.  Thread-safe.
 */
const struct tz *tz_get(const char *name);

/* Offset from UTC in seconds at the UTC instant t (seconds since the epoch). */
int32_t tz_offset_at(const struct tz *z, int64_t t);

/*
 * The UTC instant of a wall-clock time (seconds since the epoch as if UTC)
 * in zone z.  In a gap (spring forward) the offset before the gap applies;
 * in an overlap (fall back) the earlier instant is chosen.
 */
int64_t tz_local_to_utc(const struct tz *z, int64_t local);

/*
 * Parses a TZif file's bytes (versions 1-4; the 64-bit block when there is
 * one, and its footer: the POSIX TZ rule for every instant after the last
 * transition, which "slim" files rely on for all current dates).  Returns
 * a new zone, or NULL when the bytes are not TZif.  For tests and
 * tz_get(); free with tz_free().
 */
struct tz *tz_parse(const unsigned char *buf, size_t len);
void tz_free(struct tz *z);

/* Frees every zone tz_get() loaded (at exit, for leak checkers). */
void tz_release_all(void);

/* Where zone files are read from; tests may point it elsewhere. */
extern const char *tz_dir;

#endif
