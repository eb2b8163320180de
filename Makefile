# Lector — the two commands a new machine needs are `make run` and `make test`.
#
#   make run      install what is missing, build in release mode, and start the daemon in the
#                 foreground on ./var/{inbox,processing,output,archive,failed} with the seeds
#                 dropped into the inbox
#   make test     install what is missing, build, run every test
#   make deps     install the system packages Lector builds against (Debian/Ubuntu, apt-get)
#   make build    release build of the `lector` binary
#   make golden   rewrite seeds/expected/*.json from the current pipeline (review the diff!)
#   make clean    remove build products and ./var

SWIFT      ?= swift
PREFIX     ?= /usr/local
VAR        ?= $(CURDIR)/var
RELEASE_BIN = .build/release/lector
DEBUG_BIN   = .build/debug/lector

# System packages: the C libraries Lector links and the tools its build uses.
APT_PACKAGES = pkg-config libicu-dev libxml2-dev libcld2-dev libsqlite3-dev libsystemd-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build run test golden clean

all: build

# Installs only what is missing, so a machine that has everything never touches apt.
deps:
	@missing=""; \
	for pkg in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product lector

run: build
	@mkdir -p $(VAR)/inbox
	@cp seeds/*.txt $(VAR)/inbox/
	@echo "Starting the daemon on $(VAR) with the seeds in $(VAR)/inbox."
	@echo "Results appear in $(VAR)/output/ (originals move to $(VAR)/archive/, bad files to $(VAR)/failed/)."
	@echo "Drop more files into $(VAR)/inbox/; stop with Ctrl-C."
	$(RELEASE_BIN) daemon --config config/lector.yaml --root $(VAR)

test: deps
	$(SWIFT) build --build-tests
	LECTOR_BIN=$(CURDIR)/$(DEBUG_BIN) $(SWIFT) test --skip-build

golden: deps
	$(SWIFT) build --build-tests
	LECTOR_UPDATE_GOLDEN=1 LECTOR_BIN=$(CURDIR)/$(DEBUG_BIN) $(SWIFT) test --skip-build --filter SeedGoldenTests
	@echo "Rewrote seeds/expected/*.json; review with git diff before committing."

clean:
	rm -rf .build $(VAR)
