# tests/cli/roundtrip.sh - weir-convert round trips on generated data.
# Sourced by tests/run; cwd is tests/.  gendata's CSV has every awkward
# part (quotes, commas, embedded newlines, UTF-8, empty values); a fixed seed
# keeps the cases the same everywhere.
rt=$tmp/rt
mkdir -p "$rt"
"$BIN/tests/gen/gendata" -n 5000 -s 42 -t csv >"$rt/g.csv"
"$BIN/tests/gen/gendata" -n 5000 -s 42 -t ndjson >"$rt/g.ndjson"

# gendata writes the column "active" as a JSON boolean, while weir, by its
# rule for CSV text (weir-formats(5)), writes the text true or false as a
# JSON string.  Every other value is typed alike by both (id, amount, qty
# and ratio numbers, everything else and every empty value a string), so
# the NDJSON that weir makes from CSV is compared after this sed turns
# "active":"true" back into "active":true.  The pattern cannot match inside a
# string value, where a quote is written \".
rt_bools='s/"active":"true"/"active":true/;s/"active":"false"/"active":false/'
export rt_bools

# ---- CSV -> X -> CSV gives back the CSV byte for byte
ok rt-csv-ndjson-csv    sh -c '"$BIN/weir-convert" -t ndjson "$tmp/rt/g.csv" | "$BIN/weir-convert" -t csv | cmp - "$tmp/rt/g.csv"'
ok rt-csv-json-csv      sh -c '"$BIN/weir-convert" -t json "$tmp/rt/g.csv" | "$BIN/weir-convert" -t csv | cmp - "$tmp/rt/g.csv"'
ok rt-csv-tsv-csv       sh -c '"$BIN/weir-convert" -t tsv "$tmp/rt/g.csv" | "$BIN/weir-convert" -f tsv -t csv | cmp - "$tmp/rt/g.csv"'
ok rt-csv-csv           sh -c '"$BIN/weir-convert" "$tmp/rt/g.csv" | cmp - "$tmp/rt/g.csv"'
ok rt-csv-quote-all-csv sh -c '"$BIN/weir-convert" --quote-all "$tmp/rt/g.csv" | "$BIN/weir-convert" | cmp - "$tmp/rt/g.csv"'
ok rt-csv-strings-csv   sh -c '"$BIN/weir-convert" -t ndjson --strings "$tmp/rt/g.csv" | "$BIN/weir-convert" -t csv | cmp - "$tmp/rt/g.csv"'

# ---- gendata's NDJSON and CSV describe the same records
ok rt-ndjson-csv        sh -c '"$BIN/weir-convert" -t csv "$tmp/rt/g.ndjson" | cmp - "$tmp/rt/g.csv"'
ok rt-ndjson-stdin-csv  sh -c '"$BIN/weir-convert" -t csv <"$tmp/rt/g.ndjson" | cmp - "$tmp/rt/g.csv"'
ok rt-csv-ndjson        sh -c '"$BIN/weir-convert" -t ndjson "$tmp/rt/g.csv" | sed "$rt_bools" | cmp - "$tmp/rt/g.ndjson"'
ok rt-ndjson-csv-ndjson sh -c '"$BIN/weir-convert" -t csv "$tmp/rt/g.ndjson" | "$BIN/weir-convert" -t ndjson | sed "$rt_bools" | cmp - "$tmp/rt/g.ndjson"'
ok rt-ndjson-json-ndjson sh -c '"$BIN/weir-convert" -t json "$tmp/rt/g.ndjson" | "$BIN/weir-convert" -t ndjson | cmp - "$tmp/rt/g.ndjson"'
ok rt-ndjson-ndjson     sh -c '"$BIN/weir-convert" "$tmp/rt/g.ndjson" | cmp - "$tmp/rt/g.ndjson"'

# ---- gzip
ok rt-gzip-z            sh -c '"$BIN/weir-convert" -z "$tmp/rt/g.csv" | "$BIN/weir-convert" | cmp - "$tmp/rt/g.csv"'
ok rt-gzip-z-gunzip     sh -c '"$BIN/weir-convert" -z "$tmp/rt/g.csv" | gzip -dc | cmp - "$tmp/rt/g.csv"'
ok rt-gzip-in           sh -c 'gzip -c "$tmp/rt/g.csv" | "$BIN/weir-convert" | cmp - "$tmp/rt/g.csv"'
ok rt-gzip-ndjson       sh -c '"$BIN/weir-convert" -t ndjson -o "$tmp/rt/g2.ndjson.gz" "$tmp/rt/g.csv" && "$BIN/weir-convert" -t csv "$tmp/rt/g2.ndjson.gz" | cmp - "$tmp/rt/g.csv"'

# ---- the same with ';' as the delimiter: g.semi has the values of g.csv,
# with ';' between them and the commas in values no longer quoted
ok rt-semi-made         sh -c '"$BIN/weir-convert" --out-delimiter ";" "$tmp/rt/g.csv" >"$tmp/rt/g.semi" && ! cmp -s "$tmp/rt/g.semi" "$tmp/rt/g.csv" && head -1 "$tmp/rt/g.semi" | grep -qx "id;name;email;city;amount;qty;ratio;active;created;note"'
ok rt-semi-semi         sh -c '"$BIN/weir-convert" -d ";" --out-delimiter ";" "$tmp/rt/g.semi" | cmp - "$tmp/rt/g.semi"'
ok rt-semi-canonical    sh -c '"$BIN/weir-convert" -d ";" "$tmp/rt/g.semi" | cmp - "$tmp/rt/g.csv"'
ok rt-semi-sniffed      sh -c '"$BIN/weir-convert" "$tmp/rt/g.semi" | cmp - "$tmp/rt/g.csv"'
ok rt-semi-csv          sh -c '"$BIN/weir-convert" -d ";" --out-delimiter , "$tmp/rt/g.semi" | cmp - "$tmp/rt/g.csv"'
ok rt-semi-ndjson-semi  sh -c '"$BIN/weir-convert" -d ";" -t ndjson "$tmp/rt/g.semi" | "$BIN/weir-convert" --out-delimiter ";" -t csv | cmp - "$tmp/rt/g.semi"'
ok rt-semi-tsv-semi     sh -c '"$BIN/weir-convert" -d ";" -t tsv "$tmp/rt/g.semi" | "$BIN/weir-convert" -f tsv -t csv --out-delimiter ";" | cmp - "$tmp/rt/g.semi"'
ok rt-semi-ndjson       sh -c '"$BIN/weir-convert" -d ";" -t ndjson "$tmp/rt/g.semi" | sed "$rt_bools" | cmp - "$tmp/rt/g.ndjson"'
ok rt-semi-gzip         sh -c '"$BIN/weir-convert" -d ";" --out-delimiter ";" -z "$tmp/rt/g.semi" | "$BIN/weir-convert" -d ";" --out-delimiter ";" | cmp - "$tmp/rt/g.semi"'

# One column with empty and null values: every record comes back, in every
# format weir both writes and reads (issue: a one-column empty value was
# written as a blank line and skipped).
printf '{"a":1}\n{"a":""}\n{"a":null}\n{"a":3}\n{"a":""}\n' >"$tmp/rt/one.ndjson"
for fmt in csv tsv ndjson json; do
	ok rt-one-column-$fmt sh -c '"$BIN/weir-convert" -t "$1" "$2" | "$BIN/weir-convert" -f "$1" -t ndjson | wc -l | grep -qx 5' sh "$fmt" "$tmp/rt/one.ndjson"
	ok rt-one-column-$fmt-twice sh -c '"$BIN/weir-convert" -t "$1" "$2" >"$2.$1" && "$BIN/weir-convert" -f "$1" -t "$1" "$2.$1" | cmp -s - "$2.$1"' sh "$fmt" "$tmp/rt/one.ndjson"
done
ok rt-one-column-gz sh -c '"$BIN/weir-convert" -t tsv -z "$1" | "$BIN/weir-convert" -f tsv -t csv | grep -c "^\"\"$" | grep -qx 3' sh "$tmp/rt/one.ndjson"
