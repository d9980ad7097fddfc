#!/usr/bin/env bash
# `make test`'s main run: the suite's test binary as two processes side by side.
#
#     test-shards.sh TEST_BINARY SHARD_REGEX SKIP_REGEX
#
# The first process runs the suites matching SHARD_REGEX, the second every other suite; both
# leave out SKIP_REGEX (the server and PostgreSQL suites, which `make test` runs afterwards on
# their own). The binary is run directly, as `swift test --skip-build` runs it: two `swift test`
# would wait for each other's lock on .build. The first process's output is kept in a file and
# printed when both have finished; the script fails when either does.
set -uo pipefail

binary="${1:?usage: test-shards.sh TEST_BINARY SHARD_REGEX SKIP_REGEX}"
shard="${2:?missing SHARD_REGEX}"
skip="${3:?missing SKIP_REGEX}"
log="$(dirname "$binary")/test-shard-external.log"

"$binary" --testing-library swift-testing --filter "$shard" --skip "$skip" > "$log" 2>&1 &
external=$!
"$binary" --testing-library swift-testing --skip "$shard|$skip"
rest=$?
wait "$external"
shard_status=$?
echo "---- the other test process ($shard) ----"
cat "$log"
if [ "$rest" -ne 0 ] || [ "$shard_status" -ne 0 ]; then
  echo "test-shards: failed (exit $rest, and $shard_status for $shard)" >&2
  exit 1
fi
