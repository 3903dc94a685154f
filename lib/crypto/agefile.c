#include <stdlib.h>
#include <string.h>

#include "age.h"
#include "agefile.h"
#include "io.h"
#include "lineage.h"
#include "secret.h"

#define SCRYPT_LOG_N	18	/* age's work factor when encrypting */
#define SCRYPT_MAX_LOG_N 22	/* the most a file may ask of us */

static int
ask_passphrase(void *ctx, char *buf, size_t size, struct weir_err *e)
{
	size_t len;

	return weir_secret_passphrase(ctx, 0, buf, size, &len, e);
}

/* Public keys only: the lineage log names who can read what. */
static void
log_keys(const struct weir_age_job *o, const struct weir_age_key *ids, size_t nid,
    const unsigned char (*pks)[32], size_t npk)
{
	char r[WEIR_AGE_KEYTEXT];
	size_t i;

	if (!weir_lineage_on())
		return;
	for (i = 0; i < npk; i++) {
		weir_age_recipient_text(pks[i], r);
		weir_lineage_key("age recipient", r);
	}
	for (i = 0; i < nid; i++) {
		weir_age_recipient_text(ids[i].public, r);
		weir_lineage_key("age identity (its recipient)", r);
	}
	if (o->passphrase || (o->decrypt && o->nids == 0))
		weir_lineage_key("passphrase", "scrypt");
}

int
weir_age_run(const struct weir_age_job *o, struct weir_err *e)
{
	struct weir_age_enc enc;
	struct weir_age_dec dec;
	struct weir_age_key *ids = NULL;
	unsigned char (*pks)[32] = NULL;
	char pass[WEIR_SECRET_MAX];
	size_t npk = 0, nid = 0, passlen = 0;
	struct weir_in in;
	struct weir_out out;
	int rv = -1, have_in = 0, have_out = 0;

	weir_secret_lock(pass, sizeof(pass));
	if (o->decrypt) {
		if (weir_age_identities_load_all(o->ids, o->nids, &ids, &nid,
		    e) == -1)
			goto out;
	} else if (weir_age_recipients_collect(o->recipients, o->nrecipients,
	    o->rfiles, o->nrfiles, &pks, &npk, e) == -1)
		goto out;
	log_keys(o, ids, nid, (const unsigned char (*)[32])pks, npk);
	if (weir_in_open(&in, o->input, WEIR_IN_RAW, e) == -1)
		goto out;
	have_in = 1;
	if (!o->decrypt && o->passphrase &&
	    weir_secret_passphrase(o->pass, 1, pass, sizeof(pass), &passlen,
	    e) == -1)
		goto out;
	if (weir_out_open_raw(&out, o->output, 0, e) == -1)
		goto out;
	have_out = 1;
	if (o->decrypt)
		weir_out_private(&out);
	if (o->decrypt) {
		memset(&dec, 0, sizeof(dec));
		dec.ids = ids;
		dec.nid = nid;
		/* As age does: identities given, no question on the terminal. */
		if (o->nids == 0 || o->pass->file != NULL || o->pass->fd != -1 ||
		    getenv(WEIR_PASSPHRASE_ENV) != NULL) {
			dec.passphrase = ask_passphrase;
			dec.ctx = (void *)o->pass;
		}
		dec.max_scrypt_log_n = SCRYPT_MAX_LOG_N;
		dec.threads = (int)o->threads;
		if (weir_age_decrypt(&in, &out, &dec, e) == -1)
			goto out;
	} else {
		memset(&enc, 0, sizeof(enc));
		enc.pks = (const unsigned char (*)[32])pks;
		enc.npk = npk;
		enc.passphrase = o->passphrase ? pass : NULL;
		enc.passlen = passlen;
		enc.scrypt_log_n = SCRYPT_LOG_N;
		enc.armor = o->armor;
		enc.threads = (int)o->threads;
		if (weir_age_encrypt(&in, &out, &enc, e) == -1)
			goto out;
	}
	have_out = 0;
	if (weir_out_commit(&out, e) == -1)
		goto out;
	rv = 0;
out:
	weir_secret_wipe(pass, sizeof(pass));
	if (have_out)
		weir_out_abort(&out);
	if (have_in)
		weir_in_close(&in);
	weir_age_keys_free(ids, nid);
	free(pks);
	return rv;
}

int
weir_age_print_recipients(const char *path, const char *output,
    struct weir_err *e)
{
	struct weir_age_key *keys;
	struct weir_out out;
	char r[WEIR_AGE_KEYTEXT];
	size_t n, i;

	weir_secret_check_mode(path);
	if (weir_age_identities_load(path, &keys, &n, e) == -1)
		return -1;
	if (weir_out_open_raw(&out, output, 0, e) == -1) {
		weir_age_keys_free(keys, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		weir_age_recipient_text(keys[i].public, r);
		weir_out_write(&out, r, strlen(r));
		weir_out_putc(&out, '\n');
	}
	weir_age_keys_free(keys, n);
	return weir_out_commit(&out, e);
}
