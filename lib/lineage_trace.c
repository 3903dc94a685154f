/*
 * lineage_trace.c - the steps of a lineage log as a graph: link inputs to
 * the steps that wrote their bytes, trace an artifact back to the
 * original inputs (tree, Graphviz, JSON), re-hash the files on the way,
 * and list the steps (lineage_read.h).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "lineage_read.h"
#include "mem.h"
#include "rec.h"
#include "sha256.h"
#include "stream.h"

#define SHORT	12	/* hex digits of a digest shown to people */

/* ---- linking */

/* Open addressing from a digest to 1 + the index of its latest writer. */
struct dmap {
	const char	**key;
	size_t		 *val;
	size_t		  cap;		/* a power of two */
};

static size_t
dslot(const struct dmap *m, const char *sha)
{
	size_t h = 0, i;

	for (i = 0; i < 16; i++)	/* the digest is uniform already */
		h = h * 16 + (size_t)(sha[i] <= '9' ? sha[i] - '0' :
		    sha[i] - 'a' + 10);
	for (i = h & (m->cap - 1); m->key[i] != NULL &&
	    strcmp(m->key[i], sha) != 0; i = (i + 1) & (m->cap - 1))
		;
	return i;
}

void
weir_lineage_link(struct weir_lineage_log *log)
{
	struct dmap m;
	size_t s, i, k, n = 0;

	for (s = 0; s < log->n; s++)
		n += log->step[s].nout;
	for (m.cap = 16; m.cap < 2 * n + 2; m.cap *= 2)
		;
	m.key = weir_xcalloc(m.cap, sizeof(*m.key));
	m.val = weir_xcalloc(m.cap, sizeof(*m.val));
	for (s = 0; s < log->n; s++) {
		struct weir_lineage_step *st = &log->step[s];

		/* Inputs first: a step never feeds itself. */
		for (i = 0; i < st->nin; i++) {
			k = dslot(&m, st->in[i].sha);
			st->in[i].from = m.key[k] != NULL ? m.val[k] : 0;
		}
		for (i = 0; i < st->nout; i++) {
			k = dslot(&m, st->out[i].sha);
			m.key[k] = st->out[i].sha;
			m.val[k] = s + 1;
		}
	}
	free(m.key);
	free(m.val);
	log->linked = 1;
}

size_t
weir_lineage_writer(const struct weir_lineage_log *log, const char *sha,
    const char *name, size_t *out)
{
	size_t s, i;

	if (sha != NULL)
		for (s = log->n; s-- > 0;)
			for (i = 0; i < log->step[s].nout; i++)
				if (strcmp(log->step[s].out[i].sha, sha) == 0) {
					*out = i;
					return s + 1;
				}
	if (name != NULL)
		for (s = log->n; s-- > 0;)
			for (i = 0; i < log->step[s].nout; i++)
				if (log->step[s].out[i].kept &&
				    strcmp(log->step[s].out[i].name,
				    name) == 0) {
					*out = i;
					return s + 1;
				}
	return 0;
}

static int
is_digest(const char *s)
{
	size_t i;

	if (strncmp(s, "sha256:", 7) == 0)
		s += 7;
	if (strlen(s) != 64)
		return 0;
	for (i = 0; i < 64; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* No step wrote sha: say whether one read it. */
static int
not_written(const struct weir_lineage_log *log, const char *path,
    const char *art, const char *sha, struct weir_err *e)
{
	size_t s, i;

	for (s = 0; s < log->n; s++)
		for (i = 0; i < log->step[s].nin; i++)
			if (strcmp(log->step[s].in[i].sha, sha) == 0)
				return weir_errf(e, 1, "'%s': no step in %s "
				    "wrote these bytes; line %lu read them: an "
				    "original input", art, path,
				    log->step[s].line);
	return weir_errf(e, 1, "'%s': not in %s (sha256 %.12s)", art, path,
	    sha);
}

int
weir_lineage_find(struct weir_lineage_log *log, const char *path,
    const char *art, size_t *step, size_t *out, int *state,
    struct weir_err *e)
{
	struct weir_lineage_file *f;
	struct stat st;
	char sha[65];
	size_t s, i;

	*state = WEIR_LINEAGE_UNCHECKED;
	if (stat(art, &st) == 0 && S_ISREG(st.st_mode)) {
		if (weir_lineage_hash_file(art, sha, e) == -1)
			return -1;
		s = weir_lineage_writer(log, sha, art, out);
		*state = WEIR_LINEAGE_SAME;
	} else if (is_digest(art)) {
		art += strncmp(art, "sha256:", 7) == 0 ? 7 : 0;
		for (i = 0; i < 64; i++)
			sha[i] = (char)tolower((unsigned char)art[i]);
		sha[64] = '\0';
		s = weir_lineage_writer(log, sha, NULL, out);
	} else {
		s = weir_lineage_writer(log, NULL, art, out);
		if (s == 0)
			return weir_errf(e, EX_NOINPUT, "'%s': no such file, "
			    "and no step in %s wrote it", art, path);
		*state = WEIR_LINEAGE_GONE;
	}
	if (s == 0)
		return not_written(log, path, art, sha, e);
	*step = s - 1;
	f = &log->step[s - 1].out[*out];
	if (*state == WEIR_LINEAGE_SAME && strcmp(f->sha, sha) != 0) {
		*state = WEIR_LINEAGE_CHANGED;
		memcpy(f->now, sha, 65);
	}
	return 0;
}

/* ---- text for people */

/* An argument as a shell would need it: 'it''s' quoted when it must be. */
static void
add_arg(struct weir_buf *b, const char *a)
{
	static const char safe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789_@%+=:,./-";

	if (*a != '\0' && a[strspn(a, safe)] == '\0') {
		weir_buf_adds(b, a);
		return;
	}
	weir_buf_addc(b, '\'');
	for (; *a != '\0'; a++)
		if (*a == '\'')
			weir_buf_adds(b, "'\\''");
		else
			weir_buf_addc(b, *a);
	weir_buf_addc(b, '\'');
}

static void
add_command(struct weir_buf *b, const struct weir_lineage_step *s)
{
	size_t i;

	weir_buf_adds(b, s->program);
	for (i = 0; i < s->narg; i++) {
		weir_buf_addc(b, ' ');
		add_arg(b, s->arg[i]);
	}
}

static void
add_args(struct weir_buf *b, const struct weir_lineage_step *s)
{
	size_t i;

	for (i = 0; i < s->narg; i++) {
		if (i > 0)
			weir_buf_addc(b, ' ');
		add_arg(b, s->arg[i]);
	}
}

/* "name  sha256:0ede33e7f6e5  4284 bytes, 20 records  [changed ...]" */
static void
add_file(struct weir_buf *b, const char *name,
    const struct weir_lineage_file *f)
{
	weir_buf_addf(b, "%s  sha256:%.*s", name, SHORT, f->sha);
	if (f->bytes >= 0)
		weir_buf_addf(b, "  %lld bytes", (long long)f->bytes);
	if (f->records >= 0)
		weir_buf_addf(b, "%s%lld records", f->bytes >= 0 ? ", " : "  ",
		    (long long)f->records);
	switch (f->check) {
	case WEIR_LINEAGE_SAME:
		weir_buf_adds(b, "  [unchanged]");
		break;
	case WEIR_LINEAGE_CHANGED:
		weir_buf_addf(b, "  [changed: now sha256:%.*s]", SHORT, f->now);
		break;
	case WEIR_LINEAGE_GONE:
		weir_buf_adds(b, "  [gone]");
		break;
	}
}

static void
add_step(struct weir_buf *b, const struct weir_lineage_step *s)
{
	weir_buf_addf(b, "line %lu: ", s->line);
	add_command(b, s);
}

/* ---- trace: the steps reached from the root */

struct trace {
	const struct weir_lineage_log	*log;
	struct weir_buf			*b;
	struct weir_buf			 pre;	/* the tree's indentation */
	unsigned char			*seen;	/* per step */
	char				**ids;	/* dot: nodes written */
	size_t				 nids;
};

static void
tree_step(struct trace *t, size_t si)
{
	const struct weir_lineage_step *s = &t->log->step[si];
	size_t i, len;

	add_step(t->b, s);
	if (t->seen[si]) {
		weir_buf_adds(t->b, "  (shown above)\n");
		return;
	}
	t->seen[si] = 1;
	weir_buf_addf(t->b, "  (%s%sstatus %d)\n", s->started,
	    *s->started ? ", " : "", s->status);
	for (i = 0; i < s->nin; i++) {
		const struct weir_lineage_file *f = &s->in[i];
		int last = i + 1 == s->nin;

		weir_buf_add(t->b, t->pre.p, t->pre.len);
		weir_buf_adds(t->b, last ? "`-- " : "|-- ");
		add_file(t->b, f->name, f);
		weir_buf_addc(t->b, '\n');
		if (f->from == 0)
			continue;
		len = t->pre.len;
		weir_buf_adds(&t->pre, last ? "    " : "|   ");
		weir_buf_add(t->b, t->pre.p, t->pre.len);
		weir_buf_adds(t->b, "`-- ");
		weir_buf_adds(&t->pre, "    ");
		tree_step(t, f->from - 1);
		t->pre.len = len;
		t->pre.p[len] = '\0';
	}
}

/* A Graphviz string: quotes and backslashes escaped, \n kept as is. */
static void
dot_str(struct weir_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			weir_buf_addc(b, '\\');
		if (*s == '\n')
			weir_buf_adds(b, "\\n");
		else
			weir_buf_addc(b, *s);
	}
}

/* 1 the first time id is asked about, 0 after. */
static int
dot_new(struct trace *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->nids; i++)
		if (strcmp(t->ids[i], id) == 0)
			return 0;
	t->ids = weir_xreallocarray(t->ids, t->nids + 1, sizeof(*t->ids));
	t->ids[t->nids++] = weir_xstrdup(id);
	return 1;
}

/* The node of bytes sha as written by step from (0: an original input). */
static void
dot_file(struct trace *t, const char *name, const struct weir_lineage_file *f,
    size_t from, char id[96])
{
	struct weir_buf label = WEIR_BUF_INIT;

	snprintf(id, 96, "f%zu:%s", from, f->sha);
	if (!dot_new(t, id))
		return;
	weir_buf_addf(&label, "%s\nsha256:%.*s", name, SHORT, f->sha);
	if (f->check == WEIR_LINEAGE_CHANGED)
		weir_buf_addf(&label, "\nchanged: now sha256:%.*s", SHORT,
		    f->now);
	else if (f->check == WEIR_LINEAGE_GONE)
		weir_buf_adds(&label, "\ngone");
	weir_buf_addf(t->b, "\t\"%s\" [shape=note, label=\"", id);
	dot_str(t->b, label.p);
	weir_buf_addf(t->b, "\"%s];\n", f->check == WEIR_LINEAGE_CHANGED ||
	    f->check == WEIR_LINEAGE_GONE ? ", color=red" : "");
	weir_buf_release(&label);
}

static void
dot_step(struct trace *t, size_t si)
{
	const struct weir_lineage_step *s = &t->log->step[si];
	struct weir_buf label = WEIR_BUF_INIT;
	char id[96], edge[100];
	size_t i;

	if (t->seen[si])
		return;
	t->seen[si] = 1;
	weir_buf_addf(&label, "line %lu: %s", s->line, s->program);
	if (s->narg > 0) {
		weir_buf_addc(&label, '\n');
		add_args(&label, s);
	}
	weir_buf_addf(&label, "\n%s%sstatus %d", s->started,
	    *s->started ? ", " : "", s->status);
	weir_buf_addf(t->b, "\t\"s%lu\" [shape=box, label=\"", s->line);
	dot_str(t->b, label.p);
	weir_buf_adds(t->b, "\"];\n");
	weir_buf_release(&label);
	for (i = 0; i < s->nin; i++) {
		const struct weir_lineage_file *f = &s->in[i];

		dot_file(t, f->name, f, f->from ? t->log->step[f->from -
		    1].line : 0, id);
		weir_buf_addf(t->b, "\t\"%s\" -> \"s%lu\";\n", id, s->line);
		if (f->from == 0)
			continue;
		dot_step(t, f->from - 1);
		snprintf(edge, sizeof(edge), "e%s", id);
		if (dot_new(t, edge))	/* the edge from its writer, once */
			weir_buf_addf(t->b, "\t\"s%lu\" -> \"%s\";\n",
			    t->log->step[f->from - 1].line, id);
	}
}

static json_t *
json_count(int64_t v)
{
	return v >= 0 ? json_integer((json_int_t)v) : json_null();
}

static json_t *
json_file(const struct weir_lineage_log *log,
    const struct weir_lineage_file *f, int output)
{
	json_t *o = json_pack("{s:s,s:s,s:o,s:o}", "name", f->name, "sha256",
	    f->sha, "bytes", json_count(f->bytes), "records",
	    json_count(f->records));

	if (output)
		json_object_set_new(o, "kept", json_boolean(f->kept));
	else
		json_object_set_new(o, "from", f->from ?
		    json_integer((json_int_t)log->step[f->from - 1].line) :
		    json_null());
	if (f->check == WEIR_LINEAGE_SAME)
		json_object_set_new(o, "check", json_string("unchanged"));
	else if (f->check == WEIR_LINEAGE_GONE)
		json_object_set_new(o, "check", json_string("gone"));
	else if (f->check == WEIR_LINEAGE_CHANGED) {
		json_object_set_new(o, "check", json_string("changed"));
		json_object_set_new(o, "now", json_string(f->now));
	}
	return o;
}

static json_t *
json_step(const struct weir_lineage_log *log,
    const struct weir_lineage_step *s)
{
	json_t *o, *a, *in = json_array(), *out = json_array();
	size_t i;

	a = json_array();
	for (i = 0; i < s->narg; i++)
		json_array_append_new(a, json_string(s->arg[i]));
	for (i = 0; i < s->nin; i++)
		json_array_append_new(in, json_file(log, &s->in[i], 0));
	for (i = 0; i < s->nout; i++)
		json_array_append_new(out, json_file(log, &s->out[i], 1));
	o = json_pack("{s:I,s:s,s:s,s:s,s:o,s:s,s:s,s:i,s:b,s:o,s:o}",
	    "line", (json_int_t)s->line, "hash", s->hash, "program",
	    s->program, "version", s->version, "arguments", a, "started",
	    s->started, "finished", s->finished, "status", s->status,
	    "signed", s->nsig > 0, "inputs", in, "outputs", out);
	return o;
}

/* Mark every step reached from si. */
static void
reach(const struct weir_lineage_log *log, size_t si, unsigned char *seen)
{
	const struct weir_lineage_step *s = &log->step[si];
	size_t i;

	if (seen[si])
		return;
	seen[si] = 1;
	for (i = 0; i < s->nin; i++)
		if (s->in[i].from != 0)
			reach(log, s->in[i].from - 1, seen);
}

void
weir_lineage_trace(const struct weir_lineage_log *log, size_t si, size_t oi,
    const char *name, int fmt, struct weir_buf *b)
{
	const struct weir_lineage_file *root = &log->step[si].out[oi];
	struct trace t;
	json_t *j, *steps;
	char *text, id[96];
	size_t i;

	memset(&t, 0, sizeof(t));
	t.log = log;
	t.b = b;
	t.seen = weir_xcalloc(log->n + 1, 1);
	switch (fmt) {
	case WEIR_LINEAGE_TREE:
		add_file(b, name, root);
		weir_buf_adds(b, "\n`-- ");
		weir_buf_adds(&t.pre, "    ");
		tree_step(&t, si);
		break;
	case WEIR_LINEAGE_DOT:
		weir_buf_adds(b, "digraph lineage {\n\trankdir=LR;\n"
		    "\tnode [fontname=\"monospace\", fontsize=10];\n");
		dot_file(&t, name, root, log->step[si].line, id);
		dot_step(&t, si);
		weir_buf_addf(b, "\t\"s%lu\" -> \"%s\";\n}\n",
		    log->step[si].line, id);
		break;
	default:
		reach(log, si, t.seen);
		steps = json_array();
		for (i = 0; i < log->n; i++)
			if (t.seen[i])
				json_array_append_new(steps, json_step(log,
				    &log->step[i]));
		j = json_pack("{s:{s:s,s:s,s:I},s:o}", "artifact", "name",
		    name, "sha256", root->sha, "line",
		    (json_int_t)log->step[si].line, "steps", steps);
		text = json_dumps(j, JSON_INDENT(2));
		weir_buf_adds(b, text);
		weir_buf_addc(b, '\n');
		free(text);
		json_decref(j);
		break;
	}
	for (i = 0; i < t.nids; i++)
		free(t.ids[i]);
	free(t.ids);
	free(t.seen);
	weir_buf_release(&t.pre);
}

/* ---- --check: do the files still hold what was logged? */

int
weir_lineage_hash_file(const char *path, char hex[65], struct weir_err *e)
{
	struct weir_sha256 sha;
	unsigned char d[32];
	char buf[65536];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return weir_errnof(e, weir_errno_code(errno, 0), errno,
		    "cannot open '%s'", path);
	weir_sha256_init(&sha);
	while ((n = read(fd, buf, sizeof(buf))) > 0 ||
	    (n == -1 && errno == EINTR))
		if (n > 0)
			weir_sha256_update(&sha, buf, (size_t)n);
	if (n == -1) {
		weir_errnof(e, EX_IOERR, errno, "read '%s'", path);
		weir_sha256_release(&sha);
		close(fd);
		return -1;
	}
	close(fd);
	weir_sha256_peek(&sha, d);
	weir_sha256_release(&sha);
	weir_sha256_tohex(d, hex);
	return 0;
}

/* What a name holds now, hashed once per name. */
struct seen_file {
	const char	*name;
	int		 state;		/* enum weir_lineage_check */
	char		 sha[65];
};

static int
file_now(struct seen_file **list, size_t *n, const char *name, char sha[65])
{
	struct stat st;
	size_t i;
	int state;

	for (i = 0; i < *n; i++)
		if (strcmp((*list)[i].name, name) == 0) {
			memcpy(sha, (*list)[i].sha, 65);
			return (*list)[i].state;
		}
	sha[0] = '\0';
	/* Not files the way back can name: descriptors, devices, pipes. */
	if (strncmp(name, "/dev/", 5) == 0 || strncmp(name, "/proc/", 6) == 0)
		state = WEIR_LINEAGE_UNCHECKED;
	else if (stat(name, &st) == -1)
		state = errno == ENOENT || errno == ENOTDIR ?
		    WEIR_LINEAGE_GONE : WEIR_LINEAGE_UNCHECKED;
	else if (!S_ISREG(st.st_mode))
		state = WEIR_LINEAGE_UNCHECKED;
	else if (weir_lineage_hash_file(name, sha, NULL) == -1)
		state = WEIR_LINEAGE_UNCHECKED;
	else
		state = WEIR_LINEAGE_SAME;	/* compared by the caller */
	*list = weir_xreallocarray(*list, *n + 1, sizeof(**list));
	(*list)[*n].name = name;
	(*list)[*n].state = state;
	memcpy((*list)[*n].sha, sha, 65);
	(*n)++;
	return state;
}

/* 1 when an earlier step reached (seen) read name with this digest. */
static int
read_before(const struct weir_lineage_log *log, const unsigned char *seen,
    size_t s, const struct weir_lineage_file *f)
{
	size_t k, i;

	for (k = 0; k < s; k++)
		for (i = 0; seen[k] && i < log->step[k].nin; i++)
			if (strcmp(log->step[k].in[i].name, f->name) == 0 &&
			    strcmp(log->step[k].in[i].sha, f->sha) == 0)
				return 1;
	return 0;
}

size_t
weir_lineage_check(struct weir_lineage_log *log, size_t si,
    void (*fn)(void *, const struct weir_lineage_step *,
    const struct weir_lineage_file *), void *ctx)
{
	struct seen_file *list = NULL;
	unsigned char *seen = weir_xcalloc(log->n + 1, 1);
	size_t s, i, nlist = 0, changed = 0;
	char sha[65];

	reach(log, si, seen);
	for (s = 0; s < log->n; s++) {
		struct weir_lineage_step *st = &log->step[s];

		if (!seen[s])
			continue;
		for (i = 0; i < st->nin; i++) {
			struct weir_lineage_file *f = &st->in[i];

			if (strcmp(f->name, "-") == 0)
				continue;
			f->check = file_now(&list, &nlist, f->name, sha);
			if (f->check != WEIR_LINEAGE_SAME ||
			    strcmp(sha, f->sha) == 0)
				continue;
			f->check = WEIR_LINEAGE_CHANGED;
			memcpy(f->now, sha, 65);
			/* Once per name and logged digest. */
			if (read_before(log, seen, s, f))
				continue;
			changed++;
			if (fn != NULL)
				fn(ctx, st, f);
		}
	}
	free(list);
	free(seen);
	return changed;
}

/* ---- show */

enum { C_LINE, C_TIME, C_PROGRAM, C_ARGS, C_IN, C_OUT, C_RECORDS, C_STATUS,
    NCOLS };

static const char *const columns[NCOLS] = { "line", "time", "program",
    "arguments", "inputs", "outputs", "records", "status" };

/* Sum of the records counted, or -1 when none was. */
static int64_t
records(const struct weir_lineage_file *f, size_t n)
{
	int64_t sum = -1;
	size_t i;

	for (i = 0; i < n; i++)
		if (f[i].records >= 0)
			sum = (sum < 0 ? 0 : sum) + f[i].records;
	return sum;
}

static void
add_count(struct weir_buf *b, int64_t n, const char *none)
{
	if (n >= 0)
		weir_buf_addf(b, "%lld", (long long)n);
	else
		weir_buf_adds(b, none);
}

static void
flat_files(struct weir_buf *b, const struct weir_lineage_file *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		weir_buf_addf(b, "%s%s (%.8s)", i ? ", " : "", f[i].name,
		    f[i].sha);
}

static void
json_files(struct weir_buf *b, const struct weir_lineage_log *log,
    const struct weir_lineage_file *f, size_t n, int output)
{
	json_t *a = json_array();
	char *text;
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *o = json_file(log, &f[i], output);

		if (!log->linked && !output)
			json_object_del(o, "from");
		json_array_append_new(a, o);
	}
	text = json_dumps(a, JSON_COMPACT);
	weir_buf_adds(b, text);
	free(text);
	json_decref(a);
}

int
weir_lineage_show(const struct weir_lineage_log *log, struct weir_sink *k,
    const struct weir_wopts *wo, struct weir_err *e)
{
	struct weir_header h;
	struct weir_rec r;
	struct weir_buf b = WEIR_BUF_INIT;
	size_t off[NCOLS + 1], i, c;
	int type[NCOLS], json = !weir_fmt_flat(wo->fmt), rv = -1;
	int64_t rin, rout;

	weir_header_init(&h);
	memset(&r, 0, sizeof(r));
	for (c = 0; c < NCOLS; c++)
		weir_header_add(&h, columns[c], strlen(columns[c]));
	if (weir_sink_start(k, wo, &h, e) == -1)
		goto out;
	for (i = 0; i < log->n; i++) {
		const struct weir_lineage_step *s = &log->step[i];

		weir_buf_reset(&b);
		for (c = 0; c < NCOLS; c++) {
			off[c] = b.len;
			type[c] = WEIR_STR;
			switch (c) {
			case C_LINE:
				weir_buf_addf(&b, "%lu", s->line);
				type[c] = WEIR_NUM;
				break;
			case C_TIME:
				weir_buf_adds(&b, s->started);
				break;
			case C_PROGRAM:
				weir_buf_adds(&b, s->program);
				break;
			case C_ARGS:
				if (json) {
					json_t *a = json_array();
					char *t;
					size_t j;

					for (j = 0; j < s->narg; j++)
						json_array_append_new(a,
						    json_string(s->arg[j]));
					t = json_dumps(a, JSON_COMPACT);
					weir_buf_adds(&b, t);
					free(t);
					json_decref(a);
					type[c] = WEIR_JSON;
				} else
					add_args(&b, s);
				break;
			case C_IN:
			case C_OUT:
				if (json) {
					json_files(&b, log, c == C_IN ? s->in :
					    s->out, c == C_IN ? s->nin : s->nout,
					    c == C_OUT);
					type[c] = WEIR_JSON;
				} else
					flat_files(&b, c == C_IN ? s->in :
					    s->out, c == C_IN ? s->nin :
					    s->nout);
				break;
			case C_RECORDS:
				rin = records(s->in, s->nin);
				rout = records(s->out, s->nout);
				if (json) {
					weir_buf_adds(&b, "{\"in\":");
					add_count(&b, rin, "null");
					weir_buf_adds(&b, ",\"out\":");
					add_count(&b, rout, "null");
					weir_buf_addc(&b, '}');
					type[c] = WEIR_JSON;
				} else {
					add_count(&b, rin, "?");
					weir_buf_adds(&b, " -> ");
					add_count(&b, rout, "?");
				}
				break;
			case C_STATUS:
				weir_buf_addf(&b, "%d", s->status);
				type[c] = WEIR_NUM;
				break;
			}
		}
		off[NCOLS] = b.len;
		r.n = 0;
		for (c = 0; c < NCOLS; c++)
			weir_rec_push(&r, b.p + off[c], off[c + 1] - off[c], c,
			    type[c]);
		r.line = s->line;
		if (weir_sink_put(k, &r, e) == -1)
			goto out;
	}
	rv = weir_sink_commit(k, e);	/* while h lives */
out:
	weir_rec_release(&r);
	weir_buf_release(&b);
	weir_header_release(&h);
	return rv;
}
