# tests/cli/csv-spectrum.sh - the csv-spectrum peer suite through
# weir-convert.  Sourced by tests/run; cwd is tests/.  Each CSV file of
# $PEER/csv-spectrum/csvs must convert (-t json --strings, exit 0, nothing on
# stderr) to the JSON of the same name in csv-spectrum/json.  Both sides are
# parsed and printed by jq -S, so layout and key order do not count.
# The suite is not part of weir and is never copied here (see
# shared/peer-suites/README.md).

# spectrum_case CSV: convert CSV and compare it with its JSON.
spectrum_case() {
	(json=$PEER/csv-spectrum/json/$(basename "$1" .csv).json
	"$BIN/weir-convert" -t json --strings "$1" >"$tmp/spectrum.out" \
	    2>"$tmp/spectrum.err" || exit 1
	[ ! -s "$tmp/spectrum.err" ] || { cat "$tmp/spectrum.err"; exit 1; }
	jq -S . "$tmp/spectrum.out" >"$tmp/spectrum.got" || exit 1
	jq -S . "$json" >"$tmp/spectrum.want" || exit 1
	diff -u "$tmp/spectrum.want" "$tmp/spectrum.got")
}

if [ ! -d "$PEER/csv-spectrum/csvs" ]; then
	skip spectrum "no csv-spectrum suite in $PEER"
elif ! command -v jq >/dev/null 2>&1; then
	skip spectrum "jq is not installed"
else
	for spectrum_csv in "$PEER"/csv-spectrum/csvs/*.csv; do
		ok "spectrum-$(basename "$spectrum_csv" .csv)" \
		    spectrum_case "$spectrum_csv"
	done
fi
