#!/bin/sh
# make bench: builds the release server and the baseline, then runs
# bench/run.mjs (wrk on 127.0.0.1 only; every run stops by itself).
set -eu
cd "$(dirname "$0")/.."
sh .ci/deps bench
mkdir -p build/bench
# shellcheck disable=SC2046
${CC:-cc} -O2 -g -Wall -Wextra -o build/bench/baseline bench/baseline.c \
	$(pkg-config --cflags --libs libmicrohttpd) -lpthread
${CC:-cc} -O2 -Wall -Wextra -o build/bench/startup bench/startup.c
# shellcheck disable=SC2046
${CC:-cc} -O2 -g -Wall -Wextra -o build/bench/sink bench/sink.c \
	$(pkg-config --cflags --libs libmicrohttpd) -lpthread
# telnyx-mock and Prism, when TELNYX_MOCK_SRC / MDRMOCK_BENCH_SPEC say where their sources are.
sh bench/peers.sh
node bench/run.mjs "$@"
# The MDR report benchmark (1,000,000 messages; the loaded database is reused).
node bench/report.mjs
# The record readings over the same database: search, paginated MDRs, a sync usage report.
node bench/records.mjs
# One server, many suites: waiters, a hanging tenant, webhook events/s, half-sent bodies.
node bench/sharing.mjs
# Safe on a shared machine: trickling bodies, heavy reads, event clients, SIGTERM under load.
node bench/safety.mjs
# The inspector: start-up and RSS with its files embedded, and with pages following the feed.
node bench/inspector.mjs
