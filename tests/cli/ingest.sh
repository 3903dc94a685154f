# tests/cli/ingest.sh - weir-ingest.  Sourced by tests/run; cwd is tests/.
I=$BIN/weir-ingest

# Scratch folder $ing, with data/ linked to tests/data so that paths in
# messages and in --source-column read as they do from tests/.
ing=$(scratch ing data data)
mkdir -p "$ing/enc" "$ing/state"

# ingest_run FILES CMD...: run CMD in $ing, then print each of FILES after a
# line "== FILE" (run_in in lib.sh); the status is CMD's.
ingest_run() {
	run_in "$ing" "$@"
}

# ---- several inputs, one stream
check ingest-union          0  "$I" data/ingest/a.csv data/ingest/b.csv
check ingest-gzip-mixed     0  "$I" data/ingest/a.csv data/ingest/c.csv.gz data/ingest/b.csv
check ingest-csv-json-mixed 0  "$I" data/ingest/a.csv data/ingest/d.ndjson data/ingest/e.json
check ingest-ndjson-first   0  "$I" data/ingest/d.ndjson data/ingest/a.csv
check ingest-to-ndjson      0  "$I" -t ndjson data/ingest/a.csv data/ingest/b.csv
check ingest-glob           0  "$I" --source-column src 'data/ingest/tree/*.csv'
check ingest-glob-dirs      0  "$I" --source-column src 'data/ingest/tree/*'
check ingest-dir            0  "$I" --source-column src data/ingest/tree
check ingest-glob-none      66 "$I" 'data/ingest/nomatch-*.csv'
check ingest-missing        66 "$I" data/ingest/a.csv data/ingest/missing.csv
check_in ingest-stdin       0  data/ingest/stdin.csv "$I"
check_in ingest-stdin-among 0  data/ingest/stdin.csv "$I" --source-column src --line-column ln data/ingest/a.csv - data/ingest/c.csv.gz
check_in ingest-stdin-ndjson 0 data/ingest/d.ndjson "$I" -t csv --source-column src

# ---- --strict-columns
check ingest-strict-same    0  "$I" --strict-columns data/ingest/a.csv data/ingest/a2.csv
check ingest-strict-other   65 "$I" --strict-columns data/ingest/a.csv data/ingest/b.csv
check ingest-strict-order   65 "$I" --strict-columns data/ingest/a.csv data/ingest/a-swapped.csv
check ingest-strict-fewer   65 "$I" --strict-columns data/ingest/a.csv data/ingest/c.csv.gz
check ingest-strict-ndjson  65 "$I" --strict-columns data/ingest/a.csv data/ingest/strict-other.ndjson
check ingest-strict-ndjson-more 65 "$I" --strict-columns data/ingest/a.csv data/ingest/d.ndjson

# ---- --source-column and --line-column: the line a record starts on, with
# quoted fields over several lines, blank lines and CRLF
check ingest-line-multiline 0  "$I" --source-column source --line-column line data/ingest/multiline.csv data/ingest/crlf.csv
check ingest-line-ndjson    0  "$I" --line-column line data/ingest/d.ndjson data/ingest/e.json
check ingest-clash-source   65 "$I" --source-column city data/ingest/a.csv
check ingest-clash-line-ndjson-out 65 "$I" -t ndjson --line-column city data/ingest/a.csv
check ingest-clash-ndjson   65 "$I" --source-column score data/ingest/d.ndjson
check ingest-clash-same     64 "$I" --source-column x --line-column x data/ingest/a.csv

# ---- encodings.  The fixtures are made here, so that every file in the
# repository is UTF-8: latin1 é ö £, windows-1252 é “ ” €.
printf 'name,city,price\nRen\351e,K\366ln,\2433\n' >"$ing/enc/latin1.csv"
printf 'name,note,price\nCaf\351,\223quoted\224,\2005\n' >"$ing/enc/cp1252.csv"
printf 'id,name\n1,ok\n2,Caf\351\n' >"$ing/enc/bad-utf8.csv"
check ingest-enc-latin1     0  ingest_run "" "$I" --encoding latin1 enc/latin1.csv
check ingest-enc-cp1252     0  ingest_run "" "$I" --encoding windows-1252 enc/cp1252.csv
check ingest-enc-bad-utf8   65 ingest_run "" "$I" enc/bad-utf8.csv
check ingest-enc-unknown    64 "$I" --encoding ebcdic data/ingest/a.csv
if command -v iconv >/dev/null 2>&1; then
	u16='id,name,city\n1,Zoë,Kraków\n2,Łukasz,Gdańsk ☕\n'
	printf "$u16" | iconv -f UTF-8 -t UTF-16LE >"$ing/enc/utf16le.csv"
	printf "$u16" | iconv -f UTF-8 -t UTF-16BE >"$ing/enc/utf16be.csv"
	{ printf '\377\376'; cat "$ing/enc/utf16le.csv"; } >"$ing/enc/utf16le-bom.csv"
	{ printf '\376\377'; cat "$ing/enc/utf16be.csv"; } >"$ing/enc/utf16be-bom.csv"
	check ingest-enc-utf16-bom-le 0 ingest_run "" "$I" --encoding utf-16 enc/utf16le-bom.csv
	check ingest-enc-utf16-bom-be 0 ingest_run "" "$I" --encoding utf-16 enc/utf16be-bom.csv
	check ingest-enc-utf16le    0  ingest_run "" "$I" --encoding utf-16le enc/utf16le.csv
	check ingest-enc-utf16be    0  ingest_run "" "$I" --encoding utf-16be enc/utf16be.csv
	# A UTF-16 byte order mark is recognised without --encoding.
	check ingest-enc-detect-le  0  ingest_run "" "$I" enc/utf16le-bom.csv
	check ingest-enc-detect-be  0  ingest_run "" "$I" enc/utf16be-bom.csv
else
	for c in bom-le bom-be utf16le utf16be detect-le detect-be; do
		skip "ingest-enc-$c" "no iconv"
	done
fi

# ---- column names
check ingest-safe-names     0  "$I" --safe-names data/ingest/names.csv
check ingest-dup-header     0  "$I" data/ingest/dup.csv

# ---- --infer-schema
check ingest-infer          0  ingest_run "infer.json" "$I" --infer-schema infer.json data/ingest/infer.csv
check ingest-infer-union    0  ingest_run "union.json" "$I" --infer-schema union.json data/ingest/a.csv data/ingest/b.csv
check ingest-infer-failed   65 ingest_run "failed.json" "$I" --infer-schema failed.json data/ingest/a.csv data/ingest/ragged.csv

# ---- --schema
check ingest-schema-canon   0  "$I" --schema data/ingest/check.schema.json data/ingest/check-good.csv
check ingest-schema-ndjson  0  "$I" -t ndjson --schema data/ingest/check.schema.json data/ingest/check-good.csv
check ingest-schema-fail    65 "$I" --schema data/ingest/check.schema.json data/ingest/check-bad.csv
check ingest-schema-bad-rows 0 ingest_run "rejects.csv" "$I" --schema data/ingest/check.schema.json --bad-rows rejects.csv data/ingest/check-bad.csv
check ingest-schema-max-bad 65 ingest_run "rejects-2.csv" "$I" --schema data/ingest/check.schema.json --bad-rows rejects-2.csv --max-bad 2 data/ingest/check-bad.csv
check ingest-schema-required-column 65 "$I" --schema data/ingest/required.schema.json data/ingest/a.csv
check ingest-schema-bad-type 65 "$I" --schema data/ingest/bad-type.schema.json data/ingest/a.csv
check ingest-schema-bad-json 65 "$I" --schema data/ingest/bad-json.schema.json data/ingest/a.csv
check ingest-schema-missing 66 "$I" --schema data/ingest/missing.schema.json data/ingest/a.csv

# The README's first pipeline on the bundled sample (scripts/demo): infer a
# schema with the provenance column, then check the same data against it.
check ingest-sample-infer   0  ingest_run "sample.schema.json" "$I" --safe-names --source-column source --infer-schema sample.schema.json data/sample
check ingest-sample-check   0  ingest_run "sample-rejects.csv" "$I" --safe-names --source-column source --schema sample.schema.json --bad-rows sample-rejects.csv data/sample

# ---- bad records
check ingest-ragged         65 "$I" data/ingest/a.csv data/ingest/ragged.csv
check ingest-ragged-bad-rows 0 ingest_run "ragged-rejects.csv" "$I" --bad-rows ragged-rejects.csv data/ingest/a.csv data/ingest/ragged.csv

# ---- --state: fixed contents and modification times, so the state file is
# the same on every run
printf 'id,v\n1,a\n' >"$ing/state/one.csv"
printf 'id,v\n2,b\n' >"$ing/state/two.csv"
touch -t 202401010000 "$ing/state/one.csv" "$ing/state/two.csv"
st="--state state/s.json state/one.csv state/two.csv"
# shellcheck disable=SC2086	# $st is split on purpose
check ingest-state-first    0  ingest_run "state/s.json" "$I" $st
check ingest-state-again    0  ingest_run "" "$I" $st
check ingest-state-again-o  0  ingest_run "state/batch0.csv" "$I" -o state/batch0.csv $st
# Same size, same time, other bytes: the digest tells.
printf 'id,v\n2,B\n' >"$ing/state/two.csv"
touch -t 202401010000 "$ing/state/two.csv"
check ingest-state-changed  0  ingest_run "state/s.json" "$I" $st
# Same bytes, a new time: ingested again, here with -o.
touch -t 202402010000 "$ing/state/one.csv"
check ingest-state-touched-o 0 ingest_run "state/batch1.csv state/s.json" "$I" -o state/batch1.csv $st
# A failed run leaves the state file as it was.
printf '3,c\n' >>"$ing/state/one.csv"
cp "$ing/state/s.json" "$ing/state/s.before"
check ingest-state-enospc   74 ingest_run "" sh -c '"$0" "$@" >/dev/full' "$I" $st
ok    ingest-state-enospc-kept cmp "$ing/state/s.json" "$ing/state/s.before"
printf '4\n' >>"$ing/state/two.csv"
check ingest-state-bad      65 ingest_run "state/batch2.csv" "$I" -o state/batch2.csv $st
ok    ingest-state-bad-kept cmp "$ing/state/s.json" "$ing/state/s.before"

# ---- output
check ingest-o-gzip         0  ingest_run "" sh -c '"$0" -o out.csv.gz "$@" && gzip -dc out.csv.gz' "$I" data/ingest/a.csv data/ingest/c.csv.gz
echo old >"$ing/atomic.csv"
check ingest-o-atomic       65 ingest_run "atomic.csv" "$I" -o atomic.csv data/ingest/a.csv data/ingest/ragged.csv
ok    ingest-o-atomic-notemp sh -c '! ls -A "$tmp/ing" | grep -q "^\.atomic"'
check ingest-o-nodir        73 ingest_run "" "$I" -o nodir/out.csv data/ingest/a.csv
check ingest-enospc         74 sh -c '"$0" data/ingest/a.csv >/dev/full' "$I"

# weir-ingest | head: the writer ends by SIGPIPE, quietly (141).
ingest_epipe() {
	"$BIN/tests/gen/gendata" -n 5000 >"$ing/big.csv" || return 70
	{ "$I" "$ing/big.csv"; echo $? >"$ing/epipe.status"; } | head -n 1 >/dev/null
	cat "$ing/epipe.status"
}
check ingest-epipe          0  ingest_epipe

# ---- usage
check ingest-help           0  "$I" --help
check ingest-version        0  "$I" --version
check ingest-badopt         64 "$I" --nope
check ingest-libsvm         64 "$I" -t libsvm data/ingest/a.csv
ok    ingest-help-enospc    sh -c '"$0" --help >/dev/full 2>"$tmp/ingest.err"; [ $? -eq 74 ] && grep -q "No space left on device" "$tmp/ingest.err"' "$I"
