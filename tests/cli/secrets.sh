# tests/cli/secrets.sh - a column named for encryption is encrypted in every
# form it takes: nested objects flattened for a flat output, and duplicate
# header names the reader renamed.  Plain text never leaves; -q changes
# nothing.  Sourced by tests/run.

sw=$tmp/secrets
rm -rf "$sw" && mkdir -p "$sw"
cp data/encrypt/col.key "$sw"/ && chmod 600 "$sw/col.key"
cat >"$sw/nest.ndjson" <<'NDJSON'
{"id":1,"address":{"street":"Main Street 1","zip":"12345"}}
{"id":2,"address":null}
{"id":3}
{"id":4,"address":{"street":"Side Road 9","geo":{"lat":"47.1","lon":"8.5"}}}
NDJSON
# the same with no null anywhere: the leak once depended on one
grep -v null "$sw/nest.ndjson" >"$sw/nonull.ndjson"
printf 'id,email,name,email\n1,ann@example.org,Ann,ann2@example.org\n' >"$sw/dup.csv"
printf 'email,email,email\nx1@e.org,x2@e.org,x3@e.org\n' >"$sw/dup3.csv"

# sw_case NAME SCRIPT: SCRIPT runs in $sw with $E = weir-encrypt.
sw_case() {
	ok "$1" env E="$BIN/weir-encrypt" SW="$sw" sh -c "cd \"\$SW\" && $2"
}
plain='Main Street|12345|Side Road|47\.1|8\.5'

for f in nest nonull; do
	for t in csv tsv; do
		sw_case secrets-nested-$f-$t "\$E -c address -t $t --key-file col.key $f.ndjson >o.$t && ! grep -Eq '$plain' o.$t && grep -q weir1: o.$t"
		sw_case secrets-nested-$f-$t-quiet "\$E -q -c address -t $t --key-file col.key $f.ndjson >o.$t && ! grep -Eq '$plain' o.$t"
	done
	# NDJSON output keeps the object: one token for all of it
	sw_case secrets-nested-$f-ndjson "\$E -c address --key-file col.key $f.ndjson >o.ndjson && ! grep -Eq '$plain' o.ndjson"
	sw_case secrets-nested-$f-roundtrip "\$E -c address --key-file col.key $f.ndjson | \$E -d -c address --key-file col.key | cmp -s - $f.ndjson"
done
# deeper levels and a name that is only a prefix of another
sw_case secrets-nested-deep "\$E -c address -t csv --key-file col.key nest.ndjson | head -1 | grep -qx 'id,address.street,address.zip,address,address.geo.lat,address.geo.lon'"
sw_case secrets-nested-prefix-only "printf '{\"ad\":\"keep\",\"address\":{\"x\":\"s3cret\"}}\n' | \$E -c ad -t csv --key-file col.key >o.csv && grep -q s3cret o.csv && ! grep -q keep o.csv"
# flattened tokens decrypt by the parent's name, from CSV too
sw_case secrets-nested-csv-decrypt "\$E -c address -t csv --key-file col.key nest.ndjson >o.csv && \$E -d -c address --key-file col.key o.csv >d.csv && grep -q 'Main Street 1,12345' d.csv && grep -q '8.5' d.csv"

# duplicate names: choosing one chooses the whole group, by name or index
for sel in email email_2 2 4; do
	sw_case secrets-dup-$sel "\$E -q -c $sel --key-file col.key dup.csv >o.csv && ! grep -q example.org o.csv && grep -q ',Ann,' o.csv"
done
sw_case secrets-dup-three "\$E -c email_3 --key-file col.key dup3.csv 2>/dev/null >o.csv && ! grep -q e.org o.csv"
sw_case secrets-dup-roundtrip "\$E -q -c email --key-file col.key dup.csv | \$E -q -d -c email,email_2 --key-file col.key | tail -1 | grep -qx '1,ann@example.org,Ann,ann2@example.org'"
# a column whose name merely looks renamed is not pulled in
sw_case secrets-dup-lookalike "printf 'email,email_2\na@e.org,keep\n' | \$E -c email --key-file col.key >o.csv && grep -q keep o.csv && ! grep -q a@e.org o.csv"
