/* weir-audit: profile and check data, watch drift, evaluate models, and
 * audit the lineage log. */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "cli.h"
#include "err.h"
#include "lineage.h"

static const char synopsis[] =
    "usage: weir-audit profile [-hqv] [-o file] [-t format] [file]\n"
    "       weir-audit profile --merge | --suggest-rules profile.json ...\n"
    "       weir-audit check [-hq] [--results file] [--no-values] rules.json [file]\n"
    "       weir-audit drift [-hq] --reference ref [-t format] [--threshold list] [file]\n"
    "       weir-audit model [-hq] --truth col [--group col] [--fail-on list] [file]\n"
    "       weir-audit card [-hq] -m model.json [--eval f] [--profile f] [--meta f] [-t html]\n"
    "       weir-audit report [-hq] [-o file] [--profile f] [--check f] [--drift f] [--model f]\n"
    "       weir-audit log verify [-hq] [-p pubkey] [--head line:hash] [log]\n"
    "       weir-audit log show [-hq] [-o file] [-t format] [log]\n"
    "       weir-audit log trace [-hq] [--check] [-o file] [-t format] artifact [log]\n"
    "       weir-audit keygen [-hq] [-o file]\n"
    "       weir-audit keygen [-hq] [-o file] -y file\n";

static const char help[] =
    "\nThe checks a pipeline runs before it lets data into training or a model\n"
    "into production, with an exit status that stops it; and the lineage log\n"
    "that weir programs append to when WEIR_AUDIT_LOG names a file.\n\n"
    "  profile      per column: type, missing, distinct, range, quantiles,\n"
    "               histogram, top values (--merge: profiles of shards)\n"
    "  check        rules from a JSON file; exit 1 when one fails\n"
    "  drift        how far new data moved from a reference; exit 1 past a\n"
    "               threshold\n"
    "  model        accuracy, AUC, calibration and fairness of scored records\n"
    "  card         a model card (Markdown or HTML) from the model, its\n"
    "               evaluation, the training profile and what people add\n"
    "  report       one self-contained HTML page with charts of all of that\n"
    "  log verify   check every line, the hash chain and (-p) the signatures\n"
    "  log show     one line per step: time, program, inputs, outputs, status\n"
    "  log trace    how an artifact (a path or a SHA-256) was made, back to the\n"
    "               original inputs; --check re-hashes the files still there\n"
    "  keygen       make an Ed25519 key for WEIR_AUDIT_KEY; -y prints its\n"
    "               public key\n\n"
    "The log is the last operand, or WEIR_AUDIT_LOG.  'weir-audit log verify\n"
    "--help' tells more about one command.\n\n"
    "Examples:\n"
    "  weir audit profile -o train.profile.json train.csv\n"
    "  weir audit check rules.json daily.csv && weir train ...\n"
    "  weir audit drift --reference train.profile.json daily.csv\n"
    "  weir predict -m m.json --probabilities test.csv | weir audit model --truth churned\n"
    "  weir audit keygen -o ~/.config/weir/audit.key\n"
    "  weir audit keygen -y ~/.config/weir/audit.key > audit.pub\n"
    "  weir audit log verify -p audit.pub audit.log\n"
    "  weir audit log trace churn.model.json audit.log\n\n"
    "See weir-audit(1).\n";

static _Noreturn void
usage(int code)
{
	weir_cli_usage(code, synopsis, help);
}

int
main(int argc, char *argv[])
{
	const char *cmd;

	weir_setprog(argv[0]);
	weir_lineage_start(argc, argv);
	if (argc < 2) {
		weir_note("a command is needed: profile, check, drift, model, "
		    "card, report, log or keygen");
		usage(EX_USAGE);
	}
	cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0)
		usage(0);
	if (strcmp(cmd, "--version") == 0)
		weir_cli_version();
	if (strcmp(cmd, "profile") == 0)
		audit_profile(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		audit_check(argc - 1, argv + 1);
	if (strcmp(cmd, "drift") == 0)
		audit_drift(argc - 1, argv + 1);
	if (strcmp(cmd, "model") == 0)
		audit_model(argc - 1, argv + 1);
	if (strcmp(cmd, "card") == 0)
		audit_card(argc - 1, argv + 1);
	if (strcmp(cmd, "report") == 0)
		audit_report(argc - 1, argv + 1);
	if (strcmp(cmd, "log") == 0)
		audit_log(argc - 1, argv + 1);
	if (strcmp(cmd, "keygen") == 0)
		audit_keygen(argc - 1, argv + 1);
	if (cmd[0] == '-')
		weir_note("unknown option '%s'; a command comes first", cmd);
	else
		weir_note("unknown command '%s' (commands: profile, check, "
		    "drift, model, card, report, log, keygen)", cmd);
	usage(EX_USAGE);
}
