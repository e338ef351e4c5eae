#!/bin/sh
# bench/peers.sh: builds the two peers bench/run.mjs can measure mdrmock against, outside the
# repository's sources (into build/bench/peers/, which git ignores); nothing of theirs is committed.
#   telnyx-mock: TELNYX_MOCK_SRC=<a clone of github.com/team-telnyx/telnyx-mock> (Go, its
#                dependencies vendored; built offline with Debian's golang-go and go-bindata)
#   Prism:       @stoplight/prism-cli from npm, run on MDRMOCK_BENCH_SPEC=<Telnyx's OpenAPI file>
# Either is skipped, with a line saying why, when what it needs is not given.
set -eu
cd "$(dirname "$0")/.."
peers=build/bench/peers
mkdir -p "$peers"
if [ -n "${TELNYX_MOCK_SRC:-}" ]; then
	if ! command -v go >/dev/null || ! command -v go-bindata >/dev/null; then
		if [ "$(id -u)" = 0 ]; then
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q golang-go go-bindata >/dev/null
		else
			echo "peers: telnyx-mock needs Go: sudo apt-get install -y golang-go go-bindata" >&2
			exit 1
		fi
	fi
	rm -rf "$peers/telnyx-mock-src"
	cp -R "$TELNYX_MOCK_SRC" "$peers/telnyx-mock-src"
	(cd "$peers/telnyx-mock-src" &&
		go-bindata cert/cert.pem cert/key.pem openapi/openapi/fixtures3.json openapi/openapi/spec3.json &&
		GOFLAGS=-mod=vendor GOPROXY=off go build -o ../telnyx-mock .)
	echo "peers: built $peers/telnyx-mock"
else
	echo "peers: no TELNYX_MOCK_SRC: telnyx-mock is not measured" >&2
fi
if [ -n "${MDRMOCK_BENCH_SPEC:-}" ]; then
	if [ ! -x "$peers/prism/node_modules/.bin/prism" ]; then
		mkdir -p "$peers/prism"
		(cd "$peers/prism" && echo '{"private":true}' >package.json &&
			npm install --no-audit --no-fund -s @stoplight/prism-cli@5 >/dev/null)
	fi
	echo "peers: Prism at $peers/prism/node_modules/.bin/prism"
else
	echo "peers: no MDRMOCK_BENCH_SPEC: Prism is not measured" >&2
fi
