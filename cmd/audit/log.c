/* weir audit log: verify, show and trace the lineage log. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "err.h"
#include "io.h"
#include "lineage.h"
#include "lineage_read.h"
#include "mem.h"
#include "sink.h"
#include "stream.h"

enum { OPT_CHECK = WEIR_OPT_LOCAL, OPT_HEAD };

static const char verify_synopsis[] =
    "usage: weir-audit log verify [-hq] [-p pubkey] [--head line:hash] [log]\n";
static const char verify_help[] =
    "\nCheck that every line of the lineage log is a weir lineage line, that\n"
    "each holds the hash of the line before it, and with -p that each is\n"
    "signed by one of the keys.  Exit 0 when all holds, 1 naming the first\n"
    "bad line, 65 when the file is not a lineage log.\n\n"
    "  -p, --pubkey FILE      a public key (weir audit keygen -y); repeatable\n"
    "      --head LINE:HASH   the head an earlier verify printed: the log must\n"
    "                         still hold that line (nothing cut from its end)\n"
    "  -q, --quiet            print nothing when all holds\n"
    "      --audit-log FILE   log this run to FILE\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n\n"
    "Examples:\n"
    "  weir audit log verify audit.log\n"
    "  weir audit log verify -p ops.pub --head 120:5e1f...c2 audit.log\n\n"
    "See weir-audit(1).\n";

static const char show_synopsis[] =
    "usage: weir-audit log show [-hq] [-o file] [-t format] [log]\n";
static const char show_help[] =
    "\nList the steps of the lineage log, one per line: line, time, program,\n"
    "arguments, inputs and outputs (with the first digits of their SHA-256),\n"
    "records in and out, and exit status.\n\n"
    "  -t, --to FORMAT        table (default), csv, tsv, ndjson, json, markdown\n"
    "  -o, --output FILE      write FILE atomically\n"
    "  -q, --quiet            no warnings\n"
    "      --audit-log FILE   log this run to FILE\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n\n"
    "Examples:\n"
    "  weir audit log show audit.log\n"
    "  weir audit log show -t ndjson | jq 'select(.status != 0)'\n\n"
    "See weir-audit(1).\n";

static const char trace_synopsis[] =
    "usage: weir-audit log trace [-hq] [--check] [-o file] [-t format] artifact [log]\n";
static const char trace_help[] =
    "\nSay how ARTIFACT (a path, or a SHA-256 in hex) was made: the step that\n"
    "wrote its bytes, the steps that wrote what that step read, and so on\n"
    "back to the original inputs.  Steps of a pipeline join through the\n"
    "digest of the bytes in the pipe.\n\n"
    "  -t, --to FORMAT        tree (default), dot (Graphviz) or json\n"
    "  -o, --output FILE      write FILE atomically\n"
    "      --check            re-hash the files that are still there; exit 1\n"
    "                         when one changed since it was logged\n"
    "  -q, --quiet            no warnings\n"
    "      --audit-log FILE   log this run to FILE\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n\n"
    "Examples:\n"
    "  weir audit log trace churn.model.json audit.log\n"
    "  weir audit log trace -t dot scores.csv | dot -Tsvg > scores.svg\n\n"
    "See weir-audit(1).\n";

struct logopts {
	struct weir_cli		 cli;
	const char		*synopsis;
	const char		*help;
	const char		*cmd;		/* " log verify", for usage() */
	unsigned char		(*pk)[WEIR_LINEAGE_PUBBYTES];
	size_t			 npk;
	const char		*head;
	int			 check;
	int			 tfmt;		/* enum weir_lineage_tfmt */
};

static _Noreturn void
usage(const struct logopts *o, int code)
{
	audit_usage(code, o->synopsis, o->help, o->cmd);
}

/* The log: the operand, or WEIR_AUDIT_LOG. */
static const char *
log_path(const struct logopts *o, int argc, char *argv[])
{
	const char *path = getenv("WEIR_AUDIT_LOG");

	if (argc > 1) {
		weir_note("one log at most");
		usage(o, EX_USAGE);
	}
	if (argc == 1)
		return argv[0];
	if (path == NULL || *path == '\0') {
		weir_note("no log: name one, or set WEIR_AUDIT_LOG");
		usage(o, EX_USAGE);
	}
	return path;
}

static int
trace_format(const char *arg, int *fmt)
{
	if (strcmp(arg, "tree") == 0)
		*fmt = WEIR_LINEAGE_TREE;
	else if (strcmp(arg, "dot") == 0)
		*fmt = WEIR_LINEAGE_DOT;
	else if (strcmp(arg, "json") == 0)
		*fmt = WEIR_LINEAGE_JSON;
	else {
		weir_note("unknown trace format '%s' (formats: tree, dot, "
		    "json)", arg);
		return -1;
	}
	return 0;
}

static const struct option verify_longopts[] = {
	AUDIT_LONGOPTS,
	{ "head",	required_argument,	NULL,	OPT_HEAD },
	{ "pubkey",	required_argument,	NULL,	'p' },
	{ NULL,		0,			NULL,	0 }
};

static const struct option show_longopts[] = {
	AUDIT_LONGOPTS,
	{ "output",	required_argument,	NULL,	'o' },
	{ "to",		required_argument,	NULL,	't' },
	{ NULL,		0,			NULL,	0 }
};

static const struct option trace_longopts[] = {
	AUDIT_LONGOPTS,
	{ "check",	no_argument,		NULL,	OPT_CHECK },
	{ "output",	required_argument,	NULL,	'o' },
	{ "to",		required_argument,	NULL,	't' },
	{ NULL,		0,			NULL,	0 }
};

/* The options of one command (argv[0] is its name); returns optind. */
static int
options(struct logopts *o, const char *shortopts,
    const struct option *longopts, int trace, int argc, char *argv[])
{
	struct weir_err e;
	int ch;

	argv[0] = (char *)weir_prog();	/* getopt's messages name it so */
	while ((ch = getopt_long(argc, argv, shortopts, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_CHECK:
			o->check = 1;
			break;
		case OPT_HEAD:
			o->head = optarg;
			break;
		case 'p':
			o->pk = weir_xreallocarray(o->pk, o->npk + 1,
			    sizeof(*o->pk));
			if (weir_lineage_pub_read(optarg, o->pk[o->npk],
			    &e) == -1)
				weir_die_err(&e);
			o->npk++;
			break;
		case 't':
			if (trace) {
				if (trace_format(optarg, &o->tfmt) == -1)
					usage(o, EX_USAGE);
				break;
			}
			/* FALLTHROUGH */
		default:
			if (weir_cli_option(&o->cli, ch, optarg) == -1)
				usage(o, EX_USAGE);
		}
	}
	if (o->cli.help)
		usage(o, 0);
	return optind;
}

/* ---- verify */

static _Noreturn void
verify(struct logopts *o, int argc, char *argv[])
{
	struct weir_lineage_vopts vo;
	struct weir_lineage_verdict v;
	struct weir_err e;
	const char *path;

	path = log_path(o, argc, argv);
	memset(&vo, 0, sizeof(vo));
	vo.pk = (const unsigned char (*)[WEIR_LINEAGE_PUBBYTES])o->pk;
	vo.npk = o->npk;
	if (o->head != NULL && weir_lineage_head_parse(o->head, &vo) == -1) {
		weir_note("--head needs LINE:HASH as verify prints it, not "
		    "'%s'", o->head);
		usage(o, EX_USAGE);
	}
	if (weir_lineage_verify(path, &vo, &v, &e) == -1)
		weir_die_err(&e);
	free(o->pk);
	if (v.bad != 0) {
		if (v.bad > v.lines)
			weir_note("%s: %s", path, v.why);
		else
			weir_note("%s:%lu: %s", path, v.bad, v.why);
		weir_exit_flush(1);
	}
	if (v.envelopes > 0 && o->npk == 0)
		weir_warn("%s: %lu signed lines; signatures not checked (no "
		    "--pubkey)", path, v.envelopes);
	if (!weir_quiet)
		printf("%s: %lu line%s, chain unbroken%s; head %lu:%s\n", path,
		    v.lines, v.lines == 1 ? "" : "s", o->npk > 0 ?
		    ", signatures good" : v.envelopes > 0 ?
		    ", signatures not checked" : "", v.lines, v.head);
	weir_exit_flush(0);
}

/* ---- show */

static void
load(const char *path, struct weir_lineage_log *log)
{
	struct weir_err e;

	if (weir_lineage_load(log, path, &e) == -1)
		weir_die_err(&e);
	if (log->cut > 0)
		weir_warn("%s: cut short after line %zu: %zu bytes with no "
		    "newline at the end left out", path, log->n, log->cut);
}

static _Noreturn void
show(struct logopts *o, int argc, char *argv[])
{
	struct weir_lineage_log log;
	struct weir_sink k;
	struct weir_wopts wo;
	struct weir_err e;
	const char *path;

	path = log_path(o, argc, argv);
	if (o->cli.to == WEIR_F_LIBSVM) {
		weir_note("log show cannot write libsvm");
		usage(o, EX_USAGE);
	}
	load(path, &log);
	if (weir_sink_open(&k, &o->cli, &e) == -1)
		goto fail;
	weir_sink_wopts(&wo, &o->cli, WEIR_F_TABLE);
	if (weir_lineage_show(&log, &k, &wo, &e) == -1) {
		weir_sink_abort(&k);
		goto fail;
	}
	weir_lineage_log_release(&log);
	weir_exit_flush(0);
fail:
	weir_lineage_log_release(&log);
	weir_die_err(&e);
}

/* ---- trace */

static void
changed(void *ctx, const struct weir_lineage_step *s,
    const struct weir_lineage_file *f)
{
	(void)ctx;
	weir_note("%s: changed since line %lu read it (sha256 %.12s then, "
	    "%.12s now)", f->name, s->line, f->sha, f->now);
}

static _Noreturn void
trace(struct logopts *o, int argc, char *argv[])
{
	struct weir_lineage_log log;
	struct weir_lineage_file *root;
	struct weir_buf b = WEIR_BUF_INIT;
	struct weir_out out;
	struct weir_err e;
	const char *path, *name;
	size_t si, oi, nchanged = 0;
	int state;

	if (argc < 1) {
		weir_note("trace needs an artifact: a path or a SHA-256");
		usage(o, EX_USAGE);
	}
	path = log_path(o, argc - 1, argv + 1);
	load(path, &log);
	weir_lineage_link(&log);
	if (weir_lineage_find(&log, path, argv[0], &si, &oi, &state,
	    &e) == -1)
		weir_die_err(&e);
	root = &log.step[si].out[oi];
	name = argv[0];
	if (state == WEIR_LINEAGE_UNCHECKED)	/* a digest: the name written */
		name = strcmp(root->name, "-") == 0 ? "(standard output)" :
		    root->name;
	if (state == WEIR_LINEAGE_CHANGED) {
		if (o->check)
			weir_note("%s: changed since line %lu wrote it (sha256 "
			    "%.12s then, %.12s now)", name, log.step[si].line,
			    root->sha, root->now);
		else
			weir_warn("%s: not what line %lu wrote (sha256 %.12s "
			    "then, %.12s now): the trace is of what it wrote",
			    name, log.step[si].line, root->sha, root->now);
		nchanged++;
	}
	if (o->check) {
		root->check = state;
		nchanged += weir_lineage_check(&log, si, changed, NULL);
	}
	weir_lineage_trace(&log, si, oi, name, o->tfmt, &b);
	if (weir_out_open(&out, o->cli.output, 0, 0, &e) == -1)
		goto fail;
	if (weir_out_write(&out, b.p, b.len) == -1) {
		e = out.err;
		weir_out_abort(&out);
		goto fail;
	}
	if (weir_out_commit(&out, &e) == -1)
		goto fail;
	weir_buf_release(&b);
	weir_lineage_log_release(&log);
	weir_exit_flush(o->check && nchanged > 0 ? 1 : 0);
fail:
	weir_buf_release(&b);
	weir_lineage_log_release(&log);
	weir_die_err(&e);
}

static const char log_synopsis[] =
    "usage: weir-audit log verify [-hq] [-p pubkey] [--head line:hash] [log]\n"
    "       weir-audit log show [-hq] [-o file] [-t format] [log]\n"
    "       weir-audit log trace [-hq] [--check] [-o file] [-t format] artifact [log]\n";
static const char log_help[] =
    "\nVerify, list and trace the lineage log.  'weir-audit log verify --help'\n"
    "tells more about one command.\n\nSee weir-audit(1).\n";

void
audit_log(int argc, char *argv[])
{
	struct logopts o;
	const char *which = argc > 1 ? argv[1] : "";
	int n;

	memset(&o, 0, sizeof(o));
	o.cli = (struct weir_cli)WEIR_CLI_INIT;
	argc--;
	argv++;
	if (strcmp(which, "verify") == 0) {
		o.synopsis = verify_synopsis;
		o.help = verify_help;
		o.cmd = " log verify";
		n = options(&o, "hp:q", verify_longopts, 0, argc, argv);
		verify(&o, argc - n, argv + n);
	}
	if (strcmp(which, "show") == 0) {
		o.synopsis = show_synopsis;
		o.help = show_help;
		o.cmd = " log show";
		n = options(&o, "ho:qt:", show_longopts, 0, argc, argv);
		show(&o, argc - n, argv + n);
	}
	if (strcmp(which, "trace") == 0) {
		o.synopsis = trace_synopsis;
		o.help = trace_help;
		o.cmd = " log trace";
		n = options(&o, "ho:qt:", trace_longopts, 1, argc, argv);
		trace(&o, argc - n, argv + n);
	}
	o.synopsis = log_synopsis;
	o.help = log_help;
	o.cmd = "";
	if (strcmp(which, "-h") == 0 || strcmp(which, "--help") == 0)
		usage(&o, 0);
	if (*which == '\0')
		weir_note("log needs a command: verify, show or trace");
	else
		weir_note("unknown log command '%s' (commands: verify, show, "
		    "trace)", which);
	usage(&o, EX_USAGE);
}
