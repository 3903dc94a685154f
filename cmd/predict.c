/* weir-predict: apply a model to a record stream. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cols.h"
#include "err.h"
#include "learn/model.h"
#include "learn/prep.h"
#include "mem.h"
#include "sink.h"
#include "source.h"
#include "stream.h"

enum {
	OPT_KEEP = WEIR_OPT_LOCAL,
	OPT_LENIENT,
	OPT_NAME,
	OPT_ONLY,
	OPT_PROBS
};

struct pred {
	struct weir_cli	 cli;
	const char	*model;
	const char	*name;
	const char	*keep;
	int		 lenient;
	int		 only;
	int		 probs;
};

static const char synopsis[] =
    "usage: weir-predict [-hqz] [-d delim] [-f format] [-o file] [-t format] -m model\n"
    "                    [--keep list] [--lenient] [--name name] [--only-prediction]\n"
    "                    [--probabilities] [--bad-rows file] [--max-bad n] [file]\n";

static const char options_help[] =
    "\nApply a model made by weir-train to a record stream: each record comes out\n"
    "with a prediction (and, for classes, the probability of the class predicted).\n\n"
    "  -m, --model FILE       the model (JSON from weir-train; required)\n"
    "      --name NAME        name of the prediction column (default 'prediction')\n"
    "      --probabilities    also one p_CLASS column per class\n"
    "      --only-prediction  write only the prediction columns ...\n"
    "      --keep LIST        ... and these input columns before them\n"
    "      --lenient          a non-number in a numeric feature is a missing value\n"
    "  -d, --delimiter C      CSV delimiter, one character or 'tab' (default ',')\n"
    "  -f, --from FORMAT      input format: csv, tsv, ndjson, json (default: detected)\n"
    "  -t, --to FORMAT        output format (default: as the input)\n"
    "  -o, --output FILE      write FILE atomically (gzip if it ends in .gz)\n"
    "  -z, --gzip             gzip the output\n"
    "      --out-delimiter C  CSV output delimiter (default: as --delimiter)\n"
    "      --bad-rows FILE    write bad records to FILE and go on\n"
    "      --max-bad N        stop after more than N bad records\n"
    "      --progress         show progress on stderr even when it is not a terminal\n"
    "  -q, --quiet            no warnings, no progress\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n\n"
    "Examples:\n"
    "  weir predict -m churn.model.json customers.csv > scored.csv\n"
    "  weir predict -m m.json --only-prediction --keep id --probabilities new.ndjson\n\n"
    "See weir-predict(1).\n";

static _Noreturn void
usage(int code)
{
	weir_cli_usage(code, synopsis, options_help);
}

/*
 * The output: input columns (all, or --keep) then the prediction columns
 * at pcol..pcol+npcol-1.  New input columns (JSON) go after them.
 */
struct outcols {
	struct weir_header	 h;
	size_t			*map;		/* input column -> output column */
	size_t			 nmap;
	size_t			 pcol, npcol;
	struct weir_proj	 proj;		/* --only-prediction --keep */
	int			 have_proj;
	struct weir_rec		 rec;
	struct weir_buf		 num;		/* the numbers' text */
};

static int
add_name(struct outcols *oc, const char *name, struct weir_err *e)
{
	if (weir_header_find(&oc->h, name, strlen(name)) >= 0)
		return weir_errf(e, EX_DATAERR, "column '%s' is in the input "
		    "already (see --name, --only-prediction)", name);
	weir_header_add(&oc->h, name, strlen(name));
	return 0;
}

static int
out_columns(struct outcols *oc, const struct pred *p,
    const struct weir_model *m, const struct weir_header *in,
    struct weir_err *e)
{
	struct weir_buf nm = WEIR_BUF_INIT;
	size_t *cols, n, i, k, *uniq;
	int rv = -1;

	memset(oc, 0, sizeof(*oc));
	weir_header_init(&oc->h);
	if (p->only && p->keep != NULL) {
		if (weir_cols_parse(p->keep, in, "--keep", &cols, &n, e) == -1)
			return -1;
		uniq = weir_xcalloc(n ? n : 1, sizeof(*uniq));
		for (i = k = 0; i < n; i++)
			if (weir_header_find(&oc->h, in->name[cols[i]],
			    in->len[cols[i]]) < 0) {
				weir_header_add(&oc->h, in->name[cols[i]],
				    in->len[cols[i]]);
				uniq[k++] = cols[i];
			}
		weir_proj_init(&oc->proj, uniq, k);
		oc->have_proj = 1;
		free(uniq);
		free(cols);
	} else if (!p->only) {
		oc->map = weir_xreallocarray(NULL, in->n ? in->n : 1,
		    sizeof(*oc->map));
		for (i = 0; i < in->n; i++)
			oc->map[i] = weir_header_add(&oc->h, in->name[i],
			    in->len[i]);
		oc->nmap = in->n;
	}
	oc->pcol = oc->h.n;
	if (add_name(oc, p->name, e) == -1)
		goto out;
	if (m->task != WEIR_TASK_REGRESS) {
		if (add_name(oc, "probability", e) == -1)
			goto out;
		for (i = 0; p->probs && i < m->nclass; i++) {
			weir_buf_reset(&nm);
			weir_buf_addf(&nm, "p_%s", m->classes[i]);
			if (add_name(oc, nm.p, e) == -1)
				goto out;
		}
	}
	oc->npcol = oc->h.n - oc->pcol;
	rv = 0;
out:
	weir_buf_release(&nm);
	return rv;
}

/* Columns that appeared in the input since (JSON): after the predictions. */
static int
map_new(struct outcols *oc, const struct weir_header *in, struct weir_err *e)
{
	size_t i;
	long k;

	oc->map = weir_xreallocarray(oc->map, in->n, sizeof(*oc->map));
	for (i = oc->nmap; i < in->n; i++) {
		k = weir_header_find(&oc->h, in->name[i], in->len[i]);
		if (k >= (long)oc->pcol && k < (long)(oc->pcol + oc->npcol))
			return weir_errf(e, EX_DATAERR, "column '%s' is in the "
			    "input already (see --name, --only-prediction)",
			    in->name[i]);
		oc->map[i] = weir_header_intern(&oc->h, in->name[i],
		    in->len[i]);
	}
	oc->nmap = in->n;
	return 0;
}

static void
out_release(struct outcols *oc)
{
	weir_header_release(&oc->h);
	free(oc->map);
	if (oc->have_proj)
		weir_proj_release(&oc->proj);
	weir_rec_release(&oc->rec);
	weir_buf_release(&oc->num);
}

static void
push_num(struct outcols *oc, double v, size_t col, size_t *offs)
{
	char b[32];
	size_t n;

	(void)col;
	if (!isfinite(v)) {
		*offs = (size_t)-1;
		return;
	}
	n = weir_prep_format_num(v, b);
	*offs = oc->num.len;
	weir_buf_add(&oc->num, b, n);
	weir_buf_addc(&oc->num, '\0');
}

/* The output record: input fields, then the predictions. */
static const struct weir_rec *
out_record(struct outcols *oc, const struct weir_model *m,
    const struct weir_rec *in, const double *out)
{
	size_t nout = weir_model_nout(m), i, best = 0, offs[3 + 256];
	size_t *off = nout + 2 <= 3 + 256 ? offs :
	    weir_xcalloc(nout + 2, sizeof(*off)), k = 0;
	const char *label = NULL;
	struct weir_field *f;

	oc->rec.n = 0;
	if (oc->have_proj) {
		const struct weir_rec *pr = weir_proj_apply(&oc->proj, in);

		for (i = 0; i < pr->n; i++)
			*weir_rec_push(&oc->rec, pr->f[i].s, pr->f[i].len,
			    pr->f[i].col, pr->f[i].type) = pr->f[i];
	} else if (oc->map != NULL)
		for (i = 0; i < in->n; i++) {
			f = weir_rec_push(&oc->rec, in->f[i].s, in->f[i].len,
			    oc->map[in->f[i].col], in->f[i].type);
			f->plain = in->f[i].plain;
		}
	weir_buf_reset(&oc->num);
	if (m->task == WEIR_TASK_REGRESS)
		push_num(oc, out[0], 0, &off[k++]);
	else {
		for (i = 1; i < nout; i++)
			if (out[i] > out[best])
				best = i;
		label = m->classes[best];
		push_num(oc, out[best], 0, &off[k++]);
		for (i = 0; i < nout && oc->npcol > 2; i++)
			push_num(oc, out[i], 0, &off[k++]);
	}
	/* The buffer is complete: now its addresses hold. */
	k = 0;
	if (label != NULL) {
		f = weir_rec_push(&oc->rec, label, strlen(label), oc->pcol,
		    WEIR_TEXT);
		f->plain = strpbrk(label, "\",\r\n") == NULL;
	}
	for (i = label != NULL; i < oc->npcol; i++, k++) {
		if (off[k] == (size_t)-1)
			weir_rec_push(&oc->rec, "", 0, oc->pcol + i, WEIR_NULL);
		else {
			f = weir_rec_push(&oc->rec, oc->num.p + off[k],
			    strlen(oc->num.p + off[k]), oc->pcol + i, WEIR_NUM);
			f->plain = 1;
		}
	}
	if (off != offs)
		free(off);
	oc->rec.src = in->src;
	oc->rec.line = in->line;
	return &oc->rec;
}

/* What scoring one record needs: the per-record transform's context. */
struct scorer {
	const struct pred	*p;
	struct weir_model	 m;
	struct weir_prep_map	 pm;
	struct outcols		 oc;
	struct weir_badrec	 br;
	float			*row;
	double			*out;
};

static int
score(void *ctx, const struct weir_header *hdr, const struct weir_rec *in,
    const struct weir_rec **out, const struct weir_badrec **bad,
    struct weir_err *e)
{
	struct scorer *sc = ctx;
	int rv;

	if (hdr->n > sc->pm.n)
		weir_prep_map_update(&sc->m.prep, &sc->pm, hdr);
	if (!sc->p->only && hdr->n > sc->oc.nmap &&
	    map_new(&sc->oc, hdr, e) == -1)
		return -1;
	rv = weir_prep_apply(&sc->m.prep, &sc->pm, hdr, in, sc->row,
	    sc->p->lenient ? WEIR_PREP_LENIENT : 0, &sc->br, e);
	if (rv == WEIR_BAD) {
		*bad = &sc->br;
		return WEIR_BAD;
	}
	weir_model_predict(&sc->m, sc->row, sc->out);
	*out = out_record(&sc->oc, &sc->m, in, sc->out);
	return 0;
}

/* The model, its columns and the output header, once the input's is known. */
static int
scorer_start(struct scorer *sc, const struct weir_source *in,
    struct weir_err *e)
{
	const struct weir_header *hdr = weir_source_header(in);
	const char *miss;

	if ((weir_reader_fixed(in->r) || in->spill != NULL) &&
	    (miss = weir_prep_map_missing(&sc->m.prep, hdr)) != NULL)
		return weir_errf(e, EX_DATAERR, "%s: no column '%s', which "
		    "the model needs", weir_reader_in(in->r)->name, miss);
	if (out_columns(&sc->oc, sc->p, &sc->m, hdr, e) == -1)
		return -1;
	sc->row = weir_xcalloc(sc->m.prep.width ? sc->m.prep.width : 1,
	    sizeof(*sc->row));
	sc->out = weir_xcalloc(weir_model_nout(&sc->m) + 1, sizeof(*sc->out));
	return 0;
}

static void
scorer_release(struct scorer *sc)
{
	out_release(&sc->oc);
	weir_prep_map_release(&sc->pm);
	weir_model_release(&sc->m);
	free(sc->row);
	free(sc->out);
}

static int
predict(const struct pred *p, const char *path, struct weir_err *e)
{
	struct weir_ropts ro = { 0 };
	struct weir_wopts wo;
	struct weir_source in;
	struct weir_sink out;
	struct scorer sc;
	const struct weir_rec *rec;
	int rv;

	memset(&sc, 0, sizeof(sc));
	memset(&out, 0, sizeof(out));
	memset(&in, 0, sizeof(in));
	sc.p = p;
	if (weir_model_read(&sc.m, p->model, e) == -1)
		return -1;
	ro.fmt = p->cli.from;
	ro.delim = p->cli.delim;
	ro.flatten = 1;
	if (weir_source_open(&in, path, &ro, &out.bad, p->cli.progress,
	    e) == -1 || weir_sink_open(&out, &p->cli, e) == -1)
		goto fail;
	weir_sink_wopts(&wo, &p->cli, weir_reader_format(in.r));
	if (weir_source_fix_header(&in, weir_fmt_flat(wo.fmt) ||
	    (p->only && p->keep != NULL), e) == -1)
		goto fail;
	/* Nothing at all came in: nothing goes out, as weir-convert. */
	if (!weir_source_empty(&in)) {
		if (scorer_start(&sc, &in, e) == -1 ||
		    weir_sink_start(&out, &wo, &sc.oc.h, e) == -1)
			goto fail;
		weir_source_transform(&in, &(struct weir_xform){ score, &sc,
		    0 });
		while ((rv = weir_source_next(&in, &rec, e)) == 1)
			if (weir_sink_put(&out, rec, e) == -1)
				goto fail;
		if (rv == -1)
			goto fail;
	}
	weir_source_done(&in);
	if (weir_sink_commit(&out, e) == -1)
		goto fail;
	rv = 0;
	goto out;
fail:
	rv = -1;
out:
	weir_sink_abort(&out);
	weir_source_release(&in);
	scorer_release(&sc);
	return rv;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		WEIR_CLI_LONGOPTS,
		{ "keep",		required_argument,	NULL,	OPT_KEEP },
		{ "lenient",		no_argument,		NULL,	OPT_LENIENT },
		{ "model",		required_argument,	NULL,	'm' },
		{ "name",		required_argument,	NULL,	OPT_NAME },
		{ "only-prediction",	no_argument,		NULL,	OPT_ONLY },
		{ "probabilities",	no_argument,		NULL,	OPT_PROBS },
		{ NULL,			0,			NULL,	0 }
	};
	struct pred p;
	struct weir_err e;
	int ch;

	memset(&p, 0, sizeof(p));
	p.cli = (struct weir_cli)WEIR_CLI_INIT;
	p.name = "prediction";
	weir_setprog(argv[0]);
	argv[0] = (char *)weir_prog();
	while ((ch = getopt_long(argc, argv, WEIR_CLI_SHORTOPTS "m:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'm':
			p.model = optarg;
			break;
		case OPT_KEEP:
			p.keep = optarg;
			break;
		case OPT_LENIENT:
			p.lenient = 1;
			break;
		case OPT_NAME:
			p.name = optarg;
			break;
		case OPT_ONLY:
			p.only = 1;
			break;
		case OPT_PROBS:
			p.probs = 1;
			break;
		default:
			if (weir_cli_option(&p.cli, ch, optarg) == -1)
				usage(EX_USAGE);
		}
	}
	if (p.cli.help)
		usage(0);
	if (p.model == NULL) {
		weir_note("-m/--model is required");
		usage(EX_USAGE);
	}
	if (*p.name == '\0') {
		weir_note("--name cannot be empty");
		usage(EX_USAGE);
	}
	if (p.keep != NULL && !p.only) {
		weir_note("--keep goes with --only-prediction");
		usage(EX_USAGE);
	}
	if (argc - optind > 1) {
		weir_note("one input at most; weir-ingest combines several");
		usage(EX_USAGE);
	}
	if (p.cli.to == WEIR_F_LIBSVM) {
		weir_note("libsvm output cannot hold the predictions");
		usage(EX_USAGE);
	}
	if (predict(&p, optind < argc ? argv[optind] : "-", &e) == -1)
		weir_die_err(&e);
	return 0;
}
