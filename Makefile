# mdrmock: a local, stateful mock of the Telnyx messaging and MDR reporting APIs.
#
#   make          build build/mdrmock
#   make run      build and start it on 127.0.0.1:12111
#   make test     every test tier (unit, integration, SDK) against sanitizer builds
#   make hostile  the hostile tier at full size (tests/hostile/README.md)
#   make install  PREFIX=/usr/local DESTDIR=
#   make lint     cppcheck, clang-tidy, include rules;  make format: clang-format
#   make bench    load benchmarks (see bench/README.md); not part of make test
#   make docker-test  build the Docker image from a clean export and check it runs (.ci/docker-test)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wvla -Wpointer-arith -Wundef -Wcast-align \
	-Wwrite-strings -Wold-style-definition
# CI (and anyone who sets WERROR=-Werror) treats warnings as errors.
WERROR ?= $(if $(CI),-Werror)
SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# The unit tests and fuzz harnesses pass string literals where the code takes char *: each
# compiler names the warning about dropping const its own way (gcc or clang, docs/design.md §11).
NO_QUALIFIERS := $(if $(shell $(CC) --version 2>/dev/null | grep -i clang),-Wno-incompatible-pointer-types-discards-qualifiers,-Wno-discarded-qualifiers)

PKGS = libmicrohttpd jansson sqlite3 libcurl libsodium
# Evaluated when a recipe runs, after build/deps.stamp has made sure the packages exist.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS))

DEFS = -D_GNU_SOURCE
ALL_CFLAGS = $(WARNINGS) $(WERROR) $(DEFS) -Iserver -Ibuild/gen $(PKG_CFLAGS) -MMD -MP
# libcurl is dlopen()ed on first use (server/curlrt.h): only its headers are needed to build.
LIBS = $(filter-out -lcurl,$(PKG_LIBS)) -ldl -lpthread -lm

SRC = $(sort $(wildcard server/*.c))
LIB_SRC = $(filter-out server/main.c,$(SRC))
MIGRATIONS = $(sort $(wildcard schema/[0-9][0-9][0-9][0-9]_*.sql))
GEN = build/gen/embedded.c
# Served as they are: the inspector (docs/inspector.md) and the OpenAPI document.
ASSETS = $(sort $(wildcard server/ui/*.html server/ui/*.css server/ui/*.js server/ui/*.svg)) \
	schema/openapi.yaml schema/openapi.json

OBJ = $(SRC:server/%.c=build/obj/%.o) build/obj/embedded.o
TOBJ = $(SRC:server/%.c=build/test/obj/%.o) build/test/obj/embedded.o
TLIB_OBJ = $(filter-out build/test/obj/main.o,$(TOBJ))
UNIT_SRC = $(sort $(wildcard tests/unit/*.c))
UNIT_OBJ = $(UNIT_SRC:tests/unit/%.c=build/test/unit/%.o)
FUZZ_TARGETS = router query message report account request tzif fixtures
FUZZ_REPLAY = $(FUZZ_TARGETS:%=build/test/fuzz/%-replay)
FUZZ_SECONDS ?= 60

.PHONY: all run test unit integration sdk browser hostile fuzz fuzz-replay valgrind tsan tz-fixtures mutants install uninstall clean lint \
	format bench docker-test deps test-deps
all: build/mdrmock

deps: build/deps.stamp
build/deps.stamp: .ci/deps
	@if ! pkg-config --exists $(PKGS) 2>/dev/null || ! command -v $(CC) >/dev/null; then \
		sh .ci/deps build || exit 1; fi
	@pkg-config --exists $(PKGS) || { echo "mdrmock: pkg-config cannot find $(PKGS)" >&2; exit 1; }
	@mkdir -p build && touch $@

# A fresh database made from the migrations, copied in by a :memory: server instead of
# running them at start-up (server/tools/schema_image.c).
build/gen/schema_image: server/tools/schema_image.c | build/deps.stamp
	@mkdir -p build/gen
	$(CC) -O2 $(WARNINGS) $(WERROR) $(DEFS) $< -o $@ $(shell pkg-config --cflags --libs sqlite3)
build/gen/schema.img: build/gen/schema_image $(MIGRATIONS)
	build/gen/schema_image $@ $(MIGRATIONS)
$(GEN): server/embed.sh $(MIGRATIONS) fixtures/default.json build/gen/schema.img $(ASSETS)
	@mkdir -p build/gen
	sh server/embed.sh $@ $(MIGRATIONS) -- fixtures/default.json -- build/gen/schema.img -- $(ASSETS)

build/obj/%.o: server/%.c | build/deps.stamp
	@mkdir -p build/obj
	$(CC) $(CFLAGS) $(ALL_CFLAGS) -c $< -o $@
build/obj/embedded.o: $(GEN) | build/deps.stamp
	@mkdir -p build/obj
	$(CC) $(CFLAGS) $(ALL_CFLAGS) -c $< -o $@
build/mdrmock: $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LIBS)

# The sanitizer build: what every test tier runs (docs/design.md §10).
TEST_CFLAGS = -O1 -g $(SANITIZE)
build/test/obj/%.o: server/%.c | build/deps.stamp
	@mkdir -p build/test/obj
	$(CC) $(TEST_CFLAGS) $(ALL_CFLAGS) -c $< -o $@
build/test/obj/embedded.o: $(GEN) | build/deps.stamp
	@mkdir -p build/test/obj
	$(CC) $(TEST_CFLAGS) $(ALL_CFLAGS) -c $< -o $@
build/test/mdrmock: $(TOBJ)
	$(CC) $(TEST_CFLAGS) $(LDFLAGS) -o $@ $(TOBJ) $(LIBS)
build/test/unit/%.o: tests/unit/%.c | build/deps.stamp
	@mkdir -p build/test/unit
	$(CC) $(TEST_CFLAGS) $(ALL_CFLAGS) -Wno-write-strings $(NO_QUALIFIERS) -Itests/unit -c $< -o $@
build/test/unit-tests: $(UNIT_OBJ) $(TLIB_OBJ)
	$(CC) $(TEST_CFLAGS) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(TLIB_OBJ) $(LIBS)

# Fuzz harnesses (tests/fuzz).  With gcc they replay the committed corpus in make test;
# make fuzz builds them with clang's libFuzzer and runs each for FUZZ_SECONDS.
build/test/fuzz/%.o: tests/fuzz/%.c | build/deps.stamp
	@mkdir -p build/test/fuzz
	$(CC) $(TEST_CFLAGS) $(ALL_CFLAGS) -Wno-write-strings $(NO_QUALIFIERS) -Itests/fuzz -c $< -o $@
build/test/fuzz/%-replay: build/test/fuzz/fuzz_%.o build/test/fuzz/fuzz_common.o build/test/fuzz/replay.o $(TLIB_OBJ)
	$(CC) $(TEST_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)
fuzz-replay: $(FUZZ_REPLAY)
	@sh tests/run fuzz

CLANG ?= clang
FUZZ_CFLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_OBJ = $(LIB_SRC:server/%.c=build/fuzz/obj/%.o) build/fuzz/obj/embedded.o
build/fuzz/obj/%.o: server/%.c | build/deps.stamp
	@mkdir -p build/fuzz/obj
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(ALL_CFLAGS) -c $< -o $@
build/fuzz/obj/embedded.o: $(GEN) | build/deps.stamp
	@mkdir -p build/fuzz/obj
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(ALL_CFLAGS) -c $< -o $@
build/fuzz/%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.c $(FUZZ_OBJ)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(ALL_CFLAGS) -Wno-write-strings -Itests/fuzz \
		-o $@ $< tests/fuzz/fuzz_common.c $(FUZZ_OBJ) $(LIBS)
fuzz: $(FUZZ_TARGETS:%=build/fuzz/%)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/work/$$t tests/fuzz/crashes/$$t; \
		echo "== fuzz $$t ($(FUZZ_SECONDS) s)"; \
		build/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=tests/fuzz/crashes/$$t/ build/fuzz/work/$$t tests/fuzz/corpus/$$t \
			|| exit 1; \
	done

# The unit tests' zone files, from the committed source (tests/unit/tz/zones.zi).  Both
# outputs are committed; run this after editing the source.
tz-fixtures:
	rm -rf tests/unit/tz/fat tests/unit/tz/slim
	zic -b fat -d tests/unit/tz/fat tests/unit/tz/zones.zi
	zic -b slim -d tests/unit/tz/slim tests/unit/tz/zones.zi

# ThreadSanitizer: the server built with -fsanitize=thread runs the integration tier; any
# data race report fails the test that started that server (tests/integration/lib/server.mjs).
TSAN_OBJ = $(SRC:server/%.c=build/tsan/obj/%.o) build/tsan/obj/embedded.o
TSAN_CFLAGS = -O1 -g -fsanitize=thread -fno-omit-frame-pointer
build/tsan/obj/%.o: server/%.c | build/deps.stamp
	@mkdir -p build/tsan/obj
	$(CC) $(TSAN_CFLAGS) $(ALL_CFLAGS) -c $< -o $@
build/tsan/obj/embedded.o: $(GEN) | build/deps.stamp
	@mkdir -p build/tsan/obj
	$(CC) $(TSAN_CFLAGS) $(ALL_CFLAGS) -c $< -o $@
build/tsan/mdrmock: $(TSAN_OBJ)
	$(CC) $(TSAN_CFLAGS) $(LDFLAGS) -o $@ $(TSAN_OBJ) $(LIBS)
tsan: test-deps build/tsan/mdrmock
	@MDRMOCK_BIN=$(CURDIR)/build/tsan/mdrmock MDRMOCK_TEST_SLOWDOWN=5 TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
		sh tests/run integration

# The unit tests without sanitizers under valgrind: no leaks, no invalid accesses.
VG_OBJ = $(LIB_SRC:server/%.c=build/vg/obj/%.o) build/vg/obj/embedded.o
build/vg/obj/%.o: server/%.c | build/deps.stamp
	@mkdir -p build/vg/obj
	$(CC) -O1 -g $(ALL_CFLAGS) -c $< -o $@
build/vg/obj/embedded.o: $(GEN) | build/deps.stamp
	@mkdir -p build/vg/obj
	$(CC) -O1 -g $(ALL_CFLAGS) -c $< -o $@
build/vg/unit/%.o: tests/unit/%.c | build/deps.stamp
	@mkdir -p build/vg/unit
	$(CC) -O1 -g $(ALL_CFLAGS) -Wno-write-strings $(NO_QUALIFIERS) -Itests/unit -c $< -o $@
build/vg/unit-tests: $(UNIT_SRC:tests/unit/%.c=build/vg/unit/%.o) $(VG_OBJ)
	$(CC) -O1 -g $(LDFLAGS) -o $@ $^ $(LIBS)
valgrind: build/vg/unit-tests
	valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1 \
		--track-origins=yes -q build/vg/unit-tests

run: build/mdrmock
	./build/mdrmock

# Node.js for the integration and SDK tiers; the pinned SDK from package-lock.json.
test-deps:
	@sh .ci/deps test
build/test/sdk.stamp: tests/sdk/package.json tests/sdk/package-lock.json
	@mkdir -p build/test
	cd tests/sdk && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# playwright-core for the browser tier, pointed at Debian's chromium (no browser download).
build/test/browser.stamp: tests/browser/package.json tests/browser/package-lock.json
	@mkdir -p build/test
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The hostile tier (tests/hostile/README.md) drives Chromium too, with its own pinned copy.
build/test/hostile.stamp: tests/hostile/package.json tests/hostile/package-lock.json
	@mkdir -p build/test
	cd tests/hostile && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test: test-deps build/mdrmock build/test/mdrmock build/test/unit-tests $(FUZZ_REPLAY) \
	build/test/sdk.stamp build/test/browser.stamp build/test/hostile.stamp
	@sh tests/run all
unit: build/test/unit-tests
	@sh tests/run unit
integration: test-deps build/test/mdrmock
	@sh tests/run integration
sdk: test-deps build/test/mdrmock build/test/sdk.stamp
	@sh tests/run sdk
browser: test-deps build/test/mdrmock build/test/browser.stamp
	@sh tests/run browser
# Every hostile test at its full size (make test runs the short ones).
hostile: test-deps build/mdrmock build/test/mdrmock build/test/hostile.stamp
	@MDRMOCK_HOSTILE_FULL=1 sh tests/run hostile

# Hand-made bugs, one per server file (tests/mutants/mutants.json): each must fail a test.
# Rewrites tests/MUTANTS.md.  Takes a while: a rebuild and up to three tiers per mutant.
mutants: test-deps build/test/mdrmock build/test/unit-tests build/test/sdk.stamp
	node tests/mutants/run.mjs

# The manual page comes from the binary's own option table, so it cannot drift.
build/mdrmock.1: build/mdrmock
	./build/mdrmock --man > $@

install: build/mdrmock build/mdrmock.1
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 build/mdrmock $(DESTDIR)$(BINDIR)/mdrmock
	install -m 644 build/mdrmock.1 $(DESTDIR)$(MANDIR)/man1/mdrmock.1
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mdrmock $(DESTDIR)$(MANDIR)/man1/mdrmock.1

lint: $(GEN)
	@sh .ci/deps lint
	sh .ci/lint
format:
	clang-format -i server/*.c server/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c tests/fuzz/*.h

bench: build/mdrmock
	sh bench/run.sh

# The Docker image, built from a clean export and run (.ci/docker-test; README.md, Docker).
docker-test: build/mdrmock
	sh .ci/docker-test

clean:
	rm -rf build

# Header dependencies of every build, the fuzz harnesses and valgrind's included: a struct that
# changes size must rebuild everything that uses it.
-include $(OBJ:.o=.d) $(TOBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(TSAN_OBJ:.o=.d) \
	$(wildcard build/test/fuzz/*.d build/vg/obj/*.d build/vg/unit/*.d build/fuzz/obj/*.d)
.SECONDARY:
