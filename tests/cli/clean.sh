# tests/cli/clean.sh - weir-clean.  Sourced by tests/run; cwd is tests/.
# Fixtures are in data/clean/; each case has golden/CASE.out and .err.
CL=$BIN/weir-clean
cld=data/clean
clw=$(scratch cl data/clean)

# ---- columns
check clean-plain                 0  "$CL" $cld/messy.csv
check clean-columns               0  "$CL" -c note,id $cld/messy.csv
check clean-drop                  0  "$CL" --drop name,note $cld/messy.csv
check clean-rename                0  "$CL" --rename name=full_name,city=town $cld/messy.csv
check clean-rename-then-where     0  "$CL" --rename city=town --where 'town == Berlin' $cld/messy.csv
check clean-safe-names            0  "$CL" --safe-names -c 1-2 --rename id=Record\ ID $cld/messy.csv
check clean-ragged-bad            65 "$CL" $cld/ragged.csv
check clean-ragged-pad            0  "$CL" -v --ragged pad --bad-rows /dev/null $cld/ragged.csv
check clean-ragged-truncate       0  "$CL" -v --ragged truncate --bad-rows /dev/null $cld/ragged.csv
check clean-ragged-both           0  "$CL" -v --ragged pad,truncate $cld/ragged.csv

# ---- nulls and text
check clean-nulls                 0  "$CL" -v --nulls $cld/messy.csv
check clean-nulls-ndjson          0  "$CL" --nulls -t ndjson $cld/messy.csv
check clean-nulls-list            0  "$CL" -v --nulls=NULL,None,'a\,b' $cld/messy.csv
check clean-trim                  0  "$CL" -v --trim $cld/messy.csv
check clean-squeeze               0  "$CL" -v --squeeze $cld/messy.csv
check clean-nfc                   0  "$CL" -v --normalize nfc -c name $cld/messy.csv
check clean-nfkc                  0  "$CL" -v --normalize nfkc -c name $cld/messy.csv
check clean-case                  0  "$CL" -v --case name=title --case city=lower --case note=upper $cld/messy.csv
check clean-text-order            0  "$CL" -v --case city=upper --trim --squeeze --nulls $cld/messy.csv
check clean-nfc-dedup             0  "$CL" -v --normalize nfc --dedup-by name $cld/messy.csv
check clean-ndjson                0  "$CL" -v --trim --nulls $cld/people.ndjson
check clean-ndjson-csv            0  "$CL" -t csv --trim --nulls --drop tags $cld/people.ndjson

# ---- types: messy forms coerced, then the schema's canonical form
ts=$cld/types.schema.json
check clean-schema                65 "$CL" --schema $ts $cld/types.csv
check clean-schema-bad-rows       0  "$CL" -v --schema $ts --bad-rows - $cld/types.csv
check clean-schema-options        0  "$CL" -v --schema $ts --epoch --date-order dmy --percent --bad-rows - $cld/types.csv
check clean-schema-mdy            0  "$CL" --schema $ts --date-order mdy --bad-rows - $cld/types.csv
check clean-schema-null           0  "$CL" -v --schema $ts --coerce-fail null --epoch $cld/types.csv
check clean-schema-ndjson         0  "$CL" -t ndjson --schema $ts --coerce-fail null --percent $cld/types.csv
check clean-decimal-comma         0  "$CL" --schema $cld/comma.schema.json --decimal-comma $cld/comma.csv
check clean-no-decimal-comma      65 "$CL" --schema $cld/comma.schema.json $cld/comma.csv
check clean-schema-after-trim     0  "$CL" --schema $cld/comma.schema.json --decimal-comma --trim --nulls --fill amount=median $cld/comma.csv

# ---- fill
check clean-fill-value            0  "$CL" -v --fill region=unknown --fill sales=0 $cld/fill.csv
check clean-fill-mean             0  "$CL" -v --fill sales=mean $cld/fill.csv
check clean-fill-median           0  "$CL" -v --fill sales=median --fill temp=median $cld/fill.csv
check clean-fill-mode             0  "$CL" -v --fill region=mode $cld/fill.csv
check clean-fill-down             0  "$CL" -v --fill region=down --fill temp=down $cld/fill.csv
check clean-fill-up               0  "$CL" -v --fill region=up --fill temp=up $cld/fill.csv
check clean-fill-up-where         0  "$CL" --fill temp=up --where 'temp > 6' $cld/fill.csv
check_in clean-fill-stdin         0  $cld/fill.csv "$CL" --fill sales=median --fill region=mode
check clean-fill-ndjson           0  "$CL" --fill age=mean --fill city=mode $cld/people.ndjson
check clean-require               65 "$CL" --require region $cld/fill.csv
check clean-require-bad-rows      0  "$CL" --require region --bad-rows - -o /dev/null $cld/fill.csv
check clean-require-after-fill    0  "$CL" --require region --fill region=down $cld/fill.csv

# ---- clip and outliers
check clean-clip-values           0  "$CL" -v --clip v=0,50 $cld/outliers.csv
check clean-clip-pct              0  "$CL" -v --clip v=p10,p90 $cld/outliers.csv
check clean-outliers-iqr          0  "$CL" -v --outliers v=iqr $cld/outliers.csv
check clean-outliers-null         0  "$CL" -v --outliers v=iqr --outliers-action null $cld/outliers.csv
check clean-outliers-flag         0  "$CL" -v --outliers v=zscore:1.5 --outliers-action flag $cld/outliers.csv
check clean-outliers-zscore       0  "$CL" -v --outliers v=zscore:2 $cld/outliers.csv

# ---- where
check clean-where-num             0  "$CL" --where 'v > 11' $cld/outliers.csv
check clean-where-and             0  "$CL" --where 'v >= 11' --where 'w < 8' $cld/outliers.csv
check clean-where-text            0  "$CL" --where 'v > 2' --where 'v != x' $cld/outliers.csv
check clean-where-regex           0  "$CL" --where 'email ~ ^[ab]@' $cld/dedup.csv
check clean-where-not-regex       0  "$CL" --where 'email !~ x\.com$' $cld/dedup.csv
check clean-where-in              0  "$CL" --where 'name in (Ann, Bob2,"Nobody")' $cld/dedup.csv
check clean-where-empty           0  "$CL" --where 'email is empty' $cld/dedup.csv
check clean-where-not-empty       0  "$CL" --where 'email is not empty' $cld/dedup.csv
check clean-where-unknown-col     64 "$CL" --where 'nope == 1' $cld/dedup.csv
check clean-where-bad             64 "$CL" --where 'email >> 1' $cld/dedup.csv
check clean-where-bad-regex       64 "$CL" --where 'email ~ (' $cld/dedup.csv

# ---- dedup
check clean-dedup                 0  "$CL" -v --dedup $cld/dedup.csv
check clean-dedup-by              0  "$CL" -v --dedup-by email $cld/dedup.csv
check clean-dedup-last            0  "$CL" -v --dedup-by email --keep last $cld/dedup.csv
check clean-dedup-icase           0  "$CL" -v --dedup-by email --ignore-case $cld/dedup.csv
check clean-dedup-icase-last      0  "$CL" --dedup-by email --ignore-case --keep last $cld/dedup.csv
check clean-dedup-two             0  "$CL" --dedup-by email,name $cld/dedup.csv
check clean-dedup-sort            0  "$CL" --dedup-by email --sort-by ts:nr $cld/dedup.csv

# ---- sort
check clean-sort-text             0  "$CL" --sort-by name $cld/sort.csv
check clean-sort-num              0  "$CL" --sort-by n:n $cld/sort.csv
check clean-sort-num-rev          0  "$CL" --sort-by n:nr $cld/sort.csv
check clean-sort-rev              0  "$CL" --sort-by name:r $cld/sort.csv
check clean-sort-natural          0  "$CL" --sort-by file:natural $cld/sort.csv
check clean-sort-two              0  "$CL" --sort-by name,n:n $cld/sort.csv
check clean-sort-stable           0  "$CL" --sort-by region $cld/fill.csv
check clean-sort-bad-order        64 "$CL" --sort-by name:x $cld/sort.csv
check clean-sort-ndjson           0  "$CL" --sort-by age:nr $cld/people.ndjson

# ---- empty rows and columns, dry run
check clean-drop-empty-rows       0  "$CL" -v --drop-empty-rows -c region,sales $cld/fill.csv
check clean-drop-empty-columns    0  "$CL" -v --drop-empty-columns --where 'day in (2,3,5)' $cld/fill.csv
check clean-drop-empty-cols-sort  0  "$CL" --drop-empty-columns --where 'day in (2,5,7)' --sort-by day:nr $cld/fill.csv
check clean-drop-empty-cols-json  0  "$CL" --drop-empty-columns --nulls --where 'id > 2' $cld/people.ndjson
check clean-drop-empty-cols-none  0  "$CL" --drop-empty-columns --where 'day > 99' $cld/fill.csv
check clean-dry-run               0  "$CL" --dry-run --trim --nulls --dedup-by city $cld/messy.csv
ok    clean-dry-run-no-file       sh -c "cd $clw && $CL --dry-run -o out.csv d/fill.csv 2>/dev/null && ! test -e out.csv"

# ---- usage errors, before any record is read
check clean-unknown-column        64 "$CL" -c id,nope $cld/messy.csv
check clean-unknown-drop          64 "$CL" --drop nope $cld/messy.csv
check clean-unknown-rename        64 "$CL" --rename nope=x $cld/messy.csv
check clean-rename-clash          64 "$CL" --rename name=city $cld/messy.csv
check clean-twice                 64 "$CL" -c id,id $cld/messy.csv
check clean-unknown-fill          64 "$CL" --fill nope=0 $cld/fill.csv
check clean-bad-fill              64 "$CL" --fill sales $cld/fill.csv
check clean-unknown-case          64 "$CL" --case name=shout $cld/messy.csv
check clean-unknown-clip          64 "$CL" --clip v=1 $cld/outliers.csv
check clean-clip-reversed         64 "$CL" --clip v=5,1 $cld/outliers.csv
check clean-bad-outliers          64 "$CL" --outliers v=mad $cld/outliers.csv
check clean-bad-outliers-k        64 "$CL" --outliers v=iqr:0 $cld/outliers.csv
check clean-flag-clash            64 "$CL" --outliers v=iqr --outliers-action flag --rename w=v_outlier $cld/outliers.csv
check clean-unknown-require       64 "$CL" --require nope $cld/fill.csv
check clean-unknown-dedup         64 "$CL" --dedup-by nope $cld/dedup.csv
check clean-unknown-sort          64 "$CL" --sort-by nope $cld/sort.csv
check clean-dedup-both            64 "$CL" --dedup --dedup-by id $cld/dedup.csv
check clean-keep-alone            64 "$CL" --keep last $cld/dedup.csv
check clean-bad-memory            64 "$CL" --memory 12Q $cld/dedup.csv
check clean-small-memory          64 "$CL" --memory 1K $cld/dedup.csv
check clean-bad-normalize         64 "$CL" --normalize nfd $cld/messy.csv
check clean-bad-ragged            64 "$CL" --ragged cut $cld/ragged.csv
check clean-coerce-no-schema      64 "$CL" --decimal-comma $cld/messy.csv
check clean-two-inputs            64 "$CL" $cld/messy.csv $cld/fill.csv
check clean-missing-input         66 "$CL" $cld/nope.csv
check clean-missing-schema        66 "$CL" --schema $cld/nope.json $cld/messy.csv
check clean-help                  0  "$CL" --help

# ---- properties on generated data: beyond memory equals in memory, and
# both equal a reference computed another way.
gen=$tmp/gen.csv
"$BIN/tests/gen/gendata" -n 20000 -s 3 >"$gen"
"$BIN/weir-convert" -t tsv "$gen" >"$tmp/gen.tsv"
tmpd=$tmp/tmpdir
mkdir -p "$tmpd"

# same_out NAME ARGS...: weir-clean ARGS with --memory 64K (several
# spills) and with the default give the same bytes.
same_out() {
	n=$1
	shift
	ok "$n" sh -c 'TMPDIR=$1; export TMPDIR; shift
	    "$@" --memory 64K >"$TMPDIR/../small" &&
	    "$@" >"$TMPDIR/../big" && cmp -s "$TMPDIR/../small" "$TMPDIR/../big" &&
	    [ -s "$TMPDIR/../big" ] && [ -z "$(ls -A "$TMPDIR")" ]' sh "$tmpd" "$CL" "$@" "$gen"
}
same_out clean-spill-dedup        --dedup-by email
same_out clean-spill-dedup-last   --dedup-by city,active --keep last
same_out clean-spill-dedup-icase  --dedup-by name --ignore-case
same_out clean-spill-dedup-all    --dedup
same_out clean-spill-sort         --sort-by email
same_out clean-spill-sort-num     --sort-by amount:n,id:nr
same_out clean-spill-sort-nat     --sort-by note:natural
same_out clean-spill-dedup-sort   --dedup-by city --sort-by qty:nr
same_out clean-spill-median       --fill amount=median --clip qty=p5,p95 --outliers ratio=iqr
same_out clean-spill-mode         --fill city=mode --drop-empty-columns

# dedup keeps the first record of each email, in input order (awk on TSV)
ok clean-prop-dedup-first sh -c '"$1" --memory 64K --dedup-by email -t tsv "$2" >"$4/d1" &&
    awk -F "\t" "NR == 1 || !seen[\$3]++" "$3" >"$4/d2" && cmp -s "$4/d1" "$4/d2"' \
    sh "$CL" "$gen" "$tmp/gen.tsv" "$tmp"
# sorting is a stable permutation: sort -s on the same key, bytewise
ok clean-prop-sort-stable sh -c '"$1" --memory 64K --sort-by city -t tsv "$2" >"$4/s1" &&
    { head -n 1 "$3"; tail -n +2 "$3" | LC_ALL=C sort -s -t "	" -k4,4; } >"$4/s2" &&
    cmp -s "$4/s1" "$4/s2"' sh "$CL" "$gen" "$tmp/gen.tsv" "$tmp"
# a numeric sort: sort -s -n agrees on the numbers; missing values go last
ok clean-prop-sort-num sh -c '"$1" --memory 64K --sort-by qty:n -t tsv "$2" >"$4/n1" &&
    { head -n 1 "$3"
      tail -n +2 "$3" | awk -F "	" "\$6 != \"\"" | LC_ALL=C sort -s -t "	" -k6,6n
      tail -n +2 "$3" | awk -F "	" "\$6 == \"\""; } >"$4/n2" &&
    cmp -s "$4/n1" "$4/n2"' sh "$CL" "$gen" "$tmp/gen.tsv" "$tmp"
# the same through a pipe (stdin spilled for the second pass)
ok clean-prop-stdin sh -c '"$1" --fill amount=median "$2" >"$3/p1" &&
    "$1" --fill amount=median <"$2" >"$3/p2" && cmp -s "$3/p1" "$3/p2"' sh "$CL" "$gen" "$tmp"
# no temporary file is left behind, and an unwritable TMPDIR is 73
check clean-tmpdir-missing        73 env TMPDIR=/nonexistent/weir "$CL" --fill sales=median $cld/fill.csv

# every step's counts go into the lineage log, -v or not
ok clean-lineage-counts sh -c 'rm -f "$2/clean.log"
    WEIR_AUDIT_LOG="$2/clean.log" "$1" --trim --nulls --dedup-by city data/clean/messy.csv >/dev/null &&
    grep -q "\"counts\":{\"nulls\":6,\"trimmed\":2,\"duplicates\":1,\"records_in\":8,\"records_out\":7}" "$2/clean.log"' sh "$CL" "$tmp"

# a column's own "format" wins over --date-order; a failed rewrite names the value read
check clean-schema-format         0  "$CL" --schema $cld/format.schema.json --date-order mdy --percent --bad-rows - $cld/format.csv
