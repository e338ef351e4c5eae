/*
 * util: allocation that never fails and a growable byte buffer.
 *
 * Out of memory is not an error a request can recover from: the x* functions
 * print a message and abort (docs/design.md §8).
 * Calls: only libc.
 */
#ifndef MDRMOCK_UTIL_H
#define MDRMOCK_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Never return NULL; the result is released with free(). */
void *xmalloc(size_t n);
/* Hands the heap's free memory back to the system (glibc's malloc_trim; elsewhere nothing). */
void util_trim_memory(void);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A new string formatted like printf; released with free(). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The length (1-4) of the well-formed UTF-8 character at p, of n bytes left,
 * or 0 when none starts there: no overlong forms, surrogates or code points
 * past U+10FFFF.
 */
size_t utf8_char_len(const unsigned char *p, size_t n);

struct buf;
/* Appends the n bytes at p to out as text: each NUL and each byte that starts no well-formed
 * UTF-8 character becomes U+FFFD. */
void utf8_lossy(const char *p, size_t n, struct buf *out);

/* n random bytes from the operating system into buf: getrandom() on Linux, /dev/urandom
 * elsewhere or when that fails (docs/design.md §11).  0, or -1. */
int util_random(void *buf, size_t n);

/* Decimal digits only (no sign, no space), at most max, into *out: 0, or -1 (s NULL too). */
int parse_uint(const char *s, unsigned long long max, unsigned long long *out);

/*
 * A byte buffer that grows by doubling.  buf_init() on caller storage,
 * buf_release() frees the bytes; buf_detach() hands them to the caller
 * (released with free()) and leaves the buffer empty.  The bytes are always
 * NUL-terminated past len.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};
void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *buf_detach(struct buf *b, size_t *len);

#endif
