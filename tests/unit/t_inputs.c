/* t_inputs.c - operands to input paths: files, "-", globs, directories. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "inputs.h"
#include "t.h"

static char dir[256];
static struct weir_err err;

/* What was made under dir, to remove in reverse order at the end. */
static char *made[128];
static size_t nmade;
static int made_dir[128];

/* dir/rel, in a static buffer. */
static const char *
at(const char *rel)
{
	static char p[2][512];
	static int k;

	k = !k;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, rel);
	return p[k];
}

static void
remember(const char *rel, int isdir)
{
	if (nmade == sizeof(made) / sizeof(made[0])) {
		fprintf(stderr, "t_inputs: too many files\n");
		exit(2);
	}
	made_dir[nmade] = isdir;
	made[nmade++] = strdup(at(rel));
}

static void
mkfile(const char *rel)
{
	FILE *fp;

	if ((fp = fopen(at(rel), "w")) == NULL) {
		perror(at(rel));
		exit(2);
	}
	fputs("a,b\n1,2\n", fp);
	fclose(fp);
	remember(rel, 0);
}

static void
mkfolder(const char *rel)
{
	if (mkdir(at(rel), 0755) == -1) {
		perror(at(rel));
		exit(2);
	}
	remember(rel, 1);
}

/* Append s to out (of size cap), with dir written as "T". */
static void
put_t(char *out, size_t cap, const char *s)
{
	size_t dl = strlen(dir), n = strlen(out);

	while (*s != '\0' && n + 1 < cap) {
		if (strncmp(s, dir, dl) == 0) {
			out[n++] = 'T';
			s += dl;
		} else
			out[n++] = *s++;
	}
	out[n] = '\0';
}

/*
 * The paths from operands (separated by ' '; "T" stands for dir), with
 * dir shown as "T", separated by ' '; "E66 message" when an operand fails.
 */
static const char *
paths(const char *ops)
{
	static char out[4096];
	struct weir_inputs in;
	char op[512];
	const char *p = ops, *sp;
	size_t i;
	int rv = 0, len;

	memset(&in, 0, sizeof(in));
	memset(&err, 0, sizeof(err));
	for (;;) {
		sp = strchr(p, ' ');
		len = (int)(sp ? (size_t)(sp - p) : strlen(p));
		if (p[0] == 'T' && (len == 1 || p[1] == '/'))
			snprintf(op, sizeof(op), "%s%.*s", dir, len - 1, p + 1);
		else
			snprintf(op, sizeof(op), "%.*s", len, p);
		if ((rv = weir_inputs_add(&in, op, &err)) != 0)
			break;
		if (sp == NULL)
			break;
		p = sp + 1;
	}
	out[0] = '\0';
	if (rv != 0) {
		snprintf(out, sizeof(out), "E%d ", err.code);
		put_t(out, sizeof(out), err.msg);
	} else
		for (i = 0; i < in.n; i++) {
			if (i)
				put_t(out, sizeof(out), " ");
			put_t(out, sizeof(out), in.path[i]);
		}
	weir_inputs_release(&in);
	CHECK(in.n == 0 && in.path == NULL);
	return out;
}

static void
test_plain(void)
{
	CHECK_STR(paths("-"), "-");
	CHECK_STR(paths("- -"), "- -");
	CHECK_STR(paths("T/a.csv"), "T/a.csv");
	/* A file named again is read once (with a warning). */
	CHECK_STR(paths("T/b.csv T/a.csv T/b.csv"), "T/b.csv T/a.csv");
	CHECK_STR(paths("T/a.csv T/link.csv"), "T/a.csv");
	/* Not there, or not a regular file: taken as it is, open decides. */
	CHECK_STR(paths("T/nope.csv"), "T/nope.csv");
	CHECK_STR(paths("nope/x.csv"), "nope/x.csv");
	CHECK_STR(paths("T/.hidden.csv"), "T/.hidden.csv");
	CHECK_STR(paths("T/fifo"), "T/fifo");
	/* A link to nowhere: the input it stood for is missing (66). */
	CHECK_STR(paths("T/.bad/broken.csv"),
	    "E66 'T/.bad/broken.csv': broken symbolic link");
	CHECK_STR(paths("/dev/null"), "/dev/null");
	/* A name with glob characters that exists is that file. */
	CHECK_STR(paths("T/we*rd.csv"), "T/we*rd.csv");
	CHECK_STR(paths("T/x[1].csv"), "T/x[1].csv");
	CHECK_STR(paths("- T/a.csv -"), "- T/a.csv -");
}

static void
test_dirs(void)
{
	static const char all[] = "T/a.csv T/b.csv T/c.json "
	    "T/sub/d.csv T/sub/deep/f.csv T/we*rd.csv T/x[1].csv T/z.txt";

	/*
	 * Sorted, recursive, hidden entries and non-files skipped; link.csv
	 * is a.csv again, so it is not read twice.
	 */
	CHECK_STR(paths("T"), all);
	CHECK_STR(paths("T/"), all);
	CHECK_STR(paths("T/sub"), "T/sub/d.csv T/sub/deep/f.csv");
	CHECK_STR(paths("T/sub/deep T/sub"), "T/sub/deep/f.csv T/sub/d.csv");
	CHECK_STR(paths("T/empty"), "");
	/* A link back to a parent cannot loop; a folder is walked once. */
	CHECK_STR(paths("T/.loop"), "T/.loop/g.csv");
	CHECK_STR(paths("T/sub T/sub"), "T/sub/d.csv T/sub/deep/f.csv");
	/* A broken link met in a walk stops it (66). */
	CHECK_STR(paths("T/.bad"), "E66 'T/.bad/broken.csv': broken symbolic link");
	/* A hidden folder named on its own is walked. */
	CHECK_STR(paths("T/sub/.hid"), "T/sub/.hid/e.csv");
}

static void
test_globs(void)
{
	/* link.csv is a.csv again: once. */
	CHECK_STR(paths("T/*.csv"), "T/a.csv T/b.csv T/we*rd.csv T/x[1].csv");
	/* A link to nowhere that a glob finds is 66, as named on its own. */
	CHECK_STR(paths("T/.bad/*.csv"),
	    "E66 'T/.bad/broken.csv': broken symbolic link");
	CHECK_STR(paths("T/?.csv"), "T/a.csv T/b.csv");
	CHECK_STR(paths("T/[ab].csv"), "T/a.csv T/b.csv");
	CHECK_STR(paths("T/[!a].csv"), "T/b.csv");
	CHECK_STR(paths("T/*.json T/?.csv"), "T/c.json T/a.csv T/b.csv");
	/* A folder that matches is walked. */
	CHECK_STR(paths("T/s*"), "T/sub/d.csv T/sub/deep/f.csv");
	CHECK_STR(paths("T/*/*.csv"), "T/sub/d.csv");
	/* Globs do not match hidden names. */
	CHECK_STR(paths("T/.h*"), "T/.hidden.csv");
	CHECK_STR(paths("T/*hidden*"), "E66 no files match 'T/*hidden*'");
	/* Nothing matches: an error (66) naming the pattern. */
	CHECK_STR(paths("T/*.xml"), "E66 no files match 'T/*.xml'");
	CHECK_STR(paths("T/a.csv T/*.xml T/b.csv"),
	    "E66 no files match 'T/*.xml'");
	CHECK_STR(paths("T/none/*"), "E66 no files match 'T/none/*'");
}

/* More paths than the first allocation holds. */
static void
test_many(void)
{
	struct weir_inputs in;
	char rel[64], want[64];
	size_t i;
	int ok = 1;

	mkfolder("many");
	for (i = 0; i < 40; i++) {
		snprintf(rel, sizeof(rel), "many/f%02zu.csv", i);
		mkfile(rel);
	}
	memset(&in, 0, sizeof(in));
	CHECK(weir_inputs_add(&in, at("many"), &err) == 0);
	CHECK(weir_inputs_add(&in, "-", &err) == 0);
	CHECK(in.n == 41 && in.cap >= 41);
	for (i = 0; i < 40 && i < in.n; i++) {
		snprintf(want, sizeof(want), "many/f%02zu.csv", i);
		if (strcmp(in.path[i], at(want)) != 0)
			ok = 0;
	}
	CHECK(ok);
	CHECK_STR(in.n == 41 ? in.path[40] : NULL, "-");
	weir_inputs_release(&in);
	CHECK(in.n == 0 && in.cap == 0 && in.path == NULL);
	weir_inputs_release(&in);		/* twice, or never filled */
}

/* A folder that cannot be read: an error naming it (not as root). */
static void
test_unreadable(void)
{
	if (geteuid() == 0)
		return;
	mkfolder("locked");
	mkfile("locked/x.csv");
	chmod(at("locked"), 0);
	CHECK_STR(paths("T/locked"),
	    "E77 cannot open 'T/locked': Permission denied");
	chmod(at("locked"), 0755);
}

int
main(void)
{
	const char *t = getenv("TMPDIR");
	size_t i;

	snprintf(dir, sizeof(dir), "%s/weir-t-inputs.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	mkfile("a.csv");
	mkfile("b.csv");
	mkfile("c.json");
	mkfile("z.txt");
	mkfile(".hidden.csv");
	mkfile("we*rd.csv");
	mkfile("x[1].csv");
	mkfolder("sub");
	mkfile("sub/d.csv");
	mkfolder("sub/.hid");
	mkfile("sub/.hid/e.csv");
	mkfolder("sub/deep");
	mkfile("sub/deep/f.csv");
	if (symlink("a.csv", at("link.csv")) == 0)
		remember("link.csv", 0);
	/* Hidden, so that walking T meets none of these. */
	mkfolder(".bad");
	if (symlink("nowhere.csv", at(".bad/broken.csv")) == 0)
		remember(".bad/broken.csv", 0);
	mkfolder("empty");
	mkfolder(".loop");
	mkfile(".loop/g.csv");
	mkfolder(".loop/in");
	if (symlink("..", at(".loop/in/up")) == 0)
		remember(".loop/in/up", 0);
	if (symlink("../.loop", at(".loop/self")) == 0)
		remember(".loop/self", 0);
	if (mkfifo(at("fifo"), 0600) == 0)
		remember("fifo", 0);

	test_plain();
	test_dirs();
	test_globs();
	test_many();
	test_unreadable();

	for (i = nmade; i-- > 0;) {
		if ((made_dir[i] ? rmdir(made[i]) : unlink(made[i])) == -1)
			perror(made[i]);
		free(made[i]);
	}
	if (rmdir(dir) == -1)
		perror(dir);
	return T_DONE();
}
