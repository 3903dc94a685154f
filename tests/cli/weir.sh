# tests/cli/weir.sh - weir, the front command.  Sourced by tests/run; cwd is tests/.
W=$BIN/weir

check weir-noargs           0  "$W"
check weir-help             0  "$W" --help
check weir-h                0  "$W" -h
check weir-version          0  "$W" --version
check weir-badopt           64 "$W" --nope
check weir-unknown          64 "$W" cleen
check weir-unknown-empty    64 "$W" ''

# weir NAME runs weir-NAME from its own folder, passing the arguments on.
check weir-convert-version  0  "$W" convert --version
check weir-ingest-args      0  "$W" ingest --source-column src data/ingest/a.csv
check weir-ingest-status    65 "$W" ingest data/ingest/ragged.csv
check weir-ingest-badopt    64 "$W" ingest --nope

# Its own folder comes before PATH: a weir-convert earlier on PATH is not run.
mkdir -p "$tmp/weir-decoy"
printf '#!/bin/sh\necho decoy\n' >"$tmp/weir-decoy/weir-convert"
chmod +x "$tmp/weir-decoy/weir-convert"
check weir-beside-first     0  env PATH="$tmp/weir-decoy:/usr/bin:/bin" "$W" convert --version
# Run by name from PATH (argv[0] has no slash), it finds weir-NAME on PATH.
check weir-from-path        0  env PATH="$BIN:/usr/bin:/bin" weir convert --version

# A known program that is not built: a copy of weir alone in a folder, with a
# PATH that holds no weir-* program.  weir exits 69 (EX_UNAVAILABLE).
mkdir -p "$tmp/weir-alone"
cp "$W" "$tmp/weir-alone/weir"
check weir-not-installed    69 env PATH=/usr/bin:/bin "$tmp/weir-alone/weir" clean

# The one-line descriptions of weir --help are the .Nd lines of the manual
# pages (STYLE 3.11), and the list in weir(1).
weir_nd_sync() {
	"$W" --help >"$tmp/weir-help.txt" || return 1
	n=0
	for page in "$BIN"/man/weir-*.1; do
		[ -f "$page" ] || continue
		name=${page##*/weir-}
		name=${name%.1}
		nd=$(sed -n 's/^\.Nd //p' "$page")
		line=$(printf '  %-10s %s' "$name" "$nd")
		if ! grep -qxF -- "$line" "$tmp/weir-help.txt"; then
			echo "$page: '.Nd $nd' is not in weir --help"
			return 1
		fi
		n=$((n + 1))
	done
	[ "$n" -gt 0 ]
}
weir_man_list() {
	# weir.1 lists each program as ".It Cm NAME" then its description.
	sed -n '/^\.It Cm /{s/^\.It Cm //;N;s/\n/ /;p;}' "$BIN/man/weir.1" |
	    while read -r name what; do printf '  %-10s %s\n' "$name" "$what"; done \
	    >"$tmp/weir-man.txt"
	"$W" --help | grep '^  [a-z]' | cmp - "$tmp/weir-man.txt"
}
ok    weir-help-nd          weir_nd_sync
ok    weir-help-man-list    weir_man_list

# Write errors on --help and --version are reported, as for data (74).
ok    weir-help-enospc      sh -c '"$0" --help >/dev/full 2>"$tmp/weir.err"; [ $? -eq 74 ] && grep -q "No space left on device" "$tmp/weir.err"' "$W"
ok    weir-version-enospc   sh -c '"$0" --version >/dev/full 2>"$tmp/weir.err"; [ $? -eq 74 ] && grep -q "No space left on device" "$tmp/weir.err"' "$W"
