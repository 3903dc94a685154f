/* fuzz_state.c - ingest's state file. */
#include "fuzz.h"
#include "state.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct weir_state s;
	struct weir_err e;

	memset(&s, 0, sizeof(s));
	if (weir_state_load(&s, fuzz_file(data, size), &e) == 0)
		weir_state_find(&s, "a.csv", 1, 2);
	weir_state_release(&s);
	return 0;
}
