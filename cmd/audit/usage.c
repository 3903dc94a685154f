/* The usage message every weir-audit command gives. */
#include <stdio.h>

#include "audit.h"
#include "cli.h"
#include "err.h"

void
audit_usage(int code, const char *synopsis, const char *help, const char *cmd)
{
	if (code == 0)
		weir_cli_usage(code, synopsis, help);
	fputs(synopsis, stderr);
	fprintf(stderr, "Try '%s%s --help'.\n", weir_prog(), cmd);
	weir_exit_flush(code);
}
