# tests/cli/encrypt.sh - weir-encrypt.  Sourced by tests/run; cwd is tests/.
# Fixtures are in data/encrypt/: identities made by age-keygen (id1-3.txt,
# ids.txt, recipients.txt), files made by age(1) (hello*.age) and damaged
# copies of them, passphrase files made with work factor 10 (pass10*.age,
# passphrase "correct horse battery staple"), records (people.*) and
# column keys (*.key).  Each case has golden/CASE.out and .err.
EN=$BIN/weir-encrypt
end=data/encrypt
unset WEIR_PASSPHRASE	# a developer's own must not leak in

# Scratch folder $enw, where d/ is data/encrypt and k/ holds copies of its
# keys and identities with mode 0600 (git checks files out 0644, which
# draws a warning), so that messages are short and the same everywhere.
enw=$(scratch en data/encrypt)
mkdir -p "$enw/k"
for k in col other bad notcol; do cp "$end/$k.key" "$enw/k/$k.key"; done
cp "$end"/id[123].txt "$end/ids.txt" "$enw/k/"
chmod 600 "$enw"/k/*
printf 'correct horse battery staple\n' >"$enw/k/pass"
printf 'wrong horse\n' >"$enw/k/wrong"
chmod 600 "$enw/k/pass" "$enw/k/wrong"
R1=$(sed -n 's/^# public key: //p' "$end/id1.txt")
R2=$(sed -n 's/^# public key: //p' "$end/id2.txt")
export EN R1 R2

# en_run FILES ARGS...: weir-encrypt ARGS run from $enw in a fresh o/, then
# FILES and what o/ holds (run_fresh in lib.sh); the status is weir-encrypt's.
en_run() {
	en_files=$1
	shift
	run_fresh "$enw" "$en_files" "$EN" "$@"
}

# en_sh SCRIPT: run SCRIPT with sh in $enw (with $EN, $R1 and $R2 set).
en_sh() {
	(cd "$enw" && EN=$EN sh -c "$1")
}

# en_status STATUS ARGS...: weir-encrypt ARGS, run in $enw, exits STATUS
# with one message (after any warning about a file's mode).
en_status() {
	(want=$1
	shift
	cd "$enw" && "$EN" "$@" >/dev/null 2>"$tmp/en-status.err"
	[ $? -eq "$want" ] &&
	    [ "$(grep -cv 'readable by group or others' "$tmp/en-status.err")" -eq 1 ])
}

# en_no_secret ARGS...: whatever weir-encrypt ARGS says, it never quotes
# the secret key of k/id1.txt, even when that file is given where
# recipients belong.
en_no_secret() {
	(cd "$enw" && "$EN" "$@" >/dev/null 2>"$tmp/en-secret.err"
	sec=$(grep '^AGE-SECRET-KEY-1' k/id1.txt | cut -c17-30)
	! grep -q "$sec" "$tmp/en-secret.err")
}

# en_mask: keys with their random parts masked, for golden files.
en_mask() {
	sed -e 's/age1[02-9ac-hj-np-z]\{58\}/age1(58)/g' \
	    -e 's/AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]\{58\}/AGE-SECRET-KEY-1(58)/g' \
	    -e 's/weir-column-key-1:[A-Za-z0-9_-]\{43\}$/weir-column-key-1:(43)/'
}

# en_keygen ARGS...: weir-encrypt --keygen ARGS in $tmp, stdout and stderr
# masked; with -o FILE, the mode of FILE and its masked content.
en_keygen() {
	(cd "$tmp" && rm -f en-k.txt
	umask 022
	"$EN" "$@" 2>en.err >en.out
	rv=$?
	en_mask <en.out
	if [ -f en-k.txt ]; then
		ls -l en-k.txt | cut -c1-10
		en_mask <en-k.txt | sed 's/^# created: .*T.*/# created: (time)/'
	fi
	en_mask <en.err >&2
	exit $rv)
}

en_keygen_sde() {
	(SOURCE_DATE_EPOCH=1700000000
	export SOURCE_DATE_EPOCH
	en_keygen --keygen)
}

# The usage of --help is the SYNOPSIS of the manual page (STYLE 3.7).
en_usage_synopsis() {
	command -v mandoc >/dev/null || return 0
	"$EN" --help | sed -n '/^usage:/,/^$/p' | sed 's/^usage://' |
	    tr -s ' \n' '  ' | sed 's/^ *//; s/ *$//' >"$tmp/en-usage"
	mandoc -Tascii "$BIN/man/weir-encrypt.1" | col -bx |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' |
	    tr -s ' \n' '  ' | sed 's/^ *//; s/ *$//' >"$tmp/en-syn"
	cmp "$tmp/en-usage" "$tmp/en-syn"
}

# The format of a new identity, and -y on it.
en_keygen_format() {
	"$EN" --keygen 2>"$tmp/en.err" >"$tmp/en.key" || return 1
	grep -Eq '^# created: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[-+][0-9]{2}:[0-9]{2})$' "$tmp/en.key" || return 1
	[ "$(wc -l <"$tmp/en.key")" -eq 3 ] || return 1
	grep -Eqx 'AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}' "$tmp/en.key" || return 1
	pub=$(sed -n 's/^# public key: //p' "$tmp/en.key")
	[ "$(cat "$tmp/en.err")" = "Public key: $pub" ] &&
	    [ "$("$EN" -y "$tmp/en.key")" = "$pub" ]
}

# A file of several 64 KiB chunks, $enw/big.txt, and big.age with 16
# bytes of its second chunk zeroed.
en_big_damaged() {
	(cd "$enw" && i=0
	while [ $i -lt 2000 ]; do
		echo "line $i of a file of several chunks, damaged in the middle"
		i=$((i + 1))
	done >big.txt
	"$EN" -r "$R1" -o big.age big.txt &&
	    dd if=/dev/zero of=big.age bs=1 seek=70000 count=16 conv=notrunc \
	    2>/dev/null)
}

# Decrypt the damaged file with -o: 65, and nothing left behind.
en_damaged_o() {
	en_big_damaged || return 70
	en_run "" -d -i k/id1.txt -o o/big.txt big.age
}

# To standard output, only the chunk that authenticated comes out.
en_damaged_stdout() {
	en_big_damaged || return 1
	(cd "$enw" && "$EN" -d -i k/id1.txt big.age >part.txt 2>/dev/null
	[ $? -eq 65 ] && [ "$(wc -c <part.txt)" -eq 65536 ] &&
	    head -c 65536 big.txt | cmp -s - part.txt)
}

# Only the chosen columns change: the others are byte for byte the same.
en_untouched() {
	(cd "$enw" && "$EN" -c email,ssn --key-file k/col.key d/people.csv |
	    "$BIN/weir-convert" -c id,name,city >u1.csv &&
	    "$BIN/weir-convert" -c id,name,city d/people.csv | cmp -s - u1.csv)
}

# The README recipe: a column key kept age-encrypted to a recipient; a
# cron job decrypts it to a pipe (bash's <(...)), to standard input, or
# to a temporary file made with umask 077.
en_key_in_age() {
	(cd "$enw" && rm -f ck.key ck.key.age ck.tmp &&
	"$EN" --keygen=column -o ck.key &&
	"$EN" -r "$R1" -o ck.key.age ck.key && rm ck.key &&
	"$EN" -d -i k/id1.txt ck.key.age |
	    "$EN" -c email --key-file /dev/stdin d/people.csv >e.csv &&
	(umask 077 && "$EN" -d -i k/id1.txt -o ck.tmp ck.key.age) &&
	[ "$(ls -l ck.tmp | cut -c1-10)" = "-rw-------" ] &&
	"$EN" -d -c email --key-file ck.tmp e.csv | cmp -s - d/people.csv &&
	rm ck.tmp &&
	if command -v bash >/dev/null; then
		EN=$EN bash -c '"$EN" -d -c email --key-file <("$EN" -d -i k/id1.txt ck.key.age) e.csv' |
		    cmp -s - d/people.csv
	fi)
}

# ---- usage
check encrypt-help                0  "$EN" --help
check encrypt-help-short          0  "$EN" -h
check encrypt-version             0  "$EN" --version
check encrypt-bad-option          64 "$EN" --nope
check encrypt-no-recipient        64 "$EN" $end/hello.txt
check encrypt-p-with-r            64 "$EN" -p -r "$R1" $end/hello.txt
check encrypt-p-with-R            64 "$EN" -p -R $end/recipients.txt $end/hello.txt
check encrypt-i-encrypting        64 "$EN" -i $enw/k/id1.txt $end/hello.txt
check encrypt-d-armor             64 "$EN" -d -a -i $enw/k/id1.txt $end/hello.age
check encrypt-d-p                 64 "$EN" -d -p $end/pass10.age
check encrypt-d-r                 64 "$EN" -d -r "$R1" $end/hello.age
check encrypt-pass-file-and-fd    64 "$EN" -p --passphrase-file k --passphrase-fd 3 $end/hello.txt
check encrypt-pass-file-no-p      64 "$EN" -r "$R1" --passphrase-file k $end/hello.txt
check encrypt-two-inputs          64 "$EN" -r "$R1" $end/hello.txt $end/hello.txt
check encrypt-threads-zero        64 "$EN" -r "$R1" --threads 0 $end/hello.txt
check encrypt-pass-fd-bad         64 "$EN" -p --passphrase-fd x $end/hello.txt
check encrypt-keygen-bad          64 "$EN" --keygen=rsa
check encrypt-keygen-with-r       64 "$EN" --keygen -r "$R1"
check encrypt-keygen-and-y        64 "$EN" --keygen -y $enw/k/id1.txt
check encrypt-keygen-operand      64 "$EN" --keygen $end/hello.txt
check encrypt-record-opt-stream   64 "$EN" -r "$R1" -t csv $end/hello.txt
check encrypt-det-no-columns      64 "$EN" --deterministic -r "$R1" $end/hello.txt
check encrypt-r-bad               64 "$EN" -r age1nope $end/hello.txt
ok    encrypt-usage-is-synopsis      en_usage_synopsis

# ---- --keygen: age-keygen's format, mode 0600, never replacing a file
check encrypt-keygen-sde          0  en_keygen_sde
check encrypt-keygen-sde-bad      64 env SOURCE_DATE_EPOCH=soon "$EN" --keygen
ok    encrypt-keygen-format          en_keygen_format
ok    encrypt-keygen-differs         sh -c '[ "$("$EN" --keygen 2>/dev/null | tail -1)" != "$("$EN" --keygen 2>/dev/null | tail -1)" ]'
check encrypt-keygen-o            0  en_keygen --keygen -o en-k.txt
check encrypt-keygen-o-quiet      0  en_keygen -q --keygen -o en-k.txt
check encrypt-keygen-exists       73 en_run "d/hello.txt" --keygen -o d/hello.txt
check encrypt-keygen-no-dir       73 "$EN" --keygen -o /nonexistent/id.txt
check encrypt-keygen-enospc       74 sh -c '"$BIN/weir-encrypt" --keygen >/dev/full'
check encrypt-keygen-column       0  en_keygen --keygen=column
check encrypt-keygen-column-o     0  en_keygen --keygen=column -o en-k.txt
check encrypt-keygen-column-exists 73 "$EN" --keygen=column -o $end/col.key
ok    encrypt-keygen-column-works    sh -c 'cd "$tmp" && rm -f en-c2.key && "$BIN/weir-encrypt" --keygen=column -o en-c2.key && "$BIN/weir-encrypt" -c email --key-file en-c2.key "$TESTS/data/encrypt/people.csv" | "$BIN/weir-encrypt" -d -c email --key-file en-c2.key | cmp - "$TESTS/data/encrypt/people.csv"'

# ---- -y: the recipient of each identity, comments and blank lines skipped
check encrypt-y                   0  "$EN" -y $enw/k/ids.txt
check encrypt-y-o                 0  en_run o/r.txt -y k/id2.txt -o o/r.txt
check encrypt-y-missing           66 "$EN" -y $end/nope.txt
ok    encrypt-y-not-identity         en_status 65 -y d/recipients.txt

# ---- whole files: round trips through files and pipes
ok    encrypt-roundtrip-file         en_sh '"$EN" -r "$R1" -o o.age d/hello.txt && "$EN" -d -i k/id1.txt -o o.txt o.age && cmp o.txt d/hello.txt'
ok    encrypt-roundtrip-pipe         en_sh '"$EN" -r "$R1" <d/hello.txt | "$EN" -d -i k/id1.txt | cmp - d/hello.txt'
ok    encrypt-roundtrip-dash         en_sh '"$EN" -r "$R1" - <d/hello.txt | "$EN" -d -i k/id1.txt - | cmp - d/hello.txt'
ok    encrypt-roundtrip-empty        en_sh '"$EN" -r "$R1" </dev/null | "$EN" -d -i k/id1.txt | cmp - /dev/null'
ok    encrypt-roundtrip-threads      en_sh 'head -c 1000000 /dev/urandom >big.bin && "$EN" -r "$R1" --threads 3 big.bin | "$EN" -d -i k/id1.txt --threads 2 | cmp - big.bin && "$EN" -r "$R1" --threads 1 big.bin | "$EN" -d -i k/id1.txt --threads 1 | cmp - big.bin'
ok    encrypt-binary-header          en_sh '"$EN" -r "$R1" d/hello.txt | head -c 22 | grep -qx "age-encryption.org/v1"'
ok    encrypt-armor                  en_sh '"$EN" -a -r "$R1" d/hello.txt >a.age && head -1 a.age | grep -qx -- "-----BEGIN AGE ENCRYPTED FILE-----" && tail -1 a.age | grep -qx -- "-----END AGE ENCRYPTED FILE-----" && "$EN" -d -i k/id1.txt a.age | cmp - d/hello.txt'
ok    encrypt-random                 en_sh '[ "$("$EN" -a -r "$R1" d/hello.txt)" != "$("$EN" -a -r "$R1" d/hello.txt)" ]'
ok    encrypt-multi-r                en_sh '"$EN" -r "$R1" -r "$R2" d/hello.txt >m.age && "$EN" -d -i k/id1.txt m.age | cmp - d/hello.txt && "$EN" -d -i k/id2.txt m.age | cmp - d/hello.txt'
ok    encrypt-R-file                 en_sh '"$EN" -R d/recipients.txt d/hello.txt >m.age && "$EN" -d -i k/id1.txt m.age | cmp - d/hello.txt && "$EN" -d -i k/id2.txt m.age | cmp - d/hello.txt'
ok    encrypt-R-and-r                en_sh '"$EN" -R d/recipients.txt -r "$(sed -n "s/^# public key: //p" k/id3.txt)" d/hello.txt >m.age && "$EN" -d -i k/id3.txt m.age | cmp - d/hello.txt'
ok    encrypt-two-R                  en_sh 'grep age1 d/recipients.txt | head -1 >r1 && grep age1 d/recipients.txt | tail -1 >r2 && "$EN" -R r1 -R r2 d/hello.txt >m.age && "$EN" -d -i k/id2.txt m.age | cmp - d/hello.txt'
ok    encrypt-i-several              en_sh '"$EN" -r "$R2" d/hello.txt | "$EN" -d -i k/id3.txt -i k/id2.txt | cmp - d/hello.txt'
ok    encrypt-ids-file               en_sh '"$EN" -r "$R2" d/hello.txt | "$EN" -d -i k/ids.txt | cmp - d/hello.txt'
check encrypt-R-missing           66 "$EN" -R $end/nope.txt $end/hello.txt
ok    encrypt-R-bad                  en_status 64 -R k/id1.txt d/hello.txt
ok    encrypt-R-bad-no-secret        en_no_secret -R k/id1.txt d/hello.txt

# ---- files made by age(1) and damaged copies; -o is all or nothing
check encrypt-d-age               0  "$EN" -d -i $enw/k/id1.txt $end/hello.age
check encrypt-d-age-armored       0  "$EN" -d -i $enw/k/id2.txt $end/hello.armored.age
check_in encrypt-d-age-stdin      0  $end/hello.armored.age "$EN" -d -i $enw/k/id1.txt
check encrypt-d-o                 0  en_run o/x.txt -d -i k/id1.txt -o o/x.txt d/hello.age
check encrypt-no-match            77 en_run o/x.txt -d -i k/id3.txt -o o/x.txt d/hello.age
check encrypt-no-identity         77 "$EN" -d $end/hello.age
check encrypt-truncated           65 en_run o/x.txt -d -i k/id1.txt -o o/x.txt d/truncated.age
check encrypt-flipped             65 en_run o/x.txt -d -i k/id1.txt -o o/x.txt d/flipped.age
check encrypt-trailing            65 en_run o/x.txt -d -i k/id1.txt -o o/x.txt d/trailing.age
check encrypt-not-age             65 "$EN" -d -i $enw/k/id1.txt $end/hello.txt
check encrypt-d-empty-input       65 "$EN" -d -i $enw/k/id1.txt /dev/null
check encrypt-damaged-chunk       65 en_damaged_o
ok    encrypt-damaged-stdout         en_damaged_stdout
check encrypt-missing-input       66 "$EN" -r "$R1" $end/nope.txt
check encrypt-d-missing-input     66 "$EN" -d -i $enw/k/id1.txt $end/nope.age
check encrypt-i-missing           66 "$EN" -d -i $end/nope.txt $end/hello.age
ok    encrypt-i-not-identity         en_status 65 -d -i d/recipients.txt d/hello.age
check encrypt-o-no-dir            73 "$EN" -r "$R1" -o /nonexistent/x.age $end/hello.txt
check encrypt-o-fail              66 en_run o/x.age -r "$R1" -o o/x.age d/nope.txt
check encrypt-o-keep              77 sh -c 'mkdir -p "$tmp/en-keep" && cd "$tmp/en-keep" && echo old >keep.txt && "$EN" -d -i "$tmp/en/k/id3.txt" -o keep.txt "$TESTS/data/encrypt/hello.age" 2>/dev/null; rv=$?; cat keep.txt; ls -A; exit $rv'
check encrypt-sigpipe             0  en_sh 'head -c 300000 /dev/zero >z.bin && { "$EN" -r "$R1" z.bin | "$EN" -d -i k/id1.txt; echo "status $?" >&2; } | head -c 3 | od -An -c'
check encrypt-col-sigpipe         0  en_sh '"$BIN/tests/gen/gendata" -n 20000 -s 1 >many.csv && { "$EN" -c email --key-file k/col.key many.csv; echo "status $?" >&2; } | head -1'
check encrypt-enospc              74 sh -c '"$BIN/weir-encrypt" -a -r "$R1" data/encrypt/hello.txt >/dev/full'
check encrypt-d-enospc            74 sh -c '"$BIN/weir-encrypt" -d -i "$tmp/en/k/id1.txt" data/encrypt/hello.age >/dev/full'

# ---- passphrases: never from argv; files, descriptors, the environment
check encrypt-pass-env            0  env WEIR_PASSPHRASE='correct horse battery staple' "$EN" -d $end/pass10.age
check encrypt-pass-file           0  en_run "" -d --passphrase-file k/pass d/pass10.armored.age
check encrypt-pass-fd             0  en_sh '"$EN" -d --passphrase-fd 3 d/pass10.age 3<k/pass'
check encrypt-pass-fd-stdin       0  en_sh 'printf "correct horse battery staple\n" | "$EN" -d --passphrase-fd 0 d/pass10.age'
check encrypt-pass-file-wins      0  env WEIR_PASSPHRASE=wrong sh -c 'cd "$tmp/en" && "$BIN/weir-encrypt" -d --passphrase-file k/pass d/pass10.age'
check encrypt-pass-wrong          77 en_run o/x.txt -d --passphrase-file k/wrong -o o/x.txt d/pass10.age
check encrypt-pass-wrong-env      77 env WEIR_PASSPHRASE=nope "$EN" -d $end/pass10.age
check encrypt-pass-none           77 setsid -w "$EN" -d $end/pass10.age
check encrypt-pass-none-p         77 setsid -w sh -c 'cd "$tmp/en" && rm -rf o && mkdir o && "$EN" -p -o o/x.age d/hello.txt; rv=$?; echo "== ls o:" $(ls -A o); exit $rv'
check encrypt-pass-empty-env      77 env WEIR_PASSPHRASE= "$EN" -d $end/pass10.age
check encrypt-pass-file-missing   66 "$EN" -d --passphrase-file $end/nope $end/pass10.age
check encrypt-pass-fd-closed      77 "$EN" -d --passphrase-fd 9 $end/pass10.age
check encrypt-pass-file-mode      0  en_sh 'cp k/pass pass644 && chmod 644 pass644 && "$EN" -d --passphrase-file pass644 d/pass10.age'
check encrypt-pass-identity-file  77 setsid -w "$EN" -d -i $enw/k/id1.txt $end/pass10.age
check encrypt-pass-identity-env   0  env WEIR_PASSPHRASE='correct horse battery staple' "$EN" -d -i $enw/k/id1.txt $end/pass10.age
# The default work factor (18, about a second) in one round trip only.
ok    encrypt-pass-roundtrip         en_sh 'WEIR_PASSPHRASE="s3cret pass" "$EN" -p -a d/hello.txt >p.age && grep -q "^-----BEGIN AGE" p.age && "$EN" -d --passphrase-fd 3 p.age 3<<EOF | cmp - d/hello.txt
s3cret pass
EOF'
if command -v script >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
	# The terminal prompt, end to end (the passphrase is typed until the
	# prompt, which flushes earlier input, has taken it).
	ok encrypt-pass-tty             en_sh '(for t in 0.3 0.7 1 2; do sleep $t; printf "correct horse battery staple\r"; done) | timeout 10 script -qec "$EN -d d/pass10.age" /dev/null | grep -q "and another, for the passphrase tests"'
else
	skip encrypt-pass-tty "no script(1)"
fi

# ---- interoperability with age(1), both ways, binary and armored
if [ -x /usr/bin/age ]; then
	AGE=/usr/bin/age
	export AGE
	# en_interop SIZE: files of SIZE bytes both ways, binary and armored.
	en_interop() {
		en_sh 'head -c '"$1"' /dev/urandom >p.bin &&
		    "$EN" -r "$R1" p.bin | "$AGE" -d -i k/id1.txt | cmp - p.bin &&
		    "$EN" -a -r "$R1" p.bin | "$AGE" -d -i k/id1.txt | cmp - p.bin &&
		    "$AGE" -r "$R1" p.bin | "$EN" -d -i k/id1.txt | cmp - p.bin &&
		    "$AGE" -a -r "$R1" p.bin | "$EN" -d -i k/id1.txt | cmp - p.bin'
	}
	for n in 0 1 65535 65536 65537 131072 200000 1000000; do
		ok encrypt-age-interop-$n  en_interop $n
	done
	ok encrypt-age-multi-weir-to-age  en_sh 'head -c 70000 /dev/urandom >p.bin && "$EN" -r "$R1" -R d/recipients.txt -r "$(sed -n "s/^# public key: //p" k/id3.txt)" p.bin >m.age && for i in 1 2 3; do "$AGE" -d -i d/id$i.txt m.age | cmp - p.bin || exit 1; done'
	ok encrypt-age-multi-age-to-weir  en_sh 'head -c 70000 /dev/urandom >p.bin && "$AGE" -a -R d/recipients.txt -r "$(sed -n "s/^# public key: //p" k/id3.txt)" p.bin >m.age && for i in 1 2 3; do "$EN" -d -i k/id$i.txt m.age | cmp - p.bin || exit 1; done'
	ok encrypt-age-keygen-y           en_sh '"$EN" --keygen -o kk.txt 2>/dev/null && [ "$("$EN" -y kk.txt)" = "$(age-keygen -y kk.txt)" ] && echo hi | "$AGE" -r "$("$EN" -y kk.txt)" | "$EN" -d -i kk.txt | grep -qx hi'
	ok encrypt-age-identity-of-weir   en_sh '"$EN" --keygen -o kw.txt 2>/dev/null && echo hi | "$EN" -r "$("$EN" -y kw.txt)" | "$AGE" -d -i kw.txt | grep -qx hi'
	ok encrypt-age-scrypt-weir-to-age en_sh '(for t in 0.3 0.7 1 2; do sleep $t; printf "correct horse battery staple\r"; done) | timeout 10 script -qec "$AGE -d d/pass10.age" /dev/null | grep -q "and another, for the passphrase tests"'
else
	skip encrypt-age-interop "no /usr/bin/age"
fi

# ---- columns: round trips, CSV and NDJSON
check encrypt-col-det-csv         0  en_run "" -c email,ssn --key-file k/col.key --deterministic d/people.csv
check encrypt-col-det-ndjson      0  en_run "" -c email,ssn,age,vip,address,tags --key-file k/col.key --deterministic d/people.ndjson
check encrypt-col-det-tsv         0  sh -c '"$BIN/weir-convert" -t tsv data/encrypt/people.csv | "$BIN/weir-encrypt" -f tsv -c email --key-file "$tmp/en/k/col.key" --deterministic'
check encrypt-col-det-to-csv      0  en_run "" -c email,address.city --key-file k/col.key --deterministic -t csv d/people.ndjson
check encrypt-col-det-indices     0  en_run "" -c 3-4 --key-file k/col.key --deterministic d/people.csv
check encrypt-col-d-csv           0  en_run "" -d -c email,ssn --key-file k/col.key d/people.enc.csv
check encrypt-col-d-ndjson        0  en_run "" -d -c email,ssn,age,vip,address,tags --key-file k/col.key d/people.enc.ndjson
check encrypt-col-d-to-csv        0  en_run "" -d -c email,ssn,age,vip,address,tags --key-file k/col.key -t csv d/people.enc.ndjson
ok    encrypt-col-roundtrip-csv      en_sh '"$EN" -c email,ssn,name --key-file k/col.key d/people.csv | "$EN" -d -c email,ssn,name --key-file k/col.key | cmp - d/people.csv'
ok    encrypt-col-roundtrip-ndjson   en_sh '"$EN" -c id,email,ssn,age,vip,address,tags --key-file k/col.key d/people.ndjson | "$EN" -d -c id,email,ssn,age,vip,address,tags --key-file k/col.key | cmp - d/people.ndjson'
ok    encrypt-col-roundtrip-delim    en_sh '"$BIN/weir-convert" --out-delimiter ";" d/people.csv >semi.csv && "$EN" --delimiter ";" -c email --key-file k/col.key semi.csv | "$EN" -d -c email --key-file k/col.key | cmp - d/people.csv'
ok    encrypt-col-roundtrip-det      en_sh '"$EN" --deterministic -c email,ssn --key-file k/col.key d/people.csv | "$EN" -d -c email,ssn --key-file k/col.key | cmp - d/people.csv'
ok    encrypt-col-det-equal          en_sh '"$EN" --deterministic -c email --key-file k/col.key d/people.csv >e.csv && [ "$(sed -n 2p e.csv | cut -d, -f3)" = "$(sed -n 4p e.csv | cut -d, -f3)" ]'
ok    encrypt-col-random-differs     en_sh '"$EN" -c email --key-file k/col.key d/people.csv >e.csv && [ "$(sed -n 2p e.csv | cut -d, -f3)" != "$(sed -n 4p e.csv | cut -d, -f3)" ] && ! "$EN" -c email --key-file k/col.key d/people.csv | cmp -s - e.csv'
ok    encrypt-col-untouched          en_untouched
check encrypt-col-o               0  en_run o/x.csv -c ssn --key-file k/col.key --deterministic -o o/x.csv d/people.csv
check encrypt-col-o-gz            0  en_sh 'rm -rf o && mkdir o && "$EN" -c ssn --key-file k/col.key --deterministic -o o/x.csv.gz d/people.csv && gzip -dc o/x.csv.gz'
check_in encrypt-col-stdin        0  $end/people.csv "$EN" -c email --key-file $enw/k/col.key --deterministic
check encrypt-col-key-fd          0  en_sh '"$EN" -d -c email,ssn --key-file /dev/fd/3 d/people.enc.csv 3<k/col.key'

# ---- columns: what does not decrypt is a bad record, never garbage
check encrypt-col-wrong-key       65 en_run o/x.csv -d -c email,ssn --key-file k/other.key -o o/x.csv d/people.enc.csv
check encrypt-col-wrong-bad-rows  0  en_run o/bad.csv -d -c email,ssn --key-file k/other.key --bad-rows o/bad.csv d/people.enc.csv
check encrypt-col-moved           65 en_run "" -d -c email,ssn --key-file k/col.key d/moved.csv
check encrypt-col-moved-bad-rows  0  en_run o/bad.csv -d -c email,ssn --key-file k/col.key --bad-rows o/bad.csv d/moved.csv
check encrypt-col-damaged         65 en_run "" -d -c email,ssn --key-file k/col.key d/damaged.csv
check encrypt-col-damaged-max-bad 0  en_run "" -d -c email,ssn --key-file k/col.key --max-bad 1 d/damaged.csv
check encrypt-col-max-bad-over    65 en_run o/bad.csv -d -c email,ssn --key-file k/other.key --bad-rows o/bad.csv --max-bad 1 d/people.enc.csv
check encrypt-col-not-token       65 en_run "" -d -c email --key-file k/col.key d/people.csv
check encrypt-col-not-token-json  65 en_run "" -d -c age --key-file k/col.key d/people.ndjson
check encrypt-col-swapped-names   65 en_sh '"$BIN/weir-convert" -c id,name,ssn,email,city d/people.enc.csv | sed "1s/ssn,email/email,ssn/" | "$EN" -d -c email,ssn --key-file k/col.key'

# ---- columns: usage and key files
check encrypt-col-unknown         64 en_run o/x.csv -c email,nope --key-file k/col.key -o o/x.csv d/people.csv
check encrypt-col-unknown-ndjson  64 en_run o/x.ndjson -c email,nope --key-file k/col.key -o o/x.ndjson d/people.ndjson
check encrypt-col-unknown-flat    64 en_run o/x.csv -c nope --key-file k/col.key -t csv -o o/x.csv d/people.ndjson
check encrypt-col-no-key-file     64 "$EN" -c email $end/people.csv
check encrypt-col-key-no-columns  64 "$EN" --key-file $enw/k/col.key $end/people.csv
check encrypt-col-with-r          64 "$EN" -c email --key-file $enw/k/col.key -r "$R1" $end/people.csv
check encrypt-col-with-a          64 "$EN" -c email --key-file $enw/k/col.key -a $end/people.csv
check encrypt-col-key-missing     66 en_run "" -c email --key-file k/nope.key d/people.csv
check encrypt-col-key-bad         65 en_run "" -c email --key-file k/bad.key d/people.csv
check encrypt-col-key-age         65 en_run "" -c email --key-file k/notcol.key d/people.csv
check encrypt-col-key-mode        0  en_sh 'cp k/col.key col644.key && chmod 644 col644.key && "$EN" -c id --key-file col644.key --deterministic d/people.csv >/dev/null'
check encrypt-col-key-mode-quiet  0  en_sh 'cp k/col.key col644.key && chmod 644 col644.key && "$EN" -q -c id --key-file col644.key --deterministic d/people.csv >/dev/null'
check encrypt-col-missing-input   66 "$EN" -c email --key-file $enw/k/col.key $end/nope.csv
check encrypt-col-enospc          74 sh -c '"$BIN/weir-encrypt" -c email --key-file "$tmp/en/k/col.key" data/encrypt/people.csv >/dev/full'

# ---- the README recipe: a column key kept age-encrypted, used from cron
ok    encrypt-col-key-in-age         en_key_in_age
