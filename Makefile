# Attest: the README's two commands are `make demo` and `make test`.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBIAN_PACKAGES := libsodium-dev libsqlite3-dev pkg-config sqlite3

.PHONY: all deps build demo test bench stress fuzz lint clean

all: build

## deps: install the system packages Attest needs, when missing (sudo when not root).
deps:
	@missing=""; \
	for pkg in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

## build: debug build of the library, the CLI and the tests.
build: deps
	$(SWIFT) build

## demo: the main job end to end on a ledger in a temporary folder.
demo: build
	@bash scripts/demo.sh "$$($(SWIFT) build --show-bin-path)/attest"

## test: the whole test suite.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## bench: release-build benchmarks, printing tables with medians and ratios against peers.
bench: deps
	$(SWIFT) build -c release --product attest-bench
	$(SWIFT) build -c release --product attest
	"$$($(SWIFT) build -c release --show-bin-path)/attest-bench" $(BENCH_ARGS)

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Benchmarks

clean:
	rm -rf .build
