#!/usr/bin/env bash
# `make test`'s test run: the suite's test binary, run directly as `swift test --skip-build`
# runs it, in three phases.
#
#     run-tests.sh TEST_BINARY SHARD_REGEX SERVER_REGEX POSTGRES_REGEX
#
# 1. Two processes side by side: the suites matching SHARD_REGEX in one, every other suite in the
#    other, both leaving out the server and PostgreSQL suites. (Two `swift test` would wait for
#    each other's lock on .build.) The first process's output is kept in a file and printed
#    when both have finished.
# 2. The server suites (SERVER_REGEX) on their own, so the rest's parallel load cannot starve
#    their signing deadlines.
# 3. The PostgreSQL suites (POSTGRES_REGEX) on their own.
#
# Every temporary folder the tests make is under one scratch folder (TMPDIR), removed when the
# run passes and kept, with its path printed, when it fails. The script fails when any phase does.
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
run --skip "$shard|$server|$postgres"
rest=$?
wait "$external"
shard_status=$?
echo "---- the other test process ($shard) ----"
cat "$log"
failed=""
[ "$rest" -eq 0 ] || failed="$failed main($rest)"
[ "$shard_status" -eq 0 ] || failed="$failed $shard($shard_status)"

echo "---- the server suites ----"
run --filter "$server" || failed="$failed server($?)"
echo "---- the PostgreSQL suites ----"
run --filter "$postgres" || failed="$failed postgres($?)"

if [ -n "$failed" ]; then
  echo "run-tests: failed:$failed; the tests' temporary folders are kept in $scratch" >&2
  exit 1
fi
rm -rf "$scratch"
