# Attest: the README's two commands are `make demo` and `make test`.
SWIFT ?= swift
# The Debian packages the build and the Python environments need: installed first.
BUILD_PACKAGES := libsodium-dev libsqlite3-dev pkg-config git python3 python3-venv
# The Debian packages only the tests and the demo run (sqlite3, Chromium, pdftotext, openssl,
# curl, PostgreSQL): `make test` installs them while the build runs.
TEST_PACKAGES := sqlite3 chromium poppler-utils openssl curl postgresql postgresql-client
# The release builds (`make release`, `make bench`) link the Swift runtime and Foundation
# statically (`--static-swift-stdlib`): a command starts about 5 ms sooner (20-25% of a small
# command such as `attest checkpoint`), because the dynamic linker no longer binds some twenty
# Swift and Foundation libraries at every start (docs/benchmarks.md, "Static linking").
# FoundationNetworking then links libcurl itself, which needs its development package.
RELEASE_PACKAGES := libcurl4-openssl-dev
RELEASE_FLAGS := -c release --static-swift-stdlib
# Debug builds without debug information (no DWARF for a debugger; a crash's backtrace still names
# the functions): a clean build takes about 10% less time on two cores (324 s against 362 s, the
# mean of two clean builds each; line tables alone cost more than full debug information). The same
# flags for every target here, so `make build`, `make test` and `make demo` share one build; use
# plain `swift build` for a build to debug.
BUILD_FLAGS := -Xswiftc -gnone -Xcc -g0
# The Python virtual environment of the third-party verifier (scripts/thirdparty/requirements.txt).
VENV := .build/venv
# The integration tests' virtual environment: in-toto-attestation, securesystemslib and
# model-signing from PyPI (scripts/integrations/requirements.txt).
INTEGRATIONS_VENV := .build/venv-integrations
# The MLflow tests' virtual environment: mlflow and scikit-learn from PyPI
# (scripts/mlflow/requirements.txt), for a real `mlflow server` and MLflow's own client.
MLFLOW_VENV := .build/venv-mlflow

# The tests run as two lanes side by side (scripts/run-tests.sh). The external lane is one test
# process for these modules, whose time is mostly spent waiting for MLflow, the Python verifiers
# and Chromium. The main lane is three processes one after another: every other suite; then the
# suites that start `attest serve` on loopback and act through it with signing deadlines (so the
# main suite's CPU-bound tests cannot starve them); then the PostgreSQL suites (docs/postgres.md:
# one scratch cluster per test process, one database per test). Each process has its own pool of
# two threads, so a test waiting on a child process does not stop the other lane.
SERVER_SUITES := AttestServerTests|RemoteCommandTests|RemoteWriteCommandTests|ServedWitnessTests|ServeKillTests|MLflowServedTests
POSTGRES_SUITES := AttestPostgresTests
SHARD_EXTERNAL := AttestMLflowTests|AttestIntegrationsTests|AttestReportsTests|AttestMetricsTests|AttestPolicyTests

.PHONY: all deps deps-build deps-test deps-release release build build-tests demo test test-postgres vectors integrations-venv mlflow-venv mutants bench stress fuzz lint clean

all: build

## deps: install the system packages Attest needs, when missing (sudo when not root).
deps: deps-test

deps-build:
	@bash scripts/install-packages.sh $(BUILD_PACKAGES)

deps-test: deps-build
	@bash scripts/install-packages.sh $(TEST_PACKAGES)

deps-release: deps-build
	@bash scripts/install-packages.sh $(RELEASE_PACKAGES)

## build: debug build of `attest` (and the libraries it is made of).
build: deps-build
	$(SWIFT) build $(BUILD_FLAGS) --product attest

## demo: the main job end to end on a ledger in a temporary folder.
demo: deps build mlflow-venv integrations-venv
	@bash scripts/demo.sh "$$($(SWIFT) build --show-bin-path)/attest"

## test: the style check (swift format lint), the log-format vectors checked by the third-party
## verifier (scripts/thirdparty, in .build/venv) and the whole test suite.
## The build, the style check, the Python environments and the test-only system packages are made
## side by side (one compiles, the others mostly download), then the tests run.
test: deps-build
	$(MAKE) --no-print-directory -j4 build-tests lint vectors integrations-venv mlflow-venv deps-test
	@bash scripts/run-tests.sh "$$($(SWIFT) build --show-bin-path)/AttestPackageTests.xctest" '$(SHARD_EXTERNAL)' '$(SERVER_SUITES)' '$(POSTGRES_SUITES)'

## test-postgres: the PostgreSQL store's suites alone (part of make test too; docs/postgres.md).
test-postgres: build-tests
	$(SWIFT) test --skip-build --filter '$(POSTGRES_SUITES)'

## build-tests: debug build of the test binary and the two programs the tests run (`attest` and
## the stress workers). Built product by product: a plain `swift build` also compiles every
## product of every dependency (HTTP/2, swift-configuration, sample programs...), which nothing
## here uses.
build-tests: deps-build
	$(SWIFT) build $(BUILD_FLAGS) --product AttestPackageTests
	$(SWIFT) build $(BUILD_FLAGS) --product attest
	$(SWIFT) build $(BUILD_FLAGS) --product attest-stress

## vectors: docs/log-format.md's test vectors verified by code that is not Attest's.
vectors: $(VENV)/installed
	$(VENV)/bin/python scripts/thirdparty/check_vectors.py

# The virtual environment: created when missing, reused when present, refreshed when the
# pinned requirements change. `--no-compile`: Python compiles a module to bytecode when it is
# first imported, so installing skips compiling the many modules nothing here imports (about a
# CPU-minute for MLflow's environment, taken from the build running beside it).
$(VENV)/installed: scripts/thirdparty/requirements.txt | deps-build
	[ -x $(VENV)/bin/python ] || python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --no-compile --disable-pip-version-check -r scripts/thirdparty/requirements.txt
	touch $@

## integrations-venv: the Python packages AttestIntegrationsTests sign and verify with.
integrations-venv: $(INTEGRATIONS_VENV)/installed

$(INTEGRATIONS_VENV)/installed: scripts/integrations/requirements.txt | deps-build
	[ -x $(INTEGRATIONS_VENV)/bin/python ] || python3 -m venv $(INTEGRATIONS_VENV)
	$(INTEGRATIONS_VENV)/bin/python -m pip install --quiet --no-compile --disable-pip-version-check -r scripts/integrations/requirements.txt
	touch $@

## mlflow-venv: MLflow (server and client) and scikit-learn for AttestMLflowTests.
mlflow-venv: $(MLFLOW_VENV)/installed

$(MLFLOW_VENV)/installed: scripts/mlflow/requirements.txt | deps-build
	[ -x $(MLFLOW_VENV)/bin/python ] || python3 -m venv $(MLFLOW_VENV)
	$(MLFLOW_VENV)/bin/python -m pip install --quiet --no-compile --disable-pip-version-check -r scripts/mlflow/requirements.txt
	touch $@

## mutants: apply each deliberate bug of scripts/mutants/mutants.json to a copy of the package in
## .build-mutants, rebuild, run the tests; fails when a mutant survives (docs/testing.md).
## MUTANTS=id1,id2 runs a subset.
mutants: deps
	BUILD_FLAGS="$(BUILD_FLAGS)" python3 scripts/mutants/run.py

## release: the release build of `attest` to install, in .build-release (its path printed last).
release: deps-release
	$(SWIFT) build $(RELEASE_FLAGS) --scratch-path .build-release --product attest
	@echo "$$($(SWIFT) build $(RELEASE_FLAGS) --scratch-path .build-release --show-bin-path)/attest"

## bench: release-build benchmarks, printing tables with medians and ratios against peers.
## The benchmark target exists only with ATTEST_BENCH set (Package.swift), in its own build folder,
## built as `make release` builds `attest`.
bench: deps deps-release mlflow-venv
	ATTEST_BENCH=1 $(SWIFT) build $(RELEASE_FLAGS) --scratch-path .build-bench --product attest-bench
	ATTEST_BENCH=1 $(SWIFT) build $(RELEASE_FLAGS) --scratch-path .build-bench --product attest
	"$$(ATTEST_BENCH=1 $(SWIFT) build $(RELEASE_FLAGS) --scratch-path .build-bench --show-bin-path)/attest-bench" $(BENCH_ARGS)

## stress: the long reliability run (200 SIGKILLs, 8 writing processes, lock wait, disk full,
## tamper, malformed-input and storage catalogues, 20 PostgreSQL primaries killed and their
## standbys promoted, a short fuzz) and its summary table.
STRESS_RESULTS ?= .build/stress-results
STRESS_KILLS ?= 200
STRESS_SERVE_KILLS ?= 100
STRESS_PROCESSES ?= 8
STRESS_OPERATIONS ?= 250
STRESS_FUZZ_SECONDS ?= 15
STRESS_PG_KILLS ?= 20
stress: build-tests
	rm -rf $(STRESS_RESULTS) && mkdir -p $(STRESS_RESULTS)
	-ATTEST_STRESS_RESULTS="$(abspath $(STRESS_RESULTS))" $(SWIFT) test --skip-build --filter 'TamperCatalog|MalformedInput|Fault|Security'
	-"$$($(SWIFT) build --show-bin-path)/attest-stress" crash-loop --kills $(STRESS_KILLS) --json $(STRESS_RESULTS)/crash.json
	-"$$($(SWIFT) build --show-bin-path)/attest-stress" concurrency --processes $(STRESS_PROCESSES) --operations $(STRESS_OPERATIONS) \
	  --attest "$$($(SWIFT) build --show-bin-path)/attest" --json $(STRESS_RESULTS)/concurrency.json
	-"$$($(SWIFT) build --show-bin-path)/attest-stress" busy --attest "$$($(SWIFT) build --show-bin-path)/attest" --json $(STRESS_RESULTS)/busy.json
	-"$$($(SWIFT) build --show-bin-path)/attest-stress" disk-full --json $(STRESS_RESULTS)/diskfull.json
	-"$$($(SWIFT) build --show-bin-path)/attest-stress" rotate-kill --kills $(STRESS_KILLS) --attest "$$($(SWIFT) build --show-bin-path)/attest" --json $(STRESS_RESULTS)/rotate.json
	-"$$($(SWIFT) build --show-bin-path)/attest-stress" serve-kill --kills $(STRESS_SERVE_KILLS) --clients 8 --attest "$$($(SWIFT) build --show-bin-path)/attest" --json $(STRESS_RESULTS)/serve.json
	-ATTEST_FAILOVER_ROUNDS=$(STRESS_PG_KILLS) ATTEST_STRESS_RESULTS="$(abspath $(STRESS_RESULTS))" \
	  $(SWIFT) test --skip-build --filter FailoverTests > $(STRESS_RESULTS)/failover.log 2>&1
	-SWIFT="$(SWIFT)" FUZZ_SECONDS=$(STRESS_FUZZ_SECONDS) FUZZ_RESULTS="$(abspath $(STRESS_RESULTS))/fuzz.json" bash Fuzz/run.sh
	"$$($(SWIFT) build --show-bin-path)/attest-stress" summary --results $(STRESS_RESULTS)

## fuzz: coverage-guided fuzzing (libFuzzer) of the parsers, FUZZ_SECONDS (60) per target;
## prints executions and crashes per target (Fuzz/README.md).
FUZZ_SECONDS ?= 60
fuzz: deps
	SWIFT="$(SWIFT)" FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RESULTS="$(abspath .build)/fuzz-results.json" bash Fuzz/run.sh

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Benchmarks

clean:
	rm -rf .build
