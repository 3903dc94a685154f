# tests/cli/merge.sh - weir-merge.  Sourced by tests/run; cwd is tests/.
# Fixtures are in data/merge/; each case has golden/CASE.out and .err.
MG=$BIN/weir-merge
md=data/merge
mgw=$(scratch mg data/merge)

# ---- each join type: duplicates on both sides, missing keys, a clash
for t in inner left right full semi anti; do
	check merge-$t               0  "$MG" --join $t --on cust $md/orders.csv $md/customers.csv
	check merge-$t-build-left    0  "$MG" --join $t --on cust --build left $md/orders.csv $md/customers.csv
done
check merge-default-inner         0  "$MG" --on cust $md/orders.csv $md/customers.csv
check merge-verbose               0  "$MG" -v --join full --on cust $md/orders.csv $md/customers.csv
check merge-suffixes              0  "$MG" --join left --on cust --suffixes _o,_c $md/orders.csv $md/customers.csv
check merge-columns               0  "$MG" --join left --on cust -c order,name,note_right $md/orders.csv $md/customers.csv
check merge-icase                 0  "$MG" --join left --on cust --ignore-case $md/orders.csv $md/customers.csv
check merge-numeric               0  "$MG" --join left --left-on k --right-on id --numeric-keys $md/nums_l.csv $md/nums_r.csv
check merge-text-keys             0  "$MG" --join left --left-on k --right-on id $md/nums_l.csv $md/nums_r.csv
check merge-multi-key             0  "$MG" --join full --left-on y,m --right-on year,month $md/multi_l.csv $md/multi_r.csv
check merge-mixed-formats         0  "$MG" --join left --on cust $md/orders.csv $md/customers.ndjson
check merge-ndjson-out            0  "$MG" -t ndjson --join full --on cust $md/customers.ndjson $md/orders.csv
check_in merge-stdin-left         0  $md/orders.csv "$MG" --join inner --on cust - $md/customers.csv
ok    merge-gzip                  sh -c "gzip -c $md/customers.csv >$tmp/c.csv.gz &&
    $MG --on cust $md/orders.csv $tmp/c.csv.gz >$tmp/gz.out &&
    $MG --on cust $md/orders.csv $md/customers.csv | cmp -s - $tmp/gz.out"

# ---- reconciliation: what found no partner, whatever the join type
ok    merge-unmatched sh -c "cd $mgw && rm -f o/* && mkdir -p o &&
    $MG --join inner --on cust --unmatched-left o/l.csv --unmatched-right o/r.csv d/orders.csv d/customers.csv >o/both.csv &&
    printf 'order,cust,amount,note\n3,c9,30,no such customer\n5,,50,no key\n6,C2,60,upper case\n' | cmp -s - o/l.csv &&
    printf 'cust,name,note\nc3,Cy,never ordered\n,Nobody,no key\n' | cmp -s - o/r.csv"
ok    merge-unmatched-spill sh -c "cd $mgw && mkdir -p o &&
    $MG --join full --on cust --memory 64K --build left --unmatched-left o/l2.csv --unmatched-right o/r2.csv d/orders.csv d/customers.csv >/dev/null &&
    cmp -s o/l.csv o/l2.csv && cmp -s o/r.csv o/r2.csv"

# ---- --expect
check merge-expect-m1-bad         65 "$MG" --expect many-to-one --on cust $md/orders.csv $md/customers.csv
check merge-expect-1m-bad         65 "$MG" --expect one-to-many --on cust $md/orders.csv $md/customers.csv
check merge-expect-11-ok          0  "$MG" --expect one-to-one --on id $md/nums_r.csv $md/nums_r.csv
check merge-expect-sorted-left    65 "$MG" --expect one-to-many --sorted --on id $md/sorted_l.csv $md/sorted_r.csv
check merge-expect-m1-ok          0  "$MG" --expect many-to-one --on cust $md/orders.csv $md/customers.ndjson
check merge-expect-build-left     65 "$MG" --expect one-to-many --build left --on cust $md/orders.csv $md/customers.csv
check merge-expect-sorted         65 "$MG" --expect many-to-one --sorted --on id $md/sorted_l.csv $md/sorted_r.csv

# ---- --sorted
for t in inner left right full semi anti; do
	check merge-sorted-$t        0  "$MG" --sorted --join $t --on id $md/sorted_l.csv $md/sorted_r.csv
done
check merge-unsorted-right        65 "$MG" --sorted --on id $md/sorted_l.csv $md/unsorted.csv
check merge-unsorted-left         65 "$MG" --sorted --on id $md/unsorted.csv $md/sorted_r.csv

# ---- appends
check merge-append                0  "$MG" --append $md/part1.csv $md/part2.csv $md/part3.ndjson
check merge-append-source         0  "$MG" --append --source-column file $md/part1.csv $md/part2.csv
check merge-append-ndjson         0  "$MG" -t ndjson --append $md/part3.ndjson $md/part1.csv
check merge-append-columns        0  "$MG" --append -c id,city $md/part1.csv $md/part2.csv
check merge-append-strict-ok      0  "$MG" --append --strict-columns $md/part1.csv $md/part1.csv
check merge-append-strict         65 "$MG" --append --strict-columns $md/part1.csv $md/part2.csv
check merge-append-source-clash   64 "$MG" --append --source-column id $md/part1.csv

# ---- bad input
check merge-unknown-key           64 "$MG" --on nope $md/orders.csv $md/customers.csv
check merge-key-one-side          64 "$MG" --on order $md/orders.csv $md/customers.csv
check merge-key-count             64 "$MG" --left-on cust,order --right-on cust $md/orders.csv $md/customers.csv
check merge-no-keys               64 "$MG" $md/orders.csv $md/customers.csv
check merge-on-and-left-on        64 "$MG" --on cust --left-on cust --right-on cust $md/orders.csv $md/customers.csv
check merge-one-input             64 "$MG" --on cust $md/orders.csv
check merge-three-inputs          64 "$MG" --on cust $md/orders.csv $md/customers.csv $md/orders.csv
check merge-two-stdin             64 "$MG" --on cust - -
check merge-bad-type              64 "$MG" --join outer --on cust $md/orders.csv $md/customers.csv
check merge-bad-expect            64 "$MG" --expect one --on cust $md/orders.csv $md/customers.csv
check merge-bad-memory            64 "$MG" --memory lots --on cust $md/orders.csv $md/customers.csv
check merge-bad-suffixes          64 "$MG" --suffixes _x --on cust $md/orders.csv $md/customers.csv
check merge-append-join-opts      64 "$MG" --append --on cust $md/orders.csv
check merge-sorted-build          64 "$MG" --sorted --build left --on id $md/sorted_l.csv $md/sorted_r.csv
check merge-missing-input         66 "$MG" --on cust $md/orders.csv $md/nope.csv
check merge-help                  0  "$MG" --help
check merge-full-disk             74 "$MG" --on cust -o /dev/full $md/orders.csv $md/customers.csv

# ---- against a brute-force nested-loop join (tests/gen/nljoin.awk), for
# every type, in memory, partitioned (--memory 64K), building on the left,
# and merged (--sorted on sorted copies); duplicate and missing keys.
for seed in 1 2 3; do
	awk -v s=$seed 'BEGIN { srand(s); print "k,a,b"
	    for (i = 0; i < 2500; i++) { k = int(rand() * 300); if (rand() < 0.05) k = ""
	    printf "%s,l%d,%d\n", k, i, int(rand() * 1000) } }' >"$tmp/L$seed.csv"
	awk -v s=$seed 'BEGIN { srand(s + 100); print "k,c,d"
	    for (i = 0; i < 1500; i++) { k = int(rand() * 400); if (rand() < 0.05) k = ""
	    printf "%s,r%d,x%d\n", k, i, int(rand() * 1000) } }' >"$tmp/R$seed.csv"
	for f in L R; do
		{ head -n 1 "$tmp/$f$seed.csv"; tail -n +2 "$tmp/$f$seed.csv" |
		    LC_ALL=C sort -s -t, -k1,1; } >"$tmp/${f}s$seed.csv"
	done
	for t in inner left right full semi anti; do
		ok merge-prop-$t-$seed sh -c '
		    awk -F, -v type=$1 -f gen/nljoin.awk "$3" "$2" >"$4/ref" &&
		    awk -F, -v type=$1 -f gen/nljoin.awk "$6" "$5" >"$4/refs" &&
		    "$7" --join $1 --on k "$2" "$3" | cmp -s - "$4/ref" &&
		    "$7" --join $1 --on k --memory 64K "$2" "$3" | cmp -s - "$4/ref" &&
		    "$7" --join $1 --on k --build left "$2" "$3" | cmp -s - "$4/ref" &&
		    "$7" --join $1 --on k --build left --memory 64K "$2" "$3" | cmp -s - "$4/ref" &&
		    "$7" --join $1 --on k --sorted "$5" "$6" | cmp -s - "$4/refs"' \
		    sh $t "$tmp/L$seed.csv" "$tmp/R$seed.csv" "$tmp" \
		    "$tmp/Ls$seed.csv" "$tmp/Rs$seed.csv" "$MG"
	done
done
