# tests/cli/lineage.sh - the lineage log as every program writes it
# (lib/lineage.c): one line per run, on success and on failure, with the
# digests of what went in and out, a linear hash chain under concurrent
# appends, partial lines cut, secrets kept out, DSSE when a key is given.
# (weir-audit's verify and trace have their own script.)  Sourced by
# tests/run.

lw=$tmp/lineage
rm -rf "$lw" && mkdir -p "$lw"
cp data/convert/quotes.csv data/train/iris.csv "$lw"/

# chain.py LOG [N]: every line parses, prev links the chain, N lines
cat >"$lw/chain.py" <<'PY'
import hashlib, json, sys
log, want = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else -1
prev = "0" * 64
n = 0
with open(log, "rb") as f:
    data = f.read()
assert data.endswith(b"\n"), "log does not end with a newline"
for raw in data.split(b"\n")[:-1]:
    d = json.loads(raw)
    if "payloadType" in d:
        import base64
        d = json.loads(base64.b64decode(d["payload"]))
    assert d["_type"] == "https://in-toto.io/Statement/v1"
    assert d["predicateType"] == "https://weir.dev/lineage/step/v1"
    assert d["predicate"]["prev"] == prev, "chain broken at line %d" % (n + 1)
    prev = hashlib.sha256(raw).hexdigest()
    n += 1
assert want < 0 or n == want, "%d lines, want %d" % (n, want)
PY
# field.py LOG LINE EXPR: print eval(EXPR) with p = predicate, s = statement
cat >"$lw/field.py" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
s = json.loads(lines[int(sys.argv[2]) - 1])
p = s["predicate"]
print(eval(sys.argv[3]))
PY

# lw_case NAME SCRIPT: SCRIPT runs in $lw with $W the binaries
lw_case() {
	ok "$1" env W="$BIN" LW="$lw" sh -c "cd \"\$LW\" && $2"
}
field() { echo "python3 field.py $1 $2 '$3'"; }

lw_case lineage-off "rm -f off.log && \$W/weir-convert quotes.csv >/dev/null && [ ! -e off.log ]"
lw_case lineage-one-line "rm -f a.log && WEIR_AUDIT_LOG=a.log \$W/weir-convert -o out.csv quotes.csv && python3 chain.py a.log 1"
lw_case lineage-subject-digest "[ \"\$($(field a.log 1 's["subject"][0]["digest"]["sha256"]'))\" = \"\$(sha256sum out.csv | cut -c1-64)\" ]"
lw_case lineage-input-digest "[ \"\$($(field a.log 1 'p["inputs"][0]["digest"]["sha256"]'))\" = \"\$(sha256sum quotes.csv | cut -c1-64)\" ]"
lw_case lineage-counts "[ \"\$($(field a.log 1 '(p["inputs"][0]["records"], p["outputs"][0]["records"], p["status"], p["program"])'))\" = \"(4, 4, 0, 'weir-convert')\" ]"
# a pipe links two steps by the digest of the bytes in it
lw_case lineage-pipe "rm -f p.log && WEIR_AUDIT_LOG=p.log \$W/weir-convert -t ndjson quotes.csv | WEIR_AUDIT_LOG=p.log \$W/weir-convert -t csv >/dev/null && python3 chain.py p.log 2 && o=\$($(field p.log 1 's["subject"][0]["digest"]["sha256"]')) && i=\$($(field p.log 2 'p["inputs"][0]["digest"]["sha256"]')) && [ \"\$o\" = \"\$i\" ]"
# failures are logged with their status
lw_case lineage-missing "rm -f f.log && ! WEIR_AUDIT_LOG=f.log \$W/weir-convert nope.csv 2>/dev/null && [ \"\$($(field f.log 1 'p["status"]'))\" = 66 ]"
lw_case lineage-usage "rm -f u.log && ! WEIR_AUDIT_LOG=u.log \$W/weir-convert --nope 2>/dev/null && [ \"\$($(field u.log 1 'p["status"]'))\" = 64 ]"
lw_case lineage-bad-data "rm -f d.log && ! { printf 'a,b\n1\n' | WEIR_AUDIT_LOG=d.log \$W/weir-convert 2>/dev/null; } && [ \"\$($(field d.log 1 'p["status"]'))\" = 65 ]"
lw_case lineage-sigpipe "rm -f s.log && \"\$W/tests/gen/gendata\" -n 100000 -s 3 >big.csv && WEIR_AUDIT_LOG=s.log \$W/weir-convert -t ndjson big.csv | head -1 >/dev/null; [ \"\$($(field s.log 1 'p["status"]'))\" = 141 ]"
lw_case lineage-aborted-output "rm -f x.log && ! { printf 'a,b\n1\n' | WEIR_AUDIT_LOG=x.log \$W/weir-convert -o gone.csv 2>/dev/null; } && [ ! -e gone.csv ] && [ \"\$($(field x.log 1 '(s["subject"][0]["name"], s["subject"][0]["digest"]["sha256"][:8], p["outputs"][0]["kept"])'))\" = \"('-', 'e3b0c442', False)\" ]"
lw_case lineage-bad-rows "rm -f b.log && printf 'a,b\n1\n2,3\n' | WEIR_AUDIT_LOG=b.log \$W/weir-convert --bad-rows bad.csv -q >/dev/null && [ \"\$($(field b.log 1 '(p["bad_records"], len(s["subject"]))'))\" = \"({'count': 1, 'file': 'bad.csv'}, 2)\" ]"
# --audit-log wins over the environment
lw_case lineage-option "rm -f e.log o.log && WEIR_AUDIT_LOG=e.log \$W/weir-convert --audit-log o.log quotes.csv >/dev/null && [ ! -e e.log ] && python3 chain.py o.log 1"
# what looks like a secret never reaches the log
lw_case lineage-secret-arg "rm -f k.log && ! WEIR_AUDIT_LOG=k.log \$W/weir-convert AGE-SECRET-KEY-1QQQQ 2>/dev/null; ! grep -q QQQQ k.log && grep -q 'secret removed' k.log"
# reproducible times
lw_case lineage-sde "rm -f t.log && SOURCE_DATE_EPOCH=86400 WEIR_AUDIT_LOG=t.log \$W/weir-convert quotes.csv >/dev/null && [ \"\$($(field t.log 1 '(p["started"], p["finished"])'))\" = \"('1970-01-02T00:00:00Z', '1970-01-02T00:00:00Z')\" ]"
# a partial line left by a writer that died is cut off, the chain goes on
lw_case lineage-partial "rm -f c.log && WEIR_AUDIT_LOG=c.log \$W/weir-convert quotes.csv >/dev/null && printf '{\"_type\":\"half' >>c.log && WEIR_AUDIT_LOG=c.log \$W/weir-convert quotes.csv 2>err >/dev/null && grep -q 'cut off an unfinished' err && python3 chain.py c.log 2"
# a log that cannot be written turns success into an I/O error
lw_case lineage-unwritable "WEIR_AUDIT_LOG=/nonexistent/dir/l.log \$W/weir-convert quotes.csv >/dev/null 2>err; [ \$? -eq 73 ] && grep -q 'audit log' err"
# training and encryption record what only they know
lw_case lineage-train "rm -f m.log && WEIR_AUDIT_LOG=m.log \$W/weir-train -q --target species -o m.json iris.csv && [ \"\$($(field m.log 1 '(p["seed"], "train" in p["counts"]["metrics"], s["subject"][0]["name"])'))\" = \"(1, True, 'm.json')\" ]"
lw_case lineage-keys "rm -f y.log && cp \"$TESTS/data/encrypt/col.key\" ck && chmod 600 ck && WEIR_AUDIT_LOG=y.log \$W/weir-encrypt -c name --key-file ck quotes.csv >/dev/null 2>&1; ! grep -q weir-column-key y.log && [ \"\$($(field y.log 1 'p["keys"][0]["role"]'))\" = 'column key' ]"
# many writers at once: one line each, one linear chain
lw_case lineage-concurrent "rm -f cc.log && for i in 1 2 3 4 5 6 7 8; do (for j in 1 2 3 4 5 6 7 8 9 10; do WEIR_AUDIT_LOG=cc.log \$W/weir-convert -t ndjson quotes.csv | WEIR_AUDIT_LOG=cc.log \$W/weir-convert -t csv >/dev/null; done) & done; wait; python3 chain.py cc.log 160"
