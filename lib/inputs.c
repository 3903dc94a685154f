#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "err.h"
#include "inputs.h"
#include "mem.h"

/*
 * The files and folders already taken, by device and inode: a link to a
 * parent folder cannot loop, and a file reached by two names is read once.
 * Open addressing, grown at half full.
 */
struct weir_inputs_seen {
	dev_t	*dev;
	ino_t	*ino;
	size_t	 n;
	size_t	 cap;
};

static size_t
slot_of(const struct weir_inputs_seen *s, dev_t dev, ino_t ino)
{
	size_t h = ((size_t)ino * 0x9e3779b97f4a7c15u) ^ (size_t)dev;

	h &= s->cap - 1;
	while (s->dev[h] != 0 || s->ino[h] != 0) {
		if (s->dev[h] == dev && s->ino[h] == ino)
			break;
		h = (h + 1) & (s->cap - 1);
	}
	return h;
}

/* 1 when (dev, ino) was new and is now marked; 0 when seen before. */
static int
mark(struct weir_inputs *in, const struct stat *st)
{
	struct weir_inputs_seen *s = in->seen, old;
	size_t i, h;

	if (s == NULL)
		s = in->seen = weir_xcalloc(1, sizeof(*s));
	if (2 * (s->n + 1) > s->cap) {
		old = *s;
		s->cap = old.cap ? old.cap * 2 : 64;
		s->dev = weir_xcalloc(s->cap, sizeof(*s->dev));
		s->ino = weir_xcalloc(s->cap, sizeof(*s->ino));
		for (i = 0; i < old.cap; i++)
			if (old.dev[i] != 0 || old.ino[i] != 0) {
				h = slot_of(s, old.dev[i], old.ino[i]);
				s->dev[h] = old.dev[i];
				s->ino[h] = old.ino[i];
			}
		free(old.dev);
		free(old.ino);
	}
	h = slot_of(s, st->st_dev, st->st_ino);
	if (s->dev[h] == st->st_dev && s->ino[h] == st->st_ino &&
	    (st->st_dev != 0 || st->st_ino != 0))
		return 0;
	s->dev[h] = st->st_dev;
	s->ino[h] = st->st_ino;
	s->n++;
	return 1;
}

/* A name whose link leads nowhere: the input it stood for is missing. */
static int
broken_link(const char *path, struct weir_err *e)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		return weir_errf(e, EX_NOINPUT, "'%s': broken symbolic link",
		    path);
	return 0;
}

static void
push(struct weir_inputs *in, const char *path)
{
	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 16;
		in->path = weir_xreallocarray(in->path, in->cap,
		    sizeof(*in->path));
	}
	in->path[in->n++] = weir_xstrdup(path);
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
join(const char *dir, const char *name)
{
	size_t dl = strlen(dir);
	char *path = weir_xmalloc(dl + strlen(name) + 2);

	strcpy(path, dir);
	if (dl == 0 || dir[dl - 1] != '/')
		strcat(path, "/");
	strcat(path, name);
	return path;
}

static int
walk(struct weir_inputs *in, const char *dir, struct weir_err *e)
{
	struct dirent *de;
	struct stat st;
	char **names = NULL, *path;
	size_t n = 0, cap = 0, i;
	DIR *d;
	int rv = 0, pass;

	if ((d = opendir(dir)) == NULL)
		return weir_errnof(e, weir_errno_code(errno, 0), errno,
		    "cannot open '%s'", dir);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = weir_xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = weir_xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp);
	/*
	 * Real entries first, links after: a file reached both ways is
	 * named by its own path, not by a link's.
	 */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			if (names[i] == NULL)
				continue;
			path = join(dir, names[i]);
			if (pass == 0 && lstat(path, &st) == 0 &&
			    S_ISLNK(st.st_mode)) {
				free(path);
				continue;
			}
			if (rv == 0 && stat(path, &st) == -1)
				rv = broken_link(path, e);
			else if (rv == 0 && mark(in, &st)) {
				if (S_ISDIR(st.st_mode))
					rv = walk(in, path, e);
				else if (S_ISREG(st.st_mode))
					push(in, path);
			}
			free(path);
			free(names[i]);
			names[i] = NULL;
		}
	free(names);
	return rv;
}

/*
 * A folder is walked, a file is taken once; anything else (a name that
 * does not exist, a FIFO, a device) is left for the reader to open and
 * say what is wrong with it.
 */
static int
add_path(struct weir_inputs *in, const char *path, struct weir_err *e)
{
	struct stat st;

	if (stat(path, &st) == -1) {
		if (broken_link(path, e) == -1)
			return -1;
		push(in, path);
		return 0;
	}
	if (!mark(in, &st)) {
		if (!S_ISDIR(st.st_mode))
			weir_warn("'%s' is a file already read; read once",
			    path);
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		return walk(in, path, e);
	push(in, path);
	return 0;
}

int
weir_inputs_add(struct weir_inputs *in, const char *op, struct weir_err *e)
{
	struct stat st;
	glob_t g;
	size_t i;
	int rv;

	if (strcmp(op, "-") == 0) {
		push(in, op);
		return 0;
	}
	if (strpbrk(op, "*?[") != NULL && stat(op, &st) == -1) {
		rv = glob(op, 0, NULL, &g);
		if (rv == GLOB_NOMATCH)
			return weir_errf(e, EX_NOINPUT, "no files match '%s'", op);
		if (rv != 0)
			return weir_errf(e, EX_IOERR, "cannot expand '%s'", op);
		for (i = 0; i < g.gl_pathc && rv == 0; i++)
			rv = add_path(in, g.gl_pathv[i], e);
		globfree(&g);
		return rv;
	}
	return add_path(in, op, e);
}

void
weir_inputs_release(struct weir_inputs *in)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		free(in->path[i]);
	free(in->path);
	if (in->seen != NULL) {
		free(in->seen->dev);
		free(in->seen->ino);
		free(in->seen);
	}
	memset(in, 0, sizeof(*in));
}
