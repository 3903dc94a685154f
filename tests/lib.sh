# tests/lib.sh - sourced by tests/run for each script, with $tmp that
# script's own scratch folder.  One case per call:
#   check    NAME STATUS CMD...        stdin is /dev/null
#   check_in NAME STATUS INPUT CMD...  stdin is INPUT (relative to tests/)
# Compares the exit status, stdout with golden/NAME.out and stderr with
# golden/NAME.err; a missing file means that stream must be empty (and
# UPDATE=1 writes no empty golden file, it removes one).  Commands run in
# tests/, so fixture paths in messages are short and stable.
# skip NAME WHY counts a case that cannot run here.

run_case() {
	name=$1 want=$2 input=$3
	shift 3
	out=golden/$name.out err=golden/$name.err
	(cd "$TESTS" && "$@") <"$input" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ -n "$UPDATE" ]; then
		if [ -s "$tmp/out" ]; then cp "$tmp/out" "$out"; else rm -f "$out"; fi
		if [ -s "$tmp/err" ]; then cp "$tmp/err" "$err"; else rm -f "$err"; fi
	fi
	if [ "$got" -ne "$want" ]; then why="exit $got, want $want"
	elif ! same "$tmp/out" "$out"; then why="stdout differs"
	elif ! same "$tmp/err" "$err"; then why="stderr differs"
	else pass=$((pass + 1)); return 0; fi
	fail=$((fail + 1))
	echo "FAIL $name: $why"
	if [ -n "$VERBOSE" ]; then
		[ -f "$err" ] || err=/dev/null
		[ -f "$out" ] || out=/dev/null
		diff -u "$out" "$tmp/out" | head -20
		diff -u "$err" "$tmp/err" | head -20
	fi
	return 1
}

# same FILE GOLDEN: FILE holds what GOLDEN does (no GOLDEN: FILE is empty,
# told without running cmp, as for most stderr).
same() {
	if [ -f "$2" ]; then cmp -s "$1" "$2"; else [ ! -s "$1" ]; fi
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

# scratch NAME DATA [LINK]: make the folder $tmp/NAME, with LINK (d unless
# given) linked to tests/DATA, and print its path.  Cases run there see
# short fixture paths (d/x.csv), the same on every machine, in messages
# and in the files they write:  cvw=$(scratch cv data/convert)
scratch() {
	mkdir -p "$tmp/$1" && ln -s "$TESTS/$2" "$tmp/$1/${3:-d}" &&
	    echo "$tmp/$1"
}

# run_in DIR FILES CMD...: run CMD in DIR, then print each of FILES (a
# space-separated list, relative to DIR; .gz ones decompressed) after a
# line "== FILE", or "(no file)"; the status is CMD's.
run_in() {
	(dir=$1 files=$2
	shift 2
	cd "$dir" || exit 70
	"$@"
	rv=$?
	for f in $files; do
		echo "== $f"
		if [ ! -f "$f" ]; then echo "(no file)"
		else case $f in *.gz) gzip -dc "$f" ;; *) cat "$f" ;; esac
		fi
	done
	exit "$rv")
}

# run_fresh DIR FILES CMD...: run_in with DIR/o made afresh first, and
# after FILES a line listing what DIR/o holds, so that a temporary file
# left behind shows.
run_fresh() {
	(cd "$1" && rm -rf o && mkdir o) || return 70
	(run_in "$@"
	rv=$?
	# shellcheck disable=SC2046	# one line, names split by spaces
	echo "== ls o:" $(ls -A "$1/o")
	exit "$rv")
}

# run_bad DIR PROG ARGS...: in DIR, PROG --bad-rows bad.csv ARGS, then
# "== bad rows" and the file (or "(no file)"); the status is PROG's.
run_bad() {
	(cd "$1" || exit 70
	prog=$2
	shift 2
	rm -f bad.csv
	"$prog" --bad-rows bad.csv "$@"
	rv=$?
	echo "== bad rows"
	if [ -f bad.csv ]; then cat bad.csv; else echo "(no file)"; fi
	exit "$rv")
}
