# nljoin.awk - the brute-force nested-loop join that weir-merge's tests
# compare with: plain CSV (no quotes), key in column 1 of both files, the
# order weir-merge(1) promises.
#   awk -F, -v type=inner|left|right|full|semi|anti -f nljoin.awk L R
# The right file is read first into memory (as the last operand: awk reads
# files in order, so the caller passes R first, then L).
FNR == 1 { file++ }
file == 1 && FNR == 1 { rhdr = $0; rn = NF; next }
file == 1 { nr++; rk[nr] = $1; rest = ""
	for (i = 2; i <= NF; i++) rest = rest "," $i
	rv[nr] = rest; next }
file == 2 && FNR == 1 {
	nf = split(rhdr, rh, ",")
	out = $0
	if (type != "semi" && type != "anti")
		for (i = 2; i <= nf; i++) out = out "," rh[i]
	print out; ln = NF; next }
{
	any = 0
	for (j = 1; j <= nr; j++) {
		if ($1 == "" || rk[j] != $1) continue
		any = 1; hit[j] = 1
		if (type == "semi" || type == "anti") break
		print $0 rv[j]
	}
	if (type == "semi" && any) print $0
	if (!any && (type == "left" || type == "full" || type == "anti")) {
		out = $0
		if (type != "anti") for (i = 2; i <= rn; i++) out = out ","
		print out
	}
}
END {
	if (type != "right" && type != "full") exit
	for (j = 1; j <= nr; j++) {
		if (hit[j]) continue
		out = rk[j]
		for (i = 2; i <= ln; i++) out = out ","
		print out rv[j]
	}
}
