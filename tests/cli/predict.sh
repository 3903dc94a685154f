# tests/cli/predict.sh - weir-predict.  Sourced by tests/run; cwd is tests/.
# Fixtures are in data/train/; models are trained first into $prw.
PR=$BIN/weir-predict
TR=$BIN/weir-train
td=data/train
prw=$(scratch predict data/train)

"$TR" -q --target bought -o "$prw/tiny.json" $td/tiny.csv
"$TR" -q --target species -o "$prw/iris.json" $td/iris.csv
"$TR" -q --target y --l2 0 -o "$prw/plane.json" $td/plane.csv
"$TR" -q --target bought --model gbdt --trees 5 --min-leaf 1 \
    -o "$prw/tiny-gbdt.json" $td/tiny.csv

# pr_bad ARGS...: weir-predict ARGS --bad-rows bad.csv in $prw, then the
# file (run_bad in lib.sh).
pr_bad() {
	run_bad "$prw" "$PR" "$@"
}

# ---- predictions
check predict-line           0  "$PR" -m $td/model-line.json $td/line-new.csv
check predict-plane          0  "$PR" -m "$prw/plane.json" $td/plane.csv
check predict-tiny           0  "$PR" -m "$prw/tiny.json" $td/new.csv
check predict-probs          0  "$PR" -m "$prw/tiny.json" --probabilities $td/new.csv
check predict-name           0  "$PR" -m "$prw/tiny.json" --name will_buy $td/new.csv
check predict-only           0  "$PR" -m "$prw/tiny.json" --only-prediction $td/new.csv
check predict-keep           0  "$PR" -m "$prw/tiny.json" --only-prediction --keep id,note --probabilities $td/new.csv
check predict-iris           0  "$PR" -m "$prw/iris.json" --probabilities --only-prediction --keep species $td/iris.csv
check predict-ndjson         0  "$PR" -m "$prw/tiny.json" $td/new.ndjson
check predict-ndjson-csv     0  "$PR" -m "$prw/tiny.json" -t csv $td/new.ndjson
check predict-ndjson-keep    0  "$PR" -m "$prw/tiny.json" --only-prediction --keep id $td/new.ndjson
check predict-to-ndjson      0  "$PR" -m "$prw/tiny.json" -t ndjson --probabilities $td/new.csv
check predict-to-table       0  "$PR" -m "$prw/tiny.json" -t table $td/new.csv
check_in predict-stdin       0  $td/new.csv "$PR" -m "$prw/tiny.json"
check predict-header-only    0  "$PR" -m "$prw/tiny.json" $td/header-only.csv
check predict-empty          0  "$PR" -m "$prw/tiny.json" /dev/null
check predict-gz-model       0  sh -c '"$0" -q --target bought -o "$1/m.json.gz" data/train/tiny.csv && "$2" -m "$1/m.json.gz" data/train/new.csv' "$TR" "$prw" "$PR"

# ---- bad input
check predict-missing-col    65 "$PR" -m "$prw/tiny.json" $td/new-nocol.csv
check predict-bad-num        65 "$PR" -m "$prw/tiny.json" $td/new-bad.csv
check predict-bad-rows       0  pr_bad -m tiny.json d/new-bad.csv
check predict-lenient        0  "$PR" -m "$prw/tiny.json" --lenient $td/new-bad.csv
check predict-clash          65 "$PR" -m "$prw/tiny.json" $td/new-clash.csv
check predict-clash-name     0  "$PR" -m "$prw/tiny.json" --name p2 $td/new-clash.csv
check predict-clash-only     0  "$PR" -m "$prw/tiny.json" --only-prediction $td/new-clash.csv
check predict-ragged         65 "$PR" -m "$prw/tiny.json" $td/ragged.csv
check predict-no-model       64 "$PR" $td/new.csv
check predict-model-missing  66 "$PR" -m $td/nope.json $td/new.csv
check predict-model-v2       65 "$PR" -m $td/model-v2.json $td/new.csv
check predict-model-other    65 "$PR" -m $td/model-other.json $td/new.csv
check predict-model-broken   65 "$PR" -m $td/model-broken.json $td/new.csv
check predict-model-csv      65 "$PR" -m $td/tiny.csv $td/new.csv
check predict-nofile         66 "$PR" -m "$prw/tiny.json" $td/nope.csv
check predict-keep-alone     64 "$PR" -m "$prw/tiny.json" --keep id $td/new.csv
check predict-keep-unknown   64 "$PR" -m "$prw/tiny.json" --only-prediction --keep nope $td/new.csv
check predict-empty-name     64 "$PR" -m "$prw/tiny.json" --name '' $td/new.csv
check predict-two-files      64 "$PR" -m "$prw/tiny.json" $td/new.csv $td/new.csv
check predict-libsvm         64 "$PR" -m "$prw/tiny.json" -t libsvm $td/new.csv
check predict-badopt         64 "$PR" --nope
check predict-help           0  "$PR" --help
check predict-version        0  "$PR" --version
check predict-enospc         74 sh -c '"$0" -m "$1/tiny.json" data/train/new.csv >/dev/full' "$PR" "$prw"

# ---- properties
# Big input through a short pipe: SIGPIPE ends it quietly.
awk 'BEGIN { print "age,city,income"; for (i = 0; i < 200000; i++)
	printf "%d,%s,%d\n", 20 + i % 50, (i % 3) ? "paris" : "rome", i % 97 }' >"$prw/big.csv"
ok    predict-epipe          sh -c '"$0" -m "$1/tiny.json" "$1/big.csv" 2>"$1/ep.err" | head -1 >/dev/null; [ ! -s "$1/ep.err" ]' "$PR" "$prw"
ok    predict-order          sh -c '"$0" -m "$1/tiny.json" "$1/big.csv" | cut -d, -f1-3 | cmp - "$1/big.csv"' "$PR" "$prw"
# The same predictions from NDJSON as from CSV.
ok    predict-ndjson-same    sh -c '"$0" -m "$1/tiny.json" --only-prediction data/train/tiny.csv >"$1/a" && "$0" -m "$1/tiny.json" --only-prediction -t csv data/train/tiny.ndjson >"$1/b" && cmp "$1/a" "$1/b"' "$PR" "$prw"
# A gbdt model (its trees are lib/gbdt's business, so no golden file): a
# class and its probability for each record, in order.
ok    predict-gbdt           sh -c '"$0" -m "$1/tiny-gbdt.json" data/train/new.csv | awk -F, "NR == 1 { ok = \$0 == \"id,income,city,age,note,prediction,probability\" } NR > 1 { ok = ok && \$1 == NR - 1 && (\$6 == \"yes\" || \$6 == \"no\") && \$7 >= 0.5 && \$7 <= 1 } END { exit !(ok && NR == 5) }"' "$PR" "$prw"
# Numbers read back exactly: the regression line 2x + 1 at 2.5 is 6.
ok    predict-exact          sh -c '"$0" -m data/train/model-line.json data/train/line-new.csv | grep -qx "2.5,6"' "$PR"

# ---- numbers at the edges (see also extreme.sh); names; stdin; JSON
"$TR" -q --target y --l2 0 -o "$prw/huge.json" $td/huge-target.csv
"$TR" -q --target bought -o "$prw/nested.json" $td/nested.ndjson
check predict-out-of-range   65 "$PR" -m "$prw/tiny.json" $td/new-extreme.csv
check predict-out-of-range-rows 0 pr_bad -m tiny.json d/new-extreme.csv
check predict-out-of-range-gbdt 0 pr_bad -m tiny-gbdt.json --only-prediction d/new-extreme.csv
check predict-overflow       65 sh -c 'printf "x\n2\n1e10\n" | "$0" -m "$1/huge.json" -' "$PR" "$prw"
check predict-overflow-rows  0  sh -c 'printf "x\n2\n1e10\n" | "$0" -m "$1/huge.json" --bad-rows - -' "$PR" "$prw"
check predict-name-probability 64 "$PR" -m "$prw/tiny.json" --name probability $td/new.csv
check predict-name-p-class   64 "$PR" -m "$prw/tiny.json" --name p_yes --probabilities $td/new.csv
check predict-name-p-noprobs 0  "$PR" -m "$prw/tiny.json" --name p_yes --only-prediction $td/new.csv
check predict-name-regress   0  "$PR" -m "$prw/plane.json" --name probability --only-prediction $td/plane.csv
check_in predict-model-stdin 0  "$prw/tiny.json" "$PR" -m - $td/new.csv
check_in predict-model-stdin-both 64 "$prw/tiny.json" "$PR" -m -
check_in predict-model-stdin-dash 64 "$prw/tiny.json" "$PR" -m - -
check_in predict-model-devstdin 64 $td/new.csv sh -c 'cat | "$0" -m /dev/stdin' "$PR"
check predict-empty-json     0  "$PR" -m "$prw/tiny.json" -t json /dev/null
check predict-empty-ndjson   0  "$PR" -m "$prw/tiny.json" -t ndjson /dev/null
check predict-absent         0  "$PR" -m "$prw/tiny.json" $td/new-noincome.ndjson
check predict-absent-quiet   0  "$PR" -q -m "$prw/tiny.json" $td/new-noincome.ndjson
check predict-absent-csv     0  "$PR" -m "$prw/tiny.json" -t csv $td/new-noincome.ndjson
check predict-absent-strict  65 "$PR" -m "$prw/tiny.json" --strict $td/new-noincome.ndjson
check predict-absent-strict-csv 65 "$PR" -m "$prw/tiny.json" --strict -t csv $td/new-noincome.ndjson
check predict-absent-strict-none 0 "$PR" -m "$prw/tiny.json" --strict $td/new.ndjson
check predict-nested         0  "$PR" -m "$prw/nested.json" $td/nested.ndjson
check predict-nested-csv     0  "$PR" -m "$prw/nested.json" -t csv $td/nested.ndjson
check predict-nested-bad     0  pr_bad -m nested.json d/nested-bad.ndjson
# Nested objects come out as weir-convert writes them, for every format;
# the predictions are the same whether the input was flattened or not.
ok    predict-nested-as-convert sh -c 'for t in ndjson json csv table; do "$0" -m "$2/nested.json" -t $t --name zz data/train/nested.ndjson | sed "s/,\"zz\":.*}/}/; s/,zz,probability\$//; s/,\(yes\|no\),0\.[0-9]*\$//" >"$2/nc.a" && "$1" -t $t data/train/nested.ndjson >"$2/nc.b" && { [ $t = table ] || cmp "$2/nc.a" "$2/nc.b"; } || exit 1; done; "$0" -m "$2/nested.json" --only-prediction -t csv data/train/nested.ndjson >"$2/nc.c" && "$0" -m "$2/nested.json" --only-prediction -t csv -f ndjson - <data/train/nested.ndjson >"$2/nc.d" && cmp "$2/nc.c" "$2/nc.d" && "$0" -m "$2/nested.json" -t ndjson data/train/nested.ndjson | sed "s/.*\"zz\"://; s/.*\"prediction\"://" | cut -d, -f1 | tr -d "\"" >"$2/nc.e" && tail -n +2 "$2/nc.c" | cut -d, -f1 | cmp - "$2/nc.e"' "$PR" "$BIN/weir-convert" "$prw"
