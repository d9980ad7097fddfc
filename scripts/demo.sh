#!/usr/bin/env bash
# Attest's main job, end to end, on a ledger in a temporary folder: `make demo`.
set -euo pipefail

ATTEST_BIN="${1:?usage: demo.sh PATH/TO/attest}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
POLICIES="$ROOT/policies"
DATA_SCRIPT="$ROOT/scripts/demo-data.sh"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/attest-demo.XXXXXX")"
SERVERS=()   # background processes (witnesses, the team server), stopped on exit
# ATTEST_DEMO_KEEP=DIR keeps a copy of the demo's folder there (how the replay fixtures were made).
cleanup() {
  for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${ATTEST_DEMO_KEEP:-}" ]; then mkdir -p "$ATTEST_DEMO_KEEP" && cp -a "$WORK"/. "$ATTEST_DEMO_KEEP"/; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
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
for who in alice dana victor vera rita paula; do run key generate "$who" >/dev/null 2>&1; done
run key show alice
ls -l "$ATTEST_HOME/keys" | sed -n '2,3p'

step "2. A ledger is created: its genesis pins the origin, the log key and the first admin"
run init --origin ledger.example.com/credit-models --admin alice

step "3. Actors get roles (each grant is an entry signed by the admin)"
run actor add dana --role data-scientist --as alice
run actor add victor --role validator --as alice
run actor add vera --role validator --as alice
run actor add rita --role risk-officer --as alice
run actor add paula --role policy-admin --as alice
run actor list

step "4. The policy author tests and publishes the promotion policies"
cp -R "$POLICIES" policies
run policy check policies
run policy test policies
run policy publish policies --as paula
echo "${dim}(a change of the rules needs a second person: the set governs once the risk officer approves it)${reset}"
expect_fail policy approve --as paula
run policy approve --as rita
run policy show

step "5. A credit-scoring model; version 1 is registered with its lineage"
bash "$DATA_SCRIPT" data
mkdir -p model-v1 model-v2
printf 'gradient-boosted trees, 200 rounds, depth 6\n' > model-v1/model.bin
printf '{"max_depth": 6, "rounds": 200}\n' > model-v1/config.json
run model create credit-scoring --owner dana --purpose "consumer credit default risk" --risk-tier high --tag domain=retail --as dana
run model register credit-scoring --artifact model-v1 --dataset train=data/train.csv --dataset test=data/test-v1.csv \
  --code https://git.example.com/risk/credit-scoring@3f2c9a1 --param max_depth=6 --param rounds=200 \
  --framework "xgboost 2.1" --as dana
expect_fail model register credit-scoring --artifact model-v1 --as victor
echo "${dim}(the owner records the model's regulatory scope: SR 26-2 and the EU AI Act)${reset}"
run model scope credit-scoring --is-model yes --rationale "a scorecard whose output sets credit limits" \
  --eu-ai-act high --eu-ai-act-rationale "Annex III 5(b): creditworthiness" --as dana
run lineage credit-scoring 1

step "6. Version 1 is evaluated from its test data: fairness across sex fails"
run evaluate credit-scoring 1 --data data/test-v1.csv --label label --prediction prediction --score score \
  --sensitive sex --sensitive age_band --as dana
run evidence attach credit-scoring 1 --kind model_card --file model-v1/config.json --as dana

step "7. Version 1 reaches staging with a validator's sign-off"
run approve credit-scoring 1 --to staging --comment "lineage and test evaluation reviewed" --as victor
run promote credit-scoring 1 --to staging --as dana

step "8. Version 1's promotion to production is denied, and so are its deployment and the champion alias (all recorded)"
echo "${dim}(an evaluation of v1 on v2's test file is recorded, but gates count only evidence on v1's own registered data)${reset}"
run evaluate credit-scoring 1 --data data/test-v2.csv --label label --prediction prediction --score score \
  --sensitive sex --sensitive age_band --as dana > v1-on-v2.txt 2>&1
sed -n '1,7p' v1-on-v2.txt
expect_fail approve credit-scoring 1 --to production --comment "looks good to me" --as dana
run approve credit-scoring 1 --to production --as victor
expect_fail promote credit-scoring 1 --to production --as dana
echo "${dim}(dana signed her own in-toto statements of the denial when she asked: a Verification Summary that says FAILED, and the gates' test result)${reset}"
printf '%s$ attest model history credit-scoring | tail -n 1%s\n' "$dim" "$reset"
"$ATTEST_BIN" model history credit-scoring | tail -n 1
echo "${dim}(deployments and protected aliases are gated too: prod-* needs a version in production, champion too)${reset}"
expect_fail deploy credit-scoring 1 --environment prod-us --traffic 100 --as alice
expect_fail alias set credit-scoring champion 1 --as rita

step "9. Version 2: retrained without the bias, registered as v1's child, evaluated, documented"
printf 'gradient-boosted trees, 200 rounds, depth 6, reweighed by sex\n' > model-v2/model.bin
printf '{"max_depth": 6, "rounds": 200, "reweighing": "sex"}\n' > model-v2/config.json
printf '# Model card: credit-scoring v2\nIntended use: retail credit decisions. Fairness: reweighed by sex.\n' > model-card-v2.md
printf '# Validation report: credit-scoring v2\nIndependent validation by the model risk team: approved.\n' > validation-v2.md
run model register credit-scoring --artifact model-v2 --dataset train=data/train.csv --dataset test=data/test-v2.csv \
  --code https://git.example.com/risk/credit-scoring@8d41e07 --param max_depth=6 --param rounds=200 --param reweighing=sex \
  --parent 1 --framework "xgboost 2.1" --as dana
run evaluate credit-scoring 2 --data data/test-v2.csv --label label --prediction prediction --score score \
  --sensitive sex --sensitive age_band --bootstrap 200 --seed 7 --as dana
run monitor credit-scoring 2 --reference data/train.csv --current data/test-v2.csv --columns income --columns debt --columns sex --as dana
run evidence attach credit-scoring 2 --kind model_card --file model-card-v2.md --store --as dana
run evidence attach credit-scoring 2 --kind validation_report --file validation-v2.md --store --as vera
INTEGRATIONS_BIN="$ROOT/.build/venv-integrations/bin"
if [ -x "$INTEGRATIONS_BIN/model_signing" ]; then
  echo "${dim}(the release engineer signs v2's files with OpenSSF model-signing; Attest checks the signature against the registered folder)${reset}"
  for who in release stranger; do
    openssl ecparam -name prime256v1 -genkey -noout -out "$who.key" && openssl ec -in "$who.key" -pubout -out "$who.pub" 2>/dev/null
  done
  "$INTEGRATIONS_BIN/model_signing" sign key model-v2 --private_key release.key --signature model-v2.sig > /dev/null 2>&1
  expect_fail evidence attach credit-scoring 2 --kind model_signature --file model-v2.sig --artifact model-v2 --public-key stranger.pub --as dana
  run evidence attach credit-scoring 2 --kind model_signature --file model-v2.sig --artifact model-v2 --public-key release.pub --as dana
else
  echo "${dim}(model signature skipped: model-signing is not installed; make demo installs it in .build/venv-integrations)${reset}"
fi

step "10. Version 2 passes staging, then collects two independent sign-offs for production"
run approve credit-scoring 2 --to staging --as victor
run promote credit-scoring 2 --to staging --as dana
run approve credit-scoring 2 --to production --comment "fairness within bounds, validation report attached" --as victor
run approve credit-scoring 2 --to production --comment "risk accepted" --as vera
expect_fail policy explain credit-scoring 2 --to production --as rita   # exit 1 on deny, so CI can gate on it
echo "${dim}(the one-day soak in staging is soft: the risk officer waives it, with a justification that is recorded)${reset}"
run promote credit-scoring 2 --to production --override prod-cooldown \
  --justification "regulatory deadline; fairness fix for v1 must ship today" --as rita
run deploy credit-scoring 2 --environment prod-us --traffic 100 --as alice
run alias set credit-scoring champion 2 --as rita
run model show credit-scoring
run model history credit-scoring

step "11. The audit report (HTML, Markdown, PDF), a comparison of the versions, and evidence for the regulator"
run report credit-scoring --format html --out credit-scoring-report.html
run report credit-scoring --format markdown --out credit-scoring-report.md
sed -n '1,25p' credit-scoring-report.md
run report credit-scoring --format pdf --out credit-scoring-report.pdf
run report inventory --format markdown --out inventory.md
echo "${dim}(the report as the ledger stood at entry 30, when v2 was registered: the same bytes however the ledger grows)${reset}"
run report credit-scoring --at 30 --format markdown --out credit-scoring-at-30.md
run diff credit-scoring 1 2 > diff-1-2.txt
sed -n '1,30p' diff-1-2.txt
cp "$ATTEST_HOME/keys/ledger.example.com%2Fcredit-models.pub" log-key.pub
echo "${dim}(the export is recorded by the risk officer with an index of every entry of v2, so the bundle proves it is complete)${reset}"
run export credit-scoring 2 --out credit-scoring-v2.bundle --as rita
echo "${dim}(offline: only the bundle and the log's public key)${reset}"
run verify-bundle credit-scoring-v2.bundle --log-key log-key.pub
echo "${dim}(the same evidence as in-toto statements in DSSE envelopes, for supply-chain tools: signed by each act's actor when they acted, and by the exporter)${reset}"
run export credit-scoring 2 --format in-toto --out attestations --as rita
ls attestations | sed -n '1,8p'
if [ -x "$INTEGRATIONS_BIN/python" ]; then
  echo "${dim}(checked without Attest: securesystemslib and in-toto-attestation for the envelopes, the third-party verifier for each proof)${reset}"
  "$INTEGRATIONS_BIN/python" "$ROOT/scripts/integrations/verify_intoto.py" attestations | sed -n '1,3p'
  for proof in attestations/*.proof; do
    "$INTEGRATIONS_BIN/python" "$ROOT/scripts/thirdparty/verify_proof.py" "$proof" --log-key attestations/log-key.vkey --quiet
  done
  echo "$(ls attestations/*.proof | wc -l) inclusion proofs verified against the exported checkpoint"
fi

step "12. The deployment gate: a signed admission answer that a pipeline checks offline"
expect_fail admission answer credit-scoring 1 --environment prod-us --out v1-prod-us.answer
expect_fail admission check credit-scoring 1 --environment prod-us --answer v1-prod-us.answer --log-key log-key.pub
run admission answer credit-scoring 2 --environment prod-us --out v2-prod-us.answer
run admission check credit-scoring 2 --environment prod-us --answer v2-prod-us.answer --log-key log-key.pub

step "13. Witnesses (C2SP tlog-witness) cosign every checkpoint; two of three are enough"
WITNESS_KEYS=()
for n in 1 2 3; do
  run key generate "witness.example/w$n" >/dev/null 2>&1
  "$ATTEST_BIN" witness serve --key "witness.example/w$n" --listen 127.0.0.1:0 --state "witness-$n" \
    --log "$(cat log-key.pub)" > "witness-$n.out" 2>&1 &
  SERVERS+=($!)
  WITNESS_KEYS+=("$("$ATTEST_BIN" witness key "witness.example/w$n")")
done
for n in 1 2 3; do
  for _ in $(seq 100); do grep -q "listening on" "witness-$n.out" 2>/dev/null && break; sleep 0.1; done
  url="$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "witness-$n.out")"
  quorum=(); [ "$n" -eq 3 ] && quorum=(--quorum 2)
  run witness add "${WITNESS_KEYS[$((n - 1))]}" --url "$url" "${quorum[@]}" --as alice
done
run witness list
run checkpoint --out checkpoint.txt
echo "${dim}(one witness goes offline: the quorum of two is still met)${reset}"
kill "${SERVERS[2]}"
run checkpoint --out checkpoint.txt
run verify --checkpoint checkpoint.txt --witness "${WITNESS_KEYS[0]}" --witness "${WITNESS_KEYS[1]}" \
  --witness "${WITNESS_KEYS[2]}" --quorum 2

echo "${dim}(with a witness list recorded, cooldowns and approval ages are measured on the witnesses' clocks, not the writer's)${reset}"
printf '%s$ attest policy explain credit-scoring 1 --to production --as rita%s   (its decision and time basis)\n' "$dim" "$reset"
set +e; "$ATTEST_BIN" policy explain credit-scoring 1 --to production --as rita 2>&1 | grep -E '^(Time:|attest: error)'; set -e

step "14. Integrity: proofs, replay, and the whole ledger verified"
run prove 5 --out entry5.tlog-proof
run verify-proof entry5.tlog-proof --log-key log-key.pub
run verify --checkpoint checkpoint.txt --replay

step "15. The team: attest serve on a free loopback port, each person acting from their own keystore"
for who in dana victor rita; do
  mkdir -p "home-$who/keys"
  cp "$ATTEST_HOME/keys/$who."* "home-$who/keys/"   # only their own key: nobody else's is on their machine
done
"$ATTEST_BIN" serve --ledger attest.ledger --listen 127.0.0.1:0 --sign-checkpoints > serve.out 2> serve.log &
SERVE_PID=$!
SERVERS+=($SERVE_PID)
for _ in $(seq 300); do grep -q "Listening on" serve.out 2>/dev/null && break; sleep 0.1; done
SERVER_URL="$(sed -n 's/.*Listening on \(http:[^ ]*\).*/\1/p' serve.out | head -1)"
echo "${dim}(the server holds no one's key: it proposes each entry, the person's own attest signs it)${reset}"
echo "Listening on $SERVER_URL"
as_person() {
  local who="$1"; shift
  printf '%s%s$ attest %s --server %s --as %s%s\n' "$dim" "($who) " "$*" "$SERVER_URL" "$who" "$reset"
  ATTEST_HOME="$WORK/home-$who" "$ATTEST_BIN" "$@" --server "$SERVER_URL" --as "$who"
}
as_person dana model create churn --owner dana --purpose "customer churn" --risk-tier medium
as_person victor reject credit-scoring 1 --to production --comment "fairness gate fails on its own test data"
as_person rita model show credit-scoring
echo "${dim}(victor signs in to the read-only reviewer pages: a one-time link, then a session cookie)${reset}"
as_person victor login | tee "$WORK/login.out"
LINK="$(tail -1 "$WORK/login.out")"
curl -s -c "$WORK/cookies" -b "$WORK/cookies" -L "$LINK" | sed -n 's:.*<title>\(.*\)</title>.*:browser sees the page "\1":p'
curl -s -o /dev/null -w 'the same link a second time: HTTP %{http_code}\n' "$LINK"
echo "${dim}(the deployment pipeline asks the server, and trusts only the log's public key)${reset}"
expect_fail admission check credit-scoring 1 --environment prod-us --server "$SERVER_URL" --log-key log-key.pub
run admission check credit-scoring 2 --environment prod-us --server "$SERVER_URL" --log-key log-key.pub
echo "${dim}(the server sent its checkpoint to the witnesses: the pipeline can also demand two cosignatures)${reset}"
run admission check credit-scoring 2 --environment prod-us --server "$SERVER_URL" --log-key log-key.pub \
  --witness "${WITNESS_KEYS[0]}" --witness "${WITNESS_KEYS[1]}" --witness "${WITNESS_KEYS[2]}" --quorum 2
echo "${dim}(an auditor copies the whole ledger and verifies it offline against the checkpoint it was served with)${reset}"
ATTEST_HOME="$WORK/home-rita" run clone "$SERVER_URL" team-copy.ledger --as rita
run verify --ledger team-copy.ledger --checkpoint team-copy.ledger.checkpoint

step "16. MLflow: the registry the team already uses, with Attest governing its aliases"
MLFLOW_PYTHON="$ROOT/.build/venv-mlflow/bin/python"
if [ -x "$MLFLOW_PYTHON" ]; then
  "$MLFLOW_PYTHON" "$ROOT/scripts/mlflow/serve.py" --dir "$WORK/mlflow" --port-file "$WORK/mlflow.port" > /dev/null 2>&1 &
  SERVERS+=($!)
  for _ in $(seq 900); do [ -s "$WORK/mlflow.port" ] && break; sleep 0.2; done
  MLFLOW_URL="http://127.0.0.1:$(cat "$WORK/mlflow.port")"
  echo "${dim}(a real mlflow server on $MLFLOW_URL; a data scientist logs two scikit-learn runs there and registers them)${reset}"
  "$MLFLOW_PYTHON" "$ROOT/scripts/mlflow/populate.py" --tracking-uri "$MLFLOW_URL" --model fraud-detection --versions 2 > /dev/null 2>&1
  run mlflow import --tracking-uri "$MLFLOW_URL" --model fraud-detection --as dana
  echo "${dim}(importing again adds nothing)${reset}"
  run mlflow import --tracking-uri "$MLFLOW_URL" --model fraud-detection --as dana
  echo "${dim}(anyone with edit rights in MLflow points the protected alias champion at version 2, which nobody approved)${reset}"
  "$MLFLOW_PYTHON" "$ROOT/scripts/mlflow/populate.py" --tracking-uri "$MLFLOW_URL" --model fraud-detection \
    --set-alias champion --version 2 > /dev/null 2>&1
  expect_fail mlflow audit --tracking-uri "$MLFLOW_URL"
  echo "${dim}(the risk officer moves it back in MLflow, and the ledger records that she did)${reset}"
  run mlflow audit --tracking-uri "$MLFLOW_URL" --enforce --as rita
  run mlflow audit --tracking-uri "$MLFLOW_URL"
  echo "${dim}(the team server now also receives MLflow's signed webhooks: a move is recorded the moment it happens, and moved back)${reset}"
  kill "$SERVE_PID" 2>/dev/null || true
  run key generate mlflow-hooks --no-passphrase >/dev/null 2>&1
  run actor add mlflow-hooks --kind service --role risk-officer --as alice
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > hook.secret
  "$ATTEST_BIN" serve --ledger attest.ledger --listen 127.0.0.1:0 --service-key mlflow-hooks \
    --mlflow-webhook-secret-file hook.secret --mlflow-tracking-uri "$MLFLOW_URL" --mlflow-enforce > hooks.out 2> hooks.log &
  SERVERS+=($!)
  for _ in $(seq 300); do grep -q "Listening on" hooks.out 2>/dev/null && break; sleep 0.1; done
  HOOKS_URL="$(sed -n 's/.*Listening on \(http:[^ ]*\).*/\1/p' hooks.out | head -1)"
  "$MLFLOW_PYTHON" "$ROOT/scripts/mlflow/populate.py" --tracking-uri "$MLFLOW_URL" --model fraud-detection \
    --create-webhook "$HOOKS_URL/v1/mlflow/webhook" --secret "$(cat hook.secret)" > /dev/null 2>&1
  sleep 2.5   # MLflow reads its webhook list at most once a second
  echo "${dim}(someone points champion at version 2 again; MLflow delivers the move to the server)${reset}"
  "$MLFLOW_PYTHON" "$ROOT/scripts/mlflow/populate.py" --tracking-uri "$MLFLOW_URL" --model fraud-detection \
    --set-alias champion --version 2 > /dev/null 2>&1
  for _ in $(seq 120); do
    [ "$("$ATTEST_BIN" log list --type mlflow.alias.reverted --json | grep -c '"sequence"')" -ge 2 ] && break
    sleep 0.5
  done
  run log list --type mlflow.webhook.received --type mlflow.alias.reverted
  run mlflow audit --tracking-uri "$MLFLOW_URL"
else
  echo "${dim}(skipped: MLflow is not installed; make demo installs it in .build/venv-mlflow)${reset}"
fi

step "17. An edit made directly to a copy of the ledger file is caught"
cp attest.ledger tampered.ledger
sqlite3 tampered.ledger "DROP TRIGGER entries_no_update; UPDATE entries SET payload = CAST(REPLACE(CAST(payload AS TEXT), '\"risk-officer\"', '\"admin\"') AS BLOB) WHERE type = 'actor.added' AND CAST(payload AS TEXT) LIKE '%rita%';"
echo "${dim}(rita's role changed from risk-officer to admin directly in the SQLite file)${reset}"
expect_fail verify --ledger tampered.ledger --checkpoint checkpoint.txt
run verify

printf '\n%sDemo complete.%s The ledger lived in %s and is removed now.\n' "$bold" "$reset" "$WORK"
