#!/usr/bin/env bash
# Runs every fuzz target for a fixed time (FUZZ_SECONDS, default 60) on its seed corpus
# (Fuzz/Corpus/<target>, read-only) plus a working corpus (Fuzz/.corpus/<target>), prints
# executions and crashes per target, and writes results to $FUZZ_RESULTS (JSON) when set.
# Crash inputs are kept as Fuzz/crashes/<target>/crash-*: turn each into a regression test.
set -euo pipefail
cd "$(dirname "$0")"
SWIFT="${SWIFT:-swift}"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
TARGETS="${FUZZ_TARGETS:-FuzzEntryDecoder FuzzSignedNote FuzzProofs FuzzPolicy FuzzTable}"

"$SWIFT" build -c release -Xswiftc -sanitize=fuzzer >/dev/null
BIN="$("$SWIFT" build -c release -Xswiftc -sanitize=fuzzer --show-bin-path)"

json="["
failed=0
printf '%-18s %8s %14s %10s %8s %8s\n' target seconds executions exec/s corpus crashes
for target in $TARGETS; do
  mkdir -p ".corpus/$target" "crashes/$target"
  log="$(mktemp)"
  set +e
  "$BIN/$target" -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="crashes/$target/" ".corpus/$target" "Corpus/$target" >"$log" 2>&1
  status=$?
  set -e
  executions="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  corpus="$(find ".corpus/$target" -type f | wc -l | tr -d ' ')"
  crashes="$(find "crashes/$target" -type f | wc -l | tr -d ' ')"
  if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
  if [ "$crashes" -ne 0 ]; then
    failed=1
    echo "--- $target failed (exit $status); last lines of its log:"; tail -30 "$log"
  fi
  printf '%-18s %8s %14s %10s %8s %8s\n' "$target" "$SECONDS_PER_TARGET" "${executions:-0}" "${rate:-0}" "$corpus" "$crashes"
  [ "$json" = "[" ] || json="$json,"
  json="$json{\"name\":\"$target\",\"seconds\":$SECONDS_PER_TARGET,\"executions\":${executions:-0},\"crashes\":$crashes,\"corpus\":$corpus}"
  rm -f "$log"
done
json="$json]"
if [ -n "${FUZZ_RESULTS:-}" ]; then mkdir -p "$(dirname "$FUZZ_RESULTS")"; echo "$json" >"$FUZZ_RESULTS"; fi
exit "$failed"
