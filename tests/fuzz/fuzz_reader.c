/* fuzz_reader.c - the sniffing record reader (gzip, CSV, TSV, NDJSON, JSON) into a writer. */
#include "fuzz.h"
#include "io.h"
#include "stream.h"
#include "writer.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int tos[] = { WEIR_F_CSV, WEIR_F_NDJSON, WEIR_F_TSV };
	const char *path = fuzz_file(data, size);
	struct weir_ropts ro;
	struct weir_wopts wo;
	struct weir_reader *r;
	struct weir_writer *w;
	struct weir_out out;
	const struct weir_rec *rec;
	struct weir_err e;
	int rv, n = 0;

	memset(&ro, 0, sizeof(ro));
	memset(&wo, 0, sizeof(wo));
	ro.flatten = size > 0 && (data[size - 1] & 1);
	ro.hash = 1;
	if ((r = weir_reader_open(path, &ro, &e)) == NULL)
		return 0;
	wo.fmt = ro.flatten ? tos[size % 3] : WEIR_F_NDJSON;
	if (weir_out_open(&out, "/dev/null", 0, 0, &e) == 0) {
		if ((w = weir_writer_new(&out, &wo, weir_reader_header(r),
		    &e)) != NULL) {
			while ((rv = weir_reader_next(r, &rec, &e)) != 0 &&
			    rv != -1 && n++ < 100000)
				if (rv == 1 && weir_reader_fixed(r))
					weir_writer_put(w, rec, &e);
			weir_writer_close(w, &e);
			weir_writer_free(w);
		}
		weir_out_abort(&out);
	}
	weir_reader_free(r);
	return 0;
}
