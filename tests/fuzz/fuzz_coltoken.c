/* fuzz_coltoken.c - column tokens and column key files. */
#include "fuzz.h"
#include "crypto/colcrypt.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct weir_colkey k;
	static int have;
	struct weir_colkey k2;
	struct weir_err e;
	char *out = malloc(size + 1), *text = malloc(size + 1);
	const char *why;
	size_t outlen;
	int type;

	if (!have) {
		char t[WEIR_COLKEY_TEXT];

		weir_colkey_generate(t);
		have = weir_colkey_parse(&k, t, strlen(t), "k", &e) == 0;
	}
	weir_coltoken_open(&k, "email", 5, (const char *)data, size, &type,
	    out, &outlen, &why);
	memcpy(text, data, size);
	text[size] = '\0';
	if (weir_colkey_parse(&k2, text, size, "fuzz", &e) == 0)
		weir_colkey_wipe(&k2);
	free(out);
	free(text);
	return 0;
}
