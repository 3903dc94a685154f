# tests/cli/extreme.sh - weir-train and weir-predict on numbers at the edges
# of float32 and double.  Sourced by tests/run; cwd is tests/.
#
# A property test: for every model type and task (linear; logistic and gbdt
# for two and three classes; gbdt regression), data holding +-1e38, +-3.4e38,
# +-1e39, +-1e300, denormals, -0 and huge targets (1e306, 1.7e308) must
# end (under timeout), and either give a model whose numbers are all finite
# and whose predictions, on its training data and on extreme inputs, are
# finite numbers or bad records naming column and value; or exit 65 saying
# why.  No empty or NaN prediction with exit 0, ever.
XT=$BIN/weir-train
XP=$BIN/weir-predict
xw=$tmp/extreme
mkdir -p "$xw"
if command -v timeout >/dev/null 2>&1; then xto="timeout 20"; else xto=; fi

# xgen V T: 60 rows of x (V in rows 5, 23 and 41 when set), z, c, and the
# targets yr (T in every other row when set), yb (two classes), ym (three).
xgen() {
	awk -v v="$1" -v t="$2" 'BEGIN { print "x,z,c,yr,yb,ym"; s = 7
	for (i = 0; i < 60; i++) {
		s = s * 16807 % 2147483647; x = s % 1000 / 100
		s = s * 16807 % 2147483647; z = s % 97 / 10
		c = substr("pqr", i % 3 + 1, 1)
		yr = 2 * x - z + (c == "q")
		yb = (x + z / 3 > 6) ? "yes" : "no"
		ym = (x < 3) ? "a" : (x < 6 ? "b" : "c")
		if (v != "" && (i == 5 || i == 23 || i == 41)) x = v
		if (t != "" && i % 2 == 0)
			yr = (i % 4 && t !~ /^-/ ? "-" : "") t
		printf "%s,%s,%s,%s,%s,%s\n", x, z, c, yr, yb, ym
	} }'
}

# Inputs to predict with: every extreme in x and in z.
{
	echo "x,z,c"
	for v in 1e38 -1e38 3.4e38 -3.4e38 3.5e38 1e39 -1e39 1e300 -1e300 \
	    4e-320 -4e-320 1e-45 -0 0; do
		echo "$v,1,p"
		echo "2,$v,q"
	done
} >"$xw/inputs.csv"

# xnums FILE: every field after the header of the --only-prediction
# --probabilities CSV FILE is non-empty, and a finite number but for the
# class (column 1 of a classifier).
xnums() {
	awk -F, 'NR == 1 { cls = $2 == "probability"; next }
	{ for (i = 1 + cls; i <= NF; i++)
		if ($i !~ /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/)
			bad = 1
	  if (cls && $1 == "") bad = 1 }
	END { exit bad }' "$1"
}

# xmodel FILE: the parameters and the metrics hold only finite numbers
# (JSON cannot say NaN or inf: look for null, empty arrays, words).
xmodel() {
	awk '/"params"/ { p = 1 } /"training"/ { p = 0 }
	p && /null|nan|inf|\[\]/ { bad = 1 }
	/"(center|scale)": *null/ { bad = 1 }
	END { exit bad }' "$1"
}

# xcase MODEL TARGET V T: the property for one model and data set.
xcase() {
	d=$xw/d.csv m=$xw/m.json
	rm -f "$m"
	xgen "$3" "$4" >"$d"
	$xto "$XT" -q --model "$1" --target "$2" --features x,z,c \
	    $( [ "$1" = gbdt ] && echo --trees 5 --min-leaf 2 ) \
	    -o "$m" "$d" 2>"$xw/t.err"
	rv=$?
	case $rv in
	65)	# why: a column and its value, the target, or a weight
		grep -Eq "column 'x': '[^']*' is out of the model's range|target 'yr' holds|is not a finite number" "$xw/t.err" &&
		    [ ! -f "$m" ] || { echo "65 without a reason"; cat "$xw/t.err"; return 1; }
		return 0 ;;
	0)	;;
	*)	echo "train: exit $rv"; cat "$xw/t.err"; return 1 ;;
	esac
	xmodel "$m" || { echo "a number that is not finite in $m"; return 1; }
	# its own data: every row, every prediction a number
	$xto "$XP" -m "$m" --only-prediction --probabilities "$d" \
	    >"$xw/p.csv" 2>"$xw/p.err" || { echo "predict: exit $?"; cat "$xw/p.err"; return 1; }
	xnums "$xw/p.csv" || { echo "not a number in $xw/p.csv"; return 1; }
	# extreme inputs: numbers, or bad records naming column and value
	rm -f "$xw/bad.csv"
	$xto "$XP" -q -m "$m" --only-prediction --probabilities \
	    --bad-rows "$xw/bad.csv" "$xw/inputs.csv" >"$xw/p.csv" 2>"$xw/p.err" ||
	    { echo "predict extremes: exit $?"; cat "$xw/p.err"; return 1; }
	xnums "$xw/p.csv" || { echo "not a number in $xw/p.csv"; return 1; }
	[ ! -f "$xw/bad.csv" ] || awk -F, 'NR > 1 && ($3 != "x" && $3 != "z" ||
	    $4 !~ /^.[-0-9.e]+. (is out of the model.s range|times the model.s weight overflows)/) { bad = 1 }
	    END { exit bad }' "$xw/bad.csv" ||
	    { echo "a bad record without column and value"; cat "$xw/bad.csv"; return 1; }
	# and without --bad-rows: 0, or 65 naming the column and value
	$xto "$XP" -m "$m" "$xw/inputs.csv" >/dev/null 2>"$xw/p.err"
	rv=$?
	[ $rv -eq 0 ] || { [ $rv -eq 65 ] && grep -Eq "inputs.csv:[0-9]+: column '[xz]': '[^']+'" "$xw/p.err"; } ||
	    { echo "predict extremes: exit $rv"; cat "$xw/p.err"; return 1; }
}

for xv in 1e38 -1e38 3.4e38 1e39 -1e39 1e300 -1e300 4e-320 -0 1e-45; do
	for xm in linear:yr gbdt:yr logistic:yb gbdt:yb logistic:ym gbdt:ym; do
		ok extreme-x$xv-${xm%:*}-${xm#*:} xcase "${xm%:*}" "${xm#*:}" "$xv" ""
	done
done
for xt in 1e306 1.7e308 4e-320 -0; do
	for xm in linear:yr gbdt:yr; do
		ok extreme-y$xt-${xm%:*} xcase "${xm%:*}" yr "" "$xt"
	done
done
ok extreme-both-linear xcase linear yr -1e38 1e306
# Two sides of the float32 range in one column: centered, the scale halves.
ok extreme-span sh -c '
	awk "BEGIN { print \"x,y\"; for (i = 0; i < 40; i++)
		printf \"%s,%d\n\", i % 4 == 0 ? \"-3.4e38\" : \"3.4e38\", i % 2 }" >"$1/span.csv"
	"$2" -q --target y --task regress -o "$1/span.json" "$1/span.csv" &&
	grep -q "\"scale\": 2.0" "$1/span.json" &&
	printf "x\n-3.4e38\n3.4e38\n1e39\n" | "$3" -q -m "$1/span.json" \
	    --bad-rows "$1/span-bad.csv" - | awk -F, "NR > 1 && \$2 == \"\" { exit 1 }" &&
	grep -q "^-,4,x," "$1/span-bad.csv"' sh "$xw" "$XT" "$XP"
# Training puts the rows it cannot hold aside with --bad-rows.
ok extreme-train-bad-rows sh -c '
	rm -f "$1/tb.csv"
	awk "NR == 4 { \$0 = \"1e39,1,p,1,yes,a\" } 1" "$1/d.csv" >"$1/tb-in.csv"
	"$2" -q --target yr --features x,z,c --bad-rows "$1/tb.csv" \
	    -o "$1/tb.json" "$1/tb-in.csv" &&
	grep -q "^$1/tb-in.csv,4,x,.1e39. is out of the model.s range" "$1/tb.csv"' sh "$xw" "$XT"
