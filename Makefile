# Lector — the two commands a new machine needs are `make run` and `make test`.
#
#   make run      install what is missing, build in release mode, process the seed articles
#                 on a local layout under ./var/ and say where the results are
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
APT_PACKAGES = pkg-config libicu-dev libxml2-dev libcld2-dev
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
	@mkdir -p $(VAR)/inbox $(VAR)/output
	@cp seeds/*.txt $(VAR)/inbox/
	$(RELEASE_BIN) process --config config/lector.yaml --output $(VAR)/output $(VAR)/inbox/*.txt
	@echo
	@echo "Results: $(VAR)/output/ ($$(ls $(VAR)/output | wc -l) files). For example:"
	@echo "  $(RELEASE_BIN) process seeds/000_d6359ddc57249c7f.txt | less"

test: deps
	$(SWIFT) build --build-tests
	LECTOR_BIN=$(CURDIR)/$(DEBUG_BIN) $(SWIFT) test --skip-build

golden: deps
	$(SWIFT) build --build-tests
	LECTOR_UPDATE_GOLDEN=1 LECTOR_BIN=$(CURDIR)/$(DEBUG_BIN) $(SWIFT) test --skip-build --filter SeedGoldenTests
	@echo "Rewrote seeds/expected/*.json; review with git diff before committing."

clean:
	rm -rf .build $(VAR)
