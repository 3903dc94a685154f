# tests/cli/convert.sh - weir-convert.  Sourced by tests/run; cwd is tests/.
# Fixtures are in data/convert/; each case has golden/CASE.out and .err.
CV=$BIN/weir-convert
cvd=data/convert

# Scratch folder $cvw, where d/ is data/convert (scratch in lib.sh).
cvw=$(scratch cv data/convert)

# cv_run FILES ARGS...: weir-convert ARGS run from $cvw in a fresh o/, then
# FILES and what o/ holds (run_fresh in lib.sh); the status is weir-convert's.
cv_run() {
	cv_files=$1
	shift
	run_fresh "$cvw" "$cv_files" "$CV" "$@"
}

# cv_bad ARGS...: cv_run with --bad-rows o/bad.csv.
cv_bad() {
	cv_run o/bad.csv --bad-rows o/bad.csv "$@"
}

# A big input for the SIGPIPE and head cases (about 27 MB, 0.1 s).
"$BIN/tests/gen/gendata" -n 200000 -s 1 >"$tmp/big.csv"

# ---- CSV to CSV: the text of every value is kept
check convert-csv-quotes          0  "$CV" $cvd/quotes.csv
check convert-csv-crlf            0  "$CV" $cvd/crlf.csv
check convert-csv-bom             0  "$CV" $cvd/bom.csv
check convert-csv-bom-ndjson      0  "$CV" -t ndjson $cvd/bom.csv
check convert-csv-no-final-nl     0  "$CV" $cvd/no-final-newline.csv
check convert-csv-spaces          0  "$CV" $cvd/spaces.csv
check convert-csv-spaces-ndjson   0  "$CV" -t ndjson $cvd/spaces.csv
check convert-csv-blank-lines     0  "$CV" $cvd/blank-lines.csv
check convert-csv-empty           0  "$CV" $cvd/empty.csv
check convert-csv-empty-json      0  "$CV" -t json $cvd/empty.csv
check convert-csv-header-only     0  "$CV" $cvd/header-only.csv
check convert-csv-header-ndjson   0  "$CV" -t ndjson $cvd/header-only.csv
check convert-csv-header-json     0  "$CV" -t json $cvd/header-only.csv
check_in convert-csv-stdin        0  $cvd/quotes.csv "$CV"
check_in convert-csv-dash         0  $cvd/quotes.csv "$CV" -t ndjson -
check convert-csv-json            0  "$CV" -t json $cvd/quotes.csv
check convert-csv-jsonl           0  "$CV" -t jsonl $cvd/quotes.csv

# ---- CSV to JSON: a number only when the text is a JSON number already
check convert-typing-ndjson       0  "$CV" -t ndjson $cvd/typing.csv
check convert-typing-json         0  "$CV" -t json $cvd/typing.csv
check convert-typing-empty-null   0  "$CV" -t ndjson --empty-as-null $cvd/typing.csv
check convert-typing-strings      0  "$CV" -t ndjson --strings $cvd/typing.csv

# ---- NDJSON and JSON in
check convert-ndjson-csv          0  "$CV" -t csv $cvd/mixed.ndjson
check_in convert-ndjson-stdin-csv 0  $cvd/mixed.ndjson "$CV" -t csv
check convert-ndjson-tsv          0  "$CV" -t tsv $cvd/mixed.ndjson
check convert-ndjson-ndjson       0  "$CV" $cvd/mixed.ndjson
check convert-ndjson-json         0  "$CV" -t json $cvd/mixed.ndjson
check convert-ndjson-unicode-csv  0  "$CV" -t csv $cvd/unicode.ndjson
check convert-ndjson-unicode      0  "$CV" $cvd/unicode.ndjson
check convert-json-pretty-csv     0  "$CV" -t csv $cvd/pretty.json
check convert-json-pretty-ndjson  0  "$CV" -t ndjson $cvd/pretty.json
check convert-json-pretty-json    0  "$CV" $cvd/pretty.json
check convert-json-empty-csv      0  "$CV" -t csv $cvd/empty-array.json
check convert-json-empty-ndjson   0  "$CV" -t ndjson $cvd/empty-array.json
check convert-json-empty-json     0  "$CV" $cvd/empty-array.json
check convert-ndjson-dup-key      65 "$CV" -t csv $cvd/dup-key.ndjson

# ---- TSV: backslash escapes both ways, never detected
check convert-tsv-out             0  "$CV" -t tsv $cvd/tsv-escapes.csv
check convert-tsv-in              0  "$CV" -f tsv -t csv $cvd/escapes.tsv
check convert-tsv-ndjson          0  "$CV" -f tsv -t ndjson $cvd/escapes.tsv
check convert-tsv-tsv             0  "$CV" -f tsv $cvd/escapes.tsv
check convert-tsv-not-detected    0  "$CV" -t ndjson $cvd/escapes.tsv

# ---- markdown, table, libsvm (write only)
check convert-markdown            0  "$CV" -t markdown $cvd/markdown.csv
check convert-md-alias            0  "$CV" -t md $cvd/cols.csv
check convert-md-backslash       0  "$CV" -t md $cvd/md-backslash.csv
check convert-table               0  "$CV" -t table $cvd/cols.csv
check convert-table-newlines      0  "$CV" -t table $cvd/markdown.csv
check convert-table-ndjson        0  "$CV" -t table -c id,name,address.city $cvd/mixed.ndjson
check convert-read-md             64 "$CV" -f md $cvd/cols.csv
check convert-libsvm              0  "$CV" -t libsvm --label y $cvd/svm.csv
check convert-libsvm-columns      0  "$CV" -t libsvm --label y -c y,f3,f1 $cvd/svm.csv
check convert-libsvm-bad          65 "$CV" -t libsvm --label y $cvd/svm-bad.csv
check convert-libsvm-bad-rows     0  cv_bad -t libsvm --label y d/svm-bad.csv
check convert-libsvm-empty-label  65 "$CV" -t libsvm --label f2 $cvd/svm.csv
check convert-libsvm-no-label     64 "$CV" -t libsvm $cvd/svm.csv
check convert-libsvm-bad-label    64 "$CV" -t libsvm --label nope $cvd/svm.csv
check convert-label-not-libsvm    64 "$CV" --label y $cvd/svm.csv

# ---- -c/--columns
check convert-columns-names       0  "$CV" -c name,id $cvd/cols.csv
check convert-columns-range       0  "$CV" -c 3-5 $cvd/cols.csv
check convert-columns-mixed       0  "$CV" -c id,4-5,name $cvd/cols.csv
check convert-columns-long        0  "$CV" --columns 5,1 -t ndjson $cvd/cols.csv
check convert-columns-repeat      0  "$CV" -c id,id $cvd/cols.csv
check convert-columns-flattened   0  "$CV" -t csv -c address.city,id $cvd/mixed.ndjson
check convert-columns-unknown     64 "$CV" -c id,nope $cvd/cols.csv
check convert-columns-range-out   64 "$CV" -c 4-6 $cvd/cols.csv
check convert-columns-zero        64 "$CV" -c 0 $cvd/cols.csv

# ---- --no-header, delimiters, quoting
check convert-no-header           0  "$CV" --no-header $cvd/no-header.csv
check convert-no-header-ndjson    0  "$CV" --no-header -t ndjson $cvd/no-header.csv
check convert-no-header-columns   0  "$CV" --no-header -c c3,1 $cvd/no-header.csv
check convert-no-header-tsv       0  "$CV" --no-header -f tsv -t ndjson $cvd/escapes.tsv
check convert-delim-semicolon     0  "$CV" -d ';' $cvd/semicolon.csv
check convert-delim-semi-ndjson   0  "$CV" -d ';' -t ndjson $cvd/semicolon.csv
check convert-out-delimiter       0  "$CV" -d ';' --out-delimiter , $cvd/semicolon.csv
check convert-delim-tab           0  "$CV" -d tab $cvd/tab.csv
check convert-delim-tab-ndjson    0  "$CV" -d tab -t ndjson $cvd/tab.csv
check convert-out-delimiter-tab   0  "$CV" --out-delimiter tab $cvd/quotes.csv
check convert-delim-two-chars     64 "$CV" -d ';;' $cvd/semicolon.csv
check convert-quote-all           0  "$CV" --quote-all $cvd/quotes.csv

# ---- nested names: --flatten, --unflatten, --sep
check convert-flatten             0  "$CV" --flatten $cvd/mixed.ndjson
check convert-flatten-sep-json    0  "$CV" --flatten --sep _ -t json $cvd/pretty.json
check convert-sep-csv             0  "$CV" --sep / -t csv $cvd/pretty.json
check convert-unflatten           0  "$CV" --unflatten -t ndjson $cvd/dotted.csv
check convert-unflatten-sep       0  "$CV" --unflatten --sep _ -t json $cvd/dotted.csv
check convert-unflatten-nested    0  "$CV" --unflatten -t ndjson $cvd/pretty.json
ok    convert-flatten-roundtrip      sh -c '"$BIN/weir-convert" -t ndjson data/convert/pretty.json >"$tmp/nest" && "$BIN/weir-convert" --flatten "$tmp/nest" | "$BIN/weir-convert" --unflatten | cmp - "$tmp/nest"'
check convert-flatten-unflatten   64 "$CV" --flatten --unflatten $cvd/mixed.ndjson
check convert-sep-empty           64 "$CV" --sep '' $cvd/mixed.ndjson

# ---- duplicate header names
check convert-dup-header          0  "$CV" $cvd/dup-header.csv
check convert-dup-header-quiet    0  "$CV" -q -t ndjson $cvd/dup-header.csv

# ---- gzip in and out
check convert-gzip-in             0  "$CV" -t ndjson $cvd/cols.csv.gz
check_in convert-gzip-stdin       0  $cvd/cols.csv.gz "$CV"
check convert-gzip-made           0  sh -c 'gzip -c data/convert/mixed.ndjson >"$tmp/m.gz" && "$BIN/weir-convert" -t csv "$tmp/m.gz"'
check convert-gzip-members        0  sh -c '{ printf "id,name\n1,Ann\n" | gzip -c; printf "2,Bo\n" | gzip -c; } >"$tmp/mm.gz" && "$BIN/weir-convert" -t ndjson "$tmp/mm.gz"'
check convert-gzip-z              0  sh -c '"$BIN/weir-convert" -z data/convert/quotes.csv | gzip -dc'
check convert-gzip-o              0  cv_run o/x.ndjson.gz -t ndjson -o o/x.ndjson.gz d/cols.csv
check convert-gzip-o-z            0  sh -c '"$BIN/weir-convert" -z -o "$tmp/z.csv" data/convert/cols.csv && gzip -dc "$tmp/z.csv"'
ok    convert-gzip-o-content         sh -c '"$BIN/weir-convert" -o "$tmp/q.csv.gz" data/convert/quotes.csv && gzip -dc "$tmp/q.csv.gz" | cmp - data/convert/quotes.csv'
check convert-gzip-truncated      65 "$CV" $cvd/truncated.gz
check convert-gzip-corrupt        65 "$CV" $cvd/corrupt.gz

# ---- -o: atomic; nothing is left behind on failure
check convert-o                   0  cv_run o/x.csv -o o/x.csv d/quotes.csv
check convert-o-dash              0  "$CV" -o - $cvd/cols.csv
check convert-o-fail              65 cv_run o/x.csv -o o/x.csv d/ragged.csv
check convert-o-keep              65 sh -c 'cd "$tmp" && echo old >keep.csv && "$BIN/weir-convert" -o keep.csv "$TESTS/data/convert/ragged.csv" 2>/dev/null; rv=$?; cat keep.csv; ls -A | grep keep; exit $rv'
check convert-o-columns-fail      64 cv_run o/x.csv -c nope -o o/x.csv d/cols.csv
ok    convert-o-mode                 sh -c 'cd "$tmp" && rm -f mode.csv && (umask 022 && "$BIN/weir-convert" -o mode.csv "$TESTS/data/convert/cols.csv") && ls -l mode.csv | grep "^-rw-r--r-- "'
ok    convert-o-fifo                 sh -c 'f=$tmp/fifo && rm -f "$f" "$f.got" && mkfifo "$f" || exit 0; cat "$f" >"$f.got" & pid=$!; "$BIN/weir-convert" -o "$f" data/convert/cols.csv; rv=$?; if [ -p "$f" ]; then wait $pid; else kill $pid; fi; [ $rv -eq 0 ] && [ -p "$f" ] && cmp "$f.got" data/convert/cols.csv'
check convert-o-no-dir            73 "$CV" -o /nonexistent/x.csv $cvd/cols.csv

# ---- usage, files, output errors, SIGPIPE
check convert-help                0  "$CV" --help
check convert-help-short          0  "$CV" -h
check convert-version             0  "$CV" --version
ok    convert-help-enospc            sh -c '"$BIN/weir-convert" --help >/dev/full 2>"$tmp/cv.err"; [ $? -eq 74 ] && grep -q "No space left on device" "$tmp/cv.err"'
ok    convert-version-enospc         sh -c '"$BIN/weir-convert" --version >/dev/full 2>"$tmp/cv.err"; [ $? -eq 74 ] && grep -q "No space left on device" "$tmp/cv.err"'
check convert-bad-option          64 "$CV" --nope $cvd/cols.csv
check convert-bad-format          64 "$CV" -t xml $cvd/cols.csv
check convert-two-inputs          64 "$CV" $cvd/cols.csv $cvd/quotes.csv
check convert-missing             66 "$CV" $cvd/missing.csv
check convert-directory           66 "$CV" $cvd
check convert-enospc              74 sh -c '"$BIN/weir-convert" data/convert/cols.csv >/dev/full'
check convert-head                0  sh -c '"$BIN/weir-convert" "$tmp/big.csv" | head -1'
check convert-sigpipe             0  sh -c '{ "$BIN/weir-convert" "$tmp/big.csv"; echo "status $?" >&2; } | head -1'
check convert-sigpipe-ndjson      0  sh -c '{ "$BIN/weir-convert" -t ndjson "$tmp/big.csv"; echo "status $?" >&2; } | head -c 10'

# ---- bad input: the status, the message, and no good record lost
check convert-ragged              65 "$CV" $cvd/ragged.csv
check convert-ragged-bad-rows     0  cv_bad d/ragged.csv
check convert-ragged-max-bad      65 cv_bad --max-bad 1 d/ragged.csv
check convert-ragged-max-bad-ok   0  cv_bad --max-bad 2 d/ragged.csv
check convert-max-bad-negative    64 "$CV" --max-bad -1 $cvd/ragged.csv
check convert-ragged-skip         0  "$CV" --max-bad 2 $cvd/ragged.csv
check convert-ragged-skip-over    65 "$CV" --max-bad 1 $cvd/ragged.csv
check convert-bad-utf8            65 "$CV" $cvd/bad-utf8.csv
check convert-bad-utf8-bad-rows   0  cv_bad -t ndjson d/bad-utf8.csv
check convert-unterminated        65 "$CV" $cvd/unterminated.csv
check convert-stray-quote         65 "$CV" $cvd/stray-quote.csv
check convert-bad-json-line       65 "$CV" $cvd/bad-lines.ndjson
check convert-bad-json-bad-rows   0  cv_bad d/bad-lines.ndjson
check convert-bad-json-to-csv     0  cv_bad -t csv d/bad-lines.ndjson
check convert-ndjson-trailing-text 65 "$CV" $cvd/trailing-text.ndjson
check convert-json-truncated      65 "$CV" $cvd/truncated.json
check convert-json-trailing       65 "$CV" $cvd/trailing.json
