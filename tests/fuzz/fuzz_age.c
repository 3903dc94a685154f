/* fuzz_age.c - age files: headers (X25519 and scrypt stanzas), armor, payloads. */
#include "fuzz.h"
#include "crypto/age.h"
#include "io.h"

/* A fixed identity, so that a stanza made for it opens. */
static const char identity[] =
    "AGE-SECRET-KEY-1M0QV9MWV4CLHEGYVSPZDJDH2HDLW3ESGAQ2J76J9D95CHMXEQMAS327YMT";

static int
pass(void *ctx, char *buf, size_t size, struct weir_err *e)
{
	(void)ctx;
	(void)e;
	snprintf(buf, size, "fuzz");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct weir_age_key k;
	static int have;
	struct weir_age_dec dec;
	struct weir_in in;
	struct weir_out out;
	struct weir_err e;

	if (!have) {
		have = weir_age_identity_parse(identity, &k, &e) == 0 ? 1 : -1;
	}
	memset(&dec, 0, sizeof(dec));
	if (have == 1) {
		dec.ids = &k;
		dec.nid = 1;
	}
	dec.passphrase = pass;
	dec.max_scrypt_log_n = 2;	/* the fuzzer's time is not scrypt's */
	dec.threads = 1;
	if (weir_in_open(&in, fuzz_file(data, size), WEIR_IN_RAW, &e) == -1)
		return 0;
	if (weir_out_open_raw(&out, "/dev/null", 0, &e) == 0) {
		if (weir_age_decrypt(&in, &out, &dec, &e) == 0)
			weir_out_commit(&out, &e);
		else
			weir_out_abort(&out);
	}
	weir_in_close(&in);
	return 0;
}
