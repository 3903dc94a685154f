# tests/cli/audit.sh - weir-audit: the lineage log (verify, show, trace) and
# signing keys.  Sourced by tests/run; cwd is tests/.
#
# Fixtures in data/audit/: pipeline.log, written by
#   weir ingest --safe-names landing | weir convert -t ndjson \
#     | weir train -q --target paid -o model.json
#   weir ingest --safe-names landing/orders-2024-07.csv \
#     | weir predict -m model.json > preds.csv
# with landing/ the files of data/sample/ and SOURCE_DATE_EPOCH=1717200000;
# signed.log, four weir-convert runs signed with sign.key; sign.pub and
# other.key/other.pub.  Fixture logs keep the golden files independent of
# what the other programs log; the live pipeline below checks the whole
# chain with digests and sizes masked.
A=$BIN/weir-audit
W=$BIN/weir
ad=data/audit
SDE=1717200000

aw=$(scratch audit data/sample landing)
mkdir -p "$aw/t"
cp $ad/pipeline.log $ad/signed.log $ad/sign.pub $ad/other.pub "$aw/"

# av ARGS...: weir-audit log verify ARGS in $aw (short paths in messages).
av() {
	run_in "$aw" "" "$A" log verify "$@"
}

# at ARGS...: weir-audit log ARGS in $aw.
at() {
	run_in "$aw" "" "$A" log "$@"
}

# ---- usage
check audit-noargs          64 "$A"
check audit-help            0  "$A" --help
check audit-version         0  "$A" --version
check audit-badcmd          64 "$A" frobnicate
check audit-badopt          64 "$A" --nope
check audit-log-noargs      64 "$A" log
check audit-log-help        0  "$A" log --help
check audit-log-badcmd      64 "$A" log frob
check audit-verify-help     0  "$A" log verify --help
check audit-show-help       0  "$A" log show -h
check audit-trace-help      0  "$A" log trace --help
check audit-keygen-help     0  "$A" keygen --help
check audit-verify-badopt   64 "$A" log verify -t csv $ad/pipeline.log
check audit-verify-two      64 "$A" log verify $ad/pipeline.log $ad/signed.log
check audit-verify-nolog    64 "$A" log verify
check audit-verify-badhead  64 "$A" log verify --head 5 $ad/pipeline.log
check audit-show-libsvm     64 "$A" log show -t libsvm $ad/pipeline.log
check audit-trace-noart     64 "$A" log trace
check audit-trace-badfmt    64 "$A" log trace -t svg model.json $ad/pipeline.log
check audit-trace-check-opt 64 "$A" log show --check $ad/pipeline.log
check audit-keygen-operand  64 "$A" keygen key.txt
check audit-via-weir        0  "$W" audit log verify -q $ad/pipeline.log

# ---- verify: logs as written
check audit-verify          0  "$A" log verify $ad/pipeline.log
check audit-verify-q        0  "$A" log verify -q $ad/pipeline.log
check_in audit-verify-stdin 0  $ad/pipeline.log "$A" log verify -
cp $ad/signed.log "$aw/env.log"
check audit-verify-env      0  run_in "$aw" "" env WEIR_AUDIT_LOG=env.log "$A" log verify
check audit-verify-head     0  "$A" log verify --head 5:15cc1694f5d63ade68db4132c42635650e6f48f34ec36bd0c3268d079b492f70 $ad/pipeline.log
check audit-verify-signed-nokey 0 "$A" log verify $ad/signed.log
check audit-verify-signed   0  "$A" log verify -p $ad/sign.pub $ad/signed.log
check audit-verify-two-keys 0  "$A" log verify -p $ad/other.pub --pubkey $ad/sign.pub $ad/signed.log
check audit-verify-wrong-key 1 "$A" log verify -p $ad/other.pub $ad/signed.log
check audit-verify-unsigned-key 1 "$A" log verify -p $ad/sign.pub $ad/pipeline.log
check audit-verify-empty    0  "$A" log verify /dev/null
check audit-verify-missing  66 "$A" log verify $ad/missing.log
check audit-verify-dir      66 "$A" log verify $ad
check audit-verify-csv      65 "$A" log verify data/sample/orders-2024-05.csv
check audit-verify-ndjson   65 "$A" log verify data/train/tiny.ndjson
check audit-verify-pub-missing 66 "$A" log verify -p $ad/missing.pub $ad/signed.log
check audit-verify-pub-secret  77 "$A" log verify -p $ad/sign.key $ad/signed.log
check audit-verify-pub-bad     77 "$A" log verify -p $ad/pipeline.log $ad/signed.log

# ---- verify: every kind of tampering, caught and named
p=$aw/pipeline.log s=$aw/signed.log
# a byte of line 2 edited (its status): line 3 no longer follows it
sed '2s/"status":0/"status":1/' "$p" >"$aw/t/edit.log"
# a byte edited so that line 3 is no JSON
sed '3s/^{/[/' "$p" >"$aw/t/edit-json.log"
# a line that is JSON, not a lineage line
awk 'NR == 3 { print "{\"a\":1}" } { print }' "$p" >"$aw/t/foreign.log"
sed '3d' "$p" >"$aw/t/delete.log"
sed '1d' "$p" >"$aw/t/delete-first.log"
sed '5d' "$p" >"$aw/t/delete-last.log"
sed '5s/"status":0/"status":1/' "$p" >"$aw/t/edit-last.log"
awk 'NR == 2 { h = $0; next } NR == 3 { print; print h; next } { print }' \
    "$p" >"$aw/t/swap.log"
awk '{ print } NR == 2 { print }' "$p" >"$aw/t/replay.log"
head -c 3000 "$p" >"$aw/t/cut.log"
head -c -1 "$p" >"$aw/t/no-newline.log"
head -c 20 "$p" >"$aw/t/cut-first.log"
# signed: a byte of the payload of line 2, and of the last line
sed '2s/"payload":"eyJ/"payload":"eyK/' "$s" >"$aw/t/s-edit.log"
sed '4s/"payload":"eyJ/"payload":"eyK/' "$s" >"$aw/t/s-edit-last.log"
# signed: line 2 carries line 3's signature
awk 'NR == 3 { match($0, /"sig":"[^"]*"/); sig = substr($0, RSTART, RLENGTH) }
    { l[NR] = $0 } END { for (i = 1; i <= NR; i++) { x = l[i];
    if (i == 2) sub(/"sig":"[^"]*"/, sig, x); print x } }' "$s" \
    >"$aw/t/s-sig.log"
# signed: cut back to line 2, then lines 3 and 4 written and signed with
# another key (weir itself re-signs, and chains them properly)
head -2 "$s" >"$aw/t/s-resign.log"
(cd "$aw" && WEIR_AUDIT_LOG=t/s-resign.log WEIR_AUDIT_KEY=$TESTS/$ad/other.key \
    SOURCE_DATE_EPOCH=$SDE "$BIN/weir-convert" -t table landing/orders-2024-05.csv |
    WEIR_AUDIT_LOG=t/s-resign.log WEIR_AUDIT_KEY=$TESTS/$ad/other.key \
    SOURCE_DATE_EPOCH=$SDE "$BIN/weir-convert" -f csv -t ndjson >/dev/null 2>&1)
# a line without its signature: the Statement alone
awk 'NR == 3 { match($0, /"payload":"[^"]*"/);
    print substr($0, RSTART + 11, RLENGTH - 12) }' "$s" | base64 -d \
    >"$aw/t/bare3"
awk -v bare="$(cat "$aw/t/bare3")" 'NR == 3 { print bare; next } { print }' \
    "$s" >"$aw/t/s-unsigned.log"

check audit-tamper-edit        1  av t/edit.log
check audit-tamper-edit-json   1  av t/edit-json.log
check audit-tamper-foreign     1  av t/foreign.log
check audit-tamper-delete      1  av t/delete.log
check audit-tamper-delete-first 1 av t/delete-first.log
check audit-tamper-swap        1  av t/swap.log
check audit-tamper-replay      1  av t/replay.log
check audit-tamper-cut         1  av t/cut.log
check audit-tamper-no-newline  1  av t/no-newline.log
check audit-tamper-cut-first   1  av t/cut-first.log
# The last line removed leaves a sound chain; the head printed by an earlier
# verify (--head) catches it, and an edited last line.
check audit-tamper-delete-last 0  av t/delete-last.log
check audit-tamper-delete-last-head 1 av --head 5:15cc1694f5d63ade68db4132c42635650e6f48f34ec36bd0c3268d079b492f70 t/delete-last.log
check audit-tamper-edit-last      0  av t/edit-last.log
check audit-tamper-edit-last-head 1 av --head 5:15cc1694f5d63ade68db4132c42635650e6f48f34ec36bd0c3268d079b492f70 t/edit-last.log
check audit-tamper-s-edit      1  av -p sign.pub t/s-edit.log
check audit-tamper-s-edit-nokey 1 av t/s-edit.log
check audit-tamper-s-edit-last 1  av -p sign.pub t/s-edit-last.log
check audit-tamper-s-sig       1  av -p sign.pub t/s-sig.log
check audit-tamper-s-resign    1  av -p sign.pub t/s-resign.log
check audit-tamper-s-resign-nokey 0 av t/s-resign.log
check audit-tamper-s-unsigned  1  av -p sign.pub t/s-unsigned.log

# ---- show
check audit-show            0  "$A" log show $ad/pipeline.log
check audit-show-ndjson     0  "$A" log show -t ndjson $ad/pipeline.log
check audit-show-csv        0  "$A" log show -t csv $ad/signed.log
check audit-show-json       0  "$A" log show -t json $ad/signed.log
check audit-show-cut        0  at show t/cut.log
check audit-show-bad        65 at show t/edit-json.log
check audit-show-output     0  run_fresh "$aw" o/steps.md "$A" log show -t markdown -o o/steps.md signed.log

# ---- trace (model.json and preds.csv are not in $aw: by name or digest)
check audit-trace-model     0  at trace model.json pipeline.log
check audit-trace-digest    0  at trace d15ef97e8d7384c0e7fe670b7e9aeeffaae955c0c1e235ae74fe915aab969446 pipeline.log
check audit-trace-digest-prefix 0 at trace sha256:D15EF97E8D7384C0E7FE670B7E9AEEFFAAE955C0C1E235AE74FE915AAB969446 pipeline.log
check audit-trace-dot       0  at trace -t dot d15ef97e8d7384c0e7fe670b7e9aeeffaae955c0c1e235ae74fe915aab969446 pipeline.log
check audit-trace-json      0  at trace -t json model.json pipeline.log
check audit-trace-check     0  at trace --check model.json pipeline.log
check audit-trace-roundtrip 0  at trace back.csv signed.log
check audit-trace-stdout    0  at trace dd7935ed3547933e31889a1247399d751edb4dadb01925172027ba361749a4d7 signed.log
check audit-trace-original  1  at trace landing/orders-2024-07.csv pipeline.log
check audit-trace-notinlog  1  at trace sign.pub pipeline.log
check audit-trace-nosuch    66 at trace nosuch.csv pipeline.log
check audit-trace-nodigest  1  at trace 0000000000000000000000000000000000000000000000000000000000000001 pipeline.log
check audit-trace-output    0  run_fresh "$aw" o/model.dot "$A" log trace -t dot -o o/model.dot model.json pipeline.log
# A file that changed since it was logged: --check says so and fails.
cw=$tmp/audit-changed
mkdir -p "$cw/landing"
cp data/sample/* "$cw/landing/"
cp $ad/pipeline.log "$cw/"
echo '1099,2024-07-31,x@example.com,Tea,1,1.00,true' >>"$cw/landing/orders-2024-05.csv"
check audit-trace-changed   1  run_in "$cw" "" "$A" log trace --check model.json pipeline.log
check audit-trace-changed-json 1 run_in "$cw" "" "$A" log trace --check -t json model.json pipeline.log
check audit-trace-changed-nocheck 0 run_in "$cw" "" "$A" log trace model.json pipeline.log
# The artifact itself changed: traced by name, what was written.
echo '{}' >"$cw/model.json"
check audit-trace-root-changed 0 run_in "$cw" "" "$A" log trace -q model.json pipeline.log
check audit-trace-root-changed-check 1 run_in "$cw" "" "$A" log trace --check model.json pipeline.log

# ---- keygen
check audit-keygen-y        0  "$A" keygen -y $ad/sign.key
check audit-keygen-y-missing 66 "$A" keygen -y $ad/missing.key
check audit-keygen-y-pub    77 "$A" keygen -y $ad/sign.pub
check audit-keygen-exists   73 "$A" keygen -o $ad/sign.key
audit_keygen() {
	d=$tmp/audit-kg
	rm -rf "$d" && mkdir "$d" || return 1
	"$A" keygen -o "$d/k" 2>"$d/err" || return 1
	[ "$(ls -l "$d/k" | cut -c1-10)" = "-rw-------" ] || return 1
	grep -qx 'Public key: weir-audit-pub-1:[A-Za-z0-9+/]\{43\}=' \
	    "$d/err" || return 1
	"$A" keygen -y "$d/k" >"$d/pub" || return 1
	[ "Public key: $(cat "$d/pub")" = "$(cat "$d/err")" ] || return 1
	# -q: nothing on stderr; no -o: the key on standard output
	"$A" keygen -q >"$d/k2" 2>"$d/err2" && [ ! -s "$d/err2" ] &&
	    grep -q '^WEIR-AUDIT-SIGNING-KEY-1:' "$d/k2" || return 1
	# a log signed with the new key verifies with its public key only
	WEIR_AUDIT_LOG=$d/l WEIR_AUDIT_KEY=$d/k "$BIN/weir-convert" -t csv \
	    data/sample/orders-2024-05.csv >/dev/null &&
	    "$A" log verify -q -p "$d/pub" "$d/l" &&
	    ! "$A" log verify -q -p $ad/sign.pub "$d/l" 2>/dev/null
}
ok    audit-keygen-new      audit_keygen

# ---- a live pipeline, signed, traced back from the model and the scores
lw=$tmp/audit-live
mkdir -p "$lw/landing"
cp data/sample/* "$lw/landing/"
(cd "$lw" &&
    WEIR_AUDIT_LOG=audit.log WEIR_AUDIT_KEY=$TESTS/$ad/sign.key \
    SOURCE_DATE_EPOCH=$SDE && export WEIR_AUDIT_LOG WEIR_AUDIT_KEY SOURCE_DATE_EPOCH &&
    "$W" ingest --safe-names landing | "$W" convert -t ndjson |
    "$W" train -q --target paid -o model.json &&
    "$W" ingest --safe-names landing/orders-2024-07.csv |
    "$W" predict -m model.json >scores.csv) >"$tmp/audit-live.err" 2>&1

# masked CMD...: CMD's output with digests, hashes and sizes blanked (they
# follow the bytes that the other programs write), and CMD's status.
masked() {
	"$@" >"$tmp/audit-masked"
	rv=$?
	sed -e 's/[0-9a-f]\{64\}/HASH/g' -e 's/sha256:[0-9a-f]\{12\}/sha256:DIGEST/g' \
	    -e 's/ ([0-9a-f]\{8\})/ (DIGEST)/g' -e 's/[0-9][0-9]* bytes/N bytes/g' \
	    -e 's/"bytes": [0-9]*/"bytes": N/' -e 's/"version": "[^"]*"/"version": V/' \
	    "$tmp/audit-masked"
	return "$rv"
}
# lt ARGS...: weir-audit log ARGS in the live folder, masked.
lt() {
	masked run_in "$lw" "" env SOURCE_DATE_EPOCH=$SDE "$A" log "$@"
}

ok    audit-live-ran        test ! -s "$tmp/audit-live.err"
check audit-live-verify     0  lt verify -p "$TESTS/$ad/sign.pub" audit.log
check audit-live-show       0  lt show audit.log
check audit-live-trace-model  0 lt trace model.json audit.log
check audit-live-trace-scores 0 lt trace --check scores.csv audit.log
check audit-live-trace-json 0  lt trace -t json scores.csv audit.log

# weir-audit logs its own runs too; verify reads the log before it appends.
cp "$lw/audit.log" "$lw/own.log"
check audit-own-verify      0  lt verify --audit-log own.log own.log
check audit-own-again       0  lt verify own.log
check audit-own-show        0  lt show -t csv own.log

# ---- independent checks of the DSSE signatures and the chain
# py_with MODULE: a python3 that imports MODULE (Debian's own first:
# python3-nacl installs there, whatever python3 PATH finds first).
py_with() {
	for py in /usr/bin/python3 python3; do
		command -v "$py" >/dev/null 2>&1 &&
		    "$py" -c "import $1" >/dev/null 2>&1 && { echo "$py"; return 0; }
	done
	return 1
}
if py=$(py_with nacl.signing); then
	check audit-dsse-nacl       0 run_in "$lw" "" "$py" "$TESTS/dsse-verify.py" nacl "$TESTS/$ad/sign.pub" audit.log
	check audit-dsse-nacl-fixture 0 "$py" dsse-verify.py nacl $ad/sign.pub $ad/signed.log
	check audit-dsse-nacl-bad   1 run_in "$aw" "" "$py" "$TESTS/dsse-verify.py" nacl sign.pub t/s-sig.log
else
	skip audit-dsse-nacl "PyNaCl is not installed (Debian: apt-get install python3-nacl)"
fi
if py=$(py_with cryptography.hazmat.primitives.asymmetric.ed25519); then
	check audit-dsse-cryptography 0 run_in "$lw" "" "$py" "$TESTS/dsse-verify.py" cryptography "$TESTS/$ad/sign.pub" audit.log
else
	skip audit-dsse-cryptography "pyca/cryptography is not installed (Debian: apt-get install python3-cryptography)"
fi
# openssl(1): Ed25519 of OpenSSL, the signed text rebuilt in sh.
dsse_openssl() {	# PUB LOG
	d=$tmp/audit-ossl
	mkdir -p "$d" || return 1
	# An Ed25519 SubjectPublicKeyInfo: 12 fixed bytes, then the key.
	{ printf '\060\052\060\005\006\003\053\145\160\003\041\000'
	  sed 's/^weir-audit-pub-1://' "$1" | base64 -d; } >"$d/pub.der"
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		printf '%s\n' "$line" | sed 's/.*"payload":"\([^"]*\)".*/\1/' |
		    base64 -d >"$d/body" || return 1
		printf '%s\n' "$line" | sed 's/.*"sig":"\([^"]*\)".*/\1/' |
		    base64 -d >"$d/sig" || return 1
		{ printf 'DSSEv1 28 application/vnd.in-toto+json %s ' \
		    "$(wc -c <"$d/body" | tr -d ' ')"; cat "$d/body"; } >"$d/pae"
		openssl pkeyutl -verify -pubin -inkey "$d/pub.der" -keyform DER \
		    -rawin -in "$d/pae" -sigfile "$d/sig" >/dev/null 2>&1 ||
		    { echo "line $n: bad signature"; return 1; }
	done <"$2"
	echo "$n lines verified with openssl"
}
if command -v openssl >/dev/null 2>&1 && command -v base64 >/dev/null 2>&1 &&
    openssl pkeyutl -help 2>&1 | grep -q rawin; then
	check audit-dsse-openssl    0 dsse_openssl $ad/sign.pub "$lw/audit.log"
	check audit-dsse-openssl-bad 1 dsse_openssl $ad/sign.pub "$aw/t/s-sig.log"
else
	skip audit-dsse-openssl "openssl(1) 3.0 or later is not installed"
fi

# ---- two pipelines append at once, while verify keeps reading
audit_concurrent() {
	d=$tmp/audit-conc
	rm -rf "$d" && mkdir "$d" && : >"$d/c.log" || return 1
	for k in 5 7; do
		(i=0 rc=0
		while [ $i -lt 100 ] && [ $rc -eq 0 ]; do
			WEIR_AUDIT_LOG=$d/c.log "$BIN/weir-convert" -t ndjson \
			    data/sample/orders-2024-0$k.csv |
			    WEIR_AUDIT_LOG=$d/c.log "$BIN/weir-convert" -t csv \
			    >/dev/null || rc=1
			i=$((i + 1))
		done
		echo $rc >"$d/done.$k") &
	done
	bad=0
	while [ ! -f "$d/done.5" ] || [ ! -f "$d/done.7" ]; do
		"$A" log verify -q "$d/c.log" || bad=1
	done
	wait
	[ "$bad" -eq 0 ] && [ "$(cat "$d/done.5" "$d/done.7")" = "0
0" ] && [ "$(wc -l <"$d/c.log")" -eq 400 ] && "$A" log verify -q "$d/c.log"
}
ok    audit-concurrent      audit_concurrent

# ---- a program killed mid-run leaves no line; a cut line is named
audit_sigkill() {
	d=$tmp/audit-kill
	rm -rf "$d" && mkdir "$d" && mkfifo "$d/fifo" || return 1
	WEIR_AUDIT_LOG=$d/k.log "$BIN/weir-convert" -t csv \
	    data/sample/orders-2024-05.csv >/dev/null || return 1
	WEIR_AUDIT_LOG=$d/k.log "$BIN/weir-convert" -t ndjson "$d/fifo" \
	    >/dev/null 2>&1 &
	pid=$!
	exec 3<>"$d/fifo"	# read and write: the open never blocks
	printf 'a,b\n1,2\n' >&3
	sleep 1
	kill -9 "$pid"
	wait "$pid"
	exec 3>&-
	[ "$(wc -l <"$d/k.log")" -eq 1 ] && "$A" log verify -q "$d/k.log"
}
ok    audit-sigkill         audit_sigkill
kw=$tmp/audit-kill2
mkdir -p "$kw"
cp $ad/pipeline.log "$kw/k.log"
printf '{"_type":"https://in-toto.io/Sta' >>"$kw/k.log"
check audit-killed-cut      1  run_in "$kw" "" "$A" log verify k.log
# the next writer cuts the unfinished line off, then appends its own
check audit-killed-next     0  run_in "$kw" "" env WEIR_AUDIT_LOG=k.log "$BIN/weir-convert" -t csv "$TESTS/data/sample/orders-2024-05.csv" -o /dev/null
ok    audit-killed-repaired run_in "$kw" "" "$A" log verify -q k.log
