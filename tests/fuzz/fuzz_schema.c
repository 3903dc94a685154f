/* fuzz_schema.c - schema files, then values checked against every column. */
#include "fuzz.h"
#include "schema.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *vals[] = { "", "0", "-1.5e3", "2024-02-29",
	    "2024-01-31T10:00:00Z", "true", "x", "99999999999999999999" };
	struct weir_schema s;
	struct weir_buf buf = WEIR_BUF_INIT;
	struct weir_err e;
	const char *out;
	char *text = malloc(size + 1);
	size_t i, k, len;

	memcpy(text, data, size);
	text[size] = '\0';
	if (weir_schema_parse(&s, text, "fuzz", &e) == 0) {
		for (i = 0; i < s.n; i++)
			for (k = 0; k < sizeof(vals) / sizeof(vals[0]); k++)
				weir_schema_check(&s, i, vals[k],
				    strlen(vals[k]), &buf, &out, &len, &e);
		weir_schema_release(&s);
	}
	weir_buf_release(&buf);
	free(text);
	return 0;
}
