# tests/cli/quality.sh - weir-audit profile, check and drift.  Sourced by
# tests/run; cwd is tests/.  Fixtures in data/quality/.
AU=$BIN/weir-audit
qd=data/quality
qw=$(scratch quality data/quality)
now="env SOURCE_DATE_EPOCH=1796688000"	# 2026-12-08
"$BIN/tests/gen/gendata" -n 20000 -s 5 >"$tmp/quality-gen.csv"
"$AU" profile -o "$qw/people.profile.json" $qd/people.csv 2>/dev/null

# ---- profile ----------------------------------------------------------
check quality-profile            0  "$AU" profile $qd/people.csv
check quality-profile-table      0  "$AU" profile -t table $qd/people.csv
check quality-profile-markdown   0  "$AU" profile -t markdown $qd/people.csv
check quality-profile-ndjson     0  "$AU" profile -f ndjson $qd/people.ndjson
check quality-profile-empty      0  "$AU" profile $qd/empty.csv
check quality-profile-bad-to     64 "$AU" profile -t xml $qd/people.csv
check quality-profile-two        64 "$AU" profile $qd/people.csv $qd/people.csv
check quality-profile-missing    66 "$AU" profile $qd/nope.csv
check quality-merge-not-profile  65 "$AU" profile --merge $qd/rules.json
check quality-merge-none         64 "$AU" profile --merge
check quality-suggest            0  "$AU" profile --suggest-rules $qw/people.profile.json
# shards merge to the profile of the whole (the parts that are exact)
ok    quality-merge sh -c '{ head -n 6 "$2"; } >"$3/a.csv" && { head -n 1 "$2"; tail -n +7 "$2"; } >"$3/b.csv" &&
    "$1" profile -o "$3/a.json" "$3/a.csv" && "$1" profile -o "$3/b.json" "$3/b.csv" &&
    "$1" profile --merge "$3/a.json" "$3/b.json" >"$3/m.json" && "$1" profile "$2" >"$3/w.json" &&
    [ -s "$3/m.json" ] && [ -s "$3/w.json" ] &&
    f="[.records, (.columns[] | [.name, .type, .count, .missing, .distinct, .min, .max, .top, .length, .looks, .histogram.values])]" &&
    [ "$(jq -c "$f" "$3/m.json")" = "$(jq -c "$f" "$3/w.json")" ] &&
    jq -e --slurpfile w "$3/w.json" "[.columns[] | select(.mean) | .mean] as \$a |
        [\$w[0].columns[] | select(.mean) | .mean] as \$b | [range(\$a | length) |
        (\$a[.] - \$b[.]) | fabs < 1e-9] | all" "$3/m.json" >/dev/null' sh "$AU" $qd/people.csv "$qw"
# the rules suggested from a profile pass on the data profiled
ok    quality-suggest-pass sh -c '"$1" profile -o "$3/g.json" "$2" && "$1" profile --suggest-rules -o "$3/r.json" "$3/g.json" &&
    "$1" check -q "$3/r.json" "$2"' sh "$AU" "$tmp/quality-gen.csv" "$qw"
# 10^5 numbers: past the exact limit the quantiles come from the sketch,
# within the rank error the profile states
ok    quality-sketch-bound sh -c 'awk "BEGIN { print \"x\"; for (i = 0; i < 100000; i++) print (i * 7919) % 100000 }" >"$2/n.csv" &&
    "$1" profile -o "$2/n.json" "$2/n.csv" && [ -s "$2/n.json" ] && jq -e ".columns[0] | .quantiles_exact == false and .quantile_rank_error > 0 and
        (.quantiles.p50 - 50000 | fabs) <= 100000 * .quantile_rank_error * 2 and
        (.quantiles.p99 - 99000 | fabs) <= 100000 * .quantile_rank_error * 2 and
        .distinct_exact == false and (.distinct - 100000 | fabs) < 100000 * 0.0081 * 4" "$2/n.json" >/dev/null' sh "$AU" "$qw"

# ---- profile in parts -------------------------------------------------
# 5.5 MB of CSV: read in 2 parts (one a 32 MiB, two at least; t_parts
# reads many parts on many threads).  The cuts depend on
# the file alone, so the profile is the same byte for byte on any number
# of threads; against a read of the whole (standard input) everything
# exact is the same, all but the Misra-Gries summaries (top values past
# 1000 distinct) and the last digits of means and deviations (merged by
# Chan's formula), which must agree to 1e-9.
"$BIN/tests/gen/gendata" -n 40000 -s 5 >"$qw/big.csv"
cat >"$qw/same.sh" <<'SH'
# same.sh WEIR FILE DIR [option]: in parts on 4 threads = on 1 ~ whole
f='del(.columns[].state, .columns[].mean, .columns[].stddev, .columns[].top_error) |
    .columns[] |= (if .top_exact then . else del(.top, .histogram) end)'
m='[.columns[] | .mean, .stddev | select(. != null)]'
"$1" profile -v --threads 4 $4 -o "$3/p4.json" "$2" 2>"$3/p4.err" &&
grep -q "read in 2 parts" "$3/p4.err" && [ -s "$3/p4.json" ] &&
"$1" profile --threads 1 $4 -o "$3/p1.json" "$2" && cmp "$3/p4.json" "$3/p1.json" &&
"$1" profile -v $4 -o "$3/pw.json" - <"$2" 2>"$3/pw.err" && ! grep -q "in .* parts" "$3/pw.err" &&
[ -s "$3/pw.json" ] && ! cmp -s "$3/p4.json" "$3/pw.json" &&
[ "$(jq -cS "$f" "$3/p4.json")" = "$(jq -cS "$f" "$3/pw.json")" ] &&
jq -e --slurpfile w "$3/pw.json" "$m as \$a | \$w[0] | $m as \$b |
    (\$a | length) == (\$b | length) and (\$a | length) > 0 and
    ([range(\$a | length) | (\$a[.] - \$b[.] | fabs) <= 1e-9 * (\$b[.] | fabs) + 1e-12] | all)" \
    "$3/p4.json" >/dev/null
SH
ok    quality-parts-same sh "$qw/same.sh" "$AU" "$qw/big.csv" "$qw"
ok    quality-parts-crlf sh -c 'sed "s/\$/\r/" "$2" >"$3/crlf.csv" && sh "$3/same.sh" "$1" "$3/crlf.csv" "$3"' sh "$AU" "$qw/big.csv" "$qw"
ok    quality-parts-tsv sh -c '"$4" -t tsv "$2" >"$3/big.tsv" && sh "$3/same.sh" "$1" "$3/big.tsv" "$3" "-f tsv"' sh "$AU" "$qw/big.csv" "$qw" "$BIN/weir-convert"
ok    quality-parts-ndjson sh -c '"$4" -t ndjson "$2" >"$3/big.ndjson" && sh "$3/same.sh" "$1" "$3/big.ndjson" "$3"' sh "$AU" "$qw/big.csv" "$qw" "$BIN/weir-convert"
# NDJSON keys seen in one part only: the columns in order of first
# appearance, missing elsewhere, as in one reading
ok    quality-parts-ndjson-keys sh -c '"$4" -t ndjson "$2" | awk "NR == 10 { sub(/}\$/, \",\\\"early\\\":1}\") }
    NR == 39000 { sub(/}\$/, \",\\\"late\\\":\\\"x\\\"}\") } { print }" >"$3/keys.ndjson" &&
    "$1" profile -v --threads 2 -o "$3/k2.json" "$3/keys.ndjson" 2>"$3/k2.err" && grep -q "read in 2 parts" "$3/k2.err" &&
    "$1" profile -o "$3/kw.json" - <"$3/keys.ndjson" &&
    [ "$(jq -c "[.columns[] | [.name, .count, .missing]]" "$3/k2.json")" = "$(jq -c "[.columns[] | [.name, .count, .missing]]" "$3/kw.json")" ] &&
    [ "$(jq -c "[.columns[-2:][] | [.name, .count, .missing]]" "$3/k2.json")" = "[[\"early\",1,39999],[\"late\",1,39999]]" ]' \
    sh "$AU" "$qw/big.csv" "$qw" "$BIN/weir-convert"
ok    quality-parts-no-header sh -c 'tail -n +2 "$2" >"$3/nohdr.csv" && sh "$3/same.sh" "$1" "$3/nohdr.csv" "$3" --no-header' sh "$AU" "$qw/big.csv" "$qw"
# standard input and gzip are read whole
ok    quality-parts-stdin sh -c '"$1" profile -v -o /dev/null - <"$2" 2>"$3/s.err" && ! grep -q "in .* parts" "$3/s.err" &&
    gzip -c "$2" >"$3/big.csv.gz" && "$1" profile -v -o /dev/null "$3/big.csv.gz" 2>"$3/s.err" && ! grep -q "in .* parts" "$3/s.err"' sh "$AU" "$qw/big.csv" "$qw"
# bad records in later parts: the same bad-rows file, messages and line
# numbers as a read of the whole (those parts are read again in order)
awk '{ print; q += gsub(/"/, "\""); if (q % 2 == 0 && ((NR >= 5 && !a) || (NR >= 30000 && !b) || (NR >= 36000 && !c))) {
    print "bad,row"; if (!a) a = 1; else if (!b) b = 1; else c = 1 } }' "$qw/big.csv" >"$qw/bad.csv"
ok    quality-parts-bad-rows sh -c 'cd "$3" && "$1" profile -v --threads 4 --bad-rows b4.csv -o b4.json bad.csv 2>b4.err &&
    grep -q "read in 2 parts" b4.err && "$1" profile --bad-rows b1.csv -o b1.json - <bad.csv &&
    [ "$(grep -c "^bad.csv,[0-9]*,,\"2 fields" b4.csv)" -eq 3 ] && sed "s/^-,/bad.csv,/" b1.csv | cmp b4.csv - &&
    [ "$(jq .records b4.json)" -eq 40000 ] && [ "$(jq .records b1.json)" -eq 40000 ]' sh "$AU" "$qw/big.csv" "$qw"
ok    quality-parts-bad-stop sh -c 'cd "$2" && "$1" profile --threads 4 -o x.json bad.csv 2>e4; s4=$?;
    "$1" profile -o x.json - <bad.csv 2>e1; s1=$?; [ $s4 -eq 65 ] && [ $s1 -eq 65 ] && sed "s/^weir-audit: -:/weir-audit: bad.csv:/" e1 | cmp e4 - &&
    grep -q "bad.csv:6: 2 fields" e4 && [ ! -e x.json ]' sh "$AU" "$qw"
ok    quality-parts-bad-late sh -c 'cd "$2" && grep -v "^bad,row" bad.csv | sed "36000s/^/\"x\"y/" >late.csv &&
    "$1" profile --threads 4 -o x.json late.csv 2>e4; s4=$?; "$1" profile -o x.json - <late.csv 2>e1; s1=$?;
    [ $s4 -eq 65 ] && [ $s1 -eq 65 ] && sed "s/^weir-audit: -:/weir-audit: late.csv:/" e1 | cmp e4 - &&
    grep -q "late.csv:36000: malformed quoting" e4' sh "$AU" "$qw"
# the lineage log digests the whole file and counts every part's records
ok    quality-parts-log sh -c 'cd "$3" && rm -f p.log && WEIR_AUDIT_LOG=p.log "$1" profile -o /dev/null "$2" &&
    "$1" log show -t ndjson p.log >p.ndjson && [ -s p.ndjson ] &&
    jq -e --arg d "$(sha256sum "$2" | cut -c1-64)" --argjson n "$(wc -c <"$2")" \
        ".inputs[0] | .sha256 == \$d and .bytes == \$n and .records == 40000" p.ndjson >/dev/null' sh "$AU" "$qw/big.csv" "$qw"
check quality-parts-threads-0    64 "$AU" profile --threads 0 $qd/people.csv
check quality-parts-threads-17   64 "$AU" profile --threads 17 $qd/people.csv

# ---- check ------------------------------------------------------------
check quality-check              1  $now "$AU" check --results - $qd/rules.json $qd/people.csv
check quality-check-quiet        1  $now "$AU" check -q $qd/rules.json $qd/people.csv
check quality-check-pass         0  "$AU" check $qd/pass.json $qd/people.csv
check quality-check-bad-rows     1  $now "$AU" check -q --bad-rows - $qd/rules.json $qd/people.csv
check quality-check-stdin        0  sh -c '"$1" check -q "$2" < "$3"' sh "$AU" $qd/pass.json $qd/people.csv
check quality-check-no-rules     64 "$AU" check
check quality-check-missing      66 "$AU" check $qd/nope.json $qd/people.csv
check quality-check-bad-json     65 "$AU" check $qd/bad-json.json $qd/people.csv
check quality-check-bad-shape    65 "$AU" check $qd/bad-shape.json $qd/people.csv
check quality-check-bad-nocol    65 "$AU" check $qd/bad-nocol.json $qd/people.csv
check quality-check-bad-check    65 "$AU" check $qd/bad-check.json $qd/people.csv
check quality-check-bad-range    65 "$AU" check $qd/bad-range.json $qd/people.csv
check quality-check-bad-pattern  65 "$AU" check $qd/bad-pattern.json $qd/people.csv
check quality-check-output       64 "$AU" check -o x.json $qd/pass.json $qd/people.csv
ok    quality-check-no-values sh -c '$0 "$1" check -q --no-values --results "$4/r.json" "$2" "$3";
    [ $? -eq 1 ] && [ -s "$4/r.json" ] && jq -e "[.results[] | has(\"values\")] | any | not" "$4/r.json" >/dev/null &&
    ! grep -q "ed@example" "$4/r.json"' "$now" "$AU" $qd/rules.json $qd/people.csv "$qw"
# unique and foreign_key at 1 MiB spill to temporary files and still count
# every duplicate (awk counts them apart)
ok    quality-check-unique-spill sh -c 'printf "{\"rules\": [{\"check\": \"unique\", \"column\": \"email\"}]}" >"$3/u.json" &&
    "$1" check -q --memory 1M --results "$3/u.out" "$3/u.json" "$2"; [ $? -eq 1 ] &&
    want=$("$4" --csv --from "$2" cut -f email then count-distinct -f email then filter "\$count > 1" then put "\$d = \$count - 1" then stats1 -a sum -f d then cut -f d_sum 2>/dev/null | tail -n 1) &&
    got=$(jq ".results[0].failing" "$3/u.out") && [ -n "$want" ] && [ "$got" = "$want" ]' \
    sh "$AU" "$tmp/quality-gen.csv" "$qw" "$(command -v mlr || echo false)"

# ---- drift ------------------------------------------------------------
check quality-drift-self         0  "$AU" drift --reference $qd/people.csv $qd/people.csv
check quality-drift-shifted      1  "$AU" drift --reference $qd/people.csv $qd/shifted.csv
check quality-drift-json         1  "$AU" drift -t json --reference $qd/people.csv $qd/shifted.csv
check quality-drift-threshold    0  "$AU" drift --threshold psi=100,ks=1,js=1,missing=1 --reference $qd/people.csv $qd/shifted.csv
check quality-drift-no-ref       64 "$AU" drift $qd/people.csv
check quality-drift-bad-thresh   64 "$AU" drift --threshold psi $qd/people.csv
check quality-drift-bad-name     64 "$AU" drift --threshold size=2 --reference $qd/people.csv $qd/people.csv
check quality-drift-bad-ref      65 "$AU" drift --reference $qd/rules.json $qd/people.csv
# a resample does not drift; a shift of one column does, and only it
# (NDJSON: one record a line, since generated notes hold newlines)
ok    quality-drift-resample sh -c '"$4" -t ndjson "$2" >"$3/gen.ndjson" && awk "NR % 2 == 0" "$3/gen.ndjson" >"$3/half.ndjson" &&
    "$1" profile -o "$3/ref.json" "$2" && "$1" drift -q --reference "$3/ref.json" "$3/half.ndjson" >/dev/null' \
    sh "$AU" "$tmp/quality-gen.csv" "$qw" "$BIN/weir-convert"
ok    quality-drift-shift sh -c 'jq -c "if (.amount | type) == \"number\" then .amount = .amount * 1.5 + 100 else . end" \
        "$3/gen.ndjson" >"$3/shift.ndjson" &&
    "$1" drift -q -t json --reference "$3/ref.json" "$3/shift.ndjson" >"$3/d.json"; [ $? -eq 1 ] && [ -s "$3/d.json" ] &&
    jq -e "[.columns[] | select(.drift) | .column] == [\"amount\"]" "$3/d.json" >/dev/null' \
    sh "$AU" "$tmp/quality-gen.csv" "$qw"

# ---- model ------------------------------------------------------------
# scored records made from the data of tests/unit/t_evalmetrics.c, whose
# numbers scikit-learn computed
check quality-model-binary       0  "$AU" model --truth churned --group region $qd/scored-binary.csv
check quality-model-json         0  "$AU" model -t json --truth churned --group region $qd/scored-binary.csv
check quality-model-multi        0  "$AU" model -t markdown --truth species $qd/scored-multi.csv
check quality-model-regression   0  "$AU" model --truth y $qd/scored-reg.csv
check quality-model-fail-on      1  "$AU" model --truth churned --group region --fail-on 'dp_ratio[region]<0.9,accuracy<0.5' $qd/scored-binary.csv
check quality-model-pass-on      0  "$AU" model -q --truth churned --fail-on 'accuracy<0.5,log_loss>1' $qd/scored-binary.csv
check quality-model-no-truth     64 "$AU" model $qd/scored-binary.csv
check quality-model-unknown      64 "$AU" model --truth nope $qd/scored-binary.csv
check quality-model-bad-prob     65 "$AU" model --truth churned $qd/scored-badprob.csv
check quality-model-bad-fail-on  64 "$AU" model --truth churned --fail-on 'accuracy=1' $qd/scored-binary.csv
check quality-model-fail-name    64 "$AU" model --truth churned --fail-on 'r2<0.5' $qd/scored-binary.csv
check quality-model-positive     64 "$AU" model --truth churned --positive maybe $qd/scored-binary.csv
check quality-model-multi-group  64 "$AU" model --truth species --group prediction $qd/scored-multi.csv
check quality-model-regress-text 65 "$AU" model --task regression --truth churned $qd/scored-binary.csv
ok    quality-model-sklearn sh -c '"$1" model -t json --truth churned --group region "$2" >"$3/e.json" && [ -s "$3/e.json" ] && jq -e "
    def near(a; b): (a - b | fabs) <= 1e-9;
    near(.roc_auc; 0.96741854636591484) and near(.average_precision; 0.95822890559732665) and
    near(.log_loss; 0.39506548213996961) and near(.brier; 0.11750000000000002) and
    near(.ece; 0.22500000000000001) and near(.balanced_accuracy; 0.83082706766917291) and
    near(.fairness[0].dp_ratio; 0.8) and near(.fairness[0].eo_difference; 0.17499999999999999)" "$3/e.json" >/dev/null' \
    sh "$AU" $qd/scored-binary.csv "$qw"
# predict then evaluate: the pipeline of the README
ok    quality-model-pipeline sh -c '"$1" --target species -o "$4/iris.model.json" "$3" 2>/dev/null &&
    "$2" -m "$4/iris.model.json" --probabilities --only-prediction --keep species "$3" | "$5" model -t json --truth species >"$4/ev.json" &&
    [ -s "$4/ev.json" ] && jq -e ".accuracy > 0.9 and .roc_auc_ovr_macro > 0.9 and (.confusion | length) == 3" "$4/ev.json" >/dev/null' \
    sh "$BIN/weir-train" "$BIN/weir-predict" data/train/iris.csv "$qw" "$AU"

# ---- card and report ---------------------------------------------------
"$BIN/weir-train" --target species -o "$qw/iris.model.json" data/train/iris.csv 2>/dev/null
"$AU" model -q --truth churned --group region --json "$qw/eval.json" $qd/scored-binary.csv >/dev/null
"$AU" drift -q --json "$qw/drift.json" --reference $qd/people.csv $qd/shifted.csv >/dev/null
SOURCE_DATE_EPOCH=1796688000 "$AU" check -q --results "$qw/check.json" $qd/rules.json $qd/people.csv
check quality-card               0  "$AU" card -m "$qw/iris.model.json" --profile "$qw/people.profile.json" --meta $qd/card-meta.json
check quality-card-bare          0  "$AU" card -m "$qw/iris.model.json"
check quality-card-no-model      64 "$AU" card --meta $qd/card-meta.json
check quality-card-not-model     65 "$AU" card -m $qd/rules.json
check quality-card-bad-meta      65 "$AU" card -m "$qw/iris.model.json" --meta $qd/card-meta-bad.json
check quality-report-nothing     64 "$AU" report
check quality-report-not-eval    65 "$AU" report --model $qd/rules.json
# the page is well-formed XML (every tag closed), self-contained (no
# script, no URL but the SVG namespace) and holds a chart of each kind
ok    quality-report-valid sh -c '"$1" report --profile "$2/people.profile.json" --check "$2/check.json" \
        --drift "$2/drift.json" --model "$2/eval.json" -o "$2/report.html" &&
    ! grep -qi "<script\|src=\|href=" "$2/report.html" &&
    [ "$(grep -o "http[s]*://[^\"]*" "$2/report.html" | sort -u)" = "http://www.w3.org/2000/svg" ] &&
    python3 -c "
import sys, xml.etree.ElementTree as ET
t = open(sys.argv[1]).read().replace(\"<!DOCTYPE html>\", \"\", 1)
r = ET.fromstring(t)
svg = [e for e in r.iter() if e.tag.endswith(\"svg\") and e.tag != \"svg\"]
titles = \" \".join(e.text or \"\" for e in r.iter() if e.tag.endswith(\"text\"))
need = [\"ROC curve\", \"Precision-recall curve\", \"Calibration\", \"Confusion matrix\",
        \"Share of missing values\", \"Population stability index\", \"Selection rate\",
        \"share of values, reference and current\"]
sys.exit(0 if len(svg) >= 7 and all(n in titles for n in need) else 1)
" "$2/report.html"' sh "$AU" "$qw"
ok    quality-card-html sh -c '"$1" card -t html -m "$2/iris.model.json" --eval "$2/eval.json" --meta "$3" |
    sed "1d" | python3 -c "import sys, xml.etree.ElementTree as ET; ET.fromstring(sys.stdin.read())"' \
    sh "$AU" "$qw" $qd/card-meta.json
if command -v chromium >/dev/null 2>&1; then
	ok quality-report-render sh -c 'chromium --headless --no-sandbox --disable-gpu --window-size=900,1200 \
	    --screenshot="$1/shot.png" "file://$1/report.html" >/dev/null 2>&1 &&
	    python3 -c "
import sys, zlib, struct
d = open(sys.argv[1], \"rb\").read()
sys.exit(0 if len(d) > 20000 else 1)" "$1/shot.png"' sh "$(cd "$qw" && pwd)"
else
	skip quality-report-render "chromium not installed: the report is not rendered"
fi
# -m scores first; the log loss is the one weir-train measured on the same data
ok    quality-model-score sh -c '"$1" model -t json -m "$2/iris.model.json" "$3" >"$2/sc.json" && [ -s "$2/sc.json" ] &&
    jq -e --slurpfile m "$2/iris.model.json" "(.log_loss - \$m[0].metrics.train.log_loss | fabs) < 1e-12 and .records == 15" \
    "$2/sc.json" >/dev/null' sh "$AU" "$qw" data/train/iris.csv
check quality-model-score-missing 66 "$AU" model -m $qd/nope.json data/train/iris.csv
# --log: the card says how the model was made
ok    quality-card-lineage sh -c 'cd "$2" && rm -f lin.log && WEIR_AUDIT_LOG=lin.log "$3" --target species -o lin.model.json "$4" 2>/dev/null &&
    "$1" card -m lin.model.json --log lin.log >card.md && grep -q "^## Lineage" card.md &&
    grep -q "weir-train --target species -o lin.model.json" card.md && grep -q "iris.csv  sha256:" card.md' \
    sh "$AU" "$qw" "$BIN/weir-train" "$(pwd)/data/train/iris.csv"
# every check passing and failing somewhere (with quality-check above)
ok    quality-check-each sh -c '$0 "$1" check -q --results "$4/each.json" "$2" "$3"; [ $? -eq 1 ] && [ -s "$4/each.json" ] &&
    jq -e "[.results[] | {(.rule): .status}] | add |
        .\"p-pass\" == \"pass\" and .\"fk-pass\" == \"pass\" and .\"q-pass\" == \"pass\" and .\"d-pass\" == \"pass\" and
        .\"nn-pass\" == \"pass\" and .\"rows-fail\" == \"fail\" and .\"mean-fail\" == \"fail\" and
        .\"type-fail\" == \"fail\" and .\"miss-fail\" == \"fail\" and .\"fresh-fail\" == \"fail\" and
        .\"between-fail\" == \"fail\" and .\"unique-fail\" == \"fail\"" "$4/each.json" >/dev/null' \
    "$now" "$AU" $qd/each.json $qd/people.csv "$qw"
