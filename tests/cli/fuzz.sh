# tests/cli/fuzz.sh - every fuzz target (tests/fuzz/fuzz_*.c) replayed over
# its corpus, every reproducer ever found (tests/fuzz/repro) and, where
# they are, the peer suites' files: a target aborts on a broken property,
# and make check-asan turns memory errors and undefined behaviour into
# failures.  No clang needed: the targets are built with the replay
# driver.  Sourced by tests/run.

for src in fuzz/fuzz_*.c; do
	t=${src#fuzz/fuzz_}
	t=${t%.c}
	bin=fuzz/replay_$t
	if [ ! -x "$bin" ]; then
		fail=$((fail + 1)); echo "FAIL fuzz-$t: $bin not built (make check builds it)"
		continue
	fi
	extra=
	case $t in
	reader|roundtrip)
		[ -d "$PEER/csv-spectrum/csvs" ] && extra="$PEER/csv-spectrum/csvs/*" ;;
	age)
		[ -d "$PEER/age-testkit/age/testdata" ] &&
		    extra="$PEER/age-testkit/age/testdata/*" ;;
	esac
	# shellcheck disable=SC2086
	ok fuzz-$t sh -c '"$0" fuzz/corpus/"$1"/* fuzz/repro/* $2 >/dev/null' \
	    "$bin" "$t" "$extra"
done
