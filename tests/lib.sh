# tests/lib.sh - sourced by tests/run.  One case per call:
#   check    NAME STATUS CMD...        stdin is /dev/null
#   check_in NAME STATUS INPUT CMD...  stdin is INPUT (relative to tests/)
# Compares the exit status, stdout with golden/NAME.out and stderr with
# golden/NAME.err (no .err file: stderr must be empty).  Commands run in
# tests/, so fixture paths in messages are short and stable.
# skip NAME WHY counts a case that cannot run here.

run_case() {
	name=$1 want=$2 input=$3
	shift 3
	out=golden/$name.out err=golden/$name.err
	(cd "$TESTS" && "$@") <"$input" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ -n "$UPDATE" ]; then
		cp "$tmp/out" "$out"
		if [ -s "$tmp/err" ]; then cp "$tmp/err" "$err"; else rm -f "$err"; fi
	fi
	[ -f "$err" ] || err=/dev/null
	[ -f "$out" ] || out=/dev/null
	if [ "$got" -ne "$want" ]; then why="exit $got, want $want"
	elif ! cmp -s "$tmp/out" "$out"; then why="stdout differs"
	elif ! cmp -s "$tmp/err" "$err"; then why="stderr differs"
	else pass=$((pass + 1)); return 0; fi
	fail=$((fail + 1))
	echo "FAIL $name: $why"
	if [ -n "$VERBOSE" ]; then
		diff -u "$out" "$tmp/out" | head -20
		diff -u "$err" "$tmp/err" | head -20
	fi
	return 1
}

check() {
	n=$1 s=$2
	shift 2
	run_case "$n" "$s" /dev/null "$@"
}

check_in() {
	n=$1 s=$2 i=$3
	shift 3
	case $i in /*) ;; *) i=$TESTS/$i ;; esac
	run_case "$n" "$s" "$i" "$@"
}

# ok NAME CONDITION-COMMAND...: a property that must hold (exit 0).
ok() {
	n=$1
	shift
	if (cd "$TESTS" && "$@") >"$tmp/ok.out" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $n"
		[ -n "$VERBOSE" ] && head -20 "$tmp/ok.out"
	fi
}

skip() {
	skip=$((skip + 1))
	echo "SKIP $1: $2"
}
