/*
 * fuzz_split.c - the cuts of a file to read in parts: every one after a
 * newline outside quotes (CSV) or after any newline (TSV, NDJSON), on the
 * line it names, the parts end to end; and a file is never cut past a
 * lone CR.  The first byte picks the quote and the number of parts.
 */
#include <fcntl.h>

#include "fuzz.h"
#include "split.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct weir_part part[WEIR_PARTS_MAX];
	struct weir_err e;
	const uint8_t *s;
	size_t n, i, at;
	unsigned long line;
	int fd, k, quote, in, lone_cr;

	if (size < 1)
		return 0;
	quote = data[0] & 1 ? '"' : 0;
	n = 2 + (data[0] >> 1) % 15;
	s = data + 1;
	size--;
	if ((fd = open(fuzz_file(s, size), O_RDONLY)) == -1)
		abort();
	memset(&e, 0, sizeof(e));
	k = weir_split_plan(fd, size, quote, n, 4, part, NULL, NULL, &e);
	close(fd);
	if (k < 1 || (size_t)k > n || part[0].start != 0 || part[0].line != 1 ||
	    part[k - 1].end != size)
		abort();
	if (size == 0) {
		if (k != 1)
			abort();
		return 0;
	}
	for (i = 0, at = 0, line = 1, in = 0, lone_cr = 0; i < size; i++) {
		/* a record may start at i: the state before byte i */
		if (at < (size_t)k && part[at].start == i) {
			if (in || part[at].line != line || lone_cr ||
			    (i > 0 && s[i - 1] != '\n') ||
			    (at > 0 && part[at - 1].end != i))
				abort();
			at++;
		}
		if (quote && s[i] == quote)
			in = !in;
		else if (s[i] == '\n')
			line++;
		else if (s[i] == '\r' && (i + 1 == size || s[i + 1] != '\n'))
			lone_cr = 1;
	}
	if (at != (size_t)k)
		abort();	/* a part starts nowhere in the file */
	return 0;
}
