# tests/cli/agekit.sh - the C2SP age testkit (see its README): every vector
# through tests/unit/t_agekit, one pass or failure each.  Vectors whose
# identities are not X25519 (post-quantum, plugins) are counted as skipped,
# in one line per reason.

agekit_dir=$PEER/age-testkit/age/testdata
if [ ! -d "$agekit_dir" ]; then
	skip agekit "no age testkit in $agekit_dir"
elif [ ! -x "$BIN/tests/unit/t_agekit" ]; then
	fail=$((fail + 1))
	echo "FAIL agekit: tests/unit/t_agekit is not built"
else
	"$BIN/tests/unit/t_agekit" "$agekit_dir"/* >"$tmp/agekit.out" 2>&1
	agekit_status=$?
	: >"$tmp/agekit.skip"
	while read -r agekit_word agekit_name agekit_rest; do
		case $agekit_word in
		ok)	pass=$((pass + 1)) ;;
		skip)	skip=$((skip + 1))
			echo "$agekit_rest" >>"$tmp/agekit.skip" ;;
		FAIL)	fail=$((fail + 1))
			echo "FAIL agekit-${agekit_name%:}: $agekit_rest" ;;
		esac
	done <"$tmp/agekit.out"
	sort "$tmp/agekit.skip" | uniq -c |
	    while read -r agekit_n agekit_why; do
		echo "SKIP agekit: $agekit_n vectors: $agekit_why"
	    done
	if ! tail -n 1 "$tmp/agekit.out" | grep -q '^[0-9]* passed, '; then
		fail=$((fail + 1))
		echo "FAIL agekit: t_agekit ended early (status $agekit_status)"
	fi
fi
