# tests/cli/train.sh - weir-train.  Sourced by tests/run; cwd is tests/.
# Fixtures are in data/train/; each case has golden/CASE.out and .err.
TR=$BIN/weir-train
PR=$BIN/weir-predict
td=data/train
# Scratch folder $trw, where d/ is data/train, so that the paths in
# messages stay short and the same on every machine.
trw=$(scratch train data/train)

# tr_in CMD...: run CMD in $trw.
tr_in() {
	(cd "$trw" && "$@")
}

# tr_bad ARGS...: in $trw, weir-train ARGS --bad-rows bad.csv, then the
# file (run_bad in lib.sh).
tr_bad() {
	run_bad "$trw" "$TR" -o bad-model.json "$@"
}

# A numeric column for the first 1000 records, text after them.
awk 'BEGIN { print "x,y"; for (i = 1; i <= 1005; i++)
	printf "%s,%d\n", i == 1003 ? "n/a" : i % 7, i % 2 }' >"$trw/late-text.csv"
# 3000 rows with a category and missing values, for threads and cross-checks.
# (Park and Miller's generator: every product is exact in a double.)
awk 'BEGIN { print "a,b,c,y"; s = 1
	for (i = 0; i < 3000; i++) {
		s = s * 16807 % 2147483647; a = s % 1000 / 100
		s = s * 16807 % 2147483647; b = s % 997 / 50
		s = s * 16807 % 2147483647; c = substr("pqrs", s % 4 + 1, 1)
		s = s * 16807 % 2147483647; n = s % 100 / 25
		printf "%s,%s,%s,%d\n", a, (i % 17 == 0) ? "" : b, c, (a + b / 4 + (c == "q") + n > 9.5) }
}' >"$trw/mid.csv"
# NDJSON whose key z first appears after the records that decide the kinds.
awk 'BEGIN { for (i = 1; i <= 1003; i++)
	printf "{\"x\":%d,%s\"y\":%d}\n", i % 5, (i > 1001) ? "\"z\":1," : "", i % 3 }' >"$trw/late-key.ndjson"

# ---- models on tiny data: the whole model on stdout, metrics on stderr
check train-tiny             0  "$TR" --target bought $td/tiny.csv
check train-line             0  "$TR" --target y --l2 0 $td/line.csv
check train-plane            0  "$TR" --target y --l2 0 $td/plane.csv
check train-iris             0  "$TR" --target species $td/iris.csv
check train-ridge            0  "$TR" --target y -o "$trw/m.json" $td/plane.csv
check train-ndjson           0  "$TR" --target bought -o "$trw/m.json" $td/tiny.ndjson
check_in train-stdin         0  $td/tiny.csv "$TR" --target bought -o "$trw/m.json"
check train-median           0  "$TR" --target bought --impute median --min-count 3 $td/tiny.csv
check train-features         0  "$TR" --target bought --features income,age -o "$trw/m.json" $td/tiny.csv
check train-ignore           0  "$TR" --target bought --ignore city --categorical age -o "$trw/m.json" $td/tiny.csv
check train-l1               0  "$TR" --target bought --model logistic --l1 2 $td/tiny.csv
check train-balanced         0  "$TR" --target bought --class-weight balanced --l2 0.5 -o "$trw/m.json" $td/tiny.csv
check train-task-classify    0  "$TR" --target y --task classify -o "$trw/m.json" $td/line.csv
check train-task-regress     0  "$TR" --target age --task regress -o "$trw/m.json" $td/tiny.csv
check train-holdout          0  "$TR" --target species --holdout 0.4 --seed 3 -o "$trw/m.json" $td/iris.csv
check train-cv               0  "$TR" --target species --cv 3 -o "$trw/m.json" $td/iris.csv
check train-cv-holdout       0  "$TR" --target bought --cv 2 --holdout 0.2 -o "$trw/m.json" $td/tiny.csv
check train-quiet            0  "$TR" -q --target bought -o "$trw/m.json" $td/tiny.csv
check train-max-levels       0  tr_in "$TR" --target y --max-levels 2 -o m.json mid.csv
check train-not-converged    0  "$TR" --target bought --max-iter 2 -o "$trw/m.json" $td/tiny.csv
check train-late-column      0  tr_in "$TR" --target y -o m.json late-key.ndjson
check train-two-inputs       0  "$TR" --target bought -o "$trw/m.json" $td/tiny.csv $td/tiny.ndjson

# ---- bad input
check train-no-target        64 "$TR" $td/tiny.csv
check train-target-missing   65 "$TR" --target nope $td/tiny.csv
check train-bad-target       65 "$TR" --target bought $td/bad-target.csv
check train-bad-target-rows  0  tr_bad --target bought d/bad-target.csv
check train-bad-num          65 "$TR" --target bought --numeric income $td/bad-num.csv
check train-bad-num-rows     0  tr_bad --target bought --numeric income d/bad-num.csv
check train-bad-num-maxbad   0  "$TR" --target bought --numeric income --max-bad 1 -o "$trw/m.json" $td/bad-num.csv
check train-bad-num-inferred 0  "$TR" --target bought -o "$trw/m.json" $td/bad-num.csv
check train-late-text        65 tr_in "$TR" --target y late-text.csv
check train-ragged           65 "$TR" --target bought $td/ragged.csv
check train-ragged-rows      0  tr_bad --target bought d/ragged.csv
check train-one-class        65 "$TR" --target label $td/one-class.csv
check train-header-only      65 "$TR" --target bought $td/header-only.csv
check train-empty            65 "$TR" --target bought /dev/null
check train-nofile           66 "$TR" --target bought $td/nope.csv
check train-linear-classes   64 "$TR" --target bought --model linear $td/tiny.csv
check train-logistic-number  64 "$TR" --target y --model logistic $td/line.csv
check train-features-target  64 "$TR" --target bought --features bought,age $td/tiny.csv
check train-unknown-feature  64 "$TR" --target bought --features age,nope $td/tiny.csv
check train-both-kinds       64 "$TR" --target bought --numeric age --categorical age $td/tiny.csv
check train-no-features      65 "$TR" --target bought --ignore 1-3 $td/tiny.csv
check_in train-holdout-few   65 $td/line.csv sh -c 'head -2 | "$0" --target y --holdout 0.1' "$TR"
check train-cv-few           65 "$TR" --target bought --cv 20 $td/tiny.csv
check train-bad-model        64 "$TR" --target bought --model svm $td/tiny.csv
check train-bad-task         64 "$TR" --target bought --task guess $td/tiny.csv
check train-bad-holdout      64 "$TR" --target bought --holdout 1.5 $td/tiny.csv
check train-bad-cv           64 "$TR" --target bought --cv 1 $td/tiny.csv
check train-bad-l2           64 "$TR" --target bought --l2 -1 $td/tiny.csv
check train-bad-impute       64 "$TR" --target bought --impute mode $td/tiny.csv
check train-l1-linear        64 "$TR" --target y --l1 1 $td/line.csv
check train-trees-linear     64 "$TR" --target y --trees 5 $td/line.csv
check train-tol-gbdt         64 "$TR" --target y --model gbdt --tol 1e-3 $td/line.csv
check train-to               64 "$TR" --target bought -t csv $td/tiny.csv
check train-badopt           64 "$TR" --nope
check train-help             0  "$TR" --help
check train-version          0  "$TR" --version
check train-enospc           74 "$TR" --target bought -o /dev/full $td/tiny.csv

# ---- properties
# The same input, options and seed: the same bytes, whatever the threads.
ok    train-deterministic    sh -c '"$0" -q --target y -o "$1/d1.json" "$1/mid.csv" && "$0" -q --target y -o "$1/d2.json" "$1/mid.csv" && cmp "$1/d1.json" "$1/d2.json"' "$TR" "$trw"
ok    train-threads          sh -c '"$0" -q --target y --threads 1 -o "$1/t1.json" "$1/mid.csv" && "$0" -q --target y --threads 3 -o "$1/t3.json" "$1/mid.csv" && cmp "$1/t1.json" "$1/t3.json"' "$TR" "$trw"
ok    train-threads-gbdt     sh -c '"$0" -q --target y --model gbdt --trees 20 --threads 1 -o "$1/g1.json" "$1/mid.csv" && "$0" -q --target y --model gbdt --trees 20 --threads 2 -o "$1/g2.json" "$1/mid.csv" && cmp "$1/g1.json" "$1/g2.json"' "$TR" "$trw"
ok    train-stdin-same       sh -c '"$0" -q --target bought -o "$1/f.json" data/train/tiny.csv && "$0" -q --target bought -o "$1/s.json" <data/train/tiny.csv && cmp "$1/f.json" "$1/s.json"' "$TR" "$trw"
ok    train-seed-matters     sh -c '"$0" -q --target y --holdout 0.3 --seed 1 -o "$1/s1.json" "$1/mid.csv" && "$0" -q --target y --holdout 0.3 --seed 2 -o "$1/s2.json" "$1/mid.csv" && ! cmp -s "$1/s1.json" "$1/s2.json"' "$TR" "$trw"
# The model names the SHA-256 of the bytes read (compressed, for gzip).
# gbdt: the trees are lib/gbdt's business, so no golden file.
ok    train-gbdt             sh -c '"$0" --target bought --model gbdt --trees 5 --min-leaf 2 -o "$1/g.json" data/train/tiny.csv 2>"$1/g.err" && head -1 "$1/g.err" | grep -qx "weir-train: gbdt, binary, 10 rows, 3 features (6 columns): 5 rounds" && grep -q "\"model\": \"gbdt\"" "$1/g.json"' "$TR" "$trw"
ok    train-sha256           sh -c '"$0" -q --target bought -o "$1/h.json" data/train/tiny.csv && grep -q "\"sha256\": \"$(sha256sum <data/train/tiny.csv | cut -c1-64)\"" "$1/h.json"' "$TR" "$trw"
ok    train-sha256-gzip      sh -c 'gzip -c data/train/tiny.csv >"$1/tiny.csv.gz" && "$0" -q --target bought -o "$1/hz.json" "$1/tiny.csv.gz" && grep -q "\"sha256\": \"$(sha256sum <"$1/tiny.csv.gz" | cut -c1-64)\"" "$1/hz.json"' "$TR" "$trw"
ok    train-gzip-output      sh -c '"$0" -q --target bought -o "$1/z.json.gz" data/train/tiny.csv && "$0" -q --target bought data/train/tiny.csv >"$1/plain.json" && gzip -dc "$1/z.json.gz" | cmp - "$1/plain.json"' "$TR" "$trw"
ok    train-no-temp-left     sh -c 'mkdir -p "$1/left" && ! "$0" -q --target bought --cv 20 -o "$1/left/m.json" data/train/tiny.csv && [ -z "$(ls -A "$1/left")" ]' "$TR" "$trw"

# Scoring the training data again gives the training metrics.
tr_acc() {	# MODEL-ARGS... : train on $1 with target $2, predict, compare accuracy
	data=$1 target=$2
	shift 2
	"$TR" -q --target "$target" -o "$trw/acc.json" "$@" "$data" || return 1
	want=$(sed -n '/"train"/,/}/s/.*"accuracy": \([0-9.e-]*\).*/\1/p' "$trw/acc.json")
	got=$("$PR" -m "$trw/acc.json" --only-prediction --keep "$target" "$data" |
	    awk -F, 'NR > 1 { n++; if ($1 == $2) k++ } END { printf "%.17g", k / n }')
	awk -v a="$want" -v b="$got" 'BEGIN { exit !(a != "" && a - b < 1e-12 && b - a < 1e-12) }'
}
tr_rmse() {
	data=$1 target=$2
	shift 2
	"$TR" -q --target "$target" -o "$trw/rmse.json" "$@" "$data" || return 1
	want=$(sed -n '/"train"/,/}/s/.*"rmse": \([0-9.e-]*\).*/\1/p' "$trw/rmse.json")
	got=$("$PR" -m "$trw/rmse.json" --only-prediction --keep "$target" "$data" |
	    awk -F, 'NR > 1 { n++; d = $1 - $2; s += d * d } END { printf "%.17g", sqrt(s / n) }')
	awk -v a="$want" -v b="$got" 'BEGIN { exit !(a != "" && a - b < 1e-9 * (a + 1e-300) + 1e-15 && b - a < 1e-9 * (a + 1e-300) + 1e-15) }'
}
ok    train-predict-acc-logistic  tr_acc "$trw/mid.csv" y
ok    train-predict-acc-iris      tr_acc data/train/iris.csv species
ok    train-predict-acc-gbdt      tr_acc "$trw/mid.csv" y --model gbdt --trees 30
ok    train-predict-acc-multi     tr_acc data/train/iris.csv species --model gbdt --trees 10 --min-leaf 1
ok    train-predict-rmse-linear   tr_rmse "$trw/mid.csv" a --task regress
ok    train-predict-rmse-gbdt     tr_rmse "$trw/mid.csv" a --model gbdt --trees 20 --early-stop 5

# ---- numbers at the edges (see also extreme.sh)
check train-out-of-range     65 "$TR" --target bought $td/out-of-range.csv
check train-out-of-range-rows 0 tr_bad --target bought d/out-of-range.csv
check train-huge-target      0  "$TR" --target y $td/huge-target.csv
check train-huge-target-gbdt 65 "$TR" --target y --model gbdt --min-leaf 1 $td/huge-target.csv
