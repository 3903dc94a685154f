#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "jsonfile.h"

json_t *
weir_json_load(const char *path, struct weir_err *e)
{
	json_error_t je;
	json_t *j;
	FILE *fp;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL) {
		weir_errnof(e, errno == ENOENT ? EX_NOINPUT : EX_IOERR, errno,
		    "cannot open '%s'", path);
		return NULL;
	}
	j = json_loadf(fp, JSON_REJECT_DUPLICATES, &je);
	if (fp != stdin)
		fclose(fp);
	if (j == NULL)
		weir_errf(e, EX_DATAERR, "%s:%d: %s", path, je.line, je.text);
	return j;
}

int
weir_json_write(const json_t *j, const char *path, int gzip, size_t flags,
    struct weir_err *e)
{
	struct weir_out out;
	char *s = json_dumps(j, flags);
	int rv = -1;

	if (s == NULL)
		return weir_errf(e, EX_SOFTWARE, "cannot encode JSON");
	if (weir_out_open(&out, path != NULL ? path : "-", gzip, 0, e) == -1)
		goto done;
	if (weir_out_write(&out, s, strlen(s)) == -1 ||
	    weir_out_putc(&out, '\n') == -1) {
		*e = out.err;
		weir_out_abort(&out);
		goto done;
	}
	rv = weir_out_commit(&out, e);
done:
	free(s);
	return rv;
}

int
weir_json_save(const json_t *j, const char *path, struct weir_err *e)
{
	return weir_json_write(j, path, 0, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15), e);
}
