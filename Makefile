# qmsaudit — the two set-up commands are `make demo` and `make test`.
PREFIX ?= /usr/local
SWIFT ?= swift
SYSTEM_PACKAGES := libxml2-dev libsqlite3-dev zlib1g-dev pkg-config
LINT_PATHS := Package.swift Sources Tests checklists importers Fuzz benchmarks/TeamLoad

.PHONY: all build demo test test-deps lint format bench fuzz print-check package install uninstall system-deps clean

all: build

# Make sure the system libraries the package links against are installed: install them with
# apt-get when running as root, otherwise print the exact command and stop.
system-deps:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "note: not a Debian-based system; make sure these are installed: $(SYSTEM_PACKAGES)"; \
	  exit 0; \
	fi; \
	missing=""; \
	for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing; \
	  else \
	    echo "missing system packages:$$missing"; \
	    echo "install them with:  sudo apt-get update && sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

build: system-deps
	$(SWIFT) build --product qmsaudit

demo: build
	@echo
	$(SWIFT) run --skip-build qmsaudit demo

lint:
	$(SWIFT) format lint --strict --recursive $(LINT_PATHS)

format:
	$(SWIFT) format --in-place --recursive $(LINT_PATHS)

# The workbook test reads what `report checklist --format xlsx` writes with openpyxl; the
# export tests validate OSCAL with compliance-trestle and the whole-audit JSON against its
# schema with jsonschema (pip; without pip the OSCAL tests say they were skipped).
test-deps:
	@if ! python3 -c "import trestle, jsonschema" 2>/dev/null; then \
	  if python3 -m pip --version >/dev/null 2>&1; then \
	    echo "installing compliance-trestle and jsonschema (the export tests validate with them)"; \
	    python3 -m pip install -q compliance-trestle jsonschema 2>/dev/null \
	      || python3 -m pip install -q --break-system-packages compliance-trestle jsonschema; \
	  else \
	    echo "note: pip is absent: the OSCAL and JSON Schema validation tests will be skipped"; \
	  fi; \
	fi
	@if python3 -c "import openpyxl" 2>/dev/null || /usr/bin/python3 -c "import openpyxl" 2>/dev/null; then \
	  exit 0; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing python3-openpyxl (the workbook test reads with it)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-openpyxl; \
	else \
	  echo "the tests need python3 with openpyxl: sudo apt-get install -y python3-openpyxl"; \
	  exit 1; \
	fi

# The PostgreSQL tests start a throwaway cluster of their own (initdb into a temporary folder,
# a Unix socket, stopped when the tests end): they need the server's programs, not a server,
# and openssl for the TLS test's certificates.
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -x /usr/bin/openssl ]; then \
	  exit 0; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing postgresql and openssl (the programme tests start a throwaway cluster)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql openssl; \
	else \
	  echo "the tests need PostgreSQL's server programs and openssl:" \
	    "sudo apt-get install -y postgresql openssl"; \
	  exit 1; \
	fi

# Every reader under libFuzzer and the address sanitizer, FUZZ_SECONDS (default 60) each;
# then the slow fault tests (kill -9 at random points), which `make test` leaves out.
fuzz: system-deps
	./Fuzz/run
	QMSAUDIT_SLOW_TESTS=1 $(SWIFT) test --filter KillAtRandomPointsTests

test: system-deps test-deps lint
	$(SWIFT) test

bench: system-deps
	./benchmarks/run

# Lays out every HTML document at A4 width in headless Chromium; skipped without Chromium.
print-check: system-deps
	./benchmarks/print-check

# A release tarball (binary, man page, completions, examples) and a .deb in dist/, checked.
package: system-deps
	./packaging/package

install: system-deps
	rm -f "$$($(SWIFT) build -c release --show-bin-path)/qmsaudit"  # relink with the runtime inside
	$(SWIFT) build -c release --product qmsaudit --static-swift-stdlib
	install -d "$(PREFIX)/bin"
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/qmsaudit" "$(PREFIX)/bin/qmsaudit"
	@echo "installed $(PREFIX)/bin/qmsaudit"

uninstall:
	rm -f "$(PREFIX)/bin/qmsaudit"

clean:
	rm -rf .build dist
