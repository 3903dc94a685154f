# tests/cli/outputs.sh - what -o and --bad-rows do to the file system, for
# every program that writes records (DESIGN §4; lib/io.c): existing files
# keep their mode, symlinks are written through, read-only files are
# refused, decrypted data is born 0600, the process's own descriptors are
# written to, and no output may overwrite an input.  Sourced by tests/run.

ow=$tmp/outputs
rm -rf "$ow" && mkdir -p "$ow" && chmod 777 "$ow"
cp data/encrypt/people.csv data/encrypt/hello.age data/encrypt/id1.txt \
    data/encrypt/col.key data/train/line-new.csv data/train/model-line.json "$ow"/
chmod 600 "$ow"/id1.txt "$ow"/col.key
(cd "$ow" && "$BIN/weir-encrypt" -c email --key-file col.key people.csv \
    >people.enc.csv)

# ow_case NAME SCRIPT: SCRIPT runs in $ow with $W = the binaries, umask 022.
ow_case() {
	ok "$1" env W="$BIN" OW="$ow" sh -c "cd \"\$OW\" && umask 022 && $2"
}
mode() { stat -c %a "$1"; }

# ---- an existing file keeps its mode, whatever writes it
for m in 600 640 604; do
	ow_case outputs-keep-mode-convert-$m "rm -f t.csv && : >t.csv && chmod $m t.csv && \$W/weir-convert -o t.csv people.csv && [ \$(stat -c %a t.csv) = $m ] && cmp -s t.csv people.csv"
done
ow_case outputs-keep-mode-decrypt "rm -f t.txt && : >t.txt && chmod 640 t.txt && \$W/weir-encrypt -d -i id1.txt -o t.txt hello.age && [ \$(stat -c %a t.txt) = 640 ]"
ow_case outputs-keep-mode-predict "rm -f t.csv && : >t.csv && chmod 600 t.csv && \$W/weir-predict -m model-line.json -o t.csv line-new.csv && [ \$(stat -c %a t.csv) = 600 ] && [ -s t.csv ]"
ow_case outputs-keep-mode-bad-rows "rm -f b.csv && : >b.csv && chmod 600 b.csv && printf 'a,b\n1\n' | \$W/weir-convert --bad-rows b.csv -q >/dev/null; [ \$(stat -c %a b.csv) = 600 ] && grep -q 'header has 2' b.csv"

# ---- new files: the umask's mode, but decrypted data only for its owner
ow_case outputs-new-mode-convert "rm -f n.csv && \$W/weir-convert -o n.csv people.csv && [ \$(stat -c %a n.csv) = 644 ]"
ow_case outputs-new-mode-decrypt "rm -f n.txt && \$W/weir-encrypt -d -i id1.txt -o n.txt hello.age && [ \$(stat -c %a n.txt) = 600 ]"
ow_case outputs-new-mode-decrypt-umask0 "rm -f n.txt && umask 0 && \$W/weir-encrypt -d -i id1.txt -o n.txt hello.age && [ \$(stat -c %a n.txt) = 600 ]"
ow_case outputs-new-mode-col-decrypt "rm -f n.csv && \$W/weir-encrypt -d -c email --key-file col.key -o n.csv people.enc.csv && [ \$(stat -c %a n.csv) = 600 ] && cmp -s n.csv people.csv"
ow_case outputs-new-mode-col-encrypt "rm -f n.csv && \$W/weir-encrypt -c email --key-file col.key -o n.csv people.csv && [ \$(stat -c %a n.csv) = 644 ]"

# ---- symbolic links: the target is replaced, the link stays a link
ow_case outputs-symlink-target "rm -f tg.csv ln.csv && : >tg.csv && chmod 600 tg.csv && ln -s tg.csv ln.csv && \$W/weir-convert -o ln.csv people.csv && [ -L ln.csv ] && cmp -s tg.csv people.csv && [ \$(stat -c %a tg.csv) = 600 ]"
ow_case outputs-symlink-chain "rm -rf sub l1 l2 && mkdir sub && : >sub/t.csv && ln -s t.csv sub/l0 && ln -s sub/l0 l1 && ln -s l1 l2 && \$W/weir-convert -o l2 people.csv && [ -L l1 ] && [ -L l2 ] && [ -L sub/l0 ] && cmp -s sub/t.csv people.csv && [ -z \"\$(ls -A sub | grep -v -e '^t.csv\$' -e '^l0\$')\" ]"
ow_case outputs-symlink-dangling "rm -f new.csv dl.csv && ln -s new.csv dl.csv && \$W/weir-convert -o dl.csv people.csv && [ -L dl.csv ] && cmp -s new.csv people.csv"
ow_case outputs-symlink-decrypt "rm -f tg.txt ln.txt && : >tg.txt && ln -s tg.txt ln.txt && \$W/weir-encrypt -d -i id1.txt -o ln.txt hello.age && [ -L ln.txt ] && [ -s tg.txt ]"
ow_case outputs-symlink-loop "rm -f la lb && ln -s la lb && ln -s lb la && ! \$W/weir-convert -o la people.csv 2>err; [ \$? -eq 0 ] && grep -q 'too many levels' err"

# ---- read-only files are refused as the shell's > refuses them
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	asuser="setpriv --reuid=65534 --regid=65534 --clear-groups"
elif [ "$(id -u)" -ne 0 ]; then
	asuser=
else
	asuser=none
fi
if [ "$asuser" = none ]; then
	skip outputs-read-only "running as root without setpriv"
else
	for p in convert predict decrypt; do
		case $p in
		convert) cmd='$W/weir-convert -o ro people.csv' ;;
		predict) cmd='$W/weir-predict -m model-line.json -o ro line-new.csv' ;;
		decrypt) cmd='$W/weir-encrypt -d -i id1.txt -o ro hello.age' ;;
		esac
		ow_case outputs-read-only-$p "rm -f ro && printf 'keep\n' >ro && chmod 444 ro && chmod 644 id1.txt && $asuser sh -c '$cmd' 2>err; rv=\$?; chmod 600 id1.txt; [ \$rv -eq 73 ] && grep -q \"cannot write 'ro': Permission denied\" err && [ \"\$(cat ro)\" = keep ] && [ -z \"\$(ls -A | grep '^\\.ro\\.')\" ]"
	done
fi

# ---- the process's own descriptors: written to, never replaced
ow_case outputs-dev-stdout-append "printf 'first\n' >a.csv && \$W/weir-convert -o /dev/stdout people.csv >>a.csv && [ \"\$(head -1 a.csv)\" = first ] && tail -n +2 a.csv | cmp -s - people.csv"
ow_case outputs-dev-stdout-pipe "\$W/weir-convert -o /dev/stdout people.csv | cmp -s - people.csv"
ow_case outputs-proc-fd "\$W/weir-convert -o /proc/self/fd/1 people.csv | cmp -s - people.csv"
ow_case outputs-dev-fd-3 "\$W/weir-convert -o /dev/fd/3 people.csv 3>fd3.csv && cmp -s fd3.csv people.csv"
ow_case outputs-dev-null "\$W/weir-convert -o /dev/null --bad-rows /dev/null people.csv"

# ---- no output may overwrite an input or the other output (64, nothing read)
check outputs-same-o-input      64 sh -c 'cd "$1" && "$2/weir-convert" -o people.csv people.csv' sh "$ow" "$BIN"
check outputs-same-o-bad-rows   64 sh -c 'cd "$1" && "$2/weir-convert" -o x.csv --bad-rows ./x.csv people.csv' sh "$ow" "$BIN"
check outputs-same-bad-input    64 sh -c 'cd "$1" && "$2/weir-convert" --bad-rows people.csv people.csv' sh "$ow" "$BIN"
check outputs-same-via-link     64 sh -c 'cd "$1" && rm -f pl && ln -s people.csv pl && "$2/weir-convert" -o pl people.csv' sh "$ow" "$BIN"
check outputs-same-predict      64 sh -c 'cd "$1" && "$2/weir-predict" -m model-line.json -o line-new.csv line-new.csv' sh "$ow" "$BIN"
check outputs-same-predict-model 64 sh -c 'cd "$1" && "$2/weir-predict" -m model-line.json -o model-line.json line-new.csv' sh "$ow" "$BIN"
check outputs-same-encrypt      64 sh -c 'cd "$1" && "$2/weir-encrypt" -d -i id1.txt -o hello.age hello.age' sh "$ow" "$BIN"
check outputs-same-col          64 sh -c 'cd "$1" && "$2/weir-encrypt" -c email --key-file col.key -o people.csv people.csv' sh "$ow" "$BIN"
ow_case outputs-same-input-kept "cmp -s people.csv \"\$OLDPWD/data/encrypt/people.csv\" 2>/dev/null || cmp -s people.csv $TESTS/data/encrypt/people.csv"
