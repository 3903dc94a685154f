/* fuzz_csv.c - the CSV reader with each delimiter, with and without a header. */
#include "fuzz.h"
#include "stream.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = ",;\t|";
	struct weir_ropts ro;
	struct weir_reader *r;
	const struct weir_rec *rec;
	struct weir_err e;
	const char *path;
	size_t i;
	int rv;

	if (size < 1)
		return 0;
	memset(&ro, 0, sizeof(ro));
	ro.fmt = WEIR_F_CSV;
	ro.delim = delims[data[0] & 3];
	ro.no_header = data[0] >> 2 & 1;
	if (data[0] >> 3 & 1)
		ro.delim = 0;		/* sniffed */
	path = fuzz_file(data + 1, size - 1);
	if ((r = weir_reader_open(path, &ro, &e)) == NULL)
		return 0;
	while ((rv = weir_reader_next(r, &rec, &e)) != 0 && rv != -1)
		if (rv == 1)
			for (i = 0; i < rec->n; i++)	/* every byte readable */
				if (rec->f[i].s == NULL ||
				    weir_utf8_check(rec->f[i].s, rec->f[i].len) !=
				    rec->f[i].len)
					abort();
	weir_reader_free(r);
	return 0;
}
