/*
 * fuzz: the harness interface.  Each tests/fuzz/fuzz_<target>.c defines
 * LLVMFuzzerTestOneInput(); clang links it with libFuzzer (make fuzz), gcc
 * with replay.c, which feeds it every file of the committed corpus (make
 * test).  fuzz_setup() loads the default configuration once.
 */
#ifndef MDRMOCK_FUZZ_H
#define MDRMOCK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The server's defaults, as if started with no flags; the jansson allocator. */
void fuzz_setup(void);

/* A NUL-terminated copy of the input (freed by the caller). */
char *fuzz_string(const uint8_t *data, size_t size);

#endif
