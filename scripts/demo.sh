#!/usr/bin/env bash
# Attest's main job, end to end, on a ledger in a temporary folder: `make demo`.
set -euo pipefail

ATTEST_BIN="${1:?usage: demo.sh PATH/TO/attest}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/attest-demo.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

export ATTEST_HOME="$WORK/keys"            # the keystore of everyone in this demo
export ATTEST_PASSPHRASE="demo passphrase" # automation: keys are still encrypted at rest
export ATTEST_LEDGER="$WORK/attest.ledger"

bold=$'\e[1m'; dim=$'\e[2m'; reset=$'\e[0m'
[ -t 1 ] || { bold=""; dim=""; reset=""; }
step() { printf '\n%s== %s ==%s\n' "$bold" "$*" "$reset"; }
run() { printf '%s$ attest %s%s\n' "$dim" "$*" "$reset"; "$ATTEST_BIN" "$@"; }
expect_fail() {
  printf '%s$ attest %s%s   (expected to be refused)\n' "$dim" "$*" "$reset"
  set +e; "$ATTEST_BIN" "$@"; local rc=$?; set -e
  if [ "$rc" -eq 0 ]; then echo "demo: expected a refusal, got success" >&2; exit 1; fi
  echo "${dim}(exit code $rc)${reset}"
}

step "1. People get keys (Ed25519, encrypted at rest with Argon2id + XChaCha20-Poly1305)"
for who in alice dana victor rita paula; do run key generate "$who" >/dev/null 2>&1; done
run key show alice
ls -l "$ATTEST_HOME/keys" | sed -n '2,3p'

step "2. A ledger is created: its genesis pins the origin, the log key and the first admin"
run init --origin ledger.example.com/credit-models --admin alice

step "3. Actors get roles (signed by the admin)"
run actor add dana --role data-scientist --as alice
run actor add victor --role validator --as alice
run actor add rita --role risk-officer --as alice
run actor add paula --role policy-admin --as alice
run actor list

step "4. A credit-scoring model and its version 1, registered with lineage"
mkdir -p model-v1 data
printf 'tree-ensemble weights v1\n' > model-v1/model.bin
printf '{"max_depth": 6}\n' > model-v1/config.json
awk 'BEGIN { srand(42); print "id,income,debt"; for (i = 0; i < 500; i++) printf "%d,%.0f,%.0f\n", i, 20000 + rand() * 80000, rand() * 30000 }' > data/train.csv
awk 'BEGIN { srand(43); print "id,income,debt"; for (i = 0; i < 200; i++) printf "%d,%.0f,%.0f\n", i, 20000 + rand() * 80000, rand() * 30000 }' > data/test.csv
run model create credit-scoring --owner dana --purpose "consumer credit default risk" --risk-tier high --tag domain=retail --as dana
run model register credit-scoring --artifact model-v1 --dataset train=data/train.csv --dataset test=data/test.csv \
  --code https://git.example.com/risk/credit-scoring@3f2c9a1 --param max_depth=6 --param learning_rate=0.1 \
  --framework "xgboost 2.1" --as dana
expect_fail model register credit-scoring --artifact model-v1 --as victor
run lineage credit-scoring 1
run lineage verify credit-scoring 1 --artifact model-v1 --dataset test=data/test.csv

step "5. The log: every fact is a signed, hash-chained entry; refusals too"
run model history credit-scoring
run log

step "6. Integrity: a checkpoint (C2SP signed note), an inclusion proof, offline verification"
run checkpoint --out checkpoint.txt
run prove 5 --out entry5.tlog-proof
run verify-proof entry5.tlog-proof --log-key "$ATTEST_HOME/keys/ledger.example.com%2Fcredit-models.pub"
run verify --checkpoint checkpoint.txt

step "7. An edit made directly to a copy of the ledger file is caught"
cp attest.ledger tampered.ledger
sqlite3 tampered.ledger "DROP TRIGGER entries_no_update; UPDATE entries SET payload = CAST(REPLACE(CAST(payload AS TEXT), 'risk-officer', 'admin') AS BLOB) WHERE type = 'actor.added' AND CAST(payload AS TEXT) LIKE '%rita%';"
echo "${dim}(rita's role changed from risk-officer to admin directly in the SQLite file)${reset}"
expect_fail verify --ledger tampered.ledger --checkpoint checkpoint.txt
run verify

printf '\n%sDemo complete.%s The ledger lived in %s and is removed now.\n' "$bold" "$reset" "$WORK"
