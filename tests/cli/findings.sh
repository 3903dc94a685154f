# tests/cli/findings.sh - every input a fuzzer or a hostile trial found
# (tests/fuzz/repro/, README in ../shared/fuzz-findings), replayed, and
# variants of each class: UTF-8 checked on every path a CSV value takes,
# no NULL field pointers (make check-asan sees them), no byte >= 0x80 as a
# delimiter, U+FEFF first in a file kept, a model checked as a whole.
# Sourced by tests/run.

rp=fuzz/repro
fw=$tmp/findings
rm -rf "$fw" && mkdir -p "$fw"
CV=$BIN/weir-convert

# ---- invalid UTF-8 never reaches the output with exit 0
check findings-f1-noheader   65 "$CV" --no-header -t ndjson $rp/F1-noheader-utf8.csv
check findings-f3-multiline  65 "$CV" -t ndjson $rp/F3-multiline-utf8.csv
printf 'a,b\r\n\303,x\r\n' >"$fw/cr.csv"		# CR line ends: libcsv's path
printf 'a,b\n"x\n\377",y\n' >"$fw/later.csv"		# a later field, multi-line
printf 'a\n"\377"' >"$fw/noeol.csv"			# quoted, no final newline
printf 'a,b\n1,"ok ""q"" \370"\n' >"$fw/quoted.csv"	# doubled quotes on one line
printf '\377,x\n1,2\n' >"$fw/hdr.csv"			# the header itself
for f in cr later noeol quoted hdr; do
	check findings-utf8-$f 65 sh -c 'cd "$1" && "$2" -t ndjson "$3.csv"' sh "$fw" "$CV" "$f"
	ok findings-utf8-$f-noheader sh -c 'cd "$1"; "$2" --no-header -t ndjson "$3.csv" >/dev/null 2>&1; [ $? -eq 65 ]' sh "$fw" "$CV" "$f"
done
ok findings-utf8-bad-rows sh -c 'cd "$1" && "$2" -t ndjson --bad-rows b.csv -q later.csv >o.ndjson && [ ! -s o.ndjson ] && grep -q "invalid UTF-8" b.csv' sh "$fw" "$CV"

# ---- empty fields in libcsv's queue: never a NULL pointer
check findings-f2-nullptr     0 "$CV" $rp/F2-csv-compact-nullptr.csv
printf ',\r\n,\r\n' >"$fw/empties-cr.csv"
printf '"",""\n"\n",""\n' >"$fw/empties-q.csv"
for f in empties-cr empties-q; do
	ok findings-nullptr-$f sh -c 'cd "$1" && "$2" -t ndjson "$3.csv" >/dev/null' sh "$fw" "$CV" "$f"
done

# ---- a delimiter is one ASCII byte
check findings-f4-highbyte    64 sh -c '"$1" -d "$(printf "\251")" -t ndjson "$2"' sh "$CV" $rp/F4-highbyte-delim.csv
ok findings-delim-high-out   sh -c '"$1" --out-delimiter "$(printf "\303")" "$2" >/dev/null 2>&1; [ $? -eq 64 ]' sh "$CV" $rp/F5-bom-name.csv
ok findings-delim-high-enc   sh -c '"$1" -c a --key-file /dev/null --delimiter "$(printf "\200")" "$2" >/dev/null 2>&1; [ $? -eq 64 ]' sh "$BIN/weir-encrypt" $rp/F5-bom-name.csv

# ---- U+FEFF at the start of the first name survives a round trip
check findings-f5-bom-name    0 sh -c '"$1" -t csv "$2" | "$1" -t ndjson' sh "$CV" $rp/F5-bom-name.csv
printf '{"\357\273\277k":1}\n' >"$fw/bom.ndjson"
ok findings-bom-from-json sh -c 'cd "$1" && "$2" -t csv bom.ndjson | "$2" -t ndjson | cmp -s - bom.ndjson' sh "$fw" "$CV"
printf '\357\273\277\357\273\277x\n1\n' >"$fw/bom2.csv"	# a BOM, then U+FEFF in the name
printf '{"\357\273\277x":1}\n' >"$fw/bom2.want"
ok findings-bom-twice sh -c 'cd "$1" && "$2" bom2.csv | "$2" -t ndjson | cmp -s - bom2.want' sh "$fw" "$CV"
printf '\357\273\277\357\273\277v\n' >"$fw/bom3.csv"
printf '{"c1":"c1"}\n{"c1":"\357\273\277v"}\n' >"$fw/bom3.want"	# a header is written
ok findings-bom-noheader sh -c 'cd "$1" && "$2" --no-header bom3.csv | "$2" --no-header -t ndjson | cmp -s - bom3.want' sh "$fw" "$CV"

# ---- a model is checked as a whole before it predicts
check findings-f6-gbdt-nclass 65 "$BIN/weir-predict" -m $rp/F6-model-gbdt-nclass.json $rp/F6-input.csv
# variants: the trees' task or class count against the model's
model_variant() {	# NAME PYTHON-EDIT: a valid model, edited
	python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
exec(sys.argv[2])
json.dump(m, open(sys.argv[3], "w"))' "$fw/base.json" "$2" "$fw/$1.json"
	ok findings-model-$1 sh -c '"$1/weir-predict" -m "$2" "$3" >/dev/null 2>"$2.err"; [ $? -eq 65 ] && grep -q "^weir-predict: $2: " "$2.err"' sh "$BIN" "$fw/$1.json" data/train/iris.csv
}
if "$BIN/weir-train" -q --target species --model gbdt --trees 2 -o "$fw/base.json" data/train/iris.csv 2>/dev/null; then
	model_variant multi-as-binary 'm["params"]["task"] = "binary"; m["params"]["nclass"] = 1'
	model_variant fewer-classes 'm["params"]["nclass"] = 2'
	model_variant more-classes 'm["params"]["nclass"] = 4'
	model_variant as-regression 'm["task"] = "regression"; m["classes"] = []'
else
	fail=$((fail + 1)); echo "FAIL findings-model: could not train the base model"
fi
