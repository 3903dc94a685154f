# tests/cli/sniff.sh - the CSV delimiter when -d is not given (lib/stream.c
# sniff_delim), and -d as the input's delimiter only: what one weir program
# hands the next is RFC 4180 with commas unless --out-delimiter says
# otherwise.  Sourced by tests/run.

snw=$tmp/sniff
rm -rf "$snw" && mkdir -p "$snw"
printf 'id;name;amount\n1;"Smith; Ann";3,50\n2;Bo;4\n' >"$snw/semi.csv"
printf 'id|name|amount\n1|Ann|3\n2|"B|o"|4\n' >"$snw/pipe.csv"
printf 'id\tname\n1\tAnn, Lee\n2\tBo\n' >"$snw/tab.csv"
printf 'id,note\n1,"a;b;c|d"\n2,"x;y"\n' >"$snw/comma.csv"
printf 'a;b;c\n1;2;3\n4;5\n' >"$snw/ragged.csv"
printf 'a;b\n' >"$snw/header-only.csv"
printf 'x;y' >"$snw/no-newline.csv"
printf 'name\nAnn\nBo\n' >"$snw/one-column.csv"
printf 'id;v\r\n1;2\r\n\r\n3;4\r\n' >"$snw/crlf-blank.csv"
printf 'id;text\n1;"two\nlines, with commas, many, many"\n2;x\n' >"$snw/multiline.csv"

# sn NAME STATUS ARGS...: weir-convert ARGS in $snw
sn() {
	n=$1 s=$2
	shift 2
	check "$n" "$s" sh -c 'cd "$1" && shift && "$@"' sh "$snw" \
	    "$BIN/weir-convert" "$@"
}

sn sniff-semicolon        0 semi.csv
sn sniff-semicolon-v      0 -v -t ndjson semi.csv
sn sniff-pipe             0 pipe.csv
sn sniff-tab              0 tab.csv
sn sniff-comma-quoted     0 comma.csv
sn sniff-ragged          65 ragged.csv
sn sniff-header-only      0 header-only.csv
sn sniff-no-newline       0 -t ndjson --no-header no-newline.csv
sn sniff-one-column       0 -v one-column.csv
sn sniff-crlf-blank       0 crlf-blank.csv
sn sniff-multiline        0 multiline.csv
check sniff-stdin         0 sh -c 'cd "$1" && "$2/weir-convert" -t ndjson <semi.csv' sh "$snw" "$BIN"
check sniff-gzip          0 sh -c 'cd "$1" && gzip -c semi.csv | "$2/weir-convert" -v' sh "$snw" "$BIN"
# -d decides, and says nothing under -v
sn sniff-d-wins          65 -v -d , semi.csv
# -d is the input's only; --out-delimiter the output's
sn sniff-d-canonical      0 -d ';' semi.csv
sn sniff-out-delimiter    0 -d ';' --out-delimiter '|' semi.csv
ok sniff-pipeline-ingest  sh -c 'cd "$1" && "$2/weir-ingest" -d ";" semi.csv | head -1 | grep -qx "id,name,amount"' sh "$snw" "$BIN"
ok sniff-pipeline-canon   sh -c 'cd "$1" && "$2/weir-ingest" -d ";" semi.csv | "$2/weir-convert" -d , -t ndjson | grep -q "\"name\":\"Smith; Ann\""' sh "$snw" "$BIN"
ok sniff-pipeline-encrypt sh -c 'cd "$1" && "$2/weir-encrypt" --delimiter ";" -c name --key-file "$3/data/encrypt/col.key" semi.csv 2>/dev/null | head -1 | grep -qx "id,name,amount"' sh "$snw" "$BIN" "$TESTS"
