# tests/cli/inputs.sh - folders, globs and links as inputs (lib/inputs.c):
# each real file is read once, links never loop, a broken link is an
# error (66), never skipped in silence.  Sourced by tests/run.

iw=$tmp/inputs
rm -rf "$iw" && mkdir -p "$iw/land/sub" "$iw/other"
printf 'id,v\n1,a\n' >"$iw/land/a.csv"
printf 'id,v\n2,b\n' >"$iw/land/sub/b.csv"
printf 'id,v\n3,c\n' >"$iw/other/c.csv"
ln -s .. "$iw/land/sub/up"			# a loop back to land/
ln -s ../a.csv "$iw/land/sub/alias.csv"		# the same file again
ln -s ../other "$iw/land/linked"		# a folder elsewhere: read
ln -s ../land/sub "$iw/other/sub-again"	# a folder reached twice

# in_ingest NAME STATUS ARGS...: weir-ingest ARGS run in $iw
in_ingest() {
	n=$1 s=$2
	shift 2
	check "$n" "$s" sh -c 'cd "$1" && shift && "$@"' sh "$iw" \
	    "$BIN/weir-ingest" "$@"
}

in_ingest inputs-dir-links          0 --source-column src land
in_ingest inputs-dir-twice          0 --source-column src land land/sub
in_ingest inputs-two-dirs-share     0 --source-column src land other
in_ingest inputs-file-twice         0 --source-column src land/a.csv land/a.csv
in_ingest inputs-alias-operand      0 --source-column src land/a.csv land/sub/alias.csv
in_ingest inputs-glob-alias         0 --source-column src 'land/*/*.csv'

# broken links: named by a folder walk, a glob, or as an operand
ln -s nowhere.csv "$iw/land/sub/broken.csv"
in_ingest inputs-broken-in-dir     66 land
in_ingest inputs-broken-glob       66 'land/sub/*.csv'
in_ingest inputs-broken-operand    66 land/sub/broken.csv
rm "$iw/land/sub/broken.csv"

# a loop of links only: nothing to read, no hang
mkdir -p "$iw/loop" && ln -s ../loop "$iw/loop/self"
in_ingest inputs-loop-only          0 loop
