# tests/cli/anonymize.sh - weir-anonymize's column operations.  Sourced by
# tests/run; cwd is tests/.  Fixtures in data/anonymize/.
AN=$BIN/weir-anonymize
ad=data/anonymize
anw=$(scratch an data/anonymize)
# git keeps no file modes: the key is copied and made private here
key=$anw/test.key
cp $ad/test.key "$key" && chmod 600 "$key"
hexkey=0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20

check anon-all                   0  "$AN" -v --pseudonymize email --key-file "$key" --fold \
    --mask phone=keep-last:2 --redact note=email,phone,card,iban --generalize birth=year \
    --generalize zip=prefix:3 --drop name $ad/people.csv
check anon-pseudo                0  "$AN" --pseudonymize email,name --key-file "$key" $ad/people.csv
check anon-pseudo-domain         0  "$AN" --pseudonymize email --key-file "$key" --domain crm --pseudonym-length 8 --prefix u_ $ad/people.csv
check anon-pseudo-ndjson         0  "$AN" -t ndjson --pseudonymize email --key-file "$key" --fold $ad/people.csv
check anon-mask                  0  "$AN" --mask name=keep-first:1 --mask email=email --mask note=redact $ad/people.csv
check anon-mask-regex            0  "$AN" --mask 'phone=regex:[0-9]:#' $ad/people.csv
check anon-generalize            0  "$AN" --generalize birth=month --generalize zip=prefix:2 $ad/people.csv
check anon-generalize-bad        65 "$AN" --generalize age=width:10 $ad/people.csv
check anon-generalize-bad-rows   0  "$AN" --generalize age=width:10 --bad-rows - $ad/people.csv

# pseudonyms against an independent HMAC (openssl) and base32 (coreutils)
if command -v openssl >/dev/null 2>&1 && command -v base32 >/dev/null 2>&1; then
	ok anon-known-answer sh -c '
	    want=$( { printf "\0\0\0\0\0\0\0\4weir"; printf "alice@example.com"; } |
	        openssl dgst -sha256 -mac HMAC -macopt hexkey:$3 -binary |
	        base32 | tr A-Z a-z | cut -c1-16)
	    got=$(printf "email\nalice@example.com\n" | "$1" --pseudonymize email --key-file "$2" | tail -n 1)
	    [ -n "$want" ] && [ "$got" = "$want" ]' sh "$AN" "$key" $hexkey
else
	skip anon-known-answer "openssl or base32 not installed"
fi
# stable across runs and files; another key gives other tokens
ok anon-stable sh -c '"$1" --pseudonymize email --key-file "$2" --fold "$3" >"$4/a1" &&
    "$1" -t ndjson --pseudonymize email --key-file "$2" --fold "$3" | "$1" -t csv >"$4/a2" &&
    cmp -s "$4/a1" "$4/a2"' sh "$AN" "$key" $ad/people.csv "$tmp"
ok anon-other-key sh -c 'rm -f "$4/k2" && "$1" --keygen -o "$4/k2" &&
    "$1" --pseudonymize email --key-file "$4/k2" "$3" >"$4/b1" &&
    ! cmp -s "$4/a1" "$4/b1"' sh "$AN" "$key" $ad/people.csv "$tmp"

# keys: 0600, never replaced, the type checked, a readable one warned about
ok anon-keygen-mode sh -c 'rm -f "$2/k3" && "$1" --keygen -o "$2/k3" &&
    [ "$(stat -c %a "$2/k3")" = 600 ] && grep -q "^weir-pseudonym-key-1:" "$2/k3"' sh "$AN" "$tmp"
check anon-keygen-exists         73 sh -c "cd $anw && $AN --keygen -o test.key"
ok anon-key-readable sh -c 'cp "$2" "$3/open.key" && chmod 644 "$3/open.key" &&
    "$1" --pseudonymize email --key-file "$3/open.key" data/anonymize/people.csv 2>&1 >/dev/null |
    grep -q "readable"' sh "$AN" "$key" "$tmp"
cp $ad/column.key "$anw/column.key" && chmod 600 "$anw/column.key"
check anon-key-wrong-type        65 sh -c "cd $anw && $AN --pseudonymize email --key-file column.key d/people.csv"
check anon-key-missing           66 "$AN" --pseudonymize email --key-file $ad/nope.key $ad/people.csv
check anon-no-key                64 "$AN" --pseudonymize email $ad/people.csv

# bad specs and columns, before any record
check anon-unknown-column        64 "$AN" --drop nope $ad/people.csv
check anon-unknown-mask-col      64 "$AN" --mask nope=email $ad/people.csv
check anon-bad-mask              64 "$AN" --mask phone=keep-last:x $ad/people.csv
check anon-bad-redact            64 "$AN" --redact note=passport $ad/people.csv
check anon-bad-generalize        64 "$AN" --generalize age=width:0 $ad/people.csv
check anon-bad-length            64 "$AN" --pseudonymize email --key-file "$key" --pseudonym-length 52 $ad/people.csv
check anon-keygen-input          64 "$AN" --keygen $ad/people.csv
check anon-help                  0  "$AN" --help

# --scan: counts, never values; --strict for CI
check anon-scan                  0  "$AN" --scan $ad/people.csv
check anon-scan-json             0  "$AN" --scan -t json $ad/people.csv
check anon-scan-strict           1  "$AN" --scan --strict --drop name --pseudonymize email --key-file "$key" $ad/people.csv
check anon-scan-strict-ok        0  "$AN" --scan --strict --drop name,note --pseudonymize email --key-file "$key" \
    --mask phone=keep-last:2 --generalize birth=year --generalize zip=prefix:3 $ad/people.csv
ok    anon-scan-no-values sh -c '! "$1" --scan "$2" | grep -q -e example -e 4111 -e "Ann"' sh "$AN" $ad/people.csv
check anon-strict-alone          64 "$AN" --strict $ad/people.csv

# ---- k-anonymity, l-diversity, risk
check anon-k                     0  "$AN" -v --generalize birth=year --generalize zip=prefix:3 --quasi zip --k 2 --max-suppress 0.5 $ad/people.csv
check anon-k-too-much            1  "$AN" --generalize zip=prefix:3 --quasi zip,birth --k 2 $ad/people.csv
check anon-k-suppress-values     0  "$AN" --quasi zip,age --k 2 --suppress-values --max-suppress 1 $ad/people.csv
check anon-k-drop                0  "$AN" -v --generalize zip=prefix:3 --quasi zip,age --k 1 --l 2 --sensitive note --max-suppress 1 $ad/people.csv
check anon-risk                  0  "$AN" --generalize zip=prefix:2 --quasi zip --risk $ad/people.csv
ok    anon-risk-json sh -c '"$1" --quasi zip --risk-json "$3/risk.json" "$2" &&
    grep -q "\"records\": 4, \"classes\": 4, \"smallest\": 1" "$3/risk.json"' sh "$AN" $ad/people.csv "$tmp"
check anon-k-no-quasi            64 "$AN" --k 2 $ad/people.csv
check anon-quasi-alone           64 "$AN" --quasi zip $ad/people.csv
check anon-l-no-sensitive        64 "$AN" --quasi zip --k 2 --l 2 $ad/people.csv
check anon-unknown-quasi         64 "$AN" --quasi nope --k 2 $ad/people.csv
check anon-unknown-sensitive     64 "$AN" --quasi zip --k 2 --l 2 --sensitive nope $ad/people.csv
check anon-bad-max-suppress      64 "$AN" --quasi zip --k 2 --max-suppress 2 $ad/people.csv
# every released class has k records at least, counted independently
"$BIN/tests/gen/gendata" -n 3000 -s 9 >"$tmp/gen.csv"
ok    anon-k-property sh -c '"$1" --generalize created=year --generalize amount=width:250 \
    --quasi city,created,amount --k 5 --max-suppress 1 -t tsv "$2" >"$3/k.tsv" &&
    awk -F "\t" "NR > 1 { n[\$4 FS \$9 FS \$5]++ } END { for (c in n) if (n[c] < 5) exit 1; exit NR < 100 }" "$3/k.tsv"' \
    sh "$AN" "$tmp/gen.csv" "$tmp"
check anon-hierarchy              0  "$AN" --generalize zip=hierarchy:$ad/zip.hier.csv --quasi zip --k 2 $ad/people.csv
check anon-hierarchy-bad          65 "$AN" --generalize zip=hierarchy:$ad/bad.hier.csv $ad/people.csv
check anon-hierarchy-missing      66 "$AN" --generalize zip=hierarchy:$ad/nope.csv $ad/people.csv

# --auto: the lattice search (tests/unit/t_lattice.c checks it against an
# exhaustive search); ages 21-24 and 31-34 in fives and in tens group alike
la="--generalize age=width:5,10,* --generalize zip=prefix:4,1,*"
check anon-auto                   0  "$AN" --auto --k 2 --max-suppress 0 --quasi age,zip $la $ad/lattice.csv
check anon-auto-k3                0  "$AN" --auto --k 3 --max-suppress 0 --quasi age,zip $la $ad/lattice.csv
check anon-auto-l                 0  "$AN" --auto --k 2 --l 2 --sensitive diag --max-suppress 0 --quasi age,zip $la $ad/lattice.csv
check anon-auto-none              1  "$AN" --auto --k 9 --max-suppress 0 --quasi age,zip $la $ad/lattice.csv
check anon-auto-no-levels         64 "$AN" --auto --k 2 --quasi age,zip --generalize id=width:2 $ad/lattice.csv
check anon-auto-no-k              64 "$AN" --auto --quasi age,zip $la $ad/lattice.csv
check anon-auto-bad-value         65 "$AN" --auto --k 1 --quasi age --generalize age=width:10,* $ad/people.csv
check anon-auto-bad-rows          0  "$AN" --auto --k 1 --quasi age --generalize age=width:10,* --bad-rows - $ad/people.csv
check anon-gen-level              0  "$AN" --generalize age=width:5,10,*@2 --generalize zip=prefix:4,1,*@0 $ad/lattice.csv
check anon-gen-level-bad          64 "$AN" --generalize age=width:5,10,*@4 $ad/lattice.csv
# the levels --auto prints, given back, give the same records; every class
# has 5 records at least and at most 5% are suppressed
ok    anon-auto-property sh -c '"$1" --auto --k 5 --quasi city,created,amount \
    --generalize created=date:month,quarter,year,* --generalize amount=width:10,100,1000,* \
    --generalize city=prefix:2,1,* -t tsv "$2" >"$3/auto.tsv" 2>"$3/auto.err" &&
    levels=$(sed -n "s/.*--auto: \(--generalize .*\) (loss.*/\1/p" "$3/auto.err") &&
    [ -n "$levels" ] && "$1" --k 5 --quasi city,created,amount $levels -t tsv "$2" >"$3/again.tsv" &&
    cmp -s "$3/auto.tsv" "$3/again.tsv" &&
    awk -F "\t" "NR > 1 { n[\$4 FS \$9 FS \$5]++ } END { for (c in n) if (n[c] < 5) exit 1; exit NR - 1 < 2850 }" "$3/auto.tsv"' \
    sh "$AN" "$tmp/gen.csv" "$tmp"

# --dp: a fixed --insecure-seed makes the noise repeatable (and says the
# release is not private); with epsilon 1000 the noise is below 0.01 so
# clamping and contribution bounds show through
dp="--insecure-seed 7"
check anon-dp-count               0  "$AN" --dp count --epsilon 1 $dp $ad/dp.csv
check anon-dp-count-keys          0  "$AN" --dp count --by city --keys $ad/dp.keys.csv --epsilon 1 $dp $ad/dp.csv
check anon-dp-count-select        0  "$AN" -v --dp count --by city --epsilon 1 --delta 1e-3 $dp $ad/dp.csv
check anon-dp-select-gen          0  "$AN" --dp count --by city --epsilon 1 --delta 1e-6 $dp "$tmp/gen.csv"
check anon-dp-sum                 0  "$AN" --dp sum --value amount --bounds 0,10 --by city --keys $ad/dp.keys.csv --epsilon 1 $dp $ad/dp.csv
check anon-dp-mean                0  "$AN" --dp mean --value amount --bounds 0,10 --epsilon 2 $dp $ad/dp.csv
check anon-dp-histogram           0  "$AN" --dp histogram --value amount --bounds 0,10 --bins 2 --epsilon 1 $dp $ad/dp.csv
check anon-dp-gaussian            0  "$AN" -v --dp count --by city --keys $ad/dp.keys.csv --noise gaussian --epsilon 1 --delta 1e-6 $dp $ad/dp.csv
check anon-dp-json                0  "$AN" -t ndjson --dp count --by city --keys $ad/dp.keys.csv --epsilon 1 $dp $ad/dp.csv
# clamped to [0,10]: Oslo 5+10+7+9+1 = 32, Lima 0+2+4 = 6 (the empty value left out)
ok    anon-dp-clamp sh -c '"$1" --dp sum --value amount --bounds 0,10 --by city --keys "$2" --epsilon 1000 "$3" |
    awk -F, "NR == 2 { o = \$2 } NR == 3 { l = \$2 } END { exit !(o > 31.9 && o < 32.1 && l > 5.9 && l < 6.1) }"' \
    sh "$AN" $ad/dp.keys.csv $ad/dp.csv
# one record per user: u1 is kept in Oslo or in Lima, never both; the
# cities of the keys hold 5 users (u6 is in Kyiv)
ok    anon-dp-bound sh -c '"$1" --dp count --by city --keys "$2" --user user --max-contributions 1 --epsilon 1000 "$3" |
    awk -F, "NR > 1 { n += \$2 } END { exit n != 5 }" &&
    "$1" --dp count --user user --max-contributions 2 --epsilon 1000 "$3" | awk "NR == 2 { exit \$1 != 9 }"' \
    sh "$AN" $ad/dp.keys.csv $ad/dp.csv
# without a seed the noise differs between runs (1 in ~10^6 to fail)
ok    anon-dp-fresh sh -c 'a=$("$1" --dp sum --value amount --bounds 0,1000 --epsilon 0.01 "$2") &&
    b=$("$1" --dp sum --value amount --bounds 0,1000 --epsilon 0.01 "$2") && [ "$a" != "$b" ]' sh "$AN" $ad/dp.csv
check anon-dp-no-epsilon          64 "$AN" --dp count $ad/dp.csv
check anon-dp-epsilon-zero        64 "$AN" --dp count --epsilon 0 $ad/dp.csv
check anon-dp-epsilon-negative    64 "$AN" --dp count --epsilon -1 $ad/dp.csv
check anon-dp-delta-one           64 "$AN" --dp count --epsilon 1 --delta 1 $ad/dp.csv
check anon-dp-bounds-reversed     64 "$AN" --dp sum --value amount --bounds 10,0 --epsilon 1 $ad/dp.csv
check anon-dp-bounds-one          64 "$AN" --dp sum --value amount --bounds 10 --epsilon 1 $ad/dp.csv
check anon-dp-no-bounds           64 "$AN" --dp mean --value amount --epsilon 1 $ad/dp.csv
check anon-dp-count-value         64 "$AN" --dp count --value amount --epsilon 1 $ad/dp.csv
check anon-dp-unknown-by          64 "$AN" --dp count --by town --keys $ad/dp.keys.csv --epsilon 1 $ad/dp.csv
check anon-dp-unknown-value       64 "$AN" --dp sum --value amt --bounds 0,1 --epsilon 1 $ad/dp.csv
check anon-dp-unknown-user        64 "$AN" --dp count --user who --epsilon 1 $ad/dp.csv
check anon-dp-select-no-delta     64 "$AN" --dp count --by city --epsilon 1 $ad/dp.csv
check anon-dp-gaussian-no-delta   64 "$AN" --dp count --noise gaussian --epsilon 1 $ad/dp.csv
check anon-dp-bad-stat            64 "$AN" --dp median --epsilon 1 $ad/dp.csv
check anon-dp-keys-column         64 "$AN" --dp count --by user --keys $ad/dp.keys.csv --epsilon 1 $ad/dp.csv
check anon-dp-keys-missing        66 "$AN" --dp count --by city --keys $ad/nope.csv --epsilon 1 $ad/dp.csv
check anon-dp-with-k              64 "$AN" --dp count --epsilon 1 --quasi city --k 2 $ad/dp.csv
check anon-dp-options-alone       64 "$AN" --epsilon 1 $ad/dp.csv
check anon-dp-contrib-no-user     64 "$AN" --dp count --max-contributions 2 --epsilon 1 $ad/dp.csv
check anon-dp-not-number          65 "$AN" --dp sum --value amount --bounds 0,10 --epsilon 1 $ad/dp.bad.csv
check anon-dp-not-number-rows     0  "$AN" --dp sum --value amount --bounds 0,10 --epsilon 1 $dp --bad-rows - $ad/dp.bad.csv

# the budget ledger: spent across runs, refused before any output, shown
led=$tmp/ledger.json
rm -f "$led" "$led.lock"
ok    anon-budget-spend sh -c '"$1" --dp count --epsilon 0.4 --budget "$3" --budget-limit 1 "$2" >/dev/null &&
    "$1" --dp count --epsilon 0.6 --budget "$3" --budget-limit 1 "$2" >/dev/null &&
    [ -s "$3" ] && jq -e ".datasets | to_entries | .[0].value | .epsilon == 1 and (.releases | length) == 2" "$3" >/dev/null' \
    sh "$AN" $ad/dp.csv "$led"
ok    anon-budget-refuse sh -c 'rm -f "$4/out.csv"; "$1" --dp count --epsilon 0.1 --budget "$3" --budget-limit 1 -o "$4/out.csv" "$2" 2>"$4/err";
    [ $? -eq 1 ] && [ ! -e "$4/out.csv" ] && grep -q "refused, nothing written" "$4/err" &&
    [ -s "$3" ] && jq -e ".datasets | to_entries | .[0].value.epsilon == 1" "$3" >/dev/null' sh "$AN" $ad/dp.csv "$led" "$tmp"
ok    anon-budget-dataset sh -c '"$1" --dp count --epsilon 0.5 --delta 1e-6 --by city --budget "$3" --budget-limit 1,1e-5 --dataset sales "$2" >/dev/null &&
    "$1" --budget "$3" --show | grep -q "dataset sales: epsilon 0.5, delta 1e-06 spent"' sh "$AN" $ad/dp.csv "$led"
check anon-budget-show-alone      64 "$AN" --show
check anon-budget-no-limit        64 "$AN" --dp count --epsilon 1 --budget "$led" $ad/dp.csv
ok    anon-budget-corrupt sh -c 'echo "{\"version\": 2}" >"$3/bad.json"; "$1" --dp count --epsilon 1 --budget "$3/bad.json" --budget-limit 5 "$2" >/dev/null 2>&1; [ $? -eq 65 ]' \
    sh "$AN" $ad/dp.csv "$tmp"
# two runs at once against the last of a budget: one is refused
ok    anon-budget-concurrent sh -c 'rm -f "$3" "$3.lock"
    for i in 1 2 3 4; do "$1" --dp count --epsilon 0.6 --budget "$3" --budget-limit 1 "$2" >/dev/null 2>&1 & done
    ok=0; for j in 1 2 3 4; do wait %$j && ok=$((ok + 1)); done
    [ $ok -eq 1 ] && [ -s "$3" ] && jq -e "[.datasets[]][0] | .epsilon == 0.6 and (.releases | length) == 1" "$3" >/dev/null' \
    sh "$AN" $ad/dp.csv "$tmp/conc.json"
