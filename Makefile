# SPDX-License-Identifier: ISC
# rblsmtpd — GNU make, no configure step.
#   make            build rblsmtpd, rblcheck, rblstat
#   make test       unit tests, corpus replay, black-box tests (needs root for DNS on port 53)
#   make install    PREFIX=/usr/local DESTDIR= (stripped; INSTALL_STRIP= keeps symbols)
#   make uninstall  same variables: removes what install put there
#   make dist       rblsmtpd-$(VERSION).tar.gz: the tracked files of HEAD (git archive)
#   make test-deploy  examples/ under supervise, runsv, xinetd, systemd-socket-activate;
#                   the Debian package built, installed and purged (root; changes the system)
#   make test-repeat N=20 LOAD=2   the black-box scripts N times, under LOAD busy processes
#                                  (JOBS=2: two runs at once)
#   make SAN=1 ...  build with ASan+UBSan (objects go to build-san/)
#   make test-hardening   make SAN=1 test, then black-box cases under valgrind
#   make load       1000 connections through tcpserver (LOAD_CONNECTIONS=, LOAD_CONCURRENCY=)
#   make fuzz       libFuzzer (clang-14) on every tests/fuzz target, FUZZ_SECONDS each
#   make bench      benchmarks against Debian's rblsmtpd (BENCHMARKS.md; root)
#   make bench-b10  rblcheck on a /16 against rbldnsd, the old rblcheck, dnsperf's ceiling (root)
.DELETE_ON_ERROR:
.SECONDARY:

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# Debian's hardening set (dpkg-buildflags, hardening=+all): on by default, on
# top of whatever CFLAGS/LDFLAGS say (debian/rules passes dpkg-buildflags').
# PIE is gcc's default on Debian; -static-pie for rblsmtpd.
HARDEN_CPPFLAGS = -D_FORTIFY_SOURCE=2
HARDEN_CFLAGS   = -fstack-protector-strong -Werror=format-security
HARDEN_LDFLAGS  = -Wl,-z,relro -Wl,-z,now
# Headers are named by file name; each name is used once across src/ (the
# programs' own folders check/ and smtpd/ are also reachable by path).
CPPFLAGS += -D_GNU_SOURCE -Isrc -Isrc/core -Isrc/smtpd -Isrc/stat
# generated headers ($(B)/gen/sandbox_filter.h)
CPPFLAGS += -I$(B)/gen
LDLIBS_CORE = -lcares
LDLIBS_STAT = -lz
# The one version of the programs (-V), the man pages, the package and the
# tarball: the VERSION file (tests/blackbox/t_build_version.sh checks they agree).
VERSION := $(shell cat VERSION)
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
MANDIR  ?= $(PREFIX)/share/man

# rblsmtpd runs once per SMTP connection; as a static PIE it starts without
# dynamic symbol binding, in about half the instructions and memory
# (BENCHMARKS.md, B4-B6). LINKMODE=dynamic links it like the others; SAN=1 does.
LINKMODE ?= static

ifeq ($(WERROR),1)
WARN += -Werror
endif
ifeq ($(FUZZ),1)
# libFuzzer build (make fuzz): the library objects are instrumented for
# coverage; only the fuzz_* binaries link libFuzzer's main.
B = build-fuzz
CC = clang-14
CFLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
else ifeq ($(SAN),1)
B = build-san
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
LINKMODE = dynamic
else
B = build
override CPPFLAGS += $(HARDEN_CPPFLAGS)
override CFLAGS += $(HARDEN_CFLAGS)
override LDFLAGS += $(HARDEN_LDFLAGS)
endif
ifeq ($(LINKMODE),static)
LDFLAGS_RBLSMTPD = -static-pie
# c-ares's service look-ups as "not found", so glibc's NSS code (and the
# linker's warning about it) stays out of the static binary: src/static/nonss.c
STATIC_OBJS = $(B)/static/nonss.o
endif

CORE_SRCS = $(wildcard src/core/*.c)
SMTPD_SRCS = $(wildcard src/smtpd/*.c)
STAT_SRCS = $(wildcard src/stat/*.c)
CHECK_SRCS = $(wildcard src/check/*.c)
CORE_OBJS = $(CORE_SRCS:src/core/%.c=$(B)/core/%.o)
SMTPD_OBJS = $(SMTPD_SRCS:src/smtpd/%.c=$(B)/smtpd/%.o)
STAT_OBJS = $(STAT_SRCS:src/stat/%.c=$(B)/stat/%.o)
CHECK_OBJS = $(CHECK_SRCS:src/check/%.c=$(B)/check/%.o)
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
PROGS     = $(patsubst src/%.c,$(B)/%,$(wildcard src/rbl*.c))
FUZZ_TARGETS = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BINS  = $(FUZZ_TARGETS:%=$(B)/tests/replay_%)
FUZZ_BINS    = $(FUZZ_TARGETS:%=build-fuzz/fuzz_%)
FUZZ_SECONDS ?= 60

all: $(PROGS)
	@for p in $(PROGS); do ln -sf $$p .; done

$(B)/core/%.o: src/core/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<
$(B)/smtpd/%.o: src/smtpd/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<
$(B)/stat/%.o: src/stat/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<
$(B)/check/%.o: src/check/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<
# The refusal sandbox's seccomp filters: libseccomp compiles their rules at
# build time (src/gen/sandbox_gen.c), so rblsmtpd links no libseccomp.
$(B)/gen/sandbox_gen: src/gen/sandbox_gen.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ $< -lseccomp
$(B)/gen/sandbox_filter.h: $(B)/gen/sandbox_gen
	$< >$@
$(B)/smtpd/sandbox.o: $(B)/gen/sandbox_filter.h
$(B)/static/%.o: src/static/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<
# the programs' main files: the only ones that print the version
$(B)/%.o: src/%.c VERSION
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DRBLSMTPD_VERSION='"$(VERSION)"' $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<
$(B)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<

$(B)/tests/fuzz_%.o: tests/fuzz/fuzz_%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/fuzz $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<
$(B)/tests/replay_%.o: tests/fuzz/replay.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/fuzz -DFUZZ_NAME=$* $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<

$(B)/libcore.a: $(CORE_OBJS)
	rm -f $@; ar rcs $@ $^
$(B)/libsmtpd.a: $(SMTPD_OBJS)
	rm -f $@; ar rcs $@ $^
$(B)/libstat.a: $(STAT_OBJS)
	rm -f $@; ar rcs $@ $^
$(B)/libcheck.a: $(CHECK_OBJS)
	rm -f $@; ar rcs $@ $^

$(B)/rblsmtpd: $(B)/rblsmtpd.o $(STATIC_OBJS) $(B)/libsmtpd.a $(B)/libcore.a
	$(CC) $(LDFLAGS) $(LDFLAGS_RBLSMTPD) -o $@ $^ $(LDLIBS_CORE)
# The same program linked dynamically, for the OOM test's LD_PRELOAD malloc
# shim (a static binary never loads it).
$(B)/tests/rblsmtpd-dynamic: $(B)/rblsmtpd.o $(B)/libsmtpd.a $(B)/libcore.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_CORE)
$(B)/rblcheck: $(B)/rblcheck.o $(B)/libcheck.a $(B)/libcore.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_CORE)
$(B)/rblstat: $(B)/rblstat.o $(B)/libstat.a $(B)/libcore.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_STAT)
# libstat uses libcore (listspec: the key rule; logfmt: the log's words), so it comes first.
$(B)/tests/test_%: $(B)/tests/test_%.o $(B)/libcheck.a $(B)/libsmtpd.a $(B)/libstat.a $(B)/libcore.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_CORE) $(LDLIBS_STAT)

$(B)/tests/replay_%: $(B)/tests/replay_%.o $(B)/tests/fuzz_%.o $(B)/libsmtpd.a $(B)/libstat.a $(B)/libcore.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_CORE) $(LDLIBS_STAT)
build-fuzz/fuzz_%: build-fuzz/tests/fuzz_%.o build-fuzz/libsmtpd.a build-fuzz/libstat.a build-fuzz/libcore.a
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS_CORE) $(LDLIBS_STAT)

# the OOM test's malloc shim (tests/blackbox/t_smtpd_faults_oom.sh), never sanitized
$(B)/tests/failmalloc.so: tests/lib/failmalloc.c
	@mkdir -p $(@D)
	gcc -O2 -g -shared -fPIC -Wall -o $@ $<

# the sandbox test's system-call probe (tests/blackbox/t_smtpd_sandbox.sh)
$(B)/tests/sandboxprobe.so: tests/lib/sandboxprobe.c
	@mkdir -p $(@D)
	gcc -O2 -g -shared -fPIC -Wall -o $@ $<

unit: $(UNIT_BINS) $(REPLAY_BINS)
	@sh tests/run-unit.sh $(UNIT_BINS) $(REPLAY_BINS)

# The test build is quiet (-s: no compiler lines among the results); the
# runner prints one line per test script and the full log goes to
# $(B)/test.log.  TEST_TIMEOUT / UNIT_TIMEOUT bound each script / binary.
TEST_BINS = $(UNIT_BINS) $(REPLAY_BINS) $(B)/tests/failmalloc.so $(B)/tests/rblsmtpd-dynamic \
	$(B)/tests/sandboxprobe.so
test:
	@$(MAKE) -s --no-print-directory all $(TEST_BINS)
	@BUILD=$(B) sh tests/run-all.sh $(UNIT_BINS) $(REPLAY_BINS)

# The black-box scripts N times in a row (default 20), optionally under CPU
# load (LOAD= busy processes, default 0) and JOBS= runs at once (default 1);
# SCRIPTS= picks some (default all).
#   make test-repeat N=20 LOAD=2
N ?= 20
LOAD ?= 0
JOBS ?= 1
test-repeat:
	@$(MAKE) -s --no-print-directory all $(TEST_BINS)
	@BUILD=$(B) N=$(N) LOAD=$(LOAD) JOBS=$(JOBS) sh tests/repeat.sh $(SCRIPTS)

# CI's extra pass: everything again under ASan+UBSan, then valgrind.
test-hardening:
	@$(MAKE) -s --no-print-directory SAN=1 test
	@$(MAKE) -s --no-print-directory SAN=0 all build/tests/failmalloc.so build/tests/rblsmtpd-dynamic
	@BUILD=build TEST_LOG=build/test-valgrind.log TEST_SCRIPTS=tests/hardening/valgrind.sh sh tests/run-all.sh

# The deployment suite (tests/deploy/): also run by scripts/test.sh.
test-deploy: all $(B)/tests/rblsmtpd-dynamic
	@BUILD=$(B) TEST_LOG=$(B)/test-deploy.log TEST_SCRIPTS='tests/deploy/t_*.sh' sh tests/run-all.sh

# the full load test (make test runs its 200-connection form)
load: all
	BUILD=$(B) timeout -k 10 $${TEST_TIMEOUT:-900} bash tests/load/load.sh

# libFuzzer: FUZZ_SECONDS per target (default 60), FUZZ_TARGETS to pick some.
# New inputs go to build-fuzz/corpus/<target> (seeded from the checked-in
# corpus); crashes to build-fuzz/crash/<target>/. Summary: build-fuzz/summary.txt
fuzz:
	$(MAKE) FUZZ=1 $(FUZZ_TARGETS:%=build-fuzz/fuzz_%)
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run-fuzz.sh $(FUZZ_TARGETS)

# make install strips the programs (rblsmtpd alone is 1.4 MB of debug info
# otherwise); INSTALL_STRIP= keeps the symbols (debian/rules: dh_strip then
# moves them into the -dbgsym package). uninstall removes what install put,
# and the directories install had to create ($(B)/install-dirs) once empty.
INSTALL_STRIP ?= -s
MAN1 = $(wildcard man/*.1)
MAN8 = $(wildcard man/*.8)
INSTALLED = $(PROGS:$(B)/%=$(DESTDIR)$(BINDIR)/%) \
	$(MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%) $(MAN8:man/%=$(DESTDIR)$(MANDIR)/man8/%)
INSTALL_DIRS = $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8
install: all
	@for d in $(INSTALL_DIRS); do \
		while [ ! -d "$$d" ]; do echo "$$d"; d=$$(dirname "$$d"); done; \
	done >>$(B)/install-dirs
	install -d $(INSTALL_DIRS)
	install -m 755 $(INSTALL_STRIP) $(PROGS) $(DESTDIR)$(BINDIR)/
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/
install-strip:
	$(MAKE) INSTALL_STRIP=-s install

# deepest first (sort -r puts a/b/c before a/b); rmdir leaves a non-empty one
uninstall:
	rm -f $(INSTALLED)
	@if [ -f $(B)/install-dirs ]; then \
		sort -ru $(B)/install-dirs | while IFS= read -r d; do rmdir "$$d" 2>/dev/null; \
			[ -d "$$d" ] && echo "$$d"; done | sort >$(B)/install-dirs.left; \
		mv -f $(B)/install-dirs.left $(B)/install-dirs; \
	fi

# The release tarball: the files git tracks at HEAD (no build output, no
# uncommitted change), under rblsmtpd-$(VERSION)/, written to DIST_DIR.
# tests/blackbox/t_build_dist.sh unpacks it, builds it and runs the unit tests.
DIST = rblsmtpd-$(VERSION)
DIST_DIR ?= .
dist:
	@git diff --quiet HEAD -- || echo "make dist: uncommitted changes are not in the tarball" >&2
	git archive --format=tar.gz --prefix=$(DIST)/ -o $(DIST_DIR)/$(DIST).tar.gz HEAD
	@echo $(DIST_DIR)/$(DIST).tar.gz

lint:
	mandoc -T lint -W warning man/*.[18]

clean:
	rm -rf build build-san build-fuzz rblsmtpd rblcheck rblstat rblsmtpd-*.tar.gz

bench: all
	bash bench/run.sh

bench-b10: all
	bash bench/b10.sh

.PHONY: all unit test test-repeat test-hardening test-deploy fuzz load install install-strip uninstall dist lint clean bench bench-b10
-include $(wildcard $(B)/*.d $(B)/*/*.d)
