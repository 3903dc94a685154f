# tests/cli/canonical.sh - what weir-ingest --schema writes is the one
# canonical text of each value, and valid JSON for every schema type:
# every value of a messy input goes through a strict JSON parser.
# Sourced by tests/run.

cw=$tmp/canonical
rm -rf "$cw" && mkdir -p "$cw"
cat >"$cw/all.schema.json" <<'JSON'
{"weir_schema": 1, "columns": [
  {"name": "i", "type": "int"},
  {"name": "f", "type": "float"},
  {"name": "b", "type": "bool"},
  {"name": "d", "type": "date"},
  {"name": "eu", "type": "date", "format": "%d/%m/%Y"},
  {"name": "t", "type": "datetime"},
  {"name": "s", "type": "string"}
]}
JSON
cat >"$cw/messy.csv" <<'CSV'
i,f,b,d,eu,t,s
+007,+007,YES,2024-01-02,02/01/2024,2024-01-02T03:04:05Z,"a ""q"" \ b"
-00,00.5,no,2024-12-31,31/12/2024,2024-01-02 03:04:05,tab	here
0,-00,T,2000-02-29,29/02/2000,2024-01-02T03:04:05+01:00,é
-12,1.50,f,1999-01-01,01/01/1999,2024-01-02T03:04:05.250Z,
9223372036854775807,0062.29,1,2024-06-30,30/06/2024,2024-01-02T03:04:05,"new
line"
,1E+05,0,,,,
,-0.000e-3,y,,,,x
,.5e-0007,N,,,,x
CSV

# strict: no NaN, no Infinity, no duplicate keys, nothing after the value
strict_json='
import json, sys
def no_const(c): raise ValueError("not JSON: " + c)
def pairs(kv):
    keys = [k for k, _ in kv]
    if len(keys) != len(set(keys)): raise ValueError("duplicate key")
    return dict(kv)
n = 0
for line in sys.stdin:
    json.loads(line, parse_constant=no_const, object_pairs_hook=pairs)
    n += 1
sys.exit(0 if n == 8 else 1)
'
ok canonical-json-strict sh -c 'cd "$1" && "$2/weir-ingest" --schema all.schema.json -t ndjson messy.csv | python3 -c "$3"' sh "$cw" "$BIN" "$strict_json"
# weir's own strict reader takes it back, and the CSV form is the same values
ok canonical-json-weir   sh -c 'cd "$1" && "$2/weir-ingest" --schema all.schema.json -t ndjson messy.csv | "$2/weir-convert" -t ndjson >/dev/null' sh "$cw" "$BIN"
check canonical-ndjson 0 sh -c 'cd "$1" && "$2/weir-ingest" --schema all.schema.json -t ndjson messy.csv' sh "$cw" "$BIN"
check canonical-csv    0 sh -c 'cd "$1" && "$2/weir-ingest" --schema all.schema.json messy.csv' sh "$cw" "$BIN"
# canonical twice is canonical once
ok canonical-idempotent  sh -c 'cd "$1" && "$2/weir-ingest" --schema all.schema.json messy.csv >once.csv && "$2/weir-ingest" --schema all.schema.json once.csv | cmp -s - once.csv' sh "$cw" "$BIN"
