/* fuzz_model.c - model files: load (checked as a whole), then predict rows. */
#include <math.h>

#include "fuzz.h"
#include "learn/model.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct weir_model m;
	struct weir_err e;
	float *row;
	double *out;
	size_t i, k;

	if (weir_model_read(&m, fuzz_file(data, size), &e) == -1)
		return 0;
	row = calloc(m.prep.width + 1, sizeof(*row));
	out = calloc(weir_model_nout(&m) + 1, sizeof(*out));
	for (k = 0; k < 3; k++) {
		for (i = 0; i < m.prep.width; i++)
			row[i] = k == 0 ? 0.0f : k == 1 ? NAN : 1e30f;
		weir_model_predict(&m, row, out);
	}
	free(row);
	free(out);
	weir_model_release(&m);
	return 0;
}
