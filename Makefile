# Lector — the two commands a new machine needs are `make run` and `make test`.
#
#   make run      install what is missing, build in release mode, and start the daemon in the
#                 foreground on ./var/{inbox,processing,output,archive,failed} with the seeds
#                 dropped into the inbox
#   make test     install what is missing, build, run every test (test-deb included)
#   make deps     install the system packages Lector builds against (Debian/Ubuntu, apt-get)
#   make build    release build of the `lector` binary
#   make install  install binary, unit, sysusers.d, tmpfiles.d and /etc/lector/lector.yaml under
#                 $(DESTDIR)$(PREFIX); enables nothing (systemctl enable --now lector does)
#   make deb      build dist/lector_VERSION_ARCH.deb with dpkg-deb
#   make test-deb build the package and install it into a throw-away copy of this machine
#                 (tests/packaging/deb-install.sh): user, folders, nothing enabled, runs, removes
#   make soak     the long crash soak: 2,000 articles, 25 SIGKILLs, release binary, full pipeline
#   make golden   rewrite seeds/expected/*.json from the current pipeline (review the diff!)
#   make fuzz     build the libFuzzer targets in Fuzz/ and fuzz each for FUZZ_SECONDS (default 300);
#                 crashes land in Fuzz/crashes/<target>/ (see docs/reliability.md)
#   make bench    measure the daemon end to end against a Python peer and a no-op floor, and the
#                 processors one by one; rewrites docs/benchmarks.md (BENCH_FULL=1: 100,000-file backlog)
#   make clean    remove build products and ./var

SWIFT      ?= swift
PREFIX     ?= /usr/local
VAR        ?= $(CURDIR)/var
RELEASE_BIN = .build/release/lector
DEBUG_BIN   = .build/debug/lector
SYSCONFDIR ?= /etc
FUZZ_SECONDS ?= 300
LIBDIR      = $(PREFIX)/lib
VERSION    ?= $(shell sed -n 's/^## \[\([0-9][^]]*\)\].*/\1/p' CHANGELOG.md | head -1 | grep . || echo 0.0.0)

# System packages: the C libraries Lector links and the tools its build uses (python3: the example
# plugins and the plugin tests; protobuf-compiler and libprotobuf-dev: gcld3, a peer that
# bench/langid/compare_peers.py builds from source; wamerican and wordnet-base: the English word
# classes that Plugins/Entities/Training/word_classes.py derives for training, never read at run time).
APT_PACKAGES = pkg-config libicu-dev libxml2-dev zlib1g-dev libcld2-dev libsqlite3-dev libsystemd-dev python3 python3-venv \
	protobuf-compiler libprotobuf-dev wamerican wordnet-base
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build run test test-deb soak fuzz bench golden clean install deb static

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

# Two runs: the suites that drive real processes (the daemon, systemd) wait for them by blocking
# their threads, and run beside in-process suites they would starve the 2-thread cooperative pool
# of a 2-core machine, so that async work there (the plugin supervisor's deadlines) misses them.
PROCESS_SUITES = LectorCLITests|LectorSystemdTests
test: deps
	$(SWIFT) build --build-tests
	tests/systemd/check-unit.sh $(CURDIR)/$(DEBUG_BIN)
	$(MAKE) test-deb
	LECTOR_BIN=$(CURDIR)/$(DEBUG_BIN) $(SWIFT) test --skip-build --skip '$(PROCESS_SUITES)'
	LECTOR_BIN=$(CURDIR)/$(DEBUG_BIN) $(SWIFT) test --skip-build --filter '$(PROCESS_SUITES)'

# The crash soak of `make test`, long: docs/reliability.md records its figures.
SOAK_ARTICLES ?= 2000
SOAK_KILLS    ?= 25
soak: build
	$(SWIFT) build --build-tests
	LECTOR_BIN=$(CURDIR)/$(RELEASE_BIN) LECTOR_SOAK_ARTICLES=$(SOAK_ARTICLES) LECTOR_SOAK_KILLS=$(SOAK_KILLS) \
		LECTOR_SOAK_FULL_PIPELINE=1 $(SWIFT) test --skip-build --filter CrashSoakTests

# The installed binary carries the Swift runtime inside (it must run without a toolchain) and
# lives in $(LIBDIR)/lector next to its resource bundles, which Foundation looks for beside it.
static: deps
	$(SWIFT) build -c release --product lector --static-swift-stdlib

install: static
	install -d $(DESTDIR)$(LIBDIR)/lector $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(RELEASE_BIN) $(DESTDIR)$(LIBDIR)/lector/lector
	for bundle in .build/release/*.resources; do cp -R "$$bundle" $(DESTDIR)$(LIBDIR)/lector/; done
	ln -sf ../lib/lector/lector $(DESTDIR)$(PREFIX)/bin/lector
	install -d $(DESTDIR)$(LIBDIR)/systemd/system $(DESTDIR)$(LIBDIR)/sysusers.d $(DESTDIR)$(LIBDIR)/tmpfiles.d
	sed 's|=/usr/bin/lector |=$(PREFIX)/bin/lector |; s|/etc/lector/|$(SYSCONFDIR)/lector/|g' \
		packaging/lector.service > $(DESTDIR)$(LIBDIR)/systemd/system/lector.service
	chmod 644 $(DESTDIR)$(LIBDIR)/systemd/system/lector.service
	install -m 644 packaging/lector.sysusers $(DESTDIR)$(LIBDIR)/sysusers.d/lector.conf
	install -m 644 packaging/lector.tmpfiles $(DESTDIR)$(LIBDIR)/tmpfiles.d/lector.conf
	install -d $(DESTDIR)$(SYSCONFDIR)/lector
	# An edited configuration is never overwritten.
	[ -e $(DESTDIR)$(SYSCONFDIR)/lector/lector.yaml ] || install -m 644 config/lector.yaml $(DESTDIR)$(SYSCONFDIR)/lector/lector.yaml
	@echo "Installed. Create the user and folders with: systemd-sysusers lector.conf && systemd-tmpfiles --create lector.conf"
	@echo "then: systemctl daemon-reload && systemctl enable --now lector"

deb:
	rm -rf dist/deb-root
	$(MAKE) install DESTDIR=$(CURDIR)/dist/deb-root PREFIX=/usr SYSCONFDIR=/etc
	packaging/deb/build.sh $(CURDIR)/dist/deb-root $(CURDIR)/dist $(VERSION)

test-deb: deb
	tests/packaging/deb-install.sh dist/lector_$(VERSION)_$$(dpkg --print-architecture).deb seeds/001_689a427d6b337e1c.txt

golden: deps
	$(SWIFT) build --build-tests
	LECTOR_UPDATE_GOLDEN=1 LECTOR_BIN=$(CURDIR)/$(DEBUG_BIN) $(SWIFT) test --skip-build --filter SeedGoldenTests
	@echo "Rewrote seeds/expected/*.json; review with git diff before committing."

# Long runs, outside CI: the fuzz package builds in about five minutes and each target runs for
# FUZZ_SECONDS. Inputs that once crashed are replayed by the ordinary tests of `make test`.
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh

# End to end (bench/e2e/run.py), then the micro benchmarks (Benchmarks/, a package of its own so
# that `make test` never builds the benchmark framework), then the report from both.
BENCH_FULL ?=
BENCH_ARGS ?=
bench: build
	python3 bench/e2e/run.py $(if $(BENCH_FULL),--full) $(BENCH_ARGS)
	rm -rf Benchmarks/.build/bench-export
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark \
		--format jmh --path .build/bench-export --no-progress
	cp Benchmarks/.build/bench-export/*.jmh.json docs/benchmarks/micro.jmh.json
	python3 bench/e2e/report.py

clean:
	rm -rf .build Fuzz/.build Benchmarks/.build $(VAR) dist
