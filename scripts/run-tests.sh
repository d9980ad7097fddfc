#!/usr/bin/env bash
# `make test`'s test run: the suite's test binary, run directly as `swift test --skip-build`
# runs it, as two lanes side by side.
#
#     run-tests.sh TEST_BINARY SHARD_REGEX SERVER_REGEX POSTGRES_REGEX
#
# - The external lane: the suites matching SHARD_REGEX (the modules that mostly wait for MLflow,
#   the Python verifiers and Chromium), in one process. Its output is kept in a file and printed
#   when both lanes have finished.
# - The main lane, one process after another: every other suite but the server and PostgreSQL
#   suites; then the server suites (SERVER_REGEX); then the PostgreSQL suites (POSTGRES_REGEX).
#   The server and PostgreSQL suites thus never share the machine with the rest of the main
#   suite's CPU-bound tests, only with the external lane's tests, which mostly wait.
#
# (Two `swift test` would wait for each other's lock on .build, hence the binary run directly.)
# Every temporary folder the tests make is under one scratch folder (TMPDIR), removed when the
# run passes and kept, with its path printed, when it fails. The script fails when any process does.
set -uo pipefail

binary="${1:?usage: run-tests.sh TEST_BINARY SHARD_REGEX SERVER_REGEX POSTGRES_REGEX}"
shard="${2:?missing SHARD_REGEX}"
server="${3:?missing SERVER_REGEX}"
postgres="${4:?missing POSTGRES_REGEX}"
log="$(dirname "$binary")/test-shard-external.log"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/attest-tests.XXXXXX")"
# Open like /tmp: PostgreSQL runs as `nobody` when the tests run as root (docs/postgres.md).
chmod 1777 "$scratch"
export TMPDIR="$scratch"

run() { "$binary" --testing-library swift-testing "$@"; }

run --filter "$shard" --skip "$server|$postgres" > "$log" 2>&1 &
external=$!

failed=""
run --skip "$shard|$server|$postgres" || failed="$failed main($?)"
echo "---- the server suites ----"
run --filter "$server" || failed="$failed server($?)"
echo "---- the PostgreSQL suites ----"
run --filter "$postgres" || failed="$failed postgres($?)"

wait "$external"
shard_status=$?
echo "---- the external lane ($shard) ----"
cat "$log"
[ "$shard_status" -eq 0 ] || failed="$failed $shard($shard_status)"

if [ -n "$failed" ]; then
  echo "run-tests: failed:$failed; the tests' temporary folders are kept in $scratch" >&2
  exit 1
fi
rm -rf "$scratch"
