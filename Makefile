# weir - one non-recursive Makefile.  `make deps check` on a fresh machine.
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
MANDIR    = $(PREFIX)/share/man
PKGS      = jansson libcrypto libsodium libutf8proc zlib
CFLAGS   ?= -O2 -g
WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wvla -Wwrite-strings
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Ilib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -ljansson -lcrypto -lsodium -lutf8proc -lz)
ALL_CFLAGS = -std=c11 $(WARN) $(PKG_CFLAGS) $(CFLAGS)
LIBS      = -lcsv $(PKG_LIBS) -lm -lpthread	# libcsv ships no .pc file

PROGS     = $(patsubst cmd/%.c,%,$(filter-out cmd/weir.c,$(wildcard cmd/*.c)))
BINS      = weir $(PROGS:%=weir-%)
LIBOBJ    = $(patsubst %.c,%.o,$(wildcard lib/*.c lib/*/*.c))
UNIT      = $(patsubst %.c,%,$(wildcard tests/unit/t_*.c))
FUZZ      = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
REPLAY    = $(FUZZ:%=tests/fuzz/replay_%)
GEN       = tests/gen/gendata

all: depcheck $(BINS) $(GEN)

# A fresh machine gets what is missing from scripts/install-deps (apt, dnf or
# brew; sudo when not root); WEIR_NO_INSTALL=1 only says what is missing.
depcheck:
	@missing=; \
	for p in $(PKGS); do pkg-config --exists $$p 2>/dev/null || missing="$$missing $$p"; done; \
	echo '#include <csv.h>' | $(CC) $(CPPFLAGS) -E -x c - >/dev/null 2>&1 || missing="$$missing libcsv"; \
	[ -z "$$missing" ] && exit 0; \
	if [ -n "$(WEIR_NO_INSTALL)" ]; then \
	    echo "missing libraries:$$missing; run 'make deps' (scripts/install-deps) to install them" >&2; \
	    exit 1; fi; \
	echo "missing libraries:$$missing; installing them with scripts/install-deps" >&2; \
	scripts/install-deps

libweir.a: $(LIBOBJ)
	$(AR) rcs $@ $^
weir-%: cmd/%.o libweir.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)
# weir-audit has a file per command in cmd/audit/.
weir-audit: cmd/audit.o $(patsubst %.c,%.o,$(wildcard cmd/audit/*.c)) libweir.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)
weir: cmd/weir.o libweir.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)
tests/unit/t_%: tests/unit/t_%.o libweir.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)
# Each fuzz target, built with the replay driver: make check runs it over
# its corpus and every reproducer (tests/cli/fuzz.sh), no clang needed.
tests/fuzz/replay_%: tests/fuzz/fuzz_%.o tests/fuzz/replay.o libweir.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)
$(GEN): tests/gen/gendata.c | depcheck
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<
%.o: %.c | depcheck
	$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

SAN       = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Calls run one way: cmd/ -> families (lib/crypto, lib/learn, lib/clean,
# lib/merge) -> core (lib/*).
# A family header is reachable only by its folder name (the core sees no
# family by -Ilib alone), so a grep finds every crossing.
layers:
	@bad=$$(grep -lE '#include "(\.\./)?(crypto|learn|clean|merge|privacy|stats)/' lib/*.[ch]; \
	    for f in crypto learn clean merge privacy stats; do \
	        others=$$(echo crypto learn clean merge privacy stats | tr ' ' '\n' | grep -vx $$f | paste -sd'|'); \
	        grep -lE "#include \"(\.\./)?($$others)/" lib/$$f/*.[ch]; \
	    done); \
	[ -z "$$bad" ] || { echo "layers: the core includes a family, or one" \
	    "family another (lib/README.md):" $$bad >&2; exit 1; }

check: all $(UNIT) $(REPLAY) layers
	@if command -v mandoc >/dev/null 2>&1; then \
	    mandoc -Tlint -W warning man/*.[15]; \
	else groff -mdoc -ww -z man/*.[15]; fi
	tests/run
check-asan:
	$(MAKE) clean
	$(MAKE) check CFLAGS='-O1 -g $(SAN)' LDFLAGS='$(SAN)'
	$(MAKE) clean
# ThreadSanitizer over every test: the gzip reader, encryption's workers,
# the profile's parts and second thread, the asynchronous digests.
check-tsan:
	$(MAKE) clean
	$(MAKE) check CFLAGS='-O1 -g -fsanitize=thread' \
	    LDFLAGS='-fsanitize=thread'
	$(MAKE) clean
# libFuzzer (clang): the library built again with the fuzzer's coverage
# and sanitizers, one binary per target; `make fuzz` runs each for
# FUZZ_SECONDS, new inputs in tests/fuzz/work/NAME, crashes in
# tests/fuzz/crash-*.  Keep what is worth keeping in tests/fuzz/corpus
# (`make fuzz-merge`) and every crash, once fixed, in tests/fuzz/repro.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SAN      = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
                -fno-sanitize-recover=undefined
FUZZ_LIBOBJ   = $(patsubst %.c,tests/fuzz/obj/%.o,$(wildcard lib/*.c lib/*/*.c))
tests/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 $(CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_SAN) \
	    -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<
tests/fuzz/obj/libweir.a: $(FUZZ_LIBOBJ)
	$(AR) rcs $@ $^
tests/fuzz/bin/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/obj/libweir.a
	@mkdir -p tests/fuzz/bin
	$(FUZZ_CC) -std=c11 $(CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_SAN) \
	    -fsanitize=fuzzer -o $@ $^ $(LIBS)
fuzz-build: $(FUZZ:%=tests/fuzz/bin/fuzz_%)
fuzz: fuzz-build
	@for t in $(FUZZ); do \
	    mkdir -p tests/fuzz/work/$$t tests/fuzz/corpus/$$t; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	    tests/fuzz/bin/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	        -artifact_prefix=tests/fuzz/crash-$$t- \
	        tests/fuzz/work/$$t tests/fuzz/corpus/$$t tests/fuzz/repro \
	        2>&1 | grep -E '^(#[0-9]+ +DONE|stat::|==[0-9]+==ERROR|SUMMARY)' \
	        || exit 1; \
	done
fuzz-merge: fuzz-build
	@for t in $(FUZZ); do \
	    tests/fuzz/bin/fuzz_$$t -merge=1 tests/fuzz/corpus/$$t \
	        tests/fuzz/work/$$t 2>&1 | tail -1; \
	done
bench: all
	scripts/bench
deps:
	scripts/install-deps
demo: all
	scripts/demo
install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	cp -f $(BINS) $(DESTDIR)$(BINDIR)/
	cp -f man/*.1 $(DESTDIR)$(MANDIR)/man1/
	cp -f man/*.5 $(DESTDIR)$(MANDIR)/man5/
uninstall:
	cd $(DESTDIR)$(BINDIR) && rm -f $(BINS)
	cd $(DESTDIR)$(MANDIR)/man1 && rm -f $(notdir $(wildcard man/*.1))
	cd $(DESTDIR)$(MANDIR)/man5 && rm -f $(notdir $(wildcard man/*.5))
clean:
	rm -f $(BINS) weir-* libweir.a $(UNIT) $(GEN) */*.o */*.d lib/*/*.o lib/*/*.d \
	    cmd/*/*.o cmd/*/*.d \
	    tests/unit/*.o tests/unit/*.d $(REPLAY) tests/fuzz/*.o tests/fuzz/*.d
	rm -rf tests/fuzz/obj tests/fuzz/bin

-include $(wildcard lib/*.d lib/*/*.d cmd/*.d cmd/*/*.d tests/unit/*.d tests/fuzz/*.d \
    tests/fuzz/obj/lib/*.d tests/fuzz/obj/lib/*/*.d)
.SECONDARY:
.PHONY: all depcheck layers check fuzz fuzz-build fuzz-merge check-asan check-tsan bench deps demo install uninstall clean
