# weir - one non-recursive Makefile.  `make deps check` on a fresh machine.
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
MANDIR    = $(PREFIX)/share/man
PKGS      = jansson libcrypto libsodium zlib
CFLAGS   ?= -O2 -g
WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wvla -Wwrite-strings
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Ilib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -ljansson -lcrypto -lsodium -lz)
ALL_CFLAGS = -std=c11 $(WARN) $(PKG_CFLAGS) $(CFLAGS)
LIBS      = -lcsv $(PKG_LIBS) -lm -lpthread	# libcsv ships no .pc file

PROGS     = $(patsubst cmd/%.c,%,$(filter-out cmd/weir.c,$(wildcard cmd/*.c)))
BINS      = weir $(PROGS:%=weir-%)
LIBOBJ    = $(patsubst %.c,%.o,$(wildcard lib/*.c lib/*/*.c))
UNIT      = $(patsubst %.c,%,$(wildcard tests/unit/t_*.c))
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
$(GEN): tests/gen/gendata.c | depcheck
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<
%.o: %.c | depcheck
	$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

SAN       = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Calls run one way: cmd/ -> families (lib/crypto, lib/learn) -> core (lib/*).
# A family header is reachable only by its folder name (the core sees no
# family by -Ilib alone), so a grep finds every crossing.
layers:
	@bad=$$(grep -lE '#include "(\.\./)?(crypto|learn)/' lib/*.[ch]; \
	    grep -lE '#include "(\.\./)?learn/' lib/crypto/*.[ch]; \
	    grep -lE '#include "(\.\./)?crypto/' lib/learn/*.[ch]); \
	[ -z "$$bad" ] || { echo "layers: the core includes a family, or one" \
	    "family the other (lib/README.md):" $$bad >&2; exit 1; }

check: all $(UNIT) layers
	@if command -v mandoc >/dev/null 2>&1; then \
	    mandoc -Tlint -W warning man/*.[15]; \
	else groff -mdoc -ww -z man/*.[15]; fi
	tests/run
check-asan:
	$(MAKE) clean
	$(MAKE) check CFLAGS='-O1 -g $(SAN)' LDFLAGS='$(SAN)'
	$(MAKE) clean
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
	    tests/unit/*.o tests/unit/*.d

-include $(wildcard lib/*.d lib/*/*.d cmd/*.d cmd/*/*.d tests/unit/*.d)
.SECONDARY:
.PHONY: all depcheck layers check check-asan bench deps demo install uninstall clean
